"""Issue 4's rules that hold everywhere, checked the same way for every kind of record the forms write.

Each record kind is created, changed, deleted and restored through its service on a copy of the demo
database: every step is in the audit log with who, when, before and after; the second save of a
stale version is refused; deleting keeps the row; only the secretariat or an admin restores; leaders
and operators outside their kab/kota are refused.
"""

import json
from dataclasses import dataclass
from datetime import date
from typing import Callable

import pytest
from sqlmodel import Session, select

from kesos import clock
from kesos.errors import ConflictError, PermissionDenied
from kesos.models import (Activity, ActivityParticipant, AidDistribution, AidItem, AidRequest, AuditLog, BoardTerm,
                          Branch, Donation, FundingSource, Lks, Record)
from kesos.security import Actor
from kesos.services import activity, aid, aid_request, base, branch, funding, lks, participant

ADMIN = Actor("admin", "admin")
SEKRETARIAT = Actor("sekretariat", "sekretariat", "63")
OPERATOR = Actor("operator", "operator", "63", "63.71")
OTHER_OPERATOR = Actor("operator_pontianak", "operator", "61", "61.71")
PIMPINAN = Actor("pimpinan", "pimpinan")


@dataclass
class Kind:
    """How one record kind's service creates, changes (one field), deletes and restores."""

    table: str
    model: type
    field: str  # the field `update` changes
    create: Callable  # (session, actor, kab_kota_code) -> record
    update: Callable  # (session, actor, record, value, version) -> record
    delete: Callable  # (session, actor, record, version)
    restore: Callable  # (session, actor, record_id)
    province_level: bool = False  # written by the secretariat only, operators never


def _source(s: Session) -> int:
    return s.exec(select(FundingSource.id).where(FundingSource.province_code == "63",
                                                 FundingSource.kind == "csr")).first()


def _item(s: Session) -> int:
    return s.exec(select(AidItem.id).where(AidItem.deleted_at.is_(None))).first()


def _formed_branch(s: Session, kab: str) -> int:
    return s.exec(select(Branch.id).where(Branch.kab_kota_code == kab, Branch.is_formed)).first()


def _lks_data(kab):
    return {"name": "LKS Aturan Umum", "lks_type": "anak", "kab_kota_code": kab, "registration_status": "terdaftar",
            "accreditation": "belum", "registered_on": date(2024, 1, 2)}


def _aid_data(s, kab):
    return {"kab_kota_code": kab, "distributed_on": clock.today(), "aid_item_id": _item(s), "quantity": 3,
            "value_rupiah": 750_000, "funding_source_id": _source(s), "recipient_kind": "kelompok",
            "recipient_group": "lansia"}


def _activity_data(kab):
    return {"title": "Rakor aturan umum", "kind": "rakor", "start_date": date(2025, 3, 4), "province_code": "63",
            "kab_kota_code": kab, "kab_kota_present": []}


def _request_data(kab):
    return {"applicant_name": "Siti Aminah", "kab_kota_code": kab, "received_on": clock.today(), "need": "Kursi roda"}


def _term_data():
    return {"chair_name": "Hj. Rahmah", "term_start": date(2030, 1, 1), "term_end": date(2034, 12, 31)}


def _participant(s, actor, kab):
    """A participant of an activity hosted by `kab` (made by the secretariat), added by `actor`."""
    host = activity.create_activity(session=s, actor=SEKRETARIAT, data=_activity_data(kab))
    return participant.add_participant(session=s, actor=actor, activity_id=host.id, data={
        "name": "Siti Aminah", "agency": "Dinas Sosial", "kab_kota_code": kab})


def _dump(record, **changes):
    return record.model_dump() | changes


