"""Aid distributions: validation, scope (kab/kota and funding source province), audit, versions, soft delete."""

from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from kesos import clock
from kesos.errors import ConflictError, PermissionDenied, ValidationError
from kesos.models import AidDistribution, AidItem, AuditLog, FundingSource, Lks
from kesos.security import SYSTEM, Actor
from kesos.services import aid, base

SEKRETARIAT = Actor("sek", "sekretariat", province_code="63")
OPERATOR = Actor("op", "operator", province_code="63", kab_kota_code="63.71")
PIMPINAN = Actor("pim", "pimpinan", province_code="63")


@pytest.fixture
def session(empty_engine):
    with Session(empty_engine) as s:
        yield s


@pytest.fixture
def refs(session):
    """A catalogue item, a CSR source of Kalsel and one of Kalbar, and an LKS in Banjarmasin."""
    item = base.insert(session, SYSTEM, AidItem(name="Paket PMT lansia", unit="paket"))
    csr = base.insert(session, SYSTEM, FundingSource(province_code="63", kind="csr", name="CSR Bank Kalsel"))
    kalbar = base.insert(session, SYSTEM, FundingSource(province_code="61", kind="csr", name="CSR Kalbar"))
    home = base.insert(session, SYSTEM, Lks(name="Panti Werdha Budi Sejahtera", lks_type="lansia",
                                           kab_kota_code="63.71", registered_on=date(2010, 1, 1)))
    session.commit()
    return {"item": item.id, "csr": csr.id, "kalbar": kalbar.id, "lks": home.id}


def form(refs, **overrides):
    data = {"distributed_on": date(2024, 3, 5), "aid_item_id": refs["item"], "quantity": 20,
            "value_rupiah": "Rp 5.000.000", "recipient_kind": "kelompok", "recipient_group": "lansia",
            "kab_kota_code": "63.71", "funding_source_id": refs["csr"]}
    return data | overrides


def test_operator_records_distribution_in_own_kab_kota_and_it_is_audited(session, refs):
    record = aid.create_distribution(session=session, actor=OPERATOR, data=form(refs))
    session.commit()
    assert (record.quantity, record.value_rupiah, record.recipient_group) == (20, 5_000_000, "lansia")
    entry = session.exec(select(AuditLog).where(AuditLog.table_name == "aid_distribution")).one()
    assert (entry.username, entry.action, entry.record_id) == ("op", "create", str(record.id))


def test_each_recipient_kind_keeps_only_its_own_field(session, refs):
    to_lks = aid.create_distribution(session=session, actor=OPERATOR, data=form(
        refs, recipient_kind="lks", recipient_lks_id=refs["lks"], recipient_group="lansia", recipient_name="X"))
    house = aid.create_distribution(session=session, actor=OPERATOR, data=form(
        refs, recipient_kind="rumah_tangga", recipient_name="  Ahmad   Fauzi ", recipient_group="lansia"))
    assert (to_lks.recipient_lks_id, to_lks.recipient_group, to_lks.recipient_name) == (refs["lks"], None, None)
    assert (house.recipient_lks_id, house.recipient_group, house.recipient_name) == (None, None, "Ahmad Fauzi")


def test_bad_input_names_every_field_in_indonesian(session, refs):
    with pytest.raises(ValidationError) as caught:
        aid.create_distribution(session=session, actor=SEKRETARIAT, data=form(
            refs, distributed_on=clock.today() + timedelta(days=2), aid_item_id=None, quantity=0,
            value_rupiah="lima juta", recipient_kind="rumah_tangga", recipient_name=" ", funding_source_id=None))
    assert caught.value.errors == {
        "distributed_on": "Tanggal penyaluran di luar rentang yang masuk akal.",
        "aid_item_id": "Barang bantuan wajib dipilih.",
        "quantity": "Jumlah tidak boleh kurang dari 1.",
        "value_rupiah": "Nilai (Rp) harus berupa angka rupiah, misalnya 1.250.000.",
        "recipient_name": "Nama kepala rumah tangga wajib diisi.",
        "funding_source_id": "Sumber dana wajib dipilih.",
    }
    assert session.exec(select(AidDistribution)).all() == []


