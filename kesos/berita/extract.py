"""Read one news article into draft records: `extract(text, published, url) -> Extraction`."""

import re
from collections import defaultdict
from dataclasses import replace
from datetime import date

from kesos.berita import activity, aid, lks, wilayah
from kesos.berita.dates import dateline as find_dateline
from kesos.berita.model import Extraction, Found, ProposedActivity, found
from kesos.berita.organisation import organisation
from kesos import clock
from kesos.berita.text import Span, clauses, first_line_title, mask_asides, sentence_at, sentences

_STRONG, _PLAIN, _KAB_KOTA = 3, 2, 1  # how much a mention says about the article's province
# A clause about plans: the kab/kota it names are not (yet) part of the activity reported.
_FUTURE = re.compile(
    r"\b(?:akan|rencananya|direncanakan|berencana|ke\s+depan|mendatang|(?:bulan|tahun|pekan|minggu)\s+depan)\b",
    re.IGNORECASE,
)


def _province(
    text: str, prefixed: list[wilayah.Mention], bare: list, taken: list[tuple[int, int]]
) -> Found[str] | None:
    """The province named most strongly: "Provinsi Kalbar"/"BKKKS Bali" over "Kalsel" over a kab/kota."""
    score: dict[str, int] = defaultdict(int)
    evidence: dict[str, tuple[int, int, int]] = {}  # code -> (weight, -start, end) of its best words

    def vote(code: str, weight: int, start: int, end: int) -> None:
        score[code] += weight
        best = evidence.get(code)
        if best is None or (weight, -start) > best[:2]:
            evidence[code] = (weight, -start, end)

    longer_names = taken + [(s, e) for s, e, _ in bare]
    for mention in wilayah.province_mentions(text, longer_names):
        vote(mention.code, _STRONG if mention.strong else _PLAIN, mention.start, mention.end)
    for mention in prefixed:
        vote(wilayah.kab_kota()[mention.code].province_code, _KAB_KOTA, mention.start, mention.end)
    for start, end, options in bare:
        codes = {kk.province_code for kk in options}
        if len(codes) == 1:
            vote(codes.pop(), _KAB_KOTA, start, end)
    if not score:
        return None
    code = max(score, key=lambda c: (score[c], evidence[c][1]))
    _, minus_start, end = evidence[code]
    return found(code, text, -minus_start, end)


def _host(
    text: str, mentions: list[wilayah.Mention], dateline_span: Span | None, place: Found[str] | None
) -> Found[str] | None:
    """The kab/kota named in or just after the venue, else the dateline's."""
    if place is not None:
        for mention in mentions:
            if place.start <= mention.start <= place.end + 3:
                return found(mention.code, text, mention.start, mention.end)
    for mention in mentions:
        if dateline_span and dateline_span.contains(mention.start, mention.end):
            return found(mention.code, text, mention.start, mention.end)
    return None


# A bare kab/kota name at the end of an institution's name ("Rumah Sejahtera Ternate",
# "Universitas Nusa Cendana (Undana) Kupang") says where the institution is, not the event.
_IN_A_NAME = re.compile(
    r"(?:\)|\b[A-Z][\w-]*[ \t]+(?!(?:Dinas|Dinsos|Sosial|Pemkab|Pemkot|Sekda|Kepala|Ketua|Bupati|Wali|Walikota)\b)"
    r"[A-Z][\w-]*)[ \t]+$"
)


_ORIGIN = re.compile(r"\b(?:pulang|kembali|asal|berasal)\s+(?:ke|dari)?\b[^.;]{0,30}$", re.IGNORECASE)


def _named_in_other_name(text: str, mention: wilayah.Mention, place: Found[str] | None) -> bool:
    if mention.prefixed or (place is not None and place.start <= mention.start < place.end + 3):
        return False
    return bool(_IN_A_NAME.search(text[max(0, mention.start - 60) : mention.start]))


def _prefer_prefixed(text: str, mentions: list[wilayah.Mention]) -> list[wilayah.Mention]:
    """A bare "Bogor" in an article that says "Kabupaten Bogor" is that kabupaten."""
    by_base = {}
    for m in mentions:
        if m.prefixed:
            by_base.setdefault(wilayah.kab_kota()[m.code].base.casefold(), m.code)
    result = []
    for m in mentions:
        code = by_base.get(text[m.start : m.end].casefold()) if not m.prefixed else None
        result.append(replace(m, code=code) if code else m)
    return result


