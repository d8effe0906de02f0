"""What the rest of Loket (views, admin, commands) may do with forms."""

from django.db import transaction
from django.dispatch import Signal

from forms_platform.registry import Registry

from .definition.io import canonical_json, digest, parse_definition
from .definition.validation import DefinitionError, InvalidDefinition, structural_errors, validate_definition
from .logic.describe import describe as describe_rule
from .models import Form, FormVersion, display_name
from .publishing import definition_problems, translation_warnings

__all__ = [
    "InvalidDefinition",
    "demo_loaded",
    "describe_rule",
    "export_definition",
    "import_definition",
    "parse_definition",
    "publish",
    "publish_checks",
    "publish_problems",
    "publish_warnings",
    "save_draft",
    "validate_definition",
]


# Other apps refuse a publish through a check ``check(form) -> list[DefinitionError]``
# registered here (registrations: a backend that is missing or misconfigured), so the
# builder never imports them.
publish_checks: Registry = Registry("publish check")
publish_checks.add("definition", definition_problems)

# Sent by ``load_demo`` with ``forms`` (the demo forms) once they are published, so other
# apps can set up their part of the demo (registrations: the e-mail backend).
demo_loaded = Signal()


def _check_slug(form: Form, definition: dict) -> None:
    if form.slug and definition.get("slug") != form.slug:
        raise InvalidDefinition([DefinitionError("$.slug", f"must stay {form.slug!r}, the slug of this form")])


def save_draft(form: Form, definition: dict) -> Form:
    """Validate and store ``definition`` as the form's draft."""
    validate_definition(definition)
    _check_slug(form, definition)
    form.draft = definition
    form.name = display_name(definition)
    form.save()
    return form


def publish_problems(form: Form) -> list[DefinitionError]:
    """Everything that keeps the draft from being published, all at once (empty: it may go live).

    The definition's own errors come first; the publish checks (the builder's and
    those other apps registered) run when its structure is sound, since they read it.
    """
    try:
        validate_definition(form.draft)
    except InvalidDefinition as invalid:
        problems = list(invalid.errors)
    else:
        problems = []
    if not structural_errors(form.draft):
        problems += [problem for check in publish_checks for problem in check(form)]
    return problems


def publish_warnings(form: Form) -> list[DefinitionError]:
    """What is worth fixing but does not block publishing (missing English translations)."""
    if structural_errors(form.draft):
        return []
    return translation_warnings(form.draft)


@transaction.atomic
def publish(form: Form, user=None) -> FormVersion:
    """Freeze the draft as the next version; publishing an unchanged draft is a no-op.

    ``form`` is updated in place, so the caller sees the new live version.
    """
    locked = Form.objects.select_for_update(of=("self",)).select_related("live_version").get(pk=form.pk)
    problems = publish_problems(locked)
    if problems:
        raise InvalidDefinition(problems)
    if locked.live_version and locked.live_version.digest == digest(locked.draft):
        version = locked.live_version
    else:
        last = locked.versions.order_by("-number").values_list("number", flat=True).first() or 0
        version = FormVersion.objects.create(form=locked, number=last + 1, definition=locked.draft, published_by=user)
        locked.live_version = version
        locked.save(update_fields=["live_version", "updated_at"])
    form.live_version = version
    return version


@transaction.atomic
def import_definition(definition: dict, *, publish_it: bool = False, user=None) -> tuple[Form, FormVersion | None]:
    """Create or update the form named by the definition's slug, optionally publishing it."""
    validate_definition(definition)
    form = Form.objects.filter(slug=definition["slug"]).first() or Form(slug=definition["slug"])
    save_draft(form, definition)
    version = publish(form, user) if publish_it else None
    return form, version


def export_definition(form: Form, *, draft: bool = False) -> str:
    """The canonical text of the live version (or the draft)."""
    if draft or form.live_version is None:
        return canonical_json(form.draft)
    return canonical_json(form.live_version.definition)
