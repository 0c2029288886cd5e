"""User accounts in the database: lookup, login bookkeeping (lockout) and server-side logout."""

from datetime import datetime, timedelta, timezone

from sqlmodel import Session, select

from kesos import clock
from kesos.config import DEMO_PASSWORD, Settings
from kesos.models import User
from kesos.security import verify_password


def _now() -> datetime:
    return clock.now()


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value


def get_user(session: Session, username: str) -> User | None:
    return session.exec(select(User).where(User.username == username)).first()


def active_users(session: Session) -> list[User]:
    return list(session.exec(select(User).where(User.is_active).order_by(User.username)))


def is_locked(user: User, now: datetime | None = None) -> bool:
    locked_until = _aware(user.locked_until)
    return locked_until is not None and locked_until > (now or _now())


def record_failed_login(session: Session, username: str, settings: Settings) -> User | None:
    """Count a wrong password; lock the account for a while after too many in a row."""
    user = get_user(session, username)
    if user is None:
        return None
    if user.locked_until is not None and not is_locked(user):
        user.failed_logins = 0  # an expired lock starts a fresh count
        user.locked_until = None
    user.failed_logins += 1
    if user.failed_logins >= settings.max_login_attempts:
        user.locked_until = _now() + timedelta(minutes=settings.lockout_minutes)
    session.add(user)
    return user


def record_successful_login(session: Session, username: str) -> None:
    user = get_user(session, username)
    if user is not None and (user.failed_logins or user.locked_until):
        user.failed_logins = 0
        user.locked_until = None
        session.add(user)


def uses_demo_password(user: User) -> bool:
    return verify_password(DEMO_PASSWORD, user.password_hash)


def end_sessions(session: Session, username: str) -> None:
    """Server-side logout: every re-login cookie issued before now stops working."""
    user = get_user(session, username)
    if user is not None:
        user.sessions_valid_after = _now()
        session.add(user)


def cookie_still_valid(user: User | None, issued_at: datetime) -> bool:
    """A re-login cookie counts only for an active, unlocked user who has not logged out since."""
    if user is None or not user.is_active or is_locked(user):
        return False
    valid_after = _aware(user.sessions_valid_after)
    return valid_after is None or issued_at > valid_after
