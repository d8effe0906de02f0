"""The ZGW backend against the fake ZGW APIs: one zaak with initiator, status, receipt PDF and eigenschap."""

import hashlib

from registrations import service
from registrations.models import RegistrationRecord
from submissions.models import Job, ReceiptFile, SubmissionEvent

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
