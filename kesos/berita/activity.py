"""The event an article reports: its kind, dates, place, participants and the agencies named."""

import re
from datetime import date

from kesos.berita.dates import DateMention, Dateline, add_days, date_mentions, duration_days
from kesos.berita.model import Found, ProposedActivity, found
from kesos.berita.text import NUMBER, Span, is_year, parse_number, sentence_at

# Earlier kinds in this list are not preferred: the kind named first in the article wins.
KIND_WORDS = {
    "rakor": r"rakor|rapat\s+koordinasi",
    "raker": r"raker|rapat\s+kerja",
    "workshop": r"workshop|lokakarya",
    "pelatihan": r"pelatihan|bimbingan\s+teknis|bimtek|diklat",
    "pengukuhan": r"pengukuhan|dikukuhkan|mengukuhkan|kukuhkan|pelantikan|dilantik|melantik",
    "bakti_sosial": r"bakti\s+sosial|bhakti\s+sosial|baksos",
}
# Events that have no kind of their own in the vocabulary.
OTHER_KIND_WORDS = r"seminar|sosialisasi|musyawarah\s+daerah|musda|jambore|temu\s+karya|lomba"

_KIND = re.compile(
    "|".join(rf"\b(?P<{kind}>{words})\b" for kind, words in KIND_WORDS.items()), re.IGNORECASE
)
_OTHER_KIND = re.compile(rf"\b(?:{OTHER_KIND_WORDS})\b", re.IGNORECASE)
_EVENT_WORDS = re.compile(
    r"\b(?:digelar|menggelar|dilaksanakan|melaksanakan|diselenggarakan|menyelenggarakan|berlangsung|"
    r"dibuka|membuka|dilangsungkan|bertempat|diadakan|mengadakan|dipusatkan|dikukuhkan|mengukuhkan)\b"
    + "|"
    + _KIND.pattern,
    re.IGNORECASE,
)

_VENUE = re.compile(
    r"\b(?:bertempat\s+)?di\s+(?P<place>(?:(?:halaman|pelataran|depan|lobi|kompleks)\s+)?"
    r"(?:[A-Z][\w-]+\s+){0,2}"  # "Grand Mercure Hotel ...": up to two words before the building
    r"(?:Ballroom|Ruang|Aula|Hotel|Gedung|Balai|Pendopo|Pendapa|Kantor|Sekretariat|Wisma|Graha|Auditorium|"
    r"Mahligai|Rumah\s+Jabatan|Rumah\s+Dinas|Rujab|Istana|Taman|"
    r"Lapangan|Masjid|Panti|Hall|Convention|Asrama|Kampus|Lobi|Lobby|Resort|Stadion|GOR|Islamic\s+Center|"
    r"Guest\s+House|Pusat)\b[^,.;:()\n\"“”]*)"
)
# A village or district is the place when no building is named ("di Kelurahan Sempaja").
_AREA = re.compile(
    r"\bdi\s+(?P<place>(?:Kelurahan|Desa|Kecamatan|Kampung|Dusun|Nagari|Gampong)\s+[A-Z][^,.;:()\n\"“”]*)"
)
_PLACE_TAIL = re.compile(
    r"\s+(?:pada|selama|yang|dan|dengan|untuk|sejak|hingga|sampai|itu|tersebut|kemarin|ini|oleh|bersama|"
    r"guna|dalam|mulai|serta|sekaligus|beberapa|sebagai|kepada|bagi|ke)\b.*$",
    re.DOTALL,
)

# People counted as present, by the role the article names them by ("diikuti 45 pengelola LKS").
_PERSONS = (
    r"(?:orang|peserta|undangan|warga|tamu|pengurus|anggota|perwakilan|pengelola|pendamping|relawan|kader|"
    r"pekerja\s+sosial|utusan|delegasi|pegawai|ASN|siswa|pelajar|mahasiswa|kepala\s+panti)"
)
_PARTICIPANTS = [
    re.compile(
        rf"\b(?:diikuti|dihadiri)\s+(?:oleh\s+)?(?:(?:sekitar|sebanyak|kurang\s+lebih|lebih\s+dari|hampir|"
        rf"tidak\s+kurang\s+dari)\s+|±\s*)?(?P<n>{NUMBER})\s+{_PERSONS}\b",
        re.IGNORECASE,
    ),
    re.compile(rf"\b(?P<n>{NUMBER})\s+(?:orang\s+)?peserta\b", re.IGNORECASE),
    re.compile(rf"\b(?P<n>{NUMBER})\s+orang\b[^.,;]{{0,80}}?\b(?:hadir|menghadiri|mengikuti)\b", re.IGNORECASE),
    re.compile(
        rf"\bpeserta\s+(?:yang\s+hadir\s+)?(?:sebanyak|berjumlah|mencapai|tercatat)\s+(?P<n>{NUMBER})\b",
        re.IGNORECASE,
    ),
]

