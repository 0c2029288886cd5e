"""The event an article reports: its kind, dates, place, participants and the agencies named."""

import re
from datetime import date

from kesos.berita.dates import (
    WEEKDAY, DateMention, Dateline, add_days, date_mentions, duration_days, weekday_number,
)
from kesos.berita.model import Found, ProposedActivity, found
from kesos.berita.text import NUMBER, Span, is_year, parse_number, sentence_at

# Words naming the event itself; in the headline they win, else the one named first in the body.
KIND_WORDS = {
    "rakor": r"rakor|rakorda|rakorwil|rapat\s+koordinasi",
    "raker": r"raker|rapat\s+kerja",
    "workshop": r"workshop|lokakarya",
    "pelatihan": r"pelatihan|bimbingan\s+teknis|bimtek|diklat",
    "pengukuhan": r"pengukuhan|dikukuhkan|mengukuhkan|kukuhkan|pelantikan|dilantik|melantik",
    "bakti_sosial": r"bakti\s+sosial|bhakti\s+sosial|baksos",
    "musda": r"musda|musyawarah\s+daerah|muswil|musyawarah\s+wilayah",
    "peresmian": r"peresmian|meresmikan|diresmikan|resmikan",
    "hut": r"HUT|hari\s+ulang\s+tahun|ulang\s+tahun\s+ke-?\s*\d+|hari\s+jadi|milad",
    "penyerahan_bantuan": r"penyerahan\s+bantuan|penyaluran\s+bantuan|penyerahan\s+santunan|pembagian\s+bantuan",
    "forum": r"forum|temu\s+forum",
}
# Verbs and visits that say what happened without naming the event: the kind they give is a
# guess the page asks a person to check ("menyerahkan dua unit kursi roda" -> penyerahan bantuan).
WEAK_KIND_WORDS = {
    "penyerahan_bantuan": r"menyerahkan|diserahkan|serahkan|menyalurkan|disalurkan|salurkan|membagikan|"
                          r"dibagikan|bagikan|memberikan\s+bantuan|bantuan\s+(?:yang\s+)?diberikan|santunan",
    "forum": r"pertemuan|kunjungan|berkunjung|mengunjungi|audiensi|silaturahmi",
}
# Events that have no kind of their own in the vocabulary.
OTHER_KIND_WORDS = (
    r"seminar|sosialisasi|jambore|temu\s+karya|temu\s+kreasi|lomba|pelepasan|melepas|lepas|"
    r"wisata\s+edukasi"
)
GUESSED_KINDS = set(WEAK_KIND_WORDS) | {"lainnya"}


def _pattern(words: dict[str, str]) -> re.Pattern:
    return re.compile("|".join(rf"\b(?P<{kind}>{w})\b" for kind, w in words.items()), re.IGNORECASE)


_KIND = _pattern({**KIND_WORDS, "lainnya": OTHER_KIND_WORDS})
_WEAK_KIND = _pattern(WEAK_KIND_WORDS)
# A kind word inside a name is not the event: "Lembaga Pelatihan Kerja (LPK)", "Forum Lembaga
# Koordinasi ...", "Forum Wilayah (Forwil) LKSA".
_NAME_BEFORE = re.compile(r"\b(?:Lembaga|Badan|Balai|Pusat|Sentra|Yayasan|UPTD|Unit|Sekolah)\s+$")
_NAME_AFTER = re.compile(
    r"^\s+(?:Lembaga|Wilayah|Daerah|Komunikasi|Koordinasi|Kerja|Kesejahteraan|[A-Z]{2,}\b(?!\s+(?:se-|di\b)))"
)
# An anniversary that is only the occasion ("dalam rangka memperingati HUT ke-67") is not the event.
_OCCASION_BEFORE = re.compile(
    r"\b(?:memperingati|peringati|rangka|rangkaian|menyambut|sambut|bagian\s+dari|di|pada|jelang|menjelang)"
    r"(?:\s+\w+){0,3}\s*\(?$",
    re.IGNORECASE,
)
_EVENT_WORDS = re.compile(
    r"\b(?:digelar|menggelar|dilaksanakan|melaksanakan|diselenggarakan|menyelenggarakan|berlangsung|"
    r"dibuka|membuka|dilangsungkan|bertempat|diadakan|mengadakan|dipusatkan|dikukuhkan|mengukuhkan)\b"
    + "|"
    + "|".join(rf"\b(?:{w})\b" for w in [*KIND_WORDS.values(), *WEAK_KIND_WORDS.values(), OTHER_KIND_WORDS]),
    re.IGNORECASE,
)
# A date said with a speech verb dates the statement, not the event ("katanya, Kamis (01/06)").
_SPEECH = re.compile(
    r"\b(?:kata(?:nya)?|ujar(?:nya)?|ucap(?:nya)?|tutur(?:nya)?|jelas(?:nya)?|ungkap(?:nya)?|"
    r"mengatakan|menyatakan|menjelaskan|menegaskan|menyebut|dimintai\s+keterangan|ditemui)\b"
)
_FUTURE_WORDS = re.compile(
    r"\b(?:akan|rencananya|direncanakan|berencana|mendatang|nanti|ke\s+depan|(?:bulan|tahun|pekan|minggu)\s+depan)\b",
    re.IGNORECASE,
)
_BARE_WEEKDAY = re.compile(rf"\b(?:pada\s+)?(?:hari\s+)?(?P<wd>{WEEKDAY})\b(?!\s*[,(]?\s*\(?\s*\d)")

