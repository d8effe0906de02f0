"""The demo plugins: marked as demo, on in the demo, refused by a system check under production settings."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from forms_platform.registry import run_checks
from machtigen import service
from machtigen.models import FormLogin, LoginOption
from machtigen.registry import login_plugins

DEMO_PLUGINS = ["digid-demo", "digid-machtigen-demo", "eherkenning-bewindvoering-demo"]


def test_the_three_demo_plugins_are_registered_and_marked():
    for plugin_id in DEMO_PLUGINS:
        plugin = login_plugins[plugin_id]
        assert plugin.demo and "(demo)" in plugin.label


def test_production_settings_with_demo_logins_fail_the_system_check(settings):
    settings.LOKET_PRODUCTION = True
    settings.LOKET_DEMO_LOGIN = True
    errors = [message for message in run_checks() if message.id == "machtigen.E001"]
    assert sorted(message.obj for message in errors) == sorted(DEMO_PLUGINS)
    assert all(message.is_serious() for message in errors)

    settings.LOKET_DEMO_LOGIN = False
    assert not [message for message in run_checks() if message.id == "machtigen.E001"]


def test_the_production_settings_module_turns_demo_logins_off_by_default():
    source = (service.settings.BASE_DIR / "forms_platform" / "settings" / "production.py").read_text()
    assert "LOKET_PRODUCTION = True" in source
    assert 'LOKET_DEMO_LOGIN = env("LOKET_DEMO_LOGIN", default=False' in source


@pytest.mark.django_db
def test_with_demo_logins_off_the_demo_page_and_the_offers_are_gone(citizen, bezwaar, settings):
    call_command("load_demo", verbosity=0)
    settings.LOKET_DEMO_LOGIN = False
    assert not service.requirement(bezwaar.pk).enabled
    assert citizen.get(reverse("machtigen:demo", args=["digid-demo"])).status_code == 404


@pytest.mark.django_db
def test_load_demo_turns_login_on_optionally_for_the_bezwaar_form_once(bezwaar, settings):
    call_command("load_demo", verbosity=0)
    settings_row = FormLogin.objects.get(form=bezwaar)
    assert settings_row.mode == FormLogin.Mode.OPTIONAL
    assert list(settings_row.options.values_list("plugin", flat=True)) == DEMO_PLUGINS
    settings_row.options.filter(plugin="digid-demo").delete()  # an editor's choice is kept
    call_command("load_demo", verbosity=0)
    assert LoginOption.objects.filter(settings=settings_row).count() == 2


@pytest.mark.django_db
def test_an_editor_cannot_pair_a_plugin_with_a_level_of_the_other_scale(bezwaar):
    from django.core.exceptions import ValidationError

    row = FormLogin.objects.create(form=bezwaar, mode=FormLogin.Mode.REQUIRED)
    option = LoginOption(settings=row, plugin="digid-demo", minimum_level="urn:etoegang:core:assurance-class:loa3")
    with pytest.raises(ValidationError) as error:
        option.full_clean()
    assert "minimum_level" in error.value.message_dict
    with pytest.raises(ValidationError):
        LoginOption(settings=row, plugin="nope").full_clean()


@pytest.mark.django_db
def test_an_editor_sets_the_login_of_a_form_in_the_admin(editor_client, vraag):
    url = reverse("admin:machtigen_formlogin_add")
    page = editor_client.get(url)
    assert page.status_code == 200
    assert "DigiD Machtigen (demo)" in page.content.decode()
    response = editor_client.post(
        url,
        {
            "form": vraag.pk,
            "mode": "required",
            "options-TOTAL_FORMS": "1",
            "options-INITIAL_FORMS": "0",
            "options-0-plugin": "digid-machtigen-demo",
            "options-0-minimum_level": "urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard",
            "options-0-order": "0",
        },
    )
    assert response.status_code == 302, [line for line in response.content.decode().splitlines() if "errorl" in line]
    wanted = service.requirement(vraag.pk)
    assert wanted.required
    assert wanted.offer("digid-machtigen-demo").level_label == "DigiD substantieel"
