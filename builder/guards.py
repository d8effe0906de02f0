"""What the database itself refuses: changing a published form version."""

from forms_platform.db_guards import refuse_updates

GUARDS = [
    refuse_updates("builder_version_is_frozen", "builder_formversion", "a published form version cannot be changed"),
]
