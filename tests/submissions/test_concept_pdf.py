"""The concept PDF (overview "Download als PDF") costs a render only when the answers changed, and only so
many renders per session: an anonymous visitor cannot keep the PDF renderer busy."""

import pytest

from submissions.receipt import concept
from tests.flow import VRAAG_ANSWERS, fill, start
from tests.html import page

from .test_receipt_views import concept_pdf_url, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch) -> list[int]:
    """Counts real renders of the concept PDF (the real renderer still runs)."""
    counted: list[int] = []
    real = concept.render_pdf

    def counting(receipt, attachment=None):
        counted.append(1)
        return real(receipt, attachment)

    monkeypatch.setattr(concept, "render_pdf", counting)
    return counted


def test_the_same_concept_is_rendered_once_and_again_after_a_change(vraag, citizen, renders):
    submission = start(citizen, "vraag-of-bericht")
    fill(citizen, submission, VRAAG_ANSWERS)

    first = citizen.get(concept_pdf_url(submission))
    second = citizen.get(concept_pdf_url(submission))

    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert len(renders) == 1
    changed = {**VRAAG_ANSWERS["bericht"], "onderwerp": "Straatverlichting"}
    fill(citizen, submission, {"bericht": changed})
    third = citizen.get(concept_pdf_url(submission))
    assert len(renders) == 2
    assert "Straatverlichting" in pdf_text(third.content)


def test_a_session_renders_only_so_many_concepts(vraag, citizen, other_citizen, renders, monkeypatch):
    monkeypatch.setattr(concept, "RENDER_LIMIT", 2)
    submission = start(citizen, "vraag-of-bericht")
    fill(citizen, submission, VRAAG_ANSWERS)
    statuses = []
    for subject in ("Eerste", "Tweede", "Derde"):
        fill(citizen, submission, {"bericht": {**VRAAG_ANSWERS["bericht"], "onderwerp": subject}})
        statuses.append(citizen.get(concept_pdf_url(submission)))

    assert [response.status_code for response in statuses] == [200, 200, 429]
    assert len(renders) == 2
    limited = page(statuses[-1])
    assert "Probeer het over 10 minuten opnieuw" in limited.find("main").text
    assert statuses[-1]["Retry-After"] == str(concept.RENDER_WINDOW)
    # Another citizen is not held up by this one.
    theirs = start(other_citizen, "vraag-of-bericht")
    fill(other_citizen, theirs, VRAAG_ANSWERS)
    assert other_citizen.get(concept_pdf_url(theirs)).status_code == 200
