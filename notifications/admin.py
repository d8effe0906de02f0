from django import forms
from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from solo.admin import SingletonModelAdmin

from .models import ReceivedNotification, StatusMailText, Subscription
from .status_mail import LINK_MARKERS, LinkInStatusMail, StatusFacts, build_status_message

EXAMPLE = StatusFacts(zaaktype="Bezwaar", reference="BZW-2026-000123", status="In behandeling")


class StatusMailTextForm(forms.ModelForm):
    class Meta:
        model = StatusMailText
        fields = ["intro", "where_to_look", "why_no_link", "contact"]

    def clean(self):
        data = super().clean()
        for name in self.Meta.fields:
            found = [marker for marker in LINK_MARKERS if marker in (data.get(name) or "").lower()]
            if found:
                message = _("No links in this e-mail: remove %s (describe the place in words).")
                self.add_error(name, message % ", ".join(found))
        return data


@admin.register(StatusMailText)
class StatusMailTextAdmin(SingletonModelAdmin):
    form = StatusMailTextForm
    fields = ["intro", "where_to_look", "why_no_link", "contact", "preview"]
    readonly_fields = ["preview"]

    @admin.display(description=_("preview (saved text, example zaak)"))
    def preview(self, obj: StatusMailText) -> str:
        try:
            message = build_status_message(EXAMPLE, "inwoner@example.nl", obj)
        except LinkInStatusMail as exc:
            message = _("This text contains a link and will not be sent: %s") % exc
            return format_html('<p class="errornote">{}</p>', message)
        return format_html(
            "<p><strong>{}</strong></p><pre style='white-space: pre-wrap; max-width: 70ch'>{}</pre>",
            message.subject,
            message.body,
        )


@admin.register(ReceivedNotification)
class ReceivedNotificationAdmin(admin.ModelAdmin):
    list_display = ["received_at", "kanaal", "resource", "actie", "submission"]
    list_filter = ["kanaal", "resource", "actie"]
    readonly_fields = [field.name for field in ReceivedNotification._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["url", "callback_url", "service_slug", "created_at"]
    readonly_fields = ["url", "callback_url", "service_slug", "kanalen", "created_at"]

    def has_add_permission(self, request) -> bool:
        return False
