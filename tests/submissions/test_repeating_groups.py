"""Repeating groups ("Nog een toevoegen"): items between a minimum and a maximum, without JavaScript."""

import pytest

from builder.definition.validation import InvalidDefinition, validate_definition
from submissions.models import SubmissionStep
from submissions.receipt.data import build_receipt
from tests.factories import FormFactory
from tests.flow import overview_url, start, step_url, submit
from tests.html import error_summary, page

pytestmark = pytest.mark.django_db


def definition(minimum: int = 1, maximum: int = 3) -> dict:
    return {
        "format": "loket-form/1",
        "slug": "kinderen",
        "name": "Kinderen",
        "settings": {"reference_prefix": "KND"},
        "steps": [
            {
                "key": "gezin",
                "title": "Uw gezin",
                "schema": {
                    "type": "object",
                    "properties": {
                        "kinderen": {
                            "type": "array",
                            "minItems": minimum,
                            "maxItems": maximum,
                            "items": {
                                "type": "object",
                                "properties": {
                                    "naam": {"type": "string", "minLength": 1, "maxLength": 100},
                                    "geboortedatum": {"type": "string", "format": "date"},
                                },
                                "required": ["naam"],
                            },
                        }
                    },
                    "required": ["kinderen"],
                },
                "ui": {
                    "order": ["kinderen"],
                    "fields": {
                        "kinderen": {
                            "kind": "repeat",
                            "label": "Kinderen",
                            "item_label": "Kind",
                            "order": ["naam", "geboortedatum"],
                            "fields": {
                                "naam": {"kind": "text", "label": "Naam"},
                                "geboortedatum": {"kind": "date", "label": "Geboortedatum"},
                            },
                        }
                    },
                },
            }
        ],
    }


@pytest.fixture
def submission(citizen):
    FormFactory(definition=definition(), published=True)
    return start(citizen, "kinderen")


def buttons(response) -> list[tuple[str, str]]:
    return [(button.get("value", ""), button.text) for button in page(response).find_all("button")]


def values(response) -> dict[str, str]:
    return {item["name"]: item.get("value", "") for item in page(response).find_all("input") if item.get("name")}


def test_the_page_starts_with_one_item_and_an_add_button(citizen, submission):
    response = citizen.get(step_url(submission, "gezin"))

    assert values(response)["kinderen"] == "1"
    assert "kinderen.0.naam" in values(response)
    assert ("voeg-toe:kinderen:", "Nog een toevoegen: Kinderen") in buttons(response)
    assert not any(value.startswith("verwijder-item") for value, _ in buttons(response))  # the minimum is 1
    assert "Kind 1" in page(response).find("legend", class_="utrecht-form-fieldset__legend").parent.text


def test_items_are_stored_as_a_list_of_objects(citizen, submission):
    response = citizen.post(
        step_url(submission, "gezin"),
        {
            "kinderen": "2",
            "kinderen.0.naam": "Anna",
            "kinderen.0.geboortedatum": "3-4-2015",
            "kinderen.1.naam": "Bram",
        },
    )

    assert response.status_code == 302
    assert SubmissionStep.objects.get().data == {
        "kinderen": [{"naam": "Anna", "geboortedatum": "2015-04-03"}, {"naam": "Bram"}]
    }
    schema = submission.form_version.spec.data_schema()["properties"]["gezin"]["properties"]["kinderen"]
    assert schema["type"] == "array" and schema["items"]["type"] == "object"
    assert set(schema["items"]["properties"]) == {"naam", "geboortedatum"}


def test_add_another_keeps_what_was_typed(citizen, submission):
    response = citizen.post(
        step_url(submission, "gezin"),
        {"kinderen": "1", "kinderen.0.naam": "Anna", "loket-actie": "voeg-toe:kinderen:"},
    )

    assert response.status_code == 200
    assert values(response)["kinderen"] == "2"
    assert values(response)["kinderen.0.naam"] == "Anna"
    assert values(response)["kinderen.1.naam"] == ""
    assert not SubmissionStep.objects.exists()  # nothing saved until "Volgende"
    assert not error_summary(response)  # the empty new item is not an error yet


def test_remove_moves_the_later_items_up(citizen, submission):
    response = citizen.post(
        step_url(submission, "gezin"),
        {
            "kinderen": "3",
            "kinderen.0.naam": "Anna",
            "kinderen.1.naam": "Bram",
            "kinderen.2.naam": "Cas",
            "kinderen.2.geboortedatum": "1-1-2020",
            "loket-actie": "verwijder-item:kinderen:1",
        },
    )

    assert response.status_code == 200
    shown = values(response)
    assert shown["kinderen"] == "2"
    assert (shown["kinderen.0.naam"], shown["kinderen.1.naam"]) == ("Anna", "Cas")
    assert shown["kinderen.1.geboortedatum"] == "1-1-2020"
    assert "kinderen.2.naam" not in shown


