"""`python -m kesos create-admin`: the first admin of a deployment without demo data, and a new password for one.

Database-facing (`empty_engine`, `postgres_url`), so `.ci/run` runs this file on PostgreSQL too.
"""

import io
import json
import os
import pty
import select
import sys
from datetime import timedelta

import pytest
from sqlmodel import Session
from sqlmodel import select as query

from kesos import clock, config, users
from kesos.__main__ import CLI_ACTOR_NAME, main
from kesos.config import ADMIN_PASSWORD_ENV, DEMO_PASSWORD, Settings
from kesos.db import make_engine
from kesos.models import AuditLog, User
from kesos.security import SYSTEM
from kesos.services import users_admin
from tests.databases import on_postgres
from tests.test_cli import ROOT, _env

PASSWORD = "Tepian-Sungai-2024"
OTHER_PASSWORD = "Jembatan-Barito-77"


@pytest.fixture
def database_url(empty_engine, monkeypatch):
    """A migrated deployment without demo data, as the command line's environment."""
    url = empty_engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("KESOS_DEMO", "0")
    monkeypatch.delenv(ADMIN_PASSWORD_ENV, raising=False)
    config.settings.cache_clear()
    yield url
    config.settings.cache_clear()


@pytest.fixture
def blank_database_url(request, tmp_path):
    """A database with no tables at all: a new deployment's first command."""
    if on_postgres():
        return request.getfixturevalue("postgres_url")
    return f"sqlite:///{tmp_path / 'new.db'}"


def create_admin(monkeypatch, *args, password=None, stdin=None) -> int:
    """Run the command in this process; the password from the environment, or piped on standard input."""
    if password is not None:
        monkeypatch.setenv(ADMIN_PASSWORD_ENV, password)
    else:
        monkeypatch.delenv(ADMIN_PASSWORD_ENV, raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin or ""))
    return main(["create-admin", *args])


def can_log_in(url: str, username: str, password: str) -> bool:
    """What the login form decides: an active, unlocked account whose hash matches, no demo password.
    Like the form, a refusal counts as a failed attempt."""
    settings = Settings(database_url=url, demo_mode=False, cookie_key=None)
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            users.attempt_login(session, username, password, settings)
            return True
    except users.LoginRefused:
        return False
    finally:
        engine.dispose()


def stored(url: str, model=User) -> list:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            return list(session.exec(query(model).order_by(model.id)))
    finally:
        engine.dispose()


