"""Backups: a consistent copy of the whole SQLite database that, restored into a new database, reads back
equal; a restore checks the file first, keeps the old database, and is for admins only."""

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from kesos import backup
from kesos.db import make_engine, migrate, session_scope
from kesos.errors import KesosError, PermissionDenied, ValidationError
from kesos.security import Actor

ADMIN = Actor("admin", "admin")
SEKRETARIAT = Actor("sekretariat", "sekretariat", "63")


def _engine(path: Path):
    return make_engine(f"sqlite:///{path}")


@pytest.fixture
def demo_file(demo_db_template, tmp_path) -> Path:
    path = tmp_path / "live" / "kesos.db"
    path.parent.mkdir()
    shutil.copy(demo_db_template, path)
    return path


def _tables(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        return [r[0] for r in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]


def _contents(path: Path, table: str) -> tuple[int, list]:
    """The row count and the first and last three rows in rowid order (table names come from sqlite_master)."""
    with sqlite3.connect(path) as connection:
        count = connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608
        first = connection.execute(f'SELECT * FROM "{table}" ORDER BY rowid LIMIT 3').fetchall()  # noqa: S608
        last = connection.execute(f'SELECT * FROM "{table}" ORDER BY rowid DESC LIMIT 3').fetchall()  # noqa: S608
    return count, first + last


def test_a_backup_restored_into_a_new_database_reads_back_equal(demo_file, tmp_path):
    live = _engine(demo_file)
    with live.begin() as connection:  # a change that sits in the WAL, not yet in the main file
        connection.execute(text("UPDATE lks SET name = 'LKSA Kasih Bunda (cadangan)' WHERE id = 1"))
    data = backup.backup_bytes(live, ADMIN)
    live.dispose()
    assert data.startswith(backup.SQLITE_MAGIC)
    copy = tmp_path / "kesos-cadangan.db"
    copy.write_bytes(data)

    fresh_path = tmp_path / "new" / "kesos.db"
    fresh = _engine(fresh_path)
    migrate(fresh)  # a new, empty Kesos database
    kept = backup.restore_from(fresh, copy, username="admin")
    fresh.dispose()

    assert kept.exists() and kept.parent == fresh_path.parent
    tables = _tables(demo_file)
    assert "report_snapshot" in tables and "lks" in tables and len(tables) >= 15
    assert _tables(fresh_path) == tables
    for table in tables:
        before, after = _contents(demo_file, table), _contents(fresh_path, table)
        if table == "audit_log":  # the restore itself is recorded
            assert after[0] == before[0] + 1
            continue
        if table == "data_version":  # every province moves past its restored version (see test_data_versions)
            assert after[0] == before[0] and all(a[0] == b[0] and a[1] > b[1] for a, b in zip(after[1], before[1]))
            continue
        assert after == before, table
    with sqlite3.connect(fresh_path) as connection:
        assert connection.execute("SELECT name FROM lks WHERE id = 1").fetchone()[0] == "LKSA Kasih Bunda (cadangan)"
        assert connection.execute("SELECT count(*) FROM lks").fetchone()[0] > 154
        restore_entry = connection.execute(
            "SELECT username, action, table_name FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
        assert restore_entry == ("admin", "restore", "database")
    with sqlite3.connect(kept) as connection:  # the database it replaced: empty, as it was
        assert connection.execute("SELECT count(*) FROM lks").fetchone()[0] == 0


def test_the_running_app_sees_the_restored_data_and_the_old_database_is_kept(demo_file, tmp_path):
    engine = _engine(demo_file)
    snapshot = tmp_path / "before.db"
    backup.backup_to(engine, snapshot)
    with session_scope(engine) as session:  # pooled connections are open and have read the database
        lks_before = session.connection().execute(text("SELECT count(*) FROM lks WHERE deleted_at IS NULL")).scalar()
    with engine.begin() as connection:
        connection.execute(text("UPDATE lks SET deleted_at = CURRENT_TIMESTAMP"))

    kept = backup.restore_upload(engine, ADMIN, snapshot.read_bytes(), "before.db")

    with session_scope(engine) as session:
        alive = session.connection().execute(text("SELECT count(*) FROM lks WHERE deleted_at IS NULL")).scalar()
    assert alive == lks_before
    with sqlite3.connect(kept) as connection:
        assert connection.execute("SELECT count(*) FROM lks WHERE deleted_at IS NULL").fetchone()[0] == 0
    engine.dispose()


def test_only_an_admin_may_back_up_or_restore(demo_file):
    engine = _engine(demo_file)
    with pytest.raises(PermissionDenied):
        backup.backup_bytes(engine, SEKRETARIAT)
    data = backup.backup_bytes(engine, ADMIN)
    with pytest.raises(PermissionDenied):
        backup.restore_upload(engine, SEKRETARIAT, data)
    assert not list(demo_file.parent.glob("*sebelum-pemulihan*"))
    engine.dispose()


def _refusal(engine, data: bytes) -> str:
    with pytest.raises(ValidationError) as refused:
        backup.restore_upload(engine, ADMIN, data, "upload.db")
    return refused.value.errors["file"]


def test_a_file_that_is_not_a_kesos_database_at_a_known_migration_is_refused(demo_file, tmp_path):
    engine = _engine(demo_file)
    assert "bukan database SQLite" in _refusal(engine, b"id,nama\n1,LKS\n")
    assert "Berkas kosong" in _refusal(engine, b"")

    other = tmp_path / "other.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    assert "bukan database Kesos" in _refusal(engine, other.read_bytes())

    future = tmp_path / "future.db"
    backup.backup_to(engine, future)
    with sqlite3.connect(future) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    assert "tidak dikenal" in _refusal(engine, future.read_bytes())

    no_admin = tmp_path / "no_admin.db"
    backup.backup_to(engine, no_admin)
    with sqlite3.connect(no_admin) as connection:
        connection.execute("UPDATE app_user SET is_active = 0 WHERE role = 'admin'")
    assert "admin aktif" in _refusal(engine, no_admin.read_bytes())

    truncated = (tmp_path / "future.db").read_bytes()[:8192]
    assert _refusal(engine, truncated)

    # Nothing was replaced and nothing kept aside for any refused file.
    assert not list(demo_file.parent.glob("*sebelum-pemulihan*"))
    with sqlite3.connect(demo_file) as connection:
        assert connection.execute("SELECT count(*) FROM lks").fetchone()[0] > 154
    engine.dispose()


def test_postgresql_is_pointed_to_pg_dump():
    engine = make_engine("postgresql+psycopg://kesos@127.0.0.1:1/kesos")
    with pytest.raises(KesosError) as refused:
        backup.backup_bytes(engine, ADMIN)
    assert "pg_dump" in refused.value.message
