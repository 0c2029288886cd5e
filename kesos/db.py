"""Engine, sessions, migrations at start-up and the one function that prepares a database."""

import csv
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, event, inspect, text
from sqlmodel import Session, create_engine, func, select

from kesos.config import DATA_DIR, ROOT, Settings
from kesos.models import KabKota, Province

MIGRATIONS_DIR = ROOT / "migrations"
WILAYAH_DIR = DATA_DIR / "wilayah"


def make_engine(database_url: str) -> Engine:
    if database_url.startswith("sqlite"):
        path = database_url.removeprefix("sqlite:///")
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(database_url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    return create_engine(database_url, pool_pre_ping=True)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session whose work is committed at the end of the block, or rolled back on error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return cfg


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration."""
    cfg = alembic_config(engine)
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")


def load_regions(session: Session) -> None:
    """Load the 38 provinces and 514 kab/kota from `data/wilayah` when they are not there yet."""
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


def ping(engine: Engine) -> None:
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
