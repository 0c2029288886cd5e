"""The one clock: "now" and "today" for every service, page, report and default.

Nothing else in Kesos reads the real date, so a test (or `time-machine`) sets the clock in one
place and every default, limit and report follows. "Today" is the date in Indonesia's western
zone (WIB, UTC+7), where the working day of most users starts first: at 23.30 UTC on 31 December
it is already 1 January for a secretariat in Pontianak, and the forms must say so.
"""

from datetime import date, datetime, timedelta, timezone

WIB = timezone(timedelta(hours=7), "WIB")
WITA = timezone(timedelta(hours=8), "WITA")
WIT = timezone(timedelta(hours=9), "WIT")


def zone(province_code: str | None) -> timezone:
    """The province's time zone (by its BPS code): WITA for Bali, Nusa Tenggara, Kalimantan Selatan,
    Timur and Utara and Sulawesi (51-53, 63-76), WIT for Maluku and Papua (81 and up), WIB elsewhere
    (Sumatra, Java, Kalimantan Barat and Tengah) and for a national view (no province)."""
    if not province_code:
        return WIB
    number = int(str(province_code).split(".")[0])
    if 51 <= number <= 53 or 63 <= number <= 76:
        return WITA
    return WIT if number >= 81 else WIB


def now() -> datetime:
    """The current moment, timezone-aware in UTC (what is stored)."""
    return datetime.now(timezone.utc)


def today() -> date:
    """Today's date in Indonesia (WIB)."""
    return now().astimezone(WIB).date()


def local_now(province_code: str | None = None) -> datetime:
    """The current moment in the province's zone (WIB without one), for stamps a person reads."""
    return now().astimezone(zone(province_code))


def in_zone(moment: datetime, province_code: str | None) -> datetime:
    """A stored moment (UTC; a naive one is read as UTC) in the province's zone."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(zone(province_code))
