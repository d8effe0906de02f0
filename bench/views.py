"""Baseline views: what a plain Django view doing the same job costs.

Each baseline does the least a Django developer would write for the task, so a
scenario's ratio shows what Loket adds on top of Django itself.
"""

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from builder.models import Form
from submissions.models import Submission, SubmissionStep


@require_POST
def bare_step(request: HttpRequest, submission_id: int) -> HttpResponse:
    """Read the posted fields and store them in one row: no ownership, parsing or validation.

    The write is the same ``update_or_create`` on the same table that Loket's step save
    does, so the comparison isolates everything around the write.
    """
    data = {key: values if len(values) > 1 else values[0] for key, values in request.POST.lists()}
    SubmissionStep.objects.update_or_create(submission_id=submission_id, step_key="bare", defaults={"data": data})
    return HttpResponseRedirect(request.path)


def bare_form_list(request: HttpRequest) -> HttpResponse:
    """The open forms' names as links, read from one table with one query, in a minimal page."""
    rows = Form.objects.filter(is_active=True).order_by("name").values_list("slug", "name")
    items = "".join(format_html('<li><a href="/formulieren/{}/">{}</a></li>', slug, name) for slug, name in rows)
    return HttpResponse(f"<!doctype html><title>Formulieren</title><ul>{items}</ul>")


@require_POST
def bare_step_by_uuid(request: HttpRequest, submission_uuid) -> HttpResponse:
    """:func:`bare_step` for the load test, where a client knows its submission by UUID as a citizen does."""
    submission_id = Submission.objects.values_list("pk", flat=True).get(uuid=submission_uuid)
    return bare_step(request, submission_id)
