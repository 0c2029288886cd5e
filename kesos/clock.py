"""The one clock: "now" and "today" for every service, page, report and default.

Nothing else in Kesos reads the real date, so a test (or `time-machine`) sets the clock in one
place and every default, limit and report follows. "Today" is the date in Indonesia's western
zone (WIB, UTC+7), where the working day of most users starts first: at 23.30 UTC on 31 December
it is already 1 January for a secretariat in Pontianak, and the forms must say so.
"""

from datetime import date, datetime, timedelta, timezone

WIB = timezone(timedelta(hours=7), "WIB")


def now() -> datetime:
    """The current moment, timezone-aware in UTC (what is stored)."""
    return datetime.now(timezone.utc)


def today() -> date:
    """Today's date in Indonesia (WIB)."""
    return now().astimezone(WIB).date()


def local_now() -> datetime:
    """The current moment in WIB, for file names and report stamps a person reads."""
    return now().astimezone(WIB)
