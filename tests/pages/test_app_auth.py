"""The app through AppTest: anonymous sessions see only the login; each role sees its pages."""

import pytest
from streamlit.testing.v1 import AppTest
from sqlmodel import Session

from kesos import navigation
from kesos.db import make_engine
from kesos.security import Actor
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
