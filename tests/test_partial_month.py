"""A partial month (November 2026 for 2 of Kalsel's 13 kab/kota) never reads as a fall: every takeaway,
slide and the overview name how complete it is, the chart marks it, and a year not over is compared
with the same months of the first year."""

from datetime import datetime, timedelta, timezone

import pytest
import time_machine
from sqlmodel import Session

from kesos import dashboards, queries
from kesos.queries import Filters
from kesos.queries.aid import aid_by_source_per_year
from kesos.queries.beneficiary import beneficiaries_by_month
from kesos.security import Actor
from kesos.services import beneficiary

SEKRETARIAT = Actor("sekretariat", "sekretariat", province_code="63")
# The demo's data end is 31 October 2026; the issue was seen in early December.
EARLY_DECEMBER = datetime(2026, 12, 2, 9, 0, tzinfo=timezone(timedelta(hours=8)))
NOTE = "November 2026: baru 2 dari 13 kab/kota melapor"


@pytest.fixture
def partial_november(demo_engine):
    with time_machine.travel(EARLY_DECEMBER, tick=False), Session(demo_engine) as session:
        for kab_kota in ("63.71", "63.72"):  # Banjarmasin and Banjarbaru enter November, copied from October
            grid = beneficiary.copy_last_month(session=session, actor=SEKRETARIAT, kab_kota_code=kab_kota,
                                               year=2026, month=11)
            beneficiary.save_grid(session=session, actor=SEKRETARIAT, kab_kota_code=kab_kota, year=2026, month=11,
                                  rows=[beneficiary.Row(int(r.lks_id), r.women, r.men) for r in grid.itertuples()],
                                  expected_versions={}, warnings_reason="Disalin dari Oktober")
        session.commit()
        yield session


def test_no_takeaway_or_slide_says_turun_and_the_beneficiary_ones_say_how_complete_november_is(partial_november):
    filters = Filters(province_code="63", year_from=2025, year_to=2026)
    view = dashboards.View("Kalsel", 2025, 2026)
    slides = {panel.key for panel in dashboards.RAKOR_SLIDES}
    for panel in dashboards.PANELS.values():
        frame = panel.query(partial_november, filters)
        takeaway = panel.takeaway(frame, view)
        assert "turun" not in takeaway, (panel.key, takeaway)
        if panel.key.startswith("penerima"):
            assert NOTE in takeaway and "November 2025" not in takeaway, takeaway
        assert (panel.key in slides or panel.key.startswith("peta-ppks-")  # maps and 3W on pages only
                or panel.key in {"penerima-per-kab-kota", "donasi-barang", "peta-lks", "peta-bantuan", "peta-pelaporan",
                                 "siapa-membantu"}), panel.key


def test_the_overview_shows_the_last_complete_month_and_names_the_partial_one(partial_november):
    figures = queries.headline(partial_november, Filters(province_code="63", year_to=2026))
    # October is itself partial in the demo (3 kab/kota late), so the last complete month is September.
    assert figures["beneficiaries_month"] == 9 and figures["beneficiaries_complete"]
    assert figures["beneficiaries_partial"] == {"month": 11, "complete_kab_kota": 2, "expected_kab_kota": 13}
    # Both partial months after September are named, not only the newest.
    assert figures["beneficiaries_partial_months"] == [
        {"month": 10, "complete_kab_kota": 10, "expected_kab_kota": 13},
        {"month": 11, "complete_kab_kota": 2, "expected_kab_kota": 13}]
    september = beneficiaries_by_month(partial_november, Filters(province_code="63", year_to=2026))
    row = september[(september["year"] == 2026) & (september["month"] == 9)]
    assert figures["beneficiaries"] == int(row["total"].iloc[0]) > 3_500


def test_the_monthly_chart_draws_the_partial_months_pale_and_labelled(partial_november):
    filters = Filters(province_code="63", year_from=2025, year_to=2026)
    frame = beneficiaries_by_month(partial_november, filters)
    spec = dashboards.BENEFICIARIES_BY_MONTH.chart(frame, dashboards.View("Kalsel", 2025, 2026)).to_dict()
    bars = spec["layer"][0]["encoding"]["opacity"]
    assert bars["condition"]["test"] == "datum.lengkap" and bars["value"] < 1
    labels = spec["layer"][2]
    rows = spec["datasets"][labels["data"]["name"]]
    assert {row["bulan"] for row in rows} == {"Oktober", "November"}
    assert {row["label"] for row in rows} == {"belum lengkap"}


def test_a_year_not_over_is_compared_with_the_same_months_of_the_first_year(partial_november):
    with time_machine.travel(EARLY_DECEMBER, tick=False):
        filters = Filters(province_code="63", year_from=2025, year_to=2026)
        frame = aid_by_source_per_year(partial_november, filters)
        takeaway = dashboards.AID_BY_SOURCE.takeaway(frame, dashboards.View("Kalsel", 2025, 2026))
    assert "(Januari–Oktober 2025)" in takeaway and "(Januari–Oktober 2026)" in takeaway
    whole_2025 = frame.loc[frame["year"] == 2025, "value"].sum()
    same_months = frame.loc[frame["year"] == 2025, "value_same_period"].sum()
    assert same_months < whole_2025


def test_the_laporan_wilayah_says_which_months_were_approved_and_how_complete_november_is(partial_november):
    from kesos.reports.figures import ReportRequest, collect

    report = collect(partial_november, SEKRETARIAT, ReportRequest("63", None, 2026, 2026))
    head = report.figures["headline"]
    assert head["beneficiaries_month"] == "2026-09" and head["beneficiaries_note"] == NOTE
    approved = {m["month"]: m["approved_kab_kota"] for m in report.figures["approved_months"]}
    assert approved["2026-08"] == 13 and approved["2026-09"] == 10 and approved["2026-11"] == 0
    assert {m["kab_kota"] for m in report.figures["approved_months"]} == {13}
