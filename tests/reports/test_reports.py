"""Laporan wilayah: the field's facts in the JSON, the same figures printed in the PDF and the workbook,
numbered snapshots handed back unchanged, and the actor's scope enforced by kesos/, not the page."""

import hashlib
import io
import json
import subprocess
from datetime import datetime, timezone

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from kesos import clock, fmt, queries
from kesos.db import session_scope
from kesos.errors import NotFound, PermissionDenied, ValidationError
from kesos.models import Lks, ReportSnapshot
from kesos.queries import Filters, scoped
from kesos.queries.aid import csr_by_company
from kesos.reports import ReportRequest, collect, generate, get_snapshot, list_snapshots
from kesos.security import Actor

SEKRETARIAT_KALSEL = Actor("sekretariat", "sekretariat", "63")
SEKRETARIAT_KALBAR = Actor("sekretariat_kalbar", "sekretariat", "61")
OPERATOR_BANJARMASIN = Actor("operator", "operator", "63", "63.71")
PIMPINAN = Actor("pimpinan", "pimpinan")
KALSEL_2023 = ReportRequest("63", None, 2023, 2023)


@pytest.fixture(scope="module")
def report_engine(module_demo_engine):
    """One demo database for the module: the PDF takes seconds to draw, so it is made once."""
    return module_demo_engine


@pytest.fixture(scope="module")
def kalsel_files(report_engine):
    """The Kalsel 2023 report in the three formats, each stored as a snapshot."""
    made = {}
    for format in ("json", "xlsx", "pdf"):
        with session_scope(report_engine) as session:
            made[format] = generate(session, SEKRETARIAT_KALSEL, KALSEL_2023, format)
    return made


def _pdf_text(content: bytes) -> str:
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True)
    return result.stdout.decode("utf-8")


def test_json_holds_the_field_facts_of_kalsel_2023(kalsel_files):
    figures = json.loads(kalsel_files["json"].content)
    head = figures["headline"]
    assert head["lks"] == 154
    assert {t["lks_type"]: t["count"] for t in figures["lks_by_type"]} == {
        "anak": 140, "lansia": 4, "disabilitas": 7, "napza": 3}
    assert (head["branches_formed"], head["branches_total"]) == (11, 13)
    assert {b["kab_kota"] for b in figures["branches"]["not_formed"]} == {
        "Kabupaten Tanah Bumbu", "Kabupaten Kotabaru"}
    rakor = next(a for a in figures["activities"] if a["kind"] == "rakor")
    assert (rakor["start_date"], rakor["end_date"], rakor["participants"]) == ("2023-02-20", "2023-02-21", 57)
    assert sum(k["total"] for k in figures["lks_by_kab_kota"]) == 154
    assert figures["report"]["number"] == kalsel_files["json"].number
    assert figures["report"]["province"] == "Kalimantan Selatan"


def test_json_figures_equal_what_the_dashboards_show(kalsel_files, report_engine):
    figures = json.loads(kalsel_files["json"].content)
    filters = scoped(SEKRETARIAT_KALSEL, Filters(year_from=2023, year_to=2023))
    with session_scope(report_engine) as session:
        overview = queries.headline(session, filters)
        csr = csr_by_company(session, filters)
    head = figures["headline"]
    assert head["aid_value"] == overview["aid_value"] and head["aid_distributions"] == overview["aid_count"]
    assert head["activities"] == overview["activities"] and head["beneficiaries"] == overview["beneficiaries"]
    assert head["aid_value_csr"] == int(csr["value"].sum())
    assert sum(s["value"] for s in figures["aid_by_source"]) == head["aid_value"]
    assert sum(i["value"] for i in figures["aid_by_item"]) == head["aid_value"]
    assert sum(c["value"] for c in figures["csr_by_company"]) == head["aid_value_csr"]
    assert sum(k["total"] for k in figures["beneficiaries_by_kab_kota"]) == head["beneficiaries"]


