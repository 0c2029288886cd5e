"""Fixtures: every test gets real, temporary databases; the demo database is built once and copied."""

import os
import shutil
from datetime import datetime

import pytest
from sqlmodel import Session

from kesos import config
from kesos.config import Settings
from kesos.db import make_engine, migrate, prepare_database, session_scope, load_regions
from tests.databases import PostgresDatabases, on_postgres, require_postgres_url


# KESOS_TEST_NOW=2027-01-01T00:00+07:00 runs the suite as if the system clock said so (time-machine
# moves datetime.now, date.today and time.time of this process, ticking on from there). The app
# servers of the browser tests run in other processes on the real clock, so those tests skip.
TEST_NOW = os.environ.get("KESOS_TEST_NOW")


def pytest_configure(config):
    if TEST_NOW:
        import time_machine

        config._kesos_clock = time_machine.travel(datetime.fromisoformat(TEST_NOW), tick=True)
        config._kesos_clock.start()


def pytest_unconfigure(config):
    if getattr(config, "_kesos_clock", None) is not None:
        config._kesos_clock.stop()


# Fixtures that give a database of the backend chosen by KESOS_TEST_DB (SQLite or PostgreSQL). A
# test using any of them is marked `database`: `.ci/run` runs `pytest -m database` a second time
# with KESOS_TEST_DB=postgresql. Fixtures of test modules that build on these count too, because
# pytest lists every fixture a test depends on in `item.fixturenames`.
DATABASE_FIXTURES = frozenset({"empty_engine", "demo_engine", "demo_session", "demo_db_url",
                               "module_empty_engine", "module_demo_engine"})


def pytest_collection_modifyitems(config, items):
    for item in items:
        if DATABASE_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.database)
    if TEST_NOW:
        skip = pytest.mark.skip(reason=f"KESOS_TEST_NOW={TEST_NOW}: browser tests run on the real clock")
        for item in items:
            if "/e2e/" in str(item.fspath):
                item.add_marker(skip)


def sqlite_url(path) -> str:
    return f"sqlite:///{path}"


@pytest.fixture(scope="session")
def postgres_databases():
    """The PostgreSQL server of KESOS_TEST_POSTGRES_URL (skip without one; CI fails instead)."""
    databases = PostgresDatabases(require_postgres_url())
    yield databases
    databases.drop_all()


@pytest.fixture
def postgres_url(postgres_databases):
    """A new, empty PostgreSQL database (no tables) for this test, dropped afterwards."""
    name = postgres_databases.create(label="blank")
    yield postgres_databases.url(name)
    postgres_databases.drop(name)


def _postgres_template(postgres_databases, prepare) -> str:
    name = postgres_databases.create(label="template")
    engine = make_engine(postgres_databases.url(name))
    prepare(engine, postgres_databases.url(name))
    engine.dispose()  # a template must have no connections when it is copied
    return name


def _fresh_postgres(request, template_fixture: str):
    databases = request.getfixturevalue("postgres_databases")
    name = databases.fresh_copy(request.getfixturevalue(template_fixture))
    request.addfinalizer(lambda: databases.drop(name))
    return databases.url(name)


def _migrate_with_regions(engine, _url) -> None:
    migrate(engine)
    with session_scope(engine) as session:
        load_regions(session)


@pytest.fixture(scope="session")
def _postgres_empty_template(postgres_databases):
    return _postgres_template(postgres_databases, _migrate_with_regions)


@pytest.fixture(scope="session")
def _postgres_demo_template(postgres_databases):
    return _postgres_template(postgres_databases, lambda engine, url: prepare_database(
        engine, Settings(database_url=url, demo_mode=True, cookie_key=None)))


@pytest.fixture
def empty_engine(request, tmp_path):
    """A migrated database with regions and nothing else (PostgreSQL when KESOS_TEST_DB=postgresql)."""
    if on_postgres():
        engine = make_engine(_fresh_postgres(request, "_postgres_empty_template"))
    else:
        engine = make_engine(sqlite_url(tmp_path / "empty.db"))
        _migrate_with_regions(engine, None)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def module_empty_engine(request, tmp_path_factory):
    """`empty_engine` shared by a test module (SQLite or PostgreSQL, as KESOS_TEST_DB says)."""
    if on_postgres():
        engine = make_engine(_fresh_postgres(request, "_postgres_empty_template"))
    else:
        engine = make_engine(sqlite_url(tmp_path_factory.mktemp("module-empty") / "empty.db"))
        _migrate_with_regions(engine, None)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def module_demo_engine(request, tmp_path_factory):
    """A demo database shared by a test module, for tests that only read or add (reports)."""
    if on_postgres():
        engine = make_engine(_fresh_postgres(request, "_postgres_demo_template"))
    else:
        path = tmp_path_factory.mktemp("module-demo") / "kesos.db"
        shutil.copy(request.getfixturevalue("demo_db_template"), path)
        engine = make_engine(sqlite_url(path))
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def demo_db_template(tmp_path_factory):
    """A demo database prepared once per test run, as the app's first start prepares it."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    url = sqlite_url(path)
    engine = make_engine(url)
    prepare_database(engine, Settings(database_url=url, demo_mode=True, cookie_key=None))
    engine.dispose()
    return path


@pytest.fixture
def demo_db_path(demo_db_template, tmp_path):
    """A fresh copy of the demo database that a test may change."""
    path = tmp_path / "kesos.db"
    shutil.copy(demo_db_template, path)
    return path


@pytest.fixture
def demo_db_url(request):
    """The URL of a fresh demo database this test may change: a SQLite copy, or a PostgreSQL one."""
    if on_postgres():
        return _fresh_postgres(request, "_postgres_demo_template")
    return sqlite_url(request.getfixturevalue("demo_db_path"))


@pytest.fixture
def demo_engine(demo_db_url):
    engine = make_engine(demo_db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def demo_session(demo_engine):
    with Session(demo_engine) as session:
        yield session


@pytest.fixture
def app_env(demo_db_path, monkeypatch):
    """Environment for running the Streamlit app (AppTest) on a fresh copy of the demo database."""
    import streamlit as st

    monkeypatch.setenv("DATABASE_URL", sqlite_url(demo_db_path))
    monkeypatch.setenv("KESOS_DEMO", "1")
    monkeypatch.setenv("KESOS_COOKIE_KEY", "test-cookie-key-0123456789abcdef")
    config.settings.cache_clear()
    st.cache_resource.clear()
    st.cache_data.clear()
    yield demo_db_path
    config.settings.cache_clear()
    st.cache_resource.clear()
    st.cache_data.clear()