def run_at_terminal(args: list[str], env: dict, answers: list[str]) -> tuple[int, str]:
    """Run `python -m kesos` on a real terminal (a pseudo-terminal), typing each answer after its prompt."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: becomes the command, with the terminal as its controlling terminal
        try:
            os.chdir(ROOT)
            os.execve(sys.executable, [sys.executable, "-m", "kesos", *args], env)
        finally:
            os._exit(127)
    screen = b""

    def read_until(marker: bytes | None) -> None:
        nonlocal screen
        while marker is None or marker not in screen:
            ready, _, _ = select.select([fd], [], [], 60)
            assert ready, f"no prompt within 60 s; the terminal shows: {screen!r}"
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # the command ended and closed the terminal
                chunk = b""
            if not chunk:
                assert marker is None, f"ended before {marker!r}; the terminal shows: {screen!r}"
                return
            screen += chunk

    try:
        for prompt, answer in zip([b"Kata sandi untuk admin: ", b"Ulangi kata sandi: "], answers):
            read_until(prompt)  # getpass turns echo off before it writes the prompt
            os.write(fd, answer.encode() + b"\n")
            screen += b"<typed>"
        read_until(None)
    finally:
        os.close(fd)
        _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), screen.decode(errors="replace")


def test_first_admin_on_a_new_database_types_the_password_twice_at_a_terminal_and_can_log_in(
        blank_database_url, tmp_path):
    env = _env(tmp_path, KESOS_DEMO="0")
    env["DATABASE_URL"] = blank_database_url
    code, screen = run_at_terminal(["create-admin", "--name", "Rina Banjar", "--email", "rina@bkkks.or.id"],
                                   env, [PASSWORD, PASSWORD])
    assert code == 0, screen
    assert "Admin 'admin' dibuat." in screen
    assert PASSWORD not in screen  # typed with echo off, and never printed
    [admin] = stored(blank_database_url)
    assert (admin.username, admin.role, admin.province_code, admin.is_active) == ("admin", "admin", None, True)
    assert (admin.name, admin.email) == ("Rina Banjar", "rina@bkkks.or.id")
    assert can_log_in(blank_database_url, "admin", PASSWORD)
    [row] = stored(blank_database_url, AuditLog)
    assert (row.username, row.action, row.table_name) == (CLI_ACTOR_NAME, "create", "app_user")
    assert "password" not in row.after and admin.password_hash not in row.after


def test_password_from_the_environment_makes_an_admin_without_a_prompt(database_url, monkeypatch, capsys):
    assert create_admin(monkeypatch, "--username", "Pengelola", password=PASSWORD) == 0
    out, err = capsys.readouterr()
    assert "Admin 'pengelola' dibuat." in out
    assert PASSWORD not in out + err
    [admin] = stored(database_url)
    assert (admin.username, admin.role, admin.name) == ("pengelola", "admin", "Administrator")
    assert can_log_in(database_url, "pengelola", PASSWORD)


def test_weak_or_mistyped_passwords_are_refused_and_nothing_is_stored(database_url, monkeypatch, capsys):
    cases = [
        ({"password": "pendek"}, "Kata sandi paling sedikit 10 karakter (sekarang 6)."),
        ({"password": ""}, "Kata sandi wajib diisi."),
        ({"password": DEMO_PASSWORD}, "Kata sandi demo tidak boleh dipakai di luar mode demo."),
        ({"stdin": f"{PASSWORD}\n{OTHER_PASSWORD}\n"}, "Ulangan kata sandi tidak sama."),
        ({"stdin": f"{PASSWORD}\n"}, "tidak berisi dua baris"),
    ]
    for given, message in cases:
        assert create_admin(monkeypatch, **given) == 2, given
        out, err = capsys.readouterr()
        assert err.startswith("Admin tidak dibuat: ") and message in err, (given, err)
        assert out == ""
        assert not any(secret in err for secret in {PASSWORD, OTHER_PASSWORD, given.get("password")} - {"", None})
    assert stored(database_url) == [] and stored(database_url, AuditLog) == []


def test_a_password_given_as_an_argument_is_refused_without_echoing_it(database_url, monkeypatch, capsys):
    assert create_admin(monkeypatch, "--password", PASSWORD, password=PASSWORD) == 2
    out, err = capsys.readouterr()
    assert "tidak diterima sebagai argumen" in err and ADMIN_PASSWORD_ENV in err
    assert PASSWORD not in out + err
    assert stored(database_url) == []


def test_an_existing_user_is_not_overwritten_without_reset(database_url, monkeypatch, capsys):
    assert create_admin(monkeypatch, password=PASSWORD) == 0
    assert create_admin(monkeypatch, "--name", "Orang Lain", password=OTHER_PASSWORD) == 2
    out, err = capsys.readouterr()
    assert "Pengguna 'admin' sudah ada; tidak diubah." in err and "--reset" in err
    [admin] = stored(database_url)
    assert admin.name == "Administrator" and admin.version == 1
    assert can_log_in(database_url, "admin", PASSWORD) and not can_log_in(database_url, "admin", OTHER_PASSWORD)
    assert len(stored(database_url, AuditLog)) == 1


def test_reset_gives_a_locked_out_deactivated_admin_a_new_password_and_ends_old_sessions(
        database_url, monkeypatch, capsys):
    assert create_admin(monkeypatch, password=PASSWORD) == 0
    engine = make_engine(database_url)
    with Session(engine) as session:  # five wrong passwords locked the account, then someone deactivated it
        admin = users.get_user(session, "admin")
        admin.failed_logins, admin.is_active = 5, False
        admin.locked_until = clock.now() + timedelta(minutes=15)
        session.add(admin)
        session.commit()
    engine.dispose()
    assert not can_log_in(database_url, "admin", PASSWORD)

    assert create_admin(monkeypatch, "--reset", password="lemah") == 2  # the rules apply to a reset too
    assert "Kata sandi admin tidak diganti: Kata sandi paling sedikit 10 karakter" in capsys.readouterr().err
    assert stored(database_url)[0].version == 1

    assert create_admin(monkeypatch, "--reset", stdin=f"{OTHER_PASSWORD}\n{OTHER_PASSWORD}\n") == 0
    out, err = capsys.readouterr()
    assert "Kata sandi admin 'admin' diganti" in out and OTHER_PASSWORD not in out + err
    [admin] = stored(database_url)
    assert admin.is_active and admin.failed_logins == 0 and admin.locked_until is None
    assert can_log_in(database_url, "admin", OTHER_PASSWORD) and not can_log_in(database_url, "admin", PASSWORD)
    assert not users.cookie_still_valid(admin, clock.now() - timedelta(minutes=1))
    rows = stored(database_url, AuditLog)
    assert [(r.username, r.action) for r in rows] == [(CLI_ACTOR_NAME, "create"), (CLI_ACTOR_NAME, "update"),
                                                     (CLI_ACTOR_NAME, "update")]
    assert json.loads(rows[1].after)["password"] == "diganti" and json.loads(rows[2].after)["is_active"] is True
    assert not any(admin.password_hash in (r.after or "") + (r.before or "") for r in rows)


def test_reset_refuses_an_unknown_user_and_a_user_who_is_not_an_admin(database_url, monkeypatch, capsys):
    engine = make_engine(database_url)
    with Session(engine) as session:
        users_admin.create_user(session=session, actor=SYSTEM, data={
            "username": "operator.banjar", "name": "Operator", "role": "operator", "kab_kota_code": "63.71",
            "password": PASSWORD, "password_confirm": PASSWORD})
        session.commit()
    engine.dispose()
    assert create_admin(monkeypatch, "--reset", "--username", "tidak-ada", password=OTHER_PASSWORD) == 2
    assert "Pengguna 'tidak-ada' tidak ada; jalankan tanpa --reset" in capsys.readouterr().err
    assert create_admin(monkeypatch, "--reset", "--username", "operator.banjar", password=OTHER_PASSWORD) == 2
    assert "bukan admin (peran: Operator kab/kota)" in capsys.readouterr().err
    assert can_log_in(database_url, "operator.banjar", PASSWORD)
    [operator] = stored(database_url)
    assert operator.role == "operator" and operator.version == 1
    assert len(stored(database_url, AuditLog)) == 1  # only the operator's creation
