"""User accounts in the database: lookup, login bookkeeping (lockout) and server-side logout."""

from datetime import datetime, timedelta, timezone
from functools import cache

from sqlalchemy import case, update
from sqlmodel import Session, select

from kesos import clock
from kesos.config import DEMO_PASSWORD, Settings
from kesos.models import User
from kesos.security import hash_password, verify_password


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


class LoginRefused(Exception):
    """A login that did not happen; `message` is what the form shows (the same for every reason but the
    demo password, so it does not tell whether an account exists or is locked)."""

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.message, self.reason = message, reason


LOGIN_REFUSED = ("Nama pengguna atau kata sandi salah. Setelah beberapa kali salah berturut-turut, akun "
                 "dikunci sementara; coba lagi nanti.")
DEMO_PASSWORD_REFUSED = ("Kata sandi demo tidak boleh dipakai di luar mode demo. Minta admin mengganti kata sandi "
                         "Anda.")


@cache
def _dummy_hash() -> str:
    """A hash to compare against for an unknown or locked account, so it answers in about the same time."""
    return hash_password("kesos-dummy-password-for-timing")


def _reserve_attempt(session: Session, username: str, settings: Settings) -> bool:
    """Count this attempt as a failure before the password is compared, in one UPDATE (atomic on SQLite and
    PostgreSQL): a locked account, or one whose attempts are used up by attempts running at this moment, is
    not compared at all. The attempt that uses up the last try locks the account; a right password undoes it."""
    now = _now()  # the column type (UTCDateTime) stores UTC on both databases
    until = now + timedelta(minutes=settings.lockout_minutes)
    table = User.__table__
    expired = table.c.locked_until.is_not(None) & (table.c.locked_until <= now)
    count = case((expired, 1), else_=table.c.failed_logins + 1)
    stmt = (update(table)
            .where(table.c.username == username, table.c.is_active.is_(True),
                   table.c.locked_until.is_(None) | (table.c.locked_until <= now))
            .values(failed_logins=count,
                    locked_until=case((count >= settings.max_login_attempts, until), else_=None))
            .returning(table.c.failed_logins))
    reserved = session.execute(stmt).first() is not None
    session.commit()  # visible to every other attempt at once
    return reserved


def _clear_failures(session: Session, username: str) -> None:
    table = User.__table__
    session.execute(update(table).where(table.c.username == username).values(failed_logins=0, locked_until=None))
    session.commit()


def attempt_login(session: Session, username: str, password: str, settings: Settings) -> User:
    """Check a login typed into the form; the user when it may go on, else `LoginRefused`.

    Nothing about the browser session is decided here, so a refusal leaves no trace there. Outside demo mode
    the demo password is refused even when it is right (checked on the typed text, no second hash).
    """
    username = (username or "").strip().lower()
    password = password or ""
    if not username or not password or len(password.encode("utf-8")) > 1024:
        verify_password("x", _dummy_hash())
        raise LoginRefused(LOGIN_REFUSED, "empty")
    user = get_user(session, username)
    if user is None or not _reserve_attempt(session, username, settings):
        verify_password(password, _dummy_hash())
        raise LoginRefused(LOGIN_REFUSED, "unknown" if user is None else "locked")
    if not verify_password(password, user.password_hash):
        raise LoginRefused(LOGIN_REFUSED, "wrong")
    _clear_failures(session, username)
    if not settings.demo_mode and password == DEMO_PASSWORD:
        raise LoginRefused(DEMO_PASSWORD_REFUSED, "demo")
    session.refresh(user)
    return user


def uses_demo_password(user: User) -> bool:
    return verify_password(DEMO_PASSWORD, user.password_hash)


def end_sessions(session: Session, username: str) -> None:
    """Server-side logout: every re-login cookie issued before now stops working."""
    user = get_user(session, username)
    if user is not None:
        user.sessions_valid_after = _now()
        session.add(user)


def session_still_valid(user: User | None, logged_in_at: datetime) -> bool:
    """An open session goes on only for an active account that has not logged out or had its password reset
    since the session logged in (checked on every rerun)."""
    if user is None or not user.is_active:
        return False
    valid_after = _aware(user.sessions_valid_after)
    return valid_after is None or _aware(logged_in_at) > valid_after


def accounts_with_demo_password(session: Session) -> list[str]:
    """Active accounts whose password is the demo password (one bcrypt comparison per distinct hash)."""
    found, checked = [], {}
    for user in active_users(session):
        if user.password_hash not in checked:
            checked[user.password_hash] = uses_demo_password(user)
        if checked[user.password_hash]:
            found.append(user.username)
    return found


def cookie_still_valid(user: User | None, issued_at: datetime) -> bool:
    """A re-login cookie counts only for an active, unlocked user who has not logged out since."""
    if user is None or not user.is_active or is_locked(user):
        return False
    valid_after = _aware(user.sessions_valid_after)
    return valid_after is None or issued_at > valid_after
