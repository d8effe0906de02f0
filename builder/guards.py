"""What the database itself refuses: changing a published form version."""

from forms_platform.db_guards import Guard

GUARDS = [
    Guard(
        name="builder_version_is_frozen",
        table="builder_formversion",
        sqlite="""
            CREATE TRIGGER IF NOT EXISTS builder_version_is_frozen
            BEFORE UPDATE ON builder_formversion
            BEGIN SELECT RAISE(ABORT, 'a published form version cannot be changed'); END""",
        postgresql_function="""
            CREATE OR REPLACE FUNCTION builder_version_is_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'a published form version cannot be changed'
                    USING ERRCODE = 'integrity_constraint_violation';
            END $$""",
        postgresql_trigger="""
            CREATE TRIGGER builder_version_is_frozen BEFORE UPDATE ON builder_formversion
            FOR EACH ROW EXECUTE FUNCTION builder_version_is_frozen()""",
    ),
]
