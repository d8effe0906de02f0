"""What the rest of Loket may do with status notifications."""

from .receiving import BadNotification, Outcome, is_authorised, receive
from .status_mail import JOB_KIND, StatusFacts, build_status_message
from .subscription import SubscriptionProblem, callback_url, subscribe
from .subscription import check as check_subscription
from .zaken import StatusLine, Zaak, ZGWReader, forget

__all__ = [
    "JOB_KIND",
    "BadNotification",
    "Outcome",
    "StatusFacts",
    "StatusLine",
    "SubscriptionProblem",
    "ZGWReader",
    "Zaak",
    "build_status_message",
    "callback_url",
    "check_subscription",
    "forget",
    "is_authorised",
    "receive",
    "subscribe",
]
