"""LKS counts by type ("LKS anak 140"), their total ("154 LKS") and kab/kota without a branch yet."""

import re

from kesos.berita.model import Found, ProposedLksCount, found
from kesos.berita.text import Span, clauses, is_year, parse_number
from kesos.berita.wilayah import Mention
from kesos.vocab import LKS_TYPES

TYPE_WORDS = {
    "anak": r"anak|LKSA",
    "lansia": r"lanjut\s+usia|lansia",
    "disabilitas": r"(?:penyandang\s+)?(?:disabilitas|cacat)|penca",
    "napza": r"(?:korban\s+(?:penyalahgunaan\s+)?)?NAPZA|narkoba",
    "fakir_miskin": r"fakir\s+miskin",
    "tuna_sosial": r"(?:ketunaan|tuna)\s+sosial",
}
_TYPE = "|".join(rf"(?P<{kind}>{words})" for kind, words in TYPE_WORDS.items())
_TYPE_PLAIN = "|".join(TYPE_WORDS.values())
_COUNT = r"(?<!ke-)(?P<n>\d{1,3}(?:\.\d{3})*)\b"
_NOT_A_COUNT_AFTER = r"(?!\s*(?:orang|jiwa|anak|warga|persen|%|tahun|kabupaten|kota|unit|paket|stel|buah))"
_LINK = r"\s*(?:sebanyak|berjumlah|ada|:|=)?\s*"
_COUNTS = [
    re.compile(
        rf"\b(?:LKS|lembaga)\s+(?:bidang\s+|pelayanan\s+|untuk\s+)?(?:{_TYPE}){_LINK}{_COUNT}{_NOT_A_COUNT_AFTER}",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b{_COUNT}\s+(?:(?:merupakan|adalah|berupa|di\s?antaranya)\s+){{0,2}}(?:LKS|lembaga)\s+"
        rf"(?:bidang\s+|pelayanan\s+|untuk\s+)?(?:{_TYPE})",
        re.IGNORECASE,
    ),
    re.compile(rf"\b{_COUNT}\s+(?P<anak>LKSA)\b"),
    re.compile(rf"(?<![\w-])(?:{_TYPE}){_LINK}{_COUNT}{_NOT_A_COUNT_AFTER}", re.IGNORECASE),
]
_TOTALS = [
    re.compile(
        rf"\b{_COUNT}\s+(?:LKS\b|lembaga\b(?:\s+kesejahteraan\s+sosial)?)"
        rf"(?!\s+(?:bidang\s+|pelayanan\s+|untuk\s+)?(?:{_TYPE_PLAIN}|koordinasi)\b)",
        re.IGNORECASE,
    ),
    re.compile(
        r"\bjumlah\s+(?:LKS|lembaga\s+kesejahteraan\s+sosial)\b[^.]{0,80}?\b"
        rf"(?:sebanyak|mencapai|berjumlah|ada|tercatat|sekitar)\s+{_COUNT}(?!\s*(?:orang|persen|%))",
        re.IGNORECASE,
    ),
]
_ATTENDING = re.compile(r"\b(?:perwakilan|diikuti|dihadiri|mengikuti|menghadiri|hadir)\b[^.]*$", re.IGNORECASE)
# "kini jumlahnya mencapai 199 lembaga", "naik dari 154 menjadi 199": the figure of today.
_CURRENT = re.compile(r"\b(?:kini|saat\s+ini|sekarang|menjadi|hingga\s+kini)\b[^.,]*$", re.IGNORECASE)
_LKS_WORDS = re.compile(r"\bLKS\b|\bLKSA\b|lembaga\s+kesejahteraan\s+sosial", re.IGNORECASE)

_NOT_YET = re.compile(
    r"\bbelum\s+(?:ada\s+|juga\s+|pernah\s+)?(?:terbentuk|dibentuk|membentuk|memiliki|mempunyai|ada)\b"
    r"|\btidak\s+(?:memiliki|mempunyai)\b",
    re.IGNORECASE,
)
_BRANCH_WORDS = re.compile(
    r"\b(?:terbentuk|dibentuk|membentuk|cabang|kepengurusan|pengurus|BKKKS|BK3S|LKKS|LKKKS|KKKS)\b", re.IGNORECASE
)


def _lks_regions(text: str, sentences: list[Span]) -> list[Span]:
    """Sentences that speak of LKS, each with the sentence after it ("Rinciannya, anak 140, ...")."""
    regions = []
    for i, sentence in enumerate(sentences):
        if _LKS_WORDS.search(text, sentence.start, sentence.end):
            end = sentences[i + 1].end if i + 1 < len(sentences) else sentence.end
            regions.append(Span(sentence.start, end))
    return regions


def _matches(patterns: list[re.Pattern], text: str, regions: list[Span]):
    seen = set()
    for region in regions:
        for pattern in patterns:
            for match in pattern.finditer(text, region.start, region.end):
                if match.span() not in seen:
                    seen.add(match.span())
                    yield match


def lks_counts(text: str, sentences: list[Span]) -> list[ProposedLksCount]:
    """The first count given for each LKS type, in the order of the app's vocabulary."""
    by_type: dict[str, ProposedLksCount] = {}
    for match in sorted(_matches(_COUNTS, text, _lks_regions(text, sentences)), key=lambda m: m.start()):
        kind = next(k for k in TYPE_WORDS if match.groupdict().get(k))
        n = parse_number(match["n"])
        if kind in by_type or n is None or is_year(n):
            continue
        by_type[kind] = ProposedLksCount(
            lks_type=found(kind, text, match.start(kind), match.end(kind)),
            count=found(n, text, *match.span()),
        )
    return [by_type[k] for k in LKS_TYPES if k in by_type]


def lks_total(text: str, sentences: list[Span], counts: list[ProposedLksCount]) -> Found[int] | None:
    """The total the article states; with several, the one the counts by type add up to, else the first."""
    totals = []
    for match in _matches(_TOTALS, text, _lks_regions(text, sentences)):
        n = parse_number(match["n"])
        if _ATTENDING.search(text, max(0, match.start() - 30), match.start()):
            continue  # "diikuti perwakilan 48 LKS" counts those present, not all LKS
        if n and not is_year(n):
            totals.append(found(n, text, *match.span()))
    if not totals:
        return None
    totals.sort(key=lambda f: f.start)
    by_sum = [t for t in totals if counts and t.value == sum(c.count.value for c in counts)]
    current = [t for t in totals if _CURRENT.search(text, max(0, t.start - 40), t.start)]
    return (by_sum or current or totals)[0]


def branches_missing(
    text: str, sentences: list[Span], mentions: list[Mention]
) -> tuple[list[Found[str]], list[Span]]:
    """Kab/kota named in a clause saying the branch is not formed yet, sorted by code; and those clauses."""
    missing: dict[str, Found[str]] = {}
    where: list[Span] = []
    for sentence in sentences:
        if not _NOT_YET.search(text, sentence.start, sentence.end):
            continue
        if not _BRANCH_WORDS.search(text, sentence.start, sentence.end):
            continue
        for clause in clauses(text, sentence):
            if not _NOT_YET.search(text, clause.start, clause.end):
                continue
            where.append(clause)
            for mention in mentions:
                if clause.contains(mention.start, mention.end):
                    missing.setdefault(mention.code, found(mention.code, text, mention.start, mention.end))
    return [missing[code] for code in sorted(missing)], where
