"""Persetujuan dan kunci: who may send, approve, return and unlock a kab/kota-month, and the lock it sets."""

from datetime import date

import pytest
from sqlmodel import Session, select

from kesos.errors import ConflictError, LockedPeriod, PermissionDenied, ValidationError
from kesos.models import AuditLog, MonthlyReport
from kesos.security import Actor
from kesos.services import base, beneficiary, lks as lks_service, reporting

SEKRETARIAT = Actor("sek", "sekretariat", province_code="63")
SEKRETARIAT_KALBAR = Actor("sek61", "sekretariat", province_code="61")
ADMIN = Actor("adm", "admin")
OPERATOR = Actor("op", "operator", province_code="63", kab_kota_code="63.71")
OTHER_OPERATOR = Actor("op2", "operator", province_code="63", kab_kota_code="63.72")
PIMPINAN = Actor("pim", "pimpinan")
PERIOD = {"kab_kota_code": "63.71", "year": 2024, "month": 5}


@pytest.fixture
def session(empty_engine):
    with Session(empty_engine) as s:
        lks = lks_service.create_lks(session=s, actor=SEKRETARIAT, data={
            "name": "LKSA Al Fadhilah", "lks_type": "anak", "kab_kota_code": "63.71", "registered_on": date(2020, 1, 1)})
        beneficiary.save_grid(session=s, actor=OPERATOR, **PERIOD, rows=[beneficiary.Row(lks.id, 5, 6)],
                              expected_versions={})
        s.commit()
        s.info["lks_id"] = lks.id
        yield s


def _sent(session, actor=OPERATOR) -> MonthlyReport:
    report = reporting.send(session=session, actor=actor, **PERIOD, expected_version=None)
    session.commit()
    return report


def _approved(session) -> MonthlyReport:
    report = _sent(session)
    report = reporting.approve(session=session, actor=SEKRETARIAT, **PERIOD, expected_version=report.version)
    session.commit()
    return report


def test_an_operator_sends_its_own_kab_kota_and_not_another(session):
    assert _sent(session).state == "dikirim"
    with pytest.raises(PermissionDenied):
        reporting.send(session=session, actor=OTHER_OPERATOR, **PERIOD, expected_version=None)


@pytest.mark.parametrize("actor", [PIMPINAN, SEKRETARIAT_KALBAR], ids=["pimpinan", "other-province"])
def test_pimpinan_and_another_province_cannot_send(session, actor):
    with pytest.raises(PermissionDenied):
        reporting.send(session=session, actor=actor, **PERIOD, expected_version=None)


@pytest.mark.parametrize("actor", [OPERATOR, PIMPINAN, SEKRETARIAT_KALBAR], ids=["operator", "pimpinan", "other-province"])
def test_only_the_secretariat_or_admin_of_the_region_approves_returns_or_unlocks(session, actor):
    report = _sent(session)
    with pytest.raises(PermissionDenied):
        reporting.approve(session=session, actor=actor, **PERIOD, expected_version=report.version)
    with pytest.raises(PermissionDenied):
        reporting.return_report(session=session, actor=actor, **PERIOD, note="x", expected_version=report.version)
    report = reporting.approve(session=session, actor=ADMIN, **PERIOD, expected_version=report.version)
    with pytest.raises(PermissionDenied):
        reporting.unlock(session=session, actor=actor, **PERIOD, reason="x", expected_version=report.version)


def test_a_month_not_sent_cannot_be_approved(session):
    with pytest.raises(ValidationError):
        reporting.approve(session=session, actor=SEKRETARIAT, **PERIOD, expected_version=None)


def test_a_return_needs_a_note_and_the_operator_sees_it(session):
    report = _sent(session)
    with pytest.raises(ValidationError) as refused:
        reporting.return_report(session=session, actor=SEKRETARIAT, **PERIOD, note="  ", expected_version=report.version)
    assert "note" in refused.value.errors
    reporting.return_report(session=session, actor=SEKRETARIAT, **PERIOD, note="Angka Mei belum lengkap",
                            expected_version=report.version)
    session.commit()
    shown = reporting.returned(session, OPERATOR)
    assert shown[["kab_kota_code", "month", "note"]].values.tolist() == [["63.71", 5, "Angka Mei belum lengkap"]]
    assert reporting.returned(session, OTHER_OPERATOR).empty
    again = reporting.send(session=session, actor=OPERATOR, **PERIOD, expected_version=report.version)
    assert again.state == "dikirim"


