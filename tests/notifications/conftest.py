import pytest
from zgw_consumers.constants import APITypes
from zgw_consumers.models import Service

from registrations.contrib.zgw.client import ZGWClient
from registrations.models import FormRegistration, RegistrationRecord
from submissions.models import Submission
from tests.registrations.conftest import (  # noqa: F401  (fixtures)
    ZGW_API_TYPES,
    fake_services,
    run_due_jobs,
    send_bezwaar,
    zgw_options,
)
from tests.registrations.fake_notificaties import FakeZGWWithNotificaties

AUTH = "Token webhook-geheim-voor-de-test"


@pytest.fixture(scope="session")
def _zgw_nrc_server():
    server = FakeZGWWithNotificaties()
    yield server
    server.close()


@pytest.fixture
def zgw(_zgw_nrc_server):
    """The fake Zaken, Documenten, Catalogi and Notificaties APIs; every call checked against its spec."""
    _zgw_nrc_server.reset()
    yield _zgw_nrc_server
    assert not _zgw_nrc_server.violations, "\n".join(_zgw_nrc_server.violations)


@pytest.fixture
def zgw_services(db, zgw, settings) -> dict[str, Service]:
    services = fake_services(zgw, {**ZGW_API_TYPES, "notificaties": APITypes.nrc})
    settings.LOKET_NOTIFICATIONS_SERVICE = "notificaties-fake"
    settings.LOKET_NOTIFICATIONS_AUTH = AUTH
    return services


@pytest.fixture
def zgw_bezwaar(bezwaar, zgw_services):
    FormRegistration.objects.create(form=bezwaar, backend="zgw", options=zgw_options())
    return bezwaar


@pytest.fixture
def registered(zgw_bezwaar, send_bezwaar, zgw) -> Submission:  # noqa: F811  (the imported fixture)
    """A bezwaarschrift sent with an e-mail address and registered as a zaak (status Ontvangen)."""
    submission = send_bezwaar()
    run_due_jobs()
    record = RegistrationRecord.objects.get(submission=submission)
    assert record.status == RegistrationRecord.Status.REGISTERED
    return submission


def zaak_url(submission: Submission) -> str:
    return RegistrationRecord.objects.get(submission=submission).results["zaak"]["url"]


def set_status(zgw, services: dict[str, Service], zaak: str, omschrijving: str, when: str) -> dict:
    """What a case handler's zaaksysteem does: a new status on the zaak (the fake then notifies)."""
    statustype = next(item for item in zgw.store.all("statustypen") if item["omschrijving"] == omschrijving)
    client = ZGWClient(services["zaken"])
    try:
        return client.post(
            "statussen", {"zaak": zaak, "statustype": statustype["url"], "datumStatusGezet": when}, crs=False
        )
    finally:
        client.close()


def message(zaak: str, status: str, when: str = "2026-12-01T10:00:00+01:00") -> dict:
    return {
        "kanaal": "zaken",
        "hoofdObject": zaak,
        "resource": "status",
        "resourceUrl": status,
        "actie": "create",
        "aanmaakdatum": when,
        "kenmerken": {"bronorganisatie": "002220647"},
    }
