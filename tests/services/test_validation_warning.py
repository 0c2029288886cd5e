"""Validasi in the services: a save with warnings needs a reason, saved warnings are stored, and
only the secretariat (or an admin) of the kab/kota's province closes them with a note."""

from datetime import date

import pytest
from sqlmodel import Session, select

from kesos.errors import ConflictError, PermissionDenied, ValidationError, WarningsNeedReason
from kesos.models import AidDistribution, AidItem, AuditLog, BeneficiaryCount, FundingSource, Lks, ValidationWarning
from kesos.security import SYSTEM, Actor
from kesos.services import aid, base, beneficiary, validation_warning
from kesos.services.beneficiary import Row

SEKRETARIAT = Actor("sek", "sekretariat", province_code="63")
SEKRETARIAT_KALBAR = Actor("sek61", "sekretariat", province_code="61")
ADMIN = Actor("adm", "admin")
OPERATOR = Actor("op", "operator", province_code="63", kab_kota_code="63.71")
OTHER_OPERATOR = Actor("op2", "operator", province_code="63", kab_kota_code="63.72")
PIMPINAN = Actor("pim", "pimpinan", province_code="63")


@pytest.fixture
def session(empty_engine):
    with Session(empty_engine) as s:
        yield s


@pytest.fixture
def home(session):
    """An LKS in Banjarmasin for 30 people, with 20 served every month of 2023."""
    record = base.insert(session, SYSTEM, Lks(name="LKSA Al Fadhilah", lks_type="anak", kab_kota_code="63.71",
                                             registered_on=date(2015, 1, 1), capacity=30))
    for month in range(1, 13):
        base.insert(session, SYSTEM, BeneficiaryCount(lks_id=record.id, year=2023, month=month, women=12, men=8))
    session.commit()
    return record


def save(session, home, women, men, *, actor=OPERATOR, year=2024, month=1, **kwargs):
    count = session.exec(select(BeneficiaryCount).where(
        BeneficiaryCount.lks_id == home.id, BeneficiaryCount.year == year, BeneficiaryCount.month == month)).first()
    return beneficiary.save_grid(session=session, actor=actor, kab_kota_code="63.71", year=year, month=month,
                                 rows=[Row(home.id, women, men)], expected_versions={home.id: count and count.version},
                                 **kwargs)


def stored_warnings(session) -> list[ValidationWarning]:
    return list(session.exec(select(ValidationWarning).order_by(ValidationWarning.id)))


def january_2024(session, home):
    return session.exec(select(BeneficiaryCount).where(BeneficiaryCount.lks_id == home.id,
                                                       BeneficiaryCount.year == 2024)).first()


def test_grid_row_above_capacity_is_refused_without_a_reason_and_nothing_is_stored(session, home):
    with pytest.raises(WarningsNeedReason) as caught:
        save(session, home, 25, 10)
    assert caught.value.warnings == {f"total:{home.id}": [
        "Jumlah penerima manfaat 35 orang melebihi kapasitas LKS (30 orang).",
        "Jumlah 35 orang jauh di atas biasanya: median 20 orang dalam 12 bulan terakhir yang dilaporkan."]}
    assert "Alasan" in caught.value.message
    session.rollback()
    assert january_2024(session, home) is None and stored_warnings(session) == []
    with pytest.raises(WarningsNeedReason):
        save(session, home, 25, 10, warnings_reason="   ")  # blank is no reason


def test_grid_row_with_a_reason_is_saved_and_each_warning_stored_open_and_audited(session, home):
    changed = save(session, home, 25, 10, warnings_reason="Ada 5 anak titipan korban banjir.")
    session.commit()
    assert changed == {"created": 1, "updated": 0, "deleted": 0}
    count = january_2024(session, home)
    assert (count.women, count.men) == (25, 10)
    found = stored_warnings(session)
    assert [(w.rule, w.record_kind, w.record_id, w.kab_kota_code, w.year, w.month, w.status, w.reason, w.created_by)
            for w in found] == [
        (rule, "beneficiary_count", count.id, "63.71", 2024, 1, "open", "Ada 5 anak titipan korban banjir.", "op")
        for rule in ("above_capacity", "far_from_history")]
    audited = session.exec(select(AuditLog.action).where(AuditLog.table_name == "validation_warning")).all()
    assert audited == ["create", "create"]


