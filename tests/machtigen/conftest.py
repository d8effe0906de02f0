"""Logging in with the demo plugins, the way a citizen does: the button, the demo page, back to the form."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from builder.models import Form
from machtigen.models import FormLogin

GEMACHTIGDE = "999995224"
MACHTIGINGGEVER = "999991607"
OTHER_PERSON = "999993653"
DIGID_BASIS = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
DIGID_MIDDEN = "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract"
DIGID_HOOG = "urn:oasis:names:tc:SAML:2.0:ac:classes:SmartcardPKI"
EH2PLUS = "urn:etoegang:core:assurance-class:loa2plus"
EH1 = "urn:etoegang:core:assurance-class:loa1"


@pytest.fixture
def bezwaar_login(bezwaar, settings) -> Form:
    """The demo bezwaar form as ``load_demo`` sets it up: login optional, the three demo plugins."""
    call_command("load_demo", stdout=StringIO())
    assert FormLogin.objects.get(form=bezwaar).mode == FormLogin.Mode.OPTIONAL
    return bezwaar


def require_login(form: Form) -> None:
    FormLogin.objects.filter(form=form).update(mode=FormLogin.Mode.REQUIRED)


def begin(client: Client, slug: str, plugin_id: str, next_url: str | None = None):
    next_url = next_url if next_url is not None else reverse("submissions:start", args=[slug])
    return client.post(reverse("machtigen:begin", args=[slug, plugin_id]), {"next": next_url})


def log_in(client: Client, slug: str, plugin_id: str, next_url: str | None = None, **fields):
    """Press "Inloggen met ...", fill in the demo page; the answer of the demo page is returned."""
    started = begin(client, slug, plugin_id, next_url)
    assert started.status_code == 302, started
    assert started.url == reverse("machtigen:demo", args=[plugin_id])
    return client.post(started.url, fields)


def digid(client: Client, slug: str = "bezwaar", bsn: str = MACHTIGINGGEVER, level: str = DIGID_MIDDEN, **kwargs):
    return log_in(client, slug, "digid-demo", bsn=bsn, level=level, **kwargs)


def machtigen(
    client: Client,
    slug: str = "bezwaar",
    gemachtigde: str = GEMACHTIGDE,
    machtiginggever: str = MACHTIGINGGEVER,
    level: str = DIGID_MIDDEN,
    **kwargs,
):
    return log_in(
        client,
        slug,
        "digid-machtigen-demo",
        gemachtigde_bsn=gemachtigde,
        machtiginggever_bsn=machtiginggever,
        level=level,
        **kwargs,
    )


def bewind(client: Client, slug: str = "bezwaar", role: str = "bewindvoerder", level: str = EH2PLUS, **kwargs):
    return log_in(
        client,
        slug,
        "eherkenning-bewindvoering-demo",
        kvk="12345678",
        client_bsn=MACHTIGINGGEVER,
        role=role,
        level=level,
        acting_subject="DEMO-MEDEWERKER",
        **kwargs,
    )
