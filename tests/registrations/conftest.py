import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from zgw_consumers.constants import APITypes, AuthTypes
from zgw_consumers.models import Service

from registrations.models import FormRegistration
from submissions import jobs
from submissions.models import Job, Submission
from tests import flow

from .fake_zgw import CLIENT_ID, SECRET, FakeZGW
from .fake_zgw_apis import CATALOGUS_RSIN, IOT, ZAAKTYPE

ORGANISATIE_RSIN = "002220647"


@pytest.fixture(scope="session")
def _zgw_server():
    server = FakeZGW()
    yield server
    server.close()


@pytest.fixture
def zgw(_zgw_server):
    """The fake ZGW APIs, empty but for the catalogue; a test fails if any call broke the OpenAPI spec."""
    _zgw_server.reset()
    yield _zgw_server
    assert not _zgw_server.violations, "\n".join(_zgw_server.violations)


ZGW_API_TYPES = {"zaken": APITypes.zrc, "documenten": APITypes.drc, "catalogi": APITypes.ztc}


def fake_services(fake, api_types: dict[str, str]) -> dict[str, Service]:
    """A zgw-consumers Service per API of ``fake``, slug ``<api>-fake``, with the fake's JWT credentials."""
    return {
        api: Service.objects.create(
            label=f"{api.title()} API (fake)",
            slug=f"{api}-fake",
            api_type=api_type,
            api_root=fake.roots[api],
            auth_type=AuthTypes.zgw,
            client_id=CLIENT_ID,
            secret=SECRET,
            user_id="loket",
            user_representation="Loket",
            timeout=10,  # generous: a loaded test machine must not turn a slow answer into a retry
        )
        for api, api_type in api_types.items()
    }


@pytest.fixture
def zgw_services(db, zgw) -> dict[str, Service]:
    return fake_services(zgw, ZGW_API_TYPES)


def zgw_options(**overrides) -> dict:
    return {
        "zaken_service": "zaken-fake",
        "documenten_service": "documenten-fake",
        "catalogi_service": "catalogi-fake",
        "catalogus_domein": "BZW",
        "catalogus_rsin": CATALOGUS_RSIN,
        "zaaktype": ZAAKTYPE,
        "informatieobjecttype": IOT,
        "organisatie_rsin": ORGANISATIE_RSIN,
        "vertrouwelijkheidaanduiding": "zaakvertrouwelijk",
        "omschrijving": "Bezwaar {reference}",
        "initiator": {
            "geslachtsnaam": "indiener.naam",
            "emailadres": "indiener.email",
            "telefoonnummer": "indiener.telefoon",
        },
        "eigenschappen": {"datum_besluit": "besluit.datum"},
        **overrides,
    }


@pytest.fixture
def zgw_bezwaar(bezwaar, zgw_services):
    """The demo bezwaarschrift, registered as a zaak in the fake ZGW APIs."""
    FormRegistration.objects.create(form=bezwaar, backend="zgw", options=zgw_options())
    return bezwaar


def run_due_jobs() -> list[Job]:
    """What the workers do: run every job that is due, until none is (a job waiting for another, such as
    the registration for the receipt PDF, becomes due when that one is done)."""
    ran: list[Job] = []
    for _ in range(10):
        done = [item for job_id in sorted(jobs.due_jobs()) if (item := jobs.run(job_id)) is not None]
        if not done:
            return ran
        ran.extend(done)
    raise AssertionError("jobs keep becoming due")


@pytest.fixture
def send_bezwaar(citizen, django_capture_on_commit_callbacks, settings):
    """A citizen completes the demo bezwaarschrift; the after-receipt work runs as the worker would."""
    settings.CELERY_TASK_ALWAYS_EAGER = False

    def send() -> Submission:
        submission = flow.start(citizen, "bezwaar")
        flow.fill(citizen, submission, flow.BEZWAAR_ANSWERS)
        with django_capture_on_commit_callbacks(execute=False):
            response = flow.submit(citizen, submission)
        assert response.status_code == 302
        return Submission.objects.get(pk=submission.pk)

    return send


@pytest.fixture
def demo_loaded(db):
    call_command("load_demo")


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
FILES = {"besluit.pdf": PDF + b"%besluit", "huurcontract.pdf": PDF + b"%huur" * 50, "brief.pdf": PDF + b"%brief"}


@pytest.fixture
def send_with_files(citizen, send_bezwaar, private_media, monkeypatch):
    fill = flow.fill

    def fill_with_files(client, submission, answers):
        answers = {key: dict(value) for key, value in answers.items()}
        answers["besluit"]["document"] = SimpleUploadedFile("besluit.pdf", FILES["besluit.pdf"], "application/pdf")
        answers["bezwaar"]["bewijsstukken"] = [
            SimpleUploadedFile(name, FILES[name], "application/pdf") for name in ("huurcontract.pdf", "brief.pdf")
        ]
        fill(client, submission, answers)

    monkeypatch.setattr(flow, "fill", fill_with_files)
    return send_bezwaar