_AGENCY = re.compile(
    r"\b(?:(?:Dinas|Badan|Biro|Kementerian|Kantor\s+Wilayah|Balai)\s+[A-Z][a-z]+(?:\s+(?:[A-Z][\w]*|dan))*"
    r"|Dinsos|Dinkes|Bappeda|Bapperida|Baznas|Dekranasda|TP[- ]PKK|BPBD|Kemensos|Disdukcapil|Dukcapil|"
    r"Satpol\s+PP|Forkopimda|SKPD|OPD)\b"
)


def activity_kind(text: str, title: Span | None) -> Found[str] | None:
    """The kind named in the headline, else the kind named first in the article."""
    regions = [(title.start, title.end)] if title else []
    regions.append((title.end if title else 0, len(text)))
    for start, end in regions:
        match = _KIND.search(text, start, end)
        if match:
            return found(match.lastgroup, text, *match.span())
    match = _OTHER_KIND.search(text)
    return found("lainnya", text, *match.span()) if match else None


def _in_event_sentence(text: str, sentences: list[Span], position: int) -> bool:
    sentence = sentence_at(sentences, position)
    return sentence is not None and bool(_EVENT_WORDS.search(text, sentence.start, sentence.end))


def activity_dates(
    text: str, sentences: list[Span], reference: date | None, dateline: Dateline | None
) -> tuple[Found[date] | None, Found[date] | None]:
    """A range before a single day, a day in a sentence about the event before other days."""
    candidates: list[DateMention] = [
        m for m in date_mentions(text, reference)
        if dateline is None or not (dateline.start <= m.span_start < dateline.end)
    ]
    if not candidates:
        return None, None

    def score(m: DateMention) -> tuple:
        return (m.end > m.start, _in_event_sentence(text, sentences, m.span_start), -m.span_start)

    best = max(candidates, key=score)
    start = found(best.start, text, best.span_start, best.span_end)
    if best.end > best.start:
        return start, found(best.end, text, best.span_start, best.span_end)
    duration = duration_days(text)
    if duration and duration[0] > 1:
        return start, found(add_days(best.start, duration[0] - 1), text, duration[1], duration[2])
    return start, start


def activity_place(text: str, sentences: list[Span]) -> Found[str] | None:
    """The first venue ("di Ballroom Hotel Gajah Mada") said in a sentence about the event.

    A building in a sentence about the event comes first, then a village or district there,
    then a building anywhere.
    """
    tiers = []
    for pattern in (_VENUE, _AREA):
        places = []
        for match in pattern.finditer(text):
            raw = _PLACE_TAIL.sub("", match["place"]).rstrip()
            if raw:
                places.append((match.start("place"), match.start("place") + len(raw)))
        tiers.append(places)
    venues, areas = tiers
    for places in (
        [v for v in venues if _in_event_sentence(text, sentences, v[0])],
        [a for a in areas if _in_event_sentence(text, sentences, a[0])],
        venues,
    ):
        if places:
            start, end = places[0]
            return found(text[start:end], text, start, end)
    return None


def participants(text: str) -> Found[int] | None:
    matches = []
    for pattern in _PARTICIPANTS:
        for match in pattern.finditer(text):
            n = parse_number(match["n"])
            if n and not is_year(n):
                matches.append((match.start(), match.end(), n))
    if not matches:
        return None
    start, end, n = min(matches)
    return found(n, text, start, end)


def agencies(text: str) -> list[Found[str]]:
    result: dict[str, Found[str]] = {}
    for match in _AGENCY.finditer(text):
        name = re.sub(r"\s+dan$", "", match.group())
        if name.startswith("Badan Koordinasi"):
            continue
        result.setdefault(name.lower(), found(name, text, match.start(), match.start() + len(name)))
    return list(result.values())


def propose_activity(
    text: str,
    sentences: list[Span],
    title: Span | None,
    reference: date | None,
    dateline: Dateline | None,
    place: Found[str] | None,
    host: Found[str] | None,
) -> ProposedActivity | None:
    """One activity per article; none when it names no event and gives no event date with a place."""
    kind = activity_kind(text, title)
    start, end = activity_dates(text, sentences, reference, dateline)
    count = participants(text)
    if kind is None and not (start and (place or count)):
        return None
    return ProposedActivity(
        kind=kind,
        title=found(text[title.start : title.end], text, title.start, title.end) if title else None,
        start_date=start,
        end_date=end,
        place=place,
        participants=count,
        host_kab_kota_code=host,
        agencies=agencies(text),
    )
