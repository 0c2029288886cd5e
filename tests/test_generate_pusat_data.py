"""The generator's pusat data (issue 17): PPKS and PSKS for every kab/kota and every whole year, and LKS
accreditation dates with some lapsing within six months of the generated data's end, on the `small` scale
(its determinism is checked with the rest in tests/test_summaries.py)."""

from datetime import date

import pandas as pd
import pytest
from sqlalchemy import text

from kesos import vocab
from kesos.generate import END, SCALES
from kesos.queries.accreditation import months_after
from kesos.services.lks import accreditation_expiry
from tests.test_summaries import engine, small_template  # noqa: F401 (the generated database fixtures)

pytestmark = pytest.mark.database


def _read(engine, sql: str) -> pd.DataFrame:  # noqa: F811 (the fixture name)
    with engine.connect() as connection:
        return pd.read_sql(text(sql), connection)


def test_every_kab_kota_has_every_ppks_and_psks_category_for_every_whole_year(engine):  # noqa: F811
    rows = _read(engine, "SELECT kind, kab_kota_code, year, category, count, figures_on FROM welfare_count")
    kab_kota = _read(engine, "SELECT code FROM kab_kota WHERE province_code = '63'")["code"]
    years = sorted({year for year in range(END.year - 3, END.year)})  # small: 36 months to October 2026
    assert SCALES["small"].months == 36
    assert len(rows) == len(kab_kota) * len(years) * (len(vocab.PPKS_CATEGORIES) + len(vocab.PSKS_CATEGORIES))
    assert sorted(rows["year"].unique()) == years  # not the year still running
    for kind, categories in vocab.WELFARE_CATEGORIES.items():
        own = rows[rows["kind"] == kind]
        assert set(own["kab_kota_code"]) == set(kab_kota)
        assert set(own.groupby(["kab_kota_code", "year"])["category"].nunique()) == {len(categories)}
    assert (rows["count"] >= 0).all()
    assert (rows[rows["category"] == "fakir_miskin"]["count"] > 1000).all()
    dated = pd.to_datetime(rows["figures_on"]).dt.date
    assert all(date(y + 1, 1, 1) <= d <= END for y, d in zip(rows["year"], dated))


def test_accredited_lks_have_dates_and_some_lapse_within_six_months_of_the_end(engine):  # noqa: F811
    lks = _read(engine, "SELECT accreditation, accredited_on, accreditation_expires_on, growth_grade FROM lks")
    graded = lks[lks["accreditation"] != "belum"]
    assert graded["accredited_on"].notna().all() and lks[lks["accreditation"] == "belum"]["accredited_on"].isna().all()
    on = pd.to_datetime(graded["accredited_on"]).dt.date
    expires = pd.to_datetime(graded["accreditation_expires_on"]).dt.date
    assert [accreditation_expiry(g, d) for g, d in zip(graded["accreditation"], on)] == expires.tolist()
    soon = ((expires >= END) & (expires <= months_after(END, 6))).sum()
    lapsed = (expires < END).sum()
    assert soon >= 10 and lapsed >= 10 and (expires > months_after(END, 6)).sum() >= 50
    assert set(lks["growth_grade"].dropna()) <= set(vocab.LKS_GROWTH_GRADES) and lks["growth_grade"].notna().sum() > 50
