"""Permohonan: personal data validation and masking, status flow, days waiting, linked distributions."""

from datetime import date

import pytest
from sqlmodel import Session, select

from kesos import personal_data
from kesos.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from kesos.models import AidItem, AidRequest, AuditLog, FundingSource
from kesos.security import SYSTEM, Actor
from kesos.services import aid, base
from kesos.services import aid_request as permohonan

ADMIN = Actor("adm", "admin")
SEKRETARIAT = Actor("sek", "sekretariat", province_code="63")
OPERATOR = Actor("op", "operator", province_code="63", kab_kota_code="63.71")
OTHER_OPERATOR = Actor("op2", "operator", province_code="63", kab_kota_code="63.72")
PIMPINAN = Actor("pim", "pimpinan", province_code="63")


@pytest.fixture
def session(empty_engine):
    with Session(empty_engine) as s:
        yield s


def form(**overrides):
    data = {"kab_kota_code": "63.71", "received_on": date(2024, 2, 1), "applicant_name": "Siti Aminah",
            "nik": "6371 0145 0380 0012", "address": "Jl. Sultan Adam No. 12, Banjarmasin",
            "phone": "+62 812-3456-7890", "need": "Kursi roda untuk ibu yang lumpuh"}
    return data | overrides


def make_distribution(session, on=date(2024, 3, 1), kab_kota="63.71"):
    item = session.exec(select(AidItem)).first() or base.insert(session, SYSTEM, AidItem(name="Kursi roda", unit="unit"))
    source = session.exec(select(FundingSource)).first() or base.insert(
        session, SYSTEM, FundingSource(province_code="63", kind="csr", name="CSR Bank Kalsel"))
    return aid.create_distribution(session=session, actor=SEKRETARIAT, data={
        "distributed_on": on, "aid_item_id": item.id, "quantity": 1, "value_rupiah": 1_500_000,
        "recipient_kind": "rumah_tangga", "recipient_name": "Siti Aminah", "kab_kota_code": kab_kota,
        "funding_source_id": source.id})


def approved(session, **overrides):
    record = permohonan.create_request(session=session, actor=OPERATOR, data=form(**overrides))
    for status in ("diverifikasi", "diteruskan"):
        permohonan.change_status(session=session, actor=OPERATOR if status != "disetujui" else SEKRETARIAT,
                                 request_id=record.id, status=status, expected_version=record.version,
                                 on=date(2024, 2, 2))
    permohonan.change_status(session=session, actor=SEKRETARIAT, request_id=record.id, status="disetujui",
                             expected_version=record.version, on=date(2024, 2, 10))
    return record


def test_operator_records_a_request_with_clean_personal_data_and_audit(session):
    record = permohonan.create_request(session=session, actor=OPERATOR, data=form())
    session.commit()
    assert (record.nik, record.phone, record.status) == ("6371014503800012", "081234567890", "diterima")
    entry = session.exec(select(AuditLog).where(AuditLog.table_name == "aid_request")).one()
    assert (entry.username, entry.action) == ("op", "create")


@pytest.mark.parametrize("field, typed, message", [
    ("nik", "637101450380001", "NIK harus 16 angka (sekarang 15)."),
    ("nik", "63710145038000AB", "NIK hanya boleh berisi angka."),
    ("nik", "6371019913800012", "NIK tidak valid: angka ke-7 sampai ke-12 harus tanggal lahir (hhbbtt)."),
    ("phone", "12345", "Nomor telepon tidak valid: tulis seperti 0812 3456 7890."),
    ("applicant_name", "   ", "Nama pemohon wajib diisi."),
    ("need", "", "Kebutuhan wajib diisi."),
    ("kab_kota_code", "99.99", "Kabupaten/kota tidak dikenal: pilih dari daftar."),
])
def test_bad_personal_data_gets_a_message_beside_its_field(session, field, typed, message):
    with pytest.raises(ValidationError) as caught:
        permohonan.create_request(session=session, actor=OPERATOR, data=form(**{field: typed}))
    assert caught.value.errors == {field: message}
    assert session.exec(select(AidRequest)).all() == []


