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
from functools import lru_cache
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from kesos import clock, data_versions
from kesos.db import alembic_config, make_engine, migrate
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


def _refuse(message: str):
    raise ValidationError({"file": message})


def _open_read_only(path: Path) -> sqlite3.Connection:
    try:
        return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        _refuse("Berkas database tidak dapat dibuka.")


def check_backup(engine: Engine, path: Path) -> str:
    """Refuse a file that is not a whole Kesos database at a migration this version knows (first look).

    Returns the file's migration revision. Reads the file read-only; changes nothing. The full check of the
    structure happens on a migrated scratch copy (`verify_scratch`).
    """
    path = Path(path)
    with path.open("rb") as fh:
        if fh.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            _refuse("Berkas ini bukan database SQLite. Pilih berkas cadangan Kesos (.db).")
    connection = _open_read_only(path)
    try:
        if connection.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            _refuse("Berkas database rusak (pemeriksaan integritas SQLite gagal).")
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        missing = REQUIRED_TABLES - tables
        if missing:
            _refuse("Berkas ini bukan database Kesos: tabel " + ", ".join(sorted(missing)) + " tidak ada.")
        revisions = [row[0] for row in connection.execute("SELECT version_num FROM alembic_version")]
        if len(revisions) != 1 or revisions[0] not in known_revisions(engine):
            _refuse("Versi database dalam berkas ini tidak dikenal oleh aplikasi ini "
                    f"({', '.join(map(str, revisions)) or 'tanpa versi'}); mungkin dibuat oleh versi Kesos yang "
                    "lebih baru.")
        _refuse_foreign_objects(connection, ("trigger", "view"))  # before a migration could fire a trigger
        return revisions[0]
    except sqlite3.DatabaseError as exc:
        _refuse(f"Berkas database tidak dapat dibaca: {exc}.")
    finally:
        connection.close()


# -- the structure a freshly migrated database has ------------------------------------------------------------

_KINDS = {"table": "tabel", "index": "indeks", "trigger": "trigger", "view": "view"}


def _normal_sql(sql: str | None) -> str:
    """Spacing, case and identifier quotes aside: a table SQLite renamed into place (Alembic's batch
    rebuild) reads `CREATE TABLE "branch"`, a created one `CREATE TABLE branch`; both are the same."""
    return " ".join((sql or "").replace('"', "").replace("(", " ( ").replace(")", " ) ").replace(",", " , ").split()).lower()


def _table_items(sql: str) -> str:
    """A table's normalised CREATE with its constraints in a fixed order.

    Alembic's batch mode on SQLite rebuilds a table with its constraints in the order of a Python set,
    which changes from one process to the next; the same schema must compare equal whatever that order.
    """
    start, end = sql.find("( "), sql.rfind(" )")
    if start < 0 or end <= start:
        return sql
    items, depth, current = [], 0, []
    for token in sql[start + 2:end].split(" "):
        if token == "," and depth == 0:
            items.append(" ".join(current))
            current = []
            continue
        depth += token.count("(") - token.count(")")
        current.append(token)
    items.append(" ".join(current))
    columns = [item for item in items if not item.startswith("constraint ")]
    constraints = sorted(item for item in items if item.startswith("constraint "))
    return f"{sql[:start]}( {' , '.join(columns + constraints)} )"


