from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


class AvailabilityConfig(AppConfig):
    name = "availability"
    verbose_name = _("Availability and outages")

    def ready(self):
        from .models import Outage
        from .service import forget_cached_outages

        post_save.connect(forget_cached_outages, sender=Outage, dispatch_uid="outage-saved")
        post_delete.connect(forget_cached_outages, sender=Outage, dispatch_uid="outage-deleted")
        m2m_changed.connect(forget_cached_outages, sender=Outage.forms.through, dispatch_uid="outage-forms")
