"""Messy cell values to clean ones: kab/kota names and codes, numbers, rupiah, dates, pick-list labels.

Each parser takes a raw cell and returns the clean value or raises `FieldError` with an
Indonesian reason. Only unambiguous writing is accepted; anything that could mean two things is
refused with what to write instead.
"""

import re
from datetime import date, datetime

from kesos import validate as v
from kesos.berita.dates import MONTHS
from kesos.berita.wilayah import KAB_KOTA_ALIASES
from kesos.importer.reading import Formula, is_blank
from kesos.models import KabKota, Province

FieldError = v.FieldError
MONTH_NAMES = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
               "Oktober", "November", "Desember")
_FORMULA = "berisi rumus Excel ({formula}); salin kolom itu lalu tempel sebagai nilai (Paste Special > Values)."


def no_formula(raw) -> None:
    if isinstance(raw, Formula):
        shown = raw if len(raw) <= 40 else raw[:37] + "..."
        raise FieldError("Sel " + _FORMULA.format(formula=shown))


def shown(raw) -> str:
    """The cell as the user wrote it, for messages and the errors sheet."""
    if raw is None:
        return ""
    if isinstance(raw, datetime):
        return raw.strftime("%d/%m/%Y") if raw.time() == datetime.min.time() else raw.isoformat(sep=" ")
    if isinstance(raw, date):
        return raw.strftime("%d/%m/%Y")
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw)


def text(raw, *, label: str, required: bool = False, max_length: int = 200) -> str | None:
    """Text with its spaces folded; a text cell starting with `=` stays text (it is never evaluated)."""
    no_formula(raw)
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)  # a number typed into a text column (a registration number)
    if isinstance(raw, (datetime, date)):
        raw = shown(raw)
    return v.text(raw, label=label, required=required, max_length=max_length)


