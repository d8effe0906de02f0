"""What the database itself refuses: changing a received submission, its steps or its events.

Steps of a received submission cannot be added, changed or deleted one by one, and events
(the append-only history, which after-receipt work keeps adding to) cannot be changed or
deleted. Only the whole submission can be deleted, for retention: its row goes first, and
the steps and events of a submission that no longer exists may then go too. Foreign keys
are checked at commit, so that order is possible in one transaction;
``Submission.objects.delete()`` deletes in that order.
"""

from forms_platform.db_guards import Guard, refuse, refuse_updates

# The one change a received submission allows: its authentication context replaced by the
# pseudonymised one (authentication.py), once, with every other column as it was. PostgreSQL
# compares the whole row but that column; SQLite has no row values, so the columns are listed
# (read from the model when the guard is installed, so a new column is covered too).
_PSEUDONYMISING_PG = """
    (to_jsonb(NEW) - 'auth_context') = (to_jsonb(OLD) - 'auth_context')
    AND OLD.auth_context IS NOT NULL
    AND COALESCE(OLD.auth_context ->> 'pseudonymised', 'false') <> 'true'
    AND (NEW.auth_context ->> 'pseudonymised') = 'true'"""


def _pseudonymising_sqlite() -> str:
    from .models import Submission

    columns = [field.column for field in Submission._meta.concrete_fields if field.column != "auth_context"]
    unchanged = " AND ".join(f"NEW.{column} IS OLD.{column}" for column in columns)
    return f"""({unchanged}
        AND OLD.auth_context IS NOT NULL
        AND COALESCE(json_extract(OLD.auth_context, '$.pseudonymised'), 0) = 0
        AND json_extract(NEW.auth_context, '$.pseudonymised') = 1)"""


def _received_is_final() -> Guard:
    message = "a received submission cannot be changed"
    return Guard(
        name="submissions_received_is_final",
        table="submissions_submission",
        sqlite=f"""
            CREATE TRIGGER IF NOT EXISTS submissions_received_is_final BEFORE UPDATE ON submissions_submission
            WHEN OLD.status = 'received' AND NOT {_pseudonymising_sqlite()}
            BEGIN SELECT RAISE(ABORT, '{message}'); END""",
        postgresql_function=f"""
            CREATE OR REPLACE FUNCTION submissions_received_is_final() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NOT ({_PSEUDONYMISING_PG}) THEN
                    RAISE EXCEPTION '{message}' USING ERRCODE = 'integrity_constraint_violation';
                END IF;
                RETURN NEW;
            END $$""",
        postgresql_trigger="""
            CREATE TRIGGER submissions_received_is_final BEFORE UPDATE ON submissions_submission
            FOR EACH ROW WHEN (OLD.status = 'received') EXECUTE FUNCTION submissions_received_is_final()""",
    )


GUARDS = [
    _received_is_final(),
    Guard(
        name="submissions_step_after_receipt",
        table="submissions_submissionstep",
        # A step may not be added to, changed in, or moved into or out of a received submission.
        sqlite="""
            CREATE TRIGGER IF NOT EXISTS submissions_step_after_receipt
            BEFORE UPDATE ON submissions_submissionstep
            WHEN (SELECT status FROM submissions_submission WHERE id = OLD.submission_id) = 'received'
              OR (SELECT status FROM submissions_submission WHERE id = NEW.submission_id) = 'received'
            BEGIN SELECT RAISE(ABORT, 'a received submission cannot be changed'); END""",
        postgresql_function="""
            CREATE OR REPLACE FUNCTION submissions_step_after_receipt() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF (SELECT status FROM submissions_submission WHERE id = NEW.submission_id) = 'received'
                   OR (TG_OP = 'UPDATE'
                       AND (SELECT status FROM submissions_submission WHERE id = OLD.submission_id) = 'received')
                THEN RAISE EXCEPTION 'a received submission cannot be changed'
                    USING ERRCODE = 'integrity_constraint_violation';
                END IF;
                RETURN NEW;
            END $$""",
        postgresql_trigger="""
            CREATE TRIGGER submissions_step_after_receipt BEFORE INSERT OR UPDATE ON submissions_submissionstep
            FOR EACH ROW EXECUTE FUNCTION submissions_step_after_receipt()""",
    ),
    Guard(
        # SQLite needs a second trigger for inserts; on PostgreSQL the one above covers both.
        name="submissions_step_insert_after_receipt",
        table="submissions_submissionstep",
        sqlite="""
            CREATE TRIGGER IF NOT EXISTS submissions_step_insert_after_receipt
            BEFORE INSERT ON submissions_submissionstep
            WHEN (SELECT status FROM submissions_submission WHERE id = NEW.submission_id) = 'received'
            BEGIN SELECT RAISE(ABORT, 'a received submission cannot be changed'); END""",
    ),
    refuse_updates(
        "submissions_event_append_only", "submissions_submissionevent", "submission events cannot be changed"
    ),
    refuse(
        "submissions_step_delete_after_receipt",
        "submissions_submissionstep",
        "DELETE",
        "a received submission cannot be changed",
        when="(SELECT status FROM submissions_submission WHERE id = OLD.submission_id) = 'received'",
    ),
    refuse(
        "submissions_event_kept_with_submission",
        "submissions_submissionevent",
        "DELETE",
        "submission events cannot be deleted",
        when="EXISTS (SELECT 1 FROM submissions_submission WHERE id = OLD.submission_id)",
    ),
]

# The proof of a deletion (retention.py) is as fixed as the record it replaced.
GUARDS.append(
    refuse_updates("submissions_deletion_record_final", "submissions_deletionrecord", "deletion records are final")
)

# Attachments are part of what was received: none added, changed or deleted one by one once the
# submission is received; they go with the whole submission (its row first), like its steps.
_RECEIVED = "(SELECT status FROM submissions_submission WHERE id = {row}.submission_id) = 'received'"
GUARDS += [
    refuse(
        "submissions_attachment_insert_after_receipt",
        "submissions_attachment",
        "INSERT",
        "a received submission cannot be changed",
        when=_RECEIVED.format(row="NEW"),
    ),
    refuse(
        "submissions_attachment_update_after_receipt",
        "submissions_attachment",
        "UPDATE",
        "a received submission cannot be changed",
        when=_RECEIVED.format(row="OLD"),
    ),
    refuse(
        "submissions_attachment_delete_after_receipt",
        "submissions_attachment",
        "DELETE",
        "a received submission cannot be changed",
        when=_RECEIVED.format(row="OLD"),
    ),
]
