"""Aid lines ("190 paket PMT", "kursi roda 1 unit") and the funding sources an article names."""

import re

from kesos.berita.model import ProposedAid, ProposedFundingSource, found
from kesos.berita.text import NUMBER, Span, is_year, parse_number, sentence_at

UNIT_SPELLINGS = {"paket": "paket", "pkt": "paket", "unit": "unit", "stel": "stel", "setel": "stel",
                  "buah": "buah", "bh": "buah"}
_QUANTITY = re.compile(
    rf"\b(?P<n>{NUMBER})\s+(?P<unit>{'|'.join(UNIT_SPELLINGS)})\b", re.IGNORECASE
)
# Aid counted without a unit word ("50 kursi roda"): the unit is then left for the person to pick.
KNOWN_ITEMS = (
    "kursi roda", "tripod", "tongkat", "kruk", "alat bantu dengar", "kacamata", "kaki palsu",
    "tangan palsu", "walker", "alat bantu pendengaran", "selimut", "matras", "kasur", "tenda", "paket sembako", "paket PMT",
)
_UNITLESS = re.compile(rf"\b(?P<n>{NUMBER})\s+(?P<item>{'|'.join(KNOWN_ITEMS)})\b", re.IGNORECASE)
_STOP_WORDS = {
    "untuk", "bagi", "kepada", "ke", "dan", "serta", "yang", "dari", "senilai", "seharga", "di", "pada",
    "berupa", "masing-masing", "sebanyak", "itu", "tersebut", "dengan", "hingga", "juga", "telah",
    "akan", "sudah", "secara", "atau", "berikut", "lalu", "kemudian", "sedangkan", "sementara", "per",
    "tiap", "setiap", "total", "jumlah", "berjumlah", "yaitu", "yakni", "antara", "lain", "ini",
    "selain", "adalah", "merupakan", "sekitar", "kurang", "lebih", "dalam", "tahun", "sepanjang",
}
_DROPPED_LEADING = {"bantuan", "program", "berupa"}
# Verbs with a me-/di-/ber-/ter- prefix end an item's name ("menyerahkan kursi roda 1 unit").
_VERB = re.compile(
    r"^(?:(?:mem|men|meng|meny|mel|mer|mew|mey)\w{3,}|di\w+(?:kan|i)|ber\w{3,}|ter\w+kan)$", re.IGNORECASE
)
_WORD = re.compile(r"[A-Za-z][\w/-]*")


def _usable(word: str) -> bool:
    return word.lower() not in _STOP_WORDS and not _VERB.match(word)


def _words_after(text: str, position: int) -> list[tuple[int, int]]:
    words = []
    for match in re.finditer(r"\s*([^\s,.;:()\"“”]+)", text[position : position + 80]):
        if match.start() != (words[-1][1] - position if words else 0) or not _WORD.fullmatch(match[1]):
            break
        if not _usable(match[1]) or len(words) == 4:
            break
        words.append((position + match.start(1), position + match.end(1)))
    return words


def _words_before(text: str, position: int) -> list[tuple[int, int]]:
    head = text[max(0, position - 80) : position]
    offset = position - len(head)
    tokens = list(re.finditer(r"[^\s,.;:()\"“”]+", head))
    words: list[tuple[int, int]] = []
    expected_end = len(head.rstrip())
    for match in reversed(tokens):
        gap = head[match.end() : expected_end]
        if gap.strip() or not _WORD.fullmatch(match.group()):
            break
        if match.group().lower() in {"sebanyak", "berjumlah"} and not words:
            expected_end = match.start()
            continue
        if not _usable(match.group()) or len(words) == 3:
            break
        words.insert(0, (offset + match.start(), offset + match.end()))
        expected_end = match.start()
    return words


def _item_name(text: str, words: list[tuple[int, int]]) -> tuple[str, int] | None:
    while words and text[words[0][0] : words[0][1]].lower() in _DROPPED_LEADING:
        words = words[1:]
    if not words:
        return None
    name = " ".join(
        w if w.isupper() and len(w) > 1 else w.lower() for w in (text[s:e] for s, e in words)
    )
    return name, words[0][0]


# Stock still to be handed out is not aid given ("yang masih diupayakan untuk dibagikan berupa 43 ...").
_NOT_GIVEN_YET = re.compile(r"\b(?:masih\s+diupayakan|belum\s+(?:disalurkan|dibagikan|diserahkan)|rencananya)\b", re.IGNORECASE)


def _not_given(text: str, position: int) -> bool:
    start = max(text.rfind(".", 0, position), text.rfind("\n", 0, position)) + 1
    return bool(_NOT_GIVEN_YET.search(text, start, position))