def test_masking_functions():
    assert personal_data.mask_nik("6371014503800012") == "6371**********12"
    assert personal_data.mask_phone("081234567890") == "0812******90"
    assert personal_data.mask_name("Siti  Aminah") == "S. A."
    assert personal_data.mask_address("Jl. Sultan Adam No. 12") == "Jl. ***"
    assert personal_data.mask_nik(None) is None


def test_leader_sees_masked_personal_data_and_staff_see_it_whole(session):
    permohonan.create_request(session=session, actor=OPERATOR, data=form())
    leader_row = permohonan.list_requests(session=session, actor=PIMPINAN).iloc[0]
    assert (leader_row.applicant_name, leader_row.nik, leader_row.phone, leader_row.address) == (
        "S. A.", "6371**********12", "0812******90", "Jl. ***")
    for actor in (ADMIN, SEKRETARIAT, OPERATOR):
        assert permohonan.list_requests(session=session, actor=actor).iloc[0].nik == "6371014503800012"
    assert permohonan.list_requests(session=session, actor=OTHER_OPERATOR).empty


def test_operator_and_leader_are_refused_outside_their_rights(session):
    with pytest.raises(PermissionDenied):
        permohonan.create_request(session=session, actor=OPERATOR, data=form(kab_kota_code="63.72"))
    with pytest.raises(PermissionDenied):
        permohonan.create_request(session=session, actor=PIMPINAN, data=form())
    record = permohonan.create_request(session=session, actor=OPERATOR, data=form())
    for call in (
        lambda: permohonan.update_request(session=session, actor=OTHER_OPERATOR, request_id=record.id,
                                          data=form(kab_kota_code="63.72"), expected_version=1),
        lambda: permohonan.change_status(session=session, actor=OTHER_OPERATOR, request_id=record.id,
                                         status="diverifikasi", expected_version=1),
        lambda: permohonan.change_status(session=session, actor=PIMPINAN, request_id=record.id,
                                         status="diverifikasi", expected_version=1),
        lambda: permohonan.delete_request(session=session, actor=OTHER_OPERATOR, request_id=record.id,
                                          expected_version=1),
    ):
        with pytest.raises(PermissionDenied):
            call()
    with pytest.raises(NotFound):  # another kab/kota's request does not even exist for this operator
        permohonan.get_request(session=session, actor=OTHER_OPERATOR, request_id=record.id)


def test_status_follows_the_flow_and_the_province_decides_on_forwarded_requests(session):
    record = permohonan.create_request(session=session, actor=OPERATOR, data=form())
    with pytest.raises(ValidationError) as caught:
        permohonan.change_status(session=session, actor=OPERATOR, request_id=record.id, status="disetujui",
                                 expected_version=1)
    assert caught.value.errors["status"] == ("Dari status diterima tidak bisa ke disetujui; "
                                             "pilihan: diverifikasi, ditolak.")
    permohonan.change_status(session=session, actor=OPERATOR, request_id=record.id, status="diverifikasi",
                             expected_version=1, on=date(2024, 2, 3))
    permohonan.change_status(session=session, actor=OPERATOR, request_id=record.id, status="diteruskan",
                             expected_version=2, on=date(2024, 2, 5))
    with pytest.raises(PermissionDenied):
        permohonan.change_status(session=session, actor=OPERATOR, request_id=record.id, status="disetujui",
                                 expected_version=3)
    permohonan.change_status(session=session, actor=SEKRETARIAT, request_id=record.id, status="disetujui",
                             expected_version=3, on=date(2024, 2, 10))
    assert (record.status, record.status_changed_on, record.closed_on) == ("disetujui", date(2024, 2, 10), None)


