"""Issue 17's reads for the 3W page, the PPKS map and the PPKS Mode Rakor slide, read through the very
functions the pages, the slide and the report call, against a naive pandas reading of the raw rows;
and each stays inside an operator's kab/kota."""

from datetime import date

import pandas as pd
import pytest
from sqlalchemy import text

from kesos import clock, dashboards, takeaways, vocab
from kesos.dashboards import View
from kesos.errors import PermissionDenied
from kesos.queries import Filters, scoped
from kesos.queries import who_helps
from kesos.security import Actor
from tests.test_maps import map_figures

SEKRETARIAT_KALSEL = Actor("sekretariat", "sekretariat", "63")
SEKRETARIAT_KALBAR = Actor("sekretariat_kalbar", "sekretariat", "61")
OPERATOR_BANJARMASIN = Actor("operator", "operator", "63", "63.71")


def _raw(session, sql: str) -> pd.DataFrame:
    return pd.read_sql(text(sql), session.connection())


def _day(column: pd.Series) -> pd.Series:
    return pd.to_datetime(column).dt.date


# --- 3W: who helps what where -------------------------------------------------------------------------


def _naive_aid(session, province: str, year_from: int, year_to: int, kab_kota: str | None = None) -> pd.DataFrame:
    aid = _raw(session, "SELECT d.kab_kota_code, d.funding_source_id, f.kind, f.name AS funding_source, i.name AS item,"
                        " d.quantity, d.value_rupiah, d.distributed_on, d.deleted_at FROM aid_distribution d"
                        " JOIN funding_source f ON f.id = d.funding_source_id JOIN aid_item i ON i.id = d.aid_item_id")
    aid = aid[aid["deleted_at"].isna()]
    on = _day(aid["distributed_on"])
    aid = aid[(on >= date(year_from, 1, 1)) & (on <= date(year_to, 12, 31))
              & aid["kab_kota_code"].str.startswith(province + ".")]
    if kab_kota:
        aid = aid[aid["kab_kota_code"] == kab_kota]
    return aid


@pytest.mark.parametrize("province,actor", [("63", SEKRETARIAT_KALSEL), ("61", SEKRETARIAT_KALBAR)])
def test_who_helps_where_adds_up_to_the_raw_distributions_per_source_kab_kota_and_item(demo_session, province, actor):
    filters = scoped(actor, Filters(year_from=2023, year_to=2025))
    frame = dashboards.WHO_HELPS_WHERE.query(demo_session, filters)
    naive = _naive_aid(demo_session, province, 2023, 2025)
    assert len(naive) > 20
    keys = ["funding_source_id", "kab_kota_code", "item"]
    ours = frame.set_index(keys)[["value", "quantity", "distributions"]].sort_index()
    theirs = naive.groupby(keys).agg(value=("value_rupiah", "sum"), quantity=("quantity", "sum"),
                                     distributions=("value_rupiah", "size")).sort_index()
    pd.testing.assert_frame_equal(ours, theirs, check_dtype=False)
    assert int(frame["value"].sum()) == int(naive["value_rupiah"].sum())
    sources = dict(zip(naive["funding_source_id"], naive["kind"]))
    assert all(sources[i] == kind for i, kind in zip(frame["funding_source_id"], frame["source_kind"]))
    assert set(frame["source_label"]) <= set(vocab.FUNDING_SOURCE_KINDS.values())


def test_the_3w_chart_and_takeaway_show_the_same_totals(demo_session):
    filters = scoped(SEKRETARIAT_KALSEL, Filters(year_from=2024, year_to=2025))
    frame = dashboards.WHO_HELPS_WHERE.query(demo_session, filters)
    naive = _naive_aid(demo_session, "63", 2024, 2025)
    spec = dashboards.WHO_HELPS_WHERE.chart(frame, View("Kalsel", 2024, 2025)).to_dict(validate=True)
    drawn = pd.DataFrame(next(iter(spec["datasets"].values())))
    assert int(drawn["value"].sum()) == int(naive["value_rupiah"].sum())
    takeaway = dashboards.WHO_HELPS_WHERE.takeaway(frame, View("Kalsel", 2024, 2025))
    per_source = naive.groupby("funding_source")["value_rupiah"].sum().sort_values(ascending=False)
    assert f"{naive['funding_source_id'].nunique()} sumber dana membantu {naive['kab_kota_code'].nunique()} kab/kota" \
        in takeaway and per_source.index[0] in takeaway and "2024–2025" in takeaway


