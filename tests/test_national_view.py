"""The all-provinces view of a national deployment: admin and pimpinan pick "Semua provinsi" on every dashboard,
and the per-kab/kota panels draw one row per province, each equal to pandas over the raw rows.

On a generated database of three provinces (Bali, Kalbar, Kalsel: the `small` scale's sizes).
"""

import dataclasses
import io

import pandas as pd
import pytest
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from kesos import dashboards, generate, navigation, queries
from kesos.db import make_engine
from kesos.security import Actor
from tests.databases import on_postgres
from tests.pages.apptest import ROOT

pytestmark = pytest.mark.database
PROVINCES = ("51", "61", "63")
YEARS = (2024, 2026)
NATIONAL = queries.Filters(year_from=YEARS[0], year_to=YEARS[1])
VIEW = dashboards.View("semua provinsi", *YEARS, national=True)
LEADERS = {"admin": Actor("admin", "admin"), "pimpinan": Actor("pimpinan", "pimpinan")}


@pytest.fixture(scope="module")
def trio_url(request, tmp_path_factory):
    scale = dataclasses.replace(generate.SCALES["small"], name="trio", provinces=PROVINCES)
    patch = pytest.MonkeyPatch()
    patch.setitem(generate.SCALES, "trio", scale)
    if on_postgres():
        databases = request.getfixturevalue("postgres_databases")
        url = databases.url(databases.create(label="trio"))
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('trio') / 'trio.db'}"
    engine = make_engine(url)
    generate.generate(engine, "trio", progress_stream=io.StringIO())
    engine.dispose()
    yield url
    patch.undo()


@pytest.fixture(scope="module")
def trio(trio_url):
    engine = make_engine(trio_url)
    yield engine
    engine.dispose()


def _raw(engine, table: str) -> pd.DataFrame:
    with engine.connect() as connection:
        return pd.read_sql_table(table, connection)


def _drawn(panel, engine) -> pd.DataFrame:
    """The rows of the national chart's main dataset (the one with the panel's value column)."""
    with Session(engine) as session:
        frame = panel.query(session, NATIONAL)
    spec = dashboards.panel_spec(panel, frame, VIEW)
    datasets = [pd.DataFrame(rows) for rows in spec["datasets"].values()]
    return datasets


def test_lks_per_province_is_pandas_over_the_raw_lks(trio):
    lks = _raw(trio, "lks")
    year_end = pd.Timestamp(YEARS[1], 12, 31)
    alive = lks[lks["deleted_at"].isna() & (pd.to_datetime(lks["registered_on"]) <= year_end)
                & (lks["closed_on"].isna() | (pd.to_datetime(lks["closed_on"]) > year_end))]
    expected = alive.groupby(alive["kab_kota_code"].str[:2]).size()
    names = dashboards.province_names()
    drawn = next(d for d in _drawn(dashboards.LKS_PER_KAB_KOTA, trio) if "count" in d)
    shown = drawn.groupby("kab_kota")["count"].sum()
    assert len(shown) == len(PROVINCES)
    assert shown.to_dict() == {names[code]: count for code, count in expected.items()}


def test_aid_per_province_is_pandas_over_the_raw_distributions(trio):
    aid = _raw(trio, "aid_distribution")
    aid = aid[aid["deleted_at"].isna() & pd.to_datetime(aid["distributed_on"]).dt.year.between(*YEARS)]
    expected = aid.groupby(aid["kab_kota_code"].str[:2])["value_rupiah"].sum()
    names = dashboards.province_names()
    drawn = next(d for d in _drawn(dashboards.AID_BY_KAB_KOTA, trio) if "value" in d)
    assert drawn.set_index("kab_kota")["value"].to_dict() == {names[code]: v for code, v in expected.items()}


