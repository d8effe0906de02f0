"""A citizen over real HTTP: own cookies, the CSRF token from the page, every step posted, then sent.

Standard library only, so it runs against any Loket (the live test server, ``make demo``)
and from many threads at once: each ``HttpCitizen`` is one browser with its own session.
"""

import html
import http.cookiejar
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REFERENCE = re.compile(r'class="loket-reference">([^<]+)<')


@dataclass(frozen=True)
class Response:
    status: int
    location: str
    body: str


class CitizenError(Exception):
    """Loket answered something a citizen would not expect; the message says what and where."""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the caller sees each 302 and its Location


class HttpCitizen:
    def __init__(self, base_url: str, timeout: float = 60):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.cookies = http.cookiejar.CookieJar()
        self._opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirects())
        self._token = ""
        self.slowest = 0.0
        """Seconds the slowest request of this citizen took."""

    def request(self, method: str, path: str, data: dict[str, str] | None = None) -> Response:
        body = None
        if data is not None:
            body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self._token}).encode()
        url = path if path.startswith("http") else self.base_url + path
        request = urllib.request.Request(url, data=body, method=method, headers={"Referer": self.base_url + "/"})
        started = time.monotonic()
        try:
            with self._opener.open(request, timeout=self.timeout) as answer:
                return Response(answer.status, answer.headers.get("Location", ""), answer.read().decode())
        except urllib.error.HTTPError as answer:
            return Response(answer.code, answer.headers.get("Location", ""), answer.read().decode(errors="replace"))
        finally:
            self.slowest = max(self.slowest, time.monotonic() - started)

    def expect(self, expected: int, method: str, path: str, data: dict[str, str] | None = None) -> Response:
        response = self.request(method, path, data)
        if response.status != expected:
            raise CitizenError(f"{method} {path}: HTTP {response.status}, expected {expected}")
        return response

    def start(self, slug: str) -> str:
        """Open the form and press 'Start'; returns the path of the submission (without the step)."""
        page = self.expect(200, "GET", f"/formulieren/{slug}/")
        self._token = html.unescape(TOKEN.search(page.body).group(1))
        first_step = urllib.parse.urlsplit(self.expect(302, "POST", f"/formulieren/{slug}/", {}).location).path
        return first_step.split("stap/")[0]

    def fill(self, submission_path: str, answers: dict[str, dict[str, str]]) -> None:
        for step_key, post in answers.items():
            self.expect(302, "POST", f"{submission_path}stap/{step_key}/", post)

    def send(self, submission_path: str) -> str:
        """Accept the declaration and send; returns the reference on the confirmation page."""
        confirmation = self.expect(302, "POST", f"{submission_path}controleren/", {"verklaring": "ja"}).location
        page = self.expect(200, "GET", confirmation)
        found = REFERENCE.search(page.body)
        if not found:
            raise CitizenError(f"no reference on {confirmation}")
        return found.group(1).strip()