def _activity_kab_kota(
    text: str,
    spans: list[Span],
    mentions: list[wilayah.Mention],
    missing_clauses: list[Span],
    proposed: ProposedActivity,
    dateline_span: Span | None = None,
) -> list[Found[str]]:
    """Every kab/kota named, except where a clause says its branch is missing or speaks of plans."""
    event_sentence = sentence_at(spans, proposed.start_date.start) if proposed.start_date else None
    future = [c for s in spans for c in clauses(text, s) if _FUTURE.search(text, c.start, c.end)]
    named: dict[str, Found[str]] = {}
    outside_dateline = {m.code for m in mentions if not (dateline_span and dateline_span.contains(m.start, m.end))}
    for mention in mentions:
        if any(c.contains(mention.start, mention.end) for c in missing_clauses):
            continue
        if mention.code not in outside_dateline:
            continue  # only the dateline names it: where the story was filed, not who took part
        if _named_in_other_name(text, mention, proposed.place):
            continue
        if _ORIGIN.search(text[max(0, mention.start - 40) : mention.start]):
            continue  # "pulang ke Moramo, Kabupaten Konawe Selatan": where someone comes from
        keep_anyway = (proposed.host_kab_kota_code and proposed.host_kab_kota_code.start == mention.start) or (
            event_sentence and event_sentence.contains(mention.start, mention.end)
        )
        if not keep_anyway and any(c.contains(mention.start, mention.end) for c in future):
            continue
        named.setdefault(mention.code, found(mention.code, text, mention.start, mention.end))
    return [named[code] for code in sorted(named)]


def extract(
    text: str, published: date | None = None, url: str | None = None, today: date | None = None
) -> Extraction:
    """Propose draft records from an article; every value carries the words it was read from.

    `today` bounds the year a weekday picks for a date written without one when no release date
    is known (default: `clock.today()`). "Baca juga" lines are read as blank.
    """
    source = text
    text = mask_asides(text)
    today = today or clock.today()
    title = first_line_title(text)
    spans = sentences(text)
    dateline = find_dateline(text, title.end if title else 0)
    reference = dateline.day if dateline and dateline.day else published

    prefixed = wilayah.prefixed_mentions(text)
    taken = [(m.start, m.end) for m in prefixed]
    bare = wilayah.bare_candidates(text, taken)
    province = _province(text, prefixed, bare, taken)
    mentions = _prefer_prefixed(text, sorted(
        prefixed + wilayah.resolve_bare(bare, province.value if province else None), key=lambda m: m.start
    ))

    missing, missing_clauses = lks.branches_missing(text, spans, mentions)
    dateline_span = Span(dateline.start, dateline.end) if dateline else None
    place = activity.activity_place(text, spans, title)
    host = _host(text, mentions, dateline_span, place)
    proposed = activity.propose_activity(
        text, spans, title, reference, dateline, place=place, host=host, today=today
    )
    activities = []
    if proposed is not None:
        activities.append(replace(
            proposed,
            kab_kota_codes=_activity_kab_kota(text, spans, mentions, missing_clauses, proposed, dateline_span),
        ))
        for more in activity.other_activities(text, spans, proposed, reference, today):
            sentence = sentence_at(spans, more.start_date.start)
            codes = [m for m in mentions if sentence and sentence.contains(m.start, m.end)]
            named = {m.code: found(m.code, text, m.start, m.end) for m in reversed(codes)}
            activities.append(replace(more, kab_kota_codes=[named[c] for c in sorted(named)]))
    counts = lks.lks_counts(text, spans)
    return Extraction(
        source_text=source,
        source_url=url,
        dateline=found(dateline.place, text, dateline.place_start, dateline.place_end) if dateline else None,
        reference_date=reference,
        organisation=organisation(text),
        province_code=province,
        activities=activities,
        aid=aid.aid_items(text),
        funding_sources=aid.funding_sources(text, spans),
        lks_counts=counts,
        lks_total=lks.lks_total(text, spans, counts),
        branches_missing_kab_kota_codes=missing,
    )
