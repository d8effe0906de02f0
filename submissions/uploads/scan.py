"""The virus-scan hook: every uploaded file goes past ClamAV when ``LOKET_CLAMD`` names a clamd.

``LOKET_CLAMD`` is ``unix:///run/clamav/clamd.ctl`` or ``tcp://clamav:3310``; empty switches
scanning off (development, the demo). The file is streamed to clamd with INSTREAM, through
the ``clamd`` client. When scanning is on and clamd cannot be reached, a file is refused
rather than stored unchecked: the citizen is asked to try again in a few minutes.
"""

from dataclasses import dataclass
from typing import IO
from urllib.parse import urlsplit

import clamd
from django.conf import settings

__all__ = ["ScanResult", "ScannerUnavailable", "scan", "scanner"]

TIMEOUT = 30


class ScannerUnavailable(Exception):
    """Scanning is configured but clamd did not answer."""


@dataclass(frozen=True)
class ScanResult:
    infected: bool
    signature: str = ""


def scanner(address: str):
    """A clamd client for ``unix:///path`` or ``tcp://host:port``."""
    parts = urlsplit(address)
    if parts.scheme == "unix":
        return clamd.ClamdUnixSocket(path=parts.path, timeout=TIMEOUT)
    if parts.scheme == "tcp" and parts.hostname:
        return clamd.ClamdNetworkSocket(host=parts.hostname, port=parts.port or 3310, timeout=TIMEOUT)
    raise ValueError(f"LOKET_CLAMD={address!r}: use unix:///path/to/clamd.ctl or tcp://host:3310")


def scan(stream: IO[bytes]) -> ScanResult:
    """Whether clamd finds a virus in ``stream``; clean when scanning is not configured."""
    address = settings.LOKET_CLAMD
    if not address:
        return ScanResult(infected=False)
    stream.seek(0)
    try:
        answer = scanner(address).instream(stream)
    except (clamd.ClamdError, OSError) as exc:
        raise ScannerUnavailable(str(exc)) from exc
    finally:
        stream.seek(0)
    status, signature = answer.get("stream", ("ERROR", "no answer"))
    if status == "FOUND":
        return ScanResult(infected=True, signature=signature or "")
    if status != "OK":
        raise ScannerUnavailable(f"clamd answered {status}: {signature}")
    return ScanResult(infected=False)
