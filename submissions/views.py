from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from availability.service import active_outage
from builder.models import Form

from . import ownership, rendering, service
from .models import ReceiptFile, Submission
from .receipt.data import build_receipt

BACK_TO_OVERVIEW = "overzicht"


def _url(name: str, submission: Submission, **kwargs) -> str:
    slug = submission.form_version.spec.slug
    return reverse(f"submissions:{name}", kwargs={"slug": slug, "submission_id": submission.uuid, **kwargs})


def _step_url(submission: Submission, step_key: str, back_to_overview: bool = False) -> str:
    url = _url("step", submission, step_key=step_key)
    return f"{url}?terug={BACK_TO_OVERVIEW}" if back_to_overview else url


def _outage_notice(request: HttpRequest, form_id: int) -> HttpResponse | None:
    """During an outage, citizen pages that take input show the storingsmelding instead (Awb 2:21)."""
    outage = active_outage(form_id)
    if outage is None:
        return None
    return render(request, "submissions/outage.html", {"outage": outage}, status=503)


@require_http_methods(["GET", "HEAD"])
def index(request: HttpRequest) -> HttpResponse:
    forms = Form.objects.filter(is_active=True, live_version__isnull=False).only("slug", "name").order_by("name")
    return render(request, "submissions/index.html", {"forms": forms})


@require_http_methods(["GET", "HEAD", "POST"])
def start(request: HttpRequest, slug: str) -> HttpResponse:
    # The definition is only read when its compiled spec is not cached yet; the draft never.
    forms = Form.objects.select_related("live_version").defer("draft", "live_version__definition")
    form = get_object_or_404(forms, slug=slug)
    if not form.is_active or form.live_version is None:
        return render(request, "submissions/closed.html", {"form": form}, status=404)
    if notice := _outage_notice(request, form.pk):
        return notice
    spec = form.live_version.spec
    if request.method == "POST":
        submission = service.start_submission(form, get_language() or "nl")
        ownership.claim(request, submission)
        first = {"slug": slug, "submission_id": submission.uuid, "step_key": spec.steps[0].key}
        return redirect(reverse("submissions:step", kwargs=first))
    return render(request, "submissions/start.html", {"form": form, "spec": spec})


@require_http_methods(["GET", "HEAD", "POST"])
def step(request: HttpRequest, slug: str, submission_id: UUID, step_key: str) -> HttpResponse:
    submission = ownership.get_owned_submission(request, slug, submission_id)
    if submission.is_received:
        return redirect(_url("confirmation", submission))
    if notice := _outage_notice(request, submission.form_version.form_id):
        return notice
    spec = submission.form_version.spec
    if not spec.has_step(step_key):
        raise Http404("no such step")
    current = spec.step(step_key)
    data = service.saved_data(submission)
    open_step = service.first_open_step(spec, data)
    if open_step is not None and current.index > open_step.index:
        return redirect(_step_url(submission, open_step.key))
    back_to_overview = request.GET.get("terug") == BACK_TO_OVERVIEW
    errors, raw = {}, None
    if request.method == "POST":
        result = service.submit_step(submission, current, request.POST)
        if result.is_valid:
            data[step_key] = result.data
            following = spec.next_step(current)
            if back_to_overview or following is None:
                target = service.first_open_step(spec, data)
                return redirect(_step_url(submission, target.key) if target else _url("overview", submission))
            return redirect(_step_url(submission, following.key))
        errors, raw = result.errors, result.raw
    previous = spec.previous_step(current)
    context = {
        "spec": spec,
        "submission": submission,
        "step": current,
        "fields": rendering.bind(current, errors, data=data.get(step_key), raw=raw),
        "error_summary": rendering.error_summary(current, errors),
        "back_url": _url("overview", submission)
        if back_to_overview
        else (_step_url(submission, previous.key) if previous else reverse("submissions:start", args=[slug])),
    }
    return render(request, "submissions/step.html", context, status=400 if errors else 200)


@require_http_methods(["GET", "HEAD", "POST"])
def check(request: HttpRequest, slug: str, submission_id: UUID) -> HttpResponse:
    submission = ownership.get_owned_submission(request, slug, submission_id)
    if submission.is_received:
        return redirect(_url("confirmation", submission))
    if notice := _outage_notice(request, submission.form_version.form_id):
        return notice
    spec = submission.form_version.spec
    data = service.saved_data(submission)
    open_step = service.first_open_step(spec, data)
    if open_step is not None:
        return redirect(_step_url(submission, open_step.key))
    errors = {}
    if request.method == "POST":
        try:
            service.complete_submission(submission, declaration_accepted=bool(request.POST.get("verklaring")))
        except service.IncompleteSubmission as exc:
            if exc.step is not None:
                return redirect(_step_url(submission, exc.step.key, back_to_overview=True))
            errors["verklaring"] = "Vink de verklaring aan om uw formulier te versturen."
        except service.SubmissionLocked:
            pass
        if not errors:
            return redirect(_url("confirmation", submission))
    sections = [
        {"step": s, "rows": service.overview(s, data[s.key]), "edit_url": _step_url(submission, s.key, True)}
        for s in spec.steps
    ]
    context = {
        "spec": spec,
        "submission": submission,
        "sections": sections,
        "errors": errors,
        "error_summary": [("verklaring", message) for message in errors.values()],
        "concept_pdf_url": _url("concept-pdf", submission),
    }
    return render(request, "submissions/overview.html", context, status=400 if errors else 200)


@require_http_methods(["GET", "HEAD"])
def confirmation(request: HttpRequest, slug: str, submission_id: UUID) -> HttpResponse:
    submission = ownership.get_owned_submission(request, slug, submission_id)
    if not submission.is_received:
        return redirect(_url("overview", submission))
    context = {
        "receipt": build_receipt(submission),
        "pdf_url": _url("receipt-pdf", submission),
        "pdf_ready": ReceiptFile.objects.filter(submission=submission).exists(),
    }
    return render(request, "submissions/confirmation.html", context)
