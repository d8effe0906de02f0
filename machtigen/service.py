"""Logging in for a form: what a form asks, starting a login, finishing it, and who may continue.

Login plugins call :func:`begin_login` (through the login page) and
:func:`finish_login` (after their provider answered). The citizen-view entry
asks :func:`access_response`; the start page asks :func:`requirement` and
:func:`login_for_form`. Nothing outside machtigen touches the session keys.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from . import context as auth_context
from . import session
from .models import FormLogin
from .registry import LoginPlugin, login_plugins

__all__ = [
    "LoginOffer",
    "LoginRequirement",
    "access_response",
    "begin_login",
    "begin_portal_login",
    "finish_login",
    "is_started_by",
    "login_for_form",
    "login_url",
    "logout",
    "pending_login",
    "portal_requirement",
    "pseudonymise",
    "requirement",
    "safe_return_to",
]

logger = logging.getLogger(__name__)

PENDING_KEY = "loket_login_pending"


@dataclass(frozen=True)
class LoginOffer:
    plugin: LoginPlugin
    minimum_level: str = ""

    @property
    def level_label(self) -> str:
        return auth_context.level_label(self.minimum_level) if self.minimum_level else ""


@dataclass(frozen=True)
class LoginRequirement:
    """What a form asks: ``off``, ``optional`` or ``required``, and the plugins it offers."""

    mode: str = FormLogin.Mode.OFF
    offers: list[LoginOffer] = field(default_factory=list)

    @property
    def enabled(self) -> bool:
        return self.mode != FormLogin.Mode.OFF and bool(self.offers)

    @property
    def required(self) -> bool:
        return self.mode == FormLogin.Mode.REQUIRED and bool(self.offers)

    def offer(self, plugin_id: str | None) -> LoginOffer | None:
        return next((offer for offer in self.offers if offer.plugin.id == plugin_id), None)


def requirement(form_id: int) -> LoginRequirement:
    """The login settings of a form (two queries; none of them when the form has none)."""
    settings_row = FormLogin.objects.filter(form_id=form_id).prefetch_related("options").first()
    if settings_row is None or settings_row.mode == FormLogin.Mode.OFF:
        return LoginRequirement()
    offers = [
        LoginOffer(plugin, option.minimum_level)
        for option in settings_row.options.all()
        if (plugin := login_plugins.get(option.plugin)) is not None and plugin.is_enabled()
    ]
    return LoginRequirement(settings_row.mode, offers)


def safe_return_to(url: str | None, fallback: str = "/") -> str:
    """``url`` when it is a path on this site; otherwise ``fallback`` (no open redirect)."""
    if (
        url
        and url.startswith("/")
        and not url.startswith("//")
        and "\\" not in url
        and url_has_allowed_host_and_scheme(url, allowed_hosts=set(), require_https=False)
    ):
        return url
    return fallback


def login_url(slug: str, return_to: str) -> str:
    """The page where the citizen picks a way to log in for form ``slug``."""
    return reverse("machtigen:choose", args=[slug]) + "?" + urlencode({"next": return_to})


def login_for_form(request: HttpRequest, form_id: int, wanted: LoginRequirement | None = None) -> dict | None:
    """The current login when it counts for this form: a plugin the form offers, at its minimum level."""
    context = session.current_context(request)
    if context is None:
        return None
    wanted = wanted or requirement(form_id)
    offer = wanted.offer(session.current_plugin(request))
    if offer is None or not auth_context.meets_level(context.get("levelOfAssurance", ""), offer.minimum_level):
        return None
    return context


def portal_requirement() -> LoginRequirement:
    """Logging in for Mijn Loket (no form): every enabled plugin, at any level it gives.

    Mijn Loket shows what the same login could already resume, so no level above
    the plugin's own is asked.
    """
    offers = [LoginOffer(plugin) for plugin in login_plugins if plugin.is_enabled()]
    return LoginRequirement(FormLogin.Mode.REQUIRED, offers)


def _requirement_of(pending: dict[str, Any]) -> LoginRequirement:
    return requirement(pending["form_id"]) if pending.get("form_id") else portal_requirement()


def begin_portal_login(request: HttpRequest, plugin_id: str, return_to: str) -> HttpResponse:
    """Start a login for Mijn Loket; afterwards the citizen lands on ``return_to``."""
    offer = portal_requirement().offer(plugin_id)
    if offer is None:
        raise Http404("no such login")
    return_to = safe_return_to(return_to, "/")
    request.session[PENDING_KEY] = {"form": None, "form_id": None, "plugin": plugin_id, "return_to": return_to}
    return offer.plugin.start(request, return_to=return_to)


def begin_login(request: HttpRequest, slug: str, plugin_id: str, return_to: str) -> HttpResponse:
    """Start a login with ``plugin_id`` for form ``slug``; afterwards the citizen lands on ``return_to``."""
    from builder.models import Form  # machtigen depends on the builder, never on submissions

    form = Form.objects.filter(slug=slug, is_active=True).only("pk", "slug").first()
    if form is None:
        raise Http404("no such form")
    offer = requirement(form.pk).offer(plugin_id)
    if offer is None:
        raise Http404("this form does not offer that login")
    return_to = safe_return_to(return_to, reverse("submissions:start", args=[slug]))
    request.session[PENDING_KEY] = {"form": slug, "form_id": form.pk, "plugin": plugin_id, "return_to": return_to}
    return offer.plugin.start(request, return_to=return_to)


def pending_login(request: HttpRequest, plugin_id: str) -> dict[str, Any] | None:
    """The login this session began with ``plugin_id`` (form, return_to), or None."""
    pending = request.session.get(PENDING_KEY)
    return pending if pending and pending.get("plugin") == plugin_id else None


def _refuse(request: HttpRequest, pending: dict[str, Any] | None, reason: str, offer: LoginOffer | None = None):
    from builder.models import Form

    contact = settings.LOKET_CONTACT
    form = None
    if pending and pending.get("form_id"):
        form = Form.objects.select_related("live_version").filter(pk=pending["form_id"]).first()
        if form is not None and form.live_version is not None:
            contact = form.live_version.spec.setting("contact") or contact
    context = {"reason": reason, "offer": offer, "form": form, "contact": contact}
    return render(request, "machtigen/refused.html", context, status=403)


def finish_login(request: HttpRequest, plugin: LoginPlugin, context: dict[str, Any]) -> HttpResponse:
    """Accept the authentication context a plugin built, or refuse it with a clear page.

    Checks, in order: this session began a login with this plugin; the context has
    the agreed shape; the form offers the plugin; the level is at least the form's
    minimum. Then the citizen is logged in with a fresh session key and sent to the
    page the login began from.
    """
    pending = request.session.pop(PENDING_KEY, None)
    if not pending or pending.get("plugin") != plugin.id:
        logger.warning("login refused: this session began no login with this plugin", extra={"plugin": plugin.id})
        return _refuse(request, None, "no_pending")
    try:
        auth_context.validate(context)
    except auth_context.InvalidContext as exc:
        logger.warning("login refused: %s", exc, extra={"plugin": plugin.id})
        return _refuse(request, pending, "invalid")
    if context.get("source") != plugin.source:
        return _refuse(request, pending, "invalid")
    offer = _requirement_of(pending).offer(plugin.id)
    if offer is None:
        return _refuse(request, pending, "not_offered")
    if not auth_context.meets_level(context["levelOfAssurance"], offer.minimum_level):
        logger.info("login refused: level of assurance below the form's minimum", extra={"plugin": plugin.id})
        return _refuse(request, pending, "level", offer)
    session.remember(request, context, plugin.id)
    logger.info("citizen logged in", extra={"plugin": plugin.id})
    return redirect(pending["return_to"])


def logout(request: HttpRequest) -> None:
    """Log out and drop the whole session: the next person at this computer finds nothing."""
    session.forget(request)
    request.session.flush()


# --- who may continue a submission ------------------------------------------------------------


def _pseudonym_key() -> bytes:
    key = getattr(settings, "LOKET_PSEUDONYM_KEY", "") or settings.SECRET_KEY
    # A key of its own, derived, so the hash never equals anything else signed with SECRET_KEY.
    return hmac.new(key.encode(), b"loket-auth-context-pseudonym", hashlib.sha256).digest()


def pseudonymise(context: dict[str, Any]) -> dict[str, Any]:
    """The context with its identifiers replaced by this installation's keyed hash."""
    return auth_context.pseudonymise(context, _pseudonym_key())


