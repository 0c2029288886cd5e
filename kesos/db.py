"""Engine, sessions, migrations at start-up and the one function that prepares a database."""

import csv
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, event, inspect, text
from sqlalchemy.exc import DBAPIError, DisconnectionError, InterfaceError, OperationalError
from sqlmodel import Session, create_engine, func, select

from kesos import summaries  # noqa: F401  registers the hooks that keep the dashboards' summaries up to date
from kesos import data_versions  # noqa: F401  registers the hooks that move the data versions on with every write
from kesos.config import DATA_DIR, ROOT, ConfigError, Settings
from kesos.errors import DatabaseUnavailable
from kesos.models import KabKota, Province

MIGRATIONS_DIR = ROOT / "migrations"
WILAYAH_DIR = DATA_DIR / "wilayah"
log = logging.getLogger(__name__)
STARTUP_LOCK = 7305200001  # a PostgreSQL advisory lock: one replica at a time migrates and loads regions


def make_engine(database_url: str, *, pool_size: int = 5) -> Engine:
    """The engine; `pool_size` connections are kept (ten more may open under load)."""
    if database_url.startswith("sqlite"):
        path = database_url.removeprefix("sqlite:///")
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(database_url, connect_args={"check_same_thread": False, "timeout": 30},
                               pool_size=pool_size)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        # A connection opened while the file was read-only stays read-only. Such connections are
        # dropped after a refused write, and replaced at checkout once the file is writable again,
        # so the app writes again without a restart.
        @event.listens_for(engine, "handle_error")
        def _drop_read_only_connections(context):
            if "readonly" in str(context.original_exception):
                context.is_disconnect = True

        if path and path != ":memory:" and not path.startswith("file:"):
            @event.listens_for(engine, "connect")
            def _note_read_only(_dbapi_connection, record):
                record.info["opened_read_only"] = not os.access(path, os.W_OK)

            @event.listens_for(engine, "checkout")
            def _reopen_when_writable(_dbapi_connection, record, _proxy):
                if record.info.get("opened_read_only") and os.access(path, os.W_OK):
                    raise DisconnectionError("the database file is writable again")

        return engine
    engine = create_engine(database_url, pool_pre_ping=True, pool_size=pool_size)

    # A PostgreSQL session keeps the `default_transaction_read_only` it started with (a standby, or a
    # database an operator made read-only): after a refused write the pool is renewed, so the first
    # save once the database is writable again reaches a writable connection.
    @event.listens_for(engine, "handle_error")
    def _drop_read_only_sessions(context):
        if _is_read_only(context.original_exception):
            context.is_disconnect = True

    # Connections opened while the database was read-only (readers meanwhile) are replaced at checkout
    # once it is writable again, so none of them refuses the first save.
    @event.listens_for(engine, "connect")
    def _note_read_only_session(dbapi_connection, record):
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SHOW transaction_read_only")
            record.info["opened_read_only"] = cursor.fetchone()[0] == "on"
        dbapi_connection.rollback()

    @event.listens_for(engine, "checkout")
    def _reopen_when_writable_again(dbapi_connection, record, _proxy):
        if record.info.get("opened_read_only") and not _postgres_still_read_only(dbapi_connection):
            raise DisconnectionError("the database is writable again")

    return engine


_STILL_READ_ONLY = """
SELECT pg_is_in_recovery() OR EXISTS (
    SELECT 1 FROM pg_db_role_setting s, unnest(s.setconfig) AS c
    WHERE s.setdatabase IN (0, (SELECT oid FROM pg_database WHERE datname = current_database()))
      AND s.setrole IN (0, (SELECT oid FROM pg_roles WHERE rolname = current_user))
      AND lower(c) IN ('default_transaction_read_only=on', 'default_transaction_read_only=true',
                       'default_transaction_read_only=1', 'default_transaction_read_only=yes'))
"""


def _postgres_still_read_only(dbapi_connection) -> bool:
    """Whether a new session would still start read-only (a standby, or a read-only database or role setting)."""
    try:
        with dbapi_connection.cursor() as cursor:
            cursor.execute(_STILL_READ_ONLY)
            still = bool(cursor.fetchone()[0])
        dbapi_connection.rollback()
        return still
    except Exception:  # the catalog is not readable here: let the next refused write renew the pool
        dbapi_connection.rollback()
        return True


def _is_read_only(error: BaseException | None) -> bool:
    detail = str(error).lower()
    return "readonly" in detail or "read-only" in detail or getattr(error, "sqlstate", None) == "25006"


_READ_ONLY = "Database hanya bisa dibaca (read-only), jadi perubahan tidak tersimpan. " \
    "Minta pengelola server memeriksa izin berkas database."
_FULL = "Penyimpanan server penuh, jadi perubahan tidak tersimpan. Minta pengelola server mengosongkan ruang disk."
_BUSY = "Database sedang sibuk melayani pengguna lain; perubahan belum tersimpan. Coba simpan lagi sebentar lagi."
_UNREACHABLE = "Database tidak dapat dihubungi, jadi data tidak bisa dimuat atau disimpan. Coba lagi " \
    "sebentar lagi; bila berlanjut, hubungi pengelola server."


