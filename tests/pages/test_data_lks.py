"""LKS page through AppTest: who sees forms, scope, messages beside fields, saves, stale edits, delete/restore."""

import json

import pytest
from sqlmodel import select

from kesos.errors import PermissionDenied
from kesos.models import AuditLog, Lks
from kesos.services import lks as service
from kesos.services.base import CONFLICT_MESSAGE
from tests.pages.datapage import (actor_of, beside, db, figure, open_page, plain, select_row, submit,
                                  widget_keys)

PAGE = "pages/data/lks.py"


def _data(**overrides):
    return {"name": "Panti Uji", "lks_type": "anak", "kab_kota_code": "63.72", "registration_status": "terdaftar",
            "accreditation": "belum", "registered_on": "2024-01-02"} | overrides


def test_leader_reads_the_register_without_any_form_and_a_crafted_write_is_refused(app_env):
    at = open_page(app_env, PAGE, "pimpinan")
    assert not at.exception
    assert "Tambah LKS" not in plain(at) and not [b for b in at.button if b.label == "Simpan"]
    at = select_row(at, "lks_table", 0)
    assert not at.exception
    assert "Nama LKS" not in [w.label for w in at.text_input]
    assert not [b for b in at.button if b.label in ("Simpan", "Nonaktifkan", "Ya, hapus", "Pulihkan")]
    with db(app_env) as session:
        with pytest.raises(PermissionDenied):
            service.create_lks(session=session, actor=actor_of(app_env, "pimpinan"), data=_data())


def test_operator_sees_and_writes_only_its_own_kab_kota(app_env):
    at = open_page(app_env, PAGE, "operator")
    assert set(at.dataframe[0].value["kab_kota"]) == {"Kota Banjarmasin"}
    assert at.selectbox(key="lks_add_0_kab").options == ["Kota Banjarmasin"]
    assert at.selectbox(key="lks_add_0_kab").value == "63.71"  # its own kab/kota by default
    operator = actor_of(app_env, "operator")
    with db(app_env) as session:
        other = session.exec(select(Lks).where(Lks.kab_kota_code == "63.72")).first()
        with pytest.raises(PermissionDenied):
            service.create_lks(session=session, actor=operator, data=_data(kab_kota_code="63.72"))
        with pytest.raises(PermissionDenied):
            service.update_lks(session=session, actor=operator, lks_id=other.id, data=_data(name="Diambil alih"),
                               expected_version=other.version)


def test_bad_input_is_explained_beside_the_field_then_the_saved_lks_is_listed_and_counted(app_env):
    before = figure(app_env, "sekretariat", "LKS terdaftar")
    at = open_page(app_env, PAGE, "sekretariat")
    at.text_input(key="lks_add_0_name").input("Panti Asuhan Cahaya Uji")
    at.text_input(key="lks_add_0_address").input("Jl. Pramuka 7")
    at = submit(at)
    assert beside(at, "lks_add_0_type") == "Jenis LKS wajib dipilih."
    assert "wajib" in beside(at, "lks_add_0_kab")
    assert at.text_input(key="lks_add_0_name").value == "Panti Asuhan Cahaya Uji"  # what was typed stays
    assert at.text_input(key="lks_add_0_address").value == "Jl. Pramuka 7"
    with db(app_env) as session:
        assert session.exec(select(Lks).where(Lks.name == "Panti Asuhan Cahaya Uji")).first() is None

    at.selectbox(key="lks_add_0_type").set_value("anak")
    at.selectbox(key="lks_add_0_kab").set_value("63.71")
    at = submit(at)
    assert not at.exception
    assert "LKS “Panti Asuhan Cahaya Uji” tersimpan." in plain(at)
    assert "Panti Asuhan Cahaya Uji" in list(at.dataframe[0].value["name"])
    assert at.text_input(key="lks_add_1_name").value == ""  # a fresh form for the next one
    assert figure(app_env, "sekretariat", "LKS terdaftar") == before + 1  # the overview shows it at once



