"""How a moment of receipt is written for people: Amsterdam time, to the second, with zone."""

import datetime
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def format_moment(moment: datetime.datetime) -> str:
    """``20-02-2026 23:59:59 (CET)``; the zone name tells winter from summer time."""
    local = moment.astimezone(AMSTERDAM)
    return f"{local:%d-%m-%Y %H:%M:%S} ({local.tzname()})"
