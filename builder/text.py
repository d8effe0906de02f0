"""Translatable text in a definition: a Dutch string or ``{"nl": ..., "en": ...}``."""

from django.utils.translation import get_language

FALLBACK_LANGUAGE = "nl"


def localize(text: str | dict | None, language: str | None = None) -> str:
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    language = (language or get_language() or FALLBACK_LANGUAGE).split("-")[0]
    return text.get(language) or text[FALLBACK_LANGUAGE]
