"""What screen readers rely on: the progress list, the groups of choices, the PDF page that updates itself."""

from django.core import signing

from tests.factories import SubmissionFactory
from tests.flow import BEZWAAR_ANSWERS, fill, overview_url, start, step_url
from tests.html import page


def progress(response) -> list[tuple[str, str | None, bool]]:
    """(text, link, current?) of each item of the "Voortgang" list."""
    nav = page(response).find("nav", aria_labelledby="voortgang-title")
    assert nav.by_id("voortgang-title").text == "Voortgang"
    return [
        (item.text, (item.find_all("a") or [None])[0] and item.find("a")["href"], item.get("aria-current") == "step")
        for item in nav.find_all("li")
    ]


def test_the_progress_list_shows_every_step_and_marks_the_current_one(citizen, bezwaar):
    submission = start(citizen, "bezwaar")
    fill(citizen, submission, {"indiener": BEZWAAR_ANSWERS["indiener"]})

    items = progress(citizen.get(step_url(submission, "besluit")))

    assert [current for _text, _link, current in items] == [False, True, False, False]
    assert items[0][1] == step_url(submission, "indiener")  # done: a link back
    assert items[1][1] is None and "(huidige stap)" in items[1][0]
    assert items[2][1] is None  # not reached yet: no link
    assert items[3][0] == "Controleren en versturen"
    assert "(klaar)" in items[0][0]


def test_on_the_overview_the_last_item_is_current(citizen, bezwaar):
    submission = start(citizen, "bezwaar")
    fill(citizen, submission, BEZWAAR_ANSWERS)

    items = progress(citizen.get(overview_url(submission)))

    assert [current for *_rest, current in items] == [False, False, False, True]
    assert all(link for _text, link, _current in items[:3])


def test_choice_groups_carry_aria_required_only_where_aria_allows_it(citizen, all_kinds_form):
    submission = start(citizen, all_kinds_form.slug)
    html = page(citizen.get(step_url(submission, "velden")))

    for fieldset in html.find_all("fieldset"):
        if fieldset.get("aria-required") is not None:
            # A fieldset is a group: aria-required is allowed on a radiogroup, never on a group
            # (axe: aria-allowed-attr).
            assert fieldset.get("role") == "radiogroup", fieldset
    radios = [f for f in html.find_all("fieldset") if f.find_all("input", type="radio")]
    assert radios and all(f.get("role") == "radiogroup" for f in radios)


def test_the_pdf_pending_page_says_it_will_update_and_is_a_status_region(client, db):
    received = SubmissionFactory(received=True)
    token = signing.TimestampSigner(salt="loket.receipt-pdf").sign(str(received.uuid))
    url = f"/ontvangstbevestiging/pdf/{token}/"

    response = client.get(url)

    assert response.status_code == 202
    html = page(response)
    box = html.find("div", data_receipt_pdf=True)
    assert box["data-pdf-url"] == url
    status = box.find("p", role="status")
    assert "zodra hij klaar is" in status.text
    assert not html.find_all("meta", http_equiv="refresh")
