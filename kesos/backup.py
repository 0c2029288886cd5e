"""Backups of the whole SQLite database and restoring one: admins only, consistent while in use.

Both directions use SQLite's online backup API, so a backup taken while others save is a
consistent copy, and a restore replaces the live database's pages under SQLite's own locking
instead of swapping files under open connections. The database being replaced is first kept
beside it. PostgreSQL deployments use pg_dump/pg_restore (see the README).
"""

import hashlib
import json
import sqlite3
import tempfile
from datetime import datetime
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from kesos import clock, data_versions
from kesos.db import alembic_config, migrate
from kesos.errors import KesosError, ValidationError
from kesos.models import AuditLog
from kesos.security import Actor, require_admin

SQLITE_MAGIC = b"SQLite format 3\x00"
# Tables every Kesos database has had since the first migration.
REQUIRED_TABLES = frozenset({
    "alembic_version", "province", "kab_kota", "organisation", "branch", "lks", "beneficiary_count",
    "aid_item", "funding_source", "aid_distribution", "activity", "app_user", "audit_log",
})
_POSTGRES = ("Cadangan dari aplikasi hanya untuk database SQLite. Untuk PostgreSQL gunakan pg_dump dan "
             "pg_restore (lihat README).")


def database_path(engine: Engine) -> Path:
    """The SQLite file behind the engine; refuses PostgreSQL and in-memory databases."""
    if engine.url.get_backend_name() != "sqlite" or not engine.url.database or engine.url.database == ":memory:":
        raise KesosError(_POSTGRES)
    return Path(engine.url.database)


def backup_to(engine: Engine, target: Path) -> Path:
    """Write a consistent copy of the whole database to `target` (a single file, no -wal beside it)."""
    database_path(engine)
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    raw = engine.raw_connection()
    try:
        destination = sqlite3.connect(target)
        try:
            raw.driver_connection.backup(destination)
            destination.execute("PRAGMA journal_mode=DELETE")
        finally:
            destination.close()
    finally:
        raw.close()
    return target


def backup_filename(now: datetime | None = None) -> str:
    return f"kesos-cadangan-{(now or clock.local_now()).strftime('%Y%m%d-%H%M%S')}.db"


def backup_bytes(engine: Engine, actor: Actor) -> bytes:
    """The whole database as the bytes of one SQLite file, for an admin's download."""
    require_admin(actor)
    with tempfile.TemporaryDirectory(prefix="kesos-backup-") as folder:
        path = backup_to(engine, Path(folder) / "kesos.db")
        return path.read_bytes()


def known_revisions(engine: Engine) -> set[str]:
    return {script.revision for script in ScriptDirectory.from_config(alembic_config(engine)).walk_revisions()}


def check_backup(engine: Engine, path: Path) -> str:
    """Refuse a file that is not a whole Kesos database at a migration this version knows.

    Returns the file's migration revision. Reads the file read-only; changes nothing.
    """
    def refuse(message: str):
        raise ValidationError({"file": message})

    path = Path(path)
    with path.open("rb") as fh:
        if fh.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            refuse("Berkas ini bukan database SQLite. Pilih berkas cadangan Kesos (.db).")
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        refuse("Berkas database tidak dapat dibuka.")
    try:
        if connection.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            refuse("Berkas database rusak (pemeriksaan integritas SQLite gagal).")
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        missing = REQUIRED_TABLES - tables
        if missing:
            refuse("Berkas ini bukan database Kesos: tabel " + ", ".join(sorted(missing)) + " tidak ada.")
        revisions = [row[0] for row in connection.execute("SELECT version_num FROM alembic_version")]
        if len(revisions) != 1 or revisions[0] not in known_revisions(engine):
            refuse("Versi database dalam berkas ini tidak dikenal oleh aplikasi ini "
                   f"({', '.join(revisions) or 'tanpa versi'}); mungkin dibuat oleh versi Kesos yang lebih baru.")
        admins = connection.execute(
            "SELECT count(*) FROM app_user WHERE role = 'admin' AND is_active").fetchone()[0]
        if not admins:
            refuse("Database dalam berkas ini tidak punya admin aktif; setelah dipulihkan tidak ada yang "
                   "bisa mengelolanya.")
        return revisions[0]
    except sqlite3.DatabaseError as exc:
        refuse(f"Berkas database tidak dapat dibaca: {exc}.")
    finally:
        connection.close()


def kept_path(engine: Engine, now: datetime | None = None) -> Path:
    current = database_path(engine)
    stamp = (now or clock.local_now()).strftime("%Y%m%d-%H%M%S")
    return current.with_name(f"{current.stem}.sebelum-pemulihan-{stamp}{current.suffix or '.db'}")


def restore_from(engine: Engine, source: Path, *, username: str = "system") -> Path:
    """Replace the whole database with the backup at `source`; returns where the old one was kept.

    The backup is checked first; the current database is copied aside (online backup) before its
    pages are overwritten; then the engine's pooled connections are dropped, so every later read
    sees the restored data, and an older backup is migrated to this version's schema.
    """
    source = Path(source)
    check_backup(engine, source)
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    old = backup_to(engine, kept_path(engine))
    with engine.connect() as connection:
        earlier = data_versions.versions(connection)
    reader = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    raw = engine.raw_connection()
    try:
        reader.backup(raw.driver_connection)
    finally:
        raw.close()
        reader.close()
    engine.dispose()
    migrate(engine)
    _record(engine, username, source.name, digest, old, earlier)
    return old


def _record(engine: Engine, username: str, name: str, digest: str, old: Path, earlier: dict[str, int]) -> None:
    """The restore itself goes into the restored database's audit log; every data version moves past
    both its restored value and its value before the restore, so no cache serves the old data."""
    from kesos.db import session_scope

    with session_scope(engine) as session:
        data_versions.move_past(session.connection(), earlier)
        session.add(AuditLog(username=username, action="restore", table_name="database", record_id=name[:50],
                             after=json.dumps({"sha256": digest, "kept_old_database": str(old)})))


def restore_upload(engine: Engine, actor: Actor, data: bytes, name: str = "cadangan.db") -> Path:
    """An admin's uploaded backup replaces the database; the old one is kept. Returns its path."""
    require_admin(actor)
    database_path(engine)
    if not data:
        raise ValidationError({"file": "Berkas kosong. Pilih berkas cadangan Kesos (.db)."})
    with tempfile.TemporaryDirectory(prefix="kesos-restore-") as folder:
        path = Path(folder) / (Path(name).name or "cadangan.db")
        path.write_bytes(data)
        return restore_from(engine, path, username=actor.username)
