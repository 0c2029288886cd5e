"""Bantuan page through AppTest: the quick form, scope, messages beside fields, overview, stale edits, restore."""

import pytest
from sqlmodel import select

from kesos import clock
from kesos.errors import PermissionDenied
from kesos.models import AidDistribution, AidItem, AuditLog, FundingSource
from kesos.services import aid as service
from kesos.services.base import CONFLICT_MESSAGE
from tests.pages.test_record_lists import _open_with_url
from tests.pages.datapage import (actor_of, beside, db, headline, open_page, plain, select_row, submit, warned_beside,
                                  widget_keys)

PAGE = "pages/data/bantuan.py"


def _open(path, username):
    """The page with its list on every year (it opens on this year's, which may have no rows yet)."""
    return _open_with_url(path, PAGE, username, tahun="semua")


def _refs(path):
    with db(path) as session:
        item = session.exec(select(AidItem).where(AidItem.deleted_at.is_(None))).first()
        source = session.exec(select(FundingSource).where(FundingSource.province_code == "63",
                                                          FundingSource.kind == "csr")).first()
        return item.id, source.id


def _data(path, **overrides):
    item, source = _refs(path)
    return {"kab_kota_code": "63.72", "distributed_on": clock.today(), "aid_item_id": item, "quantity": 5,
            "value_rupiah": 1_000_000, "funding_source_id": source, "recipient_kind": "kelompok",
            "recipient_group": "lansia"} | overrides


def test_leader_sees_distributions_but_no_form_and_a_crafted_write_is_refused(app_env):
    at = _open(app_env, "pimpinan")
    assert not at.exception and len(at.dataframe[0].value) > 0
    assert "Catat penyaluran" not in plain(at) and [t.key for t in at.text_input] == ["bantuan_table_cari"]
    at = select_row(at, "bantuan_table", 0)
    assert [t.key for t in at.text_input] == ["bantuan_table_cari"] and not [b for b in at.button if b.label in ("Simpan", "Ya, hapus", "Pulihkan")]
    with db(app_env) as session, pytest.raises(PermissionDenied):
        service.create_distribution(session=session, actor=actor_of(app_env, "pimpinan"), data=_data(app_env))


def test_operator_sees_and_writes_only_its_own_kab_kota(app_env):
    at = _open(app_env, "operator")
    assert set(at.dataframe[0].value["kab_kota"]) == {"Kota Banjarmasin"}
    assert at.selectbox(key="bantuan_add_0_kab_kota_code").options == ["Kota Banjarmasin"]
    with db(app_env) as session, pytest.raises(PermissionDenied):
        service.create_distribution(session=session, actor=actor_of(app_env, "operator"), data=_data(app_env))


def test_bad_value_is_explained_beside_it_then_the_distribution_is_listed_and_counted(app_env):
    before = headline(app_env, "sekretariat")["Nilai bantuan"]
    item, source = _refs(app_env)
    at = open_page(app_env, PAGE, "sekretariat")
    assert at.date_input(key="bantuan_add_0_distributed_on").value == clock.today()  # today by default
    at.selectbox(key="bantuan_add_0_kab_kota_code").set_value("63.71").run()
    at.selectbox(key="bantuan_add_0_aid_item_id").set_value(item)
    at.number_input(key="bantuan_add_0_quantity").set_value(12)
    at.text_input(key="bantuan_add_0_value_rupiah").input("12,5 juta")
    at.selectbox(key="bantuan_add_0_funding_source_id").set_value(source)
    at.selectbox(key="bantuan_add_0_recipient_group").set_value("lansia")
    at = submit(at)
    assert beside(at, "bantuan_add_0_value_rupiah") == "Nilai (Rp) harus berupa angka rupiah, misalnya 1.250.000."
    assert at.text_input(key="bantuan_add_0_value_rupiah").value == "12,5 juta"
    assert at.number_input(key="bantuan_add_0_quantity").value == 12
    at.text_input(key="bantuan_add_0_value_rupiah").input("900.000.000")
    at = submit(at)  # Rp 75.000.000 a paket: a warning beside the value, nothing stored yet
    assert warned_beside(at, "bantuan_add_0_value_rupiah").startswith("Nilai per paket Rp 75.000.000 jauh dari")
    assert at.text_input(key="bantuan_add_0_value_rupiah").value == "900.000.000"
    assert "Rp 900.000.000" not in list(at.dataframe[0].value["nilai"])
    at = submit(at)  # again without a reason: still refused, the reason asked for
    assert "tulis alasannya di kolom Alasan" in plain(at) and "tersimpan." not in plain(at)
    at.text_input(key="bantuan_add_0_warnings_reason").input("Paket besar: perlengkapan panti, sesuai kuitansi")
    at = submit(at)
    assert not at.exception and "Bantuan 12 paket PMT untuk Lanjut usia tersimpan." in plain(at)
    assert "Rp 900.000.000" in list(at.dataframe[0].value["nilai"])
    # The next line of the same report starts from the same kab/kota, source and group, amounts empty.
    assert at.selectbox(key="bantuan_add_1_kab_kota_code").value == "63.71"
    assert at.selectbox(key="bantuan_add_1_funding_source_id").value == source
    assert at.selectbox(key="bantuan_add_1_recipient_group").value == "lansia"
    assert at.number_input(key="bantuan_add_1_quantity").value is None
    assert at.text_input(key="bantuan_add_1_value_rupiah").value == ""
    assert headline(app_env, "sekretariat")["Nilai bantuan"] != before  # the overview moves at once


def _unlinked_row(path) -> int:
    """The list position of a distribution that fulfils no request (those cannot be deleted alone)."""
    with db(path) as session:
        frame = service.list_distributions(session=session, actor=actor_of(path, "sekretariat"),
                                           limit=20_000)
        linked = {d.id for d in session.exec(select(AidDistribution).where(AidDistribution.aid_request_id.is_not(None)))}
    return next(i for i, record_id in enumerate(frame["id"]) if record_id not in linked)


def test_stale_edit_is_refused_then_delete_and_restore_by_the_secretariat(app_env):
    at = select_row(_open(app_env, "sekretariat"), "bantuan_table", _unlinked_row(app_env))
    [key] = [k for k in widget_keys(at) if k.startswith("bantuan_edit_") and k.endswith("_quantity")]
    record_id, version = map(int, key.split("_")[2:4])
    with db(app_env) as session:
        record = session.get(AidDistribution, record_id)
        service.update_distribution(session=session, actor=actor_of(app_env, "sekretariat"),
                                    distribution_id=record_id, data=record.model_dump() | {"note": "orang lain"},
                                    expected_version=version)
        session.commit()
    at.number_input(key=key).set_value(77)
    at = submit(at)
    assert CONFLICT_MESSAGE in [e.value for e in at.error]
    assert at.number_input(key=key).value == 77
    with db(app_env) as session:
        assert session.get(AidDistribution, record_id).quantity != 77
    at = submit(at, "Muat ulang data terbaru")
    at = submit(at, "Ya, hapus")
    assert "Penyaluran dihapus." in plain(at)
    at.selectbox(key="bantuan_deleted").set_value(record_id)
    at = submit(at, "Pulihkan")
    assert "Penyaluran dipulihkan: " in plain(at)
    with db(app_env) as session:
        assert session.get(AidDistribution, record_id).deleted_at is None
        actions = [a.action for a in session.exec(select(AuditLog).where(
            AuditLog.table_name == "aid_distribution", AuditLog.record_id == str(record_id)))]
    assert actions[-3:] == ["update", "delete", "restore"]