def test_an_approved_month_refuses_the_grid_save_the_copy_and_the_import(session):
    _approved(session)
    lks_id = session.info["lks_id"]
    grid = beneficiary.load_grid(session=session, actor=OPERATOR, **PERIOD)
    with pytest.raises(LockedPeriod) as refused:
        beneficiary.save_grid(session=session, actor=SEKRETARIAT, **PERIOD, rows=[beneficiary.Row(lks_id, 7, 7)],
                              expected_versions={lks_id: int(grid["version"].iloc[0])})
    assert "sudah disetujui dan dikunci" in refused.value.message and "Mei 2024" in refused.value.message
    with pytest.raises(LockedPeriod):
        beneficiary.copy_last_month(session=session, actor=OPERATOR, **PERIOD)

    from kesos import importer

    sheet = "Kabupaten/Kota;Nama LKS;Tahun;Bulan;Perempuan;Laki-laki\n63.71;LKSA Al Fadhilah;2024;5;9;9\n"
    table = importer.read("penerima-manfaat", "pm.csv", sheet.encode())
    preview = importer.preview(session=session, actor=OPERATOR, kind="penerima-manfaat", table=table)
    assert preview.counts["error"] == 1
    assert "dikunci" in preview.rows[0].errors[0][2]


def test_an_import_planned_before_the_approval_is_refused_when_written(session):
    from kesos.importer.beneficiary import write
    from kesos.importer.plan import CHANGE, RowResult

    count_id = beneficiary.load_grid(session=session, actor=OPERATOR, **PERIOD)["count_id"].iloc[0]
    row = RowResult(2, status=CHANGE, values={"women": 9, "men": 9}, record_id=int(count_id), version=1,
                    kab_kota_code="63.71")
    _approved(session)
    with pytest.raises(LockedPeriod):
        write(session, OPERATOR, [row])


def test_unlock_needs_a_reason_and_opens_the_month_again(session):
    report = _approved(session)
    with pytest.raises(ValidationError):
        reporting.unlock(session=session, actor=SEKRETARIAT, **PERIOD, reason="", expected_version=report.version)
    reporting.unlock(session=session, actor=SEKRETARIAT, **PERIOD, reason="Salah ketik angka LKSA",
                     expected_version=report.version)
    session.commit()
    lks_id = session.info["lks_id"]
    grid = beneficiary.load_grid(session=session, actor=OPERATOR, **PERIOD)
    beneficiary.save_grid(session=session, actor=OPERATOR, **PERIOD, rows=[beneficiary.Row(lks_id, 7, 7)],
                          expected_versions={lks_id: int(grid["version"].iloc[0])})
    session.commit()


def test_every_step_is_versioned_audited_and_in_the_history(session):
    report = _sent(session)
    with pytest.raises(ConflictError):
        reporting.approve(session=session, actor=SEKRETARIAT, **PERIOD, expected_version=report.version - 1)
    session.rollback()
    report = reporting.approve(session=session, actor=SEKRETARIAT, **PERIOD, expected_version=report.version)
    report = reporting.unlock(session=session, actor=ADMIN, **PERIOD, reason="Koreksi", expected_version=report.version)
    session.commit()
    history = base.history(session, "monthly_report", report.id)
    assert history["username"].tolist() == ["adm", "sek", "op"]
    assert history["changes"].iloc[0]["state"] == ("disetujui", "terbuka")
    assert history["changes"].iloc[0]["note"] == (None, "Koreksi")
    audited = session.exec(select(AuditLog).where(AuditLog.table_name == "monthly_report")).all()
    assert [row.action for row in audited] == ["create", "update", "update"]


def test_a_month_not_begun_cannot_be_sent(session):
    with pytest.raises(ValidationError):
        reporting.send(session=session, actor=OPERATOR, kab_kota_code="63.71", year=2100, month=1,
                       expected_version=None)


@pytest.mark.parametrize("actor", [SEKRETARIAT, ADMIN, OPERATOR, PIMPINAN], ids=lambda a: a.role)
def test_the_page_offers_each_role_the_steps_its_writes_allow(actor):
    """The buttons of Kelengkapan laporan come from `reporting.actions`, not from the page: a writer sends an
    open or returned month, the secretariat and admins decide a sent one and unlock an approved one."""
    writer, decider = actor.role != "pimpinan", actor.role in {"admin", "sekretariat"}
    expected = {"terbuka": {"send"} if writer else set(), "dikembalikan": {"send"} if writer else set(),
                "dikirim": {"decide"} if decider else set(), "disetujui": {"unlock"} if decider else set()}
    assert {state: set(reporting.actions(actor, state)) for state in expected} == expected