def database_error(exc: BaseException) -> DatabaseUnavailable | None:
    """The clear Indonesian message for a database that cannot do the work, or None for other errors."""
    if not isinstance(exc, (OperationalError, InterfaceError)) and not (
            isinstance(exc, DBAPIError) and (exc.connection_invalidated or _is_read_only(exc.orig))):
        return None
    detail = str(exc.orig).lower()
    sqlstate = getattr(exc.orig, "sqlstate", None) or ""
    if _is_read_only(exc.orig):
        message = _READ_ONLY
    elif "disk is full" in detail or "no space left" in detail or sqlstate.startswith("53"):
        message = _FULL
    elif "database is locked" in detail or "busy" in detail:
        message = _BUSY
    else:
        message = _UNREACHABLE
    log.warning("database unavailable: %s", exc.orig)
    return DatabaseUnavailable(message)


@contextmanager
def translated_errors() -> Iterator[None]:
    """Turn a database that cannot do the work into `DatabaseUnavailable`, with its message."""
    try:
        yield
    except (OperationalError, DBAPIError) as exc:
        unavailable = database_error(exc)
        if unavailable is None:
            raise
        raise unavailable from exc


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session whose work is committed at the end of the block, or rolled back on error.

    A database that cannot do the work (read-only, disk full, unreachable) raises
    `DatabaseUnavailable`, whose message pages show as they show any other refusal.
    """
    with translated_errors(), Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            try:
                session.rollback()
            except DBAPIError as rollback_error:  # the connection is gone; the work is lost anyway
                log.warning("rollback failed: %s", rollback_error.orig)
            raise


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return cfg


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration."""
    cfg = alembic_config(engine)
    if engine.dialect.name == "sqlite":
        _migrate_sqlite(engine, cfg)
        return
    with engine.begin() as connection:
        # Replicas starting together on one database: one migrates, the others wait, then find
        # nothing left to do. The lock ends with this transaction.
        connection.execute(text(f"SELECT pg_advisory_xact_lock({STARTUP_LOCK})"))
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")


def _migrate_sqlite(engine: Engine, cfg: Config) -> None:
    """SQLite changes a constraint by rebuilding the table (Alembic's batch mode), which drops the old
    table: with foreign keys enforced, dropping a table other rows refer to (activity, lks) fails on
    any database that holds data. Foreign keys are off while migrating (the pragma is ignored inside
    a transaction, so it is set before) and on again afterwards; a restore checks them on its copy."""
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()  # pysqlite opened no transaction for the pragma, so it took effect
        try:
            with connection.begin():
                cfg.attributes["connection"] = connection
                command.upgrade(cfg, "head")
        finally:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()


def load_regions(session: Session) -> None:
    """Load the 38 provinces and 514 kab/kota from `data/wilayah` when they are not there yet."""
    if session.get_bind().dialect.name == "postgresql":  # replicas starting together load them once
        session.execute(text(f"SELECT pg_advisory_xact_lock({STARTUP_LOCK})"))
    if session.exec(select(func.count()).select_from(KabKota)).one() > 0:
        return
    with (WILAYAH_DIR / "provinces.csv").open(encoding="utf-8") as fh:
        session.add_all(Province(code=r["code"], name=r["name"]) for r in csv.DictReader(fh))
    session.flush()
    with (WILAYAH_DIR / "regencies.csv").open(encoding="utf-8") as fh:
        session.add_all(
            KabKota(code=r["code"], province_code=r["province_code"], name=r["name"])
            for r in csv.DictReader(fh)
        )


def is_new_database(engine: Engine) -> bool:
    return not inspect(engine).has_table("alembic_version")


def prepare_database(engine: Engine, settings: Settings) -> bool:
    """Migrate, load regions and, on a new database in demo mode, the demo data.

    The app's first start and every command line call go through here. Returns True when the
    demo data was loaded by this call.
    """
    was_new = is_new_database(engine)
    migrate(engine)
    with session_scope(engine) as session:
        load_regions(session)
    if settings.demo_mode and was_new:
        from kesos import demo  # imported late: demo builds on the models and this module

        with session_scope(engine) as session:
            demo.load_demo(session)
        return True
    return False


def refuse_demo_passwords(engine: Engine, settings: Settings) -> None:
    """Outside demo mode the app does not start while an account can still log in with the demo password."""
    if settings.demo_mode:
        return
    from kesos.users import accounts_with_demo_password

    with session_scope(engine) as session:
        found = accounts_with_demo_password(session)
    if found:
        message = (
            f"Kesos tidak dijalankan: di luar mode demo, akun {', '.join(found)} masih memakai kata sandi demo. "
            "Ganti kata sandi admin dengan 'python -m kesos create-admin --reset' (akun lain di halaman Pengguna), "
            "atau hapus semua akun dan data demo dengan 'python -m kesos demo-remove'. / "
            f"Kesos refuses to run outside demo mode while accounts ({', '.join(found)}) still have the demo "
            "password: reset it with 'python -m kesos create-admin --reset' or remove the demo data and accounts "
            "with 'python -m kesos demo-remove'."
        )
        print(message, file=sys.stderr, flush=True)
        raise ConfigError(message)
