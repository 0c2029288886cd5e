"""A record list in Chromium: its filters live in the URL and survive a reload, an operator's crafted URL shows
nothing of another kab/kota, the table uses the screen, and a save is confirmed right under its Simpan."""

import re
import sqlite3

from playwright.sync_api import expect

from tests.e2e.streamlit_page import ARTIFACTS_DIR, signed_in, wait_idle


def _count(page) -> tuple[int, int]:
    text = page.get_by_text(re.compile(r"^Menampilkan [\d.]+")).first.inner_text()
    m = re.match(r"Menampilkan ([\d.]+)(?: dari ([\d.]+))?", text)
    return int(m[1].replace(".", "")), int((m[2] or m[1]).replace(".", ""))


def _rows(db_path, sql: str) -> int:
    with sqlite3.connect(db_path) as connection:
        return connection.execute(sql).fetchone()[0]


def test_lks_filters_in_the_url_survive_a_reload_and_a_filter_picked_goes_into_the_url(app_server, page):
    signed_in(page, app_server.url, "sekretariat", "/lks?kab=63.71&cari=panti")
    expected = _rows(app_server.db_path, "SELECT count(*) FROM lks WHERE deleted_at IS NULL AND kab_kota_code = "
                                         "'63.71' AND (lower(name) LIKE '%panti%' OR lower(address) LIKE '%panti%')")
    total = _rows(app_server.db_path, "SELECT count(*) FROM lks WHERE deleted_at IS NULL AND kab_kota_code LIKE '63.%'")
    assert _count(page) == (expected, total)
    expect(page.get_by_label("Cari nama atau alamat")).to_have_value("panti")
    # A page load runs the script twice (the login cookie's component asks for a second run ~1.5 s later); a pick
    # made before that run was seen losing the URL's search and kab/kota under CI's load (noted, to be fixed).
    page.wait_for_timeout(2500)
    wait_idle(page)
    box = page.get_by_role("combobox", name="Jenis", exact=True)
    box.click()
    box.fill("LKS Anak")
    page.keyboard.press("Enter")
    wait_idle(page)
    expect(page).to_have_url(re.compile(r"jenis=anak"))
    narrowed = _count(page)
    page.reload()
    expect(page.get_by_role("button", name="Keluar")).to_be_attached()
    wait_idle(page)
    assert _count(page) == narrowed and narrowed[0] <= expected
    expect(page).to_have_url(re.compile(r"kab=63\.71"))
    page.set_viewport_size({"width": 1440, "height": 900})
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS_DIR / "lks-list-filtered.png"), full_page=True)


def test_an_operators_crafted_url_for_another_kab_kota_shows_none_of_it(app_server, page):
    signed_in(page, app_server.url, "operator", "/lks?kab=63.72&prov=61")
    own = _rows(app_server.db_path, "SELECT count(*) FROM lks WHERE deleted_at IS NULL AND kab_kota_code = '63.71'")
    assert _count(page) == (own, own)
    table = page.get_by_test_id("stDataFrame").first
    expect(table).to_be_visible()
    expect(page.get_by_text("Kota Banjarbaru")).to_have_count(0)
    expect(page.get_by_text("Kota Pontianak")).to_have_count(0)


def test_a_long_list_is_twenty_rows_tall(app_server, page):
    signed_in(page, app_server.url, "pimpinan", "/permohonan")
    table = page.get_by_test_id("stDataFrame").first
    expect(table).to_be_visible()
    height = table.bounding_box()["height"]
    assert abs(height - (21 * 35 + 3)) <= 4, height


def test_an_activity_saved_is_confirmed_right_under_its_simpan_and_named(app_server, page):
    signed_in(page, app_server.url, "sekretariat", "/kegiatan")
    page.get_by_role("heading", name="Tambah kegiatan").wait_for()
    page.get_by_label("Nama kegiatan", exact=True).fill("Rakor konfirmasi peramban")
    kind = page.get_by_role("combobox", name="Jenis kegiatan", exact=True)
    kind.click()
    kind.fill("Rakor")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Simpan", exact=True).click()
    message = page.get_by_test_id("stAlertContentSuccess").filter(has_text="Kegiatan “Rakor konfirmasi peramban” "
                                                                           "tersimpan.")
    expect(message).to_be_visible()
    wait_idle(page)
    button = page.get_by_role("button", name="Simpan", exact=True).bounding_box()
    said = message.bounding_box()
    assert 0 <= said["y"] - (button["y"] + button["height"]) <= 80, (button, said)  # under the button pressed
    expect(page.get_by_test_id("stDataFrame").first.get_by_text("Rakor konfirmasi peramban")).to_be_attached()
    page.screenshot(path=str(ARTIFACTS_DIR / "kegiatan-tersimpan.png"), full_page=True)
