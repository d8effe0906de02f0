"""The site's URLs plus views that fail on purpose, to reach each error handler through the test client."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from forms_platform.urls import handler400, handler403, handler404, handler500  # noqa: F401  (the handlers under test)
from forms_platform.urls import urlpatterns as site


def refuse(request):
    raise PermissionDenied


def suspicious(request):
    raise SuspiciousOperation("test")


def crash(request):
    raise RuntimeError("test")


urlpatterns = [
    path("fout/403/", refuse),
    path("fout/400/", suspicious),
    path("fout/500/", crash),
    *site,
]
