"""Importing PPKS and PSKS counts: preview, all-or-nothing, idempotence, scope, and the figures read back
compared with a naive pandas sum over the file."""

import io

import pandas as pd
import pytest
from sqlmodel import Session, select

from kesos import clock, importer
from kesos.errors import PermissionDenied, ValidationError
from kesos.models import AuditLog
from kesos.queries import pusat_data as queries
from tests.importer.helpers import OPERATOR, SEKRETARIAT, csv_bytes, errors_of, preview, run_import, xlsx

YEAR = clock.today().year - 1
DATE = f"31/12/{YEAR}"


def _file(rows):
    return xlsx([["DATA PPKS KALIMANTAN SELATAN"], ["Kab/Kota", "Tahun", "Kategori", "Jumlah", "Sumber", "Tanggal data"],
                 *rows])


GOOD = [
    ["Kota Banjarmasin", YEAR, "fakir miskin", 12_500, "Dinas Sosial kab/kota", DATE],
    ["Kota Banjarmasin", YEAR, "LUT", 830, "dinsos", DATE],
    ["63.72", YEAR, "anak jalanan", 41, "DTKS", DATE],
    ["Kota Banjarbaru", YEAR - 1, "orang dengan HIV/AIDS", 0, "survei", f"01/06/{YEAR - 1}"],
]


def _stored(engine) -> pd.DataFrame:
    with Session(engine) as session:
        return pd.read_sql("SELECT kind, kab_kota_code, year, category, count, source, figures_on FROM welfare_count "
                           "WHERE deleted_at IS NULL", session.connection())


def test_round_trip_then_the_same_file_again_changes_nothing(empty_engine):
    shown, counts = run_import(empty_engine, SEKRETARIAT, "ppks", "ppks.xlsx", _file(GOOD))
    assert counts == {"add": 4, "change": 0, "same": 0, "error": 0}
    stored = _stored(empty_engine)
    assert sorted(zip(stored["kab_kota_code"], stored["category"], stored["count"])) == [
        ("63.71", "fakir_miskin", 12_500), ("63.71", "lansia_telantar", 830), ("63.72", "anak_jalanan", 41),
        ("63.72", "odha", 0)]
    assert set(stored["kind"]) == {"ppks"}
    with Session(empty_engine) as session:
        audits = session.exec(select(AuditLog).where(AuditLog.table_name == "welfare_count")).all()
    assert {(a.action, a.username) for a in audits} == {("import", "sekretariat")} and len(audits) == 4
    _, again = run_import(empty_engine, SEKRETARIAT, "ppks", "ppks.xlsx", _file(GOOD))
    assert again == {"add": 0, "change": 0, "same": 4, "error": 0}


def test_a_changed_figure_is_shown_old_to_new_and_written(empty_engine):
    run_import(empty_engine, SEKRETARIAT, "ppks", "ppks.xlsx", _file(GOOD))
    changed = [list(row) for row in GOOD]
    changed[0][3] = 12_900
    shown, counts = run_import(empty_engine, SEKRETARIAT, "ppks", "ppks.xlsx", _file(changed))
    assert counts["change"] == 1
    assert shown.of(importer.CHANGE)[0].changes == {"Jumlah": ("12.500", "12.900")}
    stored = _stored(empty_engine)
    assert stored.loc[stored["category"] == "fakir_miskin", "count"].item() == 12_900


