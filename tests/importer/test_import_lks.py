"""Importing the LKS registry from messy hand-written files: preview, confirm, twice, halfway, scope."""

import io
from dataclasses import replace
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import event, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, func, select

from kesos import export, importer
from kesos.db import session_scope
from kesos.errors import ConflictError, PermissionDenied, ValidationError
from kesos.importer import lks as lks_kind
from kesos.models import AuditLog, Lks
from kesos.services import lks as lks_service
from tests.importer.helpers import (OPERATOR, PIMPINAN, SEKRETARIAT, csv_bytes, errors_of, preview, run_import,
                                    xlsx)

HEADER = ["No", "Kabupaten/Kota", "Nama LKS", "Jenis LKS", "Alamat", "Kapasitas", "Tanggal terdaftar"]


def messy_workbook() -> bytes:
    """A branch's registry: a title, a note and a blank line above the header, spaces, gaps, every spelling."""
    return xlsx([
        ["DAFTAR LKS KALIMANTAN SELATAN TAHUN 2023"],
        ["Sumber: Dinas Sosial kab/kota, dihimpun sekretariat"],
        [],
        HEADER,
        [1, "Kota Banjarmasin ", "  Panti Asuhan Al-Ikhlas  ", "LKSA", "Jl. Veteran No. 5 ", "1.250", "10/8/2023"],
        [],
        [2, "KABUPATEN BANJAR", "Panti Wreda Budi Luhur", "Lanjut Usia", None, 40, "10 Agustus 2023"],
        [3, "Kab. Tanah Laut", "LKS Disabilitas Mandiri", "disabilitas", "", 25.0, "2023-08-10"],
        [4, "63.04", "Yayasan Rehabilitasi Napza Bersinar", "NAPZA", None, None, date(2021, 3, 1)],
        [None, None, None, None, None, None, None],
        [5, "Banjar", "Panti Kembar", "LKSA", None, None, "10/8/2023"],
        [6, "Kota Banjarbaru", "Panti Koma", "LKSA", None, "1,250", "10/8/23"],
        [7, "Kota Banjarbaru", "Panti Jenis Aneh", "Rumah singgah", None, None, "10/8/2023"],
        [8, "Kota Pontianak", "Panti Provinsi Lain", "LKSA", None, None, "10/8/2023"],
        [9, "Kota Banjarbaru", None, "LKSA", None, None, "31/2/2023"],
    ])


def test_a_messy_workbook_is_read_from_its_header_row_and_each_bad_cell_gets_its_reason(empty_engine):
    shown = preview(empty_engine, SEKRETARIAT, "lks", "lks kalsel.xlsx", messy_workbook())
    assert shown.table.header_row == 4 and shown.table.ignored == ("No",)
    assert shown.counts == {"add": 4, "change": 0, "same": 0, "error": 5}
    assert [r.summary for r in shown.of(importer.ADD)] == [
        "Panti Asuhan Al-Ikhlas · Kota Banjarmasin", "Panti Wreda Budi Luhur · Kabupaten Banjar",
        "LKS Disabilitas Mandiri · Kabupaten Tanah Laut", "Yayasan Rehabilitasi Napza Bersinar · Kabupaten Barito Kuala"]
    errors = errors_of(shown)
    assert "tidak jelas" in errors[11]["Kabupaten/Kota"] and "Kota Banjar" in errors[11]["Kabupaten/Kota"]
    assert "koma adalah tanda desimal" in errors[12]["Kapasitas"]
    assert "4 angka" in errors[12]["Tanggal terdaftar"]
    assert "Jenis LKS “Rumah singgah” tidak dikenal" in errors[13]["Jenis LKS"]
    assert "di luar wilayah Anda" in errors[14]["Kabupaten/Kota"]
    assert errors[15] == {"Nama LKS": "Nama LKS wajib diisi.",
                          "Tanggal terdaftar": "Tanggal terdaftar “31/2/2023” bukan tanggal yang ada (dibaca "
                                               "hari/bulan/tahun)."}
    sheet = load_workbook(io.BytesIO(shown.errors_xlsx())).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3)]
    assert rows[0] == ["Baris", "Kolom", "Isi di berkas", "Alasan"]
    assert [11, "Kabupaten/Kota", "Banjar"] == rows[1][:3]


