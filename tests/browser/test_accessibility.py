"""axe-core (WCAG 2.1 A and AA rules) finds nothing on the citizen pages, error state included."""

import os
from pathlib import Path

import pytest

from .bezwaar import fill_in_every_step, publish_demo_forms, sign_and_send

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
AXE = Path(os.environ.get("LOKET_AXE_JS", ROOT / "node_modules" / "axe-core" / "axe.min.js"))
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture
def axe(page):
    if not AXE.exists():
        if os.environ.get("LOKET_REQUIRE_BROWSER"):
            pytest.fail(f"axe-core not found at {AXE} (run `npm ci`)")
        pytest.skip(f"axe-core not found at {AXE} (run `npm ci`)")
    source = AXE.read_text()

    def check(name: str) -> list[str]:
        # Evaluated through the DevTools protocol: a <script> tag would be refused by the page's CSP.
        page.evaluate(source)
        result = page.evaluate("(rules) => axe.run(document, {runOnly: rules})", RULES)
        return [f"{name}: {v['id']} ({len(v['nodes'])}x) {v['help']}" for v in result["violations"]]

    return check


def test_no_violations_from_start_to_receipt(page, axe, live_server):
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


def test_the_check_does_find_violations(page, axe):
    page.set_content('<html lang="nl"><head><title>t</title></head><body><main><img src="x.png"></main></body></html>')

    assert any("image-alt" in line for line in axe("broken page"))
