"""Province and kab/kota names of `data/wilayah`, and where an article mentions them."""

import csv
import re
from dataclasses import dataclass
from functools import cache

from kesos.config import DATA_DIR

# Short and older names the press uses for provinces, besides the official ones.
PROVINCE_ALIASES = {
    "11": ["Aceh", "NAD", "Nanggroe Aceh Darussalam"],
    "12": ["Sumut", "Sumatra Utara"],
    "13": ["Sumbar", "Sumatra Barat"],
    "14": ["Riau"],
    "15": ["Jambi"],
    "16": ["Sumsel", "Sumatra Selatan"],
    "17": ["Bengkulu"],
    "18": ["Lampung"],
    "19": ["Bangka Belitung", "Babel"],
    "21": ["Kepri"],
    "31": ["DKI Jakarta", "DKI", "Jakarta"],
    "32": ["Jabar"],
    "33": ["Jateng"],
    "34": ["DIY", "Yogyakarta"],
    "35": ["Jatim"],
    "52": ["NTB"],
    "53": ["NTT"],
    "61": ["Kalbar"],
    "62": ["Kalteng"],
    "63": ["Kalsel"],
    "64": ["Kaltim"],
    "65": ["Kaltara"],
    "71": ["Sulut"],
    "72": ["Sulteng"],
    "73": ["Sulsel"],
    "74": ["Sultra"],
    "76": ["Sulbar"],
    "82": ["Malut"],
    "92": ["Pabar"],
}

# Spellings of kab/kota names other than the official one ("Kota Baru" for Kotabaru).
KAB_KOTA_ALIASES = {
    "Kotabaru": ["Kota Baru"],
    "Palangkaraya": ["Palangka Raya"],
    "Gunungkidul": ["Gunung Kidul"],
    "Labuhanbatu": ["Labuhan Batu"],
    "Pematangsiantar": ["Pematang Siantar"],
    "Tanjungbalai": ["Tanjung Balai"],
    "Banjarbaru": ["Banjar Baru"],
    "Bukittinggi": ["Bukit Tinggi"],
    "Padangsidimpuan": ["Padang Sidempuan", "Padangsidempuan"],
    "Batanghari": ["Batang Hari"],
    "Sawahlunto": ["Sawah Lunto"],
    "Mukomuko": ["Muko Muko", "Muko-Muko"],
    "Toli-Toli": ["Tolitoli"],
    "Bau Bau": ["Baubau"],
    "Fak Fak": ["Fakfak"],
    "Tojo Una Una": ["Tojo Una-Una"],
}

# Bare names (no "Kabupaten"/"Kota" before them) that are also common words or islands, rivers
# and lakes; only the prefixed form counts for these.
BARE_NAME_STOPLIST = {
    "Puncak", "Batu", "Batang", "Pati", "Metro", "Toba", "Bangka", "Belitung", "Nias", "Buru",
    "Lebak", "Kapuas", "Bintan", "Natuna", "Seram", "Sumbawa", "Lingga", "Siak", "Poso", "Bone",
    "Malaka", "Sabang", "Merauke", "Karo", "Tebo", "Bungo", "Kaur", "Ende", "Muna", "Alor",
    # province names: alone they name the province
    "Jambi", "Bengkulu", "Gorontalo", "Yogyakarta",
}

# Words before a capitalised name that make it a street, a river, a building, not a kab/kota.
_NOT_A_PLACE_BEFORE = re.compile(
    r"(?:Jalan|Jl|Jln|Gang|Gg|Hotel|Universitas|Univ|Sungai|Danau|Gunung|Pulau|Desa|Kecamatan|Kec|"
    r"Kelurahan|Kel|Kampung|Dusun|Bandara|Pelabuhan|Pasar|Taman|RSUD|RS|Kompleks|Komplek|Perumahan|"
    r"Bank|PT|Lapangan|Masjid|Stadion|Terminal|Polres|Polresta|Kodim|SMA|SMK|SMP|SD|Politeknik|Tribun)"
    r"\.?\s+$"
)


@dataclass(frozen=True)
class KabKota:
    code: str
    province_code: str
    name: str  # official: "Kabupaten Kubu Raya", "Kota Pontianak"
    is_kota: bool
    base: str  # without the prefix: "Kubu Raya"


@dataclass(frozen=True)
class Mention:
    code: str
    start: int
    end: int
    prefixed: bool  # "Kota Pontianak" / "Kab. Kubu Raya" rather than a bare "Pontianak"


@cache
def provinces() -> dict[str, str]:
    with (DATA_DIR / "wilayah" / "provinces.csv").open(encoding="utf-8") as fh:
        return {row["code"]: row["name"] for row in csv.DictReader(fh)}


