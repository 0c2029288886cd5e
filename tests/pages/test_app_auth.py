"""The app through AppTest: anonymous sessions see only the login; each role sees its pages."""

import pytest
from streamlit.testing.v1 import AppTest
from sqlmodel import Session

from kesos import config, navigation, users
from kesos.db import make_engine, session_scope
from kesos.security import Actor
from kesos.services import users_admin
from kesos.users import get_user
from tests.pages.apptest import ROOT, fill_login, logged_in, new_app, texts


def test_anonymous_session_gets_the_login_form_and_nothing_else(app_env):
    at = new_app().run()
    assert not at.exception
    assert [w.label for w in at.text_input] == ["Nama pengguna", "Kata sandi"]
    assert "Masuk ke Kesos" in texts(at)
    assert not at.metric and not at.get("arrow_vega_lite_chart")


@pytest.mark.parametrize("spec", navigation.PAGES, ids=lambda spec: spec.key)
def test_every_page_script_refuses_an_anonymous_session(app_env, spec):
    at = AppTest.from_file(str(ROOT / spec.script), default_timeout=60).run()
    assert not at.exception
    assert [e.value for e in at.error] == ["Silakan masuk terlebih dahulu."]
    assert not at.metric and not at.text_input and not at.get("arrow_vega_lite_chart")


def test_login_puts_the_role_in_session_state(app_env):
    at = logged_in("sekretariat")
    assert not at.exception
    assert at.session_state["authentication_status"] is True
    assert at.session_state["username"] == "sekretariat"
    assert at.session_state["roles"] == ["sekretariat"]
    assert at.session_state["kesos_actor"].province_code == "63"
    assert "Ringkasan" in texts(at)


def test_wrong_password_is_refused_and_counted(app_env):
    at = logged_in("pimpinan", "salah-sandi")
    assert not at.exception
    assert "Nama pengguna atau kata sandi salah." in texts(at)
    assert at.session_state["authentication_status"] is False
    with Session(make_engine(f"sqlite:///{app_env}")) as session:
        assert get_user(session, "pimpinan").failed_logins == 1


def test_repeated_wrong_passwords_lock_the_account(app_env):
    at = new_app().run()
    for _ in range(5):
        fill_login(at, "operator", "salah-sandi")
    fill_login(at, "operator", "kesos-demo")
    assert at.session_state["authentication_status"] is not True
    assert "dikunci sementara" in texts(at)


ROLES = ["admin", "sekretariat", "operator", "pimpinan"]  # the demo account of each role has its name


@pytest.mark.parametrize("role", ROLES)
def test_each_role_is_logged_in_with_its_pages(app_env, role):
    at = logged_in(role)
    assert not at.exception
    assert at.session_state["kesos_actor"].role == role


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("spec", navigation.PAGES, ids=lambda spec: spec.key)
def test_every_page_runs_for_every_role_without_an_exception(app_env, spec, role):
    """Each page script as each role sees it: it draws without raising, or refuses a role it is not for."""
    with Session(make_engine(f"sqlite:///{app_env}")) as session:
        actor = Actor.from_user(get_user(session, role))
    page = AppTest.from_file(str(ROOT / spec.script), default_timeout=60)
    page.session_state["kesos_actor"] = actor
    page.run()
    assert not page.exception, [e.message for e in page.exception]
    refused = "Anda tidak punya akses ke halaman ini." in [e.value for e in page.error]
    assert refused == (role not in spec.roles), spec.key


def test_leader_sees_headline_figures_on_the_overview(app_env):
    at = logged_in("pimpinan")
    labels = [m.label for m in at.metric]
    assert labels == ["LKS terdaftar", "Penerima manfaat", "Nilai bantuan", "Kegiatan", "Cabang terbentuk"]


def test_outside_demo_mode_the_app_refuses_to_start_while_an_account_has_the_demo_password(app_env, monkeypatch):
    monkeypatch.setenv("KESOS_DEMO", "0")
    config.settings.cache_clear()
    at = new_app().run()
    assert not at.exception
    message = texts(at)
    assert "masih memakai kata sandi demo" in message and "admin" in message
    assert "python -m kesos create-admin --reset" in message and "python -m kesos demo-remove" in message
    assert not at.text_input  # no login form


def test_a_logout_elsewhere_or_a_password_reset_ends_this_open_session_at_its_next_rerun(app_env):
    at = logged_in("sekretariat")
    assert at.session_state["authentication_status"] is True
    engine = make_engine(f"sqlite:///{app_env}")
    with session_scope(engine) as session:
        users.end_sessions(session, "sekretariat")  # the same account logged out in another tab
    at.run()
    assert not at.exception
    assert at.session_state["authentication_status"] is not True
    assert [w.label for w in at.text_input] == ["Nama pengguna", "Kata sandi"]
    assert "Sesi Anda sudah berakhir" in texts(at)

    at = logged_in("pimpinan")
    with session_scope(engine) as session:
        user = users.get_user(session, "pimpinan")
        users_admin.reset_password(session=session, actor=Actor("admin", "admin"), user_id=user.id,
                                   new_password="sandi-baru-pimpinan-1", expected_version=user.version)
    at.run()
    assert at.session_state["authentication_status"] is not True and not at.metric
    engine.dispose()
