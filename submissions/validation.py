"""Turn a posted step into data and check it against the step's JSON Schema.

Parsing reads only the fields the step defines, so unknown POST keys are
ignored. Messages name the field, following the NL Design System guidance for
error messages; they are Dutch msgids, translated to the citizen's language.
"""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext, gettext_lazy
from jsonschema import ValidationError

from builder.kinds import Posted
from builder.spec import Field, Step
from builder.state import FormState
from builder.text import localize

__all__ = ["StepResult", "in_item", "message_for", "validate_post"]

FORMAT_MESSAGES = {
    "email": gettext_lazy("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl."),
    "date": gettext_lazy("Vul een bestaande datum in, zoals 20-02-2026."),
    "phone": gettext_lazy("Vul een geldig telefoonnummer in, zoals 020 123 4567 of +31 6 12345678."),
    "nl-bsn": gettext_lazy("Vul een geldig burgerservicenummer (BSN) in: 9 cijfers."),
    "nl-postcode": gettext_lazy("Vul een geldige postcode in, zoals 1234 AB."),
    "iban": gettext_lazy("Vul een geldig IBAN-rekeningnummer in, zoals NL91 ABNA 0417 1643 00."),
}


@dataclass
class StepResult:
    data: dict[str, Any]
    errors: dict[str, str] = field(default_factory=dict)
    raw: dict[str, list[str]] = field(default_factory=dict)
    state: FormState | None = None
    """The form state with these answers: the page is shown again with the fields it makes apply."""

    @property
    def is_valid(self) -> bool:
        return not self.errors


def validate_post(state: FormState, step: Step, values, files=None, owner: Any = None) -> StepResult:
    """Parse the posted values and files of ``step`` and validate them against the form's rules.

    Every field of the step is read, since what the citizen answers on this page
    may show a field the page was rendered without. The rules are then
    evaluated with the posted answers; values of fields hidden by them are
    dropped and values they set are filled in before validation. ``owner`` is
    the submission posted files are stored for.
    """
    posted = Posted(values, files, owner=owner, scope=step.key)
    parsed = posted.read(step.fields)
    after = state.with_step(step, parsed)
    data = after.clean(step, parsed)
    # A hidden field is read with its step; what it holds does not count.
    errors = {
        path: in_item(step, path, message)
        for path, message in posted.errors.items()
        if path not in step.by_path or after.shows(step, step.by_path[path])
    }
    result = StepResult(data=data, errors=errors, raw=posted.raw, state=after)
    for error in after.validator(step).iter_errors(result.data):
        for path, item in _locate(step, error):
            if path not in result.errors:
                message = message_for(item, error) if item else gettext("Dit antwoord is niet geldig.")
                result.errors[path] = in_item(step, path, message)
    for path, message in _kind_problems(after, step, step.fields, result.data, ()):
        if path not in result.errors:
            result.errors[path] = in_item(step, path, message)
    return result


def _kind_problems(state: FormState, step: Step, fields: tuple[Field, ...], values: Any, prefix: tuple[str, ...]):
    """(path, message) for every answer that breaks a rule its kind checks itself (``FieldKind.value_problem``).

    Runs on the cleaned data, so hidden fields are already gone; walks into
    fieldsets and into every item of a repeating group (its index in the path).
    """
    if not isinstance(values, dict):
        return
    for item in fields:
        if item.name not in values:
            continue
        value = values[item.name]
        path = (*prefix, item.name)
        if item.children and item.kind.repeats and isinstance(value, list):
            for index, entry in enumerate(value):
                yield from _kind_problems(state, step, item.children, entry, (*path, str(index)))
        elif item.children:
            yield from _kind_problems(state, step, item.children, value, path)
        else:
            message = item.kind.value_problem(item, value, state.today)
            if message:
                yield ".".join(path), message


