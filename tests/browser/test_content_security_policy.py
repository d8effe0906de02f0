"""In a real Chromium, the Content-Security-Policy refuses inline script while every page still works."""

import pytest
from django.urls import reverse

from builder.models import Form
from tests.factories import SubmissionFactory, UserFactory
from tests.staff import staff_client

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


def test_admin_pages_work_under_the_policy(page, live_server, settings):
    """Staff pages too: the page fixture fails the test on any refusal."""
    publish_demo_forms()
    form = Form.objects.get(slug="bezwaar")
    submission = SubmissionFactory(received=True)
    session = staff_client(UserFactory(is_staff=True, is_superuser=True)).cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": session.key, "value": session.value, "url": live_server.url}])

    for name, args in [
        ("admin:index", []),
        ("admin:builder_form_change", [form.pk]),
        ("admin:submissions_submission_changelist", []),
        ("admin:submissions_submission_change", [submission.pk]),
        ("admin:availability_outage_add", []),
    ]:
        response = page.goto(live_server.url + reverse(name, args=args))
        assert response.status == 200, name
        assert "Content-Security-Policy" in {header.title() for header in response.headers}, name
        if name == "admin:builder_form_change":
            font = page.locator("textarea.loket-definition").evaluate("(area) => getComputedStyle(area).fontFamily")
            assert "monospace" in font
