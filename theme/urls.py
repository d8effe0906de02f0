from django.urls import path

from . import views

app_name = "theme"

urlpatterns = [
    path("thema/<slug:version>/thema.css", views.stylesheet, name="stylesheet"),
    path("thema/<slug:version>/logo", views.logo, name="logo"),
    path("favicon.ico", views.favicon, name="favicon"),
]
