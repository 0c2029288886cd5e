"""Funding sources and donations: province-level scope, cash vs in-kind, the donation-box batch."""

from datetime import date

import pytest
from sqlmodel import Session, select

from kesos.errors import ConflictError, PermissionDenied, ValidationError
from kesos.models import AidItem, AuditLog, Donation
from kesos.security import SYSTEM, Actor
from kesos.services import base, funding

ADMIN = Actor("adm", "admin")
SEKRETARIAT = Actor("sek", "sekretariat", province_code="63")
KALBAR = Actor("sek61", "sekretariat", province_code="61")
OPERATOR = Actor("op", "operator", province_code="63", kab_kota_code="63.71")
PIMPINAN = Actor("pim", "pimpinan", province_code="63")


@pytest.fixture
def session(empty_engine):
    with Session(empty_engine) as s:
        yield s


def source_form(**overrides):
    return {"province_code": "63", "kind": "csr", "name": "PT Adaro Indonesia", "contact": "Divisi CSR"} | overrides


def box(session, name, location="Duta Mall, Banjarmasin", province="63"):
    return funding.create_source(session=session, actor=ADMIN, data=source_form(
        province_code=province, kind="kotak_sumbangan", name=name, location=location))


def test_sekretariat_adds_a_source_and_it_is_audited(session):
    record = funding.create_source(session=session, actor=SEKRETARIAT, data=source_form())
    session.commit()
    entry = session.exec(select(AuditLog).where(AuditLog.table_name == "funding_source")).one()
    assert (entry.username, entry.action, entry.record_id) == ("sek", "create", str(record.id))


def test_source_validation_in_indonesian(session):
    with pytest.raises(ValidationError) as caught:
        funding.create_source(session=session, actor=SEKRETARIAT, data=source_form(
            kind="kotak_sumbangan", name="", location=" ", province_code="99"))
    assert caught.value.errors == {
        "province_code": "Provinsi tidak dikenal: pilih dari daftar.",
        "name": "Nama wajib diisi.",
        "location": "Lokasi kotak wajib diisi.",
    }
    funding.create_source(session=session, actor=SEKRETARIAT, data=source_form())
    with pytest.raises(ValidationError) as caught:
        funding.create_source(session=session, actor=SEKRETARIAT, data=source_form())
    assert caught.value.errors == {"name": "Sumber dana dengan jenis dan nama ini sudah ada."}


@pytest.mark.parametrize("actor", [OPERATOR, PIMPINAN, KALBAR])
def test_only_the_province_secretariat_or_admin_writes_sources_and_donations(session, actor):
    with pytest.raises(PermissionDenied):
        funding.create_source(session=session, actor=actor, data=source_form())
    source = funding.create_source(session=session, actor=SEKRETARIAT, data=source_form())
    with pytest.raises(PermissionDenied):
        funding.update_source(session=session, actor=actor, source_id=source.id,
                              data=source_form(name="Lain"), expected_version=1)
    with pytest.raises(PermissionDenied):
        funding.create_donation(session=session, actor=actor, data={
            "funding_source_id": source.id, "received_on": date(2024, 1, 5), "kind": "tunai",
            "amount_rupiah": 1_000_000})
    with pytest.raises(PermissionDenied):
        funding.record_box_collection(session=session, actor=actor, province_code="63", received_on=date(2024, 1, 5),
                                      batch_ref="KS-1", expected_total=1, rows=[])


def test_cash_and_in_kind_are_kept_apart(session):
    source = funding.create_source(session=session, actor=SEKRETARIAT, data=source_form())
    item = base.insert(session, SYSTEM, AidItem(name="Kursi roda", unit="unit"))
    cash = funding.create_donation(session=session, actor=SEKRETARIAT, data={
        "funding_source_id": source.id, "received_on": date(2024, 1, 5), "kind": "tunai",
        "amount_rupiah": "Rp 25.000.000,00", "aid_item_id": item.id, "quantity": 3})
    goods = funding.create_donation(session=session, actor=SEKRETARIAT, data={
        "funding_source_id": source.id, "received_on": date(2024, 1, 6), "kind": "barang",
        "aid_item_id": item.id, "quantity": "10", "amount_rupiah": "9.000.000"})
    assert (cash.amount_rupiah, cash.aid_item_id, cash.quantity) == (25_000_000, None, None)
    assert (goods.amount_rupiah, goods.aid_item_id, goods.quantity) == (None, item.id, 10)
    totals = funding.donation_totals(session=session, actor=PIMPINAN, province_code="63", year=2024)
    assert totals["cash_rupiah"] == 25_000_000
    assert totals["in_kind"].to_dict("records") == [{"item": "Kursi roda", "unit": "unit", "quantity": 10}]


