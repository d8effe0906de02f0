"""Walking through the citizen pages with Django's test client."""

from django.test import Client
from django.urls import resolve, reverse

from submissions.models import Submission

BEZWAAR_ANSWERS = {
    "indiener": {
        "naam": "Jan Jansen",
        "adres.straat": "Dorpsstraat 1",
        "adres.postcode": "1234ab",
        "adres.woonplaats": "Voorbeeld",
        "email": "jan@example.nl",
        "telefoon": "06 12345678",
    },
    "besluit": {"datum": "9-1-2026", "kenmerk": "Z-2026-0042", "onderwerp": "Afwijzing parkeervergunning"},
    "bezwaar": {
        "gronden": "Ik woon in de zone.\r\nIk heb recht op een vergunning.",
        "horen": "ja",
        "niet_op": "Dinsdagmiddag",
    },
}

VRAAG_ANSWERS = {
    "bericht": {"onderwerp": "Afvalinzameling", "bericht": "Wanneer wordt het grofvuil opgehaald?"},
    "contact": {"naam": "Fatima el Amrani", "email": "fatima@example.nl", "antwoord": "email"},
}


def start_url(slug: str) -> str:
    return reverse("submissions:start", args=[slug])


def step_url(submission: Submission, step_key: str, *, back_to_overview: bool = False) -> str:
    url = reverse(
        "submissions:step",
        kwargs={"slug": submission.form_version.form.slug, "submission_id": submission.uuid, "step_key": step_key},
    )
    return f"{url}?terug=overzicht" if back_to_overview else url


def submission_url(name: str, submission: Submission) -> str:
    """The citizen URL ``submissions:<name>`` of ``submission`` (overview, confirmation, receipt-pdf, ...)."""
    kwargs = {"slug": submission.form_version.form.slug, "submission_id": submission.uuid}
    return reverse(f"submissions:{name}", kwargs=kwargs)


def overview_url(submission: Submission) -> str:
    return submission_url("overview", submission)


def confirmation_url(submission: Submission) -> str:
    return submission_url("confirmation", submission)


def start(client: Client, slug: str) -> Submission:
    """Press 'Start het formulier'; the citizen lands on the first step."""
    response = client.post(start_url(slug))
    assert response.status_code == 302, response
    submission_id = resolve(response.url).kwargs["submission_id"]
    return Submission.objects.select_related("form_version__form").get(uuid=submission_id)


def fill(client: Client, submission: Submission, answers: dict[str, dict]) -> None:
    """Post every step in ``answers``, each of which must be accepted."""
    for step_key, post in answers.items():
        response = client.post(step_url(submission, step_key), post)
        assert response.status_code == 302, f"{step_key}: {response.status_code}"


def submit(client: Client, submission: Submission, *, declaration: bool = True):
    return client.post(overview_url(submission), {"verklaring": "ja"} if declaration else {})
