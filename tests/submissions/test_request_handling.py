"""HEAD wherever GET works, on every citizen URL; the rate-limit address only from real addresses."""

import pytest
from django.core import signing
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from submissions.models import Submission
from tests.flow import VRAAG_ANSWERS, fill, start, submit

pytestmark = pytest.mark.django_db


def citizen_urls(patterns=None, namespace: str = "") -> dict[str, list[str]]:
    """Every named URL outside the admin (what a citizen can reach), with its parameters."""
    found = {}
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver) and pattern.app_name not in ("admin", "notifications"):  # staff, servers
            found |= citizen_urls(pattern.url_patterns, f"{namespace}{pattern.namespace}:")
        elif isinstance(pattern, URLPattern) and pattern.name:
            found[f"{namespace}{pattern.name}"] = list(pattern.pattern.converters)
    return found


def url_for(name: str, parameters: list[str], submission: Submission) -> str:
    values = {
        "slug": submission.form_version.form.slug,
        "submission_id": submission.uuid,
        "step_key": "bericht",
        "plugin_id": "digid-demo",
        "token": signing.TimestampSigner(salt="loket.receipt-pdf").sign(str(submission.uuid)),
        "version": "0123456789ab",  # the theme's stylesheet and logo
        "key": submission.uuid,  # a zaak in Mijn Loket (any UUID: without login it is the login page)
    }
    return reverse(name, kwargs={parameter: values[parameter] for parameter in parameters})


@pytest.mark.parametrize("received", [False, True], ids=["in progress", "received"])
def test_every_citizen_page_answers_head_as_it_answers_get(vraag, received):
    citizen = Client()
    submission = start(citizen, "vraag-of-bericht")
    fill(citizen, submission, VRAAG_ANSWERS)
    if received:
        submit(citizen, submission)
    urls = citizen_urls()
    assert {"submissions:index", "submissions:step", "submissions:verify"} <= set(urls)

    for name, parameters in urls.items():
        url = url_for(name, parameters, submission)
        get, head = citizen.get(url), citizen.head(url)
        assert get.status_code != 405, url
        assert head.status_code == get.status_code, url
        assert head.content == b""


def checks_until_limited(client: Client, forwarded_for, remote_addr: str = "10.0.0.1") -> int:
    """How many checks pass before the rate limit answers 429 (at most 15 tried)."""
    for attempt in range(15):
        header = forwarded_for(attempt) if callable(forwarded_for) else forwarded_for
        response = client.post(
            reverse("submissions:verify"),
            {"kenmerk": "VRG-2026-AAAAAA", "controlegetal": "0" * 64},
            REMOTE_ADDR=remote_addr,
            HTTP_X_FORWARDED_FOR=header,
        )
        if response.status_code == 429:
            return attempt
    return 15


def test_the_forwarded_address_is_the_rate_limit_key_behind_a_proxy(settings):
    settings.LOKET_TRUSTED_PROXIES = 1

    assert checks_until_limited(Client(), "198.51.100.7, 203.0.113.5") == 10
    assert checks_until_limited(Client(), "203.0.113.6") == 10  # another citizen, behind the same proxy


def test_a_forwarded_value_that_is_no_address_falls_back_to_the_connection(settings):
    settings.LOKET_TRUSTED_PROXIES = 1

    assert checks_until_limited(Client(), lambda attempt: f"203.0.113.5, niet-een-adres-{attempt}") == 10
