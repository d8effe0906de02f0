"""Mijn Loket in Chromium: log in with the demo DigiD, send the bezwaarschrift, see it with its zaak's status.

At 320 px nothing scrolls sideways and axe-core finds nothing: the list, the zaak page, and the list
while the Zaken API is down.
"""

import pytest
from zgw_consumers.constants import APITypes, AuthTypes
from zgw_consumers.models import Service

from builder.models import Form
from machtigen import service as login_service
from registrations.models import FormRegistration, RegistrationRecord
from tests.notifications.conftest import _zgw_nrc_server, run_due_jobs, set_status, zgw  # noqa: F401
from tests.registrations.conftest import zgw_options
from tests.registrations.fake_zgw import CLIENT_ID, SECRET

from .bezwaar import fill_in_every_step, publish_demo_forms, sign_and_send
from .test_accessibility import axe  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW = {"width": 320, "height": 640}


def width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def services(zgw) -> dict:  # noqa: F811
    kinds = {"zaken": APITypes.zrc, "documenten": APITypes.drc, "catalogi": APITypes.ztc}
    return {
        api: Service.objects.create(
            label=api,
            slug=f"{api}-fake",
            api_type=kind,
            api_root=zgw.roots[api],
            auth_type=AuthTypes.zgw,
            client_id=CLIENT_ID,
            secret=SECRET,
            timeout=10,
        )
        for api, kind in kinds.items()
    }


def test_mijn_loket_lists_the_bezwaar_with_its_status(page, axe, live_server, zgw, settings):  # noqa: F811
    settings.LOKET_DEMO_LOGIN = True
    settings.CELERY_TASK_ALWAYS_EAGER = False  # the jobs run below, as a worker would
    publish_demo_forms()
    login_service.configure_demo()
    found_services = services(zgw)
    FormRegistration.objects.create(form=Form.objects.get(slug="bezwaar"), backend="zgw", options=zgw_options())
    page.set_viewport_size(NARROW)
    found = []

    page.goto(f"{live_server.url}/mijn/")
    assert page.get_by_role("heading", name="Inloggen voor Mijn Loket").is_visible()
    found += axe("mijn login")
    page.get_by_role("button", name="Inloggen met DigiD (demo)").click()
    page.get_by_label("Uw BSN").fill("999991607")
    page.get_by_role("button", name="Inloggen").click()
    assert page.get_by_role("heading", name="Mijn Loket").is_visible()
    found += axe("mijn empty")

    page.goto(f"{live_server.url}/formulieren/bezwaar/")
    page.get_by_role("button", name="Start het formulier").click()
    fill_in_every_step(page)
    sign_and_send(page)
    run_due_jobs()
    record = RegistrationRecord.objects.get()
    set_status(zgw, found_services, record.results["zaak"]["url"], "In behandeling", "2026-12-05T10:00:00+01:00")

    page.goto(f"{live_server.url}/mijn/")
    assert page.get_by_text("In behandeling, sinds 5 december 2026").is_visible()
    assert page.get_by_role("link", name="Ontvangstbevestiging BZW-").is_visible()
    assert width(page) <= 320
    found += axe("mijn list")

    page.get_by_role("link", name="Bezwaar").click()
    assert page.get_by_role("heading", name="Statusgeschiedenis").is_visible()
    assert width(page) <= 320
    found += axe("mijn zaak")

    from django.core.cache import cache

    cache.clear()
    zgw.fail("GET", r"/zaken/api/v1/", 503, times=None)
    page.goto(f"{live_server.url}/mijn/")
    assert page.get_by_text("status nu niet beschikbaar").is_visible()
    assert width(page) <= 320
    found += axe("mijn outage")
    zgw.heal()

    assert found == []
