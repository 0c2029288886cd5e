"""Each dashboard chart's numbers and takeaway, read from the demo's field facts through the same
query functions, panels and scoping the pages use (`web.chart_panel` calls `panel.query`)."""

from datetime import date

import pytest

from kesos import dashboards, export, takeaways
from kesos.dashboards import View
from kesos.errors import PermissionDenied
from kesos.queries import Filters, scoped
from kesos.security import Actor

SEKRETARIAT_KALSEL = Actor(username="sekretariat", role="sekretariat", province_code="63")
OPERATOR_BANJARMASIN = Actor(username="operator", role="operator", province_code="63", kab_kota_code="63.71")
PIMPINAN = Actor(username="pimpinan", role="pimpinan")


def shown(session, panel, actor, place, **filters):
    """What a page shows for the panel: the frame behind the chart and its takeaway."""
    chosen = scoped(actor, Filters(**filters))
    frame = panel.query(session, chosen)
    view = View(place, chosen.year_from or chosen.year, chosen.year)
    return frame, panel.takeaway(frame, view)


def test_lks_per_year_in_kalsel_rises_from_154_in_2023_to_199_in_2025(demo_session):
    frame, takeaway = shown(demo_session, dashboards.LKS_PER_YEAR, SEKRETARIAT_KALSEL, "Kalsel",
                            year_from=2023, year_to=2025)
    totals = frame.groupby("year")["count"].sum().to_dict()
    assert (totals[2023], totals[2025]) == (154, 199)
    assert takeaway == "LKS di Kalsel naik dari 154 (2023) menjadi 199 (2025)"
    by_type_2023 = frame[frame["year"] == 2023].set_index("lks_type")["count"].to_dict()
    assert {t: by_type_2023.get(t, 0) for t in ("anak", "lansia", "disabilitas", "napza")} == {
        "anak": 140, "lansia": 4, "disabilitas": 7, "napza": 3}


def test_lks_per_kab_kota_adds_up_to_154_and_the_lks_type_filter_narrows_it(demo_session):
    frame, takeaway = shown(demo_session, dashboards.LKS_PER_KAB_KOTA, SEKRETARIAT_KALSEL, "Kalsel", year_to=2023)
    assert frame["count"].sum() == 154 and frame["kab_kota_code"].str.startswith("63.").all()
    assert takeaway.startswith("LKS terbanyak di ") and takeaway.endswith("dari 154 LKS di Kalsel pada akhir 2023")
    napza, _ = shown(demo_session, dashboards.LKS_PER_KAB_KOTA, SEKRETARIAT_KALSEL, "Kalsel", year_to=2023,
                     lks_type="napza")
    assert napza["count"].sum() == 3 and set(napza["lks_type"]) == {"napza"}


def test_beneficiaries_match_the_governors_rule_of_twenty_per_lks_and_agree_across_charts(demo_session):
    by_month, takeaway = shown(demo_session, dashboards.BENEFICIARIES_BY_MONTH, SEKRETARIAT_KALSEL, "Kalsel",
                               year_to=2025)
    december = by_month[(by_month["year"] == 2025) & (by_month["month"] == 12)].iloc[0]
    assert abs(december["total"] - 20 * 199) < 0.1 * 20 * 199  # "about 4,000 vulnerable people served"
    assert december["total"] == december["women"] + december["men"]
    by_type, _ = shown(demo_session, dashboards.BENEFICIARIES_BY_TYPE, SEKRETARIAT_KALSEL, "Kalsel", year_to=2025)
    by_kab_kota, _ = shown(demo_session, dashboards.BENEFICIARIES_BY_KAB_KOTA, SEKRETARIAT_KALSEL, "Kalsel",
                           year_to=2025)
    for frame in (by_type, by_kab_kota):
        same_month = frame[(frame["year"] == 2025) & (frame["month"] == 12)]
        assert same_month["total"].sum() == december["total"]
    before = by_month[(by_month["year"] == 2024) & (by_month["month"] == 12)]["total"].iloc[0]
    word = "naik" if december["total"] > before else "turun"
    assert takeaway.startswith(f"Penerima manfaat di Kalsel {word} dari ")
    assert "(Desember 2024)" in takeaway and "(Desember 2025)" in takeaway and "perempuan" in takeaway


