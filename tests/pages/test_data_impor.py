"""Impor page through AppTest: upload, preview, confirm; scope, stale previews; list pages offer exports."""

import pytest
from sqlmodel import select

from kesos.models import AuditLog, Lks
from kesos.services import lks as lks_service
from tests.pages.datapage import actor_of, button, db, open_page, plain

PAGE = "pages/data/impor.py"
CSV = ("Daftar LKS Kota Banjarmasin\n\n"
       "No;Kabupaten/Kota;Nama LKS;Jenis LKS;Kapasitas;Tanggal terdaftar\n"
       "1;Kota Banjarmasin ;LKSA Impor Satu;LKSA;1.250;10/8/2023\n"
       "2;Banjarmasin;LKSA Impor Dua;Anak;;10 Agustus 2023\n"
       "3;Kota Banjarbaru;LKSA Tetangga;LKSA;;2023-08-10\n")


def upload(at, content: str, name: str = "lks.csv"):
    at.file_uploader[0].upload(name, content.encode("utf-8"), "text/csv")
    return at.run()


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def imported(path) -> list[str]:
    with db(path) as session:
        return sorted(session.exec(select(Lks.name).where(Lks.name.like("LKSA Impor%"))).all())


def test_operator_previews_then_confirms_the_good_rows_and_each_is_audited(app_env):
    at = open_page(app_env, PAGE, "operator")
    assert not at.exception
    assert [b.label for b in at.download_button] == ["Unduh templat Excel"]
    at = upload(at, CSV)
    assert not at.exception, at.exception
    assert metrics(at) == {"Ditambah": "2", "Diubah": "0", "Sudah sama": "0", "Salah": "1"}
    assert "Kota Banjarbaru di luar wilayah Anda" in str(at.table[0].value["Alasan"].tolist())
    assert "Unduh daftar baris salah (.xlsx)" in [b.label for b in at.download_button]
    assert button(at, "Simpan 2 baris").disabled  # not before choosing to skip the refused row
    assert imported(app_env) == []

    at.checkbox(key="impor_skip_errors").check()
    at = at.run()
    button(at, "Simpan 2 baris").click()
    at = at.run()
    assert not at.exception, at.exception
    assert "Impor selesai: 2 baris ditambah, 0 diubah, dari lks.csv." in plain(at)
    assert imported(app_env) == ["LKSA Impor Dua", "LKSA Impor Satu"]
    with db(app_env) as session:
        entries = session.exec(select(AuditLog).where(AuditLog.action == "import")).all()
        assert [(e.username, e.table_name) for e in entries] == [("operator", "lks")] * 2
    assert at.file_uploader[0].value is None  # a fresh uploader for the next file

    at = upload(at, CSV)  # the same file again adds nothing
    assert metrics(at) == {"Ditambah": "0", "Diubah": "0", "Sudah sama": "2", "Salah": "1"}


def test_a_record_saved_by_someone_else_after_the_preview_stops_the_import_with_a_reason(app_env):
    at = open_page(app_env, PAGE, "sekretariat")
    at = upload(at, "Kabupaten/Kota;Nama LKS;Jenis LKS;Kapasitas;Tanggal terdaftar\n"
                    "Kota Banjarmasin;LKSA Impor Baru;LKSA;5;10/8/2023\n"
                    "Kota Banjarmasin;Panti Asuhan Harapan Bangsa;LKSA;77;03/04/2000\n")
    assert metrics(at)["Ditambah"] == "1" and metrics(at)["Diubah"] == "1"
    changes = at.dataframe[1].value
    assert changes[["Kolom", "Menjadi"]].values.tolist()[0] == ["Kapasitas", "77"]
    with db(app_env) as session:  # another user saves the same LKS meanwhile
        record = session.exec(select(Lks).where(Lks.name == "Panti Asuhan Harapan Bangsa")).one()
        data = {f: getattr(record, f) for f in lks_service.FIELDS} | {"capacity": 31}
        lks_service.update_lks(session=session, actor=actor_of(app_env, "operator"), lks_id=record.id, data=data,
                               expected_version=record.version)
        session.commit()
    button(at, "Simpan 2 baris").click()
    at = at.run()
    assert not at.exception
    assert "Data berubah sejak pratinjau" in plain(at)
    assert imported(app_env) == []
    with db(app_env) as session:
        assert session.exec(select(Lks.capacity).where(Lks.name == "Panti Asuhan Harapan Bangsa")).one() == 31


def test_leaders_cannot_open_the_import_page(app_env):
    at = open_page(app_env, PAGE, "pimpinan")
    assert "Anda tidak punya akses ke halaman ini." in plain(at)
    assert not at.file_uploader


def test_a_file_without_the_columns_is_explained(app_env):
    at = upload(open_page(app_env, PAGE, "sekretariat"), "nama;alamat\nA;B\n")
    assert "Baris judul kolom tidak ditemukan" in plain(at) and not at.metric


@pytest.mark.parametrize("script", ["lks", "bantuan", "kegiatan", "cabang", "permohonan", "penerima_manfaat",
                                    "donatur"])
def test_every_list_page_offers_what_it_shows_as_excel_and_csv(app_env, script):
    at = open_page(app_env, f"pages/data/{script}.py", "sekretariat")
    assert not at.exception, at.exception
    labels = [b.label for b in at.download_button]
    assert labels.count("Excel") >= 1 and labels.count("Excel") == labels.count("CSV"), labels


def test_the_riwayat_of_a_record_changed_by_an_import_shows_what_changed(app_env):
    from kesos.db import make_engine
    from tests.importer.helpers import run_import

    engine = make_engine(f"sqlite:///{app_env}")
    run_import(engine, actor_of(app_env, "operator"), "lks", "x.csv", (
        "Kabupaten/Kota;Nama LKS;Jenis LKS;Kapasitas;Tanggal terdaftar\n"
        "Kota Banjarmasin;Panti Asuhan Harapan Bangsa;LKSA;99;03/04/2000\n").encode())
    engine.dispose()
    at = open_page(app_env, "pages/data/lks.py", "operator")
    names = at.dataframe[0].value["name"].tolist()
    at.session_state["lks_table"] = {"selection": {"rows": [names.index("Panti Asuhan Harapan Bangsa")],
                                                   "columns": [], "cells": []}}
    at = at.run()
    assert "diimpor" in plain(at)
    assert "capacity: 76 → 99" in "\n".join(t.value for t in at.text)
