"""Penerima manfaat page through AppTest: the month grid's scope, self-check, overview, stale rows."""

import pandas as pd
import pytest
from sqlmodel import select

from kesos import clock
from kesos.demo.base import DATA_END
from kesos.errors import PermissionDenied
from kesos.models import Lks
from kesos.services import beneficiary as service
from tests.pages.datapage import actor_of, db, figure, open_page, plain, submit

PAGE = "pages/data/penerima_manfaat.py"
YEAR = clock.today().year


def _grid(at):
    return at.session_state["pm_grid"]


def _type(at, row: int, women: int):
    """Type into the grid's women column, as the data editor reports an edit."""
    at.session_state[f"pm_editor_{_grid(at)['generation']}"] = {
        "edited_rows": {row: {"women": women}}, "added_rows": [], "deleted_rows": []}
    return at.run()


def test_leader_cannot_open_the_grid_nor_save_one(app_env):
    at = open_page(app_env, PAGE, "pimpinan")
    assert [e.value for e in at.error] == ["Anda tidak punya akses ke halaman ini."]
    with db(app_env) as session, pytest.raises(PermissionDenied):
        service.save_grid(session=session, actor=actor_of(app_env, "pimpinan"), kab_kota_code="63.71", year=YEAR,
                          month=1, rows=[], expected_versions={})


def test_operator_fills_only_its_own_kab_kota(app_env):
    at = open_page(app_env, PAGE, "operator")
    assert at.selectbox(key="pm_kab").options == ["Kota Banjarmasin"]
    assert _grid(at)["period"][0] == "63.71"
    operator = actor_of(app_env, "operator")
    with db(app_env) as session:
        with pytest.raises(PermissionDenied):
            service.load_grid(session=session, actor=operator, kab_kota_code="63.72", year=YEAR, month=1)
        other = session.exec(select(Lks).where(Lks.kab_kota_code == "63.72")).first()
        with pytest.raises(PermissionDenied):  # a crafted row for another kab/kota's LKS
            service.save_grid(session=session, actor=operator, kab_kota_code="63.71", year=YEAR, month=1,
                              rows=[service.Row(other.id, 1, 1)], expected_versions={other.id: None})


def _overview_month(path) -> int:
    """The month the overview's figure is from: the last complete one (October 2026 is partial in the demo)."""
    from kesos import queries

    with db(path) as session:
        return queries.headline(session, queries.Filters(province_code="63", year_to=DATA_END.year))["beneficiaries_month"]


def test_total_that_does_not_match_the_report_is_refused_then_the_saved_month_reaches_the_overview(app_env):
    from kesos.services import reporting

    month = _overview_month(app_env)
    with db(app_env) as session:  # approved, hence locked: the secretariat unlocks it to correct it
        report = reporting.find(session, "63.71", DATA_END.year, month)
        if report is not None and report.state == "disetujui":
            reporting.unlock(session=session, actor=actor_of(app_env, "sekretariat"), kab_kota_code="63.71",
                             year=DATA_END.year, month=month, reason="Koreksi angka", expected_version=report.version)
            session.commit()
    before = figure(app_env, "sekretariat", "Penerima manfaat", year=DATA_END.year)
    at = open_page(app_env, PAGE, "sekretariat")
    at.selectbox(key="pm_kab").set_value("63.71").run()
    at.selectbox(key="pm_year").set_value(DATA_END.year).run()  # the demo's latest reported month
    at.selectbox(key="pm_month").set_value(month).run()
    first = _grid(at)["grid"].iloc[0]
    table_total = int(at.metric[2].value.replace(".", ""))
    at = _type(at, 0, int(first["women"]) + 5)
    assert int(at.metric[2].value.replace(".", "")) == table_total + 5  # the total checks itself as you type
    at.number_input(key="pm_reported").set_value(table_total)
    at = submit(at, "Simpan tabel")
    assert f"({table_total + 5:,})".replace(",", ".") in plain(at) and "tidak sama dengan" in plain(at)
    assert at.number_input(key="pm_reported").value == table_total  # kept, and the typed cell too
    assert int(at.metric[2].value.replace(".", "")) == table_total + 5
    at.number_input(key="pm_reported").set_value(table_total + 5)
    at = submit(at, "Simpan tabel")
    assert not at.exception and "1 diubah" in plain(at)
    assert figure(app_env, "sekretariat", "Penerima manfaat", year=DATA_END.year) == before + 5


def test_rows_saved_by_someone_else_since_loading_are_refused_and_reloaded_on_request(app_env):
    at = open_page(app_env, PAGE, "operator")
    grid = _grid(at)["grid"]
    lks_id, version = int(grid.iloc[0]["lks_id"]), grid.iloc[0]["version"]
    kab, year, month = _grid(at)["period"]
    with db(app_env) as session:  # another operator session saves the first row
        service.save_grid(session=session, actor=actor_of(app_env, "operator"), kab_kota_code=kab, year=year,
                          month=month, rows=[service.Row(lks_id, 99, 99)],
                          expected_versions={lks_id: None if pd.isna(version) else int(version)},
                          warnings_reason="angka dari laporan susulan")  # far above usual: with a reason
        session.commit()
    at = _type(at, 1, 7)
    at = submit(at, "Simpan tabel")
    assert any("baru saja diubah oleh pengguna lain" in e.value for e in at.error)
    at = submit(at, "Muat ulang data terbaru")
    assert _grid(at)["grid"].iloc[0][["women", "men"]].tolist() == [99, 99]
