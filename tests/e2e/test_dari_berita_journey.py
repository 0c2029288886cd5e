"""In a real browser: paste a news release, check the proposal, confirm, and find the activity on Kegiatan."""

import re

from playwright.sync_api import expect

from tests.e2e.streamlit_page import ARTIFACTS_DIR, signed_in, wait_idle

TITLE = "LKKS Kalsel Gelar Rakor Evaluasi Bantuan di Martapura"
ARTICLE = f"""{TITLE}

MARTAPURA, kalselprov.go.id - Lembaga Koordinasi Kesejahteraan Sosial (LKKS) Provinsi Kalimantan Selatan \
menggelar rapat koordinasi evaluasi penyaluran bantuan di Aula Barakat, Kabupaten Banjar, Selasa (15/7/2025).

Rakor diikuti 48 orang peserta dari pengurus LKKS kabupaten/kota, Dinas Sosial Kabupaten Banjar dan pengelola LKSA.

Ketua LKKS Kalsel mengatakan rakor membahas pendataan penerima bantuan tahun 2025.
"""


def test_pasted_article_becomes_a_saved_activity_on_the_kegiatan_page(app_server, page):
    signed_in(page, app_server.url, "sekretariat", "/dari-berita")
    page.get_by_label("Teks berita").fill(ARTICLE)
    page.get_by_label("Tautan berita (boleh kosong)").fill("https://kalselprov.go.id/berita/rakor-martapura")
    page.get_by_role("button", name="Baca berita").click()
    wait_idle(page)
    expect(page.get_by_text("Dari berita: “diikuti 48 orang”")).to_be_visible()
    expect(page.get_by_text("Dari berita: “Selasa (15/7/2025)”").first).to_be_visible()
    assert page.get_by_label("Nama kegiatan").input_value() == TITLE
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1366, "height": 2300})  # Streamlit scrolls inside its main block
    wait_idle(page)
    page.screenshot(path=str(ARTIFACTS_DIR / "dari-berita-usulan.png"), full_page=True)

    page.get_by_role("button", name="Konfirmasi dan simpan kegiatan").click()
    wait_idle(page)
    expect(page.get_by_text(f"Kegiatan “{TITLE}” tersimpan")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS_DIR / "dari-berita-tersimpan.png"), full_page=True)

    page.get_by_role("link", name="Lihat di halaman Kegiatan").click()
    wait_idle(page)
    assert page.url.split("?")[0].endswith("/kegiatan")
    page.get_by_label("Cari nama atau tempat").fill("Evaluasi Bantuan di Martapura")
    page.keyboard.press("Enter")
    wait_idle(page)
    expect(page.get_by_text(re.compile(r"^Menampilkan 1 (dari [\d.]+ )?kegiatan"))).to_be_visible()
    grid = page.locator('[data-testid="stDataFrame"]').first
    assert TITLE in grid.text_content()  # the grid draws on a canvas; its accessible table holds the text
    page.screenshot(path=str(ARTIFACTS_DIR / "dari-berita-kegiatan.png"), full_page=True)
