from django.conf import settings


def organisation(request):
    return {"organisation_name": settings.LOKET_ORGANISATION_NAME}
