"""Publishing refuses a draft with problems and lists every one of them at once; warnings do not block."""

import pytest
from django.urls import reverse

from builder import service
from builder.models import Form
from tests import definitions
from tests.factories import FormFactory
from tests.html import page

pytestmark = pytest.mark.django_db


def stored_draft(definition: dict) -> Form:
    """A form whose draft was stored as is (as before a check existed), bypassing ``save_draft``."""
    form = FormFactory(definition=definitions.melding())
    Form.objects.filter(pk=form.pk).update(draft=definition)
    form.refresh_from_db()
    return form


def broken_in_three_ways() -> dict:
    definition = definitions.melding()
    definition["steps"][0]["ui"]["fields"]["onderwerp"]["label"] = "   "
    definition["steps"][1]["ui"]["fields"]["email"]["choices"] = {"x": "X"}
    definition["logic"] = [
        {"when": {"==": [{"var": "melding.soort"}, "x"]}, "then": [{"action": "hide_step", "step": "contact"}]}
    ]
    return definition


def test_every_problem_is_listed_at_once_and_nothing_is_published():
    form = stored_draft(broken_in_three_ways())

    with pytest.raises(service.InvalidDefinition) as refused:
        service.publish(form)

    assert [str(problem) for problem in refused.value.errors] == [
        "$.steps[1].ui.fields.email.choices: a email field has no choices",
        "$.logic[0].when[\"==\"][0].var: there is no field 'melding.soort'",
        "$.steps[0].ui.fields.onderwerp.label: every question needs a label citizens can read",
    ]
    form.refresh_from_db()
    assert form.live_version is None


def test_a_bsn_form_must_use_the_link_free_email():
    definition = definitions.melding()
    definition["steps"][0]["schema"]["properties"]["bsn"] = {"type": "string", "format": "nl-bsn"}
    definition["steps"][0]["ui"]["fields"]["bsn"] = {"kind": "bsn", "label": "BSN"}
    definition["steps"][0]["ui"]["order"].append("bsn")
    problems = service.publish_problems(stored_draft(definition))
    assert [problem.path for problem in problems] == ["$.settings.receipt_email"]


def test_missing_english_and_an_unmarked_email_field_are_warnings_not_blockers():
    definition = definitions.melding()
    definition["steps"][1]["ui"]["fields"]["email"].pop("confirmation_recipient")
    form = stored_draft(definition)
    assert service.publish_problems(form) == []
    unmarked, warning = service.publish_warnings(form)
    assert unmarked.path == "$.steps[1].ui.fields.email.confirmation_recipient"
    assert warning.message.startswith(
        "6 text(s) have no English translation: $.settings.introduction, $.steps[0].title"
    )
    assert service.publish(form).number == 1


def test_the_admin_lists_every_problem(editor_client):
    form = stored_draft(broken_in_three_ways())
    response = editor_client.post(
        reverse("admin:builder_form_changelist"),
        {"action": "publish_selected", "_selected_action": [form.pk]},
        follow=True,
    )
    messages = [item.text for item in page(response).find(class_="messagelist").find_all("li")]
    assert len(messages) == 3
    assert all(message.lower().startswith(f"{form.slug}: $.") for message in messages), messages
