"""The one way into a citizen's submission: every citizen view that takes a submission starts here.

::

    @citizen_view(received=False, otherwise="confirmation", outage=True)
    def step(request, visit: Visit, step_key: str): ...

Before the view runs, in this order:

1. the submission is looked up and its ownership checked (:mod:`.ownership`: one
   404 for every kind of miss);
2. :func:`login_required_response`: a submission started after login continues
   only with the same login (same person, for the same representee), else the
   same 404; without a valid login (expired, logged out) the citizen is sent to
   log in again. A form that requires login sends an anonymous visitor to log in
   (:func:`machtigen.service.access_response`);
3. the submission is in the state the view needs (received or not); otherwise
   the citizen is sent to ``otherwise`` (or gets a 404);
4. during an outage, views that take input show the storingsmelding (Awb 2:21);
5. :func:`authentication_context`: the login and "namens" context (who acts, on
   whose behalf) the submission was started with; None when anonymous. Views
   get it as ``visit.auth`` and hand it on to the form state and the banner.

A view never repeats these steps; a new citizen view uses this decorator too
(a test checks every URL that takes a submission).
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from availability.service import active_outage
from builder.spec import FormSpec
from builder.state import FormState
from machtigen import service as machtigen_service

from . import answers, ownership
from .models import Submission

__all__ = ["ACTION", "BACK_TO_OVERVIEW", "Visit", "citizen_view", "outage_notice", "submission_url"]

BACK_TO_OVERVIEW = "overzicht"
ACTION = "loket-actie"
"""The name of buttons that change the step page itself (remove a file, add an item): ``verb:path:argument``."""


def submission_url(name: str, submission: Submission, **kwargs) -> str:
    slug = submission.form_version.spec.slug
    return reverse(f"submissions:{name}", kwargs={"slug": slug, "submission_id": submission.uuid, **kwargs})


@dataclass(frozen=True)
class Visit:
    """A citizen's request for their submission, after the checks above."""

    submission: Submission
    auth: Any = None
    """The authentication context (login, "namens"); None for an anonymous submission."""

    @property
    def spec(self) -> FormSpec:
        return self.submission.form_version.spec

    def form_state(self, data: dict[str, dict] | None = None) -> FormState:
        return answers.form_state(self.submission, data, self.auth)

    def url(self, name: str, **kwargs) -> str:
        return submission_url(name, self.submission, **kwargs)

    def step_url(self, step_key: str, back_to_overview: bool = False) -> str:
        url = self.url("step", step_key=step_key)
        return f"{url}?terug={BACK_TO_OVERVIEW}" if back_to_overview else url


def outage_notice(request: HttpRequest, form_id: int) -> HttpResponse | None:
    """During an outage, citizen pages that take input show the storingsmelding instead (Awb 2:21)."""
    outage = active_outage(form_id)
    if outage is None:
        return None
    return render(request, "submissions/outage.html", {"outage": outage}, status=503)


def login_required_response(request: HttpRequest, submission: Submission) -> HttpResponse | None:
    """None lets the request through; else a redirect to log in. Another person's login: 404."""
    return machtigen_service.access_response(
        request,
        slug=submission.form_version.spec.slug,
        form_id=submission.form_version.form_id,
        started_with=submission.auth_context,
        received=submission.is_received,
    )


def authentication_context(request: HttpRequest, submission: Submission) -> Any:
    """Who acts, and on whose behalf ("namens"): the context the submission was started with."""
    return submission.auth_context


def citizen_view(*, received: bool, otherwise: str | None = None, outage: bool = False) -> Callable:
    """Decorate a view ``view(request, visit, **rest)`` of the URL ``.../<slug>/<submission_id>/...``.

    ``received``: whether the view is for a received submission (the confirmation,
    the receipt PDF) or for one still being filled in. A submission in the other
    state is redirected to the URL named ``otherwise``, or answered with 404.
    ``outage``: whether the view takes input, so an outage shows the storingsmelding.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, slug: str, submission_id: UUID, **kwargs) -> HttpResponse:
            submission = ownership.get_owned_submission(request, slug, submission_id)
            if (refused := login_required_response(request, submission)) is not None:
                return refused
            if submission.is_received != received:
                if otherwise is None:
                    raise Http404("not available in this state")
                return redirect(submission_url(otherwise, submission))
            if outage and not received and (notice := outage_notice(request, submission.form_version.form_id)):
                return notice
            visit = Visit(submission, auth=authentication_context(request, submission))
            return view(request, visit, **kwargs)

        wrapper.citizen_entry = True  # type: ignore[attr-defined]
        return wrapper

    return decorator
