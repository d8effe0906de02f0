"""axe-core (WCAG 2.1 A and AA rules) finds nothing on the citizen pages, error state included."""

import pytest

from .bezwaar import fill_in_every_step, publish_demo_forms, sign_and_send
from .conftest import AXE, RULES, axe  # noqa: F401  (kept importable from here for other browser tests)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_no_violations_from_start_to_receipt(page, axe, live_server):  # noqa: F811
    publish_demo_forms()
    found = []

    page.goto(f"{live_server.url}/")
    found += axe("index")
    page.goto(f"{live_server.url}/formulieren/bezwaar/")
    found += axe("start")
    page.get_by_role("button", name="Start het formulier").click()
    found += axe("step")
    page.get_by_role("button", name="Volgende").click()
    found += axe("step with errors")

    fill_in_every_step(page)
    found += axe("overview")
    page.get_by_role("button", name="Verzenden").click()
    found += axe("overview with errors")
    sign_and_send(page)
    found += axe("confirmation")

    page.goto(f"{live_server.url}/ontvangstbevestiging/controleren/")
    found += axe("receipt check")

    assert found == []


def test_the_check_does_find_violations(page, axe):  # noqa: F811
    page.set_content('<html lang="nl"><head><title>t</title></head><body><main><img src="x.png"></main></body></html>')

    assert any("image-alt" in line for line in axe("broken page"))