# --- 3W: the gaps ----------------------------------------------------------------------------------------


def _naive_gaps(session, province: str, year_from: int, year_to: int) -> set[tuple]:
    """(kab/kota, gap, LKS type or None, people) read off the raw tables, without the code's queries."""
    kab_kota = _raw(session, "SELECT code FROM kab_kota")
    kab_kota = sorted(kab_kota[kab_kota["code"].str.startswith(province + ".")]["code"])
    ppks = _raw(session, "SELECT kab_kota_code, year, category, count, deleted_at FROM welfare_count WHERE kind = 'ppks'")
    ppks = ppks[ppks["deleted_at"].isna() & ppks["year"].between(year_from, year_to)]
    day = min(clock.today(), date(year_to, 12, 31))
    aided = set(_naive_aid(session, province, year_from, year_to)["kab_kota_code"])
    branch = _raw(session, "SELECT kab_kota_code, is_formed, decree_date, deleted_at FROM branch")
    branch = branch[branch["deleted_at"].isna() & branch["is_formed"].astype(bool)
                    & (branch["decree_date"].isna() | (_day(branch["decree_date"]) <= day))]
    lks = _raw(session, "SELECT kab_kota_code, lks_type, registered_on, closed_on, deleted_at FROM lks")
    lks = lks[lks["deleted_at"].isna() & (_day(lks["registered_on"]) <= day)
              & (lks["closed_on"].isna() | (_day(lks["closed_on"]) > day))]
    have = set(zip(lks["kab_kota_code"], lks["lks_type"]))
    gaps = set()
    for code in kab_kota:
        own = ppks[ppks["kab_kota_code"] == code]
        if own.empty:
            gaps.add((code, "tanpa_angka", None, None))
            continue
        own = own[(own["year"] == own["year"].max()) & (own["count"] > 0)]
        if own.empty:
            continue
        people = int(own["count"].sum())
        if code not in aided:
            gaps.add((code, "tanpa_bantuan", None, people))
        if code not in set(branch["kab_kota_code"]):
            gaps.add((code, "tanpa_cabang", None, people))
        missing: dict[str, int] = {}
        for category, count in zip(own["category"], own["count"]):
            wanted = vocab.PPKS_LKS_TYPES[category]
            if wanted and not any((code, t) in have for t in wanted):
                for t in wanted:
                    missing[t] = missing.get(t, 0) + int(count)
        gaps |= {(code, "tanpa_lks", t, n) for t, n in missing.items()}
    return gaps


def _as_set(frame: pd.DataFrame) -> set[tuple]:
    return {(r.kab_kota_code, r.gap, None if pd.isna(r.lks_type) else r.lks_type,
             None if pd.isna(r.people) else int(r.people)) for r in frame.itertuples()}


@pytest.mark.parametrize("province,actor,years", [
    ("63", SEKRETARIAT_KALSEL, (2025, 2025)), ("63", SEKRETARIAT_KALSEL, (2024, 2025)),
    ("61", SEKRETARIAT_KALBAR, (2022, 2025)), ("63", SEKRETARIAT_KALSEL, (2026, 2026)),
])
def test_the_gaps_are_the_ones_a_naive_reading_of_the_raw_rows_finds(demo_session, province, actor, years):
    # Kota Banjarbaru's PPKS of 2024 and 2025 deleted: a kab/kota without figures in those years.
    demo_session.connection().execute(text(
        "UPDATE welfare_count SET deleted_at = '2026-01-05 02:00:00' WHERE kab_kota_code = '63.72' AND kind = 'ppks'"
        " AND year >= 2024"))
    filters = scoped(actor, Filters(year_from=years[0], year_to=years[1]))
    ours = who_helps.gaps(demo_session, filters)
    theirs = _naive_gaps(demo_session, province, *years)
    assert _as_set(ours) == theirs
    assert len(ours) == len(theirs)  # no gap listed twice
    if years == (2025, 2025) and province == "63":
        # Every kind of gap is in the demo: a kab/kota without aid in 2025, Tanah Bumbu and Kotabaru
        # without a branch, Banjarbaru without figures, and LKS types missing.
        assert set(ours["gap"]) == set(who_helps.GAPS)
        assert {code for code, gap, _, _ in theirs if gap == "tanpa_cabang"} == {"63.02", "63.10"}
    if years == (2026, 2026):
        assert {gap for _, gap, _, _ in theirs} == {"tanpa_angka"}  # 2026 is not counted yet


