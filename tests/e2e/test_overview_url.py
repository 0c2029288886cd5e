"""The overview's own path, /ringkasan, typed or bookmarked: it opens the overview at "/" with its filters."""

from urllib.parse import parse_qs, urlparse

from tests.e2e.streamlit_page import log_in, open_app, sidebar_pages


def _not_found(page) -> bool:
    return page.get_by_text("Page not found").count() > 0


def test_a_typed_ringkasan_path_opens_the_overview_before_and_after_login(app_server, page):
    open_app(page, app_server.url, "/ringkasan?tahun=2023")
    assert not _not_found(page)
    assert page.get_by_label("Kata sandi").is_visible()

    log_in(page, "sekretariat")
    page.get_by_role("heading", name="Ringkasan").wait_for()
    address = urlparse(page.url)
    assert address.path == "/" and parse_qs(address.query)["tahun"] == ["2023"]  # the overview's address, filter kept
    assert not _not_found(page)
    assert sidebar_pages(page)[0] == "Ringkasan"
    assert page.locator('[data-testid="stSidebarNav"]').get_by_text("Lainnya").count() == 0  # the alias is hidden

    open_app(page, app_server.url, "/ringkasan?tahun=2022")  # logged in, typed again
    page.wait_for_url(lambda url: urlparse(url).path == "/" and "tahun=2022" in url)
    page.get_by_role("heading", name="Ringkasan").wait_for()
    assert not _not_found(page)
