from django.urls import path

from . import views

app_name = "mijn"

urlpatterns = [
    path("mijn/", views.index, name="index"),
    path("mijn/inloggen/", views.login, name="login"),
    path("mijn/zaken/<uuid:key>/", views.zaak, name="zaak"),
]
