"""Which coordination body an article is about, from its acronyms and its long names."""

import re
from collections import Counter

from kesos.berita.model import Found, found
from kesos.vocab import ORGANISATION_ACRONYMS

_ACRONYM = re.compile(r"\b(?P<acronym>" + "|".join(ORGANISATION_ACRONYMS) + r")\b")
# The long names; "Badan Koordinasi ..." is written BKKKS or BK3S, so it counts for the one
# the article also uses.
_LONG_NAME = re.compile(
    r"\b(?P<long>(?:(?P<badan>Badan)\s+|(?P<lembaga>Lembaga)\s+)?Koordinasi\s+(?P<kegiatan>Kegiatan\s+)?"
    r"Kesejahteraan\s+Sosial)\b"
)


def _long_name_acronym(match: re.Match, used: Counter) -> str | None:
    if match["badan"]:
        return "BK3S" if used["BK3S"] > used["BKKKS"] else "BKKKS"
    if match["lembaga"]:
        return "LKKKS" if match["kegiatan"] else "LKKS"
    return "KKKS" if match["kegiatan"] else None


def organisation(text: str) -> Found[str] | None:
    """The body named most often (long names count for their acronym); ties go to the first named."""
    acronyms = list(_ACRONYM.finditer(text))
    used = Counter(m["acronym"] for m in acronyms)
    mentions = [(m.start(), m.end(), m["acronym"]) for m in acronyms]
    for match in _LONG_NAME.finditer(text):
        acronym = _long_name_acronym(match, used)
        if acronym is not None:
            mentions.append((match.start("long"), match.end(), acronym))
    if not mentions:
        return None
    counts = Counter(acronym for _, _, acronym in mentions)
    first = {}
    for start, end, acronym in sorted(mentions):
        first.setdefault(acronym, (start, end))
    best = max(counts, key=lambda a: (counts[a], -first[a][0]))
    return found(best, text, *first[best])
