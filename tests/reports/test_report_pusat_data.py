"""The laporan wilayah's pusat data section (6): the figures are the PPKS dashboard's and the LKS page's
queries' (and the raw rows'), printed in the PDF (read back with pdftotext) and in the workbook's sheet,
and an operator's report holds only its kab/kota."""

import io
import json
import subprocess
from datetime import date

import pandas as pd
import pytest
from openpyxl import load_workbook
from sqlalchemy import text

from kesos import clock, fmt, vocab
from kesos.db import session_scope
from kesos.queries import accreditation, pusat_data
from kesos.reports import ReportRequest, generate
from kesos.security import Actor

SEKRETARIAT_KALSEL = Actor("sekretariat", "sekretariat", "63")
OPERATOR_BANJARMASIN = Actor("operator", "operator", "63", "63.71")


@pytest.fixture(scope="module")
def files(module_demo_engine):
    made = {}
    for who, actor, request in (("kalsel", SEKRETARIAT_KALSEL, ReportRequest("63", None, 2024, 2025)),
                                ("banjarmasin", OPERATOR_BANJARMASIN, ReportRequest("63", "63.71", 2025, 2025))):
        for format in ("json", "pdf", "xlsx"):
            with session_scope(module_demo_engine) as session:
                made[who, format] = generate(session, actor, request, format).content
    return made


def _lines(pdf: bytes) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    text_ = out.decode("utf-8")
    return [" ".join(line.split()) for line in text_[text_.index("6. Pusat data"):].splitlines()]


def _raw(engine, sql: str) -> pd.DataFrame:
    with engine.connect() as connection:
        return pd.read_sql(text(sql), connection)


def test_the_section_holds_the_raw_ppks_of_the_newest_year_with_its_sources(files, module_demo_engine):
    section = json.loads(files["kalsel", "json"])["pusat_data"]
    raw = _raw(module_demo_engine, "SELECT kab_kota_code, year, category, count, source FROM welfare_count"
                                   " WHERE kind = 'ppks' AND deleted_at IS NULL AND kab_kota_code LIKE '63.%%'")
    year = raw[raw["year"] <= 2025]["year"].max()
    assert section["ppks_year"] == year == 2025
    rows = raw[raw["year"] == year]
    assert section["ppks_total"] == int(rows["count"].sum())
    assert {n["category"]: n["count"] for n in section["ppks_top_needs"]} == \
        rows.groupby("category")["count"].sum().to_dict()
    assert section["ppks_kab_kota_reported"] == rows["kab_kota_code"].nunique() == section["ppks_kab_kota_total"] == 13
    assert section["ppks_sources"] == ", ".join(
        vocab.WELFARE_SOURCES[s] for s in vocab.WELFARE_SOURCES if s in set(rows["source"]))
    for kab_kota in section["ppks_by_kab_kota"]:
        own = rows[rows["kab_kota_code"] == kab_kota["kab_kota_code"]].sort_values("count", ascending=False)
        assert [n["count"] for n in kab_kota["needs"]] == own["count"].head(3).tolist()


def test_the_section_reads_through_the_queries_the_dashboard_and_the_lks_page_use(files, module_demo_engine):
    section = json.loads(files["kalsel", "json"])["pusat_data"]
    with session_scope(module_demo_engine) as session:
        served = pusat_data.psks_per_ppks(session, SEKRETARIAT_KALSEL, 2025, "63")
        follow = accreditation.follow_up(session, SEKRETARIAT_KALSEL, "63")
    assert [(k["kab_kota_code"], k["ppks"], k["psp"], k["tksk"], k["lks"]) for k in section["psks_per_ppks"]] == \
        [(r.kab_kota_code, r.ppks, r.psp, r.tksk, r.lks) for r in served.sort_values("kab_kota_code").itertuples()]
    lapsing = follow[follow["status"] != "belum"]
    assert sorted(a["name"] for a in section["accreditation_expiring"]) == sorted(lapsing["name"])
    assert sum(k["count"] for k in section["never_accredited"]) == int((follow["status"] == "belum").sum())
    assert section["accreditation_as_of"] == clock.today().isoformat()


