"""Database triggers that make received submissions and their events a fixed record.

The models refuse such changes too; the triggers also stop bulk updates, raw
SQL and any code path that forgets the rule. Deleting stays possible (retention).

The triggers are (re)installed after every ``migrate`` and removed before it,
because SQLite rebuilds a table on most schema changes and would otherwise
drop them silently or trip over them mid-migration.
"""

_SQLITE = {
    "submissions_received_is_final": """
        CREATE TRIGGER IF NOT EXISTS submissions_received_is_final
        BEFORE UPDATE ON submissions_submission WHEN OLD.status = 'received'
        BEGIN SELECT RAISE(ABORT, 'a received submission cannot be changed'); END""",
    "submissions_step_insert_after_receipt": """
        CREATE TRIGGER IF NOT EXISTS submissions_step_insert_after_receipt
        BEFORE INSERT ON submissions_submissionstep
        WHEN (SELECT status FROM submissions_submission WHERE id = NEW.submission_id) = 'received'
        BEGIN SELECT RAISE(ABORT, 'a received submission cannot be changed'); END""",
    "submissions_step_update_after_receipt": """
        CREATE TRIGGER IF NOT EXISTS submissions_step_update_after_receipt
        BEFORE UPDATE ON submissions_submissionstep
        WHEN (SELECT status FROM submissions_submission WHERE id = OLD.submission_id) = 'received'
          OR (SELECT status FROM submissions_submission WHERE id = NEW.submission_id) = 'received'
        BEGIN SELECT RAISE(ABORT, 'a received submission cannot be changed'); END""",
    "submissions_event_append_only": """
        CREATE TRIGGER IF NOT EXISTS submissions_event_append_only
        BEFORE UPDATE ON submissions_submissionevent
        BEGIN SELECT RAISE(ABORT, 'submission events cannot be changed'); END""",
}

_PG_FUNCTIONS = """
CREATE OR REPLACE FUNCTION submissions_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'a received submission cannot be changed' USING ERRCODE = 'integrity_constraint_violation';
END $$;
CREATE OR REPLACE FUNCTION submissions_refuse_step_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT status FROM submissions_submission WHERE id = NEW.submission_id) = 'received'
       OR (TG_OP = 'UPDATE' AND (SELECT status FROM submissions_submission WHERE id = OLD.submission_id) = 'received')
    THEN
        RAISE EXCEPTION 'a received submission cannot be changed' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE OR REPLACE FUNCTION submissions_refuse_event_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'submission events cannot be changed' USING ERRCODE = 'integrity_constraint_violation';
END $$;
"""
_PG = {
    ("submissions_received_is_final", "submissions_submission"): """
        CREATE TRIGGER submissions_received_is_final BEFORE UPDATE ON submissions_submission
        FOR EACH ROW WHEN (OLD.status = 'received') EXECUTE FUNCTION submissions_refuse_change()""",
    ("submissions_step_after_receipt", "submissions_submissionstep"): """
        CREATE TRIGGER submissions_step_after_receipt BEFORE INSERT OR UPDATE ON submissions_submissionstep
        FOR EACH ROW EXECUTE FUNCTION submissions_refuse_step_change()""",
    ("submissions_event_append_only", "submissions_submissionevent"): """
        CREATE TRIGGER submissions_event_append_only BEFORE UPDATE ON submissions_submissionevent
        FOR EACH ROW EXECUTE FUNCTION submissions_refuse_event_change()""",
}
_TABLES = {"submissions_submission", "submissions_submissionstep", "submissions_submissionevent"}


def _tables_exist(connection) -> bool:
    return set(connection.introspection.table_names()) >= _TABLES


def install(connection) -> None:
    if not _tables_exist(connection):
        return
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for statement in _SQLITE.values():
                cursor.execute(statement)
        elif connection.vendor == "postgresql":
            cursor.execute(_PG_FUNCTIONS)
            for (name, table), statement in _PG.items():
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
                cursor.execute(statement)


def remove(connection) -> None:
    if not _tables_exist(connection):
        return
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for name in _SQLITE:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        elif connection.vendor == "postgresql":
            for name, table in _PG:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")


def on_pre_migrate(sender, using, **kwargs) -> None:
    from django.db import connections

    remove(connections[using])


def on_post_migrate(sender, using, **kwargs) -> None:
    from django.db import connections

    install(connections[using])
