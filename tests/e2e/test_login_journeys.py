"""Journeys through login in a real browser: each role, refresh, deep links, logout, wrong password."""

import pytest

from kesos import navigation
from tests.e2e.streamlit_page import ARTIFACTS_DIR, log_in, open_app, sidebar_pages, wait_idle

ROLES = {"admin": "admin", "sekretariat": "sekretariat", "operator": "operator", "pimpinan": "pimpinan"}


def test_anonymous_visitor_sees_only_the_login_form_on_every_page_url(app_server, page):
    for spec in navigation.PAGES:
        open_app(page, app_server.url, f"/{spec.key}")
        assert page.get_by_label("Kata sandi").is_visible(), spec.key
        assert sidebar_pages(page) == []
        assert page.get_by_text("Cabang terbentuk").count() == 0


@pytest.mark.parametrize("role", list(ROLES))
def test_each_role_logs_in_and_sees_only_its_pages(app_server, page, role):
    open_app(page, app_server.url)
    log_in(page, ROLES[role])
    expected = [p.title for p in navigation.pages_for(role)]
    assert sidebar_pages(page) == expected
    assert page.get_by_role("heading", name="Ringkasan").is_visible()
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS_DIR / f"ringkasan-{role}.png"), full_page=True)


def test_wrong_password_is_refused_in_indonesian(app_server, page):
    open_app(page, app_server.url)
    log_in(page, "sekretariat", "bukan-sandinya")
    assert page.get_by_text("Nama pengguna atau kata sandi salah.").is_visible()
    assert page.get_by_label("Kata sandi").is_visible()


def test_refresh_keeps_the_login_and_the_view(app_server, page):
    open_app(page, app_server.url, "/?tahun=2023")
    log_in(page, "sekretariat")
    assert "tahun=2023" in page.url
    page.reload()
    wait_idle(page)
    assert page.get_by_label("Kata sandi").count() == 0
    assert page.get_by_role("heading", name="Ringkasan").is_visible()
    assert "tahun=2023" in page.url


def test_deep_link_opens_the_page_after_login_and_after_refresh(app_server, page):
    target = next(p for p in navigation.pages_for("pimpinan") if p.key != navigation.PAGES[0].key)
    open_app(page, app_server.url, f"/{target.key}")
    log_in(page, "pimpinan")
    assert page.url.split("?")[0].endswith(f"/{target.key}")
    page.reload()
    wait_idle(page)
    assert page.url.split("?")[0].endswith(f"/{target.key}")
    assert page.get_by_label("Kata sandi").count() == 0


def test_one_click_logs_out_and_a_refresh_does_not_log_back_in(app_server, page):
    open_app(page, app_server.url)
    log_in(page, "operator")
    page.get_by_role("button", name="Keluar").click()
    wait_idle(page)
    assert page.get_by_label("Kata sandi").is_visible()
    page.reload()
    wait_idle(page)
    assert page.get_by_label("Kata sandi").is_visible()
    assert sidebar_pages(page) == []


def test_a_role_cannot_open_a_page_it_may_not_use_by_url(app_server, page):
    forbidden = [p for p in navigation.PAGES if "pimpinan" not in p.roles]
    if not forbidden:
        pytest.skip("every page is open to leaders so far")
    open_app(page, app_server.url)
    log_in(page, "pimpinan")
    open_app(page, app_server.url, f"/{forbidden[0].key}")
    assert page.get_by_text("Anda tidak punya akses ke halaman ini.").is_visible()
