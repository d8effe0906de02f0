"""Registration through a real Celery worker on the configured broker (CI: Redis), against the fake ZGW APIs.

The worker runs in a thread of this process (see tests/submissions/test_celery_worker.py),
the fake ZGW APIs on a real HTTP server beside it: completing the bezwaarschrift is all
it takes for the worker to render the receipt PDF and then register the zaak.
"""

import json
from pathlib import Path

import pytest
from django.http import QueryDict

from builder import service as builder_service
from registrations import service as registration_service
from registrations.models import FormRegistration, RegistrationRecord
from submissions import service
from submissions.models import Job
from tests import flow
from tests.submissions.test_celery_worker import wait_for

from .conftest import zgw_options

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]

DEMO = Path(__file__).resolve().parents[2] / "demo" / "forms" / "bezwaar.json"


def test_the_worker_registers_a_submission_as_one_zaak(worker, zgw, zgw_services):
    form, _ = builder_service.import_definition(json.loads(DEMO.read_text()), publish_it=True)
    FormRegistration.objects.create(form=form, backend="zgw", options=zgw_options())
    submission = service.start_submission(form)
    for step in submission.form_version.spec.steps:
        post = QueryDict(mutable=True)
        post.update(flow.BEZWAAR_ANSWERS[step.key])
        assert service.submit_step(submission, step, post).is_valid
    submission = service.complete_submission(submission, declaration_accepted=True)

    registration = Job.objects.get(submission=submission, kind="registration")
    assert wait_for(lambda: Job.objects.get(pk=registration.pk).status == Job.Status.DONE)
    record = RegistrationRecord.objects.get(submission=submission)
    assert record.status == RegistrationRecord.Status.REGISTERED, record.last_error
    [zaak] = zgw.created("zaken")
    assert record.results["zaak"]["url"] == zaak["url"]
    assert zaak["kenmerken"] == [{"kenmerk": submission.public_reference, "bron": "Loket"}]
    assert len(zgw.created("rollen")) == len(zgw.created("enkelvoudiginformatieobjecten")) == 1
    assert registration_service.registration_state(submission) == "geregistreerd"