_BUILDING = (
    r"(?i:Ballroom|Ruang|Aula|Hotel|Gedung|Balai|Pendopo|Pendapa|Kantor|Sekretariat|Wisma|Graha|Auditorium|"
    r"Mahligai|Rumah\s+Jabatan|Rumah\s+Dinas|Rujab|Istana|Taman|Lapangan|Masjid|Panti|Hall|Convention|Asrama|"
    r"Kampus|Lobi|Lobby|Resort|Stadion|GOR|Islamic\s+Center|Guest\s+House|Pusat|Gudang|Sasana|Halaman|"
    r"Pondok\s+Pesantren|Yayasan|UPTD|SLB|LKSA|LKS(?:-LU)?|Wisata)"
)
# A dot after a title or an abbreviation does not end the venue ("Panti Anak Yatim Hj. Sutiah").
_ABBREVIATION_DOT = r"\.(?:" + "|".join(
    rf"(?<=\b{a}\.)" for a in ("Hj", "H", "Pj", "Jl", "Dr", "KH", "St", "No", "RT", "RW")
) + ")"
_PLACE_BODY = rf"(?:[^,.;:()\n\"“”]|{_ABBREVIATION_DOT}|\([A-Z][\w-]{{1,10}}\))*"
_VENUE = re.compile(
    r"(?:\b(?i:di)|\b(?:meresmikan|diresmikan|resmikan)(?:\s+gedung)?(?:\s+baru)?)\s+"
    r"(?P<place>(?:(?:halaman|pelataran|depan|lobi|kompleks)\s+)?"
    r"(?:[A-Z][\w-]+\s+){0,2}"  # "Grand Mercure Hotel ...": up to two words before the building
    rf"(?P<building>{_BUILDING})\b{_PLACE_BODY})"
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
    r"pekerja\s+sosial|utusan|delegasi|pegawai|ASN|siswa|pelajar|mahasiswa|kepala\s+panti|anak|"
    r"penerima\s+manfaat|lansia)"
)
_ABOUT = (
    r"(?:(?:sekitar|sebanyak|kurang\s+lebih|lebih\s+dari|hampir|tidak\s+kurang\s+dari|sedikitnya|setidaknya)\s+"
    r"|±\s*)?"
)
_PARTICIPANTS = [
    re.compile(
        rf"\b(?:diikuti|dihadiri|hadir)\s+(?:oleh\s+)?{_ABOUT}(?P<n>{NUMBER})\s+{_PERSONS}\b",
        re.IGNORECASE,
    ),
    re.compile(rf"\b(?P<n>{NUMBER})\s+(?:orang\s+)?peserta\b", re.IGNORECASE),
    re.compile(
        rf"\b(?P<n>{NUMBER})\s+(?:orang|penerima\s+manfaat|warga|undangan)\b[^.,;]{{0,80}}?"
        r"\b(?:hadir|menghadiri|mengikuti)\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?:peserta|rombongan)\s+(?:yang\s+(?:hadir|ikut)\s+)?(?:\w+\s+){0,2}?"
        r"(?:sebanyak|berjumlah|mencapai|tercatat|sekitar|kurang\s+lebih)\s+"
        rf"{_ABOUT}(?P<n>{NUMBER})\b",
        re.IGNORECASE,
    ),
]