def test_fulfilled_needs_a_linked_distribution_and_then_is_final(session):
    record = approved(session)
    with pytest.raises(ValidationError, match="setelah ada penyaluran"):
        permohonan.change_status(session=session, actor=OPERATOR, request_id=record.id, status="terpenuhi",
                                 expected_version=record.version)
    distribution = make_distribution(session)
    permohonan.link_distribution(session=session, actor=OPERATOR, request_id=record.id,
                                 distribution_id=distribution.id, expected_version=1)
    permohonan.change_status(session=session, actor=OPERATOR, request_id=record.id, status="terpenuhi",
                             expected_version=record.version, on=date(2024, 3, 2))
    assert record.closed_on == date(2024, 3, 2)
    with pytest.raises(ValidationError, match="sudah selesai"):
        permohonan.change_status(session=session, actor=SEKRETARIAT, request_id=record.id, status="ditolak",
                                 expected_version=record.version)
    with pytest.raises(ValidationError, match="satu-satunya pemenuhan"):
        aid.delete_distribution(session=session, actor=OPERATOR, distribution_id=distribution.id,
                                expected_version=distribution.version)
    row = permohonan.list_requests(session=session, actor=OPERATOR).iloc[0]
    assert (row.status_label, row.distributions, row.distributed_value, row.days_waiting) == (
        "Terpenuhi", 1, 1_500_000, 30)
    linked = permohonan.distributions_of(session=session, actor=PIMPINAN, request_id=record.id)
    assert linked["item"].tolist() == ["Kursi roda"]


def test_only_approved_requests_of_the_same_kab_kota_take_distributions(session):
    fresh = permohonan.create_request(session=session, actor=OPERATOR, data=form())
    distribution = make_distribution(session)
    with pytest.raises(ValidationError, match="sudah disetujui"):
        permohonan.link_distribution(session=session, actor=OPERATOR, request_id=fresh.id,
                                     distribution_id=distribution.id, expected_version=1)
    record = approved(session)
    elsewhere = make_distribution(session, kab_kota="63.72")
    with pytest.raises(PermissionDenied):
        permohonan.link_distribution(session=session, actor=OPERATOR, request_id=record.id,
                                     distribution_id=elsewhere.id, expected_version=1)
    with pytest.raises(ValidationError, match="kabupaten/kota yang sama"):
        permohonan.link_distribution(session=session, actor=SEKRETARIAT, request_id=record.id,
                                     distribution_id=elsewhere.id, expected_version=1)
    early = make_distribution(session, on=date(2024, 1, 15))
    assert permohonan.linkable_distributions(session=session, actor=OPERATOR, request_id=record.id)[
        "id"].tolist() == [distribution.id]
    with pytest.raises(ValidationError, match="sebelum permohonan diterima"):
        permohonan.link_distribution(session=session, actor=OPERATOR, request_id=record.id,
                                     distribution_id=early.id, expected_version=1)


def test_days_waiting_counts_until_closed_or_today():
    assert permohonan.days_waiting(date(2024, 2, 1), None, today=date(2024, 2, 11)) == 10
    assert permohonan.days_waiting(date(2024, 2, 1), date(2024, 2, 4), today=date(2024, 5, 1)) == 3


def test_second_save_is_refused_and_delete_is_soft_with_history(session):
    record = permohonan.create_request(session=session, actor=OPERATOR, data=form())
    permohonan.update_request(session=session, actor=OPERATOR, request_id=record.id,
                              data=form(need="Kursi roda dan popok"), expected_version=1)
    with pytest.raises(ConflictError):
        permohonan.change_status(session=session, actor=SEKRETARIAT, request_id=record.id,
                                 status="diverifikasi", expected_version=1)
    permohonan.delete_request(session=session, actor=OPERATOR, request_id=record.id, expected_version=2)
    assert permohonan.list_requests(session=session, actor=OPERATOR).empty
    with pytest.raises(PermissionDenied):
        permohonan.restore_request(session=session, actor=OPERATOR, request_id=record.id)
    permohonan.restore_request(session=session, actor=SEKRETARIAT, request_id=record.id)
    assert permohonan.list_requests(session=session, actor=OPERATOR)["need"].tolist() == ["Kursi roda dan popok"]
    assert base.history(session, "aid_request", record.id)["action"].tolist() == [
        "restore", "delete", "update", "create"]


def test_operator_is_not_offered_the_province_decision():
    assert permohonan.next_statuses_for(OPERATOR, "diverifikasi") == ("diteruskan", "ditolak")
    assert permohonan.next_statuses_for(OPERATOR, "diteruskan") == ()
    assert permohonan.next_statuses_for(SEKRETARIAT, "diteruskan") == ("disetujui", "ditolak")
    assert permohonan.next_statuses_for(PIMPINAN, "diterima") == ()
    assert permohonan.next_statuses_for(SEKRETARIAT, "terpenuhi") == ()
