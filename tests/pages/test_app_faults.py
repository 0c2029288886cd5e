"""Faults as a user meets them in the app: a save refused by a read-only file or a full disk.

The message is shown above the form's button in Indonesian, what was typed is still in the
form, nothing is stored, and once the fault is gone the same running app saves the form.
"""

from datetime import date

import pytest
from sqlmodel import Session, func, select

from kesos import web
from kesos.db import make_engine, session_scope
from kesos.models import AuditLog, Lks
from kesos.security import Actor
from kesos.services import lks
from kesos.users import get_user
from tests.faults import fill_disk, make_read_only, make_writable
from tests.pages.apptest import logged_in, texts

NAME = "Panti Asuhan <b>Gangguan</b> =1+1"


def lks_count(db_path) -> tuple[int, int]:
    engine = make_engine(f"sqlite:///{db_path}")
    with Session(engine) as s:
        counts = (s.exec(select(func.count()).select_from(Lks).where(Lks.name == NAME)).one(),
                  s.exec(select(func.count()).select_from(AuditLog)).one())
    engine.dispose()
    return counts


def add_filler_lks(engine, i: int) -> None:
    with session_scope(engine) as s:
        lks.create_lks(session=s, actor=Actor.from_user(get_user(s, "operator")), data={
            "name": f"Pengisi disk {i}", "lks_type": "anak", "kab_kota_code": "63.71",
            "registered_on": date(2020, 1, 1)})


def operator_on_lks_page():
    at = logged_in("operator")
    at.switch_page("pages/data/lks.py").run()
    assert not at.exception
    return at


def submit_new_lks(at):
    at.text_input(key="lks_add_0_name").input(NAME)
    at.selectbox(key="lks_add_0_type").select("anak")
    at.button(key="FormSubmitter:lks_add_0-Simpan").click()
    return at.run()


@pytest.mark.parametrize("fault", ["read-only", "disk full"])
def test_a_refused_save_says_why_keeps_the_form_and_stores_nothing(app_env, fault):
    at = operator_on_lks_page()
    engine = web.engine()  # the running app's engine (st.cache_resource is per process)
    if fault == "read-only":
        how = make_read_only(app_env, engine)
        expected = "Database hanya bisa dibaca (read-only), jadi perubahan tidak tersimpan."
    else:
        fill_disk(engine, lambda i: add_filler_lks(engine, i))
        expected = "Penyimpanan server penuh, jadi perubahan tidak tersimpan."
    before = lks_count(app_env)
    try:
        submit_new_lks(at)
        assert not at.exception
        assert any(e.value.startswith(expected) for e in at.error), texts(at)
        assert at.text_input(key="lks_add_0_name").value == NAME  # what was typed is kept
        assert "tersimpan." not in " ".join(s.value for s in at.success)
    finally:
        if fault == "read-only":
            make_writable(app_env, engine, how)
    assert lks_count(app_env) == before


def test_the_running_app_saves_again_once_the_file_is_writable(app_env):
    at = operator_on_lks_page()
    engine = web.engine()
    how = make_read_only(app_env, engine)
    try:
        submit_new_lks(at)
        assert any("read-only" in e.value for e in at.error)
    finally:
        make_writable(app_env, engine, how)
    at.button(key="FormSubmitter:lks_add_0-Simpan").click()
    at.run()
    assert not at.exception
    assert not [e.value for e in at.error]
    assert lks_count(app_env)[0] == 1
    assert web.as_text(f"LKS \u201c{NAME}\u201d tersimpan.") in [s.value for s in at.success]
