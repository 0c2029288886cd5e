"""Settings, read once from the environment and `.streamlit/secrets.toml` (nowhere else)."""

import os
import secrets
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
DEFAULT_DATABASE_URL = f"sqlite:///{DATA_DIR / 'kesos.db'}"
SECRETS_FILE = ROOT / ".streamlit" / "secrets.toml"
DEMO_COOKIE_KEY_FILE = DATA_DIR / ".demo_cookie_key"

# The one password every demo account uses; refused whenever demo mode is off.
DEMO_PASSWORD = "kesos-demo"
# `python -m kesos create-admin` takes the password from here when set (Docker, automation).
ADMIN_PASSWORD_ENV = "KESOS_ADMIN_PASSWORD"


class ConfigError(RuntimeError):
    """The deployment is not configured well enough to start safely."""


@dataclass(frozen=True)
class Settings:
    database_url: str
    demo_mode: bool
    cookie_key: str | None
    cookie_name: str = "kesos_auth"
    cookie_expiry_days: float = 1.0
    max_login_attempts: int = 5
    lockout_minutes: int = 15
    # The re-login cookie is sent only over HTTPS (default outside demo mode; KESOS_COOKIE_SECURE=0 for a
    # deployment reached over plain HTTP on a trusted network).
    cookie_secure: bool = False
    # A kab/kota's monthly report is on time when saved by this day of the next month (1-28).
    report_due_day: int = 10


def _truthy(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "ya", "on"}


def _read_secrets(path: Path) -> dict:
    if not path.exists():
        return {}
    with path.open("rb") as fh:
        return tomllib.load(fh)


def load_settings(env: dict | None = None, secrets_file: Path = SECRETS_FILE) -> Settings:
    """Build settings from an environment mapping (default: the process environment)."""
    env = dict(os.environ if env is None else env)
    file_secrets = _read_secrets(secrets_file)
    auth_secrets = file_secrets.get("auth", {})

    database_url = env.get("DATABASE_URL") or file_secrets.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    demo_raw = env.get("KESOS_DEMO", file_secrets.get("KESOS_DEMO"))
    # Demo mode is the default only for the embedded SQLite database.
    demo_mode = _truthy(str(demo_raw)) if demo_raw is not None else database_url.startswith("sqlite")
    cookie_key = env.get("KESOS_COOKIE_KEY") or auth_secrets.get("cookie_key")
    due_raw = env.get("KESOS_REPORT_DUE_DAY", file_secrets.get("KESOS_REPORT_DUE_DAY", 10))
    try:
        report_due_day = int(due_raw)
    except (TypeError, ValueError):
        raise ConfigError(f"KESOS_REPORT_DUE_DAY must be a day of the month 1-28, not {due_raw!r}.") from None
    if not 1 <= report_due_day <= 28:
        raise ConfigError(f"KESOS_REPORT_DUE_DAY must be a day of the month 1-28, not {report_due_day}.")
    return Settings(
        database_url=database_url,
        report_due_day=report_due_day,
        demo_mode=demo_mode,
        cookie_key=cookie_key,
        cookie_secure=_truthy(str(env.get("KESOS_COOKIE_SECURE", not demo_mode))),
        cookie_expiry_days=float(env.get("KESOS_SESSION_DAYS", auth_secrets.get("session_days", 1.0))),
    )


MIN_COOKIE_KEY_LENGTH = 32
_MAKE_KEY = "python -c \"import secrets; print(secrets.token_urlsafe(32))\""


def weak_cookie_key(key: str) -> bool:
    """Too short, or too few different characters to be random (`aaaaaaaaaaaaaaaa`, `0123456789abcdef`×2)."""
    periodic = key in (key + key)[1:-1]  # a shorter piece repeated
    return len(key) < MIN_COOKIE_KEY_LENGTH or len(set(key)) < 12 or periodic


def cookie_key(settings: Settings) -> str:
    """The key that signs the re-login cookie; outside demo mode it must be configured, and strong."""
    if settings.cookie_key:
        if weak_cookie_key(settings.cookie_key):
            raise ConfigError(
                f"Kunci cookie (KESOS_COOKIE_KEY atau [auth] cookie_key) terlalu lemah: perlu paling sedikit "
                f"{MIN_COOKIE_KEY_LENGTH} karakter acak. Buat dengan: {_MAKE_KEY} / The cookie key needs "
                f"{MIN_COOKIE_KEY_LENGTH}+ random characters.")
        return settings.cookie_key
    if not settings.demo_mode:
        raise ConfigError(
            "Kesos refuses to start outside demo mode without its own cookie key: set KESOS_COOKIE_KEY "
            f"or [auth] cookie_key in .streamlit/secrets.toml (make one with: {_MAKE_KEY})."
        )
    # Demo mode: a random key kept beside the demo database (readable by this user only), so a restart keeps
    # people logged in.
    if DEMO_COOKIE_KEY_FILE.exists():
        os.chmod(DEMO_COOKIE_KEY_FILE, 0o600)
        key = DEMO_COOKIE_KEY_FILE.read_text().strip()
        if not weak_cookie_key(key):
            return key
        DEMO_COOKIE_KEY_FILE.unlink()
    key = secrets.token_urlsafe(32)
    DEMO_COOKIE_KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(DEMO_COOKIE_KEY_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as fh:
        fh.write(key)
    return key


def admin_password_from_env(env: dict | None = None) -> str | None:
    """The password `create-admin` sets, or None when the variable is not set.

    Read when asked and kept out of `Settings`, whose cached instance and repr should hold no password.
    """
    return (os.environ if env is None else env).get(ADMIN_PASSWORD_ENV)


@lru_cache(maxsize=1)
def settings() -> Settings:
    return load_settings()