def test_a_same_named_lks_in_the_kab_kota_is_held_back_until_the_person_confirms_it_is_another(app_env):
    def same_named(name):
        with db(app_env) as session:
            return [r.name for r in session.exec(select(Lks).where(Lks.kab_kota_code == "63.71",
                                                                   Lks.deleted_at.is_(None)))
                    if r.name.strip().lower() == name.lower()]

    with db(app_env) as session:
        existing = session.exec(select(Lks).where(Lks.kab_kota_code == "63.71", Lks.deleted_at.is_(None))).first()
    at = open_page(app_env, PAGE, "sekretariat")
    at.text_input(key="lks_add_0_name").input(existing.name.lower())
    at.selectbox(key="lks_add_0_type").set_value("anak")
    at.selectbox(key="lks_add_0_kab").set_value("63.71")
    at = submit(at)
    assert not at.exception
    assert f"Sudah ada LKS bernama \u201c{existing.name}\u201d di kab/kota ini." in plain(at)
    assert same_named(existing.name) == [existing.name]  # nothing stored yet
    assert at.text_input(key="lks_add_0_name").value == existing.name.lower()

    at.checkbox(key="lks_add_0_confirm").check()
    at = submit(at)
    assert not at.exception
    assert f"LKS \u201c{existing.name.lower()}\u201d tersimpan." in plain(at)
    assert sorted(same_named(existing.name)) == sorted([existing.name, existing.name.lower()])

def test_stale_edit_is_refused_with_what_was_typed_kept_then_delete_and_restore(app_env):
    at = select_row(open_page(app_env, PAGE, "sekretariat"), "lks_table", 0)
    [name_key] = [k for k in widget_keys(at) if k.startswith("lks_edit_") and k.endswith("_name")]
    lks_id, version = map(int, name_key.split("_")[2:4])
    with db(app_env) as session:  # someone else saves the same LKS meanwhile
        record = session.get(Lks, lks_id)
        service.update_lks(session=session, actor=actor_of(app_env, "sekretariat"), lks_id=lks_id,
                           data=record.model_dump() | {"address": "Alamat dari orang lain"}, expected_version=version)
        session.commit()
    at.text_input(key=name_key).input("Nama yang saya ketik")
    at = submit(at)
    assert CONFLICT_MESSAGE in [e.value for e in at.error]
    assert at.text_input(key=name_key).value == "Nama yang saya ketik"
    assert any("sudah diubah oleh pengguna lain" in w.value for w in at.warning)  # said above the form too
    with db(app_env) as session:
        record = session.get(Lks, lks_id)
        assert (record.address, record.version) == ("Alamat dari orang lain", version + 1)
        assert record.name != "Nama yang saya ketik"
    at = submit(at, "Muat ulang data terbaru")
    fresh_key = f"lks_edit_{lks_id}_{version + 1}_address"
    assert at.text_input(key=fresh_key).value == "Alamat dari orang lain"
    assert "sekretariat · diubah" in plain(at)  # Riwayat under the record names who changed it
    assert any("Alamat dari orang lain" in t.value for t in at.text)  # and what changed

    at = submit(at, "Ya, hapus")
    assert "dihapus" in plain(at)
    with db(app_env) as session:
        assert session.get(Lks, lks_id).deleted_at is not None
    # The list starts with nothing picked: the row below the deleted one does not open for editing.
    assert not [k for k in widget_keys(at) if k.startswith("lks_edit_")]
    assert not [b for b in at.button if b.label == "Ya, hapus"]
    at.selectbox(key="lks_deleted").set_value(lks_id)
    at = submit(at, "Pulihkan")
    assert "LKS dipulihkan: " in plain(at)
    with db(app_env) as session:
        assert session.get(Lks, lks_id).deleted_at is None
        trail = session.exec(select(AuditLog).where(AuditLog.table_name == "lks",
                                                    AuditLog.record_id == str(lks_id))).all()
    assert [t.action for t in trail][-3:] == ["update", "delete", "restore"]
    assert json.loads(trail[-2].before)["deleted_at"] is None and json.loads(trail[-2].after)["deleted_at"]
