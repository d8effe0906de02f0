from django.urls import path

from . import views

app_name = "machtigen"

urlpatterns = [
    path("inloggen/<slug:slug>/", views.choose, name="choose"),
    path("inloggen/<slug:slug>/<slug:plugin_id>/", views.begin, name="begin"),
    path("inloggen-demo/<slug:plugin_id>/", views.demo, name="demo"),
    path("uitloggen/", views.logout, name="logout"),
    path("sessie/verlengen/", views.extend, name="extend"),
]
