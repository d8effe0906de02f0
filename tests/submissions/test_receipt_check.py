"""The public receipt check (Wmebv B5): reference and digest match, or not, and nothing more."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tests.flow import VRAAG_ANSWERS
from tests.html import page

from .test_receipt_views import send

VERIFY = reverse("submissions:verify")

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent_vraag(vraag, citizen):
    return send(citizen, "vraag-of-bericht", VRAAG_ANSWERS)


def test_the_check_page_asks_for_reference_and_digest(db):
    response = Client().get(VERIFY)

    assert response.status_code == 200
    form = page(response).find("main").find("form", method="post")
    assert [field["name"] for field in form.find_all("input") if field.get("type") != "hidden"] == [
        "kenmerk",
        "controlegetal",
    ]
    assert "Gemeente Voorbeeld" in page(response).find("main").text


ANSWER_TEXTS = ["Afvalinzameling", "grofvuil", "Fatima", "fatima@example.nl", "Per e-mail"]


@pytest.mark.parametrize(
    "typed",
    [
        lambda ref, dig: (ref, dig),
        lambda ref, dig: (f" {ref.lower()} ", dig.upper()),
        lambda ref, dig: (ref, " ".join(dig[i : i + 8] for i in range(0, 64, 8))),  # as printed on the PDF
    ],
    ids=["as is", "case and spaces", "in groups of eight"],
)
def test_the_right_pair_says_it_is_right_and_nothing_more(sent_vraag, typed):
    kenmerk, controlegetal = typed(sent_vraag.public_reference, sent_vraag.receipt_digest)

    response = Client().post(VERIFY, {"kenmerk": kenmerk, "controlegetal": controlegetal})

    assert response.status_code == 200
    text = page(response).find("main").text
    assert "Dit klopt." in text and "Dit klopt niet" not in text
    content = response.content.decode()
    for secret in [*ANSWER_TEXTS, "Vraag of bericht aan de gemeente", "vraag-of-bericht", str(sent_vraag.uuid)]:
        assert secret not in content
    assert "20-02-2026" not in content  # not even when it was received


@pytest.mark.parametrize("separator", ["\n", "\r\n", "\t", "\u00a0"], ids=["LF", "CRLF", "tab", "nbsp"])
def test_a_digest_copied_in_groups_across_lines_still_matches(sent_vraag, separator):
    grouped = separator.join(sent_vraag.receipt_digest[i : i + 8] for i in range(0, 64, 8))

    response = Client().post(VERIFY, {"kenmerk": sent_vraag.public_reference, "controlegetal": grouped})

    assert "Dit klopt." in page(response).find("main").text


@pytest.mark.parametrize(
    "wrong",
    [
        lambda ref, dig: (ref, dig[:-1] + ("0" if dig[-1] != "0" else "1")),
        lambda ref, dig: ("VRB-2026-ZZZZZZ", dig),
        lambda ref, dig: (ref, "abc"),
    ],
    ids=["digest one character off", "other reference", "short digest"],
)
def test_a_wrong_pair_says_it_is_not_right(sent_vraag, wrong):
    kenmerk, controlegetal = wrong(sent_vraag.public_reference, sent_vraag.receipt_digest)

    response = Client().post(VERIFY, {"kenmerk": kenmerk, "controlegetal": controlegetal})

    assert response.status_code == 200
    text = page(response).find("main").text
    assert "Dit klopt niet." in text
    assert not any(secret in text for secret in ANSWER_TEXTS)


@pytest.mark.parametrize(
    "posted", [{}, {"kenmerk": "VRB-2026-ABCDEF"}, {"controlegetal": "a" * 64}, {"kenmerk": " ", "controlegetal": " "}]
)
def test_empty_fields_are_refused_with_a_message(db, posted):
    response = Client().post(VERIFY, posted)

    assert response.status_code == 400
    summary = page(response).find(class_="loket-error-summary")
    assert summary.text == "Vul het kenmerk en het controlegetal in."
    assert summary["role"] == "alert"
    assert "Dit klopt" not in page(response).find("main").text


def test_checking_is_limited_per_address(sent_vraag):
    client = Client()
    pair = {"kenmerk": sent_vraag.public_reference, "controlegetal": "0" * 64}
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC), tick=False) as clock:
        for _ in range(10):
            assert client.post(VERIFY, pair, REMOTE_ADDR="192.0.2.10").status_code == 200

        limited = client.post(VERIFY, pair, REMOTE_ADDR="192.0.2.10")

        assert limited.status_code == 429
        assert limited["Retry-After"] == "600"
        assert "te vaak" in page(limited).find(role="alert").text
        right = {**pair, "controlegetal": sent_vraag.receipt_digest}
        assert "Dit klopt" not in client.post(VERIFY, right, REMOTE_ADDR="192.0.2.10").content.decode()
        assert client.get(VERIFY, REMOTE_ADDR="192.0.2.10").status_code == 200  # reading the page is not limited
        assert client.post(VERIFY, right, REMOTE_ADDR="192.0.2.11").status_code == 200  # another address

        clock.shift(601)
        assert client.post(VERIFY, pair, REMOTE_ADDR="192.0.2.10").status_code == 200