_AGENCY = re.compile(
    r"\b(?:(?:Dinas|Badan|Biro|Kementerian|Kantor\s+Wilayah|Balai)\s+[A-Z][a-z]+(?:\s+(?:[A-Z][\w]*|dan))*"
    r"|Dinsos|Dinkes|Bappeda|Bapperida|Baznas|Dekranasda|TP[- ]PKK|BPBD|Kemensos|Disdukcapil|Dukcapil|"
    r"Satpol\s+PP|Forkopimda|SKPD|OPD)\b"
)


_OCCASION_AFTER = re.compile(
    r"^\s*(?:\(HUT\)\s*)?(?:ke-?\s*\d+\s+)?(?:Kota|Kabupaten|Kab\.|Provinsi|RI\b|Republik|Kemerdekaan|Bhayangkara|TNI)"
)


_BODY_NAMES = {"Yayasan", "Panti", "Lembaga", "Organisasi", "Forum", "Badan", "Ikatan", "Persatuan"}


def _own_anniversary(following: str) -> bool:
    """"HUT ke-51 BK3S", "HUT LKKS", "HUT Yayasan ...": the body's own anniversary is the event."""
    word = re.match(r"^[ \t]*(?:ke-?[ \t]*\d+[ \t]+)?([A-Z][\w-]*)", following)
    name = word.group(1) if word else ""
    acronym = name.isupper() and len(name) > 2 and name not in {"TNI", "POLRI", "NKRI", "KORPRI", "PKK", "PGRI"}
    return acronym or name in _BODY_NAMES


def _place_after(following: str) -> bool:
    """"HUT Kota Singaraja", "Hari Jadi Singaraja", "HUT Kalteng ke-67", "HUT RI": a place's (or the
    nation's) anniversary, the occasion; "HUT ke-51 BK3S", "HUT Yayasan ..." name the body's own."""
    if _OCCASION_AFTER.match(following):
        return True
    word = re.match(r"^[ \t]*(?:ke-?[ \t]*\d+[ \t]+)?([A-Z][\w-]*)", following)
    return bool(word) and not _own_anniversary(following)


def _kind_matches(text: str, pattern: re.Pattern, start: int, end: int):
    """Kind words between start and end, except inside a name or naming only the occasion."""
    for match in pattern.finditer(text, start, end):
        before = text[max(0, match.start() - 40) : match.start()]
        word = match.group()
        if word[:1].isupper() and (
            _NAME_BEFORE.search(before)
            or (match.lastgroup == "forum" and _NAME_AFTER.match(text[match.end() : match.end() + 30]))
        ):
            continue
        if match.lastgroup == "hut":
            following = text[match.end() : match.end() + 40]
            if not _own_anniversary(following) and (_OCCASION_BEFORE.search(before) or _place_after(following)):
                continue
        yield match


def activity_kind(text: str, title: Span | None, start: int = 0, end: int | None = None) -> Found[str] | None:
    """The event named in the headline, else the one named first in the body; a verb or a visit
    ("menyerahkan", "berkunjung") only when no word names the event."""
    end = len(text) if end is None else end
    regions = [(title.start, title.end)] if title else []
    regions.append((max(start, title.end if title else 0), end))
    for region_start, region_end in regions:
        match = next(_kind_matches(text, _KIND, region_start, region_end), None)
        if match:
            return found(match.lastgroup, text, *match.span())
    for weak in WEAK_KIND_WORDS:  # an aid handed over outranks a visit
        for region_start, region_end in regions:
            for match in _kind_matches(text, _WEAK_KIND, region_start, region_end):
                if match.lastgroup == weak and not _FUTURE_WORDS.search(_sentence_text(text, match.start())):
                    return found(match.lastgroup, text, *match.span())
    return None


def _sentence_text(text: str, position: int) -> str:
    start = max(text.rfind(". ", 0, position), text.rfind("\n", 0, position)) + 1
    end = min([i for i in (text.find(". ", position), text.find("\n", position)) if i != -1] or [len(text)])
    return text[start:end]


def _in_event_sentence(text: str, sentences: list[Span], position: int) -> bool:
    sentence = sentence_at(sentences, position)
    return sentence is not None and bool(_EVENT_WORDS.search(text, sentence.start, sentence.end))