def test_usual_figures_and_unchanged_rows_ask_for_nothing(session, home):
    assert save(session, home, 13, 8)["created"] == 1  # 21, within the usual range
    session.commit()
    save(session, home, 0, 0, month=2, warnings_reason="LKS libur sebulan")  # a sudden 0, with a reason
    session.commit()
    assert [w.rule for w in stored_warnings(session)] == ["drop_to_zero"]
    assert save(session, home, 0, 0, month=2) == {"created": 0, "updated": 0, "deleted": 0}  # same again: no ask


def test_an_emptied_row_is_a_removal_not_a_drop_to_zero(session, home):
    save(session, home, 12, 8)
    session.commit()
    assert save(session, home, None, None)["deleted"] == 1


def test_the_warning_record_points_at_the_row_updated(session, home):
    save(session, home, 12, 8)
    session.commit()
    save(session, home, 30, 11, warnings_reason="Periksa ulang bersama pengurus")
    session.commit()
    assert {w.record_id for w in stored_warnings(session)} == {january_2024(session, home).id}


@pytest.fixture
def refs(session):
    """A catalogue item valued about Rp 100.000 a paket in its five stored distributions."""
    item = base.insert(session, SYSTEM, AidItem(name="Paket PMT lansia", unit="paket"))
    csr = base.insert(session, SYSTEM, FundingSource(province_code="63", kind="csr", name="CSR Bank Kalsel"))
    for quantity, value in ((10, 1_000_000), (20, 2_000_000), (5, 500_000), (8, 800_000), (30, 3_000_000)):
        base.insert(session, SYSTEM, AidDistribution(
            distributed_on=date(2024, 2, 1), aid_item_id=item.id, quantity=quantity, value_rupiah=value,
            recipient_kind="kelompok", recipient_group="lansia", kab_kota_code="63.71", funding_source_id=csr.id))
    base.insert(session, SYSTEM, AidDistribution(  # not valued: left out of the usual value
        distributed_on=date(2024, 2, 2), aid_item_id=item.id, quantity=10, value_rupiah=0,
        recipient_kind="kelompok", recipient_group="lansia", kab_kota_code="63.71", funding_source_id=csr.id))
    session.commit()
    return {"item": item.id, "csr": csr.id}


def form(refs, **overrides):
    data = {"distributed_on": date(2024, 3, 5), "aid_item_id": refs["item"], "quantity": 10,
            "value_rupiah": "Rp 10.000.000", "recipient_kind": "kelompok", "recipient_group": "lansia",
            "kab_kota_code": "63.71", "funding_source_id": refs["csr"]}
    return data | overrides


def test_aid_value_per_unit_far_off_needs_a_reason_beside_the_value(session, refs):
    with pytest.raises(WarningsNeedReason) as caught:
        aid.create_distribution(session=session, actor=OPERATOR, data=form(refs))
    assert caught.value.warnings == {"value_rupiah": [
        "Nilai per paket Rp 1.000.000 jauh dari biasanya: median Rp 100.000 per paket dari 5 penyaluran barang ini. "
        "Periksa nilai dan jumlahnya."]}
    session.rollback()
    assert session.exec(select(AidDistribution).where(AidDistribution.distributed_on == date(2024, 3, 5))).all() == []
    record = aid.create_distribution(session=session, actor=OPERATOR, data=form(refs),
                                     warnings_reason="Paket lengkap dengan susu, harga dari kuitansi")
    session.commit()
    [warning] = stored_warnings(session)
    assert (warning.record_kind, warning.record_id, warning.rule, warning.year, warning.month) == (
        "aid_distribution", record.id, "unusual_unit_value", 2024, 3)


def test_aid_usual_value_and_an_edit_that_leaves_the_value_alone_ask_for_nothing(session, refs):
    usual = aid.create_distribution(session=session, actor=OPERATOR, data=form(refs, value_rupiah="1.100.000"))
    odd = aid.create_distribution(session=session, actor=OPERATOR, data=form(refs), warnings_reason="kuitansi")
    session.commit()
    aid.update_distribution(session=session, actor=OPERATOR, distribution_id=odd.id,
                            data=form(refs, note="dicek"), expected_version=odd.version)
    with pytest.raises(WarningsNeedReason):  # the quantity changes: checked again
        aid.update_distribution(session=session, actor=OPERATOR, distribution_id=usual.id,
                                data=form(refs, value_rupiah="1.100.000", quantity=1), expected_version=usual.version)