def _same_person(current: dict[str, Any], started_with: dict[str, Any]) -> bool:
    if auth_context.is_pseudonymised(started_with):
        current = pseudonymise(current)
    return hmac.compare_digest(
        repr(auth_context.owner_key(current)).encode(), repr(auth_context.owner_key(started_with)).encode()
    )


def is_started_by(request: HttpRequest, started_with: dict[str, Any] | None) -> bool:
    """Whether the current login is the one a submission was started with (never for an anonymous one)."""
    current = session.current_context(request)
    return current is not None and started_with is not None and _same_person(current, started_with)


def access_response(
    request: HttpRequest, *, slug: str, form_id: int, started_with: dict[str, Any] | None, received: bool
) -> HttpResponse | None:
    """For the citizen-view entry: None lets the request through; else a redirect to log in (or 404).

    A submission started after login continues only with the same login (same
    person, for the same representee); any other login gets the 404 of an
    unknown submission. Without a valid login (expired, logged out) the citizen
    is sent to log in again, and comes back here.

    An anonymous submission stays anonymous, also when an editor later makes
    login required: its owner keeps what they filled in (and the entry costs no
    query for it). The start page is where a required login is asked.
    """
    if started_with is None:
        return None
    current = session.current_context(request)
    if current is None:
        return redirect(login_url(slug, request.get_full_path()))
    if not _same_person(current, started_with):
        raise Http404("no such submission")
    return None


# --- the demo ---------------------------------------------------------------------------------

DEMO_FORM = "bezwaar"
DEMO_OPTIONS = [
    ("digid-demo", "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract"),
    ("digid-machtigen-demo", "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract"),
    ("eherkenning-bewindvoering-demo", "urn:etoegang:core:assurance-class:loa2plus"),
]


def configure_demo(sender=None, forms=(), **kwargs) -> str | None:
    """``load_demo``: the bezwaar form offers the demo logins, optionally (anonymous stays possible).

    Settings an editor already made are left alone. Nothing happens without the demo plugins.
    """
    from builder.models import Form

    if not getattr(settings, "LOKET_DEMO_LOGIN", False):
        return None
    form = Form.objects.filter(slug=DEMO_FORM).first()
    if form is None:
        return None
    row, created = FormLogin.objects.get_or_create(form=form, defaults={"mode": FormLogin.Mode.OPTIONAL})
    if not created:
        return f"{DEMO_FORM}: login settings already there, left as they are"
    for order, (plugin_id, level) in enumerate(DEMO_OPTIONS):
        row.options.create(plugin=plugin_id, minimum_level=level, order=order)
    return f"{DEMO_FORM}: login optional with {', '.join(plugin for plugin, _ in DEMO_OPTIONS)}"
