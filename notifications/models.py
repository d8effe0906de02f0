from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from solo.models import SingletonModel

from submissions.models import Submission


class ReceivedNotification(models.Model):
    """One notification from the Notificaties API, stored once.

    A Notificaties 1.0 message carries no id of its own, so its identity is a
    hash of what makes it one event: kanaal, resourceUrl, actie and
    aanmaakdatum. The unique constraint turns a replay into a no-op.
    """

    identity = models.CharField(_("identity"), max_length=64, unique=True)
    kanaal = models.CharField(_("channel"), max_length=50)
    hoofd_object = models.URLField(_("main object"), max_length=1000)
    resource = models.CharField(_("resource"), max_length=100)
    resource_url = models.URLField(_("resource URL"), max_length=1000)
    actie = models.CharField(_("action"), max_length=100)
    aanmaakdatum = models.CharField(_("created (as sent)"), max_length=40)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    submission = models.ForeignKey(
        Submission,
        verbose_name=_("submission"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )

    class Meta:
        verbose_name = _("received notification")
        verbose_name_plural = _("received notifications")
        ordering = ["-received_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kanaal} {self.resource} {self.actie} ({self.received_at:%Y-%m-%d %H:%M})"


class Subscription(models.Model):
    """The abonnement Loket holds on a Notificaties API, as that API registered it."""

    service_slug = models.SlugField(_("Notificaties API service"), max_length=100)
    url = models.URLField(_("abonnement URL"), max_length=1000, unique=True)
    callback_url = models.URLField(_("callback URL"), max_length=1000)
    kanalen = models.JSONField(_("channels"), default=list)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("notification subscription")
        verbose_name_plural = _("notification subscriptions")

    def __str__(self) -> str:
        return self.url


class StatusMailText(SingletonModel):
    """The organisation's words in the status e-mail; the facts (zaak, status) are filled in by Loket."""

    intro = models.TextField(
        _("introduction"),
        default="De status van uw zaak is veranderd. U hoeft niets te doen.",
        help_text=_("First paragraph. Plain text; links are refused."),
    )
    where_to_look = models.TextField(
        _("where to look"),
        default=(
            "U vindt uw zaak en de status ervan in Mijn Loket op de website van de gemeente. "
            "Typ zelf het adres van de gemeente in uw browser, log in met DigiD en kies 'Mijn Loket'."
        ),
        help_text=_("Describe in words how to find Mijn Loket; never a link."),
    )
    why_no_link = models.TextField(
        _("why there is no link"),
        default=(
            "De gemeente stuurt nooit een link naar uw persoonlijke gegevens per e-mail. Oplichters sturen soms "
            "e-mails die op een bericht van de gemeente lijken, met een link naar een nagemaakte website "
            "(phishing). Krijgt u een e-mail over uw zaak met een link erin? Klik er dan niet op."
        ),
    )
    contact = models.TextField(
        _("how to reach the organisation"),
        default="Heeft u vragen? Bel dan 14 020 en noem het kenmerk van uw zaak.",
    )

    class Meta:
        verbose_name = _("status e-mail text")

    def __str__(self) -> str:
        return str(_("status e-mail text"))
