"""Password rules for every password Kesos sets (Pengguna page, create-admin): long enough, not common or
trivial, no spaces at the ends, within bcrypt's 72 bytes, never the demo password outside demo mode."""

import re
from functools import cache

from kesos import validate as v
from kesos.config import DATA_DIR, DEMO_PASSWORD

MIN_LENGTH = 10
MAX_BYTES = 72  # bcrypt reads only the first 72 bytes (and bcrypt 5 refuses more)
COMMON_FILE = DATA_DIR / "common_passwords.txt"


def _plain(value: str) -> str:
    return re.sub(r"\s+", "", value).casefold()


@cache
def common_passwords() -> frozenset[str]:
    lines = COMMON_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(_plain(line) for line in lines if line.strip() and not line.startswith("#"))


def _trivial(value: str) -> bool:
    plain = _plain(value)
    if len(set(plain)) <= 2:  # "aaaaaaaaaa", "ababababab"
        return True
    steps = {ord(b) - ord(a) for a, b in zip(plain, plain[1:])}
    if steps <= {1} or steps <= {-1}:  # "1234567890", "abcdefghij", "9876543210"
        return True
    return plain in common_passwords() or plain.rstrip("0123456789!.@#") in common_passwords()


def check(value, *, confirm=None, demo_mode: bool = False, label: str = "Kata sandi",
          username: str | None = None) -> str:
    """The password when it may be used, else `validate.FieldError` with an Indonesian reason."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise v.FieldError(f"{label} harus berupa teks.")
    if not value:
        raise v.FieldError(f"{label} wajib diisi.")
    if value != value.strip():
        raise v.FieldError(f"{label} tidak boleh diawali atau diakhiri spasi.")
    if len(value) < MIN_LENGTH:
        raise v.FieldError(f"{label} paling sedikit {MIN_LENGTH} karakter (sekarang {len(value)}).")
    if len(value.encode("utf-8")) > MAX_BYTES:
        raise v.FieldError(f"{label} paling banyak {MAX_BYTES} byte (huruf beraksen dan emoji dihitung lebih dari "
                           "satu); pakai kalimat yang lebih pendek.")
    if value == DEMO_PASSWORD and not demo_mode:
        raise v.FieldError("Kata sandi demo tidak boleh dipakai di luar mode demo.")
    if value != DEMO_PASSWORD and (_trivial(value) or (username and _plain(username) in _plain(value))):
        raise v.FieldError(f"{label} ini terlalu mudah ditebak (umum dipakai, berurutan, berulang, atau memuat "
                           "nama pengguna). Pakai beberapa kata yang tidak berhubungan.")
    if confirm is not None and confirm != value:
        raise v.FieldError("Ulangan kata sandi tidak sama.")
    return value
