"""A form's registration backends travel with its export, without secrets, and come back on import."""

import json

import pytest
from django.core.management import call_command

from builder import service as builder_service
from builder.models import Form
from registrations.models import FormRegistration

from .conftest import zgw_options
from .fake_zgw import SECRET


def _export(form: Form) -> dict:
    return json.loads(builder_service.export_definition(Form.objects.get(pk=form.pk)))


def test_the_export_carries_the_backends_and_no_secret(zgw_bezwaar):
    FormRegistration.objects.create(form=zgw_bezwaar, backend="email", options={"to": "a@gemeente.nl"}, order=1)
    text = builder_service.export_definition(Form.objects.get(pk=zgw_bezwaar.pk))
    exported = json.loads(text)
    assert exported["configuration"]["registrations"] == [
        {"backend": "zgw", "options": zgw_options()},
        {"backend": "email", "options": {"to": "a@gemeente.nl"}},
    ]
    assert SECRET not in text and "secret" not in text.lower()
    # The definition itself, and so its digest, is untouched by the configuration.
    assert "configuration" not in Form.objects.get(pk=zgw_bezwaar.pk).live_version.definition


def test_a_form_without_backends_exports_exactly_as_before(bezwaar):
    assert "configuration" not in _export(bezwaar)


def test_export_then_import_on_another_installation_restores_the_backends(zgw_bezwaar, zgw_services):
    exported = {**_export(zgw_bezwaar), "slug": "bezwaar-elders"}  # as a new form elsewhere
    form, version = builder_service.import_definition(exported, publish_it=True)
    assert version is not None
    assert list(FormRegistration.objects.filter(form=form).values_list("backend", "options")) == [
        ("zgw", zgw_options())
    ]
    assert _export(form) == exported  # round trip


def test_import_replaces_the_backends_and_keeps_a_kept_rows_identity(zgw_bezwaar):
    [kept] = FormRegistration.objects.filter(form=zgw_bezwaar)
    exported = _export(zgw_bezwaar)
    exported["configuration"]["registrations"] = [
        {"backend": "email", "options": {"to": "b@gemeente.nl"}},
        {"backend": "zgw", "options": zgw_options(omschrijving="Anders")},
    ]
    builder_service.import_definition(exported)
    rows = list(FormRegistration.objects.filter(form=zgw_bezwaar).order_by("order"))
    assert [(row.backend, row.order) for row in rows] == [("email", 0), ("zgw", 1)]
    assert rows[1].pk == kept.pk and rows[1].options["omschrijving"] == "Anders"


def test_import_without_configuration_leaves_the_backends_alone(zgw_bezwaar):
    exported = _export(zgw_bezwaar)
    del exported["configuration"]
    builder_service.import_definition(exported)
    assert FormRegistration.objects.filter(form=zgw_bezwaar).count() == 1


@pytest.mark.parametrize(
    ("configuration", "path", "message"),
    [
        ({"registrations": "zgw"}, "$.configuration.registrations", "must be a list"),
        ({"registrations": [{"backend": "fax", "options": {}}]}, "$.configuration.registrations[0].backend", "fax"),
        ({"registrations": [{"backend": "email"}]}, "$.configuration.registrations[0]", "exactly"),
        (
            {"registrations": [{"backend": "email", "options": {"to": "a@b.nl", "password": "x"}}]},
            "$.configuration.registrations[0].options.password",
            "is geen bekende optie",
        ),
        ({"betalingen": []}, "$.configuration.betalingen", "unknown section"),
        ([], "$.configuration", "object"),
    ],
)
def test_a_bad_configuration_is_refused_naming_the_place_and_changes_nothing(bezwaar, configuration, path, message):
    exported = {**_export(bezwaar), "name": "Gewijzigd", "configuration": configuration}
    with pytest.raises(builder_service.InvalidDefinition) as refused:
        builder_service.import_definition(exported)
    assert any(error.path == path and message in error.message for error in refused.value.errors), refused.value
    assert Form.objects.get(pk=bezwaar.pk).draft["name"] != "Gewijzigd"
    assert not FormRegistration.objects.filter(form=bezwaar).exists()


def test_publishing_an_import_whose_service_is_missing_is_refused_naming_the_field(zgw_bezwaar, tmp_path):
    exported = _export(zgw_bezwaar)
    exported["configuration"]["registrations"][0]["options"]["zaken_service"] = "elders"
    path = tmp_path / "bezwaar.json"
    path.write_text(json.dumps(exported))
    with pytest.raises(Exception, match="zaken_service"):
        call_command("import_form", str(path), "--publish")
    assert FormRegistration.objects.get(form=zgw_bezwaar).options["zaken_service"] == "zaken-fake"
