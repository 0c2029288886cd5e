"""PPKS and PSKS grids: validation, kab/kota scope in the service, audit rows, version conflicts, and the
LKS registry count shown beside the reported PSKS figure without replacing it."""

import json
from datetime import date, timedelta

import pandas as pd
import pytest
from sqlmodel import Session, select

from kesos import clock, vocab
from kesos.errors import ConflictError, PermissionDenied, ValidationError
from kesos.models import AuditLog, WelfareCount
from kesos.security import Actor
from kesos.services import lks as lks_service
from kesos.services import pusat_data as pd_service
from kesos.services.pusat_data import Figures

SEKRETARIAT = Actor("sek", "sekretariat", province_code="63")
SEKRETARIAT_KALBAR = Actor("sek61", "sekretariat", province_code="61")
OPERATOR = Actor("op", "operator", province_code="63", kab_kota_code="63.71")
OTHER_OPERATOR = Actor("op2", "operator", province_code="63", kab_kota_code="63.72")
PIMPINAN = Actor("pim", "pimpinan", province_code="63")


def _year() -> int:
    return clock.today().year - 1  # a year that has ended, whatever the date the tests run on


def _figures(counts, source="dinsos", figures_on=None) -> Figures:
    return Figures(counts, source, figures_on or date(_year(), 12, 31))


@pytest.fixture
def session(empty_engine):
    with Session(empty_engine) as s:
        yield s


def _save(session, actor=OPERATOR, counts=None, versions=None, kind="ppks", kab_kota_code="63.71", year=None,
          **figures):
    result = pd_service.save_grid(session=session, actor=actor, kind=kind, kab_kota_code=kab_kota_code,
                                  year=year or _year(), figures=_figures(counts or {}, **figures),
                                  expected_versions=versions or {})
    session.commit()
    return result


@pytest.mark.parametrize(("counts", "field"), [
    ({"fakir_miskin": -1}, "count:fakir_miskin"),
    ({"fakir_miskin": "banyak"}, "count:fakir_miskin"),
    ({"fakir_miskin": 10_000_001}, "count:fakir_miskin"),
    ({"karang_taruna": 4}, "count:karang_taruna"),  # a PSKS category in a PPKS grid
    ({"bukan_kategori": 4}, "count:bukan_kategori"),
], ids=["negative", "not-a-number", "too-large", "psks-in-ppks", "unknown"])
def test_a_figure_must_be_a_non_negative_whole_number_of_a_known_category(session, counts, field):
    with pytest.raises(ValidationError) as error:
        _save(session, counts=counts)
    assert field in error.value.errors
    assert session.exec(select(WelfareCount)).all() == []


def test_zero_is_a_figure(session):
    assert _save(session, counts={"kat": 0})["created"] == 1


@pytest.mark.parametrize(("figures", "field"), [
    ({"source": None}, "source"),
    ({"source": "koran"}, "source"),
    ({"figures_on": "bukan tanggal"}, "figures_on"),
], ids=["no-source", "unknown-source", "bad-date"])
def test_the_source_and_date_of_the_figures_are_required(session, figures, field):
    with pytest.raises(ValidationError) as error:
        pd_service.save_grid(session=session, actor=OPERATOR, kind="ppks", kab_kota_code="63.71", year=_year(),
                             figures=Figures({"fakir_miskin": 5}, figures.get("source", "dinsos"),
                                             figures.get("figures_on", date(_year(), 6, 1))),
                             expected_versions={})
    assert field in error.value.errors


def test_the_date_of_the_figures_is_not_after_today_nor_before_the_year(session):
    with pytest.raises(ValidationError) as error:
        _save(session, counts={"fakir_miskin": 5}, figures_on=clock.today() + timedelta(days=1))
    assert "figures_on" in error.value.errors
    with pytest.raises(ValidationError) as error:
        _save(session, counts={"fakir_miskin": 5}, figures_on=date(_year() - 1, 12, 31))
    assert "figures_on" in error.value.errors
    assert _save(session, counts={"fakir_miskin": 5}, figures_on=date(_year(), 1, 1))["created"] == 1


def test_a_year_not_begun_is_refused(session):
    with pytest.raises(ValidationError) as error:
        _save(session, counts={"fakir_miskin": 5}, year=clock.today().year + 1, figures_on=clock.today())
    assert "year" in error.value.errors


