"""Citizen pages of logging in: pick a way to log in, the demo provider pages, log out, stay logged in."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from builder.models import Form

from . import service, session
from .registry import login_plugins


@require_http_methods(["GET", "HEAD"])
def choose(request: HttpRequest, slug: str) -> HttpResponse:
    form = get_object_or_404(Form.objects.select_related("live_version"), slug=slug, is_active=True)
    wanted = service.requirement(form.pk)
    if not wanted.enabled:
        raise Http404("this form has no login")
    return_to = service.safe_return_to(request.GET.get("next"), reverse("submissions:start", args=[slug]))
    context = {
        "form": form,
        "name": form.live_version.name if form.live_version else form.name,
        "requirement": wanted,
        "return_to": return_to,
        "expired": session.was_expired(request),
    }
    return render(request, "machtigen/choose.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def begin(request: HttpRequest, slug: str, plugin_id: str) -> HttpResponse:
    if request.method != "POST":  # a login begins with the button (CSRF-protected), not a link
        return redirect("machtigen:choose", slug)
    return service.begin_login(request, slug, plugin_id, request.POST.get("next", ""))


@require_http_methods(["GET", "HEAD", "POST"])
def demo(request: HttpRequest, plugin_id: str) -> HttpResponse:
    plugin = login_plugins.get(plugin_id)
    if plugin is None or not getattr(plugin, "demo", False) or not plugin.is_enabled():
        raise Http404("no such demo login")
    if service.pending_login(request, plugin.id) is None:
        # Only a login the citizen began for a form can be finished here.
        return redirect("submissions:index")
    form = plugin.form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return service.finish_login(request, plugin, plugin.build_context(form.cleaned_data))
    return render(request, "machtigen/demo.html", {"plugin": plugin, "form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "HEAD", "POST"])
def logout(request: HttpRequest) -> HttpResponse:
    # Only the button logs out: a link or an image elsewhere cannot end someone's session.
    if request.method == "POST":
        service.logout(request)
        return render(request, "machtigen/logged_out.html")
    return render(request, "machtigen/logout.html")


@require_http_methods(["GET", "HEAD", "POST"])
def extend(request: HttpRequest) -> HttpResponse:
    """Verlengen: the idle clock starts again, then back to the page the citizen was on."""
    back = service.safe_return_to(request.POST.get("next"), reverse("submissions:index"))
    if request.method == "POST":
        session.touch(request)
    return redirect(back)
