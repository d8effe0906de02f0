"""Mijn Loket's pages: thin, over :mod:`mijn.service`; every page needs a login."""

from functools import wraps

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from machtigen import context as auth_context
from machtigen import service as login_service
from machtigen import session as login_session

from . import service


def login_required(view):
    """No login (or an expired one): the login choice page, which comes back here."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        context = login_session.current_context(request)
        if context is None:
            return redirect(reverse("mijn:login") + "?next=" + request.path)
        return view(request, context, *args, **kwargs)

    return never_cache(wrapper)  # personal data: never from a shared or back-button cache


def _who(context: dict) -> dict:
    return {
        "who": auth_context.mask(auth_context.submitted_by(context)),
        "for_whom": auth_context.mask(auth_context.acting_for(context)),
        "kind": auth_context.representation_kind(context),
    }


@require_http_methods(["GET", "HEAD"])
@login_required
def index(request: HttpRequest, context: dict) -> HttpResponse:
    found = service.overview(request, context)
    return render(request, "mijn/index.html", {"overview": found, **_who(context)})


@require_http_methods(["GET", "HEAD"])
@login_required
def zaak(request: HttpRequest, context: dict, key: str) -> HttpResponse:
    row = service.find_zaak(request, context, str(key))
    if row is None:
        raise Http404("no such zaak")
    return render(request, "mijn/zaak.html", {"row": row, **_who(context)})


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def login(request: HttpRequest) -> HttpResponse:
    return_to = login_service.safe_return_to(request.GET.get("next") or request.POST.get("next"), reverse("mijn:index"))
    if request.method == "POST":  # a login begins with the button (CSRF-protected)
        return login_service.begin_portal_login(request, request.POST.get("plugin", ""), return_to)
    if login_session.current_context(request) is not None:
        return redirect(return_to)
    requirement = login_service.portal_requirement()
    context = {"requirement": requirement, "return_to": return_to, "expired": login_session.was_expired(request)}
    return render(request, "mijn/login.html", context)