def _locate(step: Step, error: ValidationError) -> list[tuple[str, Field | None]]:
    """The field path(s) an error belongs to; a ``required`` error names every missing field."""
    parts = [str(part) for part in error.absolute_path]
    if error.validator == "required" and isinstance(error.instance, dict):
        missing = [name for name in error.validator_value if name not in error.instance]
        return [_nearest(step, [*parts, name]) for name in missing]
    return [_nearest(step, parts)]


def _nearest(step: Step, parts: list[str]) -> tuple[str, Field | None]:
    """The deepest field an error path reaches, as it is named on the page.

    Checkbox lists report errors on an item index: they point at the field itself.
    A repeating group's index stays in the path (``kinderen.1.naam``): it names the item.
    """
    kept: list[str] = []
    template: list[str] = []
    found: Field | None = None
    for part in parts:
        if part.isdigit() and found is not None and found.kind.repeats:
            kept.append(part)
            continue
        candidate = ".".join([*template, part])
        if candidate not in step.by_path:
            break
        template.append(part)
        kept.append(part)
        found = step.by_path[candidate]
    while kept and kept[-1].isdigit():
        kept.pop()
    return ".".join(kept), found


def in_item(step: Step, path: str, message: str) -> str:
    """``message`` prefixed with the item it is about (``Kind 2: ...``) when ``path`` is inside a repeating group."""
    parts = path.split(".")
    for end in range(len(parts) - 1, 0, -1):
        group = step.by_path.get(".".join(part for part in parts[:end] if not part.isdigit()))
        if group is not None and group.kind.repeats and parts[end].isdigit():
            return f"{group.kind.item_label(group, int(parts[end]))}: {message}"
    return message


def message_for(item: Field, error: ValidationError) -> str:
    custom = item.ui.get("messages", {}).get(str(error.validator))
    if custom:
        return localize(custom)
    label = item.label
    value = error.validator_value
    match error.validator:
        case "required":
            return gettext(item.kind.required_message).format(label=label)
        case "minItems" if item.kind.has_choices and value == 1:
            return gettext(item.kind.required_message).format(label=label)
        case "minItems" if item.kind.repeats:
            return gettext("Vul bij ‘{label}’ minstens {value} in; u heeft er nu {count}.").format(
                label=label, value=value, count=len(error.instance)
            )
        case "maxItems" if item.kind.repeats:
            return gettext("Bij ‘{label}’ kunnen hoogstens {value} worden ingevuld; u heeft er nu {count}.").format(
                label=label, value=value, count=len(error.instance)
            )
        case "const":
            return gettext("Vink ‘{label}’ aan.").format(label=label)
        case "format":
            return str(
                FORMAT_MESSAGES.get(value) or gettext("‘{label}’ heeft niet de juiste vorm.").format(label=label)
            )
        case "minLength":
            return gettext("‘{label}’ moet minstens {value} tekens lang zijn.").format(label=label, value=value)
        case "maxLength":
            return gettext("‘{label}’ mag hoogstens {value} tekens lang zijn; u heeft er nu {count}.").format(
                label=label, value=value, count=len(error.instance)
            )
        case "minimum":
            return gettext("‘{label}’ moet {value} of meer zijn.").format(label=label, value=value)
        case "maximum":
            return gettext("‘{label}’ moet {value} of minder zijn.").format(label=label, value=value)
        case "exclusiveMinimum":
            return gettext("‘{label}’ moet meer dan {value} zijn.").format(label=label, value=value)
        case "exclusiveMaximum":
            return gettext("‘{label}’ moet minder dan {value} zijn.").format(label=label, value=value)
        case "enum":
            return gettext("Kies een van de mogelijkheden bij ‘{label}’.").format(label=label)
        case "minItems":
            return gettext("Kies er minstens {value} bij ‘{label}’.").format(value=value, label=label)
        case "maxItems":
            return gettext("Kies er hoogstens {value} bij ‘{label}’.").format(value=value, label=label)
        case "pattern":
            return gettext("‘{label}’ heeft niet de juiste vorm.").format(label=label)
    return gettext("‘{label}’ is niet geldig.").format(label=label)
