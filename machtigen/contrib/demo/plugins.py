"""The three demo plugins: DigiD, DigiD Machtigen and eHerkenning bewindvoering / curatele / mentorschap."""

from typing import ClassVar

from django import forms
from django.conf import settings
from django.core import checks
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from ... import context
from ...registry import LoginPlugin, login_plugins
from .forms import DigiDDemoForm, DigiDMachtigenDemoForm, EHerkenningMandateDemoForm


class DemoPlugin(LoginPlugin):
    demo = True
    form_class: ClassVar[type[forms.Form]]

    def is_enabled(self) -> bool:
        return bool(getattr(settings, "LOKET_DEMO_LOGIN", False))

    def start(self, request: HttpRequest, *, return_to: str) -> HttpResponse:
        # The demo's "identity provider" is a page of our own; return_to is kept by begin_login.
        return redirect(reverse("machtigen:demo", args=[self.id]))

    def build_context(self, data: dict) -> dict:
        raise NotImplementedError

    def check(self, **kwargs) -> list[checks.CheckMessage]:
        if self.is_enabled() and getattr(settings, "LOKET_PRODUCTION", False):
            return [
                checks.Error(
                    f"The demo login plugin {self.id!r} is enabled with the production settings.",
                    hint="Demo logins let anyone log in as anyone. Unset LOKET_DEMO_LOGIN.",
                    obj=self.id,
                    id="machtigen.E001",
                )
            ]
        return []


@login_plugins.register("digid-demo")
class DigiDDemo(DemoPlugin):
    label = "DigiD (demo)"
    source = "digid"
    form_class = DigiDDemoForm

    def build_context(self, data: dict) -> dict:
        return context.digid(bsn=data["bsn"], level=data["level"])


@login_plugins.register("digid-machtigen-demo")
class DigiDMachtigenDemo(DemoPlugin):
    label = "DigiD Machtigen (demo)"
    source = "digid"
    form_class = DigiDMachtigenDemoForm

    def build_context(self, data: dict) -> dict:
        return context.digid_machtigen(
            gemachtigde_bsn=data["gemachtigde_bsn"],
            machtiginggever_bsn=data["machtiginggever_bsn"],
            level=data["level"],
            service_id=data.get("service_id") or None,
        )


@login_plugins.register("eherkenning-bewindvoering-demo")
class EHerkenningMandateDemo(DemoPlugin):
    label = "eHerkenning bewindvoering (demo)"
    source = "eherkenning"
    form_class = EHerkenningMandateDemoForm

    def build_context(self, data: dict) -> dict:
        return context.eherkenning_mandate(
            kvk=data["kvk"],
            acting_subject=data["acting_subject"],
            client_bsn=data["client_bsn"],
            role=data["role"],
            level=data["level"],
        )
