"""The receipt as one data structure; the page, the PDF and the e-mail all render this.

Keeping one source means the three can never disagree on the reference, the
moment of receipt or the answers.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy

from .. import consent
from ..answers import OverviewRow, form_state, rows
from ..authentication import receipt_lines
from ..models import Submission
from ..receipt_time import format_moment
from ..uploads import service as uploads

NOT_A_JUDGEMENT = gettext_lazy(
    "Deze ontvangstbevestiging laat zien dat wij uw formulier hebben ontvangen. "
    "Zij zegt niets over de inhoud of de volledigheid ervan."
)


@dataclass(frozen=True)
class Section:
    title: str
    rows: list[OverviewRow]


@dataclass(frozen=True)
class Attachment:
    name: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Receipt:
    organisation: str
    form_name: str
    reference: str | None
    received_at: datetime.datetime | None
    sections: list[Section]
    attachments: list[Attachment] = field(default_factory=list)
    submitted_by: str | None = None
    """Who logged in (masked); None for an anonymous submission."""
    on_behalf_of: str | None = None
    """For whom (masked), when acting on someone's behalf."""
    representation: str = ""
    """The kind of representation: DigiD Machtigen, bewindvoering, curatele, mentorschap."""
    level_of_assurance: str = ""
    next_steps: str = ""
    contact: str = ""
    digest: str = ""
    language: str = "nl"
    disclaimer: str = NOT_A_JUDGEMENT
    check_url: str = ""
    """The full address of the public check page, for the page, the PDF and e-mails that may hold links."""
    reply_consent: str = ""
    """The answer to "may the gemeente reply electronically" in one sentence; empty when the form did not ask."""

    @property
    def submitted_by_line(self) -> str:
        """ "BSN ******224 namens BSN ******607 (DigiD Machtigen, DigiD midden)"; empty when anonymous."""
        if not self.submitted_by:
            return ""
        who = f"{self.submitted_by} namens {self.on_behalf_of}" if self.on_behalf_of else self.submitted_by
        how = ", ".join(part for part in (self.representation, self.level_of_assurance) if part)
        return f"{who} ({how})" if how else who

    @property
    def is_concept(self) -> bool:
        """A copy made before sending (overview "Download als PDF"): no reference, no moment."""
        return self.reference is None

    @property
    def received_at_display(self) -> str:
        return format_moment(self.received_at) if self.received_at else ""


def check_page_url() -> str:
    """The public check page under LOKET_PUBLIC_URL: a receipt on paper must say which website is meant."""
    return settings.LOKET_PUBLIC_URL + reverse("submissions:verify")


def build_receipt(submission: Submission, data: dict | None = None) -> Receipt:
    """The receipt of ``submission`` (or the concept, when it is not received yet)."""
    state = form_state(submission, data)
    spec = state.spec
    sections = [Section(step.label, rows(state, step)) for step in state.answered_steps()]
    return Receipt(
        organisation=settings.LOKET_ORGANISATION_NAME,
        form_name=spec.name,
        reference=submission.public_reference if submission.is_received else None,
        received_at=submission.received_at if submission.is_received else None,
        sections=sections,
        attachments=[Attachment(item.name, item.size, item.sha256) for item in uploads.attachments(submission, state)],
        next_steps=spec.setting("next_steps"),
        contact=spec.setting("contact") or settings.LOKET_CONTACT,
        digest=submission.receipt_digest,
        language=submission.language,
        check_url=check_page_url(),
        reply_consent=consent.receipt_line(submission.reply_consent) if submission.is_received else "",
        **receipt_lines(submission.auth_context),
    )