def test_the_pdf_prints_every_figure_the_json_holds(kalsel_files):
    figures = json.loads(kalsel_files["json"].content)
    text = _pdf_text(kalsel_files["pdf"].content)
    words = " ".join(text.split())
    head = figures["headline"]
    for value in (head["lks"], head["beneficiaries"], head["aid_distributions"], head["activities"],
                  head["activity_participants"]):
        assert fmt.number(value) in words
    assert fmt.rupiah(head["aid_value"]) in words and fmt.rupiah(head["aid_value_csr"]) in words
    assert f"{head['branches_formed']} dari {head['branches_total']}" in words
    lines = [" ".join(line.split()) for line in text.splitlines()]
    for kind in figures["lks_by_type"]:
        assert f"{kind['label']} {fmt.number(kind['count'])}" in lines
    for row in figures["lks_by_kab_kota"]:
        assert any(line.startswith(row["kab_kota"]) and line.endswith(f" {fmt.number(row['total'])}")
                   for line in lines), row
    for row in figures["beneficiaries_by_kab_kota"]:
        assert f"{row['kab_kota']} {fmt.number(row['women'])} {fmt.number(row['men'])} {fmt.number(row['total'])}" \
            in lines
    for source in figures["aid_by_source"]:
        assert f"{source['label']} {fmt.number(source['distributions'])} {fmt.rupiah(source['value'])}" in lines
    for company in figures["csr_by_company"]:
        assert f"{company['company']} {fmt.number(company['distributions'])} {fmt.rupiah(company['value'])}" in lines
    for item in figures["aid_by_item"]:
        assert fmt.rupiah(item["value"]) in words and item["item"] in words
    for branch in figures["branches"]["not_formed"]:
        assert f"{branch['kab_kota_code']} {branch['kab_kota']}" in lines
    for activity in figures["activities"]:
        assert fmt.number(activity["participants"]) in words


def test_every_pdf_page_names_the_source_time_and_report_number(kalsel_files):
    pdf = kalsel_files["pdf"]
    pages = _pdf_text(pdf.content).split("\f")
    pages = [page for page in pages if page.strip()]
    assert len(pages) >= 4
    for index, page in enumerate(pages, start=1):
        flat = " ".join(page.split())
        assert "Sumber: Basis data Kesos (LKKS), data per " in flat
        assert f"Laporan No. {pdf.number}" in flat
        assert f"Halaman {index} dari {len(pages)}" in flat
    first = " ".join(pages[0].split())
    assert "Laporan Wilayah Provinsi Kalimantan Selatan" in first and "Tahun 2023" in first


def test_the_workbook_has_a_sheet_per_section_with_the_same_figures(kalsel_files):
    figures = json.loads(kalsel_files["json"].content)
    book = load_workbook(io.BytesIO(kalsel_files["xlsx"].content))
    assert book.sheetnames == ["Ringkasan", "LKS", "Penerima manfaat", "Bantuan", "Cabang", "Kegiatan", "Pusat data"]
    for sheet in book:
        assert f"Laporan No. {kalsel_files['xlsx'].number}" in sheet["A2"].value
        assert "Sumber: Basis data Kesos" in sheet["A2"].value
    rows = {sheet.title: [r for r in sheet.iter_rows(values_only=True)] for sheet in book}
    assert ("LKS terdaftar", 154, "pada akhir 2023") in [r[:3] for r in rows["Ringkasan"]]
    assert ("LKS Anak (LKSA)", 140) in [r[:2] for r in rows["LKS"]]
    assert ("Jumlah", 54, figures["headline"]["aid_value"]) in [r[:3] for r in rows["Bantuan"]]
    not_formed = [r[:2] for r in rows["Cabang"] if r[0] in ("63.02", "63.10")]
    assert not_formed == [("63.02", "Kabupaten Kotabaru"), ("63.10", "Kabupaten Tanah Bumbu")]
    assert len([r for r in rows["Kegiatan"] if hasattr(r[0], "year")]) == len(figures["activities"])


def test_snapshots_are_numbered_listed_and_handed_back_byte_for_byte(kalsel_files, report_engine):
    with session_scope(report_engine) as session:
        listed = list_snapshots(session, SEKRETARIAT_KALSEL)
        for format, made in kalsel_files.items():
            again = get_snapshot(session, SEKRETARIAT_KALSEL, made.number)
            assert again.content == made.content
            assert again.sha256 == hashlib.sha256(made.content).hexdigest()
            assert again.filename == made.filename and made.filename.endswith(f".{format}")
            row = session.get(ReportSnapshot, made.number)
            assert (row.username, row.province_code, row.kab_kota_code, row.format) == (
                "sekretariat", "63", None, format)
            assert json.loads(row.filters) == {"province_code": "63", "kab_kota_code": None,
                                               "year_from": 2023, "year_to": 2023}
        row = session.get(ReportSnapshot, kalsel_files["json"].number)
        printed = datetime.fromisoformat(json.loads(kalsel_files["json"].content)["report"]["generated_at"])
        stored = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=timezone.utc)
        assert stored.replace(microsecond=0) == printed  # kept in UTC, the same moment the report prints
    assert {m.number for m in kalsel_files.values()} <= set(listed["number"])
    assert len({m.number for m in kalsel_files.values()}) == 3


