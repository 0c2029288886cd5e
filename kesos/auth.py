"""Login: Kesos's own form and cookie check, from the database; streamlit-authenticator 0.4.2 writes the cookie.

- The password is checked by `users.attempt_login` (lockout counted atomically, the lock checked before the
  comparison, the demo password refused outside demo mode) before anything about the browser session exists:
  a refusal leaves no session state and no cookie behind. The library's own login is not used, because it
  marks the session and writes the cookie before its caller can refuse (a rerun of the cookie component then
  undid Kesos's refusal).
- The re-login cookie (a JWT signed with the cookie key) is read from the request headers
  (`st.context.cookies`) and checked here too: signature, expiry, an active account, issued after the last
  logout or password reset, and outside demo mode not an account with the demo password. Anything malformed
  is treated as no cookie.
- Every rerun checks the session's login time against the account's `sessions_valid_after`, so a logout or a
  password reset ends every other open tab at its next rerun.
- The library's cookie component (which reads every cookie back through the browser, and so reruns the script
  once it has mounted) is drawn only where it has work: on the login page (to delete a refused cookie) and in
  the session that logged in by the form (to write the cookie; it stays mounted on every rerun of that
  session, upstream #276). A session that came in with a valid cookie (a refresh, a new tab, a bookmark: what
  a leader does most) never draws it, so its page runs once, not twice. Every page URL draws the login form
  for anonymous visitors, so deep links survive (upstream #179).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import jwt
import streamlit as st
import streamlit_authenticator as stauth

from kesos import clock, users
from kesos.config import Settings, cookie_key
from kesos.db import session_scope
from kesos.security import Actor
from kesos.web.text import as_text

FORM_TITLE = "Masuk ke Kesos"
_COOKIE_TOKEN = "kesos_cookie_token"  # session key: the token this session wrote after login
_LOGIN_AT = "kesos_login_at"  # session key: when this session logged in (or when its cookie was issued)
_REFUSED_COOKIE = "kesos_refused_cookie"  # session key: a cookie value this session will not read again
_FLASH = "kesos_login_flash"
_SESSION_KEYS = ("authentication_status", "username", "name", "email", "roles")


@dataclass(frozen=True)
class CookieClaims:
    username: str
    issued_at: datetime
    expires_at: datetime


def read_cookie(raw: str | None, key: str, settings: Settings, now: datetime | None = None) -> CookieClaims | None:
    """The claims of a re-login cookie, or None for anything else (unsigned, expired, malformed, absurd)."""
    if not raw or len(raw) > 4096:
        return None
    try:
        token = jwt.decode(raw, key, algorithms=["HS256"])
        username, expires = token.get("username"), token.get("exp_date")
        if not isinstance(username, str) or not username or isinstance(expires, bool):
            return None
        expires_at = datetime.fromtimestamp(float(expires), tz=timezone.utc)
    except (jwt.PyJWTError, ValueError, TypeError, OverflowError, OSError, AttributeError):
        return None
    now = now or clock.now()
    if expires_at <= now or expires_at > now + timedelta(days=settings.cookie_expiry_days, minutes=5):
        return None
    return CookieClaims(username, expires_at - timedelta(days=settings.cookie_expiry_days), expires_at)


def _cookie_writer(settings: Settings) -> stauth.Authenticate:
    # No credentials: the library only holds the cookie component here; it never checks a password.
    return stauth.Authenticate({"usernames": {}}, cookie_name=settings.cookie_name, cookie_key=cookie_key(settings),
                               cookie_expiry_days=settings.cookie_expiry_days, auto_hash=False)


def _start_session(user, login_at: datetime) -> None:
    st.session_state.update({"authentication_status": True, "username": user.username, "name": user.name,
                             "email": user.email, "roles": [user.role], "logout": None, _LOGIN_AT: login_at})


def _end_session(settings: Settings, flash: str | None = None) -> None:
    """Forget the login in this browser session; the browser's cookie is not read again and gets deleted."""
    for key in _SESSION_KEYS:
        st.session_state[key] = None
    st.session_state.pop(_LOGIN_AT, None)
    written = st.session_state.pop(_COOKIE_TOKEN, None)
    st.session_state[_REFUSED_COOKIE] = {st.context.cookies.get(settings.cookie_name), written} - {None}
    st.session_state["logout"] = True
    if flash:
        st.session_state[_FLASH] = flash


