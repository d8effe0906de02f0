"""Mijn Loket: the person's own submissions and zaken, for a gemachtigde only what they did for the person."""

import pytest
from django.test import Client
from django.urls import reverse

from submissions import authentication
from tests.notifications.conftest import set_status, zaak_url

from .conftest import MACHTIGINGGEVER, MIJN, OTHER_PERSON, as_gemachtigde, as_self

pytestmark = pytest.mark.django_db


def page(client: Client, url: str = MIJN) -> str:
    response = client.get(url)
    assert response.status_code == 200, response
    return response.content.decode()


def test_without_login_the_login_choice_comes_first(citizen, zgw_bezwaar_login):
    response = citizen.get(MIJN)
    assert response.status_code == 302 and response.url == reverse("mijn:login") + "?next=/mijn/"
    choice = page(citizen, response.url)
    assert "Inloggen met DigiD (demo)" in choice and "Inloggen met DigiD Machtigen (demo)" in choice

    landed = as_self(citizen)
    assert landed.status_code == 302 and landed.url == MIJN
    assert "U bent ingelogd als BSN ******607" in page(citizen)


def test_the_own_submission_with_its_zaak_status_and_receipt(citizen, submit_logged_in, zgw, zgw_services):
    as_self(citizen)
    submission = submit_logged_in(citizen)
    set_status(zgw, zgw_services, zaak_url(submission), "In behandeling", "2026-12-05T10:00:00+01:00")

    html = page(citizen)
    assert submission.public_reference in html
    assert "Bezwaarschrift" in html or "bezwaar" in html.lower()
    assert "In behandeling, sinds 5 december 2026" in html
    pdf = reverse("submissions:receipt-pdf", args=["bezwaar", submission.uuid])
    assert pdf in html
    download = citizen.get(pdf)
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"


def test_the_zaak_page_shows_the_history_newest_first(citizen, submit_logged_in, zgw, zgw_services):
    as_self(citizen)
    submission = submit_logged_in(citizen)
    zaak = zaak_url(submission)
    set_status(zgw, zgw_services, zaak, "In behandeling", "2026-12-05T10:00:00+01:00")
    set_status(zgw, zgw_services, zaak, "Geaccepteerd", "2026-12-07T10:00:00+01:00")
    key = zaak.rsplit("/", 1)[-1]

    html = page(citizen, reverse("mijn:zaak", args=[key]))
    assert html.index("Geaccepteerd") < html.index("In behandeling") < html.index("Ontvangen")
    assert "huidige status" in html
    assert submission.public_reference in html


def test_after_pseudonymising_the_submission_is_still_found(citizen, submit_logged_in):
    as_self(citizen)
    submission = submit_logged_in(citizen)
    authentication.pseudonymise(submission.pk)  # done after registration already; a second time is a no-op
    submission.refresh_from_db()
    assert submission.auth_context["pseudonymised"] is True
    assert MACHTIGINGGEVER not in str(submission.auth_context)

    assert submission.public_reference in page(citizen)


def test_a_gemachtigde_sees_what_they_did_for_the_machtiginggever_and_nothing_else(
    citizen, other_citizen, submit_logged_in
):
    as_self(citizen)
    own = submit_logged_in(citizen)  # the machtiginggever's own bezwaar
    gemachtigde = Client()
    as_gemachtigde(gemachtigde)
    for_them = submit_logged_in(gemachtigde)

    seen = page(gemachtigde)
    assert for_them.public_reference in seen and own.public_reference not in seen
    assert "handelt namens BSN ******607" in seen
    own_zaak = zaak_url(own).rsplit("/", 1)[-1]
    assert gemachtigde.get(reverse("mijn:zaak", args=[own_zaak])).status_code == 404

    as_self(other_citizen, bsn=OTHER_PERSON)
    other = page(other_citizen)
    assert own.public_reference not in other and for_them.public_reference not in other
    assert other_citizen.get(reverse("mijn:zaak", args=[own_zaak])).status_code == 404

    mine = page(citizen)  # the machtiginggever logged in for themselves: only their own submission
    assert own.public_reference in mine and for_them.public_reference not in mine


def test_zaken_from_other_channels_by_bsn(citizen, submit_logged_in, zgw, zgw_services, settings):
    settings.LOKET_MIJN_ZAKEN_SERVICE, settings.LOKET_MIJN_CATALOGI_SERVICE = "zaken-fake", "catalogi-fake"
    as_self(citizen)
    submission = submit_logged_in(citizen)
    # The same person's zaak from another channel (a letter), with their BSN on the initiator rol.
    ours = zgw.store.find("zaken", zaak_url(submission))
    copied = {key: value for key, value in ours.items() if key not in ("url", "uuid")}
    letter = zgw.store.add("zaken", "zaken", {**copied, "identificatie": "ZAAK-PAPIER-1", "rollen": [], "status": None})
    initiator = next(rol for rol in zgw.store.all("rollen") if rol["omschrijvingGeneriek"] == "initiator")
    for zaak, bsn in ((letter, MACHTIGINGGEVER), (dict(ours, url=ours["url"] + "x"), OTHER_PERSON)):
        rol = {key: value for key, value in initiator.items() if key not in ("url", "uuid")}
        zgw.store.add("zaken", "rollen", {**rol, "zaak": zaak["url"], "betrokkeneIdentificatie": {"inpBsn": bsn}})

    html = page(citizen)
    assert "ZAAK-PAPIER-1" in html
    assert submission.public_reference in html
    assert html.count("Zaaknummer") == 2  # the Loket zaak once, though found both ways; not the other person's


def test_a_zaken_api_outage_degrades_the_page(citizen, submit_logged_in, zgw):
    as_self(citizen)
    submission = submit_logged_in(citizen)
    zgw.fail("GET", r"/zaken/api/v1/", 503, times=None)

    html = page(citizen)
    assert "status nu niet beschikbaar" in html
    assert submission.public_reference in html  # the submissions are still there
    key = zaak_url(submission).rsplit("/", 1)[-1]
    assert "niet beschikbaar" in page(citizen, reverse("mijn:zaak", args=[key]))


def test_a_slow_zaken_api_costs_one_short_wait(citizen, submit_logged_in, zgw, settings):
    settings.LOKET_MIJN_TIMEOUT = 1
    as_self(citizen)
    submit_logged_in(citizen)
    submit_logged_in(citizen)
    zgw.fail("GET", r"/zaken/api/v1/", 200, times=None, delay=3)
    calls = len(zgw.calls)

    assert page(citizen).count("status nu niet beschikbaar") == 2
    assert len(zgw.calls) - calls == 1  # the second zaak is not asked about once the API has failed
    zgw.heal()


def test_answers_are_cached_briefly(citizen, submit_logged_in, zgw):
    as_self(citizen)
    submit_logged_in(citizen)
    page(citizen)
    calls = len(zgw.calls)
    page(citizen)
    assert len(zgw.calls) == calls


def test_the_list_page_costs_a_fixed_number_of_queries(citizen, submit_logged_in, django_assert_max_num_queries):
    as_self(citizen)
    for _ in range(3):
        submit_logged_in(citizen)
    page(citizen)  # warm the ZGW cache; the database queries are what is counted
    with django_assert_max_num_queries(3):  # the submissions, their zaak records, the ZGW services
        html = page(citizen)
    assert html.count("Ontvangstbevestiging BZW-") == 3