def test_lks_of_another_kab_kota_and_source_of_another_province_are_refused(session, refs):
    with pytest.raises(ValidationError) as caught:
        aid.create_distribution(session=session, actor=SEKRETARIAT, data=form(
            refs, kab_kota_code="63.72", recipient_kind="lks", recipient_lks_id=refs["lks"],
            funding_source_id=refs["kalbar"]))
    assert caught.value.errors == {
        "recipient_lks_id": "LKS penerima tidak berada di kabupaten/kota yang dipilih.",
        "funding_source_id": "Sumber dana ini milik provinsi lain: pilih sumber dana provinsi Anda.",
    }


def test_operator_cannot_write_another_kab_kota_even_by_a_crafted_call(session, refs):
    with pytest.raises(PermissionDenied):
        aid.create_distribution(session=session, actor=OPERATOR, data=form(refs, kab_kota_code="63.72"))
    other = aid.create_distribution(session=session, actor=SEKRETARIAT, data=form(refs, kab_kota_code="63.72"))
    with pytest.raises(PermissionDenied):
        aid.update_distribution(session=session, actor=OPERATOR, distribution_id=other.id, data=form(refs),
                                expected_version=1)
    with pytest.raises(PermissionDenied):
        aid.delete_distribution(session=session, actor=OPERATOR, distribution_id=other.id, expected_version=1)
    own = aid.create_distribution(session=session, actor=OPERATOR, data=form(refs))
    with pytest.raises(PermissionDenied):  # nor move its own into another kab/kota
        aid.update_distribution(session=session, actor=OPERATOR, distribution_id=own.id,
                                data=form(refs, kab_kota_code="63.72"), expected_version=1)
    assert aid.list_distributions(session=session, actor=OPERATOR)["id"].tolist() == [own.id]


def test_leader_writes_nothing(session, refs):
    with pytest.raises(PermissionDenied):
        aid.create_distribution(session=session, actor=PIMPINAN, data=form(refs))


def test_second_save_of_the_same_version_is_refused(session, refs):
    record = aid.create_distribution(session=session, actor=OPERATOR, data=form(refs))
    aid.update_distribution(session=session, actor=SEKRETARIAT, distribution_id=record.id,
                            data=form(refs, quantity=25), expected_version=1)
    with pytest.raises(ConflictError, match="diubah oleh pengguna lain"):
        aid.update_distribution(session=session, actor=OPERATOR, distribution_id=record.id,
                                data=form(refs, quantity=30), expected_version=1)
    assert session.get(AidDistribution, record.id).quantity == 25


def test_delete_is_soft_and_only_sekretariat_or_admin_restores(session, refs):
    record = aid.create_distribution(session=session, actor=OPERATOR, data=form(refs))
    aid.delete_distribution(session=session, actor=OPERATOR, distribution_id=record.id, expected_version=1)
    assert aid.list_distributions(session=session, actor=OPERATOR).empty
    assert aid.list_distributions(session=session, actor=OPERATOR, deleted=True)["id"].tolist() == [record.id]
    with pytest.raises(PermissionDenied):
        aid.restore_distribution(session=session, actor=OPERATOR, distribution_id=record.id)
    aid.restore_distribution(session=session, actor=SEKRETARIAT, distribution_id=record.id)
    assert aid.list_distributions(session=session, actor=OPERATOR)["id"].tolist() == [record.id]
    trail = base.history(session, "aid_distribution", record.id)
    assert trail["action"].tolist() == ["restore", "delete", "create"]


def test_inactive_source_is_not_offered_nor_accepted_for_new_entries(session, refs):
    source = session.get(FundingSource, refs["csr"])
    source.is_active = False
    assert aid.funding_source_options(session, "63").empty
    with pytest.raises(ValidationError, match="sudah tidak aktif"):
        aid.create_distribution(session=session, actor=OPERATOR, data=form(refs))


def test_household_name_is_masked_for_leaders_in_the_list(session, refs):
    aid.create_distribution(session=session, actor=OPERATOR, data=form(
        refs, recipient_kind="rumah_tangga", recipient_name="Ahmad Fauzi"))
    assert aid.list_distributions(session=session, actor=OPERATOR)["recipient"].tolist() == [
        "Rumah tangga Ahmad Fauzi"]
    assert aid.list_distributions(session=session, actor=PIMPINAN)["recipient"].tolist() == ["Rumah tangga A. F."]


def test_catalogue_item_shows_its_unit(session, refs):
    session.add(AidItem(name="Kursi roda", unit="unit"))
    session.flush()
    assert aid.item_options(session)["label"].tolist() == ["Kursi roda (unit)", "Paket PMT lansia (paket)"]
