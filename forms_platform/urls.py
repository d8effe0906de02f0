from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Loket"
admin.site.site_title = "Loket beheer"

urlpatterns = [
    path("beheer/", admin.site.urls),
    path("", include("submissions.urls")),
]