def test_confirming_writes_the_clean_values_and_the_same_file_twice_adds_nothing(empty_engine):
    first, counts = run_import(empty_engine, SEKRETARIAT, "lks", "lks.xlsx", messy_workbook(), skip_errors=True)
    assert counts["add"] == 4
    with Session(empty_engine) as session:
        stored = {lks.name: lks for lks in session.exec(select(Lks))}
        audits = session.exec(select(func.count()).select_from(AuditLog)).one()
    ikhlas = stored["Panti Asuhan Al-Ikhlas"]
    assert (ikhlas.kab_kota_code, ikhlas.lks_type, ikhlas.capacity, ikhlas.address, ikhlas.registered_on) == (
        "63.71", "anak", 1250, "Jl. Veteran No. 5", date(2023, 8, 10))
    assert (ikhlas.registration_status, ikhlas.accreditation, ikhlas.is_active) == ("terdaftar", "belum", True)
    assert stored["Yayasan Rehabilitasi Napza Bersinar"].kab_kota_code == "63.04"  # Barito Kuala
    assert audits == 4

    second, counts = run_import(empty_engine, SEKRETARIAT, "lks", "lks.xlsx", messy_workbook(), skip_errors=True)
    assert counts == {"add": 0, "change": 0, "same": 4, "error": 5}
    with Session(empty_engine) as session:
        assert session.exec(select(func.count()).select_from(Lks)).one() == 4
        assert session.exec(select(func.count()).select_from(AuditLog)).one() == 4


def test_a_row_for_a_stored_lks_shows_old_and_new_and_an_empty_cell_keeps_the_stored_value(empty_engine):
    run_import(empty_engine, SEKRETARIAT, "lks", "a.csv", csv_bytes(
        "Kabupaten/Kota;Nama LKS;Jenis LKS;Alamat;Kapasitas;Tanggal terdaftar\n"
        "Kota Banjarmasin;Panti Asuhan Al-Ikhlas;LKSA;Jl. Veteran 5;40;10/8/2023\n"))
    update = csv_bytes("Kab/Kota,Nama LKS,Jenis,Alamat,Kapasitas,Tanggal terdaftar,Akreditasi\n"
                       "63.71,PANTI ASUHAN  AL-IKHLAS ,LKSA,,55,10/8/2023,B\n")
    shown = preview(empty_engine, SEKRETARIAT, "lks", "b.csv", update)
    assert shown.counts["change"] == 1
    assert shown.of(importer.CHANGE)[0].changes == {"Kapasitas": ("40", "55"),
                                                    "Akreditasi": ("Belum terakreditasi", "Akreditasi B")}
    frame = shown.changes_frame()
    assert list(frame.columns) == ["Baris", "Data", "Kolom", "Sekarang", "Menjadi"] and len(frame) == 2
    run_import(empty_engine, SEKRETARIAT, "lks", "b.csv", update)
    with Session(empty_engine) as session:
        record = session.exec(select(Lks)).one()
        assert (record.name, record.address, record.capacity, record.accreditation, record.version) == (
            "Panti Asuhan Al-Ikhlas", "Jl. Veteran 5", 55, "B", 2)
        entry = session.exec(select(AuditLog).order_by(AuditLog.id.desc())).first()
        assert (entry.action, entry.username, entry.record_id) == ("import", "sekretariat", str(record.id))
        assert '"capacity": 40' in entry.before and '"capacity": 55' in entry.after


