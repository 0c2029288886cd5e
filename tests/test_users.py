"""The login decision without Streamlit: lockout under parallel attempts, the same answer for unknown and known
names, the demo password outside demo mode, sessions ended by logout and password reset, cookies."""

import threading
import time
from datetime import timedelta

import jwt
import pytest
from sqlmodel import Session

from kesos import clock, users
from kesos.auth import read_cookie
from kesos.config import DEMO_PASSWORD, Settings
from kesos.db import make_engine, session_scope
from kesos.security import Actor, hash_password
from kesos.services import users_admin

PASSWORD = "sandi-benar-untuk-uji-77"


def _settings(url: str, demo_mode: bool = True) -> Settings:
    return Settings(database_url=url, demo_mode=demo_mode, cookie_key="k" * 40)


@pytest.fixture
def engine(demo_db_url):
    engine = make_engine(demo_db_url)
    with Session(engine) as s:
        user = users.get_user(s, "pimpinan")
        user.password_hash = hash_password(PASSWORD)
        s.add(user)
        s.commit()
    yield engine
    engine.dispose()


def _attempt(engine, settings, username, password):
    try:
        with session_scope(engine) as s:
            return users.attempt_login(s, username, password, settings).username
    except users.LoginRefused as refused:
        return refused.reason


def _user(engine, username="pimpinan"):
    with Session(engine) as s:
        return users.get_user(s, username)


