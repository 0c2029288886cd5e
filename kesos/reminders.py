"""Pengingat: a ready Indonesian message for a kab/kota whose monthly report is late, and its wa.me link.

Pure functions: the figures in, text out. WhatsApp wants the number as 62… without a plus or a 0,
and the text URL-encoded (https://wa.me/<number>?text=<message>).
"""

import re
from datetime import date
from urllib.parse import quote

from kesos import fmt, validate as v


def whatsapp_number(value) -> str | None:
    """A phone number as wa.me wants it: 62 then the number, digits only; 0812…, +62 812… and 62812… are
    accepted. Empty: None. Anything else is refused with the reason."""
    value = v.text(value, label="Nomor WhatsApp", required=False, max_length=30)
    if value is None:
        return None
    digits = re.sub(r"[\s\-().]", "", value)
    if digits.startswith("+"):
        digits = digits[1:]
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    if not re.fullmatch(r"628\d{7,11}", digits):
        raise v.FieldError("Nomor WhatsApp tidak valid: tulis nomor ponsel seperti 0812 3456 7890 atau "
                           "62 812 3456 7890.")
    return digits


def message(*, kab_kota: str, year: int, month: int, reported: int, expected: int, due_on: date,
            missing: list[str] | None = None, contact_name: str | None = None, today: date | None = None) -> str:
    """'Yth. Bapak/Ibu …, laporan penerima manfaat Kota Banjarmasin bulan Oktober 2026 …'."""
    greeting = f"Yth. {contact_name}," if contact_name else "Yth. Bapak/Ibu pengurus cabang,"
    waiting = expected - reported
    passed = today is not None and today > due_on
    deadline = (f"batas waktunya tanggal {fmt.tanggal(due_on)} sudah lewat" if passed
                else f"batas waktunya tanggal {fmt.tanggal(due_on)}")
    lines = [
        greeting,
        f"laporan penerima manfaat {kab_kota} bulan {fmt.bulan(year, month)} belum lengkap: baru "
        f"{reported} dari {expected} LKS yang melapor, {waiting} LKS belum ({deadline}).",
    ]
    if missing:
        shown = missing[:10]
        more = f" dan {len(missing) - 10} LKS lain" if len(missing) > 10 else ""
        lines.append(f"LKS yang belum melapor: {', '.join(shown)}{more}.")
    lines.append("Mohon angka bulan itu diisi di Kesos (halaman Penerima manfaat), lalu tekan Kirim laporan. "
                 "Terima kasih.")
    return "\n".join(lines)


def whatsapp_link(number: str | None, text: str) -> str:
    """`https://wa.me/62…?text=…`; without a number, the link lets the sender choose the contact."""
    return f"https://wa.me/{number or ''}?text={quote(text, safe='')}"
