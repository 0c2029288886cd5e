"""Activity writes: validation, province vs kab/kota scope, present kab/kota, versions, audit, restore."""

from datetime import date

import pytest
from sqlmodel import Session, select

from kesos.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from kesos.models import Activity, ActivityKabKota, AuditLog
from kesos.security import Actor
from kesos.services import activity, base

SEKRETARIAT = Actor("sek", "sekretariat", province_code="63")
ADMIN_KALBAR = Actor("adm61", "admin", province_code="61")
OPERATOR = Actor("op", "operator", province_code="63", kab_kota_code="63.71")
OTHER_OPERATOR = Actor("op2", "operator", province_code="63", kab_kota_code="63.72")
PIMPINAN = Actor("pim", "pimpinan", province_code="63")


def rakor(**overrides):
    """The Kalsel rakor of 20 February 2023, two days, 57 participants."""
    data = {"province_code": "63", "kab_kota_code": None, "kind": "rakor",
            "title": "Rapat Koordinasi LKKKS Provinsi Kalimantan Selatan", "start_date": date(2023, 2, 20),
            "end_date": date(2023, 2, 21), "place": "Banjarmasin", "participants_total": 57,
            "participants_women": 30, "participants_men": 27,
            "kab_kota_present": ["63.71", "63.72", "63.03"], "conclusions": "1. Pendataan LKS\n2. Rencana 2024"}
    return data | overrides


def workshop(**overrides):
    data = {"province_code": "63", "kab_kota_code": "63.71", "kind": "workshop",
            "title": "Workshop manajemen LKSA", "start_date": date(2024, 5, 14), "place": "Kantor LKKS Kota",
            "participants_total": 25, "kab_kota_present": ["63.71"]}
    return data | overrides


@pytest.fixture
def session(empty_engine):
    with Session(empty_engine) as s:
        yield s


def test_sekretariat_records_a_provincial_rakor_with_kab_kota_present(session):
    record = activity.create_activity(session=session, actor=SEKRETARIAT, data=rakor())
    session.commit()
    assert (record.id, record.version, record.kab_kota_code) == (1, 1, None)
    assert activity.present_codes(session, record.id) == ["63.03", "63.71", "63.72"]
    assert record.conclusions == "1. Pendataan LKS\n2. Rencana 2024"
    entry = session.exec(select(AuditLog).where(AuditLog.table_name == "activity")).one()
    assert (entry.username, entry.action) == ("sek", "create")
    assert '"kab_kota_present": ["63.03", "63.71", "63.72"]' in entry.after


def test_one_day_event_ends_on_its_start_date(session):
    record = activity.create_activity(session=session, actor=OPERATOR, data=workshop())
    assert record.end_date == date(2024, 5, 14)


def test_bad_input_names_every_field_in_indonesian(session):
    with pytest.raises(ValidationError) as caught:
        activity.create_activity(session=session, actor=SEKRETARIAT,
                                 data=rakor(title=" ", kind="arisan", participants_total=-1, start_date=None))
    assert caught.value.errors == {
        "kind": "Jenis kegiatan tidak dikenal: pilih dari daftar.",
        "title": "Nama kegiatan wajib diisi.",
        "start_date": "Tanggal mulai wajib diisi.",
        "participants_total": "Jumlah peserta tidak boleh kurang dari 0.",
    }
    assert session.exec(select(Activity)).all() == []


def test_end_before_start_is_refused(session):
    with pytest.raises(ValidationError) as caught:
        activity.create_activity(session=session, actor=SEKRETARIAT, data=rakor(end_date=date(2023, 2, 19)))
    assert caught.value.errors == {"end_date": "Tanggal selesai tidak boleh sebelum tanggal mulai."}


def test_women_and_men_must_not_exceed_the_total(session):
    with pytest.raises(ValidationError) as caught:
        activity.create_activity(session=session, actor=SEKRETARIAT,
                                 data=rakor(participants_women=40, participants_men=27))
    assert caught.value.errors == {
        "participants_total": "Peserta perempuan dan laki-laki (67) melebihi jumlah peserta (57)."}


def test_split_without_total_gives_the_total(session):
    record = activity.create_activity(session=session, actor=SEKRETARIAT,
                                      data=rakor(participants_total=None, participants_women=10, participants_men=5))
    assert record.participants_total == 15


def test_kab_kota_outside_the_province_are_refused(session):
    with pytest.raises(ValidationError) as caught:
        activity.create_activity(session=session, actor=SEKRETARIAT, data=rakor(kab_kota_present=["63.71", "99.99"]))
    assert caught.value.errors == {"kab_kota_present": "Kabupaten/kota tidak dikenal: 99.99."}
    with pytest.raises(ValidationError) as caught:
        activity.create_activity(session=session, actor=SEKRETARIAT,
                                 data=rakor(kab_kota_code="61.71", kab_kota_present=["63.71", "61.71"]))
    assert caught.value.errors == {
        "kab_kota_code": "Tuan rumah harus kab/kota di provinsi kegiatan ini.",
        "kab_kota_present": "Kab/kota yang hadir harus di provinsi kegiatan ini: 61.71."}


def test_operator_creates_events_only_in_own_kab_kota(session):
    activity.create_activity(session=session, actor=OPERATOR, data=workshop())
    with pytest.raises(PermissionDenied):
        activity.create_activity(session=session, actor=OPERATOR, data=workshop(kab_kota_code="63.72"))
    with pytest.raises(PermissionDenied, match="tingkat provinsi"):
        activity.create_activity(session=session, actor=OPERATOR, data=rakor())