def _said(text: str, m: DateMention) -> bool:
    """"..., katanya di Jambi, Kamis (01/06)", "Senin (20/11), mengatakan ...": a statement's date."""
    before = text[max(0, m.span_start - 40) : m.span_start]
    after = text[m.span_end : m.span_end + 25]
    said_before = _SPEECH.search(before.split(".")[-1]) and not re.search(r"\b(?:pada|digelar|berlangsung)\s*$", before)
    return bool(said_before) or bool(
        re.match(r"^\s*,?\s*(?:\w+\s+){0,1}(?:mengatakan|menyatakan|menjelaskan|menyebut|mengungkapkan)\b", after)
    )


def _said_or_planned(text: str, sentences: list[Span], day: Found[date]) -> bool:
    m = DateMention(day.value, day.value, day.start, day.end, True)
    return _said(text, m) or _planned(text, sentences, m)


def _planned(text: str, sentences: list[Span], m: DateMention) -> bool:
    sentence = sentence_at(sentences, m.span_start)
    if sentence is None:
        return False
    clause = text[sentence.start : sentence.end]
    return bool(_FUTURE_WORDS.search(clause))


def activity_dates(
    text: str, sentences: list[Span], reference: date | None, dateline: Dateline | None,
    kind: Found[str] | None = None, today: date | None = None,
) -> tuple[Found[date] | None, Found[date] | None, bool]:
    """The event's first and last day, and whether a weekday had to choose the year.

    A day said with a speech verb or in a plan comes last; then a range before a single day, a day
    in the sentence naming the kind, a day in a sentence about the event, an earlier day.
    Without any dated day, "pada Senin" is read against the dateline's or the release's date.
    """
    candidates: list[DateMention] = [
        m for m in date_mentions(text, reference, today)
        if dateline is None or not (dateline.start <= m.span_start < dateline.end)
    ]
    kind_sentence = sentence_at(sentences, kind.start) if kind else None
    if not candidates:
        return (*_weekday_only(text, sentences, reference), False)

    def score(m: DateMention) -> tuple:
        return (
            not _said(text, m), not _planned(text, sentences, m), m.end > m.start,
            bool(kind_sentence and kind_sentence.contains(m.span_start)),
            _in_event_sentence(text, sentences, m.span_start),
            reference is None or abs((m.start - reference).days) <= 31,  # "peletakan batu pertama 2013" is history
            -m.span_start,
        )

    best = max(candidates, key=score)
    start = found(best.start, text, best.span_start, best.span_end)
    if best.end > best.start:
        return start, found(best.end, text, best.span_start, best.span_end), best.year_guessed
    duration = duration_days(text)
    if duration and duration[0] > 1:
        return start, found(add_days(best.start, duration[0] - 1), text, duration[1], duration[2]), best.year_guessed
    return start, start, best.year_guessed


def _weekday_only(text: str, sentences: list[Span], reference: date | None) -> tuple:
    """"Banda Aceh, 24 November 2025 - ... pada Senin": the latest such weekday up to the reference."""
    if reference is None:
        return None, None
    for match in _BARE_WEEKDAY.finditer(text):
        if not _in_event_sentence(text, sentences, match.start()):
            continue
        weekday = weekday_number(match["wd"])
        day = add_days(reference, -((reference.weekday() - weekday) % 7))
        start = found(day, text, match.start("wd"), match.end("wd"))
        return start, start
    return None, None


def _trim_place(raw: str) -> str:
    """A name ends at a lower-case word after two or more capitalised ones ("LKSA Darul Amin wagub ...")."""
    words = raw.split(" ")
    run = 0
    for i, w in enumerate(words):
        if w[:1].isupper() or w[:1] == "(" or w[:1].isdigit():
            run += 1
        elif w in {"dan", "&", "ke", "di", "lantai"} or run < 2:
            run = 0
        else:
            return " ".join(words[:i]).rstrip()
    return raw


