"""Database triggers that make a received submission a fixed record.

The model refuses changes too; these triggers also stop bulk updates, raw SQL
and any future code path that forgets the rule. Deleting stays possible, for
retention.
"""

from django.db import migrations

SQLITE = [
    """
    CREATE TRIGGER submissions_received_is_final
    BEFORE UPDATE ON submissions_submission
    WHEN OLD.status = 'received'
    BEGIN SELECT RAISE(ABORT, 'a received submission cannot be changed'); END
    """,
    """
    CREATE TRIGGER submissions_step_insert_after_receipt
    BEFORE INSERT ON submissions_submissionstep
    WHEN (SELECT status FROM submissions_submission WHERE id = NEW.submission_id) = 'received'
    BEGIN SELECT RAISE(ABORT, 'a received submission cannot be changed'); END
    """,
    """
    CREATE TRIGGER submissions_step_update_after_receipt
    BEFORE UPDATE ON submissions_submissionstep
    WHEN (SELECT status FROM submissions_submission WHERE id = OLD.submission_id) = 'received'
    BEGIN SELECT RAISE(ABORT, 'a received submission cannot be changed'); END
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER submissions_received_is_final",
    "DROP TRIGGER submissions_step_insert_after_receipt",
    "DROP TRIGGER submissions_step_update_after_receipt",
]

POSTGRESQL = [
    """
    CREATE FUNCTION submissions_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'a received submission cannot be changed' USING ERRCODE = 'integrity_constraint_violation';
    END $$
    """,
    """
    CREATE FUNCTION submissions_refuse_step_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF (SELECT status FROM submissions_submission WHERE id = NEW.submission_id) = 'received' THEN
            RAISE EXCEPTION 'a received submission cannot be changed' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END $$
    """,
    """
    CREATE TRIGGER submissions_received_is_final BEFORE UPDATE ON submissions_submission
    FOR EACH ROW WHEN (OLD.status = 'received') EXECUTE FUNCTION submissions_refuse_change()
    """,
    """
    CREATE TRIGGER submissions_step_after_receipt BEFORE INSERT OR UPDATE ON submissions_submissionstep
    FOR EACH ROW EXECUTE FUNCTION submissions_refuse_step_change()
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER submissions_step_after_receipt ON submissions_submissionstep",
    "DROP TRIGGER submissions_received_is_final ON submissions_submission",
    "DROP FUNCTION submissions_refuse_step_change()",
    "DROP FUNCTION submissions_refuse_change()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("submissions", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        )
    ]
