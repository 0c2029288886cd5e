"""Outside demo mode a real browser cannot log in with the demo password, by the form or by a cookie.

The app runs with KESOS_DEMO=0 on a demo database whose accounts have proper passwords; once it has started,
the admin's password is set back to the demo password (as a restored old backup would), so the login path and
the cookie path meet it, not only the start-up check (tests/pages/test_app_auth.py). AppTest cannot see this:
streamlit-authenticator's cookie component runs only in a browser.
"""

import shutil
import sqlite3
import time

import jwt
import pytest
from playwright.sync_api import expect

from kesos import navigation
from kesos.config import DEMO_PASSWORD
from kesos.security import hash_password
from tests.e2e.conftest import COOKIE_KEY, start_server, _require_browser
from tests.e2e.streamlit_page import LOGOUT_BUTTON, log_in, open_app, sidebar_pages, wait_idle

PROPER_PASSWORD = "sandi-produksi-kuat-2026"


def _set_password(db_path, password: str, username: str | None = None) -> None:
    with sqlite3.connect(db_path) as db:
        if username is None:
            db.execute("UPDATE app_user SET password_hash = ?", (hash_password(password),))
        else:
            db.execute("UPDATE app_user SET password_hash = ? WHERE username = ?", (hash_password(password), username))


@pytest.fixture(scope="module")
def production_server(demo_db_template, tmp_path_factory):
    _require_browser()
    folder = tmp_path_factory.mktemp("e2e-production")
    db_path = folder / "kesos.db"
    shutil.copy(demo_db_template, db_path)
    _set_password(db_path, PROPER_PASSWORD)
    server = start_server(db_path, folder / "streamlit.log", demo=False)
    yield server
    server.stop()


@pytest.fixture
def admin_has_demo_password(production_server, browser):
    context = browser.new_context()
    open_app(context.new_page(), production_server.url)  # the app has started with proper passwords only
    context.close()
    _set_password(production_server.db_path, DEMO_PASSWORD, "admin")
    yield production_server
    _set_password(production_server.db_path, PROPER_PASSWORD, "admin")


def _assert_logged_out(page) -> None:
    expect(page.get_by_label("Kata sandi")).to_be_visible()
    assert page.get_by_role("button", name=LOGOUT_BUTTON).count() == 0
    assert sidebar_pages(page) == []


def test_the_demo_password_does_not_log_in_by_the_form_nor_survives_a_reload(admin_has_demo_password, page):
    server = admin_has_demo_password
    open_app(page, server.url)
    log_in(page, "admin", DEMO_PASSWORD, succeeds=False)
    expect(page.get_by_text("Kata sandi demo tidak boleh dipakai di luar mode demo")).to_be_visible()
    page.wait_for_timeout(1500)  # the cookie component, had it been told to write, reruns the script now
    wait_idle(page)
    _assert_logged_out(page)
    assert [c["name"] for c in page.context.cookies() if c["name"] == "kesos_auth"] == []
    page.reload()
    open_app(page, server.url)
    _assert_logged_out(page)


def test_a_valid_cookie_for_an_account_with_the_demo_password_is_refused(admin_has_demo_password, page):
    server = admin_has_demo_password
    token = jwt.encode({"username": "admin", "exp_date": time.time() + 3600}, COOKIE_KEY, algorithm="HS256")
    page.context.add_cookies([{"name": "kesos_auth", "value": token, "url": server.url}])
    open_app(page, server.url)
    _assert_logged_out(page)
    page.reload()
    open_app(page, server.url)
    _assert_logged_out(page)


def test_an_account_with_a_proper_password_still_logs_in_outside_demo_mode(production_server, page):
    open_app(page, production_server.url)
    log_in(page, "sekretariat", PROPER_PASSWORD, succeeds=True)
    assert sidebar_pages(page) == [p.title for p in navigation.pages_for("sekretariat")]


@pytest.mark.parametrize("value", ["bukan.jwt.sama-sekali", "%%%", "a" * 3000,
                                   jwt.encode({"username": "admin"}, COOKIE_KEY, algorithm="HS256")])
def test_a_malformed_cookie_shows_the_login_form_and_no_traceback(production_server, page, value):
    page.context.add_cookies([{"name": "kesos_auth", "value": value, "url": production_server.url}])
    open_app(page, production_server.url)
    _assert_logged_out(page)
    assert page.get_by_test_id("stException").count() == 0
    assert "Traceback" not in page.content()