@cache
def kab_kota() -> dict[str, KabKota]:
    result = {}
    with (DATA_DIR / "wilayah" / "regencies.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            is_kota = row["name"].startswith("Kota ")
            base = row["name"].split(" ", 1)[1].removeprefix("Administrasi ")
            result[row["code"]] = KabKota(row["code"], row["province_code"], row["name"], is_kota, base)
    return result


def _spellings(base: str) -> list[str]:
    spellings = [base, *KAB_KOTA_ALIASES.get(base, [])]
    if " " in base:
        spellings.append(base.replace(" ", ""))
    return spellings


def _flexible(spelling: str) -> str:
    return r"[\s-]+".join(re.escape(word) for word in re.split(r"[\s-]+", spelling))


@cache
def _names_by_spelling() -> dict[str, list[KabKota]]:
    """Lower-cased spelling -> the kab/kota it may name (several: "Banjar", "Bogor")."""
    by_spelling: dict[str, list[KabKota]] = {}
    for kk in kab_kota().values():
        for spelling in _spellings(kk.base):
            by_spelling.setdefault(re.sub(r"[\s-]+", " ", spelling.lower()), []).append(kk)
    return by_spelling


@cache
def _name_alternation() -> str:
    spellings = {s for kk in kab_kota().values() for s in _spellings(kk.base)}
    return "|".join(_flexible(s) for s in sorted(spellings, key=len, reverse=True))


@cache
def _prefixed_pattern() -> re.Pattern:
    return re.compile(
        r"\b(?P<prefix>Kabupaten|Kab\.?|Pemkab|Bupati|Kota|Walikota|Pemkot)\s+(?P<name>"
        + _name_alternation()
        + r")\b",
        re.IGNORECASE,
    )


@cache
def _bare_pattern() -> re.Pattern:
    return re.compile(r"\b(?P<name>" + _name_alternation() + r")\b", re.IGNORECASE)


def _lookup(spelling: str) -> list[KabKota]:
    return _names_by_spelling().get(re.sub(r"[\s-]+", " ", spelling.lower()), [])


def _looks_like_a_name(written: str) -> bool:
    """Bare names count only when written as a proper noun: "Pontianak", "PONTIANAK"."""
    words = [w for w in re.split(r"[\s-]+", written) if w.lower() != "dan"]
    return all(w[0].isupper() for w in words) and (written.isupper() or not written[1:2].isupper())


def prefixed_mentions(text: str) -> list[Mention]:
    """"Kabupaten Kubu Raya", "Kab. Kubu Raya", "Kota Pontianak", "Bupati Sambas", "Pemkot Banjar"."""
    mentions = []
    for match in _prefixed_pattern().finditer(text):
        prefix = match.group("prefix").lower().rstrip(".")
        wants_kota = prefix in {"kota", "walikota", "pemkot"}
        candidates = [kk for kk in _lookup(match.group("name")) if kk.is_kota == wants_kota]
        if not candidates and not wants_kota and match.group("name").lower() == "pontianak":
            candidates = [kab_kota()["61.02"]]  # Kabupaten Pontianak was renamed Mempawah in 2014
        if len(candidates) == 1:
            mentions.append(Mention(candidates[0].code, match.start(), match.end(), prefixed=True))
    return mentions


def bare_candidates(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int, list[KabKota]]]:
    """Bare kab/kota names outside the spans already taken, each with every kab/kota it may name."""
    result = []
    for match in _bare_pattern().finditer(text):
        start, end = match.span()
        written = match.group("name")
        if any(s < end and start < e for s, e in taken):
            continue
        if not _looks_like_a_name(written) or written.title() in BARE_NAME_STOPLIST:
            continue
        if _NOT_A_PLACE_BEFORE.search(text[max(0, start - 30) : start]):
            continue
        result.append((start, end, _lookup(written)))
    return result


def resolve_bare(candidates: list, province_code: str | None) -> list[Mention]:
    """Pick the kab/kota a bare name means: inside the article's province, a Kota before a Kabupaten.

    A name shared by several provinces with no province to choose by is left out, not guessed.
    """
    mentions = []
    for start, end, options in candidates:
        if province_code is not None:
            options = [kk for kk in options if kk.province_code == province_code]
        if len({kk.province_code for kk in options}) != 1:
            continue
        kotas = [kk for kk in options if kk.is_kota]
        chosen = kotas[0] if kotas else options[0] if len(options) == 1 else None
        if chosen is not None:
            mentions.append(Mention(chosen.code, start, end, prefixed=False))
    return mentions


@dataclass(frozen=True)
class ProvinceMention:
    code: str
    start: int
    end: int
    strong: bool  # "Provinsi Kalbar", "Gubernur Kalsel", "BKKKS Bali": the body's own province


@cache
def _province_pattern() -> re.Pattern:
    spellings: dict[str, str] = {}
    for code, name in provinces().items():
        for spelling in [name, *PROVINCE_ALIASES.get(code, [])]:
            spellings[spelling] = code
            if "Sumatera" in spelling:
                spellings[spelling.replace("Sumatera", "Sumatra")] = code
    alternation = "|".join(_flexible(s) for s in sorted(spellings, key=len, reverse=True))
    return re.compile(r"\b(?P<name>" + alternation + r")\b")


@cache
def _province_by_spelling() -> dict[str, str]:
    result = {}
    for code, name in provinces().items():
        for spelling in [name, *PROVINCE_ALIASES.get(code, [])]:
            result[re.sub(r"[\s-]+", " ", spelling.replace("Sumatra", "Sumatera"))] = code
    return result


_STRONG_BEFORE = re.compile(
    r"(?:Provinsi|Prov\.?|Pemprov|Pemerintah Provinsi|Gubernur|BKKKS|BK3S|LKKS|LKKKS|Dinsos|"
    r"Dinas Sosial(?: Provinsi)?)\)?\s+$"
)


def province_mentions(text: str, taken: list[tuple[int, int]]) -> list[ProvinceMention]:
    """Province names and their short forms ("Kalbar", "Antara Bali") outside kab/kota names."""
    mentions = []
    for match in _province_pattern().finditer(text):
        start, end = match.span()
        if any(s <= start and end <= e for s, e in taken):
            continue
        key = re.sub(r"[\s-]+", " ", match.group("name").replace("Sumatra", "Sumatera"))
        code = _province_by_spelling().get(key)
        if code is None:
            continue
        strong = bool(_STRONG_BEFORE.search(text[max(0, start - 40) : start]))
        mentions.append(ProvinceMention(code, start, end, strong))
    return mentions
