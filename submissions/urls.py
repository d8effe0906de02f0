from django.urls import path

from . import views

app_name = "submissions"

urlpatterns = [
    path("", views.index, name="index"),
    path("formulieren/<slug:slug>/", views.start, name="start"),
    path("formulieren/<slug:slug>/<uuid:submission_id>/stap/<slug:step_key>/", views.step, name="step"),
    path("formulieren/<slug:slug>/<uuid:submission_id>/controleren/", views.check, name="overview"),
    path("formulieren/<slug:slug>/<uuid:submission_id>/bevestiging/", views.confirmation, name="confirmation"),
]
