"""The one place that formats money, numbers and dates for Indonesian readers (Babel `id`)."""

import decimal
import math
from datetime import date, datetime, timezone

import numpy as np
from babel.dates import format_date, format_datetime, get_day_names, get_month_names
from babel.numbers import format_currency, format_decimal

from kesos.vocab import PROVINCE_SHORT_NAMES

LOCALE = "id"


def _precise_enough(value: float | int) -> decimal.Context:
    """A decimal context holding every digit of `value`: Babel rounds in the current context, whose
    28 digits made a typed 10**28 (an importer's "sekarang ..." message) raise instead of print."""
    digits = len(str(abs(int(value)))) if isinstance(value, int) or math.isfinite(value) else 1
    return decimal.localcontext(prec=max(28, digits + 10))


def _whole(value) -> int | None:
    """`value` as a Python int when it is a whole number type (int, numpy's integers; not bool), else None."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        return None
    return int(value)


def _grouped(number: int) -> str:
    """`1.250.000`, `-1.234`: what Babel's `#,##0` prints for `id`, without its cost (tens of microseconds a
    call: a whole country's table formats tens of thousands). tests/test_config_fmt.py compares the two."""
    return f"{number:,}".replace(",", ".")


def rupiah(value: float | int | None) -> str:
    """`Rp 1.250.000`: whole rupiah, dots for thousands; `-` when there is no value."""
    if value is None:
        return "-"
    whole = _whole(value)
    if whole is not None:
        return f"Rp {_grouped(whole)}" if whole >= 0 else f"-Rp {_grouped(-whole)}"
    with _precise_enough(value):
        return format_currency(round(value), "IDR", format="¤ #,##0", locale=LOCALE, currency_digits=False)


def rupiah_short(value: float | int | None) -> str:
    """`Rp 1,3 miliar`, `Rp 250 juta`: for headline figures on a projector."""
    if value is None:
        return "-"
    for size, word in ((1e12, "triliun"), (1e9, "miliar"), (1e6, "juta")):
        if abs(value) >= size:
            return f"Rp {format_decimal(value / size, format='#,##0.#', locale=LOCALE)} {word}"
    return rupiah(value)


def number(value: float | int | None) -> str:
    if value is None:
        return "-"
    whole = _whole(value)
    if whole is not None:
        return _grouped(whole)
    with _precise_enough(value):
        return format_decimal(value, format="#,##0", locale=LOCALE)


def percent(value: float) -> str:
    """`2,7%`: one decimal, the Indonesian decimal comma."""
    return f"{format_decimal(round(value, 1), format='#,##0.0', locale=LOCALE)}%"


def tanggal(value: date | datetime | None) -> str:
    """`10 Agustus 2023`."""
    if value is None:
        return "-"
    if isinstance(value, datetime):
        value = value.date()
    return format_date(value, "d MMMM y", locale=LOCALE)


def tanggal_pendek(value: date | datetime | None) -> str:
    """`10 Agu 2023`: where a full month name does not fit (the branch board's cells)."""
    if value is None:
        return "-"
    if isinstance(value, datetime):
        value = value.date()
    return format_date(value, "d MMM y", locale=LOCALE).replace(".", "")


def waktu(value: datetime | None, province_code: str | None = None) -> str:
    """`10 Agustus 2023 14.05 WITA`: the moment in the province's zone, with the zone's name (WIB
    without a province). A naive value is a stored one, in UTC."""
    if value is None:
        return "-"
    from kesos import clock

    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    local = value.astimezone(clock.zone(province_code))
    return f"{format_datetime(local, 'd MMMM y HH.mm', tzinfo=local.tzinfo, locale=LOCALE)} {local.tzname()}"


def bulan(year: int, month: int) -> str:
    """`Agustus 2023`."""
    return format_date(date(year, month, 1), "MMMM y", locale=LOCALE)


def tanggal_range(start: date, end: date) -> str:
    """`9–11 Agustus 2023`, `30 Juli–1 Agustus 2023`, or one date."""
    if start == end:
        return tanggal(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{tanggal(end)}"
    if start.year == end.year:
        return f"{format_date(start, 'd MMMM', locale=LOCALE)}–{tanggal(end)}"
    return f"{tanggal(start)}–{tanggal(end)}"


def kab_kota_short(name: str | None) -> str:
    """`Tanah Bumbu` for `Kabupaten Tanah Bumbu`; a city keeps its `Kota` (Kota Banjarmasin ≠ Banjar)."""
    if not name:
        return "-"
    return name.removeprefix("Kabupaten ").removeprefix("Kab. ")


def province_short(code: str, name: str | None = None) -> str:
    """`Kalsel` for 63: the short name leaders use; the full name when there is no short one."""
    return PROVINCE_SHORT_NAMES.get(code) or name or code


def _vega_locale() -> dict:
    """Indonesian number and time formats for Vega, from Babel, so chart axes read like `fmt` does."""
    months = get_month_names("wide", locale=LOCALE)
    short_months = get_month_names("abbreviated", locale=LOCALE)
    days = get_day_names("wide", locale=LOCALE)  # Monday first; d3 wants Sunday first
    short_days = get_day_names("abbreviated", locale=LOCALE)
    return {
        "number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["Rp ", ""]},
        "time": {
            "dateTime": "%A, %e %B %Y %H.%M.%S", "date": "%d/%m/%Y", "time": "%H.%M.%S",
            "periods": ["AM", "PM"],
            "days": [days[6]] + [days[i] for i in range(6)],
            "shortDays": [short_days[6]] + [short_days[i] for i in range(6)],
            "months": [months[i] for i in range(1, 13)],
            "shortMonths": [short_months[i].rstrip(".") for i in range(1, 13)],
        },
    }


VEGA_LOCALE = _vega_locale()
# A rupiah axis on a projector: `Rp 250 jt`, `Rp 1,2 M` (juta, miliar), like `rupiah_short`.
RUPIAH_AXIS_LABEL = (
    "abs(datum.value) >= 1e12 ? 'Rp ' + format(datum.value / 1e12, ',.1~f') + ' T'"
    " : abs(datum.value) >= 1e9 ? 'Rp ' + format(datum.value / 1e9, ',.1~f') + ' M'"
    " : abs(datum.value) >= 1e6 ? 'Rp ' + format(datum.value / 1e6, ',.1~f') + ' jt'"
    " : 'Rp ' + format(datum.value, ',.0f')"
)