KINDS = [
    Kind("lks", Lks, "address",
         lambda s, a, k: lks.create_lks(session=s, actor=a, data=_lks_data(k)),
         lambda s, a, r, val, ver: lks.update_lks(session=s, actor=a, lks_id=r.id, data=_dump(r, address=val),
                                                 expected_version=ver),
         lambda s, a, r, ver: lks.delete_lks(session=s, actor=a, lks_id=r.id, expected_version=ver),
         lambda s, a, i: lks.restore_lks(session=s, actor=a, lks_id=i)),
    Kind("aid_distribution", AidDistribution, "note",
         lambda s, a, k: aid.create_distribution(session=s, actor=a, data=_aid_data(s, k)),
         lambda s, a, r, val, ver: aid.update_distribution(session=s, actor=a, distribution_id=r.id,
                                                           data=_dump(r, note=val), expected_version=ver),
         lambda s, a, r, ver: aid.delete_distribution(session=s, actor=a, distribution_id=r.id, expected_version=ver),
         lambda s, a, i: aid.restore_distribution(session=s, actor=a, distribution_id=i)),
    Kind("activity", Activity, "place",
         lambda s, a, k: activity.create_activity(session=s, actor=a, data=_activity_data(k)),
         lambda s, a, r, val, ver: activity.update_activity(session=s, actor=a, activity_id=r.id, expected_version=ver,
                                                            data=_dump(r, place=val, kab_kota_present=[])),
         lambda s, a, r, ver: activity.delete_activity(session=s, actor=a, activity_id=r.id, expected_version=ver),
         lambda s, a, i: activity.restore_activity(session=s, actor=a, activity_id=i)),
    Kind("activity_participant", ActivityParticipant, "position",
         _participant,
         lambda s, a, r, val, ver: participant.update_participant(session=s, actor=a, participant_id=r.id,
                                                                   data=_dump(r, position=val), expected_version=ver),
         lambda s, a, r, ver: participant.delete_participant(session=s, actor=a, participant_id=r.id,
                                                             expected_version=ver),
         lambda s, a, i: participant.restore_participant(session=s, actor=a, participant_id=i)),
    Kind("aid_request", AidRequest, "need",
         lambda s, a, k: aid_request.create_request(session=s, actor=a, data=_request_data(k)),
         lambda s, a, r, val, ver: aid_request.update_request(session=s, actor=a, request_id=r.id,
                                                           data=_dump(r, need=val), expected_version=ver),
         lambda s, a, r, ver: aid_request.delete_request(session=s, actor=a, request_id=r.id, expected_version=ver),
         lambda s, a, i: aid_request.restore_request(session=s, actor=a, request_id=i)),
    Kind("board_term", BoardTerm, "chair_name",
         lambda s, a, k: branch.add_board_term(session=s, actor=a, branch_id=_formed_branch(s, k), data=_term_data()),
         lambda s, a, r, val, ver: branch.update_board_term(session=s, actor=a, term_id=r.id,
                                                            data=_dump(r, chair_name=val), expected_version=ver),
         lambda s, a, r, ver: branch.delete_board_term(session=s, actor=a, term_id=r.id, expected_version=ver),
         lambda s, a, i: branch.restore_board_term(session=s, actor=a, term_id=i)),
    Kind("funding_source", FundingSource, "contact",
         lambda s, a, k: funding.create_source(session=s, actor=a, data={
             "province_code": k.split(".")[0], "kind": "donatur", "name": "H. Aturan Umum"}),
         lambda s, a, r, val, ver: funding.update_source(session=s, actor=a, source_id=r.id,
                                                         data=_dump(r, contact=val), expected_version=ver),
         lambda s, a, r, ver: funding.delete_source(session=s, actor=a, source_id=r.id, expected_version=ver),
         lambda s, a, i: funding.restore_source(session=s, actor=a, source_id=i), province_level=True),
    Kind("donation", Donation, "note",
         lambda s, a, k: funding.create_donation(session=s, actor=a, data={
             "funding_source_id": _source(s), "received_on": clock.today(), "kind": "tunai",
             "amount_rupiah": 2_500_000}),
         lambda s, a, r, val, ver: funding.update_donation(session=s, actor=a, donation_id=r.id,
                                                           data=_dump(r, note=val), expected_version=ver),
         lambda s, a, r, ver: funding.delete_donation(session=s, actor=a, donation_id=r.id, expected_version=ver),
         lambda s, a, i: funding.restore_donation(session=s, actor=a, donation_id=i), province_level=True),
]

# Record kinds (the kesos.models.Record tables) whose writes do not take the shape above, and where
# their rules are tested instead.
NOT_HERE = {
    "organisation": "the coordination bodies: made by the demo and the generator; their settings (letterhead, logo) "
                    "are changed by services.organisation, never created or deleted (tests/services/test_organisation.py)",
    "aid_item": "the aid catalogue: made by the demo and the generator, no page or service writes it",
    "branch": "one per kab/kota, saved whole by services.branch.save_branch (tests/services/test_branch.py)",
    "beneficiary_count": "a month's grid, saved whole by services.beneficiary (tests/services/test_beneficiary.py)",
    "validation_warning": "stored with its record, closed by services.validation_warning "
                          "(tests/services/test_validation_warning.py)",
    "monthly_report": "a kab/kota-month's state, moved by services.reporting (tests/services/test_reporting.py)",
    "welfare_count": "a kab/kota-year's PPKS or PSKS grid, saved whole by services.pusat_data "
                     "(tests/services/test_pusat_data.py)",
}


