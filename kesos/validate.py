"""Field validators shared by forms, importers and the command line; messages in Indonesian.

Each takes the raw value and returns the clean value or raises `FieldError` with the message.
`collect` runs several and gathers every message by field, so a form shows them all at once.
"""

import math
import numbers
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from kesos.errors import ValidationError


class FieldError(ValueError):
    pass


_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _is_missing(value) -> bool:
    """None, NaN, and pandas' NaT and NA: what an empty spreadsheet cell becomes."""
    if value is None or type(value).__name__ in ("NaTType", "NAType"):
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return isinstance(value, Decimal) and value.is_nan()


def _whole_number(value, label: str, message: str) -> int:
    """An int from an int-like value (also numpy's), or a float/Decimal with nothing after the point."""
    if isinstance(value, bool):
        raise FieldError(message)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, (float, Decimal)):
        if not math.isfinite(value):
            raise FieldError(message)
        if int(value) != value:
            raise FieldError(f"{label} harus berupa bilangan bulat.")
        return int(value)
    raise FieldError(message)


def text(value, *, label: str, required: bool = True, max_length: int = 200) -> str | None:
    if _is_missing(value):
        value = ""
    if not isinstance(value, (str, numbers.Number)):
        raise FieldError(f"{label} harus berupa teks.")
    if not isinstance(value, str):
        value = str(value)
    # Control characters (NUL, escape...) are invisible and PostgreSQL refuses NUL: they become spaces.
    value = " ".join(_CONTROL_CHARACTERS.sub(" ", value).split())  # trims and folds runs of spaces
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise FieldError(f"{label} berisi karakter yang tidak sah.") from None
    if not value:
        if required:
            raise FieldError(f"{label} wajib diisi.")
        return None
    if len(value) > max_length:
        raise FieldError(f"{label} paling banyak {max_length} karakter (sekarang {len(value)}).")
    return value


def integer(value, *, label: str, minimum: int | None = 0, maximum: int | None = None,
            required: bool = True) -> int | None:
    if _is_missing(value) or (isinstance(value, str) and not value.strip()):
        if required:
            raise FieldError(f"{label} wajib diisi.")
        return None
    if isinstance(value, str):
        cleaned = value.strip().replace(".", "").replace(" ", "")
        if not re.fullmatch(r"-?\d{1,30}", cleaned):
            raise FieldError(f"{label} harus berupa angka.")
        value = int(cleaned)
    value = _whole_number(value, label, f"{label} harus berupa angka.")
    if minimum is not None and value < minimum:
        raise FieldError(f"{label} tidak boleh kurang dari {minimum}.")
    if maximum is not None and value > maximum:
        raise FieldError(f"{label} tidak boleh lebih dari {maximum:,}.".replace(",", "."))
    return value


def rupiah(value, *, label: str, minimum: int | None = 0, maximum: int | None = None,
           required: bool = True) -> int | None:
    """Whole rupiah from 1250000, "1.250.000", "Rp 1.250.000" or "Rp 1.250.000,00".

    `maximum` comes from the column the value goes to (`kesos.models.maximum`).
    """
    if _is_missing(value):
        value = ""
    if isinstance(value, (float, Decimal)) and math.isfinite(value) and int(value) != value:
        raise FieldError(f"{label} harus dalam rupiah utuh, tanpa sen.")
    if isinstance(value, str):
        cleaned = re.sub(r"^rp\.?", "", value.strip().lower()).replace(" ", "").replace("\u00a0", "")
        if not cleaned:
            if required:
                raise FieldError(f"{label} wajib diisi.")
            return None
        # Indonesian writing: dots group thousands, a comma starts the sen.
        match = re.fullmatch(r"(-?)(\d{1,3}(?:\.\d{3}){1,10}|\d{1,30})(?:,(\d{1,2}))?", cleaned)
        if not match:
            raise FieldError(f"{label} harus berupa angka rupiah, misalnya 1.250.000.")
        if match.group(3) and int(match.group(3)) != 0:
            raise FieldError(f"{label} harus dalam rupiah utuh, tanpa sen.")
        value = int(match.group(1) + match.group(2).replace(".", ""))
    value = _whole_number(value, label, f"{label} harus berupa angka rupiah.")
    if minimum is not None and value < minimum:
        raise FieldError(f"{label} tidak boleh kurang dari Rp {minimum:,}.".replace(",", "."))
    if maximum is not None and value > maximum:
        raise FieldError(f"{label} tidak boleh lebih dari Rp {maximum:,}.".replace(",", "."))
    return value


def choice(value, options, *, label: str, required: bool = True):
    if _is_missing(value) or (isinstance(value, str) and value == ""):
        if required:
            raise FieldError(f"{label} wajib dipilih.")
        return None
    try:
        known = value in options
    except TypeError:  # a list or dict where a code was expected
        known = False
    if not known:
        raise FieldError(f"{label} tidak dikenal: pilih dari daftar.")
    return value


def a_date(value, *, label: str, earliest: date = date(1945, 8, 17), latest: date | None = None,
           required: bool = True) -> date | None:
    if _is_missing(value) or (isinstance(value, str) and not value.strip()):
        if required:
            raise FieldError(f"{label} wajib diisi.")
        return None
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            raise FieldError(f"{label} bukan tanggal yang benar.") from None
    if hasattr(value, "date") and callable(value.date):
        value = value.date()
    if not isinstance(value, date):
        raise FieldError(f"{label} bukan tanggal yang benar.")
    latest = latest or date(2100, 12, 31)
    if value < earliest or value > latest:
        raise FieldError(f"{label} di luar rentang yang masuk akal.")
    return value


def collect(checks: dict[str, Callable[[], object]]) -> dict[str, object]:
    """Run each field's check; raise one ValidationError naming every bad field."""
    clean, errors = {}, {}
    for field, check in checks.items():
        try:
            clean[field] = check()
        except FieldError as exc:
            errors[field] = str(exc)
    if errors:
        raise ValidationError(errors)
    return clean
