"""Kegiatan page through AppTest: who sees forms, scope, messages beside fields, overview, stale edits, restore."""

import pytest
from sqlmodel import select

from kesos import clock
from kesos.errors import PermissionDenied
from kesos.models import Activity, AuditLog
from kesos.services import activity as service
from kesos.services.base import CONFLICT_MESSAGE
from tests.pages.datapage import actor_of, beside, db, figure, open_page, plain, select_row, submit, widget_keys

PAGE = "pages/data/kegiatan.py"


def _data(**overrides):
    return {"title": "Rakor uji", "kind": "rakor", "start_date": clock.today(), "province_code": "63",
            "kab_kota_code": "63.72", "kab_kota_present": []} | overrides


def test_leader_reads_events_without_a_form_and_a_crafted_write_is_refused(app_env):
    at = open_page(app_env, PAGE, "pimpinan")
    assert "Tambah kegiatan" not in plain(at) and "Nama kegiatan" not in [w.label for w in at.text_input]
    at = select_row(at, "keg_table", 0)
    assert not at.exception and "Peserta:" in plain(at)  # the read-only view
    assert not [b for b in at.button if b.label in ("Simpan", "Ya, hapus", "Pulihkan")]
    with db(app_env) as session, pytest.raises(PermissionDenied):
        service.create_activity(session=session, actor=actor_of(app_env, "pimpinan"), data=_data())


def test_operator_hosts_only_in_its_own_kab_kota(app_env):
    at = open_page(app_env, PAGE, "operator")
    assert at.selectbox(key="keg_add_0_host").options == ["Kota Banjarmasin"]
    assert len(at.multiselect(key="keg_add_0_present").options) == 13  # any kab/kota of Kalsel may attend
    with db(app_env) as session, pytest.raises(PermissionDenied):
        service.create_activity(session=session, actor=actor_of(app_env, "operator"), data=_data())


def test_participants_over_the_total_are_explained_then_the_event_is_listed_and_counted(app_env):
    before = figure(app_env, "sekretariat", "Kegiatan")
    at = open_page(app_env, PAGE, "sekretariat")
    at.text_input(key="keg_add_0_title").input("Rakor LKKS uji coba")
    at.selectbox(key="keg_add_0_kind").set_value("rakor")
    at.text_input(key="keg_add_0_place").input("Aula Dinsos")
    at.number_input(key="keg_add_0_total").set_value(40)
    at.number_input(key="keg_add_0_women").set_value(30)
    at.number_input(key="keg_add_0_men").set_value(20)
    at = submit(at)
    assert beside(at, "keg_add_0_men") == "Peserta perempuan dan laki-laki (50) melebihi jumlah peserta (40)."
    assert at.text_input(key="keg_add_0_title").value == "Rakor LKKS uji coba"
    assert at.number_input(key="keg_add_0_women").value == 30
    at.number_input(key="keg_add_0_total").set_value(50)
    at = submit(at)
    assert not at.exception and "Kegiatan “Rakor LKKS uji coba” tersimpan." in plain(at)
    assert "Rakor LKKS uji coba" in list(at.dataframe[0].value["title"])
    assert figure(app_env, "sekretariat", "Kegiatan") == before + 1


def test_stale_edit_is_refused_then_delete_and_restore_by_the_secretariat(app_env):
    at = select_row(open_page(app_env, PAGE, "sekretariat"), "keg_table", 0)
    [key] = [k for k in widget_keys(at) if k.startswith("keg_edit_") and k.endswith("_place")]
    record_id, version = map(int, key.split("_")[2:4])
    with db(app_env) as session:
        record, present = service.get_activity(session=session, actor=actor_of(app_env, "sekretariat"),
                                               activity_id=record_id)
        service.update_activity(session=session, actor=actor_of(app_env, "sekretariat"), activity_id=record_id,
                                data=record.model_dump() | {"kab_kota_present": present, "place": "Tempat lain"},
                                expected_version=version)
        session.commit()
    at.text_input(key=key).input("Tempat yang saya ketik")
    at = submit(at)
    assert CONFLICT_MESSAGE in [e.value for e in at.error]
    assert at.text_input(key=key).value == "Tempat yang saya ketik"
    at = submit(at, "Muat ulang data terbaru")
    assert at.text_input(key=f"keg_edit_{record_id}_{version + 1}_place").value == "Tempat lain"
    at = submit(at, "Ya, hapus")
    assert "Kegiatan dihapus." in plain(at)
    at.selectbox(key="keg_deleted").set_value(record_id)
    at = submit(at, "Pulihkan")
    assert "Kegiatan dipulihkan: " in plain(at)
    with db(app_env) as session:
        assert session.get(Activity, record_id).deleted_at is None
        actions = [a.action for a in session.exec(select(AuditLog).where(
            AuditLog.table_name == "activity", AuditLog.record_id == str(record_id)))]
    assert actions[-3:] == ["update", "delete", "restore"]
