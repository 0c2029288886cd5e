"""PostgreSQL going away and coming back: a clear message meanwhile, and the same process recovers.

The tests run their own cluster (tests/postgres_cluster.py) because they stop and start it.
"""

from datetime import date

import psycopg
import pytest
import streamlit as st
from sqlmodel import func, select

from kesos import config
from kesos.config import Settings
from kesos.db import make_engine, prepare_database, session_scope
from kesos.errors import DatabaseUnavailable
from kesos.models import Lks
from kesos.security import Actor
from kesos.services import lks
from tests.pages.apptest import logged_in
from tests.postgres_cluster import PostgresCluster, require_pg_bin

UNREACHABLE = "Database tidak dapat dihubungi, jadi data tidak bisa dimuat atau disimpan."
SEKRETARIAT = Actor("sekretariat", "sekretariat", province_code="63")


@pytest.fixture(scope="module")
def cluster():
    server = PostgresCluster(require_pg_bin()).init()
    server.start()
    yield server
    server.remove()


def new_database(cluster: PostgresCluster, name: str) -> str:
    with psycopg.connect(f"host=127.0.0.1 port={cluster.port} user=postgres dbname=postgres",
                         autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return cluster.url.rsplit("/", 1)[0] + f"/{name}"


def add_lks(engine, name: str) -> int:
    with session_scope(engine) as s:
        return lks.create_lks(session=s, actor=SEKRETARIAT, data={
            "name": name, "lks_type": "anak", "kab_kota_code": "63.71", "registered_on": date(2020, 1, 1)}).id


def count_lks(engine) -> int:
    with session_scope(engine) as s:
        return s.exec(select(func.count()).select_from(Lks)).one()


def test_server_going_away_gives_a_clear_message_and_the_engine_recovers(cluster):
    url = new_database(cluster, "kesos_faults")
    engine = make_engine(url)
    prepare_database(engine, Settings(database_url=url, demo_mode=False, cookie_key=None))
    add_lks(engine, "Panti sebelum gangguan")

    cluster.stop()
    try:
        with pytest.raises(DatabaseUnavailable) as on_save:
            add_lks(engine, "Panti saat server mati")
        with pytest.raises(DatabaseUnavailable) as on_read:
            count_lks(engine)
    finally:
        cluster.start()

    assert on_save.value.message.startswith(UNREACHABLE)
    assert on_read.value.message.startswith(UNREACHABLE)
    add_lks(engine, "Panti setelah server kembali")  # same engine, same process: pool_pre_ping reconnects
    with session_scope(engine) as s:
        names = s.exec(select(Lks.name).order_by(Lks.id)).all()
    assert names == ["Panti sebelum gangguan", "Panti setelah server kembali"]
    engine.dispose()


def test_the_app_shows_the_message_while_the_server_is_away_and_recovers_without_restart(cluster, monkeypatch):
    url = new_database(cluster, "kesos_app")
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("KESOS_DEMO", "1")
    monkeypatch.setenv("KESOS_COOKIE_KEY", "test-cookie-key-0123456789abcdef")
    config.settings.cache_clear()
    st.cache_resource.clear()
    st.cache_data.clear()
    try:
        at = logged_in("sekretariat")
        at.switch_page("pages/data/lks.py").run()
        assert not at.exception and at.title[0].value == "Lembaga Kesejahteraan Sosial (LKS)"

        cluster.stop()
        try:
            at.run()
            assert not at.exception
            assert [e.value for e in at.error] == [
                UNREACHABLE + " Coba lagi sebentar lagi; bila berlanjut, hubungi pengelola server."]
        finally:
            cluster.start()

        at.run()  # the same running app, the same cached engine
        assert not at.exception and not at.error
        assert at.title[0].value == "Lembaga Kesejahteraan Sosial (LKS)"
        assert at.session_state["authentication_status"] is True
    finally:
        config.settings.cache_clear()
        st.cache_resource.clear()
        st.cache_data.clear()