def test_operator_cannot_edit_or_delete_a_provincial_event_or_another_kab_kota(session):
    provincial = activity.create_activity(session=session, actor=SEKRETARIAT, data=rakor())
    other = activity.create_activity(session=session, actor=OTHER_OPERATOR, data=workshop(kab_kota_code="63.72"))
    for record in (provincial, other):
        with pytest.raises(PermissionDenied):
            activity.update_activity(session=session, actor=OPERATOR, activity_id=record.id,
                                     data=workshop(), expected_version=1)
        with pytest.raises(PermissionDenied):
            activity.delete_activity(session=session, actor=OPERATOR, activity_id=record.id, expected_version=1)


def test_operator_cannot_turn_own_event_into_a_provincial_one(session):
    own = activity.create_activity(session=session, actor=OPERATOR, data=workshop())
    with pytest.raises(PermissionDenied):
        activity.update_activity(session=session, actor=OPERATOR, activity_id=own.id,
                                 data=workshop(kab_kota_code=None), expected_version=1)


def test_leader_and_other_province_write_nothing(session):
    with pytest.raises(PermissionDenied):
        activity.create_activity(session=session, actor=PIMPINAN, data=rakor())
    with pytest.raises(PermissionDenied):
        activity.create_activity(session=session, actor=PIMPINAN, data=workshop())
    with pytest.raises(PermissionDenied):
        activity.create_activity(session=session, actor=ADMIN_KALBAR, data=rakor())


def test_update_replaces_kab_kota_present_and_history_shows_it(session):
    record = activity.create_activity(session=session, actor=SEKRETARIAT, data=rakor())
    activity.update_activity(session=session, actor=SEKRETARIAT, activity_id=record.id,
                             data=rakor(kab_kota_present=["63.71"], participants_total=60), expected_version=1)
    session.commit()
    assert session.exec(select(ActivityKabKota.kab_kota_code)).all() == ["63.71"]
    trail = base.history(session, "activity", record.id)
    assert trail["action"].tolist() == ["update", "create"]
    assert trail.iloc[0]["changes"]["kab_kota_present"] == (["63.03", "63.71", "63.72"], ["63.71"])
    assert trail.iloc[0]["changes"]["participants_total"] == (57, 60)


def test_second_save_of_the_same_version_is_refused(session):
    record = activity.create_activity(session=session, actor=SEKRETARIAT, data=rakor())
    activity.update_activity(session=session, actor=SEKRETARIAT, activity_id=record.id,
                             data=rakor(place="Hotel A"), expected_version=1)
    with pytest.raises(ConflictError, match="diubah oleh pengguna lain"):
        activity.update_activity(session=session, actor=SEKRETARIAT, activity_id=record.id,
                                 data=rakor(place="Hotel B", kab_kota_present=[]), expected_version=1)
    session.commit()
    assert session.get(Activity, record.id).place == "Hotel A"
    assert len(activity.present_codes(session, record.id)) == 3


def test_delete_is_soft_and_only_sekretariat_restores(session):
    record = activity.create_activity(session=session, actor=OPERATOR, data=workshop())
    activity.delete_activity(session=session, actor=OPERATOR, activity_id=record.id, expected_version=1)
    assert activity.list_activities(session=session, actor=OPERATOR).empty
    assert activity.list_activities(session=session, actor=SEKRETARIAT, deleted=True)["id"].tolist() == [record.id]
    with pytest.raises(PermissionDenied):
        activity.restore_activity(session=session, actor=OPERATOR, activity_id=record.id)
    activity.restore_activity(session=session, actor=SEKRETARIAT, activity_id=record.id)
    assert activity.list_activities(session=session, actor=OPERATOR)["id"].tolist() == [record.id]
    assert base.history(session, "activity", record.id)["action"].tolist() == ["restore", "delete", "create"]


def test_operator_sees_own_and_attended_events_only(session):
    provincial = activity.create_activity(session=session, actor=SEKRETARIAT, data=rakor())
    own = activity.create_activity(session=session, actor=OPERATOR, data=workshop())
    elsewhere = activity.create_activity(session=session, actor=OTHER_OPERATOR,
                                         data=workshop(kab_kota_code="63.72", kab_kota_present=["63.72"]))
    listed = activity.list_activities(session=session, actor=OPERATOR)
    assert sorted(listed["id"]) == sorted([provincial.id, own.id])
    with pytest.raises(NotFound):
        activity.get_activity(session=session, actor=OPERATOR, activity_id=elsewhere.id)
    assert activity.may_write(OPERATOR, own) and not activity.may_write(OPERATOR, provincial)
    assert activity.may_write(SEKRETARIAT, provincial) and not activity.may_write(PIMPINAN, own)


def test_list_filters_by_year_kind_and_search(session):
    activity.create_activity(session=session, actor=SEKRETARIAT, data=rakor())
    activity.create_activity(session=session, actor=SEKRETARIAT, data=workshop())
    frame = activity.list_activities(session=session, actor=PIMPINAN, year=2024)
    assert frame["title"].tolist() == ["Workshop manajemen LKSA"]
    assert activity.list_activities(session=session, actor=PIMPINAN, kind="rakor")["present"].tolist() == [3]
    assert len(activity.list_activities(session=session, actor=PIMPINAN, search="banjarmasin")) == 1
