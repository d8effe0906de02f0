import json
from functools import lru_cache, partial

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.templatetags.static import static
from django.urls import get_script_prefix, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import service
from .editor import views as editor
from .models import Form, FormVersion


class DefinitionField(forms.JSONField):
    """The draft as JSON text, read by the one definition parser.

    Django's own JSON field says only "Enter a valid JSON." and recurses without
    limit (a deeply nested draft was a server error); this one says where the text
    is wrong (line and column) and refuses text that is too long or too deep.
    """

    def to_python(self, value):
        if self.disabled or value in self.empty_values or isinstance(value, dict | list):
            return super().to_python(value)
        try:
            return service.parse_definition(value)
        except service.InvalidDefinition as exc:
            raise ValidationError([str(error) for error in exc.errors], code="invalid") from None

    def prepare_value(self, value):
        # Pretty-printed, so an editor reads the JSON view line by line and errors' line numbers help.
        if isinstance(value, forms.fields.InvalidJSONInput):
            return value
        return json.dumps(value, ensure_ascii=False, indent=2)

    def bound_data(self, data, initial):
        # Shown again as typed when it cannot be parsed, so the editor's text is never lost.
        if self.disabled or data is None:
            return super().bound_data(data, initial)
        try:
            return service.parse_definition(data)
        except service.InvalidDefinition:
            return forms.fields.InvalidJSONInput(data)


class FormAdminForm(forms.ModelForm):
    draft = DefinitionField(
        label=_("Draft definition"),
        widget=forms.Textarea(attrs={"rows": 30, "cols": 120, "class": "loket-definition"}),
        help_text=_("Format loket-form/1, see docs/form-definition.md. Checked on every save."),
    )

    class Meta:
        model = Form
        fields = ["slug", "draft", "is_active", "draft_retention_days", "retention_days"]

    def clean(self):
        cleaned = super().clean()
        definition = cleaned.get("draft")
        if definition is None:
            return cleaned
        try:
            service.validate_definition(definition)
        except service.InvalidDefinition as exc:
            raise ValidationError({"draft": [str(error) for error in exc.errors]}) from None
        slug = cleaned.get("slug") or self.instance.slug
        if slug and definition.get("slug") != slug:
            self.add_error("draft", _("$.slug: must equal the slug of this form (%(slug)s)") % {"slug": slug})
        return cleaned


@lru_cache(maxsize=2)
def _icon_urls(static_url: str) -> dict[bool, str]:
    return {flag: static(f"admin/img/icon-{'yes' if flag else 'no'}.svg") for flag in (True, False)}


def _icon(flag: bool) -> str:
    """The admin's yes/no icon (as ``boolean=True`` draws it), its file looked up once, not once per row."""
    return format_html('<img src="{}" alt="{}">', _icon_urls(settings.STATIC_URL)[bool(flag)], bool(flag))


@lru_cache(maxsize=8)
def _start_url_parts(script_prefix: str) -> tuple[str, str]:
    """A form's start URL around its slug, reversed once per script prefix, not once per row."""
    head, _sentinel, tail = reverse("submissions:start", args=["slug-placeholder"]).partition("slug-placeholder")
    return head, tail


class FormVersionInline(admin.TabularInline):
    model = FormVersion
    fields = ["number", "published_at", "published_by", "digest"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Form)
