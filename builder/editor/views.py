"""The builder's admin pages: thin views over ``operations`` and ``builder.service``.

Every change is a form POST (the page works without JavaScript); the result is
validated as a whole definition and only then saved as the draft. A refused change
re-shows the page with the editor's input and every problem, and stores nothing.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from .. import service
from ..kinds import field_kinds
from ..models import Form, FormVersion
from ..spec import FormSpec
from ..state import FormState
from ..text import localize
from . import operations
from .properties import PropertiesForm
from .rules import RuleForm, add_rule, describe_rules, remove_rule


def _form_for(admin, request: HttpRequest, pk: int, *, change: bool) -> Form:
    form = admin.get_object(request, str(pk))
    if form is None:
        raise Http404("no such form")
    allowed = admin.has_change_permission(request, form) if change else admin.has_view_permission(request, form)
    if not allowed:
        raise PermissionDenied
    return form


def _builder_url(form: Form, step: str = "", field: str = "") -> str:
    url = reverse("admin:builder_form_builder", args=[form.pk])
    query = "&".join(f"{name}={value}" for name, value in (("step", step), ("field", field)) if value)
    return f"{url}?{query}" if query else url


def _rows(schema: dict, ui: dict, prefix: str = "", depth: int = 0) -> list[dict]:
    """The fields of a group for the list, nested groups flattened with their depth."""
    rows = []
    required = set(schema.get("required", []))
    for position, name in enumerate(ui["order"]):
        field_ui = ui["fields"][name]
        kind = field_kinds[field_ui["kind"]]
        path = f"{prefix}{name}"
        rows.append(
            {
                "path": path,
                "name": name,
                "group": prefix.rstrip("."),
                "label": localize(field_ui.get("label") or field_ui.get("content"), "nl"),
                "kind": kind,
                "required": name in required,
                "depth": depth,
                "first": position == 0,
                "last": position == len(ui["order"]) - 1,
            }
        )
        if kind.has_children:
            rows += _rows(schema["properties"].get(name, {}), field_ui, f"{path}.", depth + 1)
    return rows


def _context(admin, request, form: Form, definition: dict, step_key: str, field_path: str, panel=None, **extra):
    steps = definition["steps"]
    step = next((s for s in steps if s["key"] == step_key), steps[0])
    if panel is None and field_path:
        try:
            schema, ui, required = operations.field_at(definition, step["key"], field_path)
        except operations.EditError:
            field_path = ""
        else:
            panel = PropertiesForm(field_kinds[ui["kind"]], schema, ui, required)
    groups = [row for row in _rows(step["schema"], step["ui"]) if row["kind"].has_children]
    return {
        **admin.admin_site.each_context(request),
        "opts": admin.model._meta,
        "original": form,
        "title": _("Builder: %(name)s") % {"name": form.name},
        "form": form,
        "steps": [{"key": s["key"], "title": localize(s["title"], "nl")} for s in steps],
        "step": step,
        "step_title": localize(step["title"], "nl"),
        "step_description": localize(step.get("description"), "nl"),
        "rows": _rows(step["schema"], step["ui"]),
        "groups": groups,
        "palette": field_kinds.items(),
        "field_path": field_path,
        "panel": panel,
        "has_changes": form.has_unpublished_changes,
        **extra,
    }


def builder(admin, request: HttpRequest, pk: int) -> HttpResponse:
    form = _form_for(admin, request, pk, change=request.method == "POST")
    step_key, field_path = request.GET.get("step", ""), request.GET.get("field", "")
    if request.method != "POST":
        context = _context(admin, request, form, form.draft, step_key, field_path)
        return render(request, "admin/builder/form/builder.html", context)
    action = request.POST.get("action", "")
    if action == "publish":
        return _publish(request, form, step_key)
    handler = ACTIONS.get(action.partition(":")[0])
    if handler is None:
        messages.error(request, _("Unknown change: %(action)s.") % {"action": action})
        return HttpResponseRedirect(_builder_url(form, step_key, field_path))
    try:
        changed, step_key, field_path, panel = handler(form.draft, request, step_key, field_path)
        if panel is not None and not panel.is_valid():
            raise _PanelInvalid(panel)
        if panel is not None:
            changed = operations.update_field(changed, step_key, field_path, panel.apply)
        service.save_draft(form, changed)
    except _PanelInvalid as refused:
        context = _context(admin, request, form, form.draft, step_key, field_path, panel=refused.panel)
        return render(request, "admin/builder/form/builder.html", context, status=400)
    except service.InvalidDefinition as invalid:
        if panel_for := _panel_of(invalid, request, form, step_key, field_path):
            context = _context(admin, request, form, form.draft, step_key, field_path, panel=panel_for)
            return render(request, "admin/builder/form/builder.html", context, status=400)
        messages.error(request, _("Not saved: %(problems)s") % {"problems": "; ".join(map(str, invalid.errors))})
    except operations.EditError as problem:
        messages.error(request, str(problem))
    else:
        messages.success(request, _("Saved to the draft."))
    return HttpResponseRedirect(_builder_url(form, step_key, field_path))


def _publish(request: HttpRequest, form: Form, step_key: str) -> HttpResponse:
    try:
        version = service.publish(form, request.user)
    except service.InvalidDefinition as invalid:
        for problem in invalid.errors:
            messages.error(request, _("Not published: %(problem)s") % {"problem": problem})
    else:
        messages.success(request, _("Published version %(n)s.") % {"n": version.number})
        for warning in service.publish_warnings(form):
            messages.warning(request, _("Worth fixing: %(warning)s") % {"warning": warning})
    return HttpResponseRedirect(_builder_url(form, step_key))


class _PanelInvalid(Exception):
    def __init__(self, panel):
        self.panel = panel


def _panel_of(invalid, request, form: Form, step_key: str, field_path: str):
    """The property panel again, bound to what was posted, with the definition's problems on it."""
    if request.POST.get("action") != "update_field" or not field_path:
        return None
    schema, ui, required = operations.field_at(form.draft, step_key, field_path)
    panel = PropertiesForm(field_kinds[ui["kind"]], schema, ui, required, request.POST)
    panel.is_valid()
    for error in invalid.errors:
        key = str(error.path).rpartition(".")[2]
        target = key if key in panel.fields else None
        panel.add_error(target, f"{error}" if target is None else error.message)
    return panel


