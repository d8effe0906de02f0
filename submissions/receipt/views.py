"""Receipt views: the PDF copy (owner or signed link), the concept PDF, and the public digest check."""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from builder.kinds import UNSTORABLE

from ..access_log import record_staff_view
from ..entry import Visit, citizen_view
from ..models import ReceiptFile, Submission
from ..ratelimit import over_limit
from . import concept, links, proof

VERIFY_LIMIT = 10
VERIFY_WINDOW = 600  # seconds


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
@citizen_view(received=True)
def receipt_pdf(request: HttpRequest, visit: Visit) -> HttpResponse:
    return _pdf_response(request, visit.submission)


@require_http_methods(["GET", "HEAD"])
def receipt_pdf_signed(request: HttpRequest, token: str) -> HttpResponse:
    submission = links.received_submission_for(token)
    if submission is None:
        raise Http404("invalid or expired link")
    if request.user.is_staff:
        # The admin offers this link; staff opening it see every answer, so it is logged like the admin page.
        record_staff_view([submission], request.user, "receipt_pdf")
    return _pdf_response(request, submission)


@require_http_methods(["GET", "HEAD"])
@citizen_view(received=False, otherwise="receipt-pdf")
def concept_pdf(request: HttpRequest, visit: Visit) -> HttpResponse:
    """What the citizen is about to send, as a PDF to keep (before sending).

    After sending, the one true copy is the receipt PDF: the entry redirects there.
    """
    try:
        document = concept.concept_pdf(visit.submission, request.session.session_key or str(visit.submission.uuid))
    except concept.TooManyConcepts:
        response = render(request, "receipts/concept_limited.html", {"submission": visit.submission}, status=429)
        response["Retry-After"] = str(concept.RENDER_WINDOW)
        return response
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="concept-{visit.spec.slug}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Public check: do this reference and this digest belong to a real receipt? Nothing more."""
    context: dict = {"reference": "", "digest": ""}
    status = 200
    if request.method == "POST":
        if over_limit(request, "verify", VERIFY_LIMIT, VERIFY_WINDOW):
            context["rate_limited"] = True
            response = render(request, "receipts/verify.html", context, status=429)
            response["Retry-After"] = str(VERIFY_WINDOW)
            return response
        # What no database can store cannot be part of a reference: dropped before the lookup.
        reference = UNSTORABLE.sub("", request.POST.get("kenmerk", ""))[:40]
        # People copy the digest in groups, across lines: drop every kind of white space.
        digest = "".join(UNSTORABLE.sub("", request.POST.get("controlegetal", "")).split())[:128]
        context.update(reference=reference, digest=digest)
        if not reference.strip() or not digest.strip():
            context["error"] = gettext("Vul het kenmerk en het controlegetal in.")
            status = 400
        else:
            context["result"] = "match" if proof.verify(reference, digest) else "no_match"
    return render(request, "receipts/verify.html", context, status=status)
