"""The maps (kesos.maps): every kab/kota of the province drawn with the figure the dashboards' own
queries give, checked against a naive reading of the raw rows; the kab/kota without a boundary
named under the map; the national view by province; the branch map page of the laporan wilayah."""

import subprocess
from datetime import date

import pandas as pd
import pytest
from sqlalchemy import text

from kesos import clock, dashboards, export, fmt, maps, peta
from kesos.dashboards import View
from kesos.queries import Filters, scoped
from kesos.queries.branch import branch_coverage
from kesos.queries.lks import lks_by_type_per_kab_kota
from kesos.reports import ReportRequest, collect
from kesos.reports.pdf import render_pdf
from kesos.security import Actor

SEKRETARIAT_KALSEL = Actor("sekretariat", "sekretariat", "63")
PIMPINAN = Actor("pimpinan", "pimpinan")


def map_figures(chart) -> dict[str, dict]:
    """The properties of every feature drawn, by code: what the map shows (its tooltip and labels)."""
    found = {}

    def walk(node) -> None:
        if isinstance(node, dict):
            if node.get("type") == "Feature":
                found[node["properties"]["code"]] = node["properties"]
                return
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(chart.to_dict())
    return found


def _raw(session, sql: str, province: str | None = None) -> pd.DataFrame:
    """Raw rows, `:prefix` bound to the province's codes (a literal % trips psycopg's placeholders)."""
    return pd.read_sql(text(sql), session.connection(), params={"prefix": f"{province}.%"} if province else None)


def _drawn(panel, session, actor, **filters):
    """What a page draws for the map panel: the query's frame and the figures on the map, by code."""
    chosen = scoped(actor, Filters(**filters))
    frame = panel.query(session, chosen)
    chart = panel.chart(frame, View("Kalsel", chosen.year_from or chosen.year, chosen.year))
    chart.to_dict(validate=True)  # the app skips validation; the tests do not
    return frame, map_figures(chart)


def _codes(province: str) -> set[str]:
    return {f["properties"]["code"] for f in peta.province_features(province)}


def _alive(lks: pd.DataFrame, day: date) -> pd.DataFrame:
    registered = pd.to_datetime(lks["registered_on"]).dt.date
    closed = pd.to_datetime(lks["closed_on"]).dt.date
    return lks[lks["deleted_at"].isna() & (registered <= day) & (lks["closed_on"].isna() | (closed > day))]


@pytest.mark.parametrize("lks_type", [None, "napza"])
def test_the_lks_map_shows_each_kab_kotas_count_as_the_query_and_the_raw_register_do(demo_session, lks_type):
    frame, figures = _drawn(dashboards.LKS_MAP, demo_session, SEKRETARIAT_KALSEL, year_to=2023, lks_type=lks_type)
    assert set(figures) == _codes("63") and len(figures) == 13  # every kab/kota drawn, none with LKS or not
    lks = _alive(_raw(demo_session, "SELECT * FROM lks WHERE kab_kota_code LIKE :prefix", "63"), date(2023, 12, 31))
    if lks_type:
        lks = lks[lks["lks_type"] == lks_type]
    naive = lks.groupby("kab_kota_code").size().to_dict()
    from_query = frame.groupby("kab_kota_code")["count"].sum().to_dict()
    for code, shown in figures.items():
        assert shown["value"] == from_query.get(code, 0) == naive.get(code, 0), code
        assert shown["text"] == f"{fmt.number(naive.get(code, 0))} LKS"
    assert sum(f["value"] for f in figures.values()) == (3 if lks_type else 154)  # the field's facts


def _branch_states(session, day: date) -> dict[str, str]:
    """Naive: each kab/kota of Kalsel's branch from the raw branch and board_term rows."""
    branches = _raw(session, "SELECT * FROM branch WHERE deleted_at IS NULL AND kab_kota_code LIKE :prefix",
                    "63")
    terms = _raw(session, "SELECT * FROM board_term WHERE deleted_at IS NULL AND branch_id IS NOT NULL")
    terms = terms[pd.to_datetime(terms["term_start"]).dt.date <= day]
    states = {}
    for code in _codes("63"):
        row = branches[branches["kab_kota_code"] == code]
        decree = None if row.empty or pd.isna(row.iloc[0]["decree_date"]) else pd.to_datetime(
            row.iloc[0]["decree_date"]).date()
        if row.empty or not row.iloc[0]["is_formed"] or (decree and decree > day):
            states[code] = maps.NOT_FORMED
            continue
        own = terms[terms["branch_id"] == row.iloc[0]["id"]]
        if own.empty:
            states[code] = maps.FORMED
            continue
        end = pd.to_datetime(own.sort_values("term_start").iloc[-1]["term_end"]).date()
        states[code] = (maps.TERM_OVER if end < day else maps.TERM_SOON if (end - day).days <= 365
                        else maps.FORMED)
    return states


@pytest.mark.parametrize("year", [2023, 2025])
def test_the_branch_map_shows_tanah_bumbu_and_kotabaru_without_a_branch(demo_session, year):
    frame, figures = _drawn(dashboards.BRANCH_MAP, demo_session, SEKRETARIAT_KALSEL, year_to=year)
    assert set(figures) == _codes("63")
    assert figures["63.10"]["value"] == figures["63.02"]["value"] == maps.NOT_FORMED  # Tanah Bumbu, Kotabaru
    day = min(clock.today(), date(year, 12, 31))
    assert {code: f["value"] for code, f in figures.items()} == _branch_states(demo_session, day)
    assert sum(f["value"] != maps.NOT_FORMED for f in figures.values()) == frame["is_formed"].sum() == 11


