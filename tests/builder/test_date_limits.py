"""Date fields limited relative to today: stored in the definition, set in the panel, checked on every post."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from django.utils.datastructures import MultiValueDict

from builder import service
from builder.definition.validation import InvalidDefinition, validate_definition
from builder.models import Form
from builder.spec import FormSpec
from builder.state import FormState
from submissions.validation import validate_post
from tests import definitions
from tests.factories import FormFactory
from tests.flow import start, step_url
from tests.html import page

TODAY = datetime.date(2026, 3, 15)


def with_date(**ui) -> dict:
    definition = definitions.melding()
    step = definition["steps"][0]
    step["schema"]["properties"]["datum"] = {"type": "string", "format": "date"}
    step["ui"]["order"].append("datum")
    step["ui"]["fields"]["datum"] = {"kind": "date", "label": "Datum", **ui}
    return definition


def errors_for(definition: dict, date: str, today: datetime.date = TODAY) -> dict:
    spec = FormSpec(definition)
    state = FormState(spec, {}, today=today)
    posted = MultiValueDict({"onderwerp": ["Tegel"], "datum": [date]})
    return validate_post(state, spec.steps[0], posted).errors


@pytest.mark.parametrize(
    ("date", "error"),
    [
        ("2026-03-14", None),  # yesterday
        ("2026-03-15", None),  # today
        ("2026-03-16", "‘Datum’ mag niet in de toekomst liggen."),  # tomorrow
        ("16-3-2026", "‘Datum’ mag niet in de toekomst liggen."),  # typed the Dutch way
    ],
)
def test_not_in_the_future(date, error):
    assert errors_for(with_date(latest={"days": 0}), date).get("datum") == error


@pytest.mark.parametrize(
    ("date", "error"),
    [
        ("2026-03-14", "‘Datum’ mag niet in het verleden liggen."),
        ("2026-03-15", None),
        ("2026-03-16", None),
    ],
)
def test_not_in_the_past(date, error):
    assert errors_for(with_date(earliest={"days": 0}), date).get("datum") == error


def test_limits_in_months_and_years_name_the_date_they_mean():
    definition = with_date(earliest={"years": -5}, latest={"months": 3})

    assert errors_for(definition, "2021-03-15") == {}
    assert errors_for(definition, "2021-03-14") == {
        "datum": "‘Datum’ mag niet eerder zijn dan 5 jaar geleden (15-03-2021)."
    }
    assert errors_for(definition, "2026-06-15") == {}
    assert errors_for(definition, "2026-06-16") == {
        "datum": "‘Datum’ mag niet later zijn dan 3 maanden vanaf vandaag (15-06-2026)."
    }


def test_today_is_the_date_in_the_sites_time_zone():
    # 23:30 UTC on 15 March is already 16 March in Amsterdam.
    spec = FormSpec(with_date(latest={"days": 0}))
    posted = MultiValueDict({"onderwerp": ["Tegel"], "datum": ["2026-03-16"]})
    with time_machine.travel(datetime.datetime(2026, 3, 15, 23, 30, tzinfo=datetime.UTC), tick=False):
        assert validate_post(FormState(spec, {}), spec.steps[0], posted).errors == {}
    with time_machine.travel(datetime.datetime(2026, 3, 15, 22, 30, tzinfo=datetime.UTC), tick=False):
        assert validate_post(FormState(spec, {}), spec.steps[0], posted).errors != {}


def test_an_editors_message_replaces_the_default():
    definition = with_date(latest={"days": 0}, messages={"latest": "Een datum in de toekomst kan niet."})
    assert errors_for(definition, "2026-03-16") == {"datum": "Een datum in de toekomst kan niet."}


def test_a_hidden_or_unanswered_date_is_not_checked():
    definition = with_date(latest={"days": 0})
    assert errors_for(definition, "") == {}
    assert errors_for(definition, "morgen") == {"datum": "Vul een bestaande datum in, zoals 20-02-2026."}


def test_a_date_inside_a_repeating_group_names_the_item():
    definition = definitions.melding()
    step = definition["steps"][0]
    step["schema"]["properties"]["kinderen"] = {
        "type": "array",
        "items": {"type": "object", "properties": {"geboren": {"type": "string", "format": "date"}}},
    }
    step["ui"]["order"].append("kinderen")
    step["ui"]["fields"]["kinderen"] = {
        "kind": "repeat",
        "label": "Kinderen",
        "item_label": "Kind",
        "order": ["geboren"],
        "fields": {"geboren": {"kind": "date", "label": "Geboortedatum", "latest": {"days": 0}}},
    }
    validate_definition(definition)
    spec = FormSpec(definition)
    posted = MultiValueDict(
        {
            "onderwerp": ["Tegel"],
            "kinderen": ["2"],
            "kinderen.0.geboren": ["2020-01-01"],
            "kinderen.1.geboren": ["2027-01-01"],
        }
    )
    errors = validate_post(FormState(spec, {}, today=TODAY), spec.steps[0], posted).errors
    assert errors == {"kinderen.1.geboren": "Kind 2: ‘Geboortedatum’ mag niet in de toekomst liggen."}


def test_the_field_says_its_limits_under_the_label(citizen):
    form = FormFactory(definition=with_date(latest={"days": 0}), published=True)
    html = page(citizen.get(step_url(start(citizen, form.slug), "melding")))
    hint = html.by_id("field-datum-hint")
    assert hint.text == "Niet in de toekomst."
    assert "field-datum-hint" in html.by_id("field-datum")["aria-describedby"].split()


def test_both_limits_read_as_one_sentence():
    spec = FormSpec(with_date(earliest={"years": -18}, latest={"days": 0}))
    assert spec.steps[0].by_path["datum"].hint == "Niet eerder dan 18 jaar geleden en niet in de toekomst."


@pytest.mark.parametrize(
    ("limit", "path", "says"),
    [
        ({"weeks": 2}, "$.steps[0].ui.fields.datum.latest", "weeks"),
        ({"days": "0"}, "$.steps[0].ui.fields.datum.latest.days", "integer"),
        ({"days": 0, "years": 1}, "$.steps[0].ui.fields.datum.latest", ""),
        ({"years": 1000}, "$.steps[0].ui.fields.datum.latest.years", "100"),
        ([0, "days"], "$.steps[0].ui.fields.datum.latest", "object"),
    ],
)
def test_a_broken_limit_is_refused_with_its_json_path(limit, path, says):
    with pytest.raises(InvalidDefinition) as caught:
        validate_definition(with_date(latest=limit))
    paths = [error.path for error in caught.value.errors]
    assert path in paths, caught.value.errors
    assert says in str(caught.value)


def test_limits_that_leave_no_date_are_refused():
    with pytest.raises(InvalidDefinition) as caught:
        validate_definition(with_date(earliest={"days": 1}, latest={"days": 0}))
    assert [error.path for error in caught.value.errors] == ["$.steps[0].ui.fields.datum.earliest"]


@pytest.fixture
def dated(editor) -> Form:
    return FormFactory(definition=with_date(), published=True)


def test_the_property_panel_saves_and_clears_the_limits(editor_client, dated):
    url = reverse("admin:builder_form_builder", args=[dated.pk])
    where = "?step=melding&field=datum"
    data = {"step": "melding", "field": "datum", "label": "Datum", "action": "update_field"}
    with translation.override("en"):
        saved = editor_client.post(
            url + where, {**data, "earliest_0": "-18", "earliest_1": "years", "latest_0": "0", "latest_1": "days"}
        )
    assert saved.status_code == 302
    dated.refresh_from_db()
    field = dated.draft["steps"][0]["ui"]["fields"]["datum"]
    assert (field["earliest"], field["latest"]) == ({"years": -18}, {"days": 0})
    service.validate_definition(dated.draft)

    shown = page(editor_client.get(url + where))
    assert shown.by_id("id_earliest_0")["value"] == "-18"

    refused = editor_client.post(url + where, {**data, "earliest_0": "-500", "earliest_1": "years"})
    assert refused.status_code == 400
    dated.refresh_from_db()
    assert dated.draft["steps"][0]["ui"]["fields"]["datum"]["earliest"] == {"years": -18}

    cleared = editor_client.post(url + where, {**data, "earliest_0": "", "earliest_1": "years", "latest_0": ""})
    assert cleared.status_code == 302
    dated.refresh_from_db()
    assert "earliest" not in dated.draft["steps"][0]["ui"]["fields"]["datum"]
    assert "latest" not in dated.draft["steps"][0]["ui"]["fields"]["datum"]
