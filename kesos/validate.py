"""Field validators shared by forms, importers and the command line; messages in Indonesian.

Each takes the raw value and returns the clean value or raises `FieldError` with the message.
`collect` runs several and gathers every message by field, so a form shows them all at once.
"""

import math
import re
from collections.abc import Callable
from datetime import date

from kesos.errors import ValidationError


class FieldError(ValueError):
    pass


def text(value, *, label: str, required: bool = True, max_length: int = 200) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        value = ""
    if not isinstance(value, str):
        value = str(value)
    value = " ".join(value.split())  # trims and folds runs of spaces and line breaks
    if not value:
        if required:
            raise FieldError(f"{label} wajib diisi.")
        return None
    if len(value) > max_length:
        raise FieldError(f"{label} paling banyak {max_length} karakter (sekarang {len(value)}).")
    return value


def integer(value, *, label: str, minimum: int | None = 0, maximum: int | None = None,
            required: bool = True) -> int | None:
    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        if required:
            raise FieldError(f"{label} wajib diisi.")
        return None
    if isinstance(value, bool):
        raise FieldError(f"{label} harus berupa bilangan bulat.")
    if isinstance(value, float):
        if not value.is_integer():
            raise FieldError(f"{label} harus berupa bilangan bulat.")
        value = int(value)
    if isinstance(value, str):
        cleaned = value.strip().replace(".", "").replace(" ", "")
        if not re.fullmatch(r"-?\d+", cleaned):
            raise FieldError(f"{label} harus berupa angka.")
        value = int(cleaned)
    if not isinstance(value, int):
        raise FieldError(f"{label} harus berupa angka.")
    if minimum is not None and value < minimum:
        raise FieldError(f"{label} tidak boleh kurang dari {minimum}.")
    if maximum is not None and value > maximum:
        raise FieldError(f"{label} tidak boleh lebih dari {maximum:,}.".replace(",", "."))
    return value


def rupiah(value, *, label: str, minimum: int | None = 0, maximum: int | None = 1_000_000_000_000,
           required: bool = True) -> int | None:
    """Whole rupiah from 1250000, "1.250.000", "Rp 1.250.000" or "Rp 1.250.000,00"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        value = ""
    if isinstance(value, bool):
        raise FieldError(f"{label} harus berupa angka rupiah.")
    if isinstance(value, float):
        if not value.is_integer():
            raise FieldError(f"{label} harus dalam rupiah utuh, tanpa sen.")
        value = int(value)
    if isinstance(value, str):
        cleaned = re.sub(r"^rp\.?", "", value.strip().lower()).replace(" ", "").replace("\u00a0", "")
        if not cleaned:
            if required:
                raise FieldError(f"{label} wajib diisi.")
            return None
        # Indonesian writing: dots group thousands, a comma starts the sen.
        match = re.fullmatch(r"(-?)(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?", cleaned)
        if not match:
            raise FieldError(f"{label} harus berupa angka rupiah, misalnya 1.250.000.")
        if match.group(3) and int(match.group(3)) != 0:
            raise FieldError(f"{label} harus dalam rupiah utuh, tanpa sen.")
        value = int(match.group(1) + match.group(2).replace(".", ""))
    if not isinstance(value, int):
        raise FieldError(f"{label} harus berupa angka rupiah.")
    if minimum is not None and value < minimum:
        raise FieldError(f"{label} tidak boleh kurang dari Rp {minimum:,}.".replace(",", "."))
    if maximum is not None and value > maximum:
        raise FieldError(f"{label} tidak boleh lebih dari Rp {maximum:,}.".replace(",", "."))
    return value


def choice(value, options, *, label: str, required: bool = True):
    if value in (None, ""):
        if required:
            raise FieldError(f"{label} wajib dipilih.")
        return None
    if value not in options:
        raise FieldError(f"{label} tidak dikenal: pilih dari daftar.")
    return value


def a_date(value, *, label: str, earliest: date = date(1945, 8, 17), latest: date | None = None,
           required: bool = True) -> date | None:
    if value is None or value == "":
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