def test_beneficiaries_per_province_are_pandas_over_the_raw_counts(trio):
    counts, lks = _raw(trio, "beneficiary_count"), _raw(trio, "lks")
    rows = counts[counts["deleted_at"].isna()].merge(lks[lks["deleted_at"].isna()][["id", "kab_kota_code"]],
                                                     left_on="lks_id", right_on="id")
    rows = rows[rows["year"].isin([YEARS[1] - 1, YEARS[1]])]
    expected = (rows.assign(province=rows["kab_kota_code"].str[:2], total=rows["women"] + rows["men"])
                .groupby(["province", "year", "month"])["total"].sum())
    names = dashboards.province_names()
    drawn = next(d for d in _drawn(dashboards.BENEFICIARIES_BY_KAB_KOTA, trio) if "total" in d)
    shown = drawn.set_index(["kab_kota", "year", "month"])["total"]
    assert shown.to_dict() == {(names[p], y, m): v for (p, y, m), v in expected.items()}
    assert drawn["kab_kota"].nunique() == len(PROVINCES)


def test_who_helps_what_where_for_every_province_is_pandas_over_the_raw_distributions(trio):
    """The whole country's 3W: a row per province, kind of source and item (not per source: a national
    deployment's 5,000 sources give 250,000 rows), its sources counted and the largest named."""
    from kesos.queries import who_helps

    aid, sources, items = _raw(trio, "aid_distribution"), _raw(trio, "funding_source"), _raw(trio, "aid_item")
    aid = aid[aid["deleted_at"].isna() & pd.to_datetime(aid["distributed_on"]).dt.year.between(*YEARS)]
    aid = (aid.merge(sources[["id", "kind", "name"]].rename(columns={"id": "funding_source_id", "name": "source"}),
                     on="funding_source_id")
           .merge(items[["id", "name"]].rename(columns={"id": "aid_item_id", "name": "item"}), on="aid_item_id"))
    aid["province"] = aid["kab_kota_code"].str[:2]
    expected = aid.groupby(["province", "kind", "item"]).agg(value=("value_rupiah", "sum"),
                                                              quantity=("quantity", "sum"), distributions=("id", "size"))
    given = aid.groupby(["province", "kind", "funding_source_id", "source"])["value_rupiah"].sum().reset_index()
    counted = given.groupby(["province", "kind"])["funding_source_id"].nunique()
    largest = given.sort_values(["value_rupiah", "source"], ascending=[False, True]).groupby(["province", "kind"])[
        "source"].first()
    overall = aid.groupby(["funding_source_id", "source"])["value_rupiah"].sum().sort_values(ascending=False)
    with Session(trio) as session:
        frame = who_helps.who_helps_where(session, NATIONAL)
    shown = frame.set_index(["kab_kota_code", "source_kind", "item"])
    assert shown[["value", "quantity", "distributions"]].sort_index().to_dict("index") == expected.sort_index().to_dict(
        "index")
    per_kind = frame.drop_duplicates(["kab_kota_code", "source_kind"]).set_index(["kab_kota_code", "source_kind"])
    assert per_kind["sources"].sort_index().to_dict() == counted.sort_index().to_dict()
    assert per_kind["largest"].sort_index().to_dict() == largest.sort_index().to_dict()
    assert set(frame["kab_kota_code"]) == set(PROVINCES)
    assert frame["sources_total"].iloc[0] == aid["funding_source_id"].nunique()
    assert (frame["largest_total"].iloc[0], frame["largest_total_value"].iloc[0]) == (overall.index[0][1], overall.iloc[0])
    drawn = next(d for d in _drawn(dashboards.WHO_HELPS_WHERE, trio) if "sources" in d)
    assert drawn["kab_kota"].nunique() == len(PROVINCES)  # a bar per province, not per kab/kota


