"""Characters no database can store (NUL, lone surrogates) get a Dutch field error, never a 500.

PostgreSQL refuses NUL in text and jsonb; SQLite would store it. Loket refuses it
on both, so a form behaves the same everywhere. Run this file on PostgreSQL too
(``DATABASE_URL=postgres://...``): there, storing such a value would fail.
"""

import pytest
from django.http import QueryDict

from submissions import service
from submissions.answers import saved_data
from tests.definitions import ALL_KINDS_POST
from tests.flow import start, step_url
from tests.html import page

MESSAGE = "bevat een onzichtbaar of ongeldig teken"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("naam", "Jan\x00Jansen"),
        ("toelichting", "regel\x00"),
        ("bedrag", "12\x00"),
        ("gemeente", "zwolle\x00"),
        ("onderwerpen", ["afval", "\x00"]),
        ("akkoord", "on\x00"),
        ("adres.straat", "\x00"),
    ],
)
def test_a_nul_byte_in_an_answer_is_refused_with_a_field_error(citizen, all_kinds_form, field, value):
    submission = start(citizen, all_kinds_form.slug)

    response = citizen.post(step_url(submission, "velden"), {**ALL_KINDS_POST, field: value})

    assert response.status_code == 400
    html = page(response)
    error = html.by_id("field-" + field.replace(".", "-") + "-error")
    assert MESSAGE in error.text
    assert "\x00" not in response.content.decode()
    assert saved_data(submission) == {}


def test_a_lone_surrogate_is_refused_too(all_kinds_form, db):
    submission = service.start_submission(all_kinds_form)
    step = all_kinds_form.live_version.spec.step("velden")
    post = QueryDict(mutable=True)
    for key, value in ALL_KINDS_POST.items():
        post.setlist(key, value if isinstance(value, list) else [value])
    post["naam"] = "Jan \ud800"

    result = service.submit_step(submission, step, post)

    assert MESSAGE in result.errors["naam"]
    assert saved_data(submission) == {}


def test_the_same_answer_without_the_character_is_saved(citizen, all_kinds_form):
    submission = start(citizen, all_kinds_form.slug)
    citizen.post(step_url(submission, "velden"), {**ALL_KINDS_POST, "naam": "Jan\x00"})

    response = citizen.post(step_url(submission, "velden"), ALL_KINDS_POST)

    assert response.status_code == 302
    assert saved_data(submission)["velden"]["naam"] == "Jan Jansen"


@pytest.mark.parametrize("field", ["kenmerk", "controlegetal"])
def test_the_public_receipt_check_answers_a_nul_byte_without_failing(citizen, db, field):
    post = {"kenmerk": "BZW-2026-7KX9QD", "controlegetal": "a" * 64, field: "BZW\x00"}

    response = citizen.post("/ontvangstbevestiging/controleren/", post)

    assert response.status_code in (200, 400)
    assert "\x00" not in response.content.decode()
