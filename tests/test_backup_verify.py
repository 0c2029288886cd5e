"""A restore verifies the backup in a scratch copy, migrated, against a freshly migrated database, before it
touches the running one: wrong columns or constraints, triggers and views the schema does not define, broken
foreign keys or pages are refused, and the running database stays exactly as it was."""

import hashlib
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, text

from kesos import backup
from kesos.db import alembic_config, make_engine, session_scope
from kesos.errors import ValidationError
from kesos.security import Actor

ADMIN = Actor("admin", "admin")


@pytest.fixture
def live(demo_db_template, tmp_path):
    path = tmp_path / "live" / "kesos.db"
    path.parent.mkdir()
    shutil.copy(demo_db_template, path)
    engine = make_engine(f"sqlite:///{path}")
    yield path, engine
    engine.dispose()


def _good_copy(engine, tmp_path, name="copy.db") -> Path:
    return backup.backup_to(engine, tmp_path / name)


def _dump_digest(path: Path) -> str:
    with sqlite3.connect(path) as connection:
        return hashlib.sha256("\n".join(connection.iterdump()).encode()).hexdigest()


def _refused(engine, path: Path) -> str:
    with pytest.raises(ValidationError) as refused:
        backup.restore_upload(engine, ADMIN, path.read_bytes(), path.name)
    return refused.value.errors["file"]


def _recreate(path: Path, table: str, create_sql: str, columns: str) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA foreign_keys=OFF")
        connection.execute("PRAGMA legacy_alter_table=ON")  # other tables keep referring to this one
        connection.execute(f'ALTER TABLE "{table}" RENAME TO "{table}_old"')
        connection.execute(create_sql)
        connection.execute(f'INSERT INTO "{table}" ({columns}) SELECT {columns} FROM "{table}_old"')
        connection.execute(f'DROP TABLE "{table}_old"')


def _assert_untouched(live_path: Path, engine, digest: str) -> None:
    assert _dump_digest(live_path) == digest
    assert not list(live_path.parent.glob("*sebelum-pemulihan*"))
    with session_scope(engine) as session:  # the app still reads and writes
        assert session.connection().execute(text("SELECT count(*) FROM lks")).scalar() > 100
        session.connection().execute(text("UPDATE app_user SET name = name"))


def test_a_backup_with_the_right_tables_but_a_missing_column_is_refused_and_nothing_changes(live, tmp_path):
    live_path, engine = live
    digest = _dump_digest(live_path)
    bad = _good_copy(engine, tmp_path)
    with sqlite3.connect(bad) as connection:
        connection.execute("ALTER TABLE funding_source DROP COLUMN notes") if "notes" in [
            r[1] for r in connection.execute("PRAGMA table_info(funding_source)")] else None
        connection.execute("ALTER TABLE activity RENAME COLUMN place TO tempat")
    message = _refused(engine, bad)
    assert "activity" in message and "skema" in message
    _assert_untouched(live_path, engine, digest)


def test_a_backup_whose_column_has_another_type_or_lost_its_not_null_is_refused(live, tmp_path):
    live_path, engine = live
    digest = _dump_digest(live_path)
    bad = _good_copy(engine, tmp_path)
    with sqlite3.connect(bad) as connection:
        sql = connection.execute("SELECT sql FROM sqlite_master WHERE name = 'province'").fetchone()[0]
        columns = ", ".join(r[1] for r in connection.execute("PRAGMA table_info(province)"))
    _recreate(bad, "province", sql.replace("NOT NULL", ""), columns)
    assert "province" in _refused(engine, bad)
    _assert_untouched(live_path, engine, digest)


def test_a_backup_that_lost_a_check_constraint_is_refused(live, tmp_path):
    live_path, engine = live
    digest = _dump_digest(live_path)
    bad = _good_copy(engine, tmp_path)
    with sqlite3.connect(bad) as connection:
        sql = connection.execute("SELECT sql FROM sqlite_master WHERE name = 'app_user'").fetchone()[0]
        columns = ", ".join(r[1] for r in connection.execute("PRAGMA table_info(app_user)"))
    without_role_check = sql.replace(
        "CONSTRAINT ck_app_user_role CHECK (role IN ('admin', 'sekretariat', 'operator', 'pimpinan')),", "")
    assert without_role_check != sql
    _recreate(bad, "app_user", without_role_check, columns)
    assert "app_user" in _refused(engine, bad)
    _assert_untouched(live_path, engine, digest)