def _step_of(request) -> str:
    return request.POST.get("step", "")


def _add_step(definition, request, step_key, field_path):
    title = request.POST.get("title", "").strip()
    if not title:
        raise operations.EditError(_("Give the new step a title."))
    changed, key = operations.add_step(definition, title)
    return changed, key, "", None


def _update_step(definition, request, step_key, field_path):
    title = request.POST.get("title", "").strip()
    if not title:
        raise operations.EditError(_("A step needs a title."))
    key = _step_of(request)
    return operations.update_step(definition, key, title, request.POST.get("description", "").strip()), key, "", None


def _move_step(definition, request, step_key, field_path):
    key, offset = _target(request)
    return operations.move_step(definition, key, offset), key, "", None


def _remove_step(definition, request, step_key, field_path):
    key = request.POST["action"].partition(":")[2]
    return operations.remove_step(definition, key), "", "", None


def _add_field(definition, request, step_key, field_path):
    key = _step_of(request)
    kind = request.POST.get("kind", "")
    label = request.POST.get("label", "").strip() or str(getattr(field_kinds.get(kind), "title", "") or kind)
    changed, path = operations.add_field(definition, key, kind, label, request.POST.get("group", ""))
    return changed, key, path, None


def _update_field(definition, request, step_key, field_path):
    key, path = _step_of(request), request.POST.get("field", "")
    schema, ui, required = operations.field_at(definition, key, path)
    panel = PropertiesForm(field_kinds[ui["kind"]], schema, ui, required, request.POST)
    return definition, key, path, panel


def _target(request) -> tuple[str, int]:
    target, _sep, direction = request.POST["action"].partition(":")[2].rpartition(":")
    return target, -1 if direction == "up" else 1


def _move_field(definition, request, step_key, field_path):
    key = _step_of(request)
    path, offset = _target(request)
    return operations.move_field(definition, key, path, offset), key, field_path, None


def _reorder(definition, request, step_key, field_path):
    key = _step_of(request)
    names = request.POST.getlist("order")
    return operations.reorder_fields(definition, key, request.POST.get("group", ""), names), key, field_path, None


