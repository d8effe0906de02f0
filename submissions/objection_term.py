"""The bezwaartermijn: six weeks from the day after the besluit, moved past weekends and feestdagen.

Awb 6:7 sets the term at six weeks; 6:8 lid 1 lets it start on the day after the besluit was
made known, so it ends on the same weekday six weeks later (besluit on Friday 9 January 2026:
the term ends on Friday 20 February 2026). The Algemene termijnenwet (Atw) art. 1 extends a
term that ends on a Saturday, Sunday or algemeen erkende feestdag to the next day that is
none of these.

The feestdagen are those of Atw art. 3 lid 1, and no others: Nieuwjaarsdag, tweede
Paasdag, Hemelvaartsdag, tweede Pinksterdag, the day the King's birthday is celebrated,
5 mei (every year), and both Kerstdagen. Goede Vrijdag is not one of them; eerste Paas- and
Pinksterdag are Sundays anyway. Days the government may equate with them by AMvB (art. 3
lid 2) are not included; one made later belongs in :func:`atw_holidays`.

Only an indication: the date the besluit was made known (sent, published) may differ from
the date on the letter, and a late bezwaar may still be admissible (Awb 6:11). Loket never
refuses a submission because of it.

Easter comes from python-dateutil (a maintained implementation of the Gregorian computus);
no holiday library matches the Atw list (they carry Goede Vrijdag, or 5 mei only every
fifth year).
"""

import datetime
from functools import lru_cache

from dateutil.easter import easter

__all__ = ["TERM", "atw_holidays", "is_working_day", "next_working_day", "objection_term_end"]

TERM = datetime.timedelta(weeks=6)


@lru_cache(maxsize=64)
def atw_holidays(year: int) -> frozenset[datetime.date]:
    """The algemeen erkende feestdagen of Atw art. 3 lid 1 in ``year``."""
    easter_sunday = easter(year)
    return frozenset(
        {
            datetime.date(year, 1, 1),  # Nieuwjaarsdag
            easter_sunday + datetime.timedelta(days=1),  # tweede Paasdag
            easter_sunday + datetime.timedelta(days=39),  # Hemelvaartsdag
            easter_sunday + datetime.timedelta(days=50),  # tweede Pinksterdag
            _kings_day(year),
            datetime.date(year, 5, 5),  # Bevrijdingsdag: in the Atw every year, not only every fifth
            datetime.date(year, 12, 25),
            datetime.date(year, 12, 26),
        }
    )


def _kings_day(year: int) -> datetime.date:
    """Koningsdag (27 April) from 2014, Koninginnedag (30 April) before; a day earlier when it falls on a Sunday."""
    day = datetime.date(year, 4, 27) if year >= 2014 else datetime.date(year, 4, 30)
    return day - datetime.timedelta(days=1) if day.weekday() == 6 else day


def is_working_day(day: datetime.date) -> bool:
    """Not a Saturday, a Sunday or an Atw feestdag."""
    return day.weekday() < 5 and day not in atw_holidays(day.year)


def next_working_day(day: datetime.date) -> datetime.date:
    """``day`` itself when it is a working day, otherwise the first one after it (Atw art. 1)."""
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def objection_term_end(decision_date: datetime.date) -> datetime.date:
    """The last day to make bezwaar against a besluit of ``decision_date`` (an indication)."""
    return next_working_day(decision_date + TERM)
