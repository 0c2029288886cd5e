"""Twenty users saving at the same moment, over the service functions, on a file SQLite database.

The app shares one engine per process between every browser session, so the threads here share
one engine and each opens its own session, as `web.run_write` does. A barrier releases them
together. What a user must never see: "database is locked", a record saved twice or not at all,
or two saves of the same version both accepted (a lost update).
"""

import threading
from datetime import date

import pytest
from sqlmodel import Session, func, select

from kesos.db import make_engine, session_scope
from kesos.errors import ConflictError, KesosError
from kesos.models import AidDistribution, AuditLog, BeneficiaryCount, Lks
from kesos.security import Actor
from kesos.services import aid, beneficiary, lks

WRITERS = 20
SEKRETARIAT = Actor("sekretariat", "sekretariat", province_code="63")
OPERATOR = Actor("operator", "operator", province_code="63", kab_kota_code="63.71")


@pytest.fixture
def engine(demo_db_path):
    engine = make_engine(f"sqlite:///{demo_db_path}")
    yield engine
    engine.dispose()


def all_at_once(work, count: int = WRITERS) -> list:
    """Run work(i) in `count` threads released together; each result or the exception raised."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = work(i)
        except Exception as exc:  # collected and asserted on by the test
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a writer hung"
    return results


def audit_count(engine, table: str, action: str) -> int:
    with Session(engine) as s:
        return s.exec(select(func.count()).select_from(AuditLog)
                      .where(AuditLog.table_name == table, AuditLog.action == action)).one()


def test_twenty_users_adding_records_at_once_each_store_exactly_one(engine):
    with Session(engine) as s:
        home = s.exec(select(Lks).where(Lks.kab_kota_code == "63.71", Lks.deleted_at.is_(None))).first()
        refs = {"item": aid.item_options(s)["id"].iloc[0],
                "source": aid.funding_source_options(s, "63")["id"].iloc[0]}
    lks_before = audit_count(engine, "lks", "create")
    aid_before = audit_count(engine, "aid_distribution", "create")

    def save(i: int):
        with session_scope(engine) as s:
            if i % 2:  # half add an LKS, half record an aid distribution
                return lks.create_lks(session=s, actor=SEKRETARIAT, data={
                    "name": f"Panti serentak {i}", "lks_type": "anak", "kab_kota_code": "63.71",
                    "registered_on": date(2020, 1, 1)}).id
            return aid.create_distribution(session=s, actor=OPERATOR, data={
                "distributed_on": date(2024, 5, 1), "aid_item_id": int(refs["item"]), "quantity": 1000 + i,
                "value_rupiah": 1000 + i, "recipient_kind": "lks", "recipient_lks_id": home.id,
                "kab_kota_code": "63.71", "funding_source_id": int(refs["source"])}).id

    results = all_at_once(save)

    assert [r for r in results if isinstance(r, Exception)] == []
    with Session(engine) as s:
        names = s.exec(select(Lks.name).where(Lks.name.like("Panti serentak %"))).all()
        quantities = s.exec(select(AidDistribution.quantity).where(AidDistribution.quantity >= 1000)).all()
    assert sorted(names) == sorted(f"Panti serentak {i}" for i in range(WRITERS) if i % 2)
    assert sorted(quantities) == [1000 + i for i in range(WRITERS) if i % 2 == 0]
    assert audit_count(engine, "lks", "create") - lks_before == WRITERS // 2
    assert audit_count(engine, "aid_distribution", "create") - aid_before == WRITERS // 2


def test_twenty_users_editing_the_same_version_one_wins_and_nothing_is_lost(engine):
    with Session(engine) as s:
        record = s.exec(select(Lks).where(Lks.kab_kota_code == "63.71", Lks.deleted_at.is_(None))).first()
        form = {field: getattr(record, field) for field in lks.FIELDS}
        record_id, version = record.id, record.version
    updates_before = audit_count(engine, "lks", "update")

    def edit(i: int):
        with session_scope(engine) as s:
            return lks.update_lks(session=s, actor=SEKRETARIAT, lks_id=record_id,
                                  data=form | {"address": f"Jalan Serentak {i}"}, expected_version=version).address

    results = all_at_once(edit)

    winners = [r for r in results if isinstance(r, str)]
    refused = [r for r in results if isinstance(r, ConflictError)]
    assert len(winners) == 1 and len(refused) == WRITERS - 1, results
    with Session(engine) as s:
        stored = s.get(Lks, record_id)
    assert (stored.address, stored.version) == (winners[0], version + 1)
    assert audit_count(engine, "lks", "update") - updates_before == 1


def test_twenty_users_saving_the_same_empty_month_store_it_once(engine):
    """Everyone loaded the grid before anyone saved: the first save wins, the rest are told to reload."""
    with session_scope(engine) as s:
        grid = beneficiary.load_grid(session=s, actor=OPERATOR, kab_kota_code="63.71", year=2024, month=2)
    grid_rows = [int(i) for i in grid["lks_id"]]
    with Session(engine) as s:
        s.exec(select(BeneficiaryCount)).all()
        for lks_id in grid_rows:  # make the month empty first, so every save creates rows
            for count in s.exec(select(BeneficiaryCount).where(
                    BeneficiaryCount.lks_id == lks_id, BeneficiaryCount.year == 2024, BeneficiaryCount.month == 2)):
                s.delete(count)
        s.commit()
    expected = {lks_id: None for lks_id in grid_rows}

    def save(i: int):
        rows = [beneficiary.Row(lks_id, 10 + i, 20 + i) for lks_id in grid_rows]
        with session_scope(engine) as s:
            return beneficiary.save_grid(session=s, actor=OPERATOR, kab_kota_code="63.71", year=2024, month=2,
                                         rows=rows, expected_versions=expected)

    results = all_at_once(save)

    winners = [i for i, r in enumerate(results) if isinstance(r, dict)]
    others = [r for r in results if not isinstance(r, dict)]
    assert len(winners) == 1, results
    assert all(isinstance(r, KesosError) for r in others), others
    with Session(engine) as s:
        stored = s.exec(select(BeneficiaryCount.lks_id, BeneficiaryCount.women, BeneficiaryCount.men).where(
            BeneficiaryCount.year == 2024, BeneficiaryCount.month == 2,
            BeneficiaryCount.lks_id.in_(grid_rows))).all()
    i = winners[0]
    assert sorted(stored) == sorted((lks_id, 10 + i, 20 + i) for lks_id in grid_rows)
