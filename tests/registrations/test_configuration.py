"""Configuring backends: the registry, options checked with errors naming the field, the system check,
and publishing refused while a form's backend is missing or misconfigured."""

import pytest
from django.core import checks

from builder import service as builder_service
from registrations.checks import check_form_registrations
from registrations.models import FormRegistration
from registrations.registry import Backend, backends, option_errors

from .conftest import zgw_options


def _fields(backend_id: str, options) -> dict[str, str]:
    return {error.field: error.message for error in option_errors(backends[backend_id], options)}


def test_backends_register_themselves_on_the_one_registry():
    assert {"zgw", "email"} <= set(backends.ids())
    assert backends.label == "registration backend"


def test_zgw_options_are_checked_with_errors_that_name_the_field(zgw_services):
    assert _fields("zgw", zgw_options()) == {}
    options = zgw_options(organisatie_rsin="123456789", vertrouwelijkheidaanduiding="heel geheim", kleur="rood")
    del options["zaaktype"]
    assert _fields("zgw", options) == {
        "zaaktype": "is verplicht",
        "vertrouwelijkheidaanduiding": "moet een van de toegestane waarden zijn",
        "kleur": "is geen bekende optie",
    }
    assert _fields("zgw", zgw_options(organisatie_rsin="123456789")) == {
        "organisatie_rsin": "voldoet niet aan de 11-proef"
    }
    assert _fields("zgw", zgw_options(zaken_service="catalogi-fake", documenten_service="weg")) == {
        "zaken_service": "service 'catalogi-fake' is geen ZRC (Zaken API)",
        "documenten_service": "er is geen service 'weg'",
    }
    assert _fields("zgw", zgw_options(initiator={"schoenmaat": "indiener.naam"})) == {
        "initiator": "moet een van de toegestane waarden zijn"
    }
    assert _fields("zgw", zgw_options(eigenschappen={"datum_besluit": "datum"})) == {
        "eigenschappen.datum_besluit": "heeft niet de goede vorm"
    }


def test_email_options():
    assert _fields("email", {"to": "bezwaren@gemeente.example"}) == {}
    assert _fields("email", {}) == {"to": "is verplicht"}


def test_publishing_is_refused_while_a_backend_is_misconfigured(bezwaar, zgw_services):
    config = FormRegistration.objects.create(form=bezwaar, backend="zgw", options=zgw_options(zaaktype=""))
    bezwaar.draft = {**bezwaar.draft, "name": "Bezwaar (nieuw)"}
    bezwaar.save()
    with pytest.raises(builder_service.InvalidDefinition, match="zaaktype: mag niet leeg zijn"):
        builder_service.publish(bezwaar)

    config.options = zgw_options()
    config.save()
    assert builder_service.publish(bezwaar).number == 2


def test_the_system_check_names_forms_with_a_missing_or_wrong_backend(bezwaar):
    FormRegistration.objects.create(form=bezwaar, backend="fax", options={})
    FormRegistration.objects.create(form=bezwaar, backend="email", options={"to": "geen-adres"})
    messages = check_form_registrations(databases=["default"])
    assert [message.id for message in messages] == ["registrations.E001", "registrations.E001"]
    assert "form 'bezwaar': registration backend 'fax': backend: onbekende registratie-backend 'fax'" in messages[0].msg
    assert "to: heeft niet de goede vorm" in messages[1].msg
    assert all(message.level == checks.ERROR for message in messages)
    assert check_form_registrations(databases=None) == []  # only where databases are checked


def test_a_backend_installed_for_a_test_runs_like_any_other(bezwaar, send_bezwaar):
    from registrations.models import RegistrationRecord

    from .conftest import run_due_jobs

    class Recorder(Backend):
        label = "test"
        seen: list = []

        def register(self, run):
            self.seen.append(run.step("got", lambda: run.value("besluit.onderwerp")))

    with backends.temporarily("recorder", Recorder) as recorder:
        FormRegistration.objects.create(form=bezwaar, backend="recorder", options={})
        submission = send_bezwaar()
        run_due_jobs()
    assert recorder.seen == ["Afwijzing parkeervergunning"]
    assert RegistrationRecord.objects.get(submission=submission).results == {"got": "Afwijzing parkeervergunning"}


def test_only_forms_with_a_backend_get_a_registration_job(bezwaar, vraag, send_bezwaar, citizen):
    from submissions.models import Job
    from tests import flow

    FormRegistration.objects.create(form=bezwaar, backend="email", options={"to": "bezwaren@gemeente.example"})
    with_backend = send_bezwaar()
    without = flow.start(citizen, "vraag-of-bericht")
    flow.fill(citizen, without, flow.VRAAG_ANSWERS)
    flow.submit(citizen, without)
    assert Job.objects.filter(submission=with_backend, kind="registration").exists()
    assert not Job.objects.filter(submission=without, kind="registration").exists()
