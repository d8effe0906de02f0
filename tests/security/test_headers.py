"""Security headers on every citizen page: a strict CSP, no caching of personal data, no spare features."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from submissions.models import Submission
from tests import flow

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# E-mails are read in mail programs and the PDF by WeasyPrint: no browser applies a CSP there, and
# mail programs need inline styles.
NOT_WEB_PAGES = {
    TEMPLATES / "receipts" / "email",
    TEMPLATES / "receipts" / "pdf.html",
    TEMPLATES / "notifications" / "status_email.html",  # e-mail clients need inline styles
}


def csp(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def walk(citizen: Client, slug: str, answers: dict, after_commit) -> tuple[Submission, dict[str, object]]:
    """Every page a citizen sees for one submission, by name."""
    pages = {"index": citizen.get("/"), "start": citizen.get(flow.start_url(slug))}
    submission = flow.start(citizen, slug)
    first = next(iter(answers))
    pages["step"] = citizen.get(flow.step_url(submission, first))
    pages["step with errors"] = citizen.post(flow.step_url(submission, first), {})
    flow.fill(citizen, submission, answers)
    pages["overview"] = citizen.get(flow.overview_url(submission))
    pages["concept pdf"] = citizen.get(flow.submission_url("concept-pdf", submission))
    with after_commit(execute=True):  # the receipt PDF is made after the response
        flow.submit(citizen, submission)
    pages["confirmation"] = citizen.get(flow.confirmation_url(submission))
    pages["receipt pdf"] = citizen.get(flow.submission_url("receipt-pdf", submission))
    pages["receipt check"] = citizen.get("/ontvangstbevestiging/controleren/")
    pages["not found"] = citizen.get("/formulieren/bestaat-niet/")
    return submission, pages


def test_every_citizen_page_forbids_inline_script_and_foreign_sources(
    citizen, vraag, django_capture_on_commit_callbacks
):
    _, pages = walk(citizen, "vraag-of-bericht", flow.VRAAG_ANSWERS, django_capture_on_commit_callbacks)

    for name, response in pages.items():
        policy = csp(response)
        assert policy["default-src"] == ["'none'"], name
        assert policy["script-src"] == ["'self'"], name
        assert policy["style-src"] == ["'self'"], name
        assert policy["frame-ancestors"] == ["'none'"], name
        assert policy["form-action"] == ["'self'"], name
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], name
        assert "'unsafe-eval'" not in response["Content-Security-Policy"], name


def test_pages_with_personal_data_are_never_stored_by_the_browser(citizen, vraag, django_capture_on_commit_callbacks):
    _, pages = walk(citizen, "vraag-of-bericht", flow.VRAAG_ANSWERS, django_capture_on_commit_callbacks)

    for name in ["step", "step with errors", "overview", "concept pdf", "confirmation", "receipt pdf"]:
        assert pages[name].status_code in (200, 400), name
        assert "no-store" in pages[name]["Cache-Control"], name
    for name, response in pages.items():
        assert "camera=()" in response["Permissions-Policy"], name
        assert "geolocation=()" in response["Permissions-Policy"], name


def inline_code(html: str) -> list[str]:
    """What a strict CSP would block in ``html``: inline scripts, style elements and attributes, handlers."""
    found = []
    for script in re.finditer(r"<script\b([^>]*)>(.*?)</script>", html, re.S | re.I):
        attributes, body = script.groups()
        if "src=" not in attributes or body.strip():
            found.append("inline <script>")
    for pattern, what in [(r"<style\b", "<style>"), (r"\sstyle\s*=", "style="), (r"\son[a-z]+\s*=", "on...=")]:
        if re.search(pattern, html, re.I):
            found.append(what)
    return found


def test_no_template_carries_inline_script_or_style():
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        if any(path == skip or skip in path.parents for skip in NOT_WEB_PAGES):
            continue
        found += [f"{path.relative_to(TEMPLATES)}: {what}" for what in inline_code(path.read_text())]
    assert found == []


def test_the_template_check_finds_what_it_must():
    assert inline_code("<script>alert(1)</script>") == ["inline <script>"]
    assert inline_code('<script src="/s.js"></script>') == []
    assert inline_code('<p style="color:red">') == ["style="]
    assert inline_code("<a onclick='x()'>") == ["on...="]
    assert inline_code("<style>p{}</style>") == ["<style>"]


def test_citizen_sessions_end_with_the_browser_and_after_two_idle_hours(citizen, vraag, clock):
    submission = flow.start(citizen, "vraag-of-bericht")

    cookie = citizen.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["expires"] and not cookie["max-age"], "a session cookie, gone when the browser closes"
    # Working on: each request within the idle time keeps the session (it is renewed every few minutes).
    for _ in range(6):
        clock.shift(50 * 60)
        assert citizen.get(flow.step_url(submission, "bericht")).status_code == 200
    # Two hours without a request: the next person at this computer finds nothing.
    clock.shift(2 * 60 * 60 + 1)
    assert citizen.get(flow.step_url(submission, "bericht")).status_code == 404
