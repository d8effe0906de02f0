"""Citizen pages: the form list, start, the steps, the overview and the confirmation.

Every view that takes a submission enters through :func:`.entry.citizen_view`;
where the citizen may go is the form state's answer (:class:`builder.state.FormState`).
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_http_methods

from builder.models import Form
from machtigen import service as login_service

from . import answers, consent, form_list, ownership, rendering, service
from .entry import ACTION, BACK_TO_OVERVIEW, Visit, citizen_view, outage_notice
from .models import ReceiptFile, Submission
from .progress import OVERVIEW, progress
from .receipt.data import build_receipt
from .resume.views import pause_requested


@require_http_methods(["GET", "HEAD"])
def index(request: HttpRequest) -> HttpResponse:
    forms = form_list.open_forms()
    return render(request, "submissions/index.html", {"forms": forms, "items": form_list.form_list_items(forms)})


@require_http_methods(["GET", "HEAD", "POST"])
def start(request: HttpRequest, slug: str) -> HttpResponse:
    # The definition is only read when its compiled spec is not cached yet; the draft never.
    forms = Form.objects.select_related("live_version").defer("draft", "live_version__definition")
    form = get_object_or_404(forms, slug=slug)
    if not service.accepts_new_submissions(form):
        return render(request, "submissions/closed.html", {"form": form}, status=404)
    if notice := outage_notice(request, form.pk):
        return notice
    spec = form.live_version.spec
    wanted = login_service.requirement(form.pk)
    logged_in = login_service.login_for_form(request, form.pk, wanted) if wanted.enabled else None
    if request.method == "POST":
        anonymous = wanted.enabled and not wanted.required and request.POST.get("anoniem") == "1"
        if wanted.required and logged_in is None:
            return redirect(login_service.login_url(slug, request.path))
        auth = None if anonymous else logged_in
        submission = service.start_submission(form, get_language() or "nl", auth_context=auth)
        # A new session key before the claim: a session id planted in the citizen's browser
        # beforehand (session fixation) never gains access to what they fill in.
        request.session.cycle_key()
        ownership.claim(request, submission)
        first = {"slug": slug, "submission_id": submission.uuid, "step_key": spec.steps[0].key}
        return redirect(reverse("submissions:step", kwargs=first))
    context = {"form": form, "spec": spec, "login_requirement": wanted, "logged_in": logged_in}
    return render(request, "submissions/start.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@citizen_view(received=False, otherwise="confirmation", outage=True)
def step(request: HttpRequest, visit: Visit, step_key: str) -> HttpResponse:
    spec = visit.spec
    if not spec.has_step(step_key):
        raise Http404("no such step")
    current = spec.step(step_key)
    state = visit.form_state()
    if not state.may_visit(current):
        target = state.first_open_step()
        return redirect(visit.step_url(target.key) if target else visit.url("overview"))
    back_to_overview = request.GET.get("terug") == BACK_TO_OVERVIEW
    errors, raw = {}, None
    if request.method == "POST" and (action := request.POST.get(ACTION)):
        # "Verwijderen", "Nog een toevoegen": the same step again, as it now is; nothing saved yet.
        result = service.act_on_step(visit.submission, current, request.POST, request.FILES, action, state=state)
        errors, raw = result.errors, result.raw
    elif request.method == "POST":
        result = service.submit_step(visit.submission, current, request.POST, request.FILES, state=state)
        if pause_requested(request):  # "Later verder": keep what is valid, then ask for the e-mail address
            return redirect(visit.url("pause") + ("" if result.is_valid else "?niet_bewaard=1"))
        if result.is_valid:
            state = state.with_step(current, result.data)
            following = state.next_step(current)
            if back_to_overview or following is None:
                target = state.first_open_step()
                return redirect(visit.step_url(target.key) if target else visit.url("overview"))
            return redirect(visit.step_url(following.key))
        errors, raw = result.errors, result.raw
        state = result.state or state
    previous = state.previous_step(current)
    if back_to_overview:
        back_url = visit.url("overview")
    else:
        back_url = visit.step_url(previous.key) if previous else reverse("submissions:start", args=[spec.slug])
    context = {
        "spec": spec,
        "submission": visit.submission,
        "step": current,
        "state": state,
        "fields": rendering.bind(state, current, errors, raw=raw),
        "logic": rendering.logic_script_data(state, current),
        "error_summary": rendering.error_summary(current, errors),
        "back_url": back_url,
        "progress": progress(visit, state, current.key),
    }
    return render(request, "submissions/step.html", context, status=400 if errors else 200)


@require_http_methods(["GET", "HEAD", "POST"])
@citizen_view(received=False, otherwise="confirmation", outage=True)
def check(request: HttpRequest, visit: Visit) -> HttpResponse:
    state = visit.form_state()
    open_step = state.first_open_step()
    if open_step is not None:
        return redirect(visit.step_url(open_step.key))
    errors = {}
    if request.method == "POST":
        _remember_language(visit)
        try:
            service.complete_submission(
                visit.submission,
                declaration_accepted=bool(request.POST.get("verklaring")),
                reply_consent=bool(request.POST.get(consent.FIELD)),
            )
        except service.IncompleteSubmission as exc:
            if exc.step is not None:
                return redirect(visit.step_url(exc.step.key, back_to_overview=True))
            errors["verklaring"] = gettext("Vink de verklaring aan om uw formulier te versturen.")
        except service.SubmissionLocked:
            pass
        if not errors:
            return redirect(visit.url("confirmation"))
    sections = [
        {"step": s, "rows": answers.rows(state, s), "edit_url": visit.step_url(s.key, True)}
        for s in state.answered_steps()
    ]
    context = {
        "spec": visit.spec,
        "submission": visit.submission,
        "state": state,
        "sections": sections,
        "errors": errors,
        "error_summary": [("verklaring", message) for message in errors.values()],
        "concept_pdf_url": visit.url("concept-pdf"),
        "progress": progress(visit, state, OVERVIEW),
    }
    return render(request, "submissions/overview.html", context, status=400 if errors else 200)


def _remember_language(visit: Visit) -> None:
    """The receipt (page, PDF) speaks the language the citizen sends in, which the switch may have changed."""
    language = (get_language() or "nl")[:8]
    if visit.submission.language != language:
        Submission.objects.filter(pk=visit.submission.pk, received_at__isnull=True).update(language=language)
        visit.submission.language = language


@require_http_methods(["GET", "HEAD"])
@citizen_view(received=True, otherwise="overview")
def confirmation(request: HttpRequest, visit: Visit) -> HttpResponse:
    context = {
        "receipt": build_receipt(visit.submission),
        "pdf_url": visit.url("receipt-pdf"),
        "pdf_ready": ReceiptFile.objects.filter(submission=visit.submission).exists(),
    }
    return render(request, "submissions/confirmation.html", context)