def schema_of(connection: sqlite3.Connection) -> dict[tuple[str, str], str]:
    """Every table, index, trigger and view of a SQLite database with its normalised SQL."""
    rows = connection.execute("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
    return {(kind, name): _table_items(_normal_sql(sql)) if kind == "table" else _normal_sql(sql)
            for kind, name, sql in rows}


def _columns(connection: sqlite3.Connection, table: str) -> dict[str, tuple]:
    return {row[1]: (row[2].upper(), row[3], row[5]) for row in connection.execute(f'PRAGMA table_info("{table}")')}


@lru_cache(maxsize=4)
def _reference(head: str) -> tuple[dict, dict]:
    """The schema the migrations make (`head` keys the cache), and each table's columns."""
    with tempfile.TemporaryDirectory(prefix="kesos-schema-") as folder:
        path = Path(folder) / "schema.db"
        reference = make_engine(f"sqlite:///{path}")
        try:
            migrate(reference)
        finally:
            reference.dispose()
        connection = sqlite3.connect(path)
        try:
            schema = schema_of(connection)
            columns = {name: _columns(connection, name) for kind, name in schema if kind == "table"}
        finally:
            connection.close()
    return schema, columns


def reference_schema(engine: Engine) -> tuple[dict, dict]:
    return _reference(ScriptDirectory.from_config(alembic_config(engine)).get_current_head())


def _refuse_foreign_objects(connection: sqlite3.Connection, kinds: tuple[str, ...]) -> None:
    schema = schema_of(connection)
    extra = sorted(f"{_KINDS[kind]} {name}" for kind, name in schema if kind in kinds)
    if extra:
        _refuse("Berkas cadangan berisi " + ", ".join(extra) + " yang tidak ada dalam skema Kesos; demi keamanan "
                "berkas ini tidak dipulihkan.")


def _table_differences(connection: sqlite3.Connection, table: str, expected: dict[str, tuple]) -> str:
    found = _columns(connection, table)
    parts = []
    if missing := sorted(set(expected) - set(found)):
        parts.append("kolom " + ", ".join(missing) + " tidak ada")
    if extra := sorted(set(found) - set(expected)):
        parts.append("kolom " + ", ".join(extra) + " tidak dikenal")
    if changed := sorted(c for c in set(expected) & set(found) if expected[c] != found[c]):
        parts.append("kolom " + ", ".join(changed) + " berbeda jenis, NOT NULL atau kunci")
    return f"tabel {table}: " + ("; ".join(parts) or "batasan (constraint) berbeda")


def verify_scratch(engine: Engine, connection: sqlite3.Connection) -> None:
    """The migrated scratch copy has exactly the schema of a freshly migrated database, intact pages, every
    foreign key pointing at a row, and an active admin; else `ValidationError` on "file"."""
    reference, reference_columns = reference_schema(engine)
    found = schema_of(connection)
    problems = []
    for kind, name in sorted(set(found) - set(reference)):
        problems.append(f"{_KINDS.get(kind, kind)} {name} tidak dikenal")
    for kind, name in sorted(set(reference) - set(found)):
        problems.append(f"{_KINDS.get(kind, kind)} {name} tidak ada")
    for kind, name in sorted(set(found) & set(reference)):
        if found[kind, name] != reference[kind, name]:
            problems.append(_table_differences(connection, name, reference_columns[name]) if kind == "table"
                            else f"{_KINDS.get(kind, kind)} {name} berbeda")
    if problems:
        _refuse("Struktur database dalam berkas ini tidak sesuai skema Kesos (" + "; ".join(problems[:6])
                + ("; …" if len(problems) > 6 else "") + "). Berkas tidak dipulihkan.")
    if [row[0] for row in connection.execute("PRAGMA integrity_check")] != ["ok"]:
        _refuse("Berkas database rusak (pemeriksaan integritas SQLite gagal).")
    broken = connection.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        tables = sorted({row[0] for row in broken})
        _refuse(f"Berkas ini berisi {len(broken)} baris yang kunci asingnya tidak menunjuk ke data yang ada "
                f"(tabel {', '.join(tables)}). Berkas tidak dipulihkan.")
    admins = connection.execute("SELECT count(*) FROM app_user WHERE role = 'admin' AND is_active").fetchone()[0]
    if not admins:
        _refuse("Database dalam berkas ini tidak punya admin aktif; setelah dipulihkan tidak ada yang "
                "bisa mengelolanya.")


def kept_path(engine: Engine, now: datetime | None = None) -> Path:
    """Where the database being replaced is kept: a new name even for two restores in the same second."""
    current = database_path(engine)
    stamp = (now or clock.local_now()).strftime("%Y%m%d-%H%M%S")
    suffix = current.suffix or ".db"
    candidate, number = current.with_name(f"{current.stem}.sebelum-pemulihan-{stamp}{suffix}"), 1
    while candidate.exists():
        number += 1
        candidate = current.with_name(f"{current.stem}.sebelum-pemulihan-{stamp}-{number}{suffix}")
    return candidate


def _prepare_scratch(engine: Engine, source: Path, folder: Path) -> Path:
    """Copy the backup into a scratch file, migrate it there and verify it; the running database is not read."""
    scratch = folder / "pemulihan.db"
    reader = _open_read_only(source)
    writer = sqlite3.connect(scratch)
    try:
        reader.backup(writer)
    finally:
        writer.close()
        reader.close()
    scratch_engine = make_engine(f"sqlite:///{scratch}")
    try:
        migrate(scratch_engine)
    except Exception as exc:  # noqa: BLE001  (whatever the file makes the migration do, it is refused)
        _refuse(f"Berkas cadangan tidak dapat dibawa ke versi database aplikasi ini ({type(exc).__name__}). "
                "Berkas tidak dipulihkan.")
    finally:
        scratch_engine.dispose()
    connection = sqlite3.connect(scratch)
    try:
        verify_scratch(engine, connection)
        connection.execute("PRAGMA journal_mode=DELETE")
    finally:
        connection.close()
    return scratch


def _copy_pages(scratch: Path, engine: Engine) -> None:
    """Replace the running database's pages with the scratch copy's in one SQLite write transaction: other
    connections see the old database or the new one, and a failure part-way leaves the old one."""
    reader = _open_read_only(scratch)
    raw = engine.raw_connection()
    try:
        reader.backup(raw.driver_connection)
    finally:
        raw.close()
        reader.close()


def restore_from(engine: Engine, source: Path, *, username: str = "system", now: datetime | None = None) -> Path:
    """Replace the whole database with the backup at `source`; returns where the old one was kept.

    The backup is copied into a scratch file beside nothing the app uses, migrated there and verified against a
    freshly migrated database; only then is the current database copied aside (online backup) and its pages
    replaced in one transaction. On any refusal or failure before that, the running database is untouched.
    """
    source = Path(source)
    check_backup(engine, source)
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    with tempfile.TemporaryDirectory(prefix="kesos-restore-scratch-") as folder:
        scratch = _prepare_scratch(engine, source, Path(folder))
        old = backup_to(engine, kept_path(engine, now))
        with engine.connect() as connection:
            earlier = data_versions.versions(connection)
        _copy_pages(scratch, engine)
    engine.dispose()
    migrate(engine)  # nothing left to do; a no-op that proves the restored database is at this version
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