def test_every_imported_row_is_in_the_audit_log_as_an_import_with_its_values(empty_engine):
    run_import(empty_engine, OPERATOR, "lks", "op.csv", csv_bytes(
        "Kabupaten/Kota;Nama LKS;Jenis LKS;Tanggal terdaftar\n"
        "Kota Banjarmasin;LKSA Satu;LKSA;01/02/2020\nBanjarmasin;LKSA Dua;LKSA;2020-02-02\n"))
    with Session(empty_engine) as session:
        ids = {str(lks.id): lks.name for lks in session.exec(select(Lks))}
        entries = session.exec(select(AuditLog)).all()
    assert sorted(e.record_id for e in entries) == sorted(ids)
    assert {(e.action, e.username, e.table_name) for e in entries} == {("import", "operator", "lks")}
    assert all(f'"name": "{ids[e.record_id]}"' in e.after and '"version": 1' in e.after for e in entries)


def test_a_file_with_a_refused_row_writes_nothing_unless_the_good_rows_are_chosen(empty_engine):
    content = csv_bytes("Kabupaten/Kota;Nama LKS;Jenis LKS;Tanggal terdaftar\n"
                        "Kota Banjarmasin;LKSA Satu;LKSA;01/02/2020\n"
                        "Kota Banjarmasin;LKSA Dua;LKSA;besok\n"
                        "Kota Banjarmasin;LKSA Tiga;LKSA;01/02/2020\n")
    with pytest.raises(ValidationError, match="1 baris masih salah"):
        run_import(empty_engine, SEKRETARIAT, "lks", "x.csv", content)
    with Session(empty_engine) as session:
        assert session.exec(select(func.count()).select_from(Lks)).one() == 0
    _, counts = run_import(empty_engine, SEKRETARIAT, "lks", "x.csv", content, skip_errors=True)
    assert counts["add"] == 2


def _fail_inserting(engine, name: str) -> None:
    """The database itself refuses one row in the middle (as a full disk or a constraint would)."""
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            connection.execute(text(f"CREATE TRIGGER fail_one BEFORE INSERT ON lks WHEN NEW.name = '{name}' "
                                    "BEGIN SELECT RAISE(ABORT, 'refused by the database'); END"))
        else:
            connection.execute(text(f"CREATE FUNCTION fail_one() RETURNS trigger AS $$ BEGIN IF NEW.name = '{name}' "
                                    "THEN RAISE EXCEPTION 'refused by the database' USING ERRCODE = 'check_violation'; END IF; RETURN NEW; END $$ "
                                    "LANGUAGE plpgsql"))
            connection.execute(text("CREATE TRIGGER fail_one BEFORE INSERT ON lks FOR EACH ROW "
                                    "EXECUTE FUNCTION fail_one()"))


def test_a_file_that_fails_halfway_writes_nothing_at_all(empty_engine):
    run_import(empty_engine, SEKRETARIAT, "lks", "old.csv", csv_bytes(
        "Kabupaten/Kota;Nama LKS;Jenis LKS;Kapasitas;Tanggal terdaftar\nKota Banjarmasin;LKSA Lama;LKSA;10;01/02/2020\n"))
    rows = [["Kabupaten/Kota", "Nama LKS", "Jenis LKS", "Kapasitas", "Tanggal terdaftar"],
            ["Kota Banjarmasin", "LKSA Lama", "LKSA", 99, "01/02/2020"]]
    rows += [["Kota Banjarmasin", f"LKSA Baru {i}", "LKSA", 5, "01/02/2020"] for i in range(1, 6)]
    rows[4][1] = "LKSA Gagal"
    _fail_inserting(empty_engine, "LKSA Gagal")
    with pytest.raises(IntegrityError, match="refused by the database"):
        run_import(empty_engine, SEKRETARIAT, "lks", "new.xlsx", xlsx(rows))
    with Session(empty_engine) as session:
        assert [(lks.name, lks.capacity, lks.version) for lks in session.exec(select(Lks))] == [("LKSA Lama", 10, 1)]
        assert session.exec(select(func.count()).select_from(AuditLog)).one() == 1


