"""Registration backends: plugins that deliver a received submission to a back-office system.

A backend lives in ``registrations/contrib/<name>/`` and registers itself on the
one plugin registry from its own app config::

    @backends.register("email")
    class EmailBackend(Backend): ...

Each backend declares its options as a JSON Schema (``options_schema``); editors'
options are validated against it when saved, with errors that name the field,
and ``check_options`` adds what a schema cannot say (an 11-proef, a service that
must exist). ``register(run)`` does the work, one external step at a time through
``run.step(...)``, which stores each step's result before the next starts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jsonschema import Draft202012Validator

from forms_platform.registry import Registry

if TYPE_CHECKING:
    from .run import RegistrationRun

__all__ = ["Backend", "OptionError", "backends", "option_errors"]

backends: Registry[Backend] = Registry("registration backend")


class OptionError(Exception):
    """One option of a backend's configuration is wrong; ``field`` names it."""

    def __init__(self, field: str, message: str):
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


class Backend:
    """The base of every registration backend."""

    id: str = ""
    label: str = ""
    options_schema: dict[str, Any] = {"type": "object"}

    def check_options(self, options: dict) -> list[OptionError]:
        """Checks beyond the schema; may query the database (services), never the network."""
        return []

    def register(self, run: RegistrationRun) -> None:
        raise NotImplementedError

    def summary(self, results: dict) -> str:
        """What staff see of a registered submission (e.g. the zaak's identificatie)."""
        return ""


def _field_name(error) -> str:
    path = ".".join(str(part) for part in error.absolute_path)
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else ""
        path = f"{path}.{missing}" if path else missing
    elif error.validator == "additionalProperties":
        extra = error.message.split("'")[1] if "'" in error.message else ""
        path = f"{path}.{extra}" if path else extra
    return path or "options"


_MESSAGES = {
    "required": "is verplicht",
    "additionalProperties": "is geen bekende optie",
    "type": "heeft het verkeerde type",
    "enum": "moet een van de toegestane waarden zijn",
    "minLength": "mag niet leeg zijn",
    "maxLength": "is te lang",
    "pattern": "heeft niet de goede vorm",
    "format": "heeft niet de goede vorm",
}


def option_errors(backend: Backend, options: Any, *, deep: bool = True) -> list[OptionError]:
    """Every problem with ``options`` for ``backend``, each naming its field (empty: fine).

    ``deep=False`` checks the schema only, not what ``check_options`` looks up (services).
    """
    validator = Draft202012Validator(backend.options_schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = [
        OptionError(_field_name(error), _MESSAGES.get(error.validator, error.message))
        for error in sorted(validator.iter_errors(options), key=lambda e: list(e.absolute_path))
    ]
    if errors or not isinstance(options, dict) or not deep:
        return errors
    return backend.check_options(options)
