"""List exports: the rows and columns a list shows, formula-looking cells neutralised, and back in again."""

import csv
import io

import pandas as pd
from openpyxl import load_workbook
from sqlmodel import Session

from kesos import export, fmt, importer, vocab
from kesos.db import session_scope
from kesos.security import Actor
from kesos.services import lks as lks_service

SEKRETARIAT = Actor("sekretariat", "sekretariat", province_code="63")


def test_cells_that_a_spreadsheet_would_run_are_neutralised_in_excel_and_csv():
    frame = pd.DataFrame({"name": ["=1+2", "+62 811", "-5 orang", "@SUM(A1)", "Panti Biasa"], "count": [1, -2, 3, 4, 5],
                          "hidden": ["x"] * 5})
    headers = {"name": "Nama", "count": "Jumlah"}
    sheet = load_workbook(io.BytesIO(export.frame_xlsx(frame, headers))).active
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["Nama", "Jumlah"], ["'=1+2", 1], ["'+62 811", -2], ["'-5 orang", 3], ["'@SUM(A1)", 4], ["Panti Biasa", 5]]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    rows = list(csv.reader(io.StringIO(export.frame_csv(frame, headers).decode("utf-8-sig")), delimiter=";"))
    assert rows == [["Nama", "Jumlah"], ["'=1+2", "1"], ["'+62 811", "-2"], ["'-5 orang", "3"], ["'@SUM(A1)", "4"],
                    ["Panti Biasa", "5"]]


def test_the_lks_list_exported_as_csv_imports_back_as_already_stored(demo_engine):
    """The LKS page's view, as its export writes it, read by the importer: nothing new, nothing changed."""
    with Session(demo_engine) as session:
        frame = lks_service.list_lks(session=session, actor=SEKRETARIAT, kab_kota_code="63.71")
    view = frame.assign(jenis=frame["lks_type"].map(vocab.LKS_TYPES), terdaftar=frame["registered_on"].map(fmt.tanggal),
                        status=frame["is_active"].map({True: "Aktif", False: "Nonaktif"}))
    headers = {"name": "Nama", "jenis": "Jenis", "kab_kota": "Kab/kota", "address": "Alamat", "capacity": "Kapasitas",
               "terdaftar": "Terdaftar", "status": "Status"}
    table = importer.read("lks", "lks.csv", export.frame_csv(view, headers))
    with session_scope(demo_engine) as session:
        shown = importer.preview(session=session, actor=SEKRETARIAT, kind="lks", table=table)
    assert table.ignored == ("Status",)
    assert shown.counts == {"add": 0, "change": 0, "same": len(frame), "error": 0}
