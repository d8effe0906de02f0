"""An editor builds a two-step form with a rule in the builder without typing JSON, publishes it, and
a citizen fills it in; axe-core finds nothing on the builder pages."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from builder.models import Form
from submissions.models import Submission
from tests.staff import staff_client

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in_editor(page, live_server) -> None:
    """The demo editor's admin session (both factors), handed to the browser as its cookie."""
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    client = staff_client(get_user_model().objects.get(username="redacteur"))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])


def saved(page) -> None:
    assert page.locator(".messagelist .success").first.is_visible(), page.content()


def test_build_publish_and_fill_in_a_two_step_form(page, axe, live_server):
    log_in_editor(page, live_server)
    found = []

    page.goto(live_server.url + reverse("admin:builder_form_add"))
    found += axe("new form")
    page.locator("#id_name").fill("Hond aanmelden")
    page.locator("#id_slug").fill("hond-aanmelden")
    page.locator("#id_reference_prefix").fill("HND")
    page.get_by_role("button", name="Create and open the builder").click()
    saved(page)
    found += axe("builder, empty step")

    # Step 1: a required text field, added from the palette and set in its property panel.
    page.get_by_label("Label of the new field").fill("Naam van de hond")
    page.locator("button[data-kind=text]").click()
    saved(page)
    page.locator("#id_required").check()
    page.locator("#id_help").fill("Zoals op de chip staat.")
    page.get_by_role("button", name="Save field").click()
    saved(page)
    found += axe("builder with a field panel")

    # A choice field with its options, one per line.
    page.get_by_label("Label of the new field").fill("Soort hond")
    page.locator("button[data-kind=radio]").click()
    page.locator("#id_choices").fill("Klein\nGroot\nGeen van deze")
    page.get_by_role("button", name="Save field").click()
    saved(page)
    # The keyboard alternative to drag and drop: move it above the name.
    page.get_by_role("button", name="Move Soort hond up").click()
    saved(page)

    # A field that only applies to big dogs, and the rule that shows it.
    page.get_by_label("Label of the new field").fill("Gewicht in kilo")
    page.locator("button[data-kind=integer]").click()
    saved(page)
    page.get_by_role("link", name="Rules", exact=True).click()
    page.locator("#id_field").select_option("stap_1.soort_hond")
    page.locator("#id_operator").select_option("eq")
    page.locator("#id_value").fill("Groot")
    page.locator("#id_then").select_option("show_field")
    page.locator("#id_target").select_option("stap_1.gewicht_in_kilo")
    page.get_by_role("button", name="Add rule").click()
    saved(page)
    assert "Als ‘Soort hond’ gelijk is aan ‘Groot’ dan wordt ‘Gewicht in kilo’ getoond" in page.content()
    found += axe("rules")
    page.get_by_role("link", name="Builder", exact=True).click()

    # Step 2: an e-mail address that receives the confirmation.
    page.get_by_label("New step").fill("Contact")
    page.get_by_role("button", name="Add step").click()
    saved(page)
    page.get_by_label("Label of the new field").fill("E-mailadres")
    page.locator("button[data-kind=email]").click()
    page.locator("#id_confirmation_recipient").check()
    page.get_by_role("button", name="Save field").click()
    saved(page)

    page.get_by_role("link", name="Preview this step as citizens see it").click()
    assert page.get_by_label("E-mailadres (niet verplicht)").is_visible()
    found += axe("preview")

    form = Form.objects.get(slug="hond-aanmelden")
    for name in ("settings", "versions"):
        page.goto(live_server.url + reverse(f"admin:builder_form_{name}", args=[form.pk]))
        found += axe(name)

    # Publish from the builder.
    page.goto(live_server.url + reverse("admin:builder_form_builder", args=[form.pk]))
    page.get_by_role("button", name="Publish the draft").click()
    assert "Published version 1." in page.locator(".messagelist").inner_text()

    # The citizen fills it in.
    page.goto(f"{live_server.url}/formulieren/hond-aanmelden/")
    page.get_by_role("button", name="Start het formulier").click()
    assert page.locator("#field-soort_hond").count() == 1
    page.get_by_role("button", name="Volgende").click()
    assert "Vul ‘Naam van de hond’ in." in page.locator(".utrecht-form-field--invalid").first.inner_text()
    page.get_by_label("Naam van de hond").fill("Bello")
    weight = page.get_by_label(re.compile("Gewicht in kilo"))
    assert not weight.is_visible()  # the rule applies as the citizen answers
    page.get_by_label("Groot").check()
    weight.wait_for(state="visible")
    weight.fill("30")
    page.get_by_role("button", name="Volgende").click()
    page.get_by_label(re.compile("E-mailadres")).fill("baas@example.nl")
    page.get_by_role("button", name="Volgende").click()
    page.get_by_role("button", name="Verzenden").click()

    submission = Submission.objects.get(form_version__form__slug="hond-aanmelden")
    assert submission.status == Submission.Status.RECEIVED
    steps = {step.step_key: step.data for step in submission.steps.all()}
    assert steps == {
        "stap_1": {"soort_hond": "groot", "naam_van_de_hond": "Bello", "gewicht_in_kilo": 30},
        "contact": {"e_mailadres": "baas@example.nl"},
    }
    assert found == [], "\n".join(found)
