"""System check: when notifications are configured, an abonnement exists for today's callback URL.

It reads the database, not the network (``manage.py subscribe_notifications
--check`` asks the Notificaties API itself).
"""

from django.conf import settings
from django.core import checks


def check_subscription(app_configs=None, databases=None, **kwargs) -> list[checks.CheckMessage]:
    if not databases or not settings.LOKET_NOTIFICATIONS_SERVICE:
        return []  # status e-mails are off: nothing to check
    from django.db.utils import DatabaseError

    from .subscription import check

    try:
        problems = check(remote=False)
    except DatabaseError:  # not migrated yet
        return []
    return [
        checks.Warning(
            f"status notifications: {problem}",
            hint="See docs/notifications.md; manage.py subscribe_notifications makes or repairs the abonnement.",
            id="notifications.W001",
        )
        for problem in problems
    ]