def aid_items(text: str) -> list[ProposedAid]:
    """"190 paket PMT", "2 unit kursi roda", "kursi roda 1 unit", "pakaian olahraga 106 stel"."""
    items: dict[tuple, ProposedAid] = {}
    for match in _QUANTITY.finditer(text):
        if _not_given(text, match.start()):
            continue
        quantity = parse_number(match["n"])
        if not quantity or is_year(quantity):
            continue
        after = _words_after(text, match.end())
        item = _item_name(text, after)
        if item is not None:
            span = (match.start(), after[-1][1])
        else:
            before = _words_before(text, match.start())
            item = _item_name(text, before)
            span = (item[1], match.end()) if item else None
        if item is None or span is None:
            continue
        unit = UNIT_SPELLINGS[match["unit"].lower()]
        key = (item[0].lower(), quantity, unit)
        items.setdefault(
            key,
            ProposedAid(
                item=found(item[0], text, *span),
                quantity=found(quantity, text, *span),
                unit=found(unit, text, *span),
            ),
        )
    for match in _UNITLESS.finditer(text):
        if _not_given(text, match.start()):
            continue
        quantity = parse_number(match["n"])
        item = re.sub(r"^paket\s+", "", match["item"], flags=re.IGNORECASE)
        item = item if match["item"].isupper() else item.lower()
        if not quantity or any(key[:2] == (item.lower(), quantity) for key in items):
            continue
        unit = "paket" if match["item"].lower().startswith("paket ") else None
        items[(item.lower(), quantity, unit)] = ProposedAid(
            item=found(item, text, *match.span()),
            quantity=found(quantity, text, *match.span()),
            unit=found(unit, text, *match.span()) if unit else None,
        )
    return sorted(items.values(), key=lambda a: a.item.start)


# (kind, the name the JSON shows, the words, whether the words name a funder on their own)
_FUNDERS = [
    ("csr", "CSR", r"CSR|Corporate\s+Social\s+Responsibility|tanggung\s+jawab\s+sosial\s+perusahaan", False),
    ("kotak_sumbangan", "kotak sumbangan", r"kotak\s+(?:sumbangan|amal|donasi|infa[kq]|peduli)", True),
    ("instansi", "SKPD", r"(?<!pimpinan\s)(?<!Pimpinan\s)(?:SKPD|OPD)|instansi(?:\s+pemerintah)?|dinas\s+terkait|APBD|"
                         r"Pemprov|Pemkab|Pemkot|pemerintah\s+(?:provinsi|daerah|kabupaten|kota|pusat)|"
                         r"(?<!Kepala\s)(?:Dinas\s+Sosial|Dinsos)|Baznas|Badan\s+Amil\s+Zakat|Kemensos|Kementerian\s+Sosial|"
                         r"Departemen\s+Sosial|Dana\s+Insentif\s+Daerah", False),
    ("donatur", "donatur", r"donatur|dermawan|penyumbang|filantrop\w*|"
                           r"(?<!Lembaga\s)(?:sumbangan|donasi|swadaya|urunan)\s+(?:dari\s+)?(?:seluruh\s+|para\s+)?"
                           r"(?:masyarakat|warga|petugas|pegawai|karyawan|ASN|jemaah)", True),
    ("donatur", "donatur", r"pengusaha", False),
    ("csr", "CSR", r"perusahaan", False),
]
# Words saying that the money or goods came from somewhere, not merely that someone was there.
_FUNDING_CUE = re.compile(
    r"\b(?:bersumber|didanai|dibiayai|pendanaan|dana|didukung\s+(?:dana|anggaran)|dukungan\s+(?:dana|anggaran)|"
    r"sumbangan|donasi|hibah|kontribusi|dianggarkan|dukungan\s+(?:dari\s+)?(?=Baznas|SKPD|OPD|Pemprov|Pemkab|Pemkot|Dinas|Kemensos|Kementerian|CSR|perusahaan|pemerintah)|didukung\s+oleh|"
    r"(?:bantuan|dana|barang|santunan|biaya|paket|sembako)\b[^.]{0,60}\b(?:berasal|dari)|"
    r"bantuan\s+(?:yang\s+)?diberikan|dikumpulkan|terkumpul|dihimpun|menghimpun|"
    r"(?:memberikan|menyalurkan|menyerahkan|salurkan|serahkan)\s+(?:\w+\s+){0,2}?(?:bantuan|santunan|alat\s+bantu)|"
    r"(?:penyerahan|penyaluran)\s+bantuan|bantuan\s+senilai)\b",
    re.IGNORECASE,
)


# A remark about what LKS in general can get ("lebih mudah memperoleh bantuan dari ... CSR") or
# hope for names nobody's money for this event.
_GENERAL_REMARK = re.compile(
    r"\b(?:lebih\s+mudah|dapat\s+memperoleh|bisa\s+memperoleh|berharap|diharapkan|agar|supaya|perlu)\b",
    re.IGNORECASE,
)


def funding_sources(text: str, sentences: list[Span]) -> list[ProposedFundingSource]:
    """CSR, donation boxes, agencies (SKPD) and donors the article says aid or an event came from."""
    first: dict[str, ProposedFundingSource] = {}
    for kind, name, words, names_a_funder in _FUNDERS:
        for match in re.finditer(rf"\b(?:{words})\b", text, re.IGNORECASE):
            if kind in first and first[kind].name.start <= match.start():
                break
            sentence = sentence_at(sentences, match.start())
            if not names_a_funder and (
                sentence is None
                or not _FUNDING_CUE.search(text, sentence.start, sentence.end)
                or _GENERAL_REMARK.search(text, sentence.start, sentence.end)
            ):
                continue
            first[kind] = ProposedFundingSource(kind, found(name, text, *match.span()))
            break
    return sorted(first.values(), key=lambda f: f.name.start)
