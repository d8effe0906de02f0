"""Staff views of submissions: read-only records, their history, and what needs attention."""

import json

from django.conf import settings
from django.contrib import admin, messages
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import authentication, jobs, service
from .access_log import record_staff_view
from .models import DeletionRecord, Job, Submission, SubmissionEvent
from .receipt.links import signed_pdf_url


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EventInline(ReadOnlyMixin, admin.TabularInline):
    model = SubmissionEvent
    fields = ["at", "kind", "detail"]
    readonly_fields = fields
    extra = 0


class JobInline(ReadOnlyMixin, admin.TabularInline):
    model = Job
    fields = ["kind", "status", "attempts", "next_attempt_at", "last_error"]
    readonly_fields = fields
    extra = 0


class NeedsAttention(admin.SimpleListFilter):
    title = _("needs attention")
    parameter_name = "attention"

    def lookups(self, request, model_admin):
        return [("yes", _("yes: work after receipt failed"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            failed = Job.objects.filter(submission=OuterRef("pk"), status=Job.Status.FAILED)
            return queryset.filter(Exists(failed))
        return queryset


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["public_reference", "form_version", "status", "received_at", "started_at"]
    list_filter = [NeedsAttention, "status", "form_version__form"]
    search_fields = ["public_reference"]
    readonly_fields = [
        "uuid",
        "form_version",
        "status",
        "started_at",
        "received_at",
        "public_reference",
        "declaration_accepted",
        "reply_consent",
        "receipt_digest",
        "receipt_signature",
        "receipt_format",
        "receipt_key_id",
        "receipt_pdf_link",
        "authentication",
    ]
    exclude = ["language"]
    inlines = [JobInline, EventInline]
    actions = ["export_afschrift"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("form_version__form")

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # Who looked at what (Archiefwet, AVG): the page is about to show this submission.
        if obj is not None:
            record_staff_view([obj], request.user, "admin")
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    @admin.display(description=_("link to the receipt PDF"))
    def receipt_pdf_link(self, obj):
        """For a citizen who lost their copy: works without their session, for a limited time."""
        if not obj.is_received:
            return "-"
        days = settings.LOKET_RECEIPT_LINK_MAX_AGE // 86400
        validity = _("valid for %(days)d days") % {"days": days}
        return format_html('<a href="{}">{}</a> ({})', signed_pdf_url(obj), _("receipt PDF"), validity)

    @admin.display(description=_("submitted by"))
    def authentication(self, obj):
        """Who logged in and for whom, masked as on the receipt; staff who need the BSN find it in the zaak."""
        lines = authentication.receipt_lines(obj.auth_context)
        if not lines:
            return _("anonymous")
        who = lines["submitted_by"] + (_(" on behalf of %s") % lines["on_behalf_of"] if lines["on_behalf_of"] else "")
        how = ", ".join(part for part in (lines["representation"], lines["level_of_assurance"]) if part)
        return f"{who} ({how})"

    @admin.action(description=_("Export the event log (afschrift) of the selected submissions"))
    def export_afschrift(self, request, queryset):
        received = list(queryset.filter(status=Submission.Status.RECEIVED).prefetch_related("events"))
        record_staff_view(received, request.user, "afschrift")
        records = service.afschrift(received)
        response = HttpResponse(
            json.dumps(records, indent=2, ensure_ascii=False), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="afschrift.json"'
        return response


@admin.register(Job)
class JobAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["submission", "kind", "status", "attempts", "next_attempt_at", "finished_at"]
    list_filter = ["status", "kind"]
    search_fields = ["submission__public_reference"]
    readonly_fields = [
        "submission",
        "kind",
        "status",
        "attempts",
        "next_attempt_at",
        "locked_until",
        "last_error",
        "created_at",
        "finished_at",
    ]
    actions = ["retry"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("submission")

    def has_retry_permission(self, request):
        return request.user.has_perm("submissions.change_job")

    @admin.action(description=_("Retry the selected failed jobs now"), permissions=["retry"])
    def retry(self, request, queryset):
        failed = list(queryset.filter(status=Job.Status.FAILED))
        for item in failed:
            jobs.retry_now(item)
        self.message_user(request, _("%(n)d job(s) scheduled again.") % {"n": len(failed)}, messages.SUCCESS)


@admin.register(DeletionRecord)
class DeletionRecordAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Proof of what retention deleted: read-only, like the records it replaces."""

    list_display = ["deleted_at", "reference", "form_slug", "form_version", "rule", "started_at", "received_at"]
    list_filter = ["rule", "form_slug"]
    search_fields = ["reference"]
    date_hierarchy = "deleted_at"
