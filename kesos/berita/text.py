"""Plain-text helpers for news articles: sentences, clauses and numbers written in Indonesian."""

import re
from dataclasses import dataclass

# Abbreviations whose dot does not end a sentence ("Kab. Kubu Raya", "s.d. 11 Agustus").
_ABBREVIATIONS = {
    "kab", "prov", "kec", "kel", "jl", "jln", "dr", "drs", "dra", "ir", "h", "hj", "st", "no", "sdr",
    "dkk", "d", "s", "rp", "pt", "cv", "m", "bpk", "ibu", "a", "kh", "prof", "tgl", "ds",
}
_BOUNDARY = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“(]?[A-Z0-9])|\n\s*\n|\n(?=\s*[A-Z\"“])")

NUMBER_WORDS = {
    "satu": 1, "se": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
    "delapan": 8, "sembilan": 9, "sepuluh": 10, "sebelas": 11, "dua belas": 12, "seratus": 100,
}
# A count as written: "70", "1.000", "1,000" or a number word.
NUMBER = r"(?:\d{1,3}(?:[.,]\d{3})+|\d+|" + "|".join(
    sorted((w for w in NUMBER_WORDS if w != "se"), key=len, reverse=True)
) + r")"


def parse_number(raw: str) -> int | None:
    raw = raw.strip().lower()
    if raw in NUMBER_WORDS:
        return NUMBER_WORDS[raw]
    digits = re.sub(r"[.,](?=\d{3}\b)", "", raw)
    return int(digits) if digits.isdigit() else None


def is_year(value: int) -> bool:
    return 1900 <= value <= 2100


@dataclass(frozen=True)
class Span:
    start: int
    end: int

    def contains(self, start: int, end: int | None = None) -> bool:
        end = start if end is None else end
        return self.start <= start and end <= self.end


def sentences(text: str) -> list[Span]:
    """Sentence spans; a dot after a known abbreviation or an initial does not end a sentence."""
    spans: list[Span] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        before = text[start : match.start()].rstrip("\"”’)")
        last_word = re.search(r"([A-Za-z]+)\.$", before)
        if last_word and "\n" not in match.group() and last_word.group(1).lower() in _ABBREVIATIONS:
            continue
        if text[start : match.start()].strip():
            spans.append(Span(start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append(Span(start, len(text)))
    return spans


def sentence_at(spans: list[Span], position: int) -> Span | None:
    for span in spans:
        if span.start <= position < span.end:
            return span
    return None


_CLAUSE_BREAK = re.compile(
    r";|,?\s+(?:sedangkan|sementara(?:\s+itu)?|namun|tetapi|adapun|padahal)\b|\.\s", re.IGNORECASE
)


def clauses(text: str, span: Span) -> list[Span]:
    """A sentence cut where it turns ("..., sedangkan ...", "; ..."), so each part says one thing."""
    parts: list[Span] = []
    start = span.start
    for match in _CLAUSE_BREAK.finditer(text, span.start, span.end):
        parts.append(Span(start, match.start()))
        start = match.end()
    parts.append(Span(start, span.end))
    return [p for p in parts if text[p.start : p.end].strip()]


def first_line_title(text: str) -> Span | None:
    """The headline: a first line without a full stop, followed by the body."""
    match = re.match(r"\s*([^\n]{5,200})\n", text)
    if not match:
        return None
    line = match.group(1).rstrip()
    if line.endswith(".") or re.search(r"\s[-–—]\s|\((?:antara|ANTARA)", line):
        return None
    return Span(match.start(1), match.start(1) + len(line))


# "Baca juga: ..." lines link other stories; nothing in them is about this article's event.
_ASIDE = re.compile(
    r"^[ \t.]*(?:(?:baca|lihat|simak)\s+juga\b|baca\s*[:：])[^\n]*", re.IGNORECASE | re.MULTILINE
)


def mask_asides(text: str) -> str:
    """The text with "Baca juga" lines blanked out (same length, so every offset still holds)."""
    return _ASIDE.sub(lambda m: " " * len(m.group()), text)
