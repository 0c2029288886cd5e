"""LKS writes: validation, role and kab/kota scope, version conflicts, soft delete and audit."""

from datetime import date

import pytest
from sqlmodel import Session, select

from kesos.errors import ConflictError, PermissionDenied, ValidationError
from kesos.models import AuditLog, Lks
from kesos.security import Actor
from kesos.services import base, lks

SEKRETARIAT = Actor("sek", "sekretariat", province_code="63")
OPERATOR = Actor("op", "operator", province_code="63", kab_kota_code="63.71")
PIMPINAN = Actor("pim", "pimpinan", province_code="63")


def form(**overrides):
    data = {"name": "LKSA Harapan Bunda", "lks_type": "anak", "kab_kota_code": "63.71",
            "address": "Jl. Sultan Adam No. 12", "capacity": 40, "registered_on": date(2020, 1, 6)}
    return data | overrides


@pytest.fixture
def session(empty_engine):
    with Session(empty_engine) as s:
        yield s


def test_operator_adds_lks_in_own_kab_kota_and_it_is_audited(session):
    record = lks.create_lks(session=session, actor=OPERATOR, data=form())
    session.commit()
    assert record.id and record.is_active and record.version == 1
    entry = session.exec(select(AuditLog).where(AuditLog.table_name == "lks")).one()
    assert (entry.username, entry.action, entry.record_id) == ("op", "create", str(record.id))


def test_operator_cannot_create_or_edit_lks_of_another_kab_kota(session):
    with pytest.raises(PermissionDenied):
        lks.create_lks(session=session, actor=OPERATOR, data=form(kab_kota_code="63.72"))
    other = lks.create_lks(session=session, actor=SEKRETARIAT, data=form(kab_kota_code="63.72"))
    with pytest.raises(PermissionDenied):
        lks.update_lks(session=session, actor=OPERATOR, lks_id=other.id, data=form(), expected_version=1)
    with pytest.raises(PermissionDenied):
        lks.delete_lks(session=session, actor=OPERATOR, lks_id=other.id, expected_version=1)


def test_operator_cannot_move_own_lks_into_another_kab_kota(session):
    own = lks.create_lks(session=session, actor=OPERATOR, data=form())
    with pytest.raises(PermissionDenied):
        lks.update_lks(session=session, actor=OPERATOR, lks_id=own.id,
                       data=form(kab_kota_code="63.72"), expected_version=1)


def test_sekretariat_of_another_province_is_refused(session):
    with pytest.raises(PermissionDenied):
        lks.create_lks(session=session, actor=SEKRETARIAT, data=form(kab_kota_code="61.71"))


def test_leader_writes_nothing(session):
    with pytest.raises(PermissionDenied):
        lks.create_lks(session=session, actor=PIMPINAN, data=form())


def test_bad_input_names_every_field_in_indonesian(session):
    with pytest.raises(ValidationError) as caught:
        lks.create_lks(session=session, actor=SEKRETARIAT,
                       data=form(name="  ", lks_type="asrama", capacity=-3, kab_kota_code="99.99"))
    assert caught.value.errors == {
        "name": "Nama LKS wajib diisi.",
        "lks_type": "Jenis LKS tidak dikenal: pilih dari daftar.",
        "kab_kota_code": "Kabupaten/kota tidak dikenal: pilih dari daftar.",
        "capacity": "Kapasitas tidak boleh kurang dari 0.",
    }
    assert session.exec(select(Lks)).all() == []


def test_second_save_of_the_same_version_is_refused(session):
    record = lks.create_lks(session=session, actor=SEKRETARIAT, data=form())
    lks.update_lks(session=session, actor=SEKRETARIAT, lks_id=record.id, data=form(capacity=50),
                   expected_version=1)
    with pytest.raises(ConflictError, match="diubah oleh pengguna lain"):
        lks.update_lks(session=session, actor=OPERATOR, lks_id=record.id, data=form(capacity=60),
                       expected_version=1)
    assert session.get(Lks, record.id).capacity == 50


def test_delete_is_soft_and_sekretariat_can_restore_with_history(session):
    record = lks.create_lks(session=session, actor=OPERATOR, data=form())
    lks.update_lks(session=session, actor=OPERATOR, lks_id=record.id, data=form(capacity=45), expected_version=1)
    lks.delete_lks(session=session, actor=OPERATOR, lks_id=record.id, expected_version=2)
    assert lks.list_lks(session=session, actor=OPERATOR).empty
    with pytest.raises(PermissionDenied):
        lks.restore_lks(session=session, actor=OPERATOR, lks_id=record.id)
    lks.restore_lks(session=session, actor=SEKRETARIAT, lks_id=record.id)
    assert lks.list_lks(session=session, actor=OPERATOR)["name"].tolist() == ["LKSA Harapan Bunda"]
    trail = base.history(session, "lks", record.id)
    assert trail["action"].tolist() == ["restore", "delete", "update", "create"]
    assert trail.iloc[2]["changes"]["capacity"] == (40, 45)


def test_duplicate_name_in_same_kab_kota_is_found_for_a_warning(session):
    lks.create_lks(session=session, actor=SEKRETARIAT, data=form())
    assert lks.similar_names(session, "  lksa harapan   bunda ", "63.71") == ["LKSA Harapan Bunda"]
    assert lks.similar_names(session, "lksa harapan bunda", "63.71") == ["LKSA Harapan Bunda"]
    assert lks.similar_names(session, "LKSA Harapan Bunda", "63.72") == []


def test_a_same_named_lks_is_refused_until_confirmed_and_an_edit_does_not_meet_itself(session):
    record = lks.create_lks(session=session, actor=SEKRETARIAT, data=form())
    with pytest.raises(ValidationError) as refused:
        lks.refuse_unconfirmed_duplicate(session, form(name=" lksa harapan  bunda"))
    assert "LKSA Harapan Bunda" in refused.value.errors["duplicate"]
    assert "confirm" not in lks.refuse_unconfirmed_duplicate(session, form(confirm=True))
    assert lks.refuse_unconfirmed_duplicate(session, form(kab_kota_code="63.72"))["kab_kota_code"] == "63.72"
    assert lks.refuse_unconfirmed_duplicate(session, form(), exclude_id=record.id)["name"] == "LKSA Harapan Bunda"


def test_deactivating_keeps_the_lks_but_stops_counting_it(session):
    record = lks.create_lks(session=session, actor=SEKRETARIAT, data=form())
    lks.set_active(session=session, actor=SEKRETARIAT, lks_id=record.id, active=False,
                   expected_version=1, on=date(2024, 3, 1))
    row = session.get(Lks, record.id)
    assert (row.is_active, row.closed_on) == (False, date(2024, 3, 1))
    assert lks.list_lks(session=session, actor=SEKRETARIAT, status="nonaktif")["id"].tolist() == [record.id]
