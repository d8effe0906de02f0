"""Every real URL, plus the bench-only baseline views under ``/bench/``."""

from django.urls import path

from forms_platform.urls import urlpatterns as app_urlpatterns

from . import views

urlpatterns = [
    path("bench/bare-step/<int:submission_id>/", views.bare_step, name="bench-bare-step"),
    path("bench/bare-form-list/", views.bare_form_list, name="bench-bare-form-list"),
    path("bench/bare-step-for/<uuid:submission_uuid>/", views.bare_step_by_uuid, name="bench-bare-step-for"),
    *app_urlpatterns,
]
