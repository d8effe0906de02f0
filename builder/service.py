"""What the rest of Loket (views, admin, commands) may do with forms."""

from django.db import transaction
from django.dispatch import Signal

from forms_platform.registry import Registry

from .definition.io import canonical_json, digest, parse_definition
from .definition.sections import CONFIGURATION_KEY, ExportSection
from .definition.validation import DefinitionError, InvalidDefinition, structural_errors, validate_definition
from .logic.describe import describe as describe_rule
from .models import Form, FormVersion, display_name
from .publishing import definition_problems, translation_warnings
from .versions import changes

__all__ = [
    "InvalidDefinition",
    "changes_between",
    "demo_loaded",
    "describe_rule",
    "duplicate_form",
    "export_definition",
    "export_sections",
    "form_settings_sections",
    "import_definition",
    "new_form",
    "parse_definition",
    "publish",
    "publish_checks",
    "publish_problems",
    "publish_warnings",
    "restore_version",
    "save_draft",
    "validate_definition",
]


# Other apps refuse a publish through a check ``check(form) -> list[DefinitionError]``
# registered here (registrations: a backend that is missing or misconfigured), so the
# builder never imports them.
publish_checks: Registry = Registry("publish check")
publish_checks.add("definition", definition_problems)

# Other apps add their part of a form's settings to the builder's settings page (login options,
# registration backends) with a section registered here; see builder/editor/sections.py for
# what a section is. The builder shows and saves them without importing those apps.
form_settings_sections: Registry = Registry("form settings section")

# Per-form configuration of other apps that travels with the export (definition/sections.py).
export_sections: Registry[ExportSection] = Registry("export section")

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


def _split_configuration(definition: dict) -> tuple[dict, dict]:
    """The definition proper, and the other apps' sections (checked; an unknown one is an error)."""
    if not isinstance(definition, dict) or CONFIGURATION_KEY not in definition:
        return definition, {}
    definition = dict(definition)
    configuration = definition.pop(CONFIGURATION_KEY)
    if not isinstance(configuration, dict):
        raise InvalidDefinition([DefinitionError(f"$.{CONFIGURATION_KEY}", "must be an object of sections")])
    problems = []
    for key, data in configuration.items():
        section = export_sections.get(key)
        path = f"$.{CONFIGURATION_KEY}.{key}"
        if section is None:
            problems.append(DefinitionError(path, f"unknown section (known: {', '.join(export_sections.ids())})"))
        else:
            problems.extend(section.problems(data, path))
    if problems:
        raise InvalidDefinition(problems)
    return definition, configuration


@transaction.atomic
def import_definition(definition: dict, *, publish_it: bool = False, user=None) -> tuple[Form, FormVersion | None]:
    """Create or update the form named by the definition's slug, optionally publishing it.

    The export's ``configuration`` (other apps' sections) is applied before publishing, so
    the publish checks see it; everything is checked before anything is written.
    """
    definition, configuration = _split_configuration(definition)
    validate_definition(definition)
    form = Form.objects.filter(slug=definition["slug"]).first() or Form(slug=definition["slug"])
    save_draft(form, definition)
    for key, data in configuration.items():
        export_sections[key].load(form, data)
    version = publish(form, user) if publish_it else None
    return form, version


def export_definition(form: Form, *, draft: bool = False) -> str:
    """The canonical text of the live version (or the draft), with the other apps' sections."""
    definition = form.draft if draft or form.live_version is None else form.live_version.definition
    configuration = {key: data for key, section in export_sections.items() if (data := section.export(form))}
    if configuration:
        definition = {**definition, CONFIGURATION_KEY: configuration}
    return canonical_json(definition)


def restore_version(form: Form, version: FormVersion) -> Form:
    """Make an earlier version the draft again; publishing it makes a new version.

    Submissions keep the version they started on: nothing published changes.
    """
    if version.form_id != form.pk:
        raise ValueError(f"{version} is not a version of {form.slug}")
    return save_draft(form, version.definition)


def changes_between(old: dict, new: dict) -> list[str]:
    """The differences between two definitions, one sentence each (the "wijzigingen" view)."""
    return changes(old, new)


@transaction.atomic
def duplicate_form(form: Form, slug: str) -> Form:
    """A new, unpublished form with a copy of ``form``'s draft and settings under ``slug``."""
    definition = {**form.draft, "slug": slug, "name": _copy_name(form.draft["name"])}
    copy = Form(
        slug=slug,
        is_active=form.is_active,
        draft_retention_days=form.draft_retention_days,
        retention_days=form.retention_days,
    )
    copy.full_clean(exclude=["name", "draft"])
    return save_draft(copy, definition)


def _copy_name(name: str | dict) -> str | dict:
    if isinstance(name, dict):
        return {language: f"{text} (kopie)" for language, text in name.items()}
    return f"{name} (kopie)"


def new_form(slug: str, name: str, reference_prefix: str, first_step: str = "Uw gegevens") -> Form:
    """A new, unpublished form with one empty step, for the builder to fill."""
    definition = {
        "format": "loket-form/1",
        "slug": slug,
        "name": name,
        "settings": {"reference_prefix": reference_prefix},
        "steps": [
            {
                "key": "stap_1",
                "title": first_step,
                "schema": {"type": "object", "properties": {}},
                "ui": {"order": [], "fields": {}},
            }
        ],
    }
    form = Form(slug=slug)
    form.full_clean(exclude=["name", "draft"])
    return save_draft(form, definition)
