"""The reporting-cycle map: per kab/kota the share of active LKS that reported last month (by `kesos.clock`),
the same figures as the Kelengkapan grid and as a naive pandas reading of the raw monthly rows."""

from datetime import date, datetime, timedelta, timezone

import pandas as pd
import pytest
import time_machine
from sqlmodel import select

from kesos import clock, dashboards, maps, peta
from kesos.dashboards import View
from kesos.models import BeneficiaryCount, Lks
from kesos.queries import Filters, reporting, scoped
from kesos.security import Actor
from tests.test_maps import map_figures

SEKRETARIAT_KALSEL = Actor("sekretariat", "sekretariat", "63")


def _naive_shares(session, province: str, year: int, month: int) -> dict[str, tuple[int, int]]:
    """(reported, expected) per kab/kota from every LKS and count row, read whole."""
    lks = pd.read_sql(select(Lks.id, Lks.kab_kota_code, Lks.registered_on, Lks.closed_on, Lks.deleted_at),
                      session.connection())
    lks = lks[lks["kab_kota_code"].str.startswith(province + ".") & lks["deleted_at"].isna()]
    first = date(year, month, 1)
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    registered, closed = pd.to_datetime(lks["registered_on"]).dt.date, pd.to_datetime(lks["closed_on"]).dt.date
    active = lks[(registered <= last) & (lks["closed_on"].isna() | (closed >= first))]
    counts = pd.read_sql(select(BeneficiaryCount.lks_id, BeneficiaryCount.year, BeneficiaryCount.month,
                                BeneficiaryCount.deleted_at), session.connection())
    counts = counts[(counts["year"] == year) & (counts["month"] == month) & counts["deleted_at"].isna()]
    reported = set(counts["lks_id"])
    return {code: (int(group["id"].isin(reported).sum()), len(group))
            for code, group in active.groupby("kab_kota_code")}


def _drawn(session, moment: datetime):
    with time_machine.travel(moment, tick=False):
        chosen = scoped(SEKRETARIAT_KALSEL, Filters(province_code="63", year_to=2020))  # the year chosen is not used
        frame = dashboards.REPORTING_MAP.query(session, chosen)
        chart = dashboards.REPORTING_MAP.chart(frame, View("Kalsel", 2020, 2020))
        chart.to_dict(validate=True)
        return frame, map_figures(chart), dashboards.REPORTING_MAP.takeaway(frame, View("Kalsel", 2020, 2020))


@pytest.mark.parametrize(("moment", "expected_month"), [
    (datetime(2026, 12, 1, 0, 5, tzinfo=clock.WIB), (2026, 11)),   # just past a month's edge in WIB
    (datetime(2026, 11, 30, 23, 55, tzinfo=timezone.utc), (2026, 11)),  # already 1 December in WIB
    (datetime(2026, 11, 30, 23, 55, tzinfo=clock.WIB), (2026, 10)),  # the last minutes of November
    (datetime(2027, 1, 1, 0, 5, tzinfo=clock.WIB), (2026, 12)),     # 1 January: December of the year before
])
def test_the_map_shows_last_months_share_as_the_raw_rows_and_the_kelengkapan_grid(demo_session, moment,
                                                                                    expected_month):
    frame, figures, takeaway = _drawn(demo_session, moment)
    year, month = expected_month
    assert set(zip(frame["year"], frame["month"])) == {expected_month}
    naive = _naive_shares(demo_session, "63", year, month)
    assert naive
    grid = reporting.completeness(demo_session, SEKRETARIAT_KALSEL, "63", year, month,
                                  today=moment.astimezone(clock.WIB).date())
    drawn = {code for code in figures}
    assert drawn == {f["properties"]["code"] for f in peta.province_features("63")}
    for code, props in figures.items():
        cell = grid[grid["kab_kota_code"] == code].iloc[0]
        reported, expected = naive.get(code, (0, 0))
        assert (int(cell["reported"]), int(cell["expected"])) == (reported, expected), code
        if expected:
            assert props["value"] == pytest.approx(100 * reported / expected), code
            assert props["text"] == f"{reported} dari {expected} LKS ({round(100 * reported / expected)}%)"
        else:
            assert props["value"] is None and props["text"] == "Tidak ada LKS aktif"
    assert takeaway.startswith(("Oktober", "November", "Desember")) and str(year) in takeaway


def test_the_hover_names_the_kab_kota_and_the_share_in_indonesian(demo_session):
    frame = pd.DataFrame({"kab_kota_code": ["63.71", "63.72"], "kab_kota": ["Kota Banjarmasin", "Kota Banjarbaru"],
                          "year": 2026, "month": 11, "expected": [1234, 0], "reported": [1000, 0]})
    chart = maps.reporting_map(frame)
    spec = chart.to_dict(validate=True)
    figures = map_figures(chart)
    assert figures["63.71"]["text"] == "1.000 dari 1.234 LKS (81%)"  # Indonesian thousands separator
    assert figures["63.72"]["text"] == "Tidak ada LKS aktif"
    tooltips = [t["title"] for layer in spec["layer"] for t in layer.get("encoding", {}).get("tooltip", [])]
    assert "Kab/kota" in tooltips and "Melapor" in tooltips
    assert spec["config"]["legend"]["labelFontSize"] >= 14 and spec["config"]["legend"]["titleFontSize"] >= 16