def test_every_record_kind_takes_these_rules_or_says_where_it_is_tested():
    """A new record kind (a table built on kesos.models.Record) fails here until it joins KINDS or NOT_HERE."""
    kinds = [kind.table for kind in KINDS]
    assert len(kinds) == len(set(kinds)) and not set(kinds) & set(NOT_HERE)
    assert {model.__tablename__ for model in Record.__subclasses__()} == set(kinds) | set(NOT_HERE)


@pytest.fixture
def session(demo_engine):
    with Session(demo_engine) as s:
        yield s


def _trail(s: Session, kind: Kind, record_id: int) -> list[AuditLog]:
    return list(s.exec(select(AuditLog).where(AuditLog.table_name == kind.table, AuditLog.record_id == str(record_id))
                       .order_by(AuditLog.id)))


def _writer(kind: Kind) -> Actor:
    return SEKRETARIAT if kind.province_level else OPERATOR


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.table)
def test_create_update_delete_restore_are_each_audited_with_who_when_before_and_after(session, kind):
    record = kind.create(session, _writer(kind), "63.71")
    record = kind.update(session, _writer(kind), record, "Nilai baru", record.version)
    kind.delete(session, _writer(kind), record, record.version)
    kind.restore(session, SEKRETARIAT, record.id)
    session.commit()
    trail = _trail(session, kind, record.id)
    assert [(t.action, t.username) for t in trail] == [
        ("create", _writer(kind).username), ("update", _writer(kind).username), ("delete", _writer(kind).username),
        ("restore", "sekretariat")]
    assert all(t.at is not None for t in trail)
    before = [json.loads(t.before) if t.before else None for t in trail]
    after = [json.loads(t.after) for t in trail]
    assert before[0] is None and after[0]["id"] == record.id
    assert before[1][kind.field] != "Nilai baru" and after[1][kind.field] == "Nilai baru"
    assert before[2]["deleted_at"] is None and after[2]["deleted_at"] is not None
    assert before[3]["deleted_at"] is not None and after[3]["deleted_at"] is None
    history = base.history(session, kind.table, record.id)  # what Riwayat shows, newest first
    assert list(history["action"]) == ["restore", "delete", "update", "create"]
    assert history.iloc[2]["changes"][kind.field][1] == "Nilai baru"


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.table)
def test_second_save_of_a_stale_version_is_refused_and_changes_nothing(session, kind):
    record = kind.create(session, _writer(kind), "63.71")
    loaded = record.version
    kind.update(session, _writer(kind), record, "Disimpan duluan", loaded)
    with pytest.raises(ConflictError, match="baru saja diubah oleh pengguna lain"):
        kind.update(session, _writer(kind), record, "Disimpan kedua", loaded)
    with pytest.raises(ConflictError):
        kind.delete(session, _writer(kind), record, loaded)
    session.refresh(record)
    assert getattr(record, kind.field) == "Disimpan duluan" and record.deleted_at is None


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.table)
def test_delete_is_soft_and_only_the_secretariat_or_an_admin_restores(session, kind):
    record = kind.create(session, _writer(kind), "63.71")
    kind.delete(session, _writer(kind), record, record.version)
    session.commit()
    kept = session.get(kind.model, record.id)
    assert kept is not None and kept.deleted_at is not None  # still in the database
    for actor in (OPERATOR, PIMPINAN):
        with pytest.raises(PermissionDenied):
            kind.restore(session, actor, record.id)
    session.rollback()
    kind.restore(session, ADMIN, record.id)
    assert session.get(kind.model, record.id).deleted_at is None


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.table)
def test_leaders_and_operators_outside_their_scope_are_refused_by_a_crafted_call(session, kind):
    own = kind.create(session, SEKRETARIAT, "63.71")
    other = kind.create(session, SEKRETARIAT, "63.72") if not kind.province_level else own
    for actor in (PIMPINAN, OTHER_OPERATOR) + ((OPERATOR,) if kind.province_level else ()):
        with pytest.raises(PermissionDenied):
            kind.create(session, actor, "63.71")
    crafted = [(PIMPINAN, own), (OTHER_OPERATOR, own), (OPERATOR, other)]
    for actor, record in crafted:
        with pytest.raises(PermissionDenied):
            kind.update(session, actor, record, "Diambil alih", record.version)
        with pytest.raises(PermissionDenied):
            kind.delete(session, actor, record, record.version)
    session.refresh(own)
    assert getattr(own, kind.field) != "Diambil alih" and own.deleted_at is None