def test_the_lapsing_and_never_accredited_lks_are_those_of_the_raw_register(files, module_demo_engine):
    section = json.loads(files["kalsel", "json"])["pusat_data"]
    lks = _raw(module_demo_engine, "SELECT name, kab_kota_code, accreditation, accreditation_expires_on, closed_on,"
                                   " deleted_at FROM lks WHERE kab_kota_code LIKE '63.%%'")
    today = clock.today()
    lks = lks[lks["deleted_at"].isna() & (lks["closed_on"].isna() | (pd.to_datetime(lks["closed_on"]).dt.date > today))]
    expires = pd.to_datetime(lks["accreditation_expires_on"]).dt.date
    until = accreditation.months_after(today, 6)
    lapsing = lks[(lks["accreditation"] != "belum") & expires.notna() & (expires <= until)]
    assert sorted(a["name"] for a in section["accreditation_expiring"]) == sorted(lapsing["name"])
    assert {a["status"] for a in section["accreditation_expiring"]} <= {"habis", "segera"}
    never = lks[lks["accreditation"] == "belum"].groupby("kab_kota_code").size().to_dict()
    assert {k["kab_kota_code"]: k["count"] for k in section["never_accredited"]} == never


def test_the_pdf_prints_the_section_pdftotext_reads_back(files):
    section = json.loads(files["kalsel", "json"])["pusat_data"]
    lines = _lines(files["kalsel", "pdf"])
    words = " ".join(lines)
    assert "6. Pusat data: PPKS, PSKS dan akreditasi LKS" in lines[0]
    assert (f"Angka PPKS 2025 dari 13 dari 13 kab/kota; sumber: {section['ppks_sources']}, data per "
            f"{fmt.tanggal(date.fromisoformat(section['ppks_figures_on']))}") in words
    assert f"Jumlah PPKS {fmt.number(section['ppks_total'])} jiwa" in words
    top = section["ppks_top_needs"][0]
    assert f"Kebutuhan terbesar di Kalsel pada 2025: {top['label']} {fmt.number(top['count'])} jiwa" in words
    for kab_kota in section["ppks_by_kab_kota"]:
        needs = " ".join(f"{n['short']} {fmt.number(n['count'])}" for n in kab_kota["needs"])
        assert f"{kab_kota['kab_kota']} {needs}" in lines, kab_kota["kab_kota"]
    for row in section["psks_per_ppks"]:
        figures = " ".join(fmt.number(row[c]) for c in ("ppks", "psp", "tksk", "lks"))
        assert f"{row['kab_kota']} {figures}" in words, row["kab_kota"]
    for lapsing in section["accreditation_expiring"]:
        assert fmt.tanggal(date.fromisoformat(lapsing["expires_on"])).split()[0] in words
    assert section["accreditation_expiring"] and section["never_accredited"]
    for never in section["never_accredited"]:
        assert f"{never['kab_kota']} {fmt.number(never['count'])}" in lines
    total = sum(k["count"] for k in section["never_accredited"])
    assert f"Jumlah {fmt.number(total)}" in lines


def test_the_workbook_sheet_holds_the_same_figures(files):
    section = json.loads(files["kalsel", "json"])["pusat_data"]
    sheet = load_workbook(io.BytesIO(files["kalsel", "xlsx"]))["Pusat data"]
    rows = [r for r in sheet.iter_rows(values_only=True)]
    assert ("Jumlah", None, section["ppks_total"]) in [r[:3] for r in rows]
    named = {r[2] for r in rows if r[0] and str(r[0]).startswith("63.")}
    assert {a["name"] for a in section["accreditation_expiring"]} <= named
    assert {n for k in section["never_accredited"] for n in k["names"]} <= named


def test_an_operators_report_holds_only_its_kab_kota(files):
    section = json.loads(files["banjarmasin", "json"])["pusat_data"]
    codes = {k["kab_kota_code"] for part in ("ppks_by_kab_kota", "psks_per_ppks", "accreditation_expiring",
                                             "never_accredited") for k in section[part]}
    assert codes == {"63.71"}
    assert section["ppks_kab_kota_total"] == 1
    assert "Kota Banjarbaru" not in " ".join(_lines(files["banjarmasin", "pdf"]))
