import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forms_platform.settings.production")

app = Celery("forms_platform")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