def activity_place(text: str, sentences: list[Span], title: Span | None = None) -> Found[str] | None:
    """The first venue ("di Ballroom Hotel Gajah Mada") said in a sentence about the event.

    A building in a sentence about the event comes first, then a village or district there,
    then a building anywhere; the headline's words only when the body names none. A building
    written in lower case ("di aula Kantor PKK ...") needs a name in capitals after it.
    """
    tiers = []
    for pattern in (_VENUE, _AREA):
        places = []
        for match in pattern.finditer(text):
            raw = _trim_place(_PLACE_TAIL.sub("", match["place"]).rstrip())
            if not raw:
                continue
            building = match.groupdict().get("building")
            if building and building[:1].islower() and not re.search(r"\b[A-Z]", raw[len(building):]):
                continue  # "di ruang kerjanya", "di kantor"
            places.append((match.start("place"), match.start("place") + len(raw)))
        tiers.append(places)
    venues, areas = tiers
    in_body = [v for v in venues if not (title and title.start <= v[0] < title.end)]
    for places in (
        [v for v in in_body if _in_event_sentence(text, sentences, v[0])],
        [a for a in areas if _in_event_sentence(text, sentences, a[0])],
        in_body,
        venues,
    ):
        if places:
            start, end = places[0]
            return found(text[start:end], text, start, end)
    return None


def participants(text: str, start: int = 0, end: int | None = None) -> Found[int] | None:
    end = len(text) if end is None else end
    matches = []
    for pattern in _PARTICIPANTS:
        for match in pattern.finditer(text, start, end):
            n = parse_number(match["n"])
            if n and not is_year(n):
                matches.append((match.start(), match.end(), n))
    if not matches:
        return None
    first, last, n = min(matches)
    return found(n, text, first, last)


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
    today: date | None = None,
) -> ProposedActivity | None:
    """The article's main event; none when it names no event and gives no event date with a place."""
    kind = activity_kind(text, title)
    start, end, year_guessed = activity_dates(text, sentences, reference, dateline, kind, today)
    count = participants(text)
    if kind is None and not (start and (place or count)):
        return None
    weak = kind is not None and _WEAK_KIND.fullmatch(kind.evidence) is not None
    if weak and title and not title.start <= kind.start < title.end and place is None and (
        start is None or _said_or_planned(text, sentences, start)
    ):
        return None  # "telah menyalurkan 130 kursi roda" over a year: a programme, not an event
    return ProposedActivity(
        kind=kind,
        title=found(text[title.start : title.end], text, title.start, title.end) if title else None,
        start_date=start,
        end_date=end,
        place=place,
        participants=count,
        host_kab_kota_code=host,
        agencies=agencies(text),
        year_guessed=year_guessed,
        kind_guessed=kind is not None
        and (kind.value in GUESSED_KINDS or _WEAK_KIND.fullmatch(kind.evidence) is not None),
    )


def other_activities(
    text: str, sentences: list[Span], main: ProposedActivity, reference: date | None, today: date | None,
) -> list[ProposedActivity]:
    """Further events the article reports, each from one sentence that names its own kind and its own
    dated day ("... akan berlangsung pada 22-25 Juli 2023 di Bukittinggi"), with that sentence's
    place and count; a sentence that only restates the main event's day adds nothing."""
    used = {(main.start_date.value, main.end_date.value)} if main.start_date and main.end_date else set()
    main_start = main.start_date.start if main.start_date else -1
    more = []
    mentions_all = date_mentions(text, reference, today)
    for sentence in sentences:
        if sentence.contains(main_start) or (main.kind and sentence.contains(main.kind.start)):
            continue
        kind_match = next(_kind_matches(text, _KIND, sentence.start, sentence.end), None)
        if kind_match is None:
            continue
        mentions = [m for m in mentions_all if sentence.contains(m.span_start) and not _said(text, m)]
        if not mentions:
            continue
        m = max(mentions, key=lambda x: (x.end > x.start, -x.span_start))
        if (m.start, m.end) in used:
            continue
        used.add((m.start, m.end))
        venue = next(
            (v for v in _VENUE.finditer(text, sentence.start, sentence.end) if _PLACE_TAIL.sub("", v["place"]).strip()),
            None,
        )
        place = None
        if venue is not None:
            raw = _PLACE_TAIL.sub("", venue["place"]).rstrip()
            place = found(raw, text, venue.start("place"), venue.start("place") + len(raw))
        more.append(
            ProposedActivity(
                kind=found(kind_match.lastgroup, text, *kind_match.span()),
                start_date=found(m.start, text, m.span_start, m.span_end),
                end_date=found(m.end, text, m.span_start, m.span_end),
                place=place,
                participants=participants(text, sentence.start, sentence.end),
                year_guessed=m.year_guessed,
                kind_guessed=kind_match.lastgroup in GUESSED_KINDS,
            )
        )
    return more