def test_bali_2014_aid_by_item_holds_the_field_report_in_each_items_own_unit(demo_session):
    frame, takeaway = shown(demo_session, dashboards.AID_BY_ITEM, PIMPINAN, "Bali", province_code="51",
                            year_from=2014, year_to=2014)
    quantities = {(row.item, row.unit): row.quantity for row in frame.itertuples()}
    assert quantities[("Paket PMT", "paket")] == 190
    assert quantities[("Tripod", "unit")] == 1 and quantities[("Kursi roda", "unit")] == 1
    assert quantities[("Pakaian olahraga lansia", "stel")] == 106
    assert quantities[("Bedah rumah", "unit")] == 4
    assert takeaway.startswith("Bantuan di Bali 2014: Bedah rumah 4 unit, Paket PMT 190 paket")


def test_bali_2014_aid_was_funded_mostly_by_csr_and_donation_boxes(demo_session):
    frame, takeaway = shown(demo_session, dashboards.AID_BY_SOURCE, PIMPINAN, "Bali", province_code="51",
                            year_from=2014, year_to=2014)
    by_source = frame.groupby("source_kind")["value"].sum().sort_values(ascending=False)
    assert set(by_source.index[:2]) == {"csr", "kotak_sumbangan"}
    assert {"instansi", "donatur"} <= set(by_source.index)
    assert frame["value"].sum() == 50_000_000 + 28_500_000 + 18_550_000 + 1_750_000 + 450_000
    assert takeaway.startswith("Bantuan di Bali 2014: Rp 99,2 juta dalam 13 penyaluran, ")


def test_csr_by_company_keeps_ten_names_and_the_rest_as_others(demo_session):
    frame, takeaway = shown(demo_session, dashboards.CSR_BY_COMPANY, PIMPINAN, "Kalsel", province_code="63",
                            year_from=2013, year_to=2026)
    assert frame["rank"].max() <= 11 and frame["company"].nunique() <= 11
    top = frame[frame["rank"] == 1]["company"].iloc[0]
    assert takeaway.startswith(f"{top} mendanai bantuan terbesar: ")


def test_branch_board_shows_11_of_13_kalsel_branches_and_the_two_not_yet_formed(demo_session):
    frame, takeaway = shown(demo_session, dashboards.BRANCH_COVERAGE, SEKRETARIAT_KALSEL, "Kalsel", year_to=2023)
    assert len(frame) == 13 and frame["is_formed"].sum() == 11
    missing = set(frame.loc[~frame["is_formed"], "kab_kota"])
    assert missing == {"Kabupaten Tanah Bumbu", "Kabupaten Kotabaru"}
    assert takeaway.startswith("Cabang terbentuk di 11 dari 13 kab/kota di Kalsel; belum di ")
    cells = takeaways.coverage_cells(frame)
    not_formed = cells[(cells["column"] == "Cabang") & (cells["text"] == "Belum terbentuk")]
    assert set(not_formed["kab_kota"]) == {"Tanah Bumbu", "Kotabaru"}
    assert set(not_formed["status"]) == {takeaways.ACT}


def test_timeline_holds_the_kalbar_rakor_of_august_2023_with_70_participants(demo_session):
    frame, takeaway = shown(demo_session, dashboards.ACTIVITY_TIMELINE, PIMPINAN, "Kalbar", province_code="61",
                            year_from=2023, year_to=2023)
    rakor = frame[frame["kind"] == "rakor"].iloc[0]
    assert (rakor["start_date"], rakor["end_date"]) == (date(2023, 8, 9), date(2023, 8, 11))
    assert rakor["participants"] == 70 and rakor["kab_kota_present"] == 14
    assert "Hotel Gajah Mada" in rakor["place"]
    assert takeaway.startswith(f"{len(frame)} kegiatan di Kalbar pada 2023 dengan ")


