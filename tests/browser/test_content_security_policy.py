"""In a real Chromium, the Content-Security-Policy refuses inline script while every page still works."""

import pytest

from .bezwaar import publish_demo_forms

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INJECT = """() => {
    const script = document.createElement("script");
    script.textContent = "window.injected = true";
    document.body.appendChild(script);
    const styled = document.createElement("p");
    styled.setAttribute("style", "color: rgb(255, 0, 0)");
    document.body.appendChild(styled);
    return getComputedStyle(styled).color;
}"""


@pytest.mark.parametrize("path", ["/", "/formulieren/bezwaar/", "/ontvangstbevestiging/controleren/", "/beheer/login/"])
def test_inline_script_and_style_are_refused(page, live_server, path):
    publish_demo_forms()
    page.goto(live_server.url + path)

    color = page.evaluate(INJECT)

    assert page.evaluate("window.injected === undefined")
    assert color != "rgb(255, 0, 0)"
    page.wait_for_timeout(100)  # console messages arrive asynchronously
    assert any("script-src" in text for text in page.csp_refusals), page.csp_refusals
    assert any("style-src" in text for text in page.csp_refusals), page.csp_refusals
    page.csp_refusals.clear()
