"""Form logic in a real browser: the page agrees with the server, with and without JavaScript."""

import pytest

from builder.logic.operators import resolve_today
from builder.service import import_definition
from submissions.models import Submission
from tests import definitions
from tests.builder.logic_table import CASES, TODAY, browser_payload, server_condition, server_outcome

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def step_url(live_server):
    """The first step of the parking form (it has rules, so the page loads logic.js)."""
    form, _ = import_definition(definitions.parkeren(), publish_it=True)
    return f"{live_server.url}/formulieren/{form.slug}/"


def start(page, url: str) -> None:
    page.goto(url)
    page.get_by_role("button", name="Start het formulier").click()


def test_the_browser_and_the_server_agree_on_every_case(page, step_url):
    start(page, step_url)
    # The logic script is deferred: it has run once the page has loaded. (wait_for_function would
    # evaluate a string in the page, which the page's CSP forbids.)
    page.wait_for_load_state("load")
    assert page.evaluate("window.LoketLogic !== undefined")

    conditions = [{**case, "when": resolve_today(case["when"], TODAY)} for case in CASES["conditions"]]
    in_browser = page.evaluate(
        "cases => cases.map(c => window.LoketLogic.truthy(window.LoketLogic.evaluate(c.when, c.data)))", conditions
    )
    assert in_browser == [server_condition(case) for case in CASES["conditions"]]
    assert in_browser == [case["expected"] for case in CASES["conditions"]]

    outcomes = [
        {
            "payload": browser_payload(group["rules"]),
            "data": case["data"],
            "server": server_outcome(group["rules"], case["data"]),
        }
        for group in CASES["outcomes"]
        for case in group["cases"]
    ]
    in_browser = page.evaluate(
        """cases => cases.map(c => {
            const result = window.LoketLogic.outcome(c.payload, c.data);
            return {hidden: result.hidden, required: result.required};
        })""",
        outcomes,
    )
    assert in_browser == [case["server"] for case in outcomes]


def test_a_field_appears_and_disappears_as_the_citizen_answers(page, step_url):
    start(page, step_url)
    kenteken = page.get_by_label("Kenteken")
    assert kenteken.is_hidden()

    page.get_by_label("Parkeren").check()
    assert kenteken.is_visible()
    page.get_by_label("Afval").check()
    assert kenteken.is_hidden()

    page.get_by_label("Onderwerp").fill("Auto op de stoep")
    page.get_by_label("Parkeren").check()
    kenteken.fill("AB-12-CD")
    page.get_by_role("button", name="Volgende").click()
    assert page.get_by_role("heading", name="Het voertuig").is_visible()
    submission = Submission.objects.get()
    assert submission.steps.get(step_key="melding").data["kenteken"] == "AB-12-CD"


def test_without_javascript_the_page_comes_back_with_the_field(browser, live_server, step_url):
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    try:
        start(page, step_url)
        assert page.get_by_label("Kenteken").is_hidden()
        page.get_by_label("Onderwerp").fill("Auto op de stoep")
        page.get_by_label("Parkeren").check()
        page.get_by_role("button", name="Volgende").click()

        assert page.get_by_label("Kenteken").is_visible()
        assert page.get_by_role("link", name="Vul ‘Kenteken’ in.").is_visible()
        assert page.get_by_label("Onderwerp").input_value() == "Auto op de stoep"
        assert page.get_by_label("Parkeren").is_checked()

        page.get_by_label("Kenteken").fill("AB-12-CD")
        page.get_by_role("button", name="Volgende").click()
        assert page.get_by_role("heading", name="Het voertuig").is_visible()
    finally:
        context.close()
