"""The second factor of the demo staff accounts: a TOTP device with a secret everyone knows.

Only for ``make demo`` (``load_demo`` creates it when DEBUG is on); a real account sets up its own
authenticator app on first login.
"""

import base64

from django.contrib.auth.models import AbstractBaseUser
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "default"
SECRET = b"loket-demo-notsecret"
SECRET_BASE32 = base64.b32encode(SECRET).decode().rstrip("=")


def give_demo_device(user: AbstractBaseUser) -> TOTPDevice:
    device, _ = TOTPDevice.objects.update_or_create(
        user=user, name=DEVICE_NAME, defaults={"key": SECRET.hex(), "confirmed": True}
    )
    return device


def current_code() -> str:
    return f"{totp(SECRET):06d}"