@pytest.mark.parametrize("role", list(LEADERS))
def test_admin_and_pimpinan_pick_every_province_on_every_dashboard(trio_url, monkeypatch, role):
    from kesos import config

    import streamlit as st

    monkeypatch.setenv("DATABASE_URL", trio_url)
    monkeypatch.setenv("KESOS_COOKIE_KEY", "test-cookie-key-0123456789abcdef")
    config.settings.cache_clear()
    st.cache_resource.clear()
    st.cache_data.clear()
    try:
        for spec in navigation.PAGES:
            if not spec.script.startswith("pages/dasbor/") or spec.key == "dasbor-pusat-data":
                continue
            at = AppTest.from_file(str(ROOT / spec.script), default_timeout=120)
            at.session_state["kesos_actor"] = LEADERS[role]
            at.query_params["prov"], at.query_params["dari"], at.query_params["tahun"] = "semua", "2024", "2026"
            if spec.key == "rakor":
                at.query_params["slide"] = "2"  # LKS per province
            at.run()
            assert not at.exception, (spec.key, at.exception)
            if spec.key != "rakor":
                province = next(box for box in at.selectbox if box.label == "Provinsi")
                assert province.value is None and province.options[0] == "Semua provinsi", spec.key
                assert at.query_params["prov"] == ["semua"] or at.query_params["prov"] == "semua"
            shown = " ".join(str(element.value) for element in [*at.subheader, *at.markdown])
            if spec.key in ("dasbor-lks", "rakor", "ringkasan"):
                assert "tiap provinsi" in shown, spec.key
            if spec.key == "dasbor-bantuan":
                assert "Bantuan per provinsi" in shown
    finally:
        config.settings.cache_clear()
        st.cache_resource.clear()
        st.cache_data.clear()


def test_a_province_secretariat_is_not_offered_every_province(app_env):
    at = AppTest.from_file(str(ROOT / "pages/dasbor/lks.py"), default_timeout=120)
    at.session_state["kesos_actor"] = Actor("sekretariat", "sekretariat", "63")
    at.query_params["prov"] = "semua"
    at.run()
    assert not at.exception
    province = next(box for box in at.selectbox if box.label == "Provinsi")
    assert province.value == "63" and None not in province.options


def test_the_national_branch_board_has_the_deployments_provinces_with_pandas_formed_counts(trio):
    branches, kab_kota = _raw(trio, "branch"), _raw(trio, "kab_kota")
    from kesos.queries import branch as branch_queries

    on = pd.Timestamp(branch_queries.as_of(NATIONAL))
    live = branches[branches["deleted_at"].isna() & branches["is_formed"].astype(bool)
                    & (branches["decree_date"].isna() | (pd.to_datetime(branches["decree_date"]) <= on))]
    ours = kab_kota[kab_kota["province_code"].isin(PROVINCES)]
    formed = live[live["kab_kota_code"].isin(ours["code"])].groupby(live["kab_kota_code"].str[:2]).size()
    totals = ours.groupby("province_code").size()
    names = dashboards.province_names()
    cells = next(d for d in _drawn(dashboards.BRANCH_COVERAGE, trio) if "column" in d)
    branch_cells = cells[cells["column"] == "Cabang"].set_index("kab_kota")["text"].to_dict()
    assert branch_cells == {names[code]: f"{formed.get(code, 0)}/{totals[code]} baik" for code in PROVINCES}


def test_the_ppks_heatmap_for_every_province_sums_its_kab_kota_and_compares_like_for_like():
    """A row per province and category; last year's people and the change only over kab/kota that reported
    both years (a kab/kota new to the figures would read as a rise)."""
    frame = pd.DataFrame({
        "kab_kota_code": ["63.01", "63.02", "63.03", "61.01", "61.02"], "kab_kota": ["A", "B", "C", "D", "E"],
        "category": ["fakir_miskin"] * 5, "short": ["Fakir miskin"] * 5,
        "count": [100, 50, 30, 10, 7], "previous": [90, None, 20, None, None]})
    frame["change"] = frame["count"] - frame["previous"]
    shown = dashboards.ppks_change_by_province(frame).set_index("kab_kota_code")
    names = dashboards.province_names()
    assert shown.loc["63", ["kab_kota", "count", "previous", "change"]].tolist() == [names["63"], 180, 110, 20]
    assert shown.loc["61", "count"] == 17 and pd.isna(shown.loc["61", "previous"]) and pd.isna(shown.loc["61", "change"])