def test_timeline_holds_the_kalsel_rakor_and_the_bali_raker(demo_session):
    kalsel, _ = shown(demo_session, dashboards.ACTIVITY_TIMELINE, SEKRETARIAT_KALSEL, "Kalsel", year_to=2023)
    rakor = kalsel[kalsel["kind"] == "rakor"].iloc[0]
    assert (rakor["start_date"], rakor["end_date"], rakor["participants"]) == (
        date(2023, 2, 20), date(2023, 2, 21), 57)
    bali, _ = shown(demo_session, dashboards.ACTIVITY_TIMELINE, PIMPINAN, "Bali", province_code="51", year_to=2014)
    raker = bali[bali["kind"] == "raker"].iloc[0]
    assert (raker["start_date"], raker["participants"], raker["kab_kota_present"]) == (date(2014, 7, 17), 115, 9)


def test_every_panel_stays_inside_an_operators_kab_kota(demo_session):
    for panel in dashboards.PANELS.values():
        frame, _ = shown(demo_session, panel, OPERATOR_BANJARMASIN, "Kota Banjarmasin", year_from=2023, year_to=2025)
        if "kab_kota_code" in frame.columns:
            assert set(frame["kab_kota_code"]) <= {"63.71"}, panel.key
    lks, _ = shown(demo_session, dashboards.LKS_PER_YEAR, OPERATOR_BANJARMASIN, "Kota Banjarmasin", year_to=2023)
    assert 0 < lks["count"].sum() < 154
    donations, _ = shown(demo_session, dashboards.DONATIONS_CASH, OPERATOR_BANJARMASIN, "Kota Banjarmasin",
                         year_from=2013, year_to=2026)
    assert donations.empty  # donations belong to the province, not to a kab/kota


def test_a_crafted_filter_for_another_kab_kota_or_province_is_refused(demo_session):
    with pytest.raises(PermissionDenied):
        scoped(OPERATOR_BANJARMASIN, Filters(kab_kota_code="63.72", year_to=2025))
    with pytest.raises(PermissionDenied):
        scoped(SEKRETARIAT_KALSEL, Filters(province_code="61", year_to=2025))
    with pytest.raises(PermissionDenied):
        scoped(SEKRETARIAT_KALSEL, Filters(kab_kota_code="61.71", year_to=2025))


def test_an_empty_selection_gives_a_plain_takeaway_and_no_chart(demo_session):
    for panel in dashboards.PANELS.values():
        if panel.query == dashboards.BRANCH_COVERAGE.query:  # the board and its map
            continue  # every kab/kota has a row, branch or not
        if panel is dashboards.REPORTING_MAP:
            continue  # last month by the clock, whatever years are chosen
        frame, takeaway = shown(demo_session, panel, SEKRETARIAT_KALSEL, "Kalsel", year_from=1970, year_to=1971)
        assert panel.is_empty(frame) or frame.select_dtypes("number").drop(
            columns=["year", "month", "rank"], errors="ignore").sum().sum() == 0, panel.key
        assert takeaway.startswith("Belum ada "), (panel.key, takeaway)


def test_downloads_render_the_chart_and_the_numbers(demo_session):
    frame, takeaway = shown(demo_session, dashboards.LKS_PER_YEAR, SEKRETARIAT_KALSEL, "Kalsel",
                            year_from=2023, year_to=2025)
    spec = dashboards.LKS_PER_YEAR.chart(frame, View("Kalsel", 2023, 2025)).to_dict()
    assert export.chart_png(spec, "Jumlah LKS", takeaway).startswith(b"\x89PNG")
    svg = export.chart_svg(spec, "Jumlah LKS", takeaway)
    assert "LKS di Kalsel naik dari 154 (2023) menjadi 199 (2025)" in svg and ">199<" in svg
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(export.frame_xlsx(frame, dashboards.LKS_PER_YEAR.headers, "LKS", takeaway))).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert rows[0] == ("Tahun", "Jenis LKS", "Jumlah LKS")
    assert sum(count for year, _, count in rows[1:] if year == 2025) == 199