def test_the_maximum_hides_the_add_button_and_bounds_a_direct_post(citizen, submission):
    posted = {"kinderen": "99", **{f"kinderen.{n}.naam": f"Kind {n}" for n in range(5)}}

    response = citizen.post(step_url(submission, "gezin"), posted)

    assert response.status_code == 302
    assert [item["naam"] for item in SubmissionStep.objects.get().data["kinderen"]] == ["Kind 0", "Kind 1", "Kind 2"]
    page_again = citizen.post(
        step_url(submission, "gezin"), {**posted, "kinderen": "3", "loket-actie": "voeg-toe:kinderen:"}
    )
    assert values(page_again)["kinderen"] == "3"
    assert not any(value.startswith("voeg-toe") for value, _ in buttons(page_again))


def test_errors_point_at_the_item(citizen, submission):
    response = citizen.post(
        step_url(submission, "gezin"),
        {"kinderen": "2", "kinderen.0.naam": "Anna", "kinderen.1.geboortedatum": "31-02-2020"},
    )

    assert response.status_code == 400
    assert error_summary(response) == [
        ("#field-kinderen-1-naam", "Kind 2: Vul ‘Naam’ in."),
        ("#field-kinderen-1-geboortedatum", "Kind 2: Vul een bestaande datum in, zoals 20-02-2026."),
    ]
    field = page(response).find("input", id="field-kinderen-1-naam")
    assert field["aria-invalid"] == "true"
    assert values(response)["kinderen.0.naam"] == "Anna"


def test_the_minimum_is_always_on_the_page(citizen):
    FormFactory(definition=definition(minimum=2), published=True)
    submission = start(citizen, "kinderen")

    response = citizen.post(step_url(submission, "gezin"), {"kinderen": "1", "kinderen.0.naam": "Anna"})

    assert response.status_code == 400
    assert error_summary(response) == [("#field-kinderen-1-naam", "Kind 2: Vul ‘Naam’ in.")]


def test_an_empty_required_group_says_so(citizen, submission):
    response = citizen.post(step_url(submission, "gezin"), {"kinderen": "1"})

    assert response.status_code == 400
    assert error_summary(response) == [("#field-kinderen", "Vul ‘Kinderen’ in.")]


def test_overview_and_receipt_show_a_numbered_list(citizen, submission, django_capture_on_commit_callbacks):
    citizen.post(
        step_url(submission, "gezin"),
        {"kinderen": "2", "kinderen.0.naam": "Anna", "kinderen.1.naam": "Bram", "kinderen.1.geboortedatum": "1-1-2020"},
    )
    overview = page(citizen.get(overview_url(submission)))
    rows = [(div.find("dt").text, div.find("dd").text) for div in overview.find("dl").find_all("div")]

    assert rows == [
        ("Kinderen", ""),
        ("Kind 1", ""),
        ("Naam", "Anna"),
        ("Geboortedatum", "Niet ingevuld"),
        ("Kind 2", ""),
        ("Naam", "Bram"),
        ("Geboortedatum", "01-01-2020"),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        submit(citizen, submission)
    receipt = build_receipt(submission)
    assert [(row.label, row.value, row.depth) for row in receipt.sections[0].rows][:3] == [
        ("Kinderen", "", 0),
        ("Kind 1", "", 1),
        ("Naam", "Anna", 2),
    ]


def test_pdf_shows_the_items(citizen, submission):
    from submissions.receipt import pdf
    from tests.submissions.test_receipt_pdf import text_of

    citizen.post(step_url(submission, "gezin"), {"kinderen": "2", "kinderen.0.naam": "Anna", "kinderen.1.naam": "Bram"})
    submit(citizen, submission)

    text = text_of(pdf.render_pdf(build_receipt(submission)))

    assert "Kind 1" in text and "Naam Anna" in text and "Kind 2" in text and "Naam Bram" in text


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: d["steps"][0]["schema"]["properties"]["kinderen"].update(items={"type": "string"}), "items"),
        (
            lambda d: d["steps"][0]["ui"]["fields"]["kinderen"]["fields"]["naam"].update(
                kind="file", upload={"types": ["pdf"]}
            ),
            "fields.naam.kind",
        ),
        (lambda d: d["steps"][0]["schema"]["properties"]["kinderen"].update(maxItems=500), "maxItems"),
    ],
)
def test_definitions_with_impossible_groups_are_refused(change, path):
    broken = definition()
    change(broken)

    with pytest.raises(InvalidDefinition) as caught:
        validate_definition(broken)

    assert any(path in error.path for error in caught.value.errors), caught.value.errors
