"""Who may see a submission: the one ownership check every citizen view uses.

A citizen owns the submissions started in their browser session. The session
holds their ids; a URL with any other id is answered with 404, the same answer
as for an id that does not exist, so ids cannot be probed. A submission started
after login is also owned by that same login (same person, for the same
representee) in a later session: that is how it is resumed after logging in again.
"""

from uuid import UUID

from django.http import Http404, HttpRequest

from machtigen import service as login_service
from machtigen import session as login_session

from .models import Submission

SESSION_KEY = "loket_submissions"
MAX_REMEMBERED = 50


def claim(request: HttpRequest, submission: Submission) -> None:
    owned = [item for item in request.session.get(SESSION_KEY, []) if item != str(submission.uuid)]
    owned.append(str(submission.uuid))
    request.session[SESSION_KEY] = owned[-MAX_REMEMBERED:]


def owns(request: HttpRequest, submission_id: UUID) -> bool:
    return str(submission_id) in request.session.get(SESSION_KEY, [])


def get_owned_submission(request: HttpRequest, slug: str, submission_id: UUID) -> Submission:
    in_this_session = owns(request, submission_id)
    if not in_this_session and login_session.current_context(request) is None:
        raise Http404("no such submission")
    try:
        # The definition is only read when the compiled spec is not cached yet.
        submission = (
            Submission.objects.select_related("form_version").defer("form_version__definition").get(uuid=submission_id)
        )
    except Submission.DoesNotExist:
        raise Http404("no such submission") from None
    # A version's definition carries its form's slug (the slug never changes), so no join is needed.
    if submission.form_version.spec.slug != slug:
        raise Http404("no such submission")
    if not in_this_session:
        if not login_service.is_started_by(request, submission.auth_context):
            raise Http404("no such submission")
        claim(request, submission)
    return submission
