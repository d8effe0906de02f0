"""A system check: the NL Design System CSS from npm is where the pages look for it."""

from django.contrib.staticfiles import finders
from django.core import checks

REQUIRED = ("nlds/utrecht-components.css", "nlds/voorbeeld-theme.css")


def design_css_collected(app_configs, **kwargs) -> list[checks.CheckMessage]:
    missing = [path for path in REQUIRED if finders.find(path) is None]
    if not missing:
        return []
    return [
        checks.Warning(
            f"The NL Design System CSS is missing ({', '.join(missing)}): citizen pages will look unstyled.",
            hint="Run `make design` (npm ci, then a copy into build/static) before collectstatic.",
            id="theme.W001",
        )
    ]
