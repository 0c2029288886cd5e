"""Dates as Indonesian news writes them: "9-11 Agustus 2023", "Kamis (10/8/2023)", "Kamis (17/7)"."""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from kesos.berita.text import NUMBER, is_year, parse_number

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "pebruari": 2, "feb": 2, "peb": 2, "maret": 3, "mar": 3,
    "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "agustus": 8,
    "agus": 8, "agu": 8, "agt": 8, "ags": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "okt": 10, "oct": 10, "november": 11, "nopember": 11, "nov": 11, "nop": 11,
    "desember": 12, "des": 12, "dec": 12,
}
_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")"
_WEEKDAY = r"(?:Senin|Selasa|Rabu|Kamis|Jum'?at|Jum’at|Sabtu|Minggu|Ahad)"
WEEKDAY = _WEEKDAY  # the weekday names as a pattern, for other modules
WEEKDAYS = {"senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "sabtu": 5, "minggu": 6, "ahad": 6}


def weekday_number(word: str | None) -> int | None:
    return WEEKDAYS.get(re.sub(r"['’]", "", word).lower()) if word else None
_UNTIL = r"(?:-|–|—|s\.\s?d\.?|s/d|sd|sampai(?:\s+dengan)?|hingga|s\.d)"

_NUMERIC = re.compile(
    rf"\b(?P<wd>{_WEEKDAY})(?:\s*{_UNTIL}\s*{_WEEKDAY})?\s*[,(]?\s*\(?\s*(?P<d1>\d{{1,2}})"
    rf"(?:\s*[-–]\s*(?P<d2>\d{{1,2}}))?\s*/\s*(?P<m>\d{{1,2}})(?:\s*/\s*(?P<y>\d{{4}}|\d{{2}}))?\s*\)?",
    re.IGNORECASE,
)
_NAMED = re.compile(
    rf"(?:\b(?P<wd>{_WEEKDAY})\s*,?\s*\(?\s*)?(?:\b(?:tanggal|tgl\.?)\s+)?\b(?P<d1>\d{{1,2}})"
    rf"(?:\s*{_UNTIL}\s*(?P<d2>\d{{1,2}}))?\s+(?P<mon>{_MONTH})\b\.?(?:\s+(?P<y>\d{{4}})\b)?\)?",
    re.IGNORECASE,
)
_CROSSING = re.compile(rf"^\s*{_UNTIL}\s*(?:hari\s+|tanggal\s+)?$", re.IGNORECASE)
_DURATION = re.compile(
    rf"\b(?:selama|berlangsung|digelar|dilaksanakan|diselenggarakan)\s+(?:selama\s+)?(?P<n>{NUMBER})\s+hari\b"
    r"(?!\s+(?:lalu|sebelum|kemudian|setelah|sesudah|ke\s+depan))",
    re.IGNORECASE,
)
_DATELINE = re.compile(
    r"^[ \t]*(?:[A-Z][\w.]*\.(?:com|id|co\.id|net),\s*)?"
    r"(?P<place>[A-Z][A-Za-z'.]*(?:[ \t][A-Z][A-Za-z'.]*){0,2})[ \t]*"
    rf"(?:,[ \t]*(?P<date>\d{{1,2}}[ \t]+(?i:{_MONTH})\.?[ \t]+\d{{4}})[ \t]*)?"
    r"(?:,?[ \t]*\((?P<agency>[^)\n]{2,40})\)\.?[ \t]*)?"
    r"(?:,[ \t]*(?P<media>[A-Za-z][\w.]*)[ \t]*)?"
    r"[-–—]+\s",
    re.MULTILINE,
)


@dataclass(frozen=True)
class DateMention:
    start: date
    end: date
    span_start: int
    span_end: int
    has_year: bool
    year_guessed: bool = False  # no year written and no release date: the weekday chose it


@dataclass(frozen=True)
class Dateline:
    place: str
    place_start: int
    place_end: int
    start: int
    end: int
    day: date | None


def _year(raw: str | None) -> int | None:
    if not raw:
        return None
    year = int(raw)
    return year + 2000 if year < 100 else year


def guess_year(day: int, month: int, weekday: int, today: date, text_years: tuple[int, ...] = ()) -> date | None:
    """A yearless date with its weekday and no release date: a year the article names that fits
    the weekday (the earliest: "periode 2019-2024" is inaugurated in 2019), else the latest year
    not after today that fits it."""
    def fits(y: int) -> date | None:
        try:
            d = date(y, month, day)
        except ValueError:
            return None
        return d if d.weekday() == weekday and d <= today else None

    for y in sorted(set(text_years)):
        if (d := fits(y)) is not None:
            return d
    for y in range(today.year, today.year - 30, -1):
        if (d := fits(y)) is not None:
            return d
    return None


def _place(day: int, month: int, year: int | None, reference: date | None) -> date | None:
    """A date; without a year, the one nearest the reference date (the event is news)."""
    try:
        if year is not None:
            return date(year, month, day) if is_year(year) else None
        if reference is None:
            return None
        options = []
        for y in (reference.year - 1, reference.year, reference.year + 1):
            try:
                if is_year(y):
                    options.append(date(y, month, day))
            except ValueError:
                continue
        return min(options, key=lambda d: abs((d - reference).days)) if options else None
    except ValueError:
        return None


@dataclass(frozen=True)
class _Raw:
    d1: int
    m1: int
    d2: int | None
    m2: int
    year: int | None
    span_start: int
    span_end: int
    weekday: int | None = None


def _raw_mentions(text: str) -> list[_Raw]:
    raws = []
    for match in _NUMERIC.finditer(text):
        month = int(match["m"])
        if 1 <= month <= 12:
            d2 = int(match["d2"]) if match["d2"] else None
            raws.append(_Raw(int(match["d1"]), month, d2, month, _year(match["y"]), *match.span(),
                             weekday_number(match["wd"])))
    taken = [(r.span_start, r.span_end) for r in raws]
    for match in _NAMED.finditer(text):
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        month = MONTHS[match["mon"].lower()]
        d2 = int(match["d2"]) if match["d2"] else None
        raws.append(_Raw(int(match["d1"]), month, d2, month, _year(match["y"]), *match.span(),
                         weekday_number(match["wd"])))
    raws.sort(key=lambda r: r.span_start)
    return _merge_crossings(text, raws)


def _merge_crossings(text: str, raws: list[_Raw]) -> list[_Raw]:
    """"30 Oktober hingga 1 November 2024" or "Senin (20/2) sampai Selasa (21/2)" is one range."""
    merged: list[_Raw] = []
    for raw in raws:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and previous.d2 is None
            and raw.d2 is None
            and _CROSSING.match(text[previous.span_end : raw.span_start])
        ):
            merged[-1] = _Raw(
                previous.d1, previous.m1, raw.d1, raw.m1, raw.year or previous.year,
                previous.span_start, raw.span_end,
            )
            continue
        merged.append(raw)
    return merged


