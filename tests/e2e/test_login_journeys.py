"""Journeys through login in a real browser: each role, refresh, deep links, wrong password.

Elsewhere in the browser: the operator's form login and exact page list, and one-click logout that a new
load of the URL does not undo (test_journeys.py, operator journey); a leader refused a page by URL (leader
journey there); the lockout and forged or expired cookies (test_journeys.py).
"""

import pytest
from playwright.sync_api import expect

from kesos import navigation
from tests.e2e.streamlit_page import ARTIFACTS_DIR, log_in, open_app, sidebar_pages, wait_idle

# The operator logs in through the form, and its page list is checked, in test_journeys.py.
ROLES = ["admin", "sekretariat", "pimpinan"]
# app.py answers every URL of an anonymous visitor with the same login page (one st.Page per page key, all
# drawing the form); AppTest also runs every page script without a login and sees it refused
# (tests/pages/test_app_auth.py). In the browser: a deep link to every page of the app, the root, and a few
# links as they are shared, with filters (a crafted kab/kota too).
ANONYMOUS_URLS = ["/", *(f"/{p.key}" for p in navigation.PAGES),
                  "/dasbor-lks?prov=63&dari=2023&tahun=2025&jenis=anak", "/penerima-manfaat?kab=63.71"]


def test_a_deep_link_to_every_page_shows_an_anonymous_visitor_the_login_form_and_nothing_of_the_page(
        app_server, page):
    def headings() -> list[str]:
        return [h.strip() for h in page.get_by_role("heading").all_inner_texts()]

    open_app(page, app_server.url, "/")
    login_headings = headings()
    assert login_headings[0] == "Kesos", login_headings
    for url in ANONYMOUS_URLS:
        open_app(page, app_server.url, url)
        expect(page.get_by_label("Kata sandi")).to_be_visible()
        assert page.get_by_role("button", name="Keluar").count() == 0, url
        assert sidebar_pages(page) == [], url
        # Nothing a page script draws: its heading, its refusal (a script run without app.py's login),
        # figures, tables, charts, forms other than the login.
        assert headings() == login_headings, url
        assert page.get_by_text("Silakan masuk terlebih dahulu").count() == 0, url
        for test_id in ("stMetric", "stDataFrame", "stVegaLiteChart", "stFileUploader", "stTabs"):
            assert page.get_by_test_id(test_id).count() == 0, (url, test_id)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_logs_in_and_sees_only_its_pages(app_server, page, role):
    open_app(page, app_server.url)
    log_in(page, role)
    expected = [p.title for p in navigation.pages_for(role)]
    assert sidebar_pages(page) == expected
    expect(page.get_by_role("heading", name="Ringkasan")).to_be_visible()
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS_DIR / f"ringkasan-{role}.png"), full_page=True)


def test_wrong_password_is_refused_in_indonesian(app_server, page):
    open_app(page, app_server.url)
    log_in(page, "sekretariat", "bukan-sandinya")
    expect(page.get_by_text("Nama pengguna atau kata sandi salah.")).to_be_visible()
    expect(page.get_by_label("Kata sandi")).to_be_visible()
    assert sidebar_pages(page) == []


def test_refresh_keeps_the_login_and_the_view(app_server, page):
    open_app(page, app_server.url, "/?tahun=2023")
    log_in(page, "sekretariat")
    assert "tahun=2023" in page.url
    page.reload()
    expect(page.get_by_role("heading", name="Ringkasan")).to_be_visible()
    wait_idle(page)
    assert page.get_by_label("Kata sandi").count() == 0
    assert "tahun=2023" in page.url


def test_deep_link_opens_the_page_after_login_and_after_refresh(app_server, page):
    target = next(p for p in navigation.pages_for("pimpinan") if p.key != navigation.PAGES[0].key)
    open_app(page, app_server.url, f"/{target.key}")
    log_in(page, "pimpinan")
    assert page.url.split("?")[0].endswith(f"/{target.key}")
    expect(page.get_by_role("heading", name=target.title)).to_be_visible()
    page.reload()
    expect(page.get_by_role("heading", name=target.title)).to_be_visible()
    wait_idle(page)
    assert page.url.split("?")[0].endswith(f"/{target.key}")
    assert page.get_by_label("Kata sandi").count() == 0