def _remove_field(definition, request, step_key, field_path):
    key = _step_of(request)
    path = request.POST["action"].partition(":")[2]
    return operations.remove_field(definition, key, path), key, "", None


ACTIONS = {
    "add_step": _add_step,
    "update_step": _update_step,
    "move_step": _move_step,
    "remove_step": _remove_step,
    "add_field": _add_field,
    "update_field": _update_field,
    "move_field": _move_field,
    "reorder": _reorder,
    "remove_field": _remove_field,
}


def preview(admin, request: HttpRequest, pk: int, step_key: str = "") -> HttpResponse:
    """A step of the draft as citizens will see it, rendered by the citizen templates."""
    # The citizen pages' own binding of fields to answers: the preview is that page, empty.
    from submissions import rendering

    form = _form_for(admin, request, pk, change=False)
    spec = FormSpec(form.draft)
    step = spec.step(step_key) if step_key and spec.has_step(step_key) else spec.steps[0]
    state = FormState(spec, {})
    context = {
        "form": form,
        "spec": spec,
        "step": step,
        "fields": rendering.bind(state, step, {}),
        "steps": spec.steps,
        "builder_url": _builder_url(form, step.key),
    }
    return render(request, "admin/builder/form/preview.html", context)


def settings_page(admin, request: HttpRequest, pk: int) -> HttpResponse:
    form = _form_for(admin, request, pk, change=request.method == "POST")
    data = request.POST if request.method == "POST" else None
    sections = [(section, section.form(form, data)) for section in service.form_settings_sections]
    problems: list[str] = []
    if request.method == "POST" and all(bound.is_valid() for _section, bound in sections):
        try:
            with transaction.atomic():
                for section, bound in sections:
                    section.save(form, bound)
        except service.InvalidDefinition as invalid:
            problems = [str(error) for error in invalid.errors]
            form.refresh_from_db()
        else:
            messages.success(request, _("Settings saved to the draft."))
            return HttpResponseRedirect(reverse("admin:builder_form_settings", args=[form.pk]))
    context = {
        **admin.admin_site.each_context(request),
        "opts": admin.model._meta,
        "original": form,
        "form": form,
        "title": _("Settings: %(name)s") % {"name": form.name},
        "sections": sections,
        "problems": problems,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "admin/builder/form/settings.html", context, status=status)


def versions(admin, request: HttpRequest, pk: int) -> HttpResponse:
    """The "wijzigingen" between any two versions (or the draft), and restoring one as the draft."""
    form = _form_for(admin, request, pk, change=request.method == "POST")
    all_versions = list(form.versions.order_by("-number").only("pk", "number", "published_at", "form_id"))
    if request.method == "POST":
        version = get_object_or_404(FormVersion, form=form, number=request.POST.get("restore"))
        service.restore_version(form, version)
        messages.success(
            request, _("Version %(n)s is the draft again; publish it to make it live.") % {"n": version.number}
        )
        return HttpResponseRedirect(_builder_url(form))

    def definition_of(choice: str) -> dict | None:
        if choice == "draft":
            return form.draft
        version = FormVersion.objects.filter(form=form, number=choice if choice.isdigit() else -1).first()
        return version.definition if version else None

    numbers = [str(v.number) for v in all_versions]
    old_choice = request.GET.get("from") or (numbers[0] if numbers else "draft")
    new_choice = request.GET.get("to") or "draft"
    old, new = definition_of(old_choice), definition_of(new_choice)
    context = {
        **admin.admin_site.each_context(request),
        "opts": admin.model._meta,
        "original": form,
        "form": form,
        "title": _("Versions: %(name)s") % {"name": form.name},
        "versions": all_versions,
        "choices": [("draft", _("draft")), *((n, _("version %(n)s") % {"n": n}) for n in numbers)],
        "old_choice": old_choice,
        "new_choice": new_choice,
        "changes": service.changes_between(old, new) if old and new else None,
    }
    return render(request, "admin/builder/form/versions.html", context)


