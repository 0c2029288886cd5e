"""Login with streamlit-authenticator 0.4.2, fed from the database, with its known problems designed out.

- Users come from the `app_user` table (bcrypt hashes); the library only checks the password
  and keeps the signed re-login cookie (key from secrets or the environment).
- Refresh keeps the login (upstream #276): the cookie is read from the request headers
  (`st.context.cookies`) before the page list is built, and the component that writes the cookie
  stays mounted on every rerun after login, so a rerun cannot unmount it before it ran.
- Deep links survive (upstream #179): `app.py` registers every page's URL even for anonymous
  visitors, all of them drawing this login form, so after login the visitor is still on the URL.
- One-click logout (upstream #3): logout ends the session server-side (`sessions_valid_after`),
  then reruns at once; a stale cookie left in the browser is refused and deleted.
- Lockout after repeated wrong passwords and the refusal of demo passwords outside demo mode
  are decided here, from the database.
"""

from datetime import datetime, timezone

import jwt
import streamlit as st
import streamlit_authenticator as stauth

from kesos import users
from kesos.config import Settings, cookie_key
from kesos.db import session_scope
from kesos.security import Actor

LOGIN_FIELDS = {
    "Form name": "Masuk ke Kesos",
    "Username": "Nama pengguna",
    "Password": "Kata sandi",
    "Login": "Masuk",
    "Captcha": "Captcha",
}
_COOKIE_TOKEN = "kesos_cookie_token"  # session key: the token this session wrote after login
_FLASH = "kesos_login_flash"


def _credentials(session, settings: Settings) -> dict:
    entries = {}
    for user in users.active_users(session):
        entries[user.username] = {
            "name": user.name,
            "email": user.email or f"{user.username}@kesos.invalid",
            "password": user.password_hash,
            "roles": [user.role],
            # A locked account looks to the library as if it has used up its attempts.
            "failed_login_attempts": settings.max_login_attempts if users.is_locked(user) else 0,
            "logged_in": False,
        }
    return {"usernames": entries}


def _authenticator(engine, settings: Settings) -> stauth.Authenticate:
    with session_scope(engine) as session:
        credentials = _credentials(session, settings)
    return stauth.Authenticate(
        credentials,
        cookie_name=settings.cookie_name,
        cookie_key=cookie_key(settings),
        cookie_expiry_days=settings.cookie_expiry_days,
        auto_hash=False,
        login_sleep_time=0,  # the cookie is read from the request headers; no need to wait
    )


def _cookie_issued_at(token: dict, settings: Settings) -> datetime:
    expires = float(token.get("exp_date", 0))
    return datetime.fromtimestamp(expires - settings.cookie_expiry_days * 86400, tz=timezone.utc)


def _refuse_stale_cookie(engine, settings: Settings) -> bool:
    """Before the library reads the cookie, refuse one that was revoked; True when refused."""
    raw = st.context.cookies.get(settings.cookie_name)
    if not raw or st.session_state.get("authentication_status"):
        return False
    try:
        token = jwt.decode(raw, cookie_key(settings), algorithms=["HS256"])
    except jwt.PyJWTError:
        st.session_state["logout"] = True  # unreadable: ignore it, the login form will show
        return True
    with session_scope(engine) as session:
        user = users.get_user(session, str(token.get("username", "")))
        valid = users.cookie_still_valid(user, _cookie_issued_at(token, settings))
    if not valid:
        st.session_state["logout"] = True
    return not valid


def _keep_cookie_writer(authenticator: stauth.Authenticate, settings: Settings) -> None:
    token = st.session_state.get(_COOKIE_TOKEN)
    if token:
        manager = authenticator.cookie_controller.cookie_model.cookie_manager
        manager.set(settings.cookie_name, token, key="kesos_cookie_writer", same_site="lax",
                    expires_at=datetime.fromtimestamp(jwt.decode(token, options={"verify_signature": False})["exp_date"]))


def _actor_for_session(engine) -> Actor | None:
    username = st.session_state.get("username")
    if not st.session_state.get("authentication_status") or not username:
        return None
    with session_scope(engine) as session:
        user = users.get_user(session, username)
        if user is None or not user.is_active:
            return None
        return Actor.from_user(user)


def current_actor(engine, settings: Settings) -> tuple[Actor | None, stauth.Authenticate]:
    """Who is logged in (from the session or a valid re-login cookie), without drawing anything."""
    authenticator = _authenticator(engine, settings)
    _refuse_stale_cookie(engine, settings)
    try:
        authenticator.login(location="unrendered")
    except stauth.utilities.LoginError:
        st.session_state["logout"] = True
    actor = _actor_for_session(engine)
    if actor is None and st.session_state.get("authentication_status"):
        authenticator.authentication_controller.logout()  # deactivated since the last rerun
    if actor is not None:
        _keep_cookie_writer(authenticator, settings)
    return actor, authenticator


def login_form(engine, settings: Settings, authenticator: stauth.Authenticate) -> None:
    """Draw the login form; on success rerun so `app.py` builds this role's pages at this URL."""
    if st.session_state.get("logout") and st.context.cookies.get(settings.cookie_name):
        authenticator.cookie_controller.delete_cookie()
    if flash := st.session_state.pop(_FLASH, None):
        st.info(flash)
    credentials = authenticator.authentication_controller.authentication_model.credentials
    attempts_before = {u: c.get("failed_login_attempts", 0) for u, c in credentials["usernames"].items()}
    try:
        authenticator.login(
            location="main",
            fields=LOGIN_FIELDS,
            max_login_attempts=settings.max_login_attempts,
            clear_on_submit=False,
            key="kesos_login",
        )
    except stauth.utilities.LoginError:
        st.error("Akun ini dikunci sementara karena terlalu banyak kata sandi salah. Coba lagi nanti.")
        return
    status = st.session_state.get("authentication_status")
    if status is False:
        _record_failures(engine, settings, credentials, attempts_before)
        st.error("Nama pengguna atau kata sandi salah.")
    elif status:
        _after_password_login(engine, settings, authenticator)


def _record_failures(engine, settings, credentials, attempts_before) -> None:
    with session_scope(engine) as session:
        for username, entry in credentials["usernames"].items():
            if entry.get("failed_login_attempts", 0) > attempts_before.get(username, 0):
                users.record_failed_login(session, username, settings)


def _after_password_login(engine, settings: Settings, authenticator: stauth.Authenticate) -> None:
    username = st.session_state["username"]
    with session_scope(engine) as session:
        user = users.get_user(session, username)
        refused = user is None or (not settings.demo_mode and users.uses_demo_password(user))
        if not refused:
            users.record_successful_login(session, username)
    if refused:
        authenticator.authentication_controller.logout()
        st.session_state["logout"] = True
        st.session_state[_FLASH] = (
            "Kata sandi demo tidak boleh dipakai di luar mode demo. Minta admin mengganti kata sandi Anda."
        )
        st.rerun()
    st.session_state[_COOKIE_TOKEN] = authenticator.cookie_controller.cookie_model._token_encode()
    st.rerun()


def logout(engine, authenticator: stauth.Authenticate) -> None:
    """End the session here and on the server, then rerun: one click is enough."""
    username = st.session_state.get("username")
    if username:
        with session_scope(engine) as session:
            users.end_sessions(session, username)
    authenticator.authentication_controller.logout()
    st.session_state.pop(_COOKIE_TOKEN, None)
    st.session_state[_FLASH] = "Anda sudah keluar."
    st.rerun()