def test_a_reason_longer_than_allowed_is_an_error_beside_the_reason(session, refs):
    with pytest.raises(ValidationError) as caught:
        aid.create_distribution(session=session, actor=OPERATOR, data=form(refs), warnings_reason="x" * 1001)
    assert list(caught.value.errors) == ["warnings_reason"]


# --- The follow-up list and closing --------------------------------------------------------------

@pytest.fixture
def open_warning(session, home) -> ValidationWarning:
    save(session, home, 25, 10, warnings_reason="Ada anak titipan")
    session.commit()
    return stored_warnings(session)[0]


def close(session, warning, actor=SEKRETARIAT, note="Dicek ke LKS: benar, ada anak titipan."):
    return validation_warning.close_warning(session=session, actor=actor, warning_id=warning.id, note=note,
                                            expected_version=warning.version)


def test_secretariat_closes_a_warning_with_a_note_versioned_and_audited(session, open_warning):
    closed = close(session, open_warning)
    session.commit()
    assert (closed.status, closed.closing_note, closed.closed_by, closed.version) == (
        "closed", "Dicek ke LKS: benar, ada anak titipan.", "sek", 2)
    assert closed.closed_at is not None
    history = base.history(session, "validation_warning", closed.id)
    assert history["action"].tolist()[0] == "update" and history["changes"][0]["status"] == ("open", "closed")
    listed = validation_warning.list_warnings(session=session, actor=SEKRETARIAT)
    assert closed.id not in set(listed["id"])
    assert closed.id in set(validation_warning.list_warnings(session=session, actor=SEKRETARIAT, status="closed")["id"])


@pytest.mark.parametrize("actor", [OPERATOR, OTHER_OPERATOR, PIMPINAN, SEKRETARIAT_KALBAR],
                         ids=["operator-own", "operator-other", "pimpinan", "sekretariat-other-province"])
def test_closing_is_refused_outside_the_secretariat_of_its_province(session, open_warning, actor):
    with pytest.raises(PermissionDenied):
        close(session, open_warning, actor=actor)
    session.rollback()
    assert session.get(ValidationWarning, open_warning.id).status == "open"


def test_closing_needs_a_note_a_fresh_version_and_an_open_warning(session, open_warning):
    with pytest.raises(ValidationError) as caught:
        close(session, open_warning, note="  ")
    assert caught.value.errors == {"closing_note": "Catatan penutupan wajib diisi."}
    stale_version = open_warning.version
    close(session, open_warning, actor=ADMIN)
    session.commit()
    with pytest.raises(ValidationError, match="sudah ditutup"):
        close(session, open_warning)
    open_warning.status = "open"  # as another session still saw it
    with pytest.raises(ConflictError):
        validation_warning.close_warning(session=session, actor=SEKRETARIAT, warning_id=open_warning.id,
                                         note="lagi", expected_version=stale_version)


def test_the_list_is_scoped_and_not_for_leaders(session, open_warning):
    listed = validation_warning.list_warnings(session=session, actor=SEKRETARIAT)
    assert listed["rule_label"].tolist() == ["Jauh dari bulan-bulan sebelumnya", "Melebihi kapasitas"]  # newest first
    row = listed.iloc[1]
    assert (row["subject"], row["kab_kota"], row["reason"], row["status"]) == (
        "Penerima manfaat · LKSA Al Fadhilah", "Kota Banjarmasin", "Ada anak titipan", "open")
    assert len(validation_warning.list_warnings(session=session, actor=OPERATOR)) == 2  # its own, read-only
    assert validation_warning.list_warnings(session=session, actor=OTHER_OPERATOR).empty
    assert validation_warning.list_warnings(session=session, actor=SEKRETARIAT_KALBAR).empty
    with pytest.raises(PermissionDenied):
        validation_warning.list_warnings(session=session, actor=PIMPINAN)