def test_bad_rows_are_refused_with_their_reason_and_nothing_is_written(empty_engine):
    rows = GOOD + [
        ["Kota Banjarmasin", YEAR, "fakir miskin", 5, "dinsos", DATE],  # the same key again (row 7)
        ["Kota Banjarmasin", YEAR, "karang taruna", 5, "dinsos", DATE],  # PSKS in a PPKS file
        ["Kota Banjarmasin", YEAR, "pengemis", -3, "dinsos", DATE],
        ["Kota Banjarmasin", YEAR, "pemulung", 3, "koran", DATE],
        ["Kota Banjarmasin", YEAR, "gelandangan", 3, "dinsos", None],
        ["Kota Banjarmasin", YEAR + 2, "tuna susila", 3, "dinsos", DATE],
    ]
    shown = preview(empty_engine, SEKRETARIAT, "ppks", "ppks.xlsx", _file(rows))
    errors = errors_of(shown)
    assert sorted(errors) == [7, 8, 9, 10, 11, 12]
    assert "sudah ada di baris 3" in errors[7]["Kategori PPKS"]
    assert "tidak dikenal" in errors[8]["Kategori PPKS"]
    assert "Jumlah" in errors[9]
    assert "Sumber data" in errors[10]
    assert "Tanggal data" in errors[11]
    assert "Tahun" in errors[12]
    with pytest.raises(ValidationError):
        run_import(empty_engine, SEKRETARIAT, "ppks", "ppks.xlsx", _file(rows))
    assert _stored(empty_engine).empty


def test_an_operator_imports_only_its_own_kab_kota(empty_engine):
    shown = preview(empty_engine, OPERATOR, "ppks", "ppks.xlsx", _file(GOOD))
    assert "di luar wilayah Anda" in errors_of(shown)[5]["Kabupaten/Kota"]
    # a plan crafted to write elsewhere is refused at write time, from what it writes
    crafted = preview(empty_engine, OPERATOR, "ppks", "ppks.xlsx", _file(GOOD[:1]))
    crafted.rows[0].values["kab_kota_code"] = "63.72"
    with Session(empty_engine) as session, pytest.raises(PermissionDenied):
        importer.commit(session=session, actor=OPERATOR, shown=crafted)


def test_a_psks_csv_round_trip_and_the_query_matches_a_naive_sum(empty_engine):
    content = csv_bytes("Kabupaten/Kota;Tahun;Kategori PSKS;Jumlah;Sumber data;Tanggal data\n"
                        f"Kota Banjarmasin;{YEAR};TKSK;5;dinsos;{DATE}\n"
                        f"Kota Banjarmasin;{YEAR};karang taruna;52;dinsos;{DATE}\n"
                        f"Kota Banjarbaru;{YEAR};TKSK;5;dinsos;{DATE}\n"
                        f"Kota Banjarbaru;{YEAR};LKS;9;survei;{DATE}\n")
    _, counts = run_import(empty_engine, SEKRETARIAT, "psks", "psks.csv", content)
    assert counts["add"] == 4
    naive = pd.read_csv(io.BytesIO(content), sep=";").groupby("Kategori PSKS")["Jumlah"].sum()
    with Session(empty_engine) as session:
        frame = queries.counts(session, SEKRETARIAT, "psks", [YEAR])
    by_category = frame.groupby("short")["count"].sum()
    assert by_category.to_dict() == {"TKSK": naive["TKSK"], "Karang Taruna": naive["karang taruna"],
                                     "LKS": naive["LKS"]}


def test_the_template_lists_the_categories(empty_engine):
    from openpyxl import load_workbook

    with Session(empty_engine) as session:
        content = importer.template(session=session, actor=SEKRETARIAT, kind="ppks")
    sheets = load_workbook(io.BytesIO(content)).worksheets
    text = " ".join(str(cell.value) for sheet in sheets for row in sheet.iter_rows() for cell in row if cell.value)
    assert "FM · fakir miskin" in text and "Kategori PPKS" in text


def test_the_export_imports_back_unchanged(empty_engine):
    run_import(empty_engine, SEKRETARIAT, "ppks", "ppks.xlsx", _file(GOOD))
    with Session(empty_engine) as session:
        frame = queries.export_frame(session, SEKRETARIAT, "ppks", [YEAR - 1, YEAR])
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False)
    _, again = run_import(empty_engine, SEKRETARIAT, "ppks", "ekspor.xlsx", buffer.getvalue())
    assert again == {"add": 0, "change": 0, "same": 4, "error": 0}
