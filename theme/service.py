"""The organisation's theme as plain data, cached: a citizen page costs no query for it.

The cache is cleared when the theme is saved; with a per-process cache (locmem) another
process sees the change within ``CACHE_SECONDS``.
"""

import hashlib
import json
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.cache import cache

from .colours import darker
from .models import Theme

__all__ = ["CurrentTheme", "current_theme", "forget_cached_theme", "theme_css"]

CACHE_KEY = "loket:theme:v1"
CACHE_SECONDS = 300


@dataclass(frozen=True)
class CurrentTheme:
    name: str
    logo: str  # the file's name in storage, "" without a logo
    primary_colour: str
    header_background_colour: str
    header_text_colour: str
    contact: str
    contact_url: str
    privacy_url: str
    accessibility_url: str

    @property
    def version(self) -> str:
        """Changes whenever anything in the theme does: the stylesheet and logo URLs carry it."""
        return hashlib.sha256(json.dumps(asdict(self), sort_keys=True).encode()).hexdigest()[:12]


def _load() -> CurrentTheme:
    theme = Theme.objects.filter(pk=Theme.singleton_instance_id).first() or Theme()
    return CurrentTheme(
        name=theme.display_name,
        logo=theme.logo.name if theme.logo else "",
        primary_colour=theme.primary_colour,
        header_background_colour=theme.header_background_colour,
        header_text_colour=theme.header_text_colour,
        contact=theme.contact or settings.LOKET_CONTACT,
        contact_url=theme.contact_url,
        privacy_url=theme.privacy_url,
        accessibility_url=theme.accessibility_url,
    )


def current_theme() -> CurrentTheme:
    theme = cache.get(CACHE_KEY)
    if theme is None:
        theme = _load()
        cache.set(CACHE_KEY, theme, CACHE_SECONDS)
    return theme


def forget_cached_theme(**kwargs) -> None:
    cache.delete(CACHE_KEY)


def theme_css(theme: CurrentTheme) -> str:
    """Design tokens that put the organisation's colours over the installed token theme."""
    tokens: dict[str, str] = {}
    if colour := theme.primary_colour:
        tokens |= {
            "--utrecht-button-primary-action-background-color": colour,
            "--utrecht-button-primary-action-border-color": colour,
            "--utrecht-button-primary-action-hover-background-color": darker(colour),
            "--utrecht-button-primary-action-hover-border-color": darker(colour),
            "--utrecht-button-primary-action-color": "#ffffff",
            "--utrecht-button-secondary-action-color": colour,
            "--utrecht-button-secondary-action-border-color": colour,
            "--utrecht-link-color": colour,
            "--utrecht-link-hover-color": darker(colour),
            "--utrecht-link-visited-color": darker(colour),
            "--loket-primary": colour,
        }
    if colour := theme.header_background_colour:
        tokens["--utrecht-page-header-background-color"] = colour
    if colour := theme.header_text_colour:
        tokens["--utrecht-page-header-color"] = colour
    # Values come from validated #rrggbb fields only, so nothing here can break out of the rule.
    body = "".join(f"  {name}: {value};\n" for name, value in tokens.items())
    return f"/* {theme.name} */\n.loket-theme {{\n{body}}}\n"