def fold(value: str) -> str:
    """Case, spaces and punctuation folded: the key two spellings of one name share."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", value.casefold()).split())


def integer(raw, *, label: str, required: bool = True) -> int | None:
    """A whole number: 1250, "1.250", "1250,00"; not "1,250" (a thousand, or one and a quarter?)."""
    no_formula(raw)
    if is_blank(raw):
        if required:
            raise FieldError(f"{label} wajib diisi.")
        return None
    if isinstance(raw, bool) or isinstance(raw, (date, datetime)):
        raise FieldError(f"{label} harus berupa angka.")
    if isinstance(raw, float):
        if not raw.is_integer():
            raise FieldError(f"{label} harus berupa bilangan bulat (sekarang {raw:g}).")
        return int(raw)
    if isinstance(raw, int):
        return raw
    written = str(raw).strip().replace("\u00a0", "").replace(" ", "")
    match = re.fullmatch(r"(-?(?:\d{1,3}(?:\.\d{3})+|\d+))(?:,0+)?", written)
    if match:
        return int(match.group(1).replace(".", ""))
    if match := re.fullmatch(r"(-?\d+)\.0{1,2}", written):  # "27.0" from a program writing English numbers
        return int(match.group(1))
    if re.fullmatch(r"-?\d{1,3}(?:,\d{3})+", written):
        raise FieldError(f"{label} “{raw}” tidak jelas: koma adalah tanda desimal. Tulis ribuan dengan titik, "
                         "misalnya 1.250.")
    if re.fullmatch(r"-?\d+[.,]\d+", written):
        raise FieldError(f"{label} harus berupa bilangan bulat (sekarang “{raw}”).")
    raise FieldError(f"{label} harus berupa angka (sekarang “{raw}”).")


def rupiah(raw, *, label: str, required: bool = True) -> int | None:
    """Rupiah from 1250000, "1.250.000", "Rp 1.250.000" or "Rp 1.250.000,00" (validate.rupiah)."""
    no_formula(raw)
    if is_blank(raw):
        if required:
            raise FieldError(f"{label} wajib diisi.")
        return None
    if isinstance(raw, (date, datetime)):
        raise FieldError(f"{label} harus berupa angka rupiah, misalnya 1.250.000.")
    return v.rupiah(raw, label=label)


_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?)?")
_DAY_FIRST = re.compile(r"(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{2}|\d{4})")
_NAMED = re.compile(r"(?:[a-z']+\s*,\s*)?(\d{1,2})\s*[ -]\s*([a-z]+)\.?\s*[ -]\s*(\d{2}|\d{4})")


def a_date(raw, *, label: str, required: bool = True) -> date | None:
    """A date: an Excel date cell, "2023-08-10", "10/8/2023" (day first) or "10 Agustus 2023"."""
    no_formula(raw)
    if is_blank(raw):
        if required:
            raise FieldError(f"{label} wajib diisi.")
        return None
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, (int, float)):
        raise FieldError(f"{label} “{shown(raw)}” bukan tanggal: tulis misalnya 10/08/2023 atau 10 Agustus 2023.")
    written = " ".join(str(raw).split()).casefold()
    if match := _ISO.fullmatch(written):
        year, month, day = (int(g) for g in match.groups())
    elif match := _DAY_FIRST.fullmatch(written):
        day, month, year = int(match.group(1)), int(match.group(3)), match.group(4)
        if len(year) == 2:
            raise FieldError(f"{label} “{raw}”: tulis tahun dengan 4 angka, misalnya 10/8/2023.")
        year = int(year)
    elif match := _NAMED.fullmatch(written):
        day, month_name, year = int(match.group(1)), match.group(2), match.group(3)
        if month_name not in MONTHS:
            raise FieldError(f"{label} “{raw}”: nama bulan tidak dikenal.")
        if len(year) == 2:
            raise FieldError(f"{label} “{raw}”: tulis tahun dengan 4 angka, misalnya 10 Agustus 2023.")
        month, year = MONTHS[month_name], int(year)
    else:
        raise FieldError(f"{label} “{raw}” bukan tanggal yang dikenali: tulis 10/08/2023 (hari/bulan/tahun), "
                         "2023-08-10 atau 10 Agustus 2023.")
    try:
        return date(year, month, day)
    except ValueError:
        raise FieldError(f"{label} “{raw}” bukan tanggal yang ada (dibaca hari/bulan/tahun).") from None


def month(raw, *, label: str = "Bulan") -> int:
    """A month as 1-12 or its Indonesian name ("Agustus", "Agt")."""
    no_formula(raw)
    if is_blank(raw):
        raise FieldError(f"{label} wajib diisi.")
    if isinstance(raw, (int, float)) or str(raw).strip().isdigit():
        number = integer(raw, label=label)
        if not 1 <= number <= 12:
            raise FieldError(f"{label} harus 1 sampai 12 (sekarang {number}).")
        return number
    name = fold(str(raw))
    if name in MONTHS:
        return MONTHS[name]
    raise FieldError(f"{label} “{raw}” tidak dikenal: tulis angka 1-12 atau nama bulan, misalnya Agustus.")


class Choices:
    """A pick-list read from its codes, its Indonesian labels and a few other spellings."""

    def __init__(self, labels: dict[str, str], label: str, extra: dict[str, str] | None = None):
        self.label = label
        self.labels = labels
        self._by_spelling: dict[str, str] = {}
        for code, shown_label in labels.items():
            spellings = [code, shown_label]
            inner = re.search(r"\(([^)]*)\)", shown_label)
            bare = re.sub(r"\s*\([^)]*\)", "", shown_label)
            spellings += [bare, re.sub(r"^LKS\s+", "", bare)] + ([inner.group(1)] if inner else [])
            for spelling in spellings:
                self._by_spelling.setdefault(fold(spelling), code)
        for spelling, code in (extra or {}).items():
            self._by_spelling[fold(spelling)] = code

    def __call__(self, raw, *, required: bool = True) -> str | None:
        no_formula(raw)
        if is_blank(raw):
            if required:
                raise FieldError(f"{self.label} wajib diisi.")
            return None
        code = self._by_spelling.get(fold(str(raw)))
        if code is None:
            options = ", ".join(self.labels.values())
            raise FieldError(f"{self.label} “{raw}” tidak dikenal. Pilih salah satu: {options}.")
        return code


# --- Kab/kota ------------------------------------------------------------------------------------

_CODE = re.compile(r"\d{2}\.\d{2}")
_PREFIXES = (("kabupaten administrasi", False), ("kota administrasi", True), ("kota adm", True),
             ("kabupaten", False), ("kab", False), ("kota", True))


def _base(name: str) -> str:
    return name.split(" ", 1)[1].removeprefix("Administrasi ") if " " in name else name


class KabKotaIndex:
    """Resolves how a file writes a kab/kota against the kab_kota table, loaded once for a whole file."""

    def __init__(self, kab_kota: list[KabKota], provinces: list[Province]):
        self.by_code = {kk.code: kk for kk in kab_kota}
        self.province_names = {p.code: p.name for p in provinces}
        self._by_spelling: dict[str, list[KabKota]] = {}
        for kk in kab_kota:
            base = _base(kk.name)
            spellings = {base, base.replace(" ", ""), *KAB_KOTA_ALIASES.get(base, [])}
            for spelling in spellings:
                bucket = self._by_spelling.setdefault(fold(spelling), [])
                if kk not in bucket:
                    bucket.append(kk)
        self._cache: dict[str, str | FieldError] = {}

    def name(self, code: str) -> str:
        return self.by_code[code].name

    def resolve(self, raw, *, label: str = "Kabupaten/kota") -> str:
        no_formula(raw)
        if is_blank(raw):
            raise FieldError(f"{label} wajib diisi.")
        if isinstance(raw, float):
            raw = f"{raw:.2f}"  # Excel turned "63.10" into the number 63.1
        key = " ".join(str(raw).split())
        if key not in self._cache:
            try:
                self._cache[key] = self._resolve(key, label)
            except FieldError as exc:
                self._cache[key] = exc
        result = self._cache[key]
        if isinstance(result, FieldError):
            raise FieldError(str(result))
        return result

    def _resolve(self, written: str, label: str) -> str:
        if _CODE.fullmatch(written):
            if written not in self.by_code:
                raise FieldError(f"Kode {label.lower()} “{written}” tidak dikenal.")
            return written
        folded = fold(written)
        candidates: list[KabKota] = []
        for prefix, is_kota in _PREFIXES:
            if folded.startswith(prefix + " "):
                rest = folded[len(prefix) + 1:]
                candidates = [kk for kk in self._by_spelling.get(rest, []) if kk.name.startswith("Kota") == is_kota]
                break
        if not candidates:
            candidates = list(self._by_spelling.get(folded, []))
        if not candidates:
            raise FieldError(f"{label} “{written}” tidak dikenal: tulis nama resminya, misalnya “Kabupaten Kubu "
                             "Raya” atau “Kota Pontianak”, atau kodenya (61.12).")
        if len(candidates) > 1:
            options = " atau ".join(f"{kk.name} ({self.province_names.get(kk.province_code, kk.province_code)}, "
                                    f"kode {kk.code})" for kk in candidates)
            raise FieldError(f"{label} “{written}” tidak jelas: bisa berarti {options}. Tulis lengkap dengan "
                             "“Kabupaten” atau “Kota”, atau tulis kodenya.")
        return candidates[0].code