def _session_actor(engine, settings: Settings) -> Actor | None:
    """The actor of a session that logged in earlier, checked against the account on every rerun."""
    username = st.session_state.get("username")
    if not st.session_state.get("authentication_status") or not username:
        return None
    login_at = st.session_state.get(_LOGIN_AT)
    with session_scope(engine) as session:
        user = users.get_user(session, username)
        valid = isinstance(login_at, datetime) and users.session_still_valid(user, login_at)
        actor = Actor.from_user(user) if valid else None
    if actor is None:
        _end_session(settings, "Sesi Anda sudah berakhir (keluar, kata sandi diganti, atau akun dinonaktifkan). "
                               "Silakan masuk lagi.")
    return actor


def _cookie_actor(engine, settings: Settings) -> Actor | None:
    """A new browser session carrying a valid re-login cookie (a refresh, a new tab)."""
    raw = st.context.cookies.get(settings.cookie_name)
    if not raw or raw in st.session_state.get(_REFUSED_COOKIE, set()):
        return None
    claims = read_cookie(raw, cookie_key(settings), settings)
    actor = None
    if claims is not None:
        with session_scope(engine) as session:
            user = users.get_user(session, claims.username)
            if (users.cookie_still_valid(user, claims.issued_at)
                    and (settings.demo_mode or not users.uses_demo_password(user))):
                actor = Actor.from_user(user)
                _start_session(user, claims.issued_at)
    if actor is None:
        st.session_state[_REFUSED_COOKIE] = {raw}
    return actor


def _keep_cookie_writer(authenticator: stauth.Authenticate, settings: Settings) -> None:
    token = st.session_state.get(_COOKIE_TOKEN)
    if token:
        manager = authenticator.cookie_controller.cookie_model.cookie_manager
        expires = datetime.fromtimestamp(jwt.decode(token, options={"verify_signature": False})["exp_date"])
        manager.set(settings.cookie_name, token, key="kesos_cookie_writer", same_site="lax",
                    secure=settings.cookie_secure or None, expires_at=expires)


class CookieWriter:
    """The library's cookie component, made (and so drawn) on first use only."""

    def __init__(self, settings: Settings):
        self._settings, self._authenticator = settings, None

    def get(self) -> stauth.Authenticate:
        if self._authenticator is None:
            self._authenticator = _cookie_writer(self._settings)
        return self._authenticator


def current_actor(engine, settings: Settings) -> tuple[Actor | None, CookieWriter]:
    """Who is logged in (from this session or a valid re-login cookie); draws the cookie component only in
    the session that logged in by the form (it writes the cookie there)."""
    writer = CookieWriter(settings)
    actor = _session_actor(engine, settings)
    if actor is None and not st.session_state.get("authentication_status"):
        actor = _cookie_actor(engine, settings)
    if actor is not None and st.session_state.get(_COOKIE_TOKEN):
        _keep_cookie_writer(writer.get(), settings)
    return actor, writer


def _drop_refused_cookie(writer: CookieWriter, settings: Settings) -> None:
    refused = st.session_state.get(_REFUSED_COOKIE) or set()
    if st.context.cookies.get(settings.cookie_name) in refused or st.session_state.get("logout"):
        authenticator = writer.get()
        manager = authenticator.cookie_controller.cookie_model.cookie_manager
        if settings.cookie_name in (manager.cookies or {}):
            authenticator.cookie_controller.delete_cookie()


def login_form(engine, settings: Settings, writer: CookieWriter) -> None:
    """Draw the login form; on success rerun so `app.py` builds this role's pages at this URL."""
    _drop_refused_cookie(writer, settings)
    if flash := st.session_state.pop(_FLASH, None):
        st.info(flash)
    with st.form("kesos_login", clear_on_submit=False):
        st.subheader(FORM_TITLE)
        username = st.text_input("Nama pengguna", key="kesos_login_username", max_chars=50,
                                 autocomplete="username")
        password = st.text_input("Kata sandi", type="password", key="kesos_login_password", max_chars=200,
                                 autocomplete="current-password")
        submitted = st.form_submit_button("Masuk")
    if not submitted:
        return
    try:
        with session_scope(engine) as session:
            user = users.attempt_login(session, username, password, settings)
    except users.LoginRefused as refused:
        st.session_state["authentication_status"] = False
        st.error(as_text(refused.message))
        return
    now = clock.now()
    _start_session(user, now)
    st.session_state.pop(_REFUSED_COOKIE, None)
    expires = (now + timedelta(days=settings.cookie_expiry_days)).timestamp()
    st.session_state[_COOKIE_TOKEN] = jwt.encode({"username": user.username, "exp_date": expires},
                                                 cookie_key(settings), algorithm="HS256")
    st.rerun()


def logout(engine, writer: CookieWriter, settings: Settings) -> None:
    """End the session here and on the server (every other tab at its next rerun), then rerun."""
    username = st.session_state.get("username")
    if username:
        with session_scope(engine) as session:
            users.end_sessions(session, username)
    _end_session(settings, "Anda sudah keluar.")
    st.rerun()
