"""The Laporan page (every role) and the admin's Cadangan database page, through AppTest."""

import sqlite3

from sqlmodel import select

from kesos import backup
from kesos.db import make_engine
from kesos.models import ReportSnapshot
from tests.pages.apptest import texts
from tests.pages.datapage import button, db, open_page, widget

LAPORAN = "pages/laporan/laporan.py"
CADANGAN = "pages/admin/cadangan.py"


def _snapshots(path) -> list[ReportSnapshot]:
    with db(path) as session:
        return list(session.exec(select(ReportSnapshot).order_by(ReportSnapshot.id)))


def test_secretariat_makes_an_excel_report_that_is_numbered_kept_and_listed(app_env):
    at = open_page(app_env, LAPORAN, "sekretariat")
    assert not at.exception
    widget(at.selectbox, "Dari tahun").set_value(2023)
    widget(at.selectbox, "Sampai tahun").set_value(2023)
    at.run()
    button(at, "Buat laporan Excel").click()
    at.run()
    assert not at.exception
    [snapshot] = _snapshots(app_env)
    assert (snapshot.username, snapshot.province_code, snapshot.kab_kota_code, snapshot.format) == (
        "sekretariat", "63", None, "xlsx")
    assert (snapshot.period_start.year, snapshot.period_end.year) == (2023, 2023)
    assert f"Laporan No. {snapshot.id} sudah dibuat dan disimpan." in texts(at)
    labels = [b.label for b in at.get("download_button")]
    assert f"Unduh {snapshot.filename}" in labels and "Unduh" in labels
    listed = at.dataframe[0].value
    assert list(listed["number"]) == [snapshot.id] and listed["wilayah"][0] == "Provinsi Kalimantan Selatan"
    assert snapshot.sha256 in texts(at)


def test_an_operator_reports_on_its_own_kab_kota_and_cannot_open_backups(app_env):
    at = open_page(app_env, LAPORAN, "operator")
    assert widget(at.selectbox, "Kabupaten/kota").options == ["Kota Banjarmasin"]
    button(at, "Buat laporan Excel").click()
    at.run()
    assert not at.exception
    [snapshot] = _snapshots(app_env)
    assert snapshot.kab_kota_code == "63.71" and snapshot.username == "operator"

    denied = open_page(app_env, CADANGAN, "operator")
    assert "Anda tidak punya akses ke halaman ini." in texts(denied)
    assert not [b for b in denied.button if b.label == "Buat cadangan sekarang"]


def test_a_leader_sees_only_reports_of_places_it_may_see(app_env):
    at = open_page(app_env, LAPORAN, "operator_pontianak")
    button(at, "Buat laporan Excel").click()
    at.run()
    at = open_page(app_env, LAPORAN, "operator")
    assert "Belum ada laporan yang dibuat untuk wilayah Anda." in texts(at)
    at = open_page(app_env, LAPORAN, "pimpinan")
    assert list(at.dataframe[0].value["wilayah"]) == ["Kota Pontianak"]


def test_admin_downloads_a_backup_and_restores_it_and_a_wrong_file_is_refused_beside_the_field(app_env, tmp_path):
    engine = make_engine(f"sqlite:///{app_env}")
    earlier = backup.backup_to(engine, tmp_path / "earlier.db")
    engine.dispose()
    with sqlite3.connect(app_env) as connection:
        connection.execute("UPDATE lks SET name = 'Diubah sesudah cadangan' WHERE id = 1")

    at = open_page(app_env, CADANGAN, "admin")
    assert not at.exception
    button(at, "Buat cadangan sekarang").click()
    at.run()
    assert any(b.label.startswith("Unduh kesos-cadangan-") for b in at.get("download_button"))

    at.file_uploader[0].set_value(("catatan.db", b"bukan database", "application/octet-stream"))
    at.checkbox[0].check()
    button(at, "Pulihkan database").click()
    at.run()
    assert "Berkas ini bukan database SQLite" in texts(at).replace("\\", "")

    at.file_uploader[0].set_value(("earlier.db", earlier.read_bytes(), "application/octet-stream"))
    at.checkbox[0].check()
    button(at, "Pulihkan database").click()
    at.run()
    assert not at.exception
    assert "Database dipulihkan dari earlier.db" in texts(at)
    with sqlite3.connect(app_env) as connection:
        assert connection.execute("SELECT name FROM lks WHERE id = 1").fetchone()[0] != "Diubah sesudah cadangan"
    kept = list(app_env.parent.glob("kesos.sebelum-pemulihan-*.db"))
    assert len(kept) == 1
    with sqlite3.connect(kept[0]) as connection:
        assert connection.execute("SELECT name FROM lks WHERE id = 1").fetchone()[0] == "Diubah sesudah cadangan"


def test_restore_needs_the_confirmation(app_env, tmp_path):
    engine = make_engine(f"sqlite:///{app_env}")
    earlier = backup.backup_to(engine, tmp_path / "earlier.db")
    engine.dispose()
    at = open_page(app_env, CADANGAN, "admin")
    at.file_uploader[0].set_value(("earlier.db", earlier.read_bytes(), "application/octet-stream"))
    button(at, "Pulihkan database").click()
    at.run()
    assert "Centang pernyataan ini untuk memulihkan." in texts(at).replace("\\", "")
    assert not list(app_env.parent.glob("kesos.sebelum-pemulihan-*.db"))
