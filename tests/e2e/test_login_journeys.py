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
# drawing the form), and AppTest runs every page script without a login and sees it refused
# (tests/pages/test_app_auth.py). In the browser, a few URLs of each kind: the root, a dashboard link shared
# with its filters, a data page with a crafted filter, a page only writers have, an admin page.
ANONYMOUS_URLS = ["/", "/dasbor-lks?prov=63&dari=2023&tahun=2025&jenis=anak", "/penerima-manfaat?kab=63.71",
                  "/impor", "/pengguna"]


def test_anonymous_visitor_sees_only_the_login_form_on_every_kind_of_page_url(app_server, page):
    assert {url.split("?")[0].strip("/") for url in ANONYMOUS_URLS} - {""} <= {p.key for p in navigation.PAGES}
    for url in ANONYMOUS_URLS:
        open_app(page, app_server.url, url)
        expect(page.get_by_label("Kata sandi")).to_be_visible()
        assert sidebar_pages(page) == [], url
        assert page.get_by_text("Cabang terbentuk").count() == 0, url
        assert page.get_by_test_id("stMetric").count() == 0 and page.get_by_test_id("stDataFrame").count() == 0, url


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
