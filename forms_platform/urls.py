from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language
from maykin_2fa import monkeypatch_admin
from maykin_2fa.urls import urlpatterns as second_factor_urls

admin.site.site_header = "Loket"
admin.site.site_title = "Loket beheer"
# The admin asks for a second factor; its login, set-up and recovery pages come before the admin's own.
monkeypatch_admin()

urlpatterns = [
    path("beheer/", include((second_factor_urls, "maykin_2fa"))),
    path("beheer/", admin.site.urls),
    path("taal/", set_language, name="set_language"),
    path("", include("theme.urls")),
    path("oidc/", include("machtigen.contrib.oidc.urls")),
    path("", include("machtigen.urls")),
    path("", include("notifications.urls")),
    path("", include("mijn.urls")),
    path("", include("submissions.urls")),
]

# Dutch error pages that never read the request body (see forms_platform/error_pages.py).
handler400 = "forms_platform.error_pages.bad_request"
handler403 = "forms_platform.error_pages.permission_denied"
handler404 = "forms_platform.error_pages.page_not_found"
handler500 = "forms_platform.error_pages.server_error"
