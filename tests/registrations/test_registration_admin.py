"""What staff see: each backend's status with the zaak, "opnieuw registreren", the filter on stale ones,
and backend options checked when saved."""

import json

import pytest
from django.urls import reverse

from registrations.models import FormRegistration, RegistrationRecord
from tests.factories import UserFactory
from tests.html import page
from tests.staff import staff_client

from .conftest import run_due_jobs, zgw_options

SUBMISSIONS = reverse("admin:submissions_submission_changelist")


@pytest.fixture
def admin_client(db):
    return staff_client(UserFactory(is_staff=True, is_superuser=True))


def test_staff_see_geregistreerd_with_the_zaak(admin_client, zgw, zgw_bezwaar, send_bezwaar):
    submission = send_bezwaar()
    run_due_jobs()
    [zaak] = zgw.store.all("zaken")
    response = admin_client.get(reverse("admin:submissions_submission_change", args=[submission.pk]))
    text = page(response).text
    assert "geregistreerd" in text and zaak["identificatie"] in text
    assert zaak["url"] in response.content.decode()
    listing = page(admin_client.get(SUBMISSIONS)).text
    assert "geregistreerd" in listing


def test_pending_reads_registratie_volgt_and_can_be_registered_again(
    admin_client, zgw, zgw_bezwaar, send_bezwaar, clock
):
    zgw.fail("*", r"^/zaken/", 500, times=None)
    submission = send_bezwaar()
    run_due_jobs()
    change = reverse("admin:submissions_submission_change", args=[submission.pk])
    text = page(admin_client.get(change)).text
    assert "ontvangen, registratie volgt" in text and "500" in text

    clock.shift(5 * 3600)
    admin_client = staff_client(UserFactory(is_staff=True, is_superuser=True))  # the idle session has expired
    stale = page(admin_client.get(SUBMISSIONS, {"niet_geregistreerd_na": "4"})).text
    assert submission.public_reference in stale
    assert submission.public_reference not in page(admin_client.get(SUBMISSIONS, {"niet_geregistreerd_na": "24"})).text

    zgw.heal()
    response = admin_client.post(SUBMISSIONS, {"action": "register_again", "_selected_action": [submission.pk]})
    assert response.status_code == 302
    run_due_jobs()
    assert RegistrationRecord.objects.get(submission=submission).status == RegistrationRecord.Status.REGISTERED
    assert len(zgw.store.all("zaken")) == 1


def test_options_are_checked_when_saved_with_the_field_named(admin_client, bezwaar, zgw_services):
    url = reverse("admin:registrations_formregistration_add")
    options = zgw_options(organisatie_rsin="123456789")
    response = admin_client.post(
        url, {"form": bezwaar.pk, "backend": "zgw", "options": json.dumps(options), "order": 0}
    )
    assert response.status_code == 200
    assert "organisatie_rsin: voldoet niet aan de 11-proef" in page(response).text
    assert not FormRegistration.objects.exists()

    response = admin_client.post(
        url, {"form": bezwaar.pk, "backend": "zgw", "options": json.dumps(zgw_options()), "order": 0}
    )
    assert response.status_code == 302
    assert FormRegistration.objects.get().options == zgw_options()
