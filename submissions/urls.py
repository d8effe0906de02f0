from django.urls import path

from . import views
from .receipt import views as receipt_views
from .resume import views as resume_views

app_name = "submissions"

urlpatterns = [
    path("", views.index, name="index"),
    path("formulieren/", views.index, name="form-list"),
    path("formulieren/<slug:slug>/", views.start, name="start"),
    path("formulieren/<slug:slug>/verder/", resume_views.resume_code, name="resume-code"),
    path("formulieren/<slug:slug>/verder/<str:token>/", resume_views.resume_link, name="resume-link"),
    path("formulieren/<slug:slug>/<uuid:submission_id>/later-verder/", resume_views.pause, name="pause"),
    path("formulieren/<slug:slug>/<uuid:submission_id>/stap/<slug:step_key>/", views.step, name="step"),
    path("formulieren/<slug:slug>/<uuid:submission_id>/controleren/", views.check, name="overview"),
    path("formulieren/<slug:slug>/<uuid:submission_id>/bevestiging/", views.confirmation, name="confirmation"),
    path(
        "formulieren/<slug:slug>/<uuid:submission_id>/bevestiging/pdf/",
        receipt_views.receipt_pdf,
        name="receipt-pdf",
    ),
    path(
        "formulieren/<slug:slug>/<uuid:submission_id>/controleren/pdf/",
        receipt_views.concept_pdf,
        name="concept-pdf",
    ),
    path("ontvangstbevestiging/pdf/<str:token>/", receipt_views.receipt_pdf_signed, name="receipt-pdf-signed"),
    path("ontvangstbevestiging/controleren/", receipt_views.verify, name="verify"),
]