def test_a_snapshot_stays_the_same_after_the_data_moves_on(demo_engine):
    with session_scope(demo_engine) as session:
        first = generate(session, SEKRETARIAT_KALSEL, KALSEL_2023, "json")
    with session_scope(demo_engine) as session:
        lks = session.exec(select(Lks).where(Lks.kab_kota_code == "63.71", Lks.deleted_at.is_(None))).first()
        lks.deleted_at = clock.now()
    with session_scope(demo_engine) as session:
        later = generate(session, SEKRETARIAT_KALSEL, KALSEL_2023, "json")
        kept = get_snapshot(session, SEKRETARIAT_KALSEL, first.number)
    assert json.loads(later.content)["headline"]["lks"] == 153
    assert json.loads(kept.content)["headline"]["lks"] == 154
    assert kept.content == first.content and later.number == first.number + 1


def test_an_operator_reports_only_on_its_own_kab_kota(demo_engine):
    with session_scope(demo_engine) as session:
        own = generate(session, OPERATOR_BANJARMASIN, ReportRequest("63", None, 2023, 2023), "json")
    figures = json.loads(own.content)
    assert figures["report"]["kab_kota"] == "Kota Banjarmasin"
    assert {k["kab_kota_code"] for k in figures["lks_by_kab_kota"]} == {"63.71"}
    assert 0 < figures["headline"]["lks"] < 154
    for crafted in (ReportRequest("63", "63.72", 2023, 2023), ReportRequest("61", None, 2023, 2023),
                    ReportRequest(None, "61.71", 2023, 2023)):
        with pytest.raises(PermissionDenied), session_scope(demo_engine) as session:
            generate(session, OPERATOR_BANJARMASIN, crafted, "pdf")
    with pytest.raises(PermissionDenied), session_scope(demo_engine) as session:
        generate(session, SEKRETARIAT_KALBAR, KALSEL_2023, "json")
    with session_scope(demo_engine) as session:
        assert session.get(ReportSnapshot, own.number + 1) is None  # nothing half-written


def test_snapshots_of_another_kab_kota_or_province_are_neither_listed_nor_downloaded(demo_engine):
    with session_scope(demo_engine) as session:
        province = generate(session, SEKRETARIAT_KALSEL, KALSEL_2023, "json")
        banjarbaru = generate(session, SEKRETARIAT_KALSEL, ReportRequest("63", "63.72", 2023, 2023), "json")
        own = generate(session, OPERATOR_BANJARMASIN, KALSEL_2023, "json")
    with session_scope(demo_engine) as session:
        assert set(list_snapshots(session, OPERATOR_BANJARMASIN)["number"]) == {own.number}
        assert set(list_snapshots(session, SEKRETARIAT_KALBAR)["number"]) == set()
        assert {province.number, banjarbaru.number, own.number} <= set(list_snapshots(session, PIMPINAN)["number"])
        for number in (province.number, banjarbaru.number):
            with pytest.raises(PermissionDenied):
                get_snapshot(session, OPERATOR_BANJARMASIN, number)
        with pytest.raises(PermissionDenied):
            get_snapshot(session, SEKRETARIAT_KALBAR, own.number)
        with pytest.raises(NotFound):
            get_snapshot(session, PIMPINAN, 999_999)


def test_nonsense_requests_are_refused_with_a_reason_beside_the_field(demo_engine):
    cases = {
        ReportRequest("63", None, 2024, 2023): "year_from",
        ReportRequest("63", "61.71", 2023, 2023): "kab_kota_code",
        ReportRequest("63", None, 1800, 2023): "year_from",
        ReportRequest(None, None, 2023, 2023): "province_code",
    }
    for request, field in cases.items():
        with pytest.raises(ValidationError) as refused, session_scope(demo_engine) as session:
            generate(session, PIMPINAN, request, "json")
        assert field in refused.value.errors
    with pytest.raises(ValidationError), session_scope(demo_engine) as session:
        generate(session, PIMPINAN, KALSEL_2023, "docx")


def test_bali_2014_aid_matches_the_field_and_a_range_totals_the_whole_range(demo_engine):
    with session_scope(demo_engine) as session:
        one = collect(session, PIMPINAN, ReportRequest("51", None, 2014, 2014))
        both = collect(session, PIMPINAN, ReportRequest("51", None, 2013, 2014))
    items = {i["item"]: (i["quantity"], i["unit"]) for i in one.figures["aid_by_item"]}
    assert items["Paket PMT"] == (190, "paket") and items["Pakaian olahraga lansia"] == (106, "stel")
    assert items["Bedah rumah"] == (4, "unit") and items["Kursi roda"] == (1, "unit") and items["Tripod"] == (1, "unit")
    raker = next(a for a in one.figures["activities"] if a["kind"] == "raker")
    assert (raker["start_date"], raker["participants"]) == ("2014-07-17", 115)
    assert both.figures["headline"]["aid_value"] >= one.figures["headline"]["aid_value"] > 0
    assert both.meta["period"] == "Tahun 2013–2014"
