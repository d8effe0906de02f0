"""Citizen pages for "Later verder": ask for the e-mail, and come back with a link or a code.

The way back never opens the draft by itself: it gives this browser's session ownership
and then sends the citizen to the overview, through the normal entry
(:func:`submissions.entry.citizen_view`), where a login the draft needs is asked again.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from builder.models import Form

from .. import ownership
from ..entry import Visit, citizen_view, submission_url
from ..models import Submission
from ..ratelimit import over_limit
from ..receipt.mail import mask_address, recipient
from . import codes, service
from .models import ResumeToken

__all__ = ["pause", "resume_code", "resume_link"]

CODE_LIMIT = 10
CODE_WINDOW = 15 * 60
"""Ten tries per address per quarter of an hour: enough for typos, far too few to guess a code."""
PAUSED = "later_verder"
"""The name of the step page's "Later verder" button."""


def pause_requested(request: HttpRequest) -> bool:
    return request.method == "POST" and PAUSED in request.POST


@require_http_methods(["GET", "HEAD", "POST"])
@citizen_view(received=False, otherwise="confirmation", outage=True)
def pause(request: HttpRequest, visit: Visit) -> HttpResponse:
    kind = service.kind_for(visit.submission)
    context = {
        "spec": visit.spec,
        "kind": kind,
        "days": settings.LOKET_RESUME_DAYS,
        "unsaved": request.GET.get("niet_bewaard") == "1",
        "address": recipient(visit.submission) or "",
        "continue_url": visit.url("overview"),
        "error": "",
    }
    status = 200
    if request.method == "POST":
        address = request.POST.get("email", "")[:320]
        context["address"] = address
        if over_limit(request, "resume-request", CODE_LIMIT, CODE_WINDOW):
            context["error"] = gettext("U heeft te vaak een e-mail aangevraagd. Probeer het over een kwartier opnieuw.")
            status = 429
        else:
            try:
                requested = service.request_resume(visit.submission, address)
            except ValidationError as exc:
                context["error"] = exc.messages[0]
                status = 400
            else:
                context.update(sent_to=mask_address(address.strip()), expires_at=requested.expires_at)
    return render(request, "submissions/resume/pause.html", context, status=status)


def _form(slug: str) -> Form:
    return get_object_or_404(Form.objects.select_related("live_version").only("slug", "live_version__name"), slug=slug)


def _name(form: Form) -> str:
    """The name citizens know the form by: the live version's, not the draft's."""
    return form.live_version.name if form.live_version else form.slug


def _open(request: HttpRequest, submission: Submission) -> HttpResponse:
    # A new session key before the claim, as at the start: a planted session id gains nothing.
    request.session.cycle_key()
    ownership.claim(request, submission)
    return redirect(submission_url("overview", submission))


def _refused(request: HttpRequest, form: Form, kind: str, reason: str) -> HttpResponse:
    context = {"form": form, "form_name": _name(form), "kind": kind, "reason": reason}
    context["days"] = settings.LOKET_RESUME_DAYS
    status = 404 if reason == service.ResumeRefused.UNKNOWN else 410
    return render(request, "submissions/resume/refused.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def resume_link(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The link from the e-mail. Opening it only shows a button: mail scanners that fetch links
    would otherwise use up the single use before the citizen clicks."""
    form = _form(slug)
    if request.method != "POST":
        response = render(request, "submissions/resume/link.html", {"form": form, "form_name": _name(form)})
        # Referrer-Policy stays "same-origin" (the project's): the token never goes to another site,
        # and "no-referrer" would make Chromium send "Origin: null", which the CSRF check refuses.
        response["Cache-Control"] = "private, no-store"
        return response
    try:
        submission = service.redeem(ResumeToken.Kind.LINK, token[:100], slug)
    except service.ResumeRefused as refused:
        return _refused(request, form, ResumeToken.Kind.LINK, refused.reason)
    return _open(request, submission)


@require_http_methods(["GET", "HEAD", "POST"])
def resume_code(request: HttpRequest, slug: str) -> HttpResponse:
    """The page where a code from a link-free e-mail is typed (also offered on the start page)."""
    form = _form(slug)
    context = {"form": form, "form_name": _name(form), "code": "", "error": ""}
    status = 200
    if request.method == "POST":
        typed = request.POST.get("code", "")[:100]
        context["code"] = typed
        if over_limit(request, "resume-code", CODE_LIMIT, CODE_WINDOW):
            context["error"] = gettext("U heeft te vaak een code geprobeerd. Probeer het over een kwartier opnieuw.")
            response = render(request, "submissions/resume/code.html", context, status=429)
            response["Retry-After"] = str(CODE_WINDOW)
            return response
        code = codes.normalise_code(typed)
        if code is None:
            context["error"] = gettext(
                "Een code heeft 12 tekens, zoals ABCD-EFGH-JKMN. Controleer of u de code goed heeft overgetypt."
            )
            status = 400
        else:
            try:
                submission = service.redeem(ResumeToken.Kind.CODE, code, slug)
            except service.ResumeRefused as refused:
                if refused.reason != service.ResumeRefused.UNKNOWN:
                    return _refused(request, form, ResumeToken.Kind.CODE, refused.reason)
                context["error"] = gettext(
                    "Deze code kennen we niet voor dit formulier. Controleer of u de code goed heeft overgetypt."
                )
                status = 400
            else:
                return _open(request, submission)
    return render(request, "submissions/resume/code.html", context, status=status)