def test_donation_validation_per_kind(session):
    source = funding.create_source(session=session, actor=SEKRETARIAT, data=source_form())
    with pytest.raises(ValidationError) as caught:
        funding.create_donation(session=session, actor=SEKRETARIAT, data={
            "funding_source_id": source.id, "received_on": date(2024, 1, 5), "kind": "tunai", "amount_rupiah": "0"})
    assert caught.value.errors == {"amount_rupiah": "Jumlah uang tidak boleh kurang dari Rp 1."}
    with pytest.raises(ValidationError) as caught:
        funding.create_donation(session=session, actor=SEKRETARIAT, data={
            "funding_source_id": source.id, "received_on": None, "kind": "barang", "quantity": -1})
    assert caught.value.errors == {
        "received_on": "Tanggal diterima wajib diisi.",
        "aid_item_id": "Barang wajib dipilih.",
        "quantity": "Jumlah barang tidak boleh kurang dari 1.",
    }


def test_box_collection_is_stored_whole_when_rows_match_the_expected_total(session):
    duta, ramayana = box(session, "Kotak Duta Mall"), box(session, "Kotak Ramayana", "Ramayana, Banjarmasin")
    rows = [{"funding_source_id": duta.id, "amount_rupiah": "1.250.000"},
            {"funding_source_id": None, "amount_rupiah": None},  # a blank editor row is skipped
            {"funding_source_id": ramayana.id, "amount_rupiah": 750_000}]
    stored = funding.record_box_collection(session=session, actor=SEKRETARIAT, province_code="63",
                                           received_on=date(2024, 4, 1), batch_ref="KS-2024-04",
                                           expected_total="Rp 2.000.000", rows=rows)
    assert [(d.funding_source_id, d.amount_rupiah, d.batch_ref) for d in stored] == [
        (duta.id, 1_250_000, "KS-2024-04"), (ramayana.id, 750_000, "KS-2024-04")]
    audited = session.exec(select(AuditLog).where(AuditLog.table_name == "donation")).all()
    assert len(audited) == 2
    with pytest.raises(ValidationError, match="sudah pernah dicatat"):
        funding.record_box_collection(session=session, actor=SEKRETARIAT, province_code="63",
                                      received_on=date(2024, 4, 1), batch_ref="KS-2024-04",
                                      expected_total=2_000_000, rows=rows)


def test_box_collection_that_does_not_add_up_stores_nothing(session):
    duta, ramayana = box(session, "Kotak Duta Mall"), box(session, "Kotak Ramayana", "Ramayana, Banjarmasin")
    with pytest.raises(ValidationError) as caught:
        funding.record_box_collection(
            session=session, actor=SEKRETARIAT, province_code="63", received_on=date(2024, 4, 1),
            batch_ref="KS-2024-04", expected_total="2.000.000",
            rows=[{"funding_source_id": duta.id, "amount_rupiah": "1.250.000"},
                  {"funding_source_id": ramayana.id, "amount_rupiah": "700.000"}])
    assert caught.value.errors == {"expected_total": (
        "Jumlah semua baris Rp 1.950.000 tidak sama dengan total Rp 2.000.000 (selisih Rp 50.000). "
        "Tidak ada yang disimpan.")}
    assert session.exec(select(Donation)).all() == []


