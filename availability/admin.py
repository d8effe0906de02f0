from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import service
from .models import Outage


@admin.register(Outage)
class OutageAdmin(admin.ModelAdmin):
    list_display = ["started_at", "ended_at", "active", "scope"]
    filter_horizontal = ["forms"]
    actions = ["end_now"]

    @admin.display(description=_("active"), boolean=True)
    def active(self, obj):
        return obj.is_active()

    @admin.display(description=_("forms affected"))
    def scope(self, obj):
        names = [form.slug for form in obj.forms.all()]
        return ", ".join(names) if names else _("all forms")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("forms")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("End the selected outages now"), permissions=["change"])
    def end_now(self, request, queryset):
        for outage in queryset.filter(ended_at__isnull=True):
            service.end_outage(outage)
