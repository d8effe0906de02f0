"""The ZGW backend against the fake ZGW APIs: one zaak with initiator, status, receipt PDF and eigenschap."""

import hashlib

from registrations import service
from registrations.models import RegistrationRecord
from submissions import consent
from submissions.models import Job, ReceiptFile, Submission, SubmissionEvent
from tests import flow

from .conftest import ORGANISATIE_RSIN, run_due_jobs


def test_the_bezwaarschrift_becomes_one_zaak_with_everything_on_it(zgw, zgw_bezwaar, send_bezwaar):
    submission = send_bezwaar()
    run_due_jobs()

    record = RegistrationRecord.objects.get(submission=submission)
    assert record.status == RegistrationRecord.Status.REGISTERED, record.last_error
    [zaak] = zgw.created("zaken")
    assert record.results["zaak"] == {"url": zaak["url"], "identificatie": zaak["identificatie"]}
    assert zaak["bronorganisatie"] == zaak["verantwoordelijkeOrganisatie"] == ORGANISATIE_RSIN
    assert zaak["kenmerken"] == [{"kenmerk": submission.public_reference, "bron": "Loket"}]
    assert zaak["omschrijving"] == f"Bezwaar {submission.public_reference}"
    received = submission.received_at.astimezone().date().isoformat()
    assert zaak["registratiedatum"] == zaak["startdatum"] == received

    [rol] = zgw.created("rollen")
    assert rol["omschrijvingGeneriek"] == "initiator"
    assert rol["betrokkeneIdentificatie"] == {"geslachtsnaam": "Jan Jansen"}
    assert rol["contactpersoonRol"]["emailadres"] == "jan@example.nl"
    assert submission.public_reference in rol["roltoelichting"]

    [status] = zgw.created("statussen")
    assert status["statustype"].endswith(zgw.store.all("statustypen")[1]["url"].rsplit("/", 1)[1])  # volgnummer 1
    assert zaak["status"] == status["url"]

    [document] = zgw.created("enkelvoudiginformatieobjecten")
    pdf = ReceiptFile.objects.get(submission=submission)
    assert hashlib.sha256(zgw.store.contents[document["url"]]).hexdigest() == pdf.sha256
    assert document["taal"] == "dut" and document["indicatieGebruiksrecht"] is False
    assert document["formaat"] == "application/pdf" and document["bestandsomvang"] == pdf.size
    [link] = zgw.created("zaakinformatieobjecten")
    assert (link["zaak"], link["informatieobject"]) == (zaak["url"], document["url"])

    [eigenschap] = zgw.store.all("zaakeigenschappen")
    assert (eigenschap["naam"], eigenschap["waarde"]) == ("datum_besluit", "20260109")

    assert service.registration_state(submission) == "geregistreerd"
    event = SubmissionEvent.objects.get(submission=submission, kind="registered")
    assert event.detail["summary"] == zaak["identificatie"]
    assert Job.objects.get(submission=submission, kind="registration").status == Job.Status.DONE


def test_the_zaak_says_whether_the_citizen_consented_to_an_electronic_reply(
    zgw, zgw_bezwaar, citizen, django_capture_on_commit_callbacks, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    sent = []
    for answer in ({consent.FIELD: "ja"}, {}):
        submission = flow.start(citizen, "bezwaar")
        flow.fill(citizen, submission, flow.BEZWAAR_ANSWERS)
        with django_capture_on_commit_callbacks(execute=False):
            assert citizen.post(flow.overview_url(submission), {"verklaring": "ja", **answer}).status_code == 302
        sent.append(Submission.objects.get(pk=submission.pk))
    run_due_jobs()

    given, refused = (
        {zaak["kenmerken"][0]["kenmerk"]: zaak for zaak in zgw.created("zaken")}[s.public_reference] for s in sent
    )
    assert given["toelichting"].endswith(
        f"De indiener stemt ermee in dat de gemeente per e-mail antwoordt (gegeven op {sent[0].reply_consent['at']})."
    )
    assert refused["toelichting"].endswith("De indiener stemt er niet mee in dat de gemeente per e-mail antwoordt.")
    assert len(given["toelichting"]) <= 1000
