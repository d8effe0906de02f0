"""A gemachtigde logs in with the demo DigiD Machtigen and sends the bezwaarschrift for someone else."""

import re

import pytest

from machtigen import service as login_service

from .bezwaar import fill_in_every_step, publish_demo_forms, sign_and_send
from .test_accessibility import axe  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in_with_digid_machtigen(page, live_server) -> None:
    page.goto(f"{live_server.url}/formulieren/bezwaar/")
    page.get_by_role("button", name="Inloggen met DigiD Machtigen (demo)").click()
    page.get_by_label("Uw BSN (gemachtigde)").fill("999995224")
    page.get_by_label("BSN van wie u machtigde (machtiginggever)").fill("999991607")
    page.get_by_role("button", name="Inloggen").click()


def test_bezwaar_on_behalf_of_someone_with_digid_machtigen(page, axe, live_server, settings):  # noqa: F811
    settings.LOKET_DEMO_LOGIN = True
    publish_demo_forms()
    login_service.configure_demo()
    found = []

    page.goto(f"{live_server.url}/formulieren/bezwaar/")
    found += axe("start with login")
    page.get_by_role("button", name="Inloggen met DigiD Machtigen (demo)").click()
    assert page.get_by_text("Demo: dit is geen echte inlogpagina").is_visible()
    page.get_by_role("button", name="Inloggen").click()
    found += axe("demo login with errors")
    page.get_by_label("Uw BSN (gemachtigde)").fill("999995224")
    page.get_by_label("BSN van wie u machtigde (machtiginggever)").fill("999991607")
    page.get_by_role("button", name="Inloggen").click()

    page.get_by_role("button", name="Start het formulier").click()
    banner = page.get_by_role("note", name="Namens wie u dit invult")
    assert "U vult dit formulier in namens BSN ******607 (DigiD Machtigen)" in banner.inner_text()
    assert page.get_by_role("button", name="Uitloggen").is_visible()
    found += axe("step on behalf of someone")
    fill_in_every_step(page)
    assert page.get_by_role("note", name="Namens wie u dit invult").is_visible()
    found += axe("overview on behalf of someone")
    sign_and_send(page)

    assert page.get_by_text(re.compile(r"BSN \*+224 namens BSN \*+607")).is_visible()
    found += axe("confirmation on behalf of someone")
    assert "999991607" not in page.content() and "999995224" not in page.content()
    assert found == []


def test_the_timeout_warning_appears_before_the_login_ends_and_verlengen_works(
    page,
    axe,  # noqa: F811
    live_server,
    settings,
):
    settings.LOKET_DEMO_LOGIN = True
    settings.LOKET_LOGIN_IDLE_SECONDS = 123  # the warning comes 2 minutes before the end: after 3 seconds
    publish_demo_forms()
    login_service.configure_demo()
    log_in_with_digid_machtigen(page, live_server)

    warning = page.get_by_role("alert").filter(has_text="Uw sessie verloopt over 2 minuten")
    assert not warning.is_visible()
    warning.wait_for(state="visible", timeout=10_000)
    verlengen = warning.get_by_role("button", name="Verlengen")
    assert verlengen.evaluate("button => document.activeElement === button")
    assert axe("timeout warning") == []
    verlengen.click()
    assert page.url.endswith("/formulieren/bezwaar/")
    assert page.get_by_role("button", name="Uitloggen").is_visible()
