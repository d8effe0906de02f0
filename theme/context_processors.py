from django.http import HttpRequest

from .service import current_theme


def theme(request: HttpRequest) -> dict:
    """The organisation's name and theme on every page; no query while the theme is cached."""
    current = current_theme()
    return {"organisation_name": current.name, "theme": current}
