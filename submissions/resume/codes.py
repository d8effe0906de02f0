"""The secrets of a way back: a link token or a code to type, derived from a stored salt.

Neither is stored. Each is an HMAC of the row's random salt under the server key, so the
outbox can build the mail again after a crash, while the database alone (a backup, a
leaked dump) gives nothing that opens a draft; the lookup uses a SHA-256 of the secret.

A code is typed by a person, so it avoids characters that are easily confused (0/O,
1/I/L, U/V) and is read case-insensitively, spaces and dashes ignored. Twelve characters
from 30 give about 59 bits: with the rate limit on the code form, guessing one of the
codes alive at any moment stays out of reach.
"""

import base64
import hashlib
import hmac
import secrets

from django.conf import settings

__all__ = ["ALPHABET", "CODE_LENGTH", "derive", "display_code", "lookup_hash", "new_salt", "normalise_code"]

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12
_PURPOSE = b"loket.resume."


def new_salt() -> str:
    return secrets.token_hex(32)


def _mac(kind: str, salt: str) -> bytes:
    key = hashlib.sha256(_PURPOSE + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, f"{kind}:{salt}".encode(), hashlib.sha256).digest()


def derive(kind: str, salt: str) -> str:
    """The secret for a row: a URL-safe token for a link, a 12-character code otherwise."""
    mac = _mac(kind, salt)
    if kind == "link":
        return base64.urlsafe_b64encode(mac).decode().rstrip("=")
    number = int.from_bytes(mac, "big")
    chars = []
    for _ in range(CODE_LENGTH):
        number, index = divmod(number, len(ALPHABET))
        chars.append(ALPHABET[index])
    return "".join(chars)


def display_code(code: str) -> str:
    """``ABCDEFGHJKMN`` -> ``ABCD-EFGH-JKMN``: easier to read out and to type."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def normalise_code(typed: str) -> str | None:
    """What a citizen typed, as a code: upper case, without spaces and dashes; None if it cannot be one."""
    cleaned = "".join(typed.split()).replace("-", "").upper()
    if len(cleaned) != CODE_LENGTH or any(char not in ALPHABET for char in cleaned):
        return None
    return cleaned


def lookup_hash(kind: str, secret: str) -> str:
    return hashlib.sha256(f"{kind}:{secret}".encode()).hexdigest()