def test_the_aid_map_shows_each_kab_kotas_rupiah_as_the_query_and_the_raw_distributions_do(demo_session):
    frame, figures = _drawn(dashboards.AID_MAP, demo_session, PIMPINAN, province_code="51", year_from=2013,
                            year_to=2016)
    assert set(figures) == _codes("51") and len(figures) == 9
    rows = _raw(demo_session, "SELECT kab_kota_code, value_rupiah, distributed_on FROM aid_distribution "
                              "WHERE deleted_at IS NULL AND kab_kota_code LIKE :prefix", "51")
    on = pd.to_datetime(rows["distributed_on"]).dt.date
    rows = rows[(on >= date(2013, 1, 1)) & (on <= date(2016, 12, 31))]
    naive = rows.groupby("kab_kota_code")["value_rupiah"].sum().to_dict()
    from_query = frame.set_index("kab_kota_code")["value"].to_dict()
    assert naive and sum(naive.values()) > 0
    for code, shown in figures.items():
        assert shown["value"] == from_query.get(code, 0) == naive.get(code, 0), code
        assert shown["text"] == fmt.rupiah(naive.get(code, 0))  # "Rp 1.250.000" in the tooltip


def test_a_kab_kota_without_a_boundary_is_named_under_the_map_with_its_figure():
    # Sumatera Barat: Kota Padang Panjang (13.74) and Kota Bukittinggi (13.75) have no boundary.
    frame = pd.DataFrame({"kab_kota_code": ["13.71", "13.75"], "kab_kota": ["Kota Padang", "Kota Bukittinggi"],
                          "lks_type": ["anak", "anak"], "count": [5, 3]})
    chart = maps.lks_map(frame)
    figures = map_figures(chart)
    assert figures["13.71"]["value"] == 5 and "13.75" not in figures
    notes = [row["note"] for values in chart.to_dict()["datasets"].values() for row in values if "note" in row]
    assert notes == ["Tanpa batas wilayah di peta: Kota Padang Panjang (0 LKS); Kota Bukittinggi (3 LKS)"]
    assert "Kota Bukittinggi (3 LKS)" in export.chart_svg(chart)
    kalsel = pd.DataFrame({"kab_kota_code": ["63.71"], "kab_kota": ["Kota Banjarmasin"], "lks_type": ["anak"],
                           "count": [1]})
    assert not any("note" in row for values in maps.lks_map(kalsel).to_dict().get("datasets", {}).values()
                   for row in values)


def test_the_national_map_colours_each_province_of_the_deployment_by_its_kab_kotas_sum(demo_session):
    national = scoped(PIMPINAN, Filters(year_to=2023))
    lks = lks_by_type_per_kab_kota(demo_session, national)
    figures = map_figures(dashboards.LKS_MAP.chart(lks, View("semua provinsi", 2023, 2023)))
    assert len(figures) == 38
    per_province = lks.groupby(lks["kab_kota_code"].str[:2])["count"].sum().to_dict()
    assert set(per_province) == {"51", "61", "63"} and per_province["63"] == 154
    for code, shown in figures.items():
        assert shown["value"] == per_province.get(code), code
    branches = branch_coverage(demo_session, national)
    state = map_figures(dashboards.BRANCH_MAP.chart(branches, View("semua provinsi", 2023, 2023)))
    assert state["63"]["text"] == "11 dari 13 kab/kota" and state["63"]["value"] == round(100 * 11 / 13)
    assert {code for code, f in state.items() if f["value"] is not None} == {"51", "61", "63"}


def test_a_map_renders_to_png_and_svg_with_its_names_and_a_legend_readable_on_a_projector(demo_session):
    frame, _ = _drawn(dashboards.BRANCH_MAP, demo_session, SEKRETARIAT_KALSEL, year_to=2025)
    chart = maps.branch_map(frame)
    svg = export.chart_svg(chart, "Peta cabang", "Cabang terbentuk di 11 dari 13 kab/kota")
    assert "Tanah Bumbu" in svg and "Kotabaru" in svg and maps.NOT_FORMED in svg
    assert export.chart_png(chart).startswith(b"\x89PNG")
    legend = chart.to_dict()["config"]["legend"]
    assert legend["labelFontSize"] >= 16 and legend["titleFontSize"] >= 18


def test_the_laporan_wilayah_pdf_has_a_page_with_the_branch_map(demo_session, tmp_path):
    report = collect(demo_session, SEKRETARIAT_KALSEL, ReportRequest("63", None, 2025, 2025))
    path = tmp_path / "laporan.pdf"
    path.write_bytes(render_pdf(report))

    def run(*command) -> str:
        return subprocess.run([*command, str(path), "-"][: None if command[0] == "pdftotext" else -1],
                              capture_output=True, check=True).stdout.decode()

    count = int(next(line for line in run("pdfinfo").splitlines() if line.startswith("Pages:")).split()[1])
    texts = [run("pdftotext", "-f", str(n), "-l", str(n)) for n in range(1, count + 1)]
    found = [n for n, text in enumerate(texts, start=1) if "Peta cabang kab/kota di Kalsel, 2025" in text]
    assert len(found) == 1
    page = found[0]
    # On a page of its own: its title comes first under the running header.
    body = [line for line in texts[page - 1].splitlines() if line.strip()]
    assert body[2] == "Peta cabang kab/kota di Kalsel, 2025", body[:3]
    images = run("pdfimages", "-list", "-f", str(page), "-l", str(page)).splitlines()[2:]
    assert len(images) >= 1  # the map itself
