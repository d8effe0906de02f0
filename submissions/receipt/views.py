"""Receipt views: the PDF copy (owner or signed link), the concept PDF, and the public digest check."""

import ipaddress
from uuid import UUID

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from .. import ownership
from ..models import ReceiptFile, Submission
from . import data, pdf, proof

SIGNER_SALT = "loket.receipt-pdf"
VERIFY_LIMIT = 10
VERIFY_WINDOW = 600  # seconds


def signed_pdf_url(submission: Submission) -> str:
    """A link to the PDF that works without the session, for LOKET_RECEIPT_LINK_MAX_AGE seconds."""
    token = signing.TimestampSigner(salt=SIGNER_SALT).sign(str(submission.uuid))
    return reverse("submissions:receipt-pdf-signed", args=[token])


def _pdf_response(request: HttpRequest, submission: Submission) -> HttpResponse:
    receipt_file = ReceiptFile.objects.filter(submission=submission).first()
    if receipt_file is None:
        response = render(request, "receipts/pdf_pending.html", {"submission": submission}, status=202)
        response["Retry-After"] = "3"
        return response
    response = FileResponse(
        receipt_file.pdf.open("rb"),
        as_attachment=True,
        filename=f"ontvangstbevestiging-{submission.public_reference}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "HEAD"])
def receipt_pdf(request: HttpRequest, slug: str, submission_id: UUID) -> HttpResponse:
    submission = ownership.get_owned_submission(request, slug, submission_id)
    if not submission.is_received:
        raise Http404("not received")
    return _pdf_response(request, submission)


@require_http_methods(["GET", "HEAD"])
def receipt_pdf_signed(request: HttpRequest, token: str) -> HttpResponse:
    try:
        value = signing.TimestampSigner(salt=SIGNER_SALT).unsign(token, max_age=settings.LOKET_RECEIPT_LINK_MAX_AGE)
        submission = Submission.objects.select_related("form_version__form").get(
            uuid=UUID(value), status=Submission.Status.RECEIVED
        )
    except (signing.BadSignature, ValueError, Submission.DoesNotExist):
        raise Http404("invalid or expired link") from None
    return _pdf_response(request, submission)


@require_http_methods(["GET", "HEAD"])
def concept_pdf(request: HttpRequest, slug: str, submission_id: UUID) -> HttpResponse:
    """What the citizen is about to send, as a PDF to keep (before sending)."""
    submission = ownership.get_owned_submission(request, slug, submission_id)
    if submission.is_received:
        # After sending, the one true copy is the receipt PDF.
        return redirect("submissions:receipt-pdf", slug=slug, submission_id=submission_id)
    document = pdf.render_pdf(data.build_receipt(submission))
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="concept-{slug}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def client_address(request: HttpRequest) -> str:
    """The citizen's address; behind LOKET_TRUSTED_PROXIES proxies it comes from X-Forwarded-For."""
    proxies = settings.LOKET_TRUSTED_PROXIES
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            # Anything but an address (a proxy passing on garbage) would be a fresh rate-limit key per request.
            try:
                return str(ipaddress.ip_address(forwarded[-proxies]))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR", "")


def _rate_limited(request: HttpRequest) -> bool:
    key = f"loket:verify:{client_address(request)}"
    cache.add(key, 0, VERIFY_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, VERIFY_WINDOW)
        count = 1
    return count > VERIFY_LIMIT


@require_http_methods(["GET", "HEAD", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Public check: do this reference and this digest belong to a real receipt? Nothing more."""
    context: dict = {"reference": "", "digest": ""}
    status = 200
    if request.method == "POST":
        if _rate_limited(request):
            context["rate_limited"] = True
            response = render(request, "receipts/verify.html", context, status=429)
            response["Retry-After"] = str(VERIFY_WINDOW)
            return response
        reference = request.POST.get("kenmerk", "")[:40]
        # People copy the digest in groups, across lines: drop every kind of white space.
        digest = "".join(request.POST.get("controlegetal", "").split())[:128]
        context.update(reference=reference, digest=digest)
        if not reference.strip() or not digest.strip():
            context["error"] = "Vul het kenmerk en het controlegetal in."
            status = 400
        else:
            context["result"] = "match" if proof.verify(reference, digest) else "no_match"
    return render(request, "receipts/verify.html", context, status=status)