def test_a_record_changed_after_the_preview_stops_the_whole_import(empty_engine):
    run_import(empty_engine, SEKRETARIAT, "lks", "a.csv", csv_bytes(
        "Kabupaten/Kota;Nama LKS;Jenis LKS;Kapasitas;Tanggal terdaftar\nKota Banjarmasin;LKSA Satu;LKSA;10;01/02/2020\n"))
    content = csv_bytes("Kabupaten/Kota;Nama LKS;Jenis LKS;Kapasitas;Tanggal terdaftar\n"
                        "Kota Banjarmasin;LKSA Baru;LKSA;1;01/02/2020\nKota Banjarmasin;LKSA Satu;LKSA;20;01/02/2020\n")
    table = importer.read("lks", "b.csv", content)
    with session_scope(empty_engine) as session:
        shown = importer.preview(session=session, actor=SEKRETARIAT, kind="lks", table=table)
    with session_scope(empty_engine) as session:  # someone else saves the form meanwhile
        record = session.exec(select(Lks)).one()
        data = {f: getattr(record, f) for f in lks_service.FIELDS} | {"capacity": 15}
        lks_service.update_lks(session=session, actor=OPERATOR, lks_id=record.id, data=data, expected_version=1)
    with pytest.raises(ConflictError, match="berubah sejak pratinjau"), session_scope(empty_engine) as session:
        importer.commit(session=session, actor=SEKRETARIAT, shown=shown)
    with Session(empty_engine) as session:
        assert [(lks.name, lks.capacity) for lks in session.exec(select(Lks))] == [("LKSA Satu", 15)]


def test_a_save_elsewhere_that_leaves_the_plan_as_shown_does_not_stop_the_import(empty_engine):
    content = csv_bytes("Kabupaten/Kota;Nama LKS;Jenis LKS;Tanggal terdaftar\nKota Banjarmasin;LKSA Baru;LKSA;01/02/2020\n")
    shown = preview(empty_engine, SEKRETARIAT, "lks", "a.csv", content)
    run_import(empty_engine, SEKRETARIAT, "lks", "b.csv", csv_bytes(
        "Kabupaten/Kota;Nama LKS;Jenis LKS;Tanggal terdaftar\nKota Banjarbaru;LKSA Lain;LKSA;01/02/2020\n"))
    with session_scope(empty_engine) as session:
        assert importer.commit(session=session, actor=SEKRETARIAT, shown=shown)["add"] == 1
    with Session(empty_engine) as session:
        assert session.exec(select(func.count()).select_from(Lks)).one() == 2


def test_an_operator_imports_only_into_their_own_kab_kota(empty_engine):
    content = csv_bytes("Kabupaten/Kota;Nama LKS;Jenis LKS;Tanggal terdaftar\n"
                        "Kota Banjarmasin;LKSA Sendiri;LKSA;01/02/2020\n"
                        "Kota Banjarbaru;LKSA Tetangga;LKSA;01/02/2020\n")
    shown = preview(empty_engine, OPERATOR, "lks", "x.csv", content)
    assert "Anda hanya boleh mengimpor data Kota Banjarmasin" in errors_of(shown)[3]["Kabupaten/Kota"]
    run_import(empty_engine, OPERATOR, "lks", "x.csv", content, skip_errors=True)
    with Session(empty_engine) as session:
        assert [lks.kab_kota_code for lks in session.exec(select(Lks))] == ["63.71"]


def test_a_crafted_call_cannot_write_outside_the_scope_or_as_a_leader(empty_engine):
    content = csv_bytes("Kabupaten/Kota;Nama LKS;Jenis LKS;Tanggal terdaftar\nKota Banjarbaru;LKSA X;LKSA;01/02/2020\n")
    table = importer.read("lks", "x.csv", content)
    sekretariat_plan = preview(empty_engine, SEKRETARIAT, "lks", "x.csv", content)
    with pytest.raises(PermissionDenied), session_scope(empty_engine) as session:
        lks_kind.write(session, OPERATOR, sekretariat_plan.of(importer.ADD))  # the plan of someone else
    with pytest.raises(PermissionDenied), session_scope(empty_engine) as session:
        importer.commit(session=session, actor=OPERATOR, shown=sekretariat_plan, skip_errors=True)
    with pytest.raises(PermissionDenied), session_scope(empty_engine) as session:  # relabelled as the operator's
        importer.commit(session=session, actor=OPERATOR, shown=replace(sekretariat_plan, actor=OPERATOR))
    with pytest.raises(PermissionDenied), session_scope(empty_engine) as session:
        importer.preview(session=session, actor=PIMPINAN, kind="lks", table=table)
    with pytest.raises(PermissionDenied), session_scope(empty_engine) as session:
        importer.commit(session=session, actor=PIMPINAN, shown=replace(sekretariat_plan, actor=PIMPINAN))
    with Session(empty_engine) as session:
        assert session.exec(select(func.count()).select_from(Lks)).one() == 0


