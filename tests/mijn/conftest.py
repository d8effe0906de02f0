import pytest
from django.test import Client
from django.urls import reverse

from machtigen import service as login_service
from submissions.models import Submission
from tests import flow
from tests.machtigen.conftest import DIGID_MIDDEN, GEMACHTIGDE, MACHTIGINGGEVER, OTHER_PERSON
from tests.notifications.conftest import (  # noqa: F401  (fixtures)
    _zgw_nrc_server,
    run_due_jobs,
    send_bezwaar,
    zgw,
    zgw_bezwaar,
    zgw_options,
    zgw_services,
)

__all__ = ["DIGID_MIDDEN", "GEMACHTIGDE", "MACHTIGINGGEVER", "OTHER_PERSON"]

MIJN = reverse("mijn:index")


def portal_login(client: Client, plugin_id: str, **fields):
    """ "Inloggen met ..." on the Mijn Loket login page, then the demo provider's page."""
    started = client.post(reverse("mijn:login"), {"plugin": plugin_id, "next": MIJN})
    assert started.status_code == 302, started
    assert started.url == reverse("machtigen:demo", args=[plugin_id])
    return client.post(started.url, fields)


def as_self(client: Client, bsn: str = MACHTIGINGGEVER):
    return portal_login(client, "digid-demo", bsn=bsn, level=DIGID_MIDDEN)


def as_gemachtigde(client: Client, gemachtigde: str = GEMACHTIGDE, machtiginggever: str = MACHTIGINGGEVER):
    return portal_login(
        client,
        "digid-machtigen-demo",
        gemachtigde_bsn=gemachtigde,
        machtiginggever_bsn=machtiginggever,
        level=DIGID_MIDDEN,
    )


@pytest.fixture
def zgw_bezwaar_login(zgw_bezwaar):  # noqa: F811  (the imported fixture)
    login_service.configure_demo()
    return zgw_bezwaar


@pytest.fixture
def submit_logged_in(zgw_bezwaar_login, django_capture_on_commit_callbacks, settings):
    """The logged-in client sends the demo bezwaarschrift; it is registered as a zaak in the fake."""
    settings.CELERY_TASK_ALWAYS_EAGER = False

    def send(client: Client) -> Submission:
        submission = flow.start(client, "bezwaar")
        flow.fill(client, submission, flow.BEZWAAR_ANSWERS)
        with django_capture_on_commit_callbacks(execute=False):
            assert flow.submit(client, submission).status_code == 302
        run_due_jobs()
        return Submission.objects.get(pk=submission.pk)

    return send
