"""Staff in the admin: logged in with both factors."""

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice


def staff_client(user) -> Client:
    """A browser of ``user`` logged in to the admin with both factors.

    The second factor is a real TOTP device, marked verified in the session the way django-otp's
    login does; tests/security/test_admin_login.py walks the real login with a computed code.
    """
    client = Client()
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="default", defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
