"""Login plugins: the ways a citizen proves who they are (and for whom they act).

A plugin lives in its own module (``machtigen/contrib/<name>/``) and registers itself
on the one plugin registry from its app config::

    @login_plugins.register("digid-oidc")
    class DigiDOIDC(LoginPlugin): ...

The flow every plugin follows:

1. the start page (or the login page the citizen-view entry redirects to) posts
   to :func:`machtigen.service.begin_login`, which checks that the form offers
   the plugin, remembers the form and ``return_to`` in the session
   (:func:`machtigen.service.pending_login`) and calls
   ``plugin.start(request, return_to=...)``; the plugin answers with a redirect
   to the identity provider (or, for a demo plugin, its own page);
2. the provider calls back into the plugin's own view; the plugin checks
   everything it must (state, nonce, audience, ...) and builds the
   authentication context (``machtigen/schemas/authentication-context.schema.json``);
3. the plugin hands that context to :func:`machtigen.service.finish_login`,
   which checks the form's minimum level of assurance, stores the context in
   the session (:mod:`machtigen.session`) with a fresh session key and sends the
   citizen back to ``return_to``.
"""

from __future__ import annotations

from typing import ClassVar

from django.http import HttpRequest, HttpResponse

from forms_platform.registry import Registry

__all__ = ["LoginPlugin", "login_plugins"]


class LoginPlugin:
    """The base of every login plugin."""

    id: str = ""
    label: str = ""
    """What the citizen reads on the button, e.g. "Inloggen met DigiD"."""
    source: ClassVar[str] = "digid"
    """The authentication context's ``source``: ``digid`` or ``eherkenning``."""
    demo: ClassVar[bool] = False
    """Demo plugins are for the embedded default only; a system check refuses them in production."""

    def is_enabled(self) -> bool:
        """Whether the plugin may be offered now (configured, allowed in these settings)."""
        return True

    def start(self, request: HttpRequest, *, return_to: str) -> HttpResponse:
        """Begin a login; after it the citizen ends up at ``return_to`` (a local path)."""
        raise NotImplementedError


login_plugins: Registry[LoginPlugin] = Registry("login plugin")
