"""The webhook the Notificaties API delivers to (the abonnement's callback URL)."""

import json

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import service

MAX_BODY = 64 * 1024  # a notification is a few hundred bytes


@csrf_exempt  # a server-to-server call, authenticated by its Authorization header
@require_POST
def webhook(request: HttpRequest) -> HttpResponse:
    if not service.is_authorised(request.headers.get("Authorization")):
        return JsonResponse({"detail": "Authenticatie ontbreekt of is onjuist."}, status=403)
    if int(request.headers.get("Content-Length") or 0) > MAX_BODY:
        return JsonResponse({"detail": "De notificatie is te groot."}, status=413)
    try:
        body = json.loads(request.body or b"")
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"detail": "De body is geen JSON.", "invalidParams": []}, status=400)
    try:
        service.receive(body)
    except service.BadNotification as exc:
        return JsonResponse({"detail": "Ongeldige notificatie.", "invalidParams": exc.problems}, status=400)
    return HttpResponse(status=204)
