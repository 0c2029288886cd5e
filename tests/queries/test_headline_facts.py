"""The field's facts read back through the functions the Ringkasan page draws from, scoped as a user sees them."""

import pytest

from kesos import queries
from kesos.errors import PermissionDenied
from kesos.queries import Filters, scoped
from kesos.queries.lks import lks_by_type_per_kab_kota, lks_count_by_year
from kesos.security import Actor

SEKRETARIAT_KALSEL = Actor(username="sekretariat", role="sekretariat", province_code="63")
OPERATOR_BANJARMASIN = Actor(username="operator", role="operator", province_code="63", kab_kota_code="63.71")
PIMPINAN = Actor(username="pimpinan", role="pimpinan")


def _count(frame, column: str) -> int:
    return int(frame[column].sum())


def test_overview_shows_kalsel_154_lks_and_11_of_13_branches_in_2023(demo_session):
    figures = queries.headline(demo_session, scoped(SEKRETARIAT_KALSEL, Filters(year_to=2023)))
    assert figures["lks"] == 154
    assert (figures["branches_formed"], figures["branches_total"]) == (11, 13)


def test_overview_chart_holds_140_child_4_elderly_7_disability_3_napza_lks_in_2023(demo_session):
    frame = lks_by_type_per_kab_kota(demo_session, scoped(SEKRETARIAT_KALSEL, Filters(year_to=2023)))
    per_type = frame.groupby("lks_type")["count"].sum().to_dict()
    assert sum(per_type.values()) == 154
    assert {t: per_type.get(t, 0) for t in ("anak", "lansia", "disabilitas", "napza")} == {
        "anak": 140, "lansia": 4, "disabilitas": 7, "napza": 3}
    assert set(frame["kab_kota_code"]) <= {f"63.{n:02d}" for n in range(1, 14)} | {"63.71", "63.72"}


def test_lks_per_year_rises_from_154_in_2023_to_199_in_2025(demo_session):
    frame = lks_count_by_year(demo_session, scoped(SEKRETARIAT_KALSEL, Filters(year_from=2023, year_to=2025)))
    totals = frame.groupby("year")["count"].sum().to_dict()
    assert totals[2023] == 154 and totals[2025] == 199


def test_an_operator_sees_only_its_kab_kota_and_is_refused_another(demo_session):
    own = queries.headline(demo_session, scoped(OPERATOR_BANJARMASIN, Filters(year_to=2023)))
    assert 0 < own["lks"] < 154
    frame = lks_by_type_per_kab_kota(demo_session, scoped(OPERATOR_BANJARMASIN, Filters(year_to=2023)))
    assert set(frame["kab_kota_code"]) == {"63.71"}
    with pytest.raises(PermissionDenied):
        scoped(OPERATOR_BANJARMASIN, Filters(kab_kota_code="63.72", year_to=2023))
    with pytest.raises(PermissionDenied):
        scoped(SEKRETARIAT_KALSEL, Filters(province_code="61", year_to=2023))


def test_bali_2014_aid_and_raker_show_on_its_overview(demo_session):
    figures = queries.headline(demo_session, scoped(PIMPINAN, Filters(province_code="51", year_to=2014)))
    assert figures["aid_count"] > 0 and figures["aid_value"] > 0
    assert figures["activities"] >= 1
