"""Dashboards in a real browser: a shared link reopens its view, a chart downloads as PNG, and Mode Rakor
fills a 1280x720 projector without the sidebar. Screenshots land in test-artifacts/ for a look."""

import re

from playwright.sync_api import expect

from tests.e2e.streamlit_page import ARTIFACTS_DIR, signed_in, wait_idle

RISE = "LKS di Kalsel naik dari 154 (2023) menjadi 199 (2025)"


def test_a_shared_dashboard_link_reopens_the_same_view_and_downloads_the_chart(app_server, page):
    signed_in(page, app_server.url, "sekretariat", "/dasbor-lks?prov=63&dari=2023&tahun=2025&jenis=anak")
    assert "dari=2023" in page.url and "jenis=anak" in page.url
    page.get_by_role("combobox", name="Jenis LKS").click()
    page.get_by_role("option", name="Semua jenis").click()
    expect(page).not_to_have_url(re.compile("jenis="))
    expect(page.get_by_text(RISE)).to_be_visible()
    wait_idle(page)
    page.reload()
    expect(page.get_by_text(RISE)).to_be_visible()
    wait_idle(page)
    assert "dari=2023" in page.url and "tahun=2025" in page.url
    with page.expect_download() as download:
        page.locator('[data-testid="stDownloadButton"] button', has_text="PNG").first.click()
    path = download.value.path()
    assert download.value.suggested_filename == "lks-per-tahun-kalsel-2023-2025.png"
    assert open(path, "rb").read(8) == b"\x89PNG\r\n\x1a\n"
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS_DIR / "dasbor-lks.png"), full_page=True)


def test_mode_rakor_fills_a_projector_without_the_sidebar(app_server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="id-ID")
    page = context.new_page()
    try:
        signed_in(page, app_server.url, "pimpinan", "/rakor?prov=63&dari=2023&tahun=2025")
        page.get_by_role("button", name="Mulai presentasi").click()
        expect(page).to_have_url(re.compile("slide=1"))
        expect(page.get_by_text(RISE)).to_be_visible()
        wait_idle(page)
        expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
        chart = page.locator('[data-testid="stVegaLiteChart"]').bounding_box()
        assert chart["width"] > 1100  # the whole width, not beside a sidebar
        next_button = page.get_by_role("button", name="Berikutnya")
        assert next_button.bounding_box()["y"] + next_button.bounding_box()["height"] <= 720  # no scrolling
        ARTIFACTS_DIR.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS_DIR / "rakor-1.png"))
        next_button.click()
        expect(page).to_have_url(re.compile("slide=2"))
        expect(page.get_by_text("LKS terbanyak di")).to_be_visible()
        wait_idle(page)
        page.reload()  # a refresh keeps the slide
        expect(page.get_by_text("LKS terbanyak di")).to_be_visible()
        wait_idle(page)
        assert "slide=2" in page.url
        page.screenshot(path=str(ARTIFACTS_DIR / "rakor-2.png"))
    finally:
        context.close()
