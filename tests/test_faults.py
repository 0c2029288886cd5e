"""Faults on a real SQLite file: a save that fails halfway leaves nothing, and the message is clear.

A read-only database file and a full disk must reach the user as an Indonesian sentence that
says nothing was saved and whom to ask, never as a database traceback; once the file is
writable again the same engine saves again, without a restart.
"""

import os
import subprocess
from datetime import date

import pytest
from sqlalchemy import create_engine
from sqlmodel import Session, func, select

from kesos.db import make_engine, session_scope
from kesos.errors import DatabaseUnavailable
from kesos.models import AuditLog, BeneficiaryCount, Lks
from kesos.security import Actor
from kesos.services import beneficiary, lks
from tests.faults import fill_disk, make_read_only, make_writable

OPERATOR = Actor("operator", "operator", province_code="63", kab_kota_code="63.71")
NEW_LKS = {"name": "Panti Asuhan Uji Gangguan", "lks_type": "anak", "kab_kota_code": "63.71",
           "registered_on": date(2021, 3, 1)}


@pytest.fixture
def engine(demo_db_path):
    engine = make_engine(f"sqlite:///{demo_db_path}")
    yield engine
    engine.dispose()


def stored(engine) -> tuple[int, int, int]:
    with Session(engine) as s:
        return (s.exec(select(func.count()).select_from(Lks)).one(),
                s.exec(select(func.count()).select_from(BeneficiaryCount)).one(),
                s.exec(select(func.count()).select_from(AuditLog)).one())


def add_lks(engine, data=NEW_LKS):
    with session_scope(engine) as s:
        return lks.create_lks(session=s, actor=OPERATOR, data=data)


def test_read_only_database_file_refuses_a_save_clearly_and_recovers(engine, demo_db_path):
    before = stored(engine)
    how = make_read_only(demo_db_path, engine)
    try:
        with session_scope(engine) as s:  # reading still works
            assert s.exec(select(func.count()).select_from(Lks)).one() == before[0]
        with pytest.raises(DatabaseUnavailable) as refused:
            add_lks(engine)
    finally:
        make_writable(demo_db_path, engine, how)
    assert refused.value.message.startswith("Database hanya bisa dibaca (read-only), jadi perubahan tidak tersimpan.")
    assert stored(engine) == before
    assert add_lks(engine).id is not None  # the same engine writes again, no restart
    assert stored(engine)[0] == before[0] + 1


def test_full_disk_halfway_through_a_month_grid_stores_no_row_and_no_audit(engine):
    """The grid writes a count and an audit entry per LKS; the disk fills up part-way through."""
    with session_scope(engine) as s:
        grid = beneficiary.load_grid(session=s, actor=OPERATOR, kab_kota_code="63.71", year=2019, month=1)
    assert len(grid) >= 5 and grid["count_id"].isna().all()
    rows = [beneficiary.Row(int(lks_id), 7, 5) for lks_id in grid["lks_id"]]
    before = stored(engine)
    fill_disk(engine)

    with pytest.raises(DatabaseUnavailable) as refused:
        with session_scope(engine) as s:
            beneficiary.save_grid(session=s, actor=OPERATOR, kab_kota_code="63.71", year=2019, month=1, rows=rows,
                                  expected_versions={int(i): None for i in grid["lks_id"]})

    assert refused.value.message == ("Penyimpanan server penuh, jadi perubahan tidak tersimpan. "
                                     "Minta pengelola server mengosongkan ruang disk.")
    assert stored(engine) == before


def test_a_save_failing_after_some_rows_were_written_leaves_nothing(demo_engine):
    """A bad row found by the database itself (not by validation) after earlier rows were flushed."""
    with session_scope(demo_engine) as s:
        grid = beneficiary.load_grid(session=s, actor=OPERATOR, kab_kota_code="63.71", year=2019, month=2)
    lks_ids = [int(i) for i in grid["lks_id"]]
    before = stored(demo_engine)
    with pytest.raises(RuntimeError, match="power cut"):
        with session_scope(demo_engine) as s:
            beneficiary.save_grid(session=s, actor=OPERATOR, kab_kota_code="63.71", year=2019, month=2,
                                  rows=[beneficiary.Row(i, 1, 1) for i in lks_ids],
                                  expected_versions={i: None for i in lks_ids})
            s.flush()
            assert stored_in(s) == before[1] + len(lks_ids)  # written, not yet committed
            raise RuntimeError("power cut")  # the process dies before the commit
    assert stored(demo_engine) == before


def stored_in(session) -> int:
    return session.exec(select(func.count()).select_from(BeneficiaryCount)).one()


def test_database_file_that_cannot_be_opened_gives_the_unreachable_message(tmp_path):
    missing_dir = tmp_path / "gone"
    engine = make_engine(f"sqlite:///{missing_dir / 'kesos.db'}")
    missing_dir.rmdir()  # make_engine created the folder; a deleted volume takes it away
    with pytest.raises(DatabaseUnavailable, match="Database tidak dapat dihubungi"):
        with session_scope(engine) as s:
            s.exec(select(func.count()).select_from(Lks)).one()
    engine.dispose()


def set_read_only(engine, on: bool) -> None:
    """The database turns read-only (or writable again) under a running app, its pooled connections left open.

    SQLite: the file is made immutable (root) or read-only; PostgreSQL: the database's
    `default_transaction_read_only`, as an operator or a failover to a standby sets it. Turning it
    read-only drops the open connections (a remount, a failover); turning it writable keeps them.
    """
    if engine.dialect.name == "sqlite":
        path = engine.url.database
        if os.geteuid() == 0:
            subprocess.run(["chattr", "+i" if on else "-i", path], check=True)
        else:
            os.chmod(path, 0o444 if on else 0o644)
    else:
        _set_postgres_read_only(engine, on)
    if on:
        engine.dispose()


def _set_postgres_read_only(engine, on: bool) -> None:
    admin = create_engine(engine.url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'ALTER DATABASE "{engine.url.database}" '
                                   f'SET default_transaction_read_only = {"on" if on else "off"}')
    admin.dispose()


def test_the_first_save_after_the_database_is_writable_again_is_stored(demo_engine):
    """Connections opened while the database was read-only stay read-only; none of them takes the save."""
    before = stored(demo_engine)[0]
    set_read_only(demo_engine, True)
    try:
        with pytest.raises(DatabaseUnavailable) as refused:
            add_lks(demo_engine)
        sessions = [Session(demo_engine) for _ in range(3)]  # several users read meanwhile
        for s in sessions:
            s.exec(select(func.count()).select_from(Lks)).one()
        for s in sessions:
            s.close()
    finally:
        set_read_only(demo_engine, False)
    assert refused.value.message.startswith("Database hanya bisa dibaca (read-only)")
    assert add_lks(demo_engine, {**NEW_LKS, "name": "Panti pertama"}).id is not None
    assert add_lks(demo_engine, {**NEW_LKS, "name": "Panti kedua"}).id is not None
    assert stored(demo_engine)[0] == before + 2
