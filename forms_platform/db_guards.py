"""Database triggers that keep records fixed, installed after every ``migrate``.

Apps declare :class:`Guard` triggers for rules that must hold whatever code
path writes (a received submission, a published form version). The model
refuses the change too, with a clearer error; the trigger also stops bulk
updates and raw SQL.

Triggers are removed before ``migrate`` and installed again after it, because
SQLite rebuilds a table on most schema changes and would drop them silently or
trip over them mid-migration.
"""

from dataclasses import dataclass

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate, pre_migrate


@dataclass(frozen=True)
class Guard:
    name: str
    table: str
    sqlite: str
    """``CREATE TRIGGER IF NOT EXISTS <name> ...`` for SQLite."""
    postgresql_function: str | None = None
    """``CREATE OR REPLACE FUNCTION <name>() RETURNS trigger ...`` for PostgreSQL (None: SQLite only)."""
    postgresql_trigger: str | None = None
    """``CREATE TRIGGER <name> ... EXECUTE FUNCTION <name>()`` for PostgreSQL."""


def refuse_updates(name: str, table: str, message: str, when: str = "") -> Guard:
    """A guard that refuses every UPDATE of ``table`` (or those matching ``when``, in terms of OLD)."""
    sqlite_when = f"WHEN {when}" if when else ""
    pg_when = f"WHEN ({when})" if when else ""
    return Guard(
        name=name,
        table=table,
        sqlite=f"""
            CREATE TRIGGER IF NOT EXISTS {name} BEFORE UPDATE ON {table} {sqlite_when}
            BEGIN SELECT RAISE(ABORT, '{message}'); END""",
        postgresql_function=f"""
            CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION '{message}' USING ERRCODE = 'integrity_constraint_violation'; END $$""",
        postgresql_trigger=f"""
            CREATE TRIGGER {name} BEFORE UPDATE ON {table}
            FOR EACH ROW {pg_when} EXECUTE FUNCTION {name}()""",
    )


def refuse(name: str, table: str, operation: str, message: str, when: str) -> Guard:
    """A guard that refuses ``operation`` (INSERT, UPDATE or DELETE) of rows of ``table`` matching ``when``.

    ``when`` is an SQL condition in terms of OLD (DELETE) or NEW and may hold subqueries,
    so on PostgreSQL it is tested in the function body rather than in the trigger's WHEN.
    """
    row = "OLD" if operation == "DELETE" else "NEW"
    return Guard(
        name=name,
        table=table,
        sqlite=f"""
            CREATE TRIGGER IF NOT EXISTS {name} BEFORE {operation} ON {table} WHEN {when}
            BEGIN SELECT RAISE(ABORT, '{message}'); END""",
        postgresql_function=f"""
            CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF {when} THEN
                    RAISE EXCEPTION '{message}' USING ERRCODE = 'integrity_constraint_violation';
                END IF;
                RETURN {row};
            END $$""",
        postgresql_trigger=f"""
            CREATE TRIGGER {name} BEFORE {operation} ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()""",
    )


def _tables_exist(connection, guards: list[Guard]) -> bool:
    return set(connection.introspection.table_names()) >= {guard.table for guard in guards}


def install(connection, guards: list[Guard]) -> None:
    if not _tables_exist(connection, guards):
        return
    with connection.cursor() as cursor:
        for guard in guards:
            if connection.vendor == "sqlite":
                cursor.execute(guard.sqlite)
            elif connection.vendor == "postgresql" and guard.postgresql_trigger:
                cursor.execute(guard.postgresql_function)
                cursor.execute(f"DROP TRIGGER IF EXISTS {guard.name} ON {guard.table}")
                cursor.execute(guard.postgresql_trigger)


def remove(connection, guards: list[Guard]) -> None:
    if not _tables_exist(connection, guards):
        return
    with connection.cursor() as cursor:
        for guard in guards:
            if connection.vendor == "sqlite":
                cursor.execute(f"DROP TRIGGER IF EXISTS {guard.name}")
            elif connection.vendor == "postgresql" and guard.postgresql_trigger:
                cursor.execute(f"DROP TRIGGER IF EXISTS {guard.name} ON {guard.table}")


_protected: list[Guard] = []


def protected() -> list[Guard]:
    """Every guard an app has asked to keep installed (see ``protect``)."""
    return list(_protected)


def protect(app_config: AppConfig, guards: list[Guard]) -> None:
    """Keep ``guards`` installed on every database ``migrate`` runs on; call from ``ready()``."""
    _protected.extend(guard for guard in guards if guard not in _protected)

    def on_pre_migrate(sender, using, **kwargs):
        remove(connections[using], guards)

    def on_post_migrate(sender, using, **kwargs):
        install(connections[using], guards)

    pre_migrate.connect(on_pre_migrate, sender=app_config, weak=False, dispatch_uid=f"{app_config.label}-guards-off")
    post_migrate.connect(on_post_migrate, sender=app_config, weak=False, dispatch_uid=f"{app_config.label}-guards-on")
