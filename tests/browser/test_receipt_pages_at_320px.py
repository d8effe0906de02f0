"""The confirmation page and the public check page fit a 320 px wide screen (WCAG 1.4.10 reflow).

Both hold long unbreakable strings: the check page's address and the digest on the one, the heading
word "Ontvangstbevestiging" at heading size on the other.
"""

import pytest

from submissions.models import Submission

from .bezwaar import fill_in_every_step, publish_demo_forms, sign_and_send

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW = {"width": 320, "height": 640}


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.fixture
def long_public_url(settings):
    settings.LOKET_PUBLIC_URL = "https://formulieren.gemeente-voorbeeldstad.nl"


def test_the_confirmation_page_fits_320_pixels(page, live_server, long_public_url):
    publish_demo_forms()
    page.set_viewport_size(NARROW)
    page.goto(f"{live_server.url}/formulieren/bezwaar/")
    page.get_by_role("button", name="Start het formulier").click()
    fill_in_every_step(page)
    sign_and_send(page)

    assert page.get_by_role("heading", name="Wij hebben uw formulier ontvangen").is_visible()
    assert page.get_by_text("https://formulieren.gemeente-voorbeeldstad.nl/ontvangstbevestiging/controleren/").count()
    assert page_width(page) <= 320


def test_the_check_page_fits_320_pixels_empty_and_with_a_result(page, live_server):
    publish_demo_forms()
    page.set_viewport_size(NARROW)
    page.goto(f"{live_server.url}/ontvangstbevestiging/controleren/")
    assert page.get_by_role("heading", name="Ontvangstbevestiging controleren").is_visible()
    assert page_width(page) <= 320

    page.get_by_label("Kenmerk").fill("BZW-2026-ZZZZZZ")
    page.get_by_label("Controlegetal (SHA-256)").fill("ab" * 32)
    page.get_by_role("button", name="Controleren").click()

    assert page.get_by_text("Dit klopt niet.").is_visible()
    assert not Submission.objects.exists()
    assert page_width(page) <= 320