def test_sixteen_simultaneous_attempts_compare_at_most_five_passwords(engine, demo_db_url, monkeypatch):
    settings = _settings(demo_db_url)
    compared = []
    real_verify = users.verify_password

    def counting_verify(password, password_hash):
        compared.append(password_hash)
        time.sleep(0.05)  # widen the window between the lock check and the count, as a slow hash does
        return real_verify(password, password_hash)

    monkeypatch.setattr(users, "verify_password", counting_verify)
    stored_hash = _user(engine).password_hash
    passwords = [f"salah-{i}-sandinya" for i in range(15)] + [PASSWORD]
    results, barrier = [None] * 16, threading.Barrier(16)

    def run(i):
        barrier.wait()
        results[i] = _attempt(engine, settings, "pimpinan", passwords[i])

    threads = [threading.Thread(target=run, args=(i,)) for i in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    real_comparisons = [h for h in compared if h == stored_hash]
    assert len(real_comparisons) <= settings.max_login_attempts, results
    assert results.count("locked") >= 16 - settings.max_login_attempts
    user = _user(engine)
    if "pimpinan" not in results:  # the right password came too late: the account is locked now
        assert user.failed_logins == settings.max_login_attempts and users.is_locked(user)


def test_sixteen_simultaneous_wrong_passwords_lock_the_account_and_lose_no_count(engine, demo_db_url):
    settings = _settings(demo_db_url)
    barrier, results = threading.Barrier(16), []

    def run(i):
        barrier.wait()
        results.append(_attempt(engine, settings, "pimpinan", f"salah-{i}"))

    threads = [threading.Thread(target=run, args=(i,)) for i in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["locked"] * 11 + ["wrong"] * 5
    user = _user(engine)
    assert user.failed_logins == 5 and users.is_locked(user)
    assert _attempt(engine, settings, "pimpinan", PASSWORD) == "locked"  # the right password, too late


def test_a_lock_is_checked_before_the_password(engine, demo_db_url, monkeypatch):
    settings = _settings(demo_db_url)
    for i in range(5):
        assert _attempt(engine, settings, "pimpinan", f"salah-{i}") == "wrong"
    stored_hash = _user(engine).password_hash
    seen = []
    monkeypatch.setattr(users, "verify_password", lambda p, h: seen.append(h) or False)
    assert _attempt(engine, settings, "pimpinan", PASSWORD) == "locked"
    assert stored_hash not in seen


def test_an_expired_lock_starts_a_fresh_count_and_the_right_password_clears_it(engine, demo_db_url):
    settings = _settings(demo_db_url)
    for i in range(5):
        _attempt(engine, settings, "pimpinan", f"salah-{i}")
    with Session(engine) as s:
        user = users.get_user(s, "pimpinan")
        user.locked_until = clock.now() - timedelta(seconds=1)
        s.add(user)
        s.commit()
    assert _attempt(engine, settings, "pimpinan", "salah-lagi") == "wrong"
    assert _user(engine).failed_logins == 1 and not users.is_locked(_user(engine))
    assert _attempt(engine, settings, "pimpinan", PASSWORD) == "pimpinan"
    assert _user(engine).failed_logins == 0 and _user(engine).locked_until is None


def _timed(engine, settings, username, password, rounds=3):
    best = None
    for _ in range(rounds):
        started = time.perf_counter()
        try:
            with session_scope(engine) as s:
                users.attempt_login(s, username, password, settings)
            message = None
        except users.LoginRefused as refused:
            message = refused.message
        took = time.perf_counter() - started
        best = took if best is None else min(best, took)
    return message, best


def test_unknown_known_and_locked_names_get_the_same_message_in_about_the_same_time(engine, demo_db_url):
    settings = _settings(demo_db_url)
    unknown = _timed(engine, settings, "tidak_ada_orangnya", "salah-sandi")
    known = _timed(engine, settings, "sekretariat", "salah-sandi")
    for i in range(5):
        _attempt(engine, settings, "operator", f"salah-{i}")
    locked = _timed(engine, settings, "operator", DEMO_PASSWORD)
    assert unknown[0] == known[0] == locked[0] == users.LOGIN_REFUSED
    assert "dikunci" in users.LOGIN_REFUSED and "operator" not in users.LOGIN_REFUSED
    # Each does one bcrypt comparison of the same cost; an unknown name without one answers ~100x faster.
    slowest, fastest = max(unknown[1], known[1], locked[1]), min(unknown[1], known[1], locked[1])
    assert slowest < fastest * 3 + 0.05, (unknown[1], known[1], locked[1])


def test_the_demo_password_is_refused_outside_demo_mode_even_when_right(demo_engine, demo_db_url):
    assert _attempt(demo_engine, _settings(demo_db_url, demo_mode=True), "admin", DEMO_PASSWORD) == "admin"
    assert _attempt(demo_engine, _settings(demo_db_url, demo_mode=False), "admin", DEMO_PASSWORD) == "demo"
    assert _user(demo_engine, "admin").failed_logins == 0


def test_a_password_over_bcrypts_72_bytes_is_refused_without_a_crash(engine, demo_db_url):
    assert _attempt(engine, _settings(demo_db_url), "pimpinan", "é" * 60) == "wrong"
    assert _attempt(engine, _settings(demo_db_url), "pimpinan", "x" * 5000) == "empty"


def test_logout_and_password_reset_end_sessions_opened_before(engine):
    logged_in_at = clock.now()
    assert users.session_still_valid(_user(engine), logged_in_at)
    with session_scope(engine) as s:
        users.end_sessions(s, "pimpinan")
    assert not users.session_still_valid(_user(engine), logged_in_at)
    assert users.session_still_valid(_user(engine), clock.now())  # a login after the logout goes on
    opened = clock.now()
    with session_scope(engine) as s:
        user = users.get_user(s, "pimpinan")
        users_admin.reset_password(session=s, actor=Actor("admin", "admin"), user_id=user.id,
                                   new_password="sandi-baru-yang-panjang-1", expected_version=user.version)
    assert not users.session_still_valid(_user(engine), opened)


def test_start_up_outside_demo_mode_names_accounts_with_the_demo_password(demo_engine):
    with Session(demo_engine) as s:
        found = users.accounts_with_demo_password(s)
    assert "admin" in found and "pimpinan" in found


@pytest.mark.parametrize("raw", [
    "bukan-jwt", "a.b.c", "", "x" * 5000,
    jwt.encode({"username": "admin"}, "k" * 40, algorithm="HS256"),  # no expiry
    jwt.encode({"username": ["admin"], "exp_date": clock.now().timestamp() + 60}, "k" * 40, algorithm="HS256"),
    jwt.encode({"username": "admin", "exp_date": "besok"}, "k" * 40, algorithm="HS256"),
    jwt.encode({"username": "admin", "exp_date": 1e300}, "k" * 40, algorithm="HS256"),
    jwt.encode({"username": "admin", "exp_date": True}, "k" * 40, algorithm="HS256"),
    jwt.encode({"username": "admin", "exp_date": clock.now().timestamp() + 86400 * 400}, "k" * 40, algorithm="HS256"),
    jwt.encode({"username": "admin", "exp_date": clock.now().timestamp() + 60}, "lain" * 10, algorithm="HS256"),
    jwt.encode({"username": "admin", "exp_date": clock.now().timestamp() + 60}, "k" * 40, algorithm="HS512"),
])
def test_a_malformed_or_foreign_cookie_is_no_cookie(raw):
    settings = _settings("sqlite://")
    assert read_cookie(raw, "k" * 40, settings) is None


def test_a_cookie_the_app_writes_is_read_back(demo_db_url):
    settings = _settings(demo_db_url)
    raw = jwt.encode({"username": "admin", "exp_date": clock.now().timestamp() + 3600}, "k" * 40, algorithm="HS256")
    assert read_cookie(raw, "k" * 40, settings).username == "admin"