def test_box_collection_names_each_bad_row_and_stores_nothing(session):
    duta = box(session, "Kotak Duta Mall")
    csr = funding.create_source(session=session, actor=SEKRETARIAT, data=source_form())
    kalbar_box = box(session, "Kotak Pontianak", "Ayani Mega Mall", province="61")
    with pytest.raises(ValidationError) as caught:
        funding.record_box_collection(
            session=session, actor=SEKRETARIAT, province_code="63", received_on=date(2024, 4, 1),
            batch_ref="", expected_total="3.000.000",
            rows=[{"funding_source_id": duta.id, "amount_rupiah": "1.000.000"},
                  {"funding_source_id": csr.id, "amount_rupiah": "1.000.000"},
                  {"funding_source_id": kalbar_box.id, "amount_rupiah": "500.000"},
                  {"funding_source_id": duta.id, "amount_rupiah": "500.000"},
                  {"funding_source_id": None, "amount_rupiah": "1.000"},
                  {"funding_source_id": duta.id, "amount_rupiah": float("nan")}])
    assert caught.value.errors == {
        "batch_ref": "Nomor pengumpulan wajib diisi.",
        "row_2": "Baris 2: Kotak sumbangan tidak dikenal: pilih dari daftar kotak provinsi ini.",
        "row_3": "Baris 3: Kotak sumbangan tidak dikenal: pilih dari daftar kotak provinsi ini.",
        "row_4": "Baris 4: Kotak ini sudah ada di baris lain.",
        "row_5": "Baris 5: Kotak sumbangan wajib dipilih.",
        "row_6": "Baris 6: Kotak ini sudah ada di baris lain.",
    }
    assert session.exec(select(Donation)).all() == []


def test_box_collection_needs_at_least_one_row(session):
    with pytest.raises(ValidationError) as caught:
        funding.record_box_collection(session=session, actor=SEKRETARIAT, province_code="63",
                                      received_on=date(2024, 4, 1), batch_ref="KS-1", expected_total=1000,
                                      rows=[{"funding_source_id": None, "amount_rupiah": ""}])
    assert caught.value.errors == {"rows": "Isi paling sedikit satu kotak sumbangan dengan jumlah uangnya."}


def test_version_conflict_soft_delete_and_restore_of_sources_and_donations(session):
    source = funding.create_source(session=session, actor=SEKRETARIAT, data=source_form())
    funding.update_source(session=session, actor=SEKRETARIAT, source_id=source.id,
                          data=source_form(contact="Bu Rina"), expected_version=1)
    with pytest.raises(ConflictError):
        funding.set_source_active(session=session, actor=ADMIN, source_id=source.id, active=False,
                                  expected_version=1)
    donation = funding.create_donation(session=session, actor=SEKRETARIAT, data={
        "funding_source_id": source.id, "received_on": date(2024, 1, 5), "kind": "tunai", "amount_rupiah": 1000})
    funding.delete_donation(session=session, actor=SEKRETARIAT, donation_id=donation.id, expected_version=1)
    funding.delete_source(session=session, actor=SEKRETARIAT, source_id=source.id, expected_version=2)
    assert funding.list_sources(session=session, actor=SEKRETARIAT).empty
    assert funding.list_donations(session=session, actor=SEKRETARIAT).empty
    with pytest.raises(ValidationError, match="sudah dihapus: pulihkan saja"):
        funding.create_source(session=session, actor=SEKRETARIAT, data=source_form())
    funding.restore_source(session=session, actor=SEKRETARIAT, source_id=source.id)
    funding.restore_donation(session=session, actor=ADMIN, donation_id=donation.id)
    sources = funding.list_sources(session=session, actor=PIMPINAN)
    assert sources[["name", "cash_rupiah", "donations"]].values.tolist() == [["PT Adaro Indonesia", 1000, 1]]
    assert base.history(session, "funding_source", source.id)["action"].tolist() == [
        "restore", "delete", "update", "create"]
    assert funding.list_sources(session=session, actor=KALBAR).empty


@pytest.mark.parametrize("record_id", [2**31, 2**63 - 1])
def test_an_id_beyond_the_id_column_is_unknown_beside_the_field_not_a_database_error(session, record_id):
    """PostgreSQL's INTEGER id refuses 2**31 with an error; the field says "tidak dikenal" on both databases."""
    with pytest.raises(ValidationError) as caught:
        funding.create_donation(session=session, actor=SEKRETARIAT, data={
            "funding_source_id": record_id, "received_on": date(2024, 1, 5), "kind": "tunai",
            "amount_rupiah": 1000})
    assert caught.value.errors == {"funding_source_id": "Sumber dana tidak dikenal: pilih dari daftar."}
