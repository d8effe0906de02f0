"""What the database itself refuses: changing a received submission, its steps or its events.

Deleting stays possible, for retention.
"""

from forms_platform.db_guards import Guard

GUARDS = [
    Guard(
        name="submissions_received_is_final",
        table="submissions_submission",
        sqlite="""
            CREATE TRIGGER IF NOT EXISTS submissions_received_is_final
            BEFORE UPDATE ON submissions_submission WHEN OLD.status = 'received'
            BEGIN SELECT RAISE(ABORT, 'a received submission cannot be changed'); END""",
        postgresql_function="""
            CREATE OR REPLACE FUNCTION submissions_received_is_final() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'a received submission cannot be changed'
                    USING ERRCODE = 'integrity_constraint_violation';
            END $$""",
        postgresql_trigger="""
            CREATE TRIGGER submissions_received_is_final BEFORE UPDATE ON submissions_submission
            FOR EACH ROW WHEN (OLD.status = 'received') EXECUTE FUNCTION submissions_received_is_final()""",
    ),
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
    Guard(
        name="submissions_event_append_only",
        table="submissions_submissionevent",
        sqlite="""
            CREATE TRIGGER IF NOT EXISTS submissions_event_append_only
            BEFORE UPDATE ON submissions_submissionevent
            BEGIN SELECT RAISE(ABORT, 'submission events cannot be changed'); END""",
        postgresql_function="""
            CREATE OR REPLACE FUNCTION submissions_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'submission events cannot be changed' USING ERRCODE = 'integrity_constraint_violation';
            END $$""",
        postgresql_trigger="""
            CREATE TRIGGER submissions_event_append_only BEFORE UPDATE ON submissions_submissionevent
            FOR EACH ROW EXECUTE FUNCTION submissions_event_append_only()""",
    ),
]