def test_a_formula_cell_is_refused_and_formula_looking_text_is_kept_as_text_and_exported_neutralised(empty_engine):
    rows = [["Kabupaten/Kota", "Nama LKS", "Jenis LKS", "Kapasitas", "Tanggal terdaftar"],
            ["Kota Banjarmasin", "LKSA Rumus", "LKSA", "=10*4", "01/02/2020"],
            ["Kota Banjarmasin", "=B2", "LKSA", 1, "01/02/2020"]]
    shown = preview(empty_engine, SEKRETARIAT, "lks", "f.xlsx", xlsx(rows))
    errors = errors_of(shown)
    assert "rumus Excel (=10*4)" in errors[2]["Kapasitas"] and "rumus Excel (=B2)" in errors[3]["Nama LKS"]

    hostile = '=HYPERLINK("http://contoh.invalid","klik")'
    csv_content = csv_bytes('Kabupaten/Kota;Nama LKS;Jenis LKS;Tanggal terdaftar\n'
                            f'Kota Banjarmasin;"{hostile.replace(chr(34), chr(34) * 2)}";LKSA;01/02/2020\n'
                            'Kota Banjarmasin;@SUM(1);LKSA;01/02/2020\n')
    run_import(empty_engine, SEKRETARIAT, "lks", "f.csv", csv_content)
    with Session(empty_engine) as session:
        frame = lks_service.list_lks(session=session, actor=SEKRETARIAT)
    assert set(frame["name"]) == {hostile, "@SUM(1)"}  # stored as the text it was, never evaluated
    headers = {"name": "Nama", "kab_kota": "Kab/kota"}
    cells = [c.value for c in load_workbook(io.BytesIO(export.frame_xlsx(frame, headers))).active["A"]]
    assert set(cells[1:]) == {"'" + hostile, "'@SUM(1)"}
    assert "'" + hostile.replace('"', '""') in export.frame_csv(frame, headers).decode("utf-8-sig")


def test_ten_thousand_rows_are_read_checked_and_written_without_a_query_per_row(empty_engine):
    rows = [["Daftar LKS"], [], ["Kabupaten/Kota", "Nama LKS", "Jenis LKS", "Alamat", "Kapasitas", "Tanggal terdaftar"]]
    places = ["Kota Banjarmasin", "KABUPATEN BANJAR", "Kab. Tapin", "63.72", "Tanah Laut"]
    rows += [[places[i % 5], f"LKS Uji {i}", "LKSA", f"Jl. Uji {i}", i % 90, "10/8/2023"] for i in range(10_000)]
    table = importer.read("lks", "besar.xlsx", xlsx(rows))
    statements = []
    event.listen(empty_engine, "before_cursor_execute", lambda *args: statements.append(args[2]))

    def import_once() -> dict:
        with session_scope(empty_engine) as session:
            shown = importer.preview(session=session, actor=SEKRETARIAT, kind="lks", table=table)
        with session_scope(empty_engine) as session:
            return importer.commit(session=session, actor=SEKRETARIAT, shown=shown)

    assert import_once()["add"] == 10_000
    assert len(statements) < 40, statements[:50]
    with Session(empty_engine) as session:
        assert session.exec(select(func.count()).select_from(Lks)).one() == 10_000
        assert session.exec(select(func.count()).select_from(AuditLog).where(AuditLog.action == "import")).one() \
            == 10_000
    statements.clear()
    assert import_once()["same"] == 10_000 and len(statements) < 40