_YEAR = re.compile(r"(?<![\d.,/])(?:19|20)\d\d(?![\d.,/])")


def date_mentions(text: str, reference: date | None, today: date | None = None) -> list[DateMention]:
    """Every day or range of days in the text that can be placed in a year, in text order.

    A date without a year goes to the year nearest the release date; without a release date, its
    weekday picks the year (`guess_year`), and the mention says the year is a guess.
    """
    mentions = []
    text_years = tuple(int(y) for y in _YEAR.findall(text))
    for raw in _raw_mentions(text):
        end_day = raw.d2 if raw.d2 is not None else raw.d1
        end = _place(end_day, raw.m2, raw.year, reference)
        guessed = False
        if end is None and raw.year is None and reference is None and today is not None and raw.weekday is not None:
            start_guess = guess_year(raw.d1, raw.m1, raw.weekday, today, text_years)
            if start_guess is not None:
                end = _place(end_day, raw.m2, start_guess.year, None)
                guessed = end is not None
        if end is None:
            continue
        start = _place(raw.d1, raw.m1, end.year, None)
        if start is not None and start > end:
            start = _place(raw.d1, raw.m1, end.year - 1, None)  # "28 Desember - 2 Januari 2024"
        if start is None or (end - start).days > 31:
            continue
        mentions.append(DateMention(start, end, raw.span_start, raw.span_end, raw.year is not None, guessed))
    return mentions


def duration_days(text: str) -> tuple[int, int, int] | None:
    """"selama dua hari" -> (2, start, end of the words)."""
    for match in _DURATION.finditer(text):
        days = parse_number(match["n"])
        if days and 1 <= days <= 31:
            return days, match.start(), match.end()
    return None


def add_days(day: date, days: int) -> date:
    return day + timedelta(days=days)


def dateline(text: str, after: int = 0) -> Dateline | None:
    """"PONTIANAK (ANTARA) -", "Denpasar (Antara Bali) -", "Banjarbaru, 8 Oktober 2025 –".

    Looked for at the start of the first paragraph after the headline.
    """
    first_line = re.compile(r"\S").search(text, after)
    if first_line is None:
        return None
    line_start = text.rfind("\n", 0, first_line.start()) + 1
    match = _DATELINE.match(text, line_start)
    if match is None:
        return None
    day = None
    if match["date"]:
        day_match = _NAMED.match(match["date"])
        if day_match:
            day = _place(int(day_match["d1"]), MONTHS[day_match["mon"].lower()], _year(day_match["y"]), None)
    return Dateline(match["place"], match.start("place"), match.end("place"), match.start(), match.end(), day)
