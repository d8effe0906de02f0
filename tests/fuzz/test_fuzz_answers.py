"""Generated answers posted to every step: a clear Dutch error or an accepted step, never a crash.

A refused step stores nothing (the step's saved data stays as it was); an accepted one stores data
the overview can show.
"""

from urllib.parse import quote, quote_from_bytes

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from submissions.models import Submission, SubmissionStep
from tests.flow import BEZWAAR_ANSWERS, VRAAG_ANSWERS, fill, overview_url, start, step_url
from tests.html import form_data, page

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
TEXT = st.text(st.characters(codec="utf-8"), max_size=60)
VALUES = st.one_of(
    TEXT.map(str.encode),
    st.binary(max_size=40),  # mostly invalid UTF-8
    st.sampled_from([b"", b" ", b"\xff\xfe", b"\xed\xa0\x80", b"1e999", b"-0", b"2026-02-30", b"x" * 100_000]),
    st.sampled_from(["[" * 5000, '{"a":' * 1000, "é" * 20_000]).map(str.encode),
)
ODD_NAMES = st.one_of(
    TEXT,
    st.sampled_from(["", ".", "a..b", "adres.", ".straat", "__proto__", "csrfmiddlewaretoken", ".".join("a" * 400)]),
)


def encode(fields: list[tuple[str, bytes]]) -> bytes:
    return "&".join(f"{quote(name)}={quote_from_bytes(value)}" for name, value in fields).encode("ascii")


def field_names(client: Client, url: str) -> list[str]:
    form = page(client.get(url)).find("main").find("form", method="post")
    return sorted(name for name in form_data(form) if name != "csrfmiddlewaretoken")


def saved(submission: Submission, step_key: str):
    return (
        SubmissionStep.objects.filter(submission=submission, step_key=step_key).values_list("data", flat=True).first()
    )


def post_raw(client: Client, url: str, body: bytes):
    return client.generic("POST", url, body, content_type="application/x-www-form-urlencoded")


def throw_at_every_step(citizen: Client, submission: Submission, steps: list[str], data) -> None:
    step_key = data.draw(st.sampled_from(steps), label="step")
    url = step_url(submission, step_key)
    names = field_names(citizen, url)
    fields = [(name, data.draw(VALUES, label=name)) for name in data.draw(st.lists(st.sampled_from(names)))]
    fields += [(name, data.draw(VALUES, label=name)) for name in data.draw(st.lists(ODD_NAMES, max_size=3))]
    before = saved(submission, step_key)

    response = post_raw(citizen, url, encode(fields))

    assert response.status_code in (302, 400), response.status_code
    if response.status_code == 400:
        assert page(response).find(class_="loket-error-summary"), "a refused step says what is wrong"
        assert saved(submission, step_key) == before, "a refused step stores nothing"
    else:
        assert citizen.get(overview_url(submission)).status_code == 200


@FUZZ
@given(data=st.data())
def test_answers_to_every_step_of_the_bezwaar(bezwaar, citizen, data):
    submission = _filled(citizen, "bezwaar", BEZWAAR_ANSWERS)
    throw_at_every_step(citizen, submission, list(BEZWAAR_ANSWERS), data)


@FUZZ
@given(data=st.data())
def test_answers_to_every_step_of_the_vraag(vraag, citizen, data):
    submission = _filled(citizen, "vraag-of-bericht", VRAAG_ANSWERS)
    throw_at_every_step(citizen, submission, list(VRAAG_ANSWERS), data)


@FUZZ
@given(data=st.data())
def test_answers_to_a_field_of_every_kind(all_kinds_form, citizen, data):
    submission = _filled(citizen, all_kinds_form.slug, {})
    throw_at_every_step(citizen, submission, [all_kinds_form.live_version.definition["steps"][0]["key"]], data)


def _filled(citizen: Client, slug: str, answers: dict) -> Submission:
    """One submission per test, every step answered (so any step may be posted to)."""
    existing = Submission.objects.filter(form_version__form__slug=slug).first()
    if existing:
        return existing
    submission = start(citizen, slug)
    fill(citizen, submission, answers)
    return submission


@pytest.mark.parametrize(
    "body",
    [
        b"x=" + b"y" * 3_000_000,  # larger than Django lets a form post be
        b"&".join(b"f%d=1" % n for n in range(1500)),  # more fields than Django accepts
        b"%",  # a broken escape
    ],
    ids=["too large", "too many fields", "broken escape"],
)
def test_posts_django_refuses_get_a_clear_page(vraag, citizen, body):
    submission = start(citizen, "vraag-of-bericht")

    response = post_raw(citizen, step_url(submission, "bericht"), body)

    assert response.status_code in (400, 413)
    assert saved(submission, "bericht") is None


def test_nul_in_an_answer_is_refused(vraag, citizen):
    submission = start(citizen, "vraag-of-bericht")
    post = {**VRAAG_ANSWERS["bericht"], "onderwerp": "Afval\x00inzameling"}

    response = citizen.post(step_url(submission, "bericht"), post)

    assert response.status_code == 400
    assert saved(submission, "bericht") is None
