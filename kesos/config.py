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
    return Settings(
        database_url=database_url,
        demo_mode=demo_mode,
        cookie_key=cookie_key,
        cookie_expiry_days=float(env.get("KESOS_SESSION_DAYS", auth_secrets.get("session_days", 1.0))),
    )


def cookie_key(settings: Settings) -> str:
    """The key that signs the re-login cookie; outside demo mode it must be configured."""
    if settings.cookie_key:
        if len(settings.cookie_key) < 16:
            raise ConfigError("The cookie key (KESOS_COOKIE_KEY or [auth] cookie_key) needs 16+ characters.")
        return settings.cookie_key
    if not settings.demo_mode:
        raise ConfigError(
            "Kesos refuses to start outside demo mode without its own cookie key: set KESOS_COOKIE_KEY "
            "or [auth] cookie_key in .streamlit/secrets.toml."
        )
    # Demo mode: a random key kept beside the demo database, so a restart keeps people logged in.
    if DEMO_COOKIE_KEY_FILE.exists():
        return DEMO_COOKIE_KEY_FILE.read_text().strip()
    key = secrets.token_urlsafe(32)
    DEMO_COOKIE_KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
    DEMO_COOKIE_KEY_FILE.write_text(key)
    return key


def admin_password_from_env(env: dict | None = None) -> str | None:
    """The password `create-admin` sets, or None when the variable is not set.

    Read when asked and kept out of `Settings`, whose cached instance and repr should hold no password.
    """
    return (os.environ if env is None else env).get(ADMIN_PASSWORD_ENV)


@lru_cache(maxsize=1)
def settings() -> Settings:
    return load_settings()