def test_the_gap_summary_has_one_row_per_kab_kota_with_its_missing_lks_types(demo_session):
    gaps = who_helps.gaps(demo_session, scoped(SEKRETARIAT_KALSEL, Filters(year_from=2025, year_to=2025)))
    summary = who_helps.gaps_by_kab_kota(gaps)
    assert summary["kab_kota_code"].is_unique and set(summary["kab_kota_code"]) == set(gaps["kab_kota_code"])
    kotabaru = summary[summary["kab_kota_code"] == "63.02"].iloc[0]
    assert bool(kotabaru["no_branch"]) and not bool(kotabaru["no_figures"])
    missing = gaps[(gaps["kab_kota_code"] == "63.02") & (gaps["gap"] == "tanpa_lks")]
    assert kotabaru["missing_lks"] == ", ".join(vocab.LKS_TYPE_SHORT[t] for t in missing["lks_type"])
    assert kotabaru["missing_lks_people"] == missing["people"].sum() > 0


def test_an_operator_sees_only_its_kab_kota_in_the_3w_and_the_gaps(demo_session):
    filters = scoped(OPERATOR_BANJARMASIN, Filters(province_code="63", year_from=2023, year_to=2025))
    aid = who_helps.who_helps_where(demo_session, filters)
    gaps = who_helps.gaps(demo_session, filters)
    assert set(aid["kab_kota_code"]) == {"63.71"} and set(gaps["kab_kota_code"]) <= {"63.71"}
    assert int(aid["value"].sum()) == int(_naive_aid(demo_session, "63", 2023, 2025, "63.71")["value_rupiah"].sum())
    with pytest.raises(PermissionDenied):
        scoped(OPERATOR_BANJARMASIN, Filters(kab_kota_code="63.72", year_to=2025))


# --- The PPKS map and the Mode Rakor slide ----------------------------------------------------------------


def _naive_ppks(session, year: int, province: str = "63") -> pd.DataFrame:
    raw = _raw(session, "SELECT kab_kota_code, year, category, count, source, figures_on, deleted_at"
                        " FROM welfare_count WHERE kind = 'ppks'")
    return raw[raw["deleted_at"].isna() & (raw["year"] == year) & raw["kab_kota_code"].str.startswith(province + ".")]


@pytest.mark.parametrize("category", [None, "fakir_miskin", "lansia_telantar"])
def test_the_ppks_map_shows_each_kab_kotas_people_as_the_raw_rows_do(demo_session, category):
    panel = dashboards.PPKS_MAPS[category]
    filters = scoped(SEKRETARIAT_KALSEL, Filters(year_from=2025, year_to=2025))
    frame = panel.query(demo_session, filters)
    chart = panel.chart(frame, View("Kalsel", 2025, 2025))
    chart.to_dict(validate=True)
    drawn = map_figures(chart)
    naive = _naive_ppks(demo_session, 2025)
    if category:
        naive = naive[naive["category"] == category]
    expected = naive.groupby("kab_kota_code")["count"].sum().to_dict()
    assert len(expected) == 13
    assert {code: props["value"] for code, props in drawn.items()} == expected
    top = max(expected, key=expected.get)
    assert panel.takeaway(frame, View("Kalsel", 2025, 2025)).endswith(
        "jiwa pada 2025 (13 dari 13 kab/kota melapor)")
    assert f"{expected[top]:,}".replace(",", ".") in panel.takeaway(frame, View("Kalsel", 2025, 2025))


def test_a_kab_kota_that_did_not_report_is_grey_on_the_ppks_map_and_the_takeaway_counts_it_out(demo_session):
    demo_session.connection().execute(text(
        "UPDATE welfare_count SET deleted_at = '2026-01-05 02:00:00' WHERE kab_kota_code = '63.72' AND year = 2025"))
    panel = dashboards.PPKS_MAPS[None]
    frame = panel.query(demo_session, scoped(SEKRETARIAT_KALSEL, Filters(year_from=2025, year_to=2025)))
    drawn = map_figures(panel.chart(frame, View("Kalsel", 2025, 2025)))
    assert drawn["63.72"]["value"] is None and drawn["63.72"]["text"] == "Belum ada angka 2025"
    assert "(12 dari 13 kab/kota melapor)" in panel.takeaway(frame, View("Kalsel", 2025, 2025))


