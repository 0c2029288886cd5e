"""Import writes that a page would never send: a crafted plan, and a database that fails half-way.

A plan is data the page keeps between preview and confirm; whoever can call `write` or `commit`
with one must still not write outside their kab/kota, whatever labels the rows carry. And a
failure of the database on an UPDATE, after the same import's INSERTs, must leave nothing.
"""

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, func, select

from kesos import importer
from kesos.db import session_scope
from kesos.errors import PermissionDenied
from kesos.importer import aid as aid_kind
from kesos.importer import beneficiary as beneficiary_kind
from kesos.importer import lks as lks_kind
from kesos.importer.plan import ADD, CHANGE, RowResult
from kesos.models import AidDistribution, AuditLog, BeneficiaryCount, FundingSource, Lks
from tests.importer.helpers import OPERATOR, SEKRETARIAT, csv_bytes, preview

OWN, OTHER = "63.71", "63.72"  # the operator's Kota Banjarmasin, and Kota Banjarbaru


def _stored(engine) -> tuple[int, int, int, int]:
    with Session(engine) as s:
        return tuple(s.exec(select(func.count()).select_from(model)).one()
                     for model in (Lks, BeneficiaryCount, AidDistribution, AuditLog))


def _lks_in(s, code) -> Lks:
    return s.exec(select(Lks).where(Lks.kab_kota_code == code, Lks.deleted_at.is_(None)).order_by(Lks.id)).first()


def _aid_values(s, code) -> dict:
    source = s.exec(select(FundingSource).where(FundingSource.province_code == "63", FundingSource.is_active)
                    .order_by(FundingSource.id)).first()
    item = s.exec(select(AidDistribution.aid_item_id)).first()
    return {"distributed_on": date(2024, 5, 1), "aid_item_id": item, "quantity": 1, "value_rupiah": 1000,
            "recipient_kind": "kelompok", "recipient_group": "lansia", "recipient_lks_id": None,
            "recipient_name": None, "kab_kota_code": code, "funding_source_id": source.id, "aid_request_id": None,
            "note": None}


def _crafted(demo_engine) -> dict[str, tuple]:
    """(kind's write, row) pairs: each row labelled the operator's kab/kota, each writing elsewhere."""
    with Session(demo_engine) as s:
        there = _lks_in(s, OTHER)
        count_there = s.exec(select(BeneficiaryCount).where(BeneficiaryCount.lks_id == there.id)
                             .order_by(BeneficiaryCount.id)).first()
        distribution_there = s.exec(select(AidDistribution).where(AidDistribution.kab_kota_code == OTHER,
                                                                  AidDistribution.deleted_at.is_(None))
                                    .order_by(AidDistribution.id)).first()
        aid_there = _aid_values(s, OTHER)
        aid_here_to_their_lks = _aid_values(s, OWN) | {"recipient_kind": "lks", "recipient_group": None,
                                                       "recipient_lks_id": there.id}
        return {
            "aid row into another kab/kota": (aid_kind.write, RowResult(
                2, ADD, values=aid_there, kab_kota_code=OWN)),
            "aid row to another kab/kota's LKS": (aid_kind.write, RowResult(
                2, ADD, values=aid_here_to_their_lks, kab_kota_code=OWN)),
            "aid change of another kab/kota's record": (aid_kind.write, RowResult(
                2, CHANGE, values={"note": "diubah"}, record_id=distribution_there.id,
                version=distribution_there.version, kab_kota_code=OWN)),
            "count of another kab/kota's LKS": (beneficiary_kind.write, RowResult(
                2, ADD, values={"lks_id": there.id, "year": 2019, "month": 1, "women": 1, "men": 1},
                kab_kota_code=OWN)),
            "count change of another kab/kota's LKS": (beneficiary_kind.write, RowResult(
                2, CHANGE, values={"women": 99}, record_id=count_there.id, version=count_there.version,
                kab_kota_code=OWN)),
            "lks change of another kab/kota's record": (lks_kind.write, RowResult(
                2, CHANGE, values={"address": "Jl. Diubah"}, record_id=there.id, version=there.version,
                kab_kota_code=OWN)),
        }


CRAFTED = ["aid row into another kab/kota", "aid row to another kab/kota's LKS",
           "aid change of another kab/kota's record", "count of another kab/kota's LKS",
           "count change of another kab/kota's LKS", "lks change of another kab/kota's record"]


@pytest.mark.parametrize("case", CRAFTED)
def test_a_crafted_plan_cannot_write_outside_the_operators_kab_kota(demo_engine, case):
    write, row = _crafted(demo_engine)[case]
    before = _stored(demo_engine)
    with pytest.raises(PermissionDenied), session_scope(demo_engine) as session:
        write(session, OPERATOR, [row])
    assert _stored(demo_engine) == before


def test_an_update_the_database_refuses_after_the_inserts_of_the_same_import_leaves_nothing(demo_engine):
    """Two new LKS (INSERTs) and a change of a stored one (an UPDATE, after them) that the database
    refuses: a CHECK constraint, as a value the validation never saw would be refused."""
    with Session(demo_engine) as s:
        stored = _lks_in(s, OWN)
        name, version, capacity = stored.name, stored.version, stored.capacity
    content = csv_bytes("Kabupaten/Kota;Nama LKS;Jenis LKS;Kapasitas;Tanggal terdaftar\n"
                        "Kota Banjarmasin;LKSA Baru Satu;LKSA;10;01/02/2020\n"
                        "Kota Banjarmasin;LKSA Baru Dua;LKSA;20;01/02/2020\n"
                        f"Kota Banjarmasin;{name};LKSA;{(capacity or 0) + 7};01/02/2020\n")
    shown = preview(demo_engine, SEKRETARIAT, "lks", "campur.csv", content)
    assert (shown.counts["add"], shown.counts["change"]) == (2, 1), shown.counts
    change = shown.of(CHANGE)[0]
    broken = replace(shown, rows=[replace(row, values=row.values | {"capacity": -1}) if row is change else row
                                  for row in shown.rows])  # the database's CHECK (capacity >= 0) refuses it
    before = _stored(demo_engine)

    with pytest.raises(IntegrityError), session_scope(demo_engine) as session:
        importer.commit(session=session, actor=SEKRETARIAT, shown=broken)

    assert _stored(demo_engine) == before
    with Session(demo_engine) as s:
        assert s.exec(select(Lks).where(Lks.name.like("LKSA Baru %"))).all() == []
        again = s.get(Lks, change.record_id)
        assert (again.version, again.capacity) == (version, capacity)
