"""Staff views: each form's backends (options checked on save), each submission's registrations."""

from django import forms
from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from submissions.admin import ReadOnlyMixin, SubmissionAdmin
from submissions.models import Submission

from . import service
from .models import FormRegistration, RegistrationRecord
from .registry import backends


class FormRegistrationForm(forms.ModelForm):
    backend = forms.ChoiceField(label=_("backend"))
    options = forms.JSONField(
        label=_("options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 16, "cols": 100, "style": "font-family: monospace"}),
        help_text=_("JSON; see docs/registrations.md for the options of each backend. No secrets here."),
    )

    class Meta:
        model = FormRegistration
        fields = ["form", "backend", "options", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["backend"].choices = [(backend.id, backend.label) for backend in backends]

    def clean(self):
        cleaned = super().clean()
        if "backend" not in cleaned:
            return cleaned
        config = FormRegistration(backend=cleaned["backend"], options=cleaned.get("options") or {})
        problems = service.configuration_problems(config)
        if problems:
            self.add_error("options", [str(problem) for problem in problems])
        return cleaned


@admin.register(FormRegistration)
class FormRegistrationAdmin(admin.ModelAdmin):
    form = FormRegistrationForm
    list_display = ["form", "backend", "order", "configuration"]
    list_filter = ["backend", "form"]

    class Media:
        css = {"all": ["loket/admin.css"]}  # the CSP refuses inline style attributes

    @admin.display(description=_("configuration"))
    def configuration(self, obj):
        problems = service.configuration_problems(obj)
        if not problems:
            return _("in orde")
        return format_html('<strong class="loket-problem">{}</strong>', "; ".join(str(p) for p in problems))


class RegistrationRecordInline(ReadOnlyMixin, admin.TabularInline):
    model = RegistrationRecord
    fields = ["backend", "status", "zaak", "attempts", "last_error", "updated_at", "registered_at"]
    readonly_fields = fields
    extra = 0

    @admin.display(description=_("zaak"))
    def zaak(self, obj):
        return _zaak_link(obj)


def _zaak_link(record: RegistrationRecord):
    zaak = record.results.get("zaak") or {}
    if not zaak:
        return "-"
    return format_html('{} (<a href="{}">{}</a>)', zaak.get("identificatie", ""), zaak["url"], zaak["url"])


class NotRegisteredAfter(admin.SimpleListFilter):
    title = _("not registered after")
    parameter_name = "niet_geregistreerd_na"
    HOURS = (1, 4, 24, 72)

    def lookups(self, request, model_admin):
        return [(str(hours), _("%(n)d hours") % {"n": hours}) for hours in self.HOURS]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return service.not_registered_after(queryset, int(self.value()))
        return queryset


def _register_again(modeladmin, request, submissions) -> None:
    count = service.register_again(submissions)
    modeladmin.message_user(request, _("%(n)d registratie(s) opnieuw gestart.") % {"n": count}, messages.SUCCESS)


admin.site.unregister(Submission)


@admin.register(Submission)
class SubmissionWithRegistrationsAdmin(SubmissionAdmin):
    """The submissions admin, plus where each submission stands with every backend (Wmebv B7)."""

    list_display = [*SubmissionAdmin.list_display, "registration"]
    list_filter = [NotRegisteredAfter, *SubmissionAdmin.list_filter]
    readonly_fields = [*SubmissionAdmin.readonly_fields, "registration"]
    inlines = [RegistrationRecordInline, *SubmissionAdmin.inlines]
    actions = [*SubmissionAdmin.actions, "register_again"]

    @admin.display(description=_("registration"))
    def registration(self, obj):
        return service.registration_state(obj)

    def has_register_again_permission(self, request):
        return request.user.has_perm("registrations.change_registrationrecord")

    @admin.action(description=_("Opnieuw registreren"), permissions=["register_again"])
    def register_again(self, request, queryset):
        _register_again(self, request, queryset)


@admin.register(RegistrationRecord)
class RegistrationRecordAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["submission", "backend", "status", "zaak", "attempts", "updated_at"]
    list_filter = ["status", "backend"]
    search_fields = ["submission__public_reference"]
    readonly_fields = [
        "submission",
        "backend",
        "status",
        "zaak",
        "attempts",
        "last_error",
        "results",
        "options",
        "created_at",
        "updated_at",
        "registered_at",
    ]
    exclude = ["form_registration"]
    actions = ["register_again"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("submission")

    @admin.display(description=_("zaak"))
    def zaak(self, obj):
        return _zaak_link(obj)

    def has_register_again_permission(self, request):
        return request.user.has_perm("registrations.change_registrationrecord")

    @admin.action(description=_("Opnieuw registreren"), permissions=["register_again"])
    def register_again(self, request, queryset):
        submissions = Submission.objects.filter(pk__in=queryset.values("submission_id"))
        _register_again(self, request, submissions)