def test_the_ppks_slide_is_in_mode_rakor_and_its_figures_are_the_raw_rows(demo_session):
    panel = dashboards.PPKS_TOP_NEEDS
    assert panel in dashboards.RAKOR_SLIDES and not panel.province_only
    # A rakor in 2026 (not counted yet) shows 2025, and says so.
    frame = panel.query(demo_session, scoped(SEKRETARIAT_KALSEL, Filters(year_from=2024, year_to=2026)))
    naive, before = _naive_ppks(demo_session, 2025), _naive_ppks(demo_session, 2024)
    per = naive.groupby("category")["count"].sum().sort_values(ascending=False)
    assert frame["category"].tolist()[:5] == per.index.tolist()[:5]
    assert dict(zip(frame["category"], frame["count"])) == per.to_dict()
    top = per.index[0]
    change = 100 * (per[top] - before[before["category"] == top]["count"].sum()) / before[
        before["category"] == top]["count"].sum()
    takeaway = panel.takeaway(frame, View("Kalsel", 2024, 2026))
    sources = ", ".join(vocab.WELFARE_SOURCES[s] for s in vocab.WELFARE_SOURCES if s in set(naive["source"]))
    assert takeaway.startswith(f"Kebutuhan terbesar di Kalsel pada 2025: {vocab.PPKS_CATEGORIES[top]} ")
    assert f"{'naik' if change > 0 else 'turun'} {abs(change):.1f}".replace(".", ",") + "% dari 2024" in takeaway
    assert "13 dari 13 kab/kota melapor" in takeaway and f"sumber: {sources}" in takeaway
    newest = max(_day(naive["figures_on"]))
    assert f"data per {newest.day} " in takeaway and str(newest.year) in takeaway
    panel.chart(frame, View("Kalsel", 2024, 2026)).to_dict(validate=True)


def test_the_change_on_the_slide_is_like_for_like_when_a_kab_kota_did_not_report_last_year(demo_session):
    demo_session.connection().execute(text(
        "UPDATE welfare_count SET deleted_at = '2026-01-05 02:00:00' WHERE kab_kota_code = '63.72' AND year = 2024"))
    panel = dashboards.PPKS_TOP_NEEDS
    frame = panel.query(demo_session, scoped(SEKRETARIAT_KALSEL, Filters(year_from=2025, year_to=2025)))
    naive, before = _naive_ppks(demo_session, 2025), _naive_ppks(demo_session, 2024)
    top = frame["category"].iloc[0]
    both = naive[(naive["category"] == top) & (naive["kab_kota_code"] != "63.72")]["count"].sum()
    last = before[before["category"] == top]["count"].sum()
    row = frame.iloc[0]
    assert (int(row["count_both"]), int(row["previous_both"]), int(row["kab_kota_both"])) == (both, last, 12)
    assert int(row["count"]) == naive[naive["category"] == top]["count"].sum()  # the year's figure: all 13
    takeaway = panel.takeaway(frame, View("Kalsel", 2025, 2025))
    assert "di 12 kab/kota yang melapor kedua tahun" in takeaway and "13 dari 13 kab/kota melapor" in takeaway
    assert takeaways.ppks_change(row) in takeaway


def test_the_ppks_slide_of_an_operator_is_its_kab_kota_only(demo_session):
    filters = scoped(OPERATOR_BANJARMASIN, Filters(year_from=2025, year_to=2025))
    frame = dashboards.PPKS_TOP_NEEDS.query(demo_session, filters)
    naive = _naive_ppks(demo_session, 2025)
    assert dict(zip(frame["category"], frame["count"])) == \
        naive[naive["kab_kota_code"] == "63.71"].set_index("category")["count"].to_dict()
    assert set(frame["kab_kota_total"]) == {1}
    for category in (None, "fakir_miskin"):
        assert set(dashboards.PPKS_MAPS[category].query(demo_session, filters)["kab_kota_code"]) == {"63.71"}
