"""Citizens completing the demo forms, and a bare-Django baseline beside them (``make loadtest``).

Run by ``bench/loadtest.py``, which starts the stack; by hand::

    .venv/bin/locust -f bench/locustfile.py --headless -u 20 -r 5 -t 30s --host http://127.0.0.1:8000

Request names are what the report reads: ``step save`` (the POST of one step, without
following the redirect), ``submit → confirmation`` (the final POST and the confirmation
page it leads to) and ``bare step save`` (``bench.views.bare_step_by_uuid``: the same POST
stored in one row with no checks, served by the same gunicorn in the same run).
"""

import http.cookiejar
import random
import re

from locust import HttpUser, between, task

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

FORMS = {
    "bezwaar": {
        "indiener": {
            "naam": "Pieter Belasting",
            "adres.straat": "Lastweg 7",
            "adres.postcode": "9999zz",
            "adres.woonplaats": "Teststad",
            "email": "pieter@loadtest.invalid",
            "telefoon": "06 98765432",
        },
        "besluit": {"datum": "2-2-2026", "kenmerk": "Z-2026-0777", "onderwerp": "Afwijzing bouwvergunning"},
        "bezwaar": {"gronden": "Het besluit is onvoldoende gemotiveerd.", "horen": "nee"},
    },
    "vraag-of-bericht": {
        "bericht": {"onderwerp": "Lantaarnpaal", "bericht": "De lantaarnpaal op de hoek brandt niet."},
        "contact": {"naam": "Sanne Belasting", "email": "sanne@loadtest.invalid", "antwoord": "email"},
    },
}


# Loket's cookies are Secure; here the client talks plain HTTP to loopback, standing in for the
# TLS proxy in front of Loket. requests copies the session's cookie jar for every request (and
# with it the default policy), so the policy itself is told to return Secure cookies over HTTP.
http.cookiejar.DefaultCookiePolicy.return_ok_secure = lambda self, cookie, request: True


def _token(response) -> str:
    found = CSRF.search(response.text)
    if not found:
        response.failure("no CSRF token on the page")
        raise RuntimeError(f"no CSRF token on {response.url}")
    return found.group(1)


class _Browser(HttpUser):
    abstract = True

    def open_form(self, slug: str):
        """Open the start page and press start; returns the response of the first step's page."""
        with self.client.get(f"/formulieren/{slug}/", name="start page", catch_response=True) as page:
            token = _token(page)
        return self.client.post(f"/formulieren/{slug}/", {"csrfmiddlewaretoken": token}, name="start")


class Citizen(_Browser):
    """Fills in a demo form step by step, with a little time to think between pages, and submits it."""

    weight = 9
    wait_time = between(0.5, 2.0)

    @task
    def complete_a_form(self):
        slug = random.choice(list(FORMS))  # noqa: S311 (not security-relevant)
        page = self.open_form(slug)
        for answers in FORMS[slug].values():
            with self.client.get(page.url, name="step page", catch_response=True) as shown:
                token = _token(shown)
            self.wait()
            with self.client.post(
                page.url,
                {**answers, "csrfmiddlewaretoken": token},
                name="step save",
                allow_redirects=False,
                catch_response=True,
            ) as saved:
                if saved.status_code != 302:
                    saved.failure(f"step save answered {saved.status_code}")
                    return
            page = self.client.get(saved.headers["Location"], name="next page")
        token = _token(page)
        with self.client.post(
            page.url,
            {"verklaring": "ja", "csrfmiddlewaretoken": token},
            name="submit → confirmation",
            catch_response=True,
        ) as confirmed:
            if "/bevestiging/" not in confirmed.url:
                confirmed.failure(f"submit ended on {confirmed.url} ({confirmed.status_code})")


class BareBaseline(_Browser):
    """The same POST as a step save, to a view that stores it in one row without any of Loket's checks."""

    weight = 1
    wait_time = between(0.5, 2.0)

    def on_start(self):
        page = self.open_form("vraag-of-bericht")
        self.url = "/bench/bare-step-for/" + page.url.split("/")[-4] + "/"
        self.token = _token(page)

    @task
    def save(self):
        answers = FORMS["vraag-of-bericht"]["bericht"]
        with self.client.post(
            self.url,
            {**answers, "csrfmiddlewaretoken": self.token},
            name="bare step save",
            allow_redirects=False,
            catch_response=True,
        ) as saved:
            if saved.status_code != 302:
                saved.failure(f"bare step save answered {saved.status_code}")
