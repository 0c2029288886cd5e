"""PPKS and PSKS reads over the demo data, against a naive pandas computation on the raw rows."""

import pandas as pd
from sqlmodel import select

from kesos import vocab
from kesos.models import WelfareCount
from kesos.queries import pusat_data as queries
from kesos.security import Actor

SEKRETARIAT = Actor("sek", "sekretariat", province_code="63")
OPERATOR = Actor("op", "operator", province_code="63", kab_kota_code="63.71")
ADMIN = Actor("adm", "admin")


def _raw(session) -> pd.DataFrame:
    return pd.read_sql("SELECT kind, kab_kota_code, year, category, count FROM welfare_count WHERE deleted_at IS NULL",
                       session.connection())


def test_the_demo_has_every_category_for_every_kab_kota_and_year(demo_session):
    raw = _raw(demo_session)
    for kind, categories in vocab.WELFARE_CATEGORIES.items():
        rows = raw[raw["kind"] == kind]
        per_key = rows.groupby(["kab_kota_code", "year"])["category"].nunique()
        assert set(per_key) == {len(categories)}, kind
        assert set(rows["kab_kota_code"].str[:2]) == {"51", "61", "63"}
        assert rows["year"].nunique() >= 4
    fm = raw[raw["category"] == "fakir_miskin"]
    assert (fm["count"] > 1000).all()  # plausible: thousands in every kab/kota


def test_province_totals_match_a_naive_sum(demo_session):
    raw = _raw(demo_session)
    years = sorted(raw["year"].unique())[-2:]
    frame = queries.counts(demo_session, SEKRETARIAT, "ppks", years)
    naive = raw[(raw["kind"] == "ppks") & raw["year"].isin(years) & raw["kab_kota_code"].str.startswith("63.")]
    assert frame.groupby(["year", "category"])["count"].sum().to_dict() == \
        naive.groupby(["year", "category"])["count"].sum().to_dict()
    assert set(frame["kab_kota_code"].str[:2]) == {"63"}


def test_an_operator_reads_only_its_own_kab_kota(demo_session):
    frame = queries.counts(demo_session, OPERATOR, "psks", [2024])
    assert set(frame["kab_kota_code"]) == {"63.71"} and len(frame) == len(vocab.PSKS_CATEGORIES)
    everything = queries.counts(demo_session, ADMIN, "psks", [2024], kab_kota_code="63.71")
    assert everything["count"].tolist() == frame["count"].tolist()
    assert demo_session.exec(select(WelfareCount).where(WelfareCount.is_demo.is_(False))).first() is None


def _naive(raw, kind, year):
    rows = raw[(raw["kind"] == kind) & (raw["year"] == year) & raw["kab_kota_code"].str.startswith("63.")]
    return rows.set_index(["kab_kota_code", "category"])["count"]


def test_change_on_last_year_matches_the_raw_rows(demo_session):
    raw = _raw(demo_session)
    frame = queries.change_on_last_year(demo_session, SEKRETARIAT, "ppks", 2025)
    now, before = _naive(raw, "ppks", 2025), _naive(raw, "ppks", 2024)
    expected = (now - before).to_dict()
    assert frame.set_index(["kab_kota_code", "category"])["change"].to_dict() == expected


def test_top_needs_are_the_largest_categories_of_each_kab_kota(demo_session):
    raw = _raw(demo_session)
    frame = queries.top_needs(demo_session, SEKRETARIAT, 2025, n=3)
    naive = _naive(raw, "ppks", 2025).reset_index()
    for code, rows in naive.groupby("kab_kota_code"):
        expected = rows.sort_values("count", ascending=False)["category"].head(3).tolist()
        assert frame[frame["kab_kota_code"] == code]["category"].tolist() == expected


def test_psks_per_ppks_divides_the_raw_sums(demo_session):
    raw = _raw(demo_session)
    frame = queries.psks_per_ppks(demo_session, SEKRETARIAT, 2025).set_index("kab_kota_code")
    ppks = _naive(raw, "ppks", 2025).groupby(level=0).sum()
    tksk = _naive(raw, "psks", 2025).xs("tksk", level="category")
    for code in ppks.index:
        assert frame.loc[code, "ppks"] == ppks[code]
        assert frame.loc[code, "ppks_per_tksk"] == round(ppks[code] / tksk[code])