@pytest.mark.parametrize("extra", [
    # The trigger of the outside test: it deleted the operator's audit rows and made the operator an admin.
    "CREATE TRIGGER t AFTER INSERT ON audit_log BEGIN DELETE FROM audit_log WHERE username = 'operator'; "
    "UPDATE app_user SET role = 'admin' WHERE username = 'operator'; END",
    "CREATE VIEW semua_nik AS SELECT * FROM app_user",
    "CREATE TABLE catatan_lain (id INTEGER PRIMARY KEY, isi TEXT)",
    "CREATE INDEX ix_extra ON lks (name)",
])
def test_a_backup_with_a_trigger_view_table_or_index_the_schema_does_not_define_is_refused(live, tmp_path, extra):
    live_path, engine = live
    digest = _dump_digest(live_path)
    bad = _good_copy(engine, tmp_path)
    with sqlite3.connect(bad) as connection:
        connection.execute(extra)
    assert "skema" in _refused(engine, bad)
    _assert_untouched(live_path, engine, digest)
    with sqlite3.connect(live_path) as connection:
        assert connection.execute("SELECT role FROM app_user WHERE username = 'operator'").fetchone()[0] == "operator"


def test_a_backup_with_broken_foreign_keys_is_refused(live, tmp_path):
    live_path, engine = live
    digest = _dump_digest(live_path)
    bad = _good_copy(engine, tmp_path)
    with sqlite3.connect(bad) as connection:  # foreign keys are off in a plain connection
        connection.execute("UPDATE lks SET kab_kota_code = '99.99' WHERE id = (SELECT min(id) FROM lks)")
    assert "kunci asing" in _refused(engine, bad)
    _assert_untouched(live_path, engine, digest)


def test_an_older_backup_is_migrated_in_the_scratch_copy_and_restored(live, tmp_path):
    live_path, engine = live
    good = _good_copy(engine, tmp_path)
    older = create_engine(f"sqlite:///{good}")  # foreign keys off, as SQLite's batch rebuilds need
    try:  # a backup made by the release of migration 0004: the later migrations undone on the copy
        cfg = alembic_config(older)
        with older.begin() as connection:
            cfg.attributes["connection"] = connection
            command.downgrade(cfg, "0004")
    finally:
        older.dispose()
    with sqlite3.connect(good) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0004"
        indexes = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    kept = backup.restore_upload(engine, ADMIN, good.read_bytes(), "lama.db")
    assert kept.exists()
    with sqlite3.connect(live_path) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone()[0] == max(
            backup.known_revisions(engine))
        assert {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'index'")} > indexes


def test_a_failure_while_swapping_leaves_the_running_database_as_it_was(live, tmp_path, monkeypatch):
    live_path, engine = live
    digest = _dump_digest(live_path)
    good = _good_copy(engine, tmp_path)
    with sqlite3.connect(good) as connection:
        connection.execute("UPDATE lks SET name = 'Berubah' ")

    def broken_copy(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(backup, "_copy_pages", broken_copy)
    with pytest.raises(Exception):
        backup.restore_upload(engine, ADMIN, good.read_bytes(), "baik.db")
    assert _dump_digest(live_path) == digest


def test_two_restores_within_one_second_keep_both_earlier_databases(live, tmp_path):
    live_path, engine = live
    first, second = _good_copy(engine, tmp_path, "a.db"), _good_copy(engine, tmp_path, "b.db")
    moment = datetime(2026, 5, 4, 10, 0, 0)
    kept_one = backup.restore_from(engine, first, username="admin", now=moment)
    kept_two = backup.restore_from(engine, second, username="admin", now=moment)
    assert kept_one != kept_two and kept_one.exists() and kept_two.exists()
