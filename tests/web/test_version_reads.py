"""A rerun reads the data versions once: one query for every province, before the data, however many
panels the page draws; a save in the run makes the next read see it."""

from contextlib import contextmanager

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from kesos import navigation
from kesos.security import Actor
from tests.pages.apptest import ROOT

DASHBOARDS = [spec for spec in navigation.PAGES if spec.script.startswith("pages/dasbor/")]
LEADERS = {"sekretariat": Actor("sekretariat", "sekretariat", "63"), "admin": Actor("admin", "admin")}


@contextmanager
def version_reads():
    """Every statement that reads the data_version table, on any engine of this process."""
    reads = []

    def note(conn, cursor, statement, parameters, context, executemany):
        text = " ".join(statement.split()).lower()
        if text.startswith("select") and "from data_version" in text:
            reads.append(text)

    event.listen(Engine, "before_cursor_execute", note)
    try:
        yield reads
    finally:
        event.remove(Engine, "before_cursor_execute", note)


def page(spec, actor: Actor) -> AppTest:
    at = AppTest.from_file(str(ROOT / spec.script), default_timeout=60)
    at.session_state["kesos_actor"] = actor
    at.query_params["dari"], at.query_params["tahun"] = "2023", "2025"
    if spec.key == "rakor":
        at.query_params["slide"] = "1"
    return at


@pytest.mark.parametrize("role", list(LEADERS))
def test_a_dashboard_run_cold_or_warm_reads_the_versions_once(app_env, role):
    for spec in DASHBOARDS:
        at = page(spec, LEADERS[role])
        with version_reads() as cold:
            at.run()
        assert not at.exception, (spec.key, at.exception)
        with version_reads() as warm:
            at.run()
        assert not at.exception, (spec.key, at.exception)
        # Cold, each month_status (the headline, Penerima's three panels) also reads its region's version, on the
        # session its cached query already holds, to key the frame it keeps between reads (queries.reporting).
        every_province = [sql for sql in cold if "where" not in sql and "sum(" not in sql]
        assert len(warm) == 1 and len(every_province) == 1 and len(cold) <= 4, (spec.key, cold, warm)


def _save_then_read_in_one_run():
    from datetime import date

    import streamlit as st

    from kesos import queries, web
    from kesos.queries.lks import lks_by_type_per_kab_kota
    from kesos.services import lks

    actor = st.session_state["kesos_actor"]
    filters = queries.Filters(province_code="63")
    st.session_state["before"] = int(web.query(lks_by_type_per_kab_kota, filters)["count"].sum())
    if st.session_state.get("save"):
        with web.session() as s:
            lks.create_lks(session=s, actor=actor, data={
                "name": "LKSA Satu Putaran", "lks_type": "anak", "kab_kota_code": "63.71",
                "registration_status": "terdaftar", "accreditation": "belum", "registered_on": date(2024, 1, 2)})
        st.session_state["after"] = int(web.query(lks_by_type_per_kab_kota, filters)["count"].sum())


def test_a_save_in_the_run_is_shown_by_the_reads_after_it(app_env):
    at = AppTest.from_function(_save_then_read_in_one_run, default_timeout=60)
    at.session_state["kesos_actor"] = Actor("sekretariat", "sekretariat", "63")
    at.run()
    assert not at.exception, at.exception
    at.session_state["save"] = True
    with version_reads() as reads:
        at.run()
    assert not at.exception, at.exception
    assert at.session_state["after"] == at.session_state["before"] + 1
    assert len(reads) == 2  # once for the run, once after its save
