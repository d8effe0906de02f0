"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright against the live test server.

Playwright never downloads a browser of its own here. Without Chromium the tests
are skipped, unless LOKET_REQUIRE_BROWSER is set (CI sets it), then they fail.
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("LOKET_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# there are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        if os.environ.get("LOKET_REQUIRE_BROWSER"):
            pytest.fail(f"Chromium not found at {CHROMIUM}")
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    """A fresh browser tab. Whatever the Content-Security-Policy refused on the way fails the test.

    Chromium reports each refusal on the console; a test that provokes one on purpose empties
    ``page.csp_refusals`` after checking it.
    """
    context = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.csp_refusals = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and page.csp_refusals.append(message.text),
    )
    yield page
    refusals = page.csp_refusals
    context.close()
    assert refusals == [], "the Content-Security-Policy refused part of a page"


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