@pytest.mark.parametrize(("actor", "kab_kota_code"), [
    (OTHER_OPERATOR, "63.71"), (OPERATOR, "63.72"), (SEKRETARIAT_KALBAR, "63.71"), (PIMPINAN, "63.71"),
    (SEKRETARIAT_KALBAR, "99.99"),
], ids=["other-operator", "own-operator-elsewhere", "other-province", "pimpinan", "unknown-outside"])
def test_a_crafted_call_outside_the_scope_is_refused_in_the_service(session, actor, kab_kota_code):
    with pytest.raises(PermissionDenied):
        _save(session, actor=actor, kab_kota_code=kab_kota_code, counts={"fakir_miskin": 5})
    assert session.exec(select(WelfareCount)).all() == []


def test_the_secretariat_writes_any_kab_kota_of_its_province(session):
    assert _save(session, actor=SEKRETARIAT, kab_kota_code="63.72", counts={"fakir_miskin": 5})["created"] == 1
    with pytest.raises(PermissionDenied):
        pd_service.grid(session=session, actor=SEKRETARIAT_KALBAR, kind="ppks", kab_kota_code="63.72", year=_year())


def test_every_write_is_audited_with_before_and_after(session):
    _save(session, counts={"fakir_miskin": 120, "lansia_telantar": 30})
    grid = pd_service.grid(session=session, actor=OPERATOR, kind="ppks", kab_kota_code="63.71", year=_year())
    versions = {row.category: row.version for row in grid.itertuples() if row.version is not None}
    assert _save(session, actor=SEKRETARIAT, counts={"fakir_miskin": 125, "lansia_telantar": None},
                 versions=versions) == {"created": 0, "updated": 1, "deleted": 1}
    rows = session.exec(select(AuditLog).where(AuditLog.table_name == "welfare_count").order_by(AuditLog.id)).all()
    assert [(row.action, row.username) for row in rows] == [
        ("create", "op"), ("create", "op"), ("delete", "sek"), ("update", "sek")]
    update = next(row for row in rows if row.action == "update")
    assert (json.loads(update.before)["count"], json.loads(update.after)["count"]) == (120, 125)


def test_a_grid_saved_meanwhile_refuses_the_stale_one_whole(session):
    _save(session, counts={"fakir_miskin": 120})
    grid = pd_service.grid(session=session, actor=OPERATOR, kind="ppks", kab_kota_code="63.71", year=_year())
    versions = {row.category: row.version for row in grid.itertuples() if row.version is not None}
    _save(session, actor=SEKRETARIAT, counts={"fakir_miskin": 121}, versions=versions)
    with pytest.raises(ConflictError):
        _save(session, counts={"fakir_miskin": 130, "kat": 4}, versions=versions)
    session.rollback()
    stored = {c.category: c.count for c in session.exec(select(WelfareCount))}
    assert stored == {"fakir_miskin": 121}
    with pytest.raises(ConflictError):  # a row someone added since the grid was loaded
        _save(session, counts={"fakir_miskin": 121}, versions={})


def test_the_registry_lks_count_is_shown_beside_the_reported_figure_never_in_its_place(session):
    for name in ("LKSA Harapan", "LKS Lansia Sejahtera"):
        lks_service.create_lks(session=session, actor=SEKRETARIAT, data={
            "name": name, "lks_type": "anak", "kab_kota_code": "63.71", "registered_on": date(2015, 1, 1)})
    session.commit()
    _save(session, kind="psks", counts={"lks": 7, "tksk": 5})
    grid = pd_service.grid(session=session, actor=PIMPINAN, kind="psks", kab_kota_code="63.71", year=_year())
    lks_row = grid.set_index("category").loc["lks"]
    assert (lks_row["count"], lks_row["registry"]) == (7, 2)
    assert session.exec(select(WelfareCount.count).where(WelfareCount.category == "lks")).one() == 7
    assert list(grid["category"]) == list(vocab.PSKS_CATEGORIES)


def test_grid_reads_back_what_was_saved_like_a_naive_frame(session):
    counts = {category: (i * 37) % 500 for i, category in enumerate(vocab.PPKS_CATEGORIES)}
    _save(session, counts=counts, source="dtks")
    grid = pd_service.grid(session=session, actor=PIMPINAN, kind="ppks", kab_kota_code="63.71", year=_year())
    raw = pd.read_sql("SELECT category, count FROM welfare_count WHERE deleted_at IS NULL", session.connection())
    assert dict(zip(raw["category"], raw["count"])) == dict(zip(grid["category"], grid["count"])) == counts
    assert set(grid["source"]) == {"dtks"}
