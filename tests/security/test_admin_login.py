"""The admin asks for a password and a second factor, and locks out password guessing."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from forms_platform import demo_accounts
from tests.factories import UserFactory
from tests.html import form_data, page

pytestmark = pytest.mark.django_db

LOGIN = reverse("maykin_2fa:login")
ADMIN = reverse("admin:index")
PASSWORD = "een-lang-wachtwoord-voor-tests"


@pytest.fixture
def staff():
    user = UserFactory(is_staff=True, is_superuser=True)
    user.set_password(PASSWORD)
    user.save()
    return user


def post_step(client: Client, response, address: str = "192.0.2.10", **fields):
    """Post the login wizard's current step the way a browser would, with ``fields`` filled in."""
    data = form_data(page(response).find("form", id="login-form"))
    data.update({name: [value] for name, value in fields.items()})
    return client.post(LOGIN, data, REMOTE_ADDR=address)


def password_step(client: Client, username: str, password: str, address: str = "192.0.2.10"):
    fields = {"auth-username": username, "auth-password": password}
    return post_step(client, client.get(LOGIN), address, **fields)


def code(device: TOTPDevice, drift: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, drift=drift):0{device.digits}d}"


def test_the_admin_sends_strangers_to_the_login(client):
    response = client.get(ADMIN)

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_password_and_a_real_totp_code_let_staff_in(staff):
    device = TOTPDevice.objects.create(user=staff, name="default", confirmed=True)
    client = Client()

    asked = password_step(client, staff.username, PASSWORD)

    assert asked.status_code == 200
    assert "token-otp_token" in {field.get("name") for field in page(asked).find_all("input")}
    assert client.get(ADMIN).status_code == 302, "a password alone opens nothing"

    wrong = post_step(client, asked, **{"token-otp_token": code(device, drift=-10)})
    assert wrong.status_code == 200
    assert page(wrong).find(class_="errornote") or page(wrong).find(class_="errorlist")
    assert client.get(ADMIN).status_code == 302

    device.refresh_from_db()
    device.throttle_reset()
    done = post_step(client, wrong, **{"token-otp_token": code(device)})

    assert done.status_code == 302 and done["Location"] == ADMIN
    assert client.get(ADMIN).status_code == 200


def test_staff_without_a_device_must_set_one_up_first(staff):
    client = Client()

    response = password_step(client, staff.username, PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("maykin_2fa:setup")
    assert client.get(ADMIN).status_code == 302
    assert client.get(reverse("admin:submissions_submission_changelist")).status_code == 302


def test_five_wrong_passwords_lock_the_account_for_that_address(staff):
    device = TOTPDevice.objects.create(user=staff, name="default", confirmed=True)
    guesser = Client()
    for attempt in range(4):
        response = password_step(guesser, staff.username, f"fout-{attempt}")
        assert response.status_code == 200, attempt
    assert password_step(guesser, staff.username, "fout-5").status_code == 429

    locked = password_step(guesser, staff.username, PASSWORD)

    assert locked.status_code == 429
    assert "Te veel mislukte inlogpogingen" in locked.content.decode()  # the admin speaks Dutch
    assert "token-otp_token" not in locked.content.decode()
    # The same account from another address still works: a guesser cannot lock staff out.
    elsewhere = Client()
    asked = password_step(elsewhere, staff.username, PASSWORD, address="198.51.100.7")
    assert "token-otp_token" in asked.content.decode()
    assert post_step(elsewhere, asked, "198.51.100.7", **{"token-otp_token": code(device)}).status_code == 302


def test_the_demo_accounts_get_the_documented_second_factor_only_in_development(settings):
    settings.DEBUG = False
    call_command("load_demo", stdout=StringIO())
    assert not TOTPDevice.objects.exists()
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo_code", stdout=StringIO())

    settings.DEBUG = True
    out = StringIO()
    call_command("load_demo", stdout=out)
    shown = StringIO()
    call_command("demo_code", stdout=shown)

    devices = TOTPDevice.objects.select_related("user").order_by("user__username")
    assert [device.user.username for device in devices] == ["behandelaar", "redacteur"]
    assert demo_accounts.SECRET_BASE32 in out.getvalue()
    assert devices[0].verify_token(shown.getvalue().strip())