def duplicate(admin, request: HttpRequest, pk: int) -> HttpResponse:
    """ "Dupliceren": a copy of the form's draft under a new slug, unpublished."""
    form = _form_for(admin, request, pk, change=False)
    if not admin.has_add_permission(request):
        raise PermissionDenied
    error = ""
    slug = request.POST.get("slug", "").strip() if request.method == "POST" else f"{form.slug}-kopie"[:80]
    if request.method == "POST":
        try:
            copy = service.duplicate_form(form, slug)
        except ValidationError as invalid:
            error = "; ".join(message for messages_ in invalid.message_dict.values() for message in messages_)
        except service.InvalidDefinition as invalid:
            error = "; ".join(str(problem) for problem in invalid.errors)
        else:
            messages.success(request, _("Copied to %(slug)s; it is not published yet.") % {"slug": copy.slug})
            return HttpResponseRedirect(_builder_url(copy))
    context = {
        **admin.admin_site.each_context(request),
        "opts": admin.model._meta,
        "original": form,
        "form": form,
        "title": _("Duplicate: %(name)s") % {"name": form.name},
        "slug": slug,
        "error": error,
    }
    return render(request, "admin/builder/form/duplicate.html", context, status=400 if error else 200)


class NewForm(forms.Form):
    name = forms.CharField(label=_lazy("Name"), max_length=200, help_text=_lazy("The title citizens see."))
    slug = forms.SlugField(
        label=_lazy("Slug"),
        max_length=80,
        help_text=_lazy("The form's address: /formulieren/<slug>/. Lowercase letters, digits and hyphens."),
    )
    reference_prefix = forms.RegexField(
        label=_lazy("Reference prefix"),
        regex=r"^[A-Z]{2,5}$",
        help_text=_lazy("2 to 5 capital letters, the first part of every reference."),
        error_messages={"invalid": _lazy("Use 2 to 5 capital letters, such as BZW.")},
    )


def new(admin, request: HttpRequest) -> HttpResponse:
    """A new form from a name, a slug and a reference prefix: no JSON; the builder takes over."""
    if not admin.has_add_permission(request):
        raise PermissionDenied
    bound = NewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and bound.is_valid():
        data = bound.cleaned_data
        try:
            form = service.new_form(data["slug"], data["name"], data["reference_prefix"])
        except ValidationError as invalid:
            for field, problems in invalid.message_dict.items():
                bound.add_error(field if field in bound.fields else None, problems)
        except service.InvalidDefinition as invalid:
            bound.add_error(None, [str(problem) for problem in invalid.errors])
        else:
            messages.success(request, _("Form created. Add its fields here."))
            return HttpResponseRedirect(_builder_url(form))
    context = {
        **admin.admin_site.each_context(request),
        "opts": admin.model._meta,
        "title": _("New form"),
        "new_form": bound,
        "import_url": reverse("admin:builder_form_add") + "?json=1",
    }
    return render(request, "admin/builder/form/new.html", context, status=400 if bound.errors else 200)


def rules_page(admin, request: HttpRequest, pk: int) -> HttpResponse:
    """The form's logic rules as sentences, and a form to add one ("als ... dan ...")."""
    form = _form_for(admin, request, pk, change=request.method == "POST")
    bound = RuleForm(form.draft, request.POST if request.POST.get("action") == "add_rule" else None)
    problems: list[str] = []
    if request.method == "POST":
        try:
            if request.POST.get("action") == "add_rule":
                if bound.is_valid():
                    service.save_draft(form, add_rule(form.draft, bound.cleaned_data["rule"]))
                    messages.success(request, _("Rule added to the draft."))
                    return HttpResponseRedirect(reverse("admin:builder_form_rules", args=[form.pk]))
            else:
                index = int(request.POST.get("action", "").removeprefix("remove_rule:"))
                service.save_draft(form, remove_rule(form.draft, index))
                messages.success(request, _("Rule removed from the draft."))
                return HttpResponseRedirect(reverse("admin:builder_form_rules", args=[form.pk]))
        except service.InvalidDefinition as invalid:
            problems = [str(problem) for problem in invalid.errors]
        except (ValueError, IndexError):
            problems = [_("There is no such rule.")]
    context = {
        **admin.admin_site.each_context(request),
        "opts": admin.model._meta,
        "original": form,
        "form": form,
        "title": _("Rules: %(name)s") % {"name": form.name},
        "rules": describe_rules(form.draft),
        "rule_form": bound,
        "problems": problems,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "admin/builder/form/rules.html", context, status=status)
