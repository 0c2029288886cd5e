"""Impor in a real browser: an operator uploads a messy file, reads the preview, confirms the good rows."""

from playwright.sync_api import expect

from tests.e2e.streamlit_page import ARTIFACTS_DIR, signed_in, wait_idle

MESSY = ("Daftar LKS Kota Banjarmasin 2024\n\n"
         "No;Kabupaten/Kota;Nama LKS;Jenis LKS;Kapasitas;Tanggal terdaftar\n"
         "1;Kota Banjarmasin ;LKSA Peramban Satu;LKSA;1.250;10/8/2023\n"
         "2;63.71;LKSA Peramban Dua;Anak;;10 Agustus 2023\n"
         "3;Kota Banjarmasin;Panti Asuhan Harapan Bangsa;LKSA;99;03/04/2000\n"
         "4;Kota Banjarbaru;LKSA Tetangga;LKSA;;2023-08-10\n"
         "5;Banjar;LKSA Kembar;LKSA;1,5;10/8/23\n")


def test_operator_uploads_previews_and_confirms_an_import(app_server, page, tmp_path):
    file = tmp_path / "lks-banjarmasin.csv"
    file.write_text(MESSY, encoding="utf-8")
    signed_in(page, app_server.url, "operator", "/impor")
    page.get_by_role("heading", name="Impor dari Excel atau CSV").wait_for(timeout=60000)
    page.locator('[data-testid="stFileUploader"] input[type=file]').set_input_files(str(file))
    wait_idle(page)
    page.get_by_text("Salah (2)").wait_for(timeout=60000)
    expect(page.get_by_text("Judul kolom di baris 3")).to_be_visible()
    page.get_by_role("tab", name="Diubah (1)").click()
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS_DIR / "impor-pratinjau-diubah.png"), full_page=True)
    page.get_by_role("tab", name="Salah (2)").click()
    page.screenshot(path=str(ARTIFACTS_DIR / "impor-pratinjau-salah.png"), full_page=True)
    page.get_by_text("Simpan baris yang benar saja").click()
    wait_idle(page)
    page.get_by_role("button", name="Simpan 3 baris").click()
    wait_idle(page)
    page.get_by_text("Impor selesai: 2 baris ditambah, 1 diubah").wait_for(timeout=60000)
    page.screenshot(path=str(ARTIFACTS_DIR / "impor-selesai.png"), full_page=True)
