from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DEFAULT_MESSAGE = "Door een storing kunt u dit formulier op dit moment niet online versturen."
DEFAULT_ALTERNATIVE = (
    "U kunt uw bericht per post sturen naar Gemeente Voorbeeld, Postbus 1234, 1000 AB Voorbeeld, "
    "afgeven bij de balie in het stadhuis, of ons bellen op 14 020."
)


class Outage(models.Model):
    """A period in which (some) forms cannot be used: shown to citizens and kept as a record.

    Awb 2:21: a message that could not be sent because of a failure of the
    channel may not count against the sender. The record (start, end, forms
    affected) is what the gemeente uses to decide on extending a deadline.
    An outage without forms covers every form.
    """

    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True, help_text=_("Empty while it lasts."))
    forms = models.ManyToManyField(
        "builder.Form", verbose_name=_("forms affected"), blank=True, help_text=_("None selected: every form.")
    )
    message = models.TextField(_("message to citizens"), default=DEFAULT_MESSAGE)
    alternative = models.TextField(_("alternative channel"), default=DEFAULT_ALTERNATIVE)
    reason = models.TextField(_("internal note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("outage")
        verbose_name_plural = _("outages")
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_at__isnull=True) | models.Q(ended_at__gt=models.F("started_at")),
                name="availability_outage_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        end = f"{timezone.localtime(self.ended_at):%d-%m-%Y %H:%M}" if self.ended_at else "..."
        return f"{timezone.localtime(self.started_at):%d-%m-%Y %H:%M} - {end}"

    def is_active(self, at=None) -> bool:
        at = at or timezone.now()
        return self.started_at <= at and (self.ended_at is None or self.ended_at > at)