class FormAdmin(admin.ModelAdmin):
    form = FormAdminForm
    list_display = ["name", "slug", "live", "has_unpublished_changes", "open_for_citizens", "citizen_link"]
    search_fields = ["name", "slug"]
    readonly_fields = ["name", "live_version"]
    inlines = [FormVersionInline]
    actions = ["publish_selected"]
    # The admin's rendering costs per row shown, not per form stored: 50 rows a page keep the list
    # quick with thousands of forms; search finds the rest. Per row, Django rendered the action
    # checkbox through the form-widget templates, reversed two URLs and looked up two icon files:
    # the columns below do each once per list instead (cProfile: the rows went from about 2/3 of
    # the page's time to about 1/5).
    list_per_page = 50
    change_form_template = "admin/builder/form/change_form.html"

    class Media:
        # Styles come from files: the Content-Security-Policy refuses inline style attributes.
        css = {"all": ["loket/admin.css"]}

    @admin.display(description=_("live version"))
    def live(self, obj):
        return obj.live_version.number if obj.live_version else "-"

    @admin.display(description=_("unpublished changes"))
    def has_unpublished_changes(self, obj):
        # The stored digests, not the documents: the list reads neither draft nor definition.
        return _icon(obj.live_version is None or obj.live_version.digest != obj.draft_digest)

    @admin.display(description=_("open for citizens"), ordering="is_active")
    def open_for_citizens(self, obj):
        return _icon(obj.is_active)

    @admin.display(description=_("citizen page"))
    def citizen_link(self, obj):
        if not obj.live_version:
            return "-"
        head, tail = _start_url_parts(get_script_prefix())
        url = f"{head}{obj.slug}{tail}"
        return format_html('<a href="{}">{}</a>', url, url)

    def action_checkbox(self, obj):
        # The same markup as Django's, without rendering a form widget through the template
        # engine for every row (a fifth of the list's time with 50 rows).
        label = format_html(gettext("Select this object for an action - {}"), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            label,
        )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("live_version")

    def get_changelist(self, request, **kwargs):
        # The list shows names and digests only: leave the documents (up to 2 MB each) in the database.
        changelist = super().get_changelist(request, **kwargs)

        class Light(changelist):
            def get_queryset(self, request, exclude_parameters=None):
                queryset = super().get_queryset(request, exclude_parameters)
                return queryset.defer("draft", "live_version__definition")

            def url_for_result(self, result):
                # Reversed once per list, not once per row.
                if not hasattr(self, "_change_url"):
                    site = self.model_admin.admin_site.name
                    sample = reverse("admin:builder_form_change", args=[0], current_app=site)
                    head, _zero, tail = sample.rpartition("/0/")
                    self._change_url = head + "/{}/" + tail
                return self._change_url.format(result.pk)

        return Light

    def get_readonly_fields(self, request, obj=None):
        # A slug is in every citizen's URL and in every published version: it never changes.
        return [*self.readonly_fields, "slug"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        service.save_draft(obj, form.cleaned_data["draft"])
        if "_publish" in request.POST:
            try:
                version = service.publish(obj, request.user)
            except service.InvalidDefinition as exc:
                self.message_user(
                    request, _("Saved, not published: %(n)s problem(s)") % {"n": len(exc.errors)}, messages.ERROR
                )
                self._report(request, "", exc.errors, messages.ERROR)
            else:
                self.message_user(request, _("Published version %(n)s.") % {"n": version.number}, messages.SUCCESS)
                self._report(request, "", service.publish_warnings(obj), messages.WARNING)

    @admin.action(description=_("Publish the draft of the selected forms"), permissions=["change"])
    def publish_selected(self, request, queryset):
        for form in queryset:
            try:
                version = service.publish(form, request.user)
            except service.InvalidDefinition as exc:
                self._report(request, f"{form.slug}: ", exc.errors, messages.ERROR)
            else:
                self.message_user(request, f"{form.slug}: v{version.number}", messages.SUCCESS)
                self._report(request, f"{form.slug}: ", service.publish_warnings(form), messages.WARNING)

    def _report(self, request, prefix: str, problems, level) -> None:
        # One message per problem: an editor sees every one of them at once, each with its place.
        for problem in problems:
            self.message_user(request, f"{prefix}{problem}", level)

    def add_view(self, request, form_url="", extra_context=None):
        # A new form starts from a name in the builder; pasting a whole definition stays possible.
        if request.GET.get("json") or (request.method == "POST" and "draft" in request.POST):
            return super().add_view(request, form_url, extra_context)
        return editor.new(self, request)

    def get_urls(self):
        def view(function):
            return self.admin_site.admin_view(partial(function, self))

        export = self.admin_site.admin_view(self.export_view)
        return [
            path("<int:pk>/export/", export, name="builder_form_export"),
            path("<int:pk>/builder/", view(editor.builder), name="builder_form_builder"),
            path("<int:pk>/builder/preview/", view(editor.preview), name="builder_form_preview"),
            path("<int:pk>/builder/preview/<slug:step_key>/", view(editor.preview), name="builder_form_preview_step"),
            path("<int:pk>/settings/", view(editor.settings_page), name="builder_form_settings"),
            path("<int:pk>/rules/", view(editor.rules_page), name="builder_form_rules"),
            path("<int:pk>/versions/", view(editor.versions), name="builder_form_versions"),
            path("<int:pk>/duplicate/", view(editor.duplicate), name="builder_form_duplicate"),
            *super().get_urls(),
        ]

    def export_view(self, request, pk):
        form = self.get_object(request, pk)
        if form is None or not self.has_view_permission(request, form):
            return HttpResponse(status=404)
        response = HttpResponse(service.export_definition(form), content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{form.slug}.json"'
        return response


@admin.register(FormVersion)
class FormVersionAdmin(admin.ModelAdmin):
    list_display = ["form", "number", "published_at", "published_by"]
    list_filter = ["form"]
    readonly_fields = ["form", "number", "definition", "digest", "published_at", "published_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
