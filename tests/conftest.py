"""Fixtures: every test gets real, temporary databases; the demo database is built once and copied."""

import shutil

import pytest
from sqlmodel import Session

from kesos import config
from kesos.config import Settings
from kesos.db import make_engine, migrate, prepare_database, session_scope, load_regions


def sqlite_url(path) -> str:
    return f"sqlite:///{path}"


@pytest.fixture
def empty_engine(tmp_path):
    """A migrated database with regions and nothing else."""
    engine = make_engine(sqlite_url(tmp_path / "empty.db"))
    migrate(engine)
    with session_scope(engine) as session:
        load_regions(session)
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
def demo_engine(demo_db_path):
    engine = make_engine(sqlite_url(demo_db_path))
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
