from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("api/notificaties/", views.webhook, name="webhook"),
]
