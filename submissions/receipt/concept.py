"""The concept PDF (the overview's "Download als PDF"): what the citizen is about to send.

Anyone can start a form, so an unbounded render would let one anonymous visitor
keep the PDF renderer busy. A concept is therefore cached per submission and
answers (the same answers give the same PDF, so asking again costs nothing),
and each session may render only so many new ones per window. The cached PDF
lives in the cache (``CACHE_URL``, where the sessions are) for at most
``CACHE_SECONDS``, keyed by the submission's UUID and a digest of its answers.
"""

import hashlib

from django.core.cache import cache

from ..answers import saved_data
from ..models import Submission
from ..ratelimit import key_over_limit
from . import proof
from .data import build_receipt
from .pdf import render_pdf

__all__ = ["CACHE_SECONDS", "RENDER_LIMIT", "RENDER_WINDOW", "TooManyConcepts", "concept_pdf"]

CACHE_SECONDS = 15 * 60
RENDER_LIMIT = 10
RENDER_WINDOW = 10 * 60  # seconds


class TooManyConcepts(Exception):
    """This session rendered RENDER_LIMIT concepts in the last RENDER_WINDOW seconds."""


def _cache_key(submission: Submission, data: dict) -> str:
    # The version's digest too: the same answers under another version read differently.
    answers = proof.canonical_bytes({"version": submission.form_version.digest, "answers": data})
    return f"loket:concept-pdf:{submission.uuid}:{hashlib.sha256(answers).hexdigest()}"


def concept_pdf(submission: Submission, session_key: str) -> bytes:
    """The concept PDF of ``submission`` as it is now; renders count against ``session_key``."""
    data = saved_data(submission)
    key = _cache_key(submission, data)
    document = cache.get(key)
    if document is None:
        if key_over_limit(f"loket:concept-renders:{session_key}", RENDER_LIMIT, RENDER_WINDOW):
            raise TooManyConcepts()
        document = render_pdf(build_receipt(submission, data))
        cache.set(key, document, CACHE_SECONDS)
    return document
