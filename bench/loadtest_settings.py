"""``make loadtest``: the production settings, plus the baseline views of ``bench/urls.py``."""

from forms_platform.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
