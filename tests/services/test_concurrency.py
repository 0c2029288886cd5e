"""Twenty users saving at the same moment, over the service functions, on SQLite and on PostgreSQL.

The app shares one engine per process between every browser session, so the threads here share
one engine and each opens its own session, as `web.run_write` does. A barrier releases them
together. What a user must never see: "database is locked", a record saved twice or not at all,
or two saves of the same version both accepted (a lost update).

`test_twenty_saves_of_one_version_one_wins` runs every way a stored record of every kind is
changed (edit, status, deactivate, delete, restore, password reset, ...): every thread first reads
the record (as the page did when it was drawn), then all save that same version at once. Exactly
one may win; the other nineteen are told the record changed (`ConflictError`); one audit row.
"""

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from sqlmodel import Session, SQLModel, func, select

from kesos.db import make_engine, session_scope
from kesos.errors import ConflictError, KesosError, ValidationError
from kesos.models import (
    Activity,
    ActivityParticipant,
    AidDistribution,
    AidRequest,
    AuditLog,
    BeneficiaryCount,
    BoardTerm,
    Branch,
    Donation,
    FundingSource,
    Lks,
    MonthlyReport,
    Organisation,
    User,
    ValidationWarning,
    WelfareCount,
)
from kesos.security import Actor
from kesos.services import organisation, participant, pusat_data
from kesos.services import (activity, aid, aid_request, beneficiary, branch, funding, lks, reporting, users_admin,
                            validation_warning)

WRITERS = 20
ADMIN = Actor("admin", "admin")
SEKRETARIAT = Actor("sekretariat", "sekretariat", province_code="63")
OPERATOR = Actor("operator", "operator", province_code="63", kab_kota_code="63.71")


@pytest.fixture
def engine(demo_db_url):
    """The demo database, with a connection for every writer (each holds its own while it works)."""
    engine = make_engine(demo_db_url, pool_size=WRITERS + 2)
    yield engine
    engine.dispose()


def all_at_once(work, count: int = WRITERS, prepare: Callable[[int], object] | None = None) -> list:
    """Run work(i) in `count` threads released together; each result or the exception raised.

    `prepare(i)` runs in the thread before the barrier (each thread reads what it will save).
    """
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(i: int) -> None:
        try:
            state = prepare(i) if prepare else None
        except Exception as exc:
            results[i] = exc
            barrier.abort()  # a thread that failed to prepare must not hang the others
            return
        try:
            barrier.wait()
            results[i] = work(i) if prepare is None else work(i, state)
        except Exception as exc:  # collected and asserted on by the test
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a writer hung"
    return results


def audit_count(engine, table: str, action: str | None = None, record_id: int | None = None) -> int:
    stmt = select(func.count()).select_from(AuditLog).where(AuditLog.table_name == table)
    if action is not None:
        stmt = stmt.where(AuditLog.action == action)
    if record_id is not None:
        stmt = stmt.where(AuditLog.record_id == str(record_id))
    with Session(engine) as s:
        return s.exec(stmt).one()


# --- Every way a stored record is changed ---------------------------------------------------------

@dataclass(frozen=True)
class Change:
    """One way of changing a stored record: which record, and the service call that changes it."""

    name: str
    model: type
    pick: Callable[[Session], object]  # the record the twenty will change (committed beforehand)
    save: Callable[[Session, object, int], object]  # thread i saves the record it read
    prepare: Callable[[Session, object], None] | None = None  # committed before the threads start


def _first(session: Session, model, *where):
    live = [model.deleted_at.is_(None)] if hasattr(model, "deleted_at") else []
    return session.exec(select(model).where(*live, *where).order_by(model.id)).first()


def _deleted(delete: Callable[[Session, object], object]):
    """A prepare step: the record is deleted first, so the twenty restore it."""
    return lambda s, record: delete(s, record)


def _form(record, fields) -> dict:
    return {field: getattr(record, field) for field in fields}


AID_FIELDS = ("distributed_on", "aid_item_id", "quantity", "value_rupiah", "recipient_kind", "recipient_lks_id",
              "recipient_group", "recipient_name", "kab_kota_code", "funding_source_id", "aid_request_id", "note")
REQUEST_FIELDS = ("kab_kota_code", "received_on", "applicant_name", "nik", "address", "phone", "need")
SOURCE_FIELDS = ("province_code", "kind", "name", "location", "contact")
DONATION_FIELDS = ("funding_source_id", "received_on", "kind", "amount_rupiah", "aid_item_id", "quantity",
                   "batch_ref", "note")
ACTIVITY_FIELDS = ("province_code", "kab_kota_code", "kind", "title", "start_date", "end_date", "place",
                   "participants_total", "participants_women", "participants_men", "agencies", "conclusions",
                   "source_url")
BRANCH_FIELDS = ("name", "decree_number", "decree_date", "chair_name", "is_formed")
TERM_FIELDS = ("chair_name", "confirmed_on", "term_start", "term_end")
USER_FIELDS = ("name", "email", "role", "province_code", "kab_kota_code")


def _pick_distribution(s):
    return _first(s, AidDistribution, AidDistribution.aid_request_id.is_(None),
                  AidDistribution.funding_source_id.in_(select(FundingSource.id).where(FundingSource.is_active)))


def _pick_linkable(s):
    """An approved request and a distribution of its kab/kota that may fulfil it (made when missing)."""
    request = _first(s, AidRequest, AidRequest.status == "disetujui")
    return request, _first(s, AidDistribution, AidDistribution.aid_request_id.is_(None),
                           AidDistribution.kab_kota_code == request.kab_kota_code,
                           AidDistribution.distributed_on >= request.received_on)


def _pick_count(s):
    return s.exec(select(BeneficiaryCount).join(Lks, Lks.id == BeneficiaryCount.lks_id).where(
        BeneficiaryCount.deleted_at.is_(None), Lks.deleted_at.is_(None), BeneficiaryCount.year < 2025)
        .order_by(BeneficiaryCount.id)).first()


def _save_count(s, count, i, women: int | None = None):
    kab_kota = s.get(Lks, count.lks_id).kab_kota_code
    row = beneficiary.Row(count.lks_id, None, None) if women is None else beneficiary.Row(count.lks_id, women, 5)
    return beneficiary.save_grid(session=s, actor=ADMIN, kab_kota_code=kab_kota, year=count.year,
                                 month=count.month, rows=[row], expected_versions={count.lks_id: count.version})


def _pick_operator(s):
    return _first(s, User, User.username == "operator")


def _pick_term(s):
    return _first(s, BoardTerm)


def _report(state: str):
    return lambda s: _first(s, MonthlyReport, MonthlyReport.state == state)


def _decide(step, **extra):
    """Thread i takes a step on the kab/kota month it read (approve, return, unlock, send)."""
    return lambda s, r, i: step(session=s, actor=ADMIN, kab_kota_code=r.kab_kota_code, year=r.year, month=r.month,
                                expected_version=r.version, **{key: f"{value} {i}" for key, value in extra.items()})


CHANGES = [
    Change("lks edit", Lks, lambda s: _first(s, Lks),
           lambda s, r, i: lks.update_lks(session=s, actor=ADMIN, lks_id=r.id, expected_version=r.version,
                                          data=_form(r, lks.FIELDS) | {"address": f"Jalan Serentak {i}"})),
    Change("lks deactivate", Lks, lambda s: _first(s, Lks, Lks.is_active),
           lambda s, r, i: lks.set_active(session=s, actor=ADMIN, lks_id=r.id, active=False,
                                          expected_version=r.version)),
    Change("lks delete", Lks, lambda s: _first(s, Lks),
           lambda s, r, i: lks.delete_lks(session=s, actor=ADMIN, lks_id=r.id, expected_version=r.version)),
    Change("lks restore", Lks, lambda s: _first(s, Lks),
           lambda s, r, i: lks.restore_lks(session=s, actor=ADMIN, lks_id=r.id),
           _deleted(lambda s, r: lks.delete_lks(session=s, actor=ADMIN, lks_id=r.id, expected_version=r.version))),
    Change("beneficiary count edit", BeneficiaryCount, _pick_count,
           lambda s, r, i: _save_count(s, r, i, women=100 + i)),
    Change("beneficiary count clear", BeneficiaryCount, _pick_count, lambda s, r, i: _save_count(s, r, i)),
    Change("aid distribution edit", AidDistribution, _pick_distribution,
           lambda s, r, i: aid.update_distribution(session=s, actor=ADMIN, distribution_id=r.id,
                                                   expected_version=r.version,
                                                   data=_form(r, AID_FIELDS) | {"note": f"serentak {i}"})),
    Change("aid distribution delete", AidDistribution, _pick_distribution,
           lambda s, r, i: aid.delete_distribution(session=s, actor=ADMIN, distribution_id=r.id,
                                                   expected_version=r.version)),
    Change("aid distribution restore", AidDistribution, _pick_distribution,
           lambda s, r, i: aid.restore_distribution(session=s, actor=ADMIN, distribution_id=r.id),
           _deleted(lambda s, r: aid.delete_distribution(session=s, actor=ADMIN, distribution_id=r.id,
                                                         expected_version=r.version))),
    Change("aid distribution link to request", AidDistribution, lambda s: _pick_linkable(s)[1],
           lambda s, r, i: aid_request.link_distribution(
               session=s, actor=ADMIN, request_id=_pick_linkable(s)[0].id, distribution_id=r.id,
               expected_version=r.version)),
    Change("funding source edit", FundingSource, lambda s: _first(s, FundingSource),
           lambda s, r, i: funding.update_source(session=s, actor=ADMIN, source_id=r.id, expected_version=r.version,
                                                 data=_form(r, SOURCE_FIELDS) | {"contact": f"kontak {i}"})),
    Change("funding source deactivate", FundingSource, lambda s: _first(s, FundingSource, FundingSource.is_active),
           lambda s, r, i: funding.set_source_active(session=s, actor=ADMIN, source_id=r.id, active=False,
                                                     expected_version=r.version)),
    Change("funding source delete", FundingSource, lambda s: _first(s, FundingSource),
           lambda s, r, i: funding.delete_source(session=s, actor=ADMIN, source_id=r.id, expected_version=r.version)),
    Change("funding source restore", FundingSource, lambda s: _first(s, FundingSource),
           lambda s, r, i: funding.restore_source(session=s, actor=ADMIN, source_id=r.id),
           _deleted(lambda s, r: funding.delete_source(session=s, actor=ADMIN, source_id=r.id,
                                                       expected_version=r.version))),
    Change("donation edit", Donation, lambda s: _first(s, Donation),
           lambda s, r, i: funding.update_donation(session=s, actor=ADMIN, donation_id=r.id,
                                                   expected_version=r.version,
                                                   data=_form(r, DONATION_FIELDS) | {"note": f"serentak {i}"})),
    Change("donation delete", Donation, lambda s: _first(s, Donation),
           lambda s, r, i: funding.delete_donation(session=s, actor=ADMIN, donation_id=r.id,
                                                   expected_version=r.version)),
    Change("donation restore", Donation, lambda s: _first(s, Donation),
           lambda s, r, i: funding.restore_donation(session=s, actor=ADMIN, donation_id=r.id),
           _deleted(lambda s, r: funding.delete_donation(session=s, actor=ADMIN, donation_id=r.id,
                                                         expected_version=r.version))),
    Change("aid request edit", AidRequest, lambda s: _first(s, AidRequest, AidRequest.status == "diterima"),
           lambda s, r, i: aid_request.update_request(session=s, actor=ADMIN, request_id=r.id,
                                                      expected_version=r.version,
                                                      data=_form(r, REQUEST_FIELDS) | {"need": f"beras {i}"})),
    Change("aid request status", AidRequest, lambda s: _first(s, AidRequest, AidRequest.status == "diterima"),
           lambda s, r, i: aid_request.change_status(session=s, actor=ADMIN, request_id=r.id,
                                                     status=("diverifikasi", "ditolak")[i % 2],
                                                     expected_version=r.version, on=r.received_on)),
    Change("aid request delete", AidRequest, lambda s: _first(s, AidRequest),
           lambda s, r, i: aid_request.delete_request(session=s, actor=ADMIN, request_id=r.id,
                                                      expected_version=r.version)),
    Change("aid request restore", AidRequest, lambda s: _first(s, AidRequest),
           lambda s, r, i: aid_request.restore_request(session=s, actor=ADMIN, request_id=r.id),
           _deleted(lambda s, r: aid_request.delete_request(session=s, actor=ADMIN, request_id=r.id,
                                                            expected_version=r.version))),
    Change("activity edit", Activity, lambda s: _first(s, Activity),
           lambda s, r, i: activity.update_activity(
               session=s, actor=ADMIN, activity_id=r.id, expected_version=r.version,
               data=_form(r, ACTIVITY_FIELDS) | {"place": f"Aula {i}",
                                                 activity.PRESENT: activity.present_codes(s, r.id)})),
    Change("activity delete", Activity, lambda s: _first(s, Activity),
           lambda s, r, i: activity.delete_activity(session=s, actor=ADMIN, activity_id=r.id,
                                                    expected_version=r.version)),
    Change("activity restore", Activity, lambda s: _first(s, Activity),
           lambda s, r, i: activity.restore_activity(session=s, actor=ADMIN, activity_id=r.id),
           _deleted(lambda s, r: activity.delete_activity(session=s, actor=ADMIN, activity_id=r.id,
                                                          expected_version=r.version))),
    Change("branch edit", Branch, lambda s: _first(s, Branch, Branch.is_formed),
           lambda s, r, i: branch.save_branch(session=s, actor=ADMIN, kab_kota_code=r.kab_kota_code,
                                              expected_version=r.version,
                                              data=_form(r, BRANCH_FIELDS) | {"chair_name": f"Ketua {i}"})),
    Change("board term edit", BoardTerm, _pick_term,
           lambda s, r, i: branch.update_board_term(session=s, actor=ADMIN, term_id=r.id, expected_version=r.version,
                                                    data=_form(r, TERM_FIELDS) | {"chair_name": f"Ketua {i}"})),
    Change("board term delete", BoardTerm, _pick_term,
           lambda s, r, i: branch.delete_board_term(session=s, actor=ADMIN, term_id=r.id,
                                                    expected_version=r.version)),
    Change("board term restore", BoardTerm, _pick_term,
           lambda s, r, i: branch.restore_board_term(session=s, actor=ADMIN, term_id=r.id),
           _deleted(lambda s, r: branch.delete_board_term(session=s, actor=ADMIN, term_id=r.id,
                                                          expected_version=r.version))),
    Change("monthly report approve", MonthlyReport, _report("dikirim"), _decide(reporting.approve)),
    Change("monthly report return", MonthlyReport, _report("dikirim"),
           _decide(reporting.return_report, note="Periksa lagi")),
    Change("monthly report unlock", MonthlyReport, _report("disetujui"),
           _decide(reporting.unlock, reason="Koreksi data")),
    Change("monthly report send again", MonthlyReport, _report("dikembalikan"), _decide(reporting.send)),
    Change("validation warning close", ValidationWarning,
           lambda s: _first(s, ValidationWarning, ValidationWarning.status == "open"),
           lambda s, r, i: validation_warning.close_warning(session=s, actor=ADMIN, warning_id=r.id,
                                                            note=f"Sudah dicek {i}", expected_version=r.version)),
    Change("organisation edit", Organisation, lambda s: _first(s, Organisation),
           lambda s, r, i: organisation.update_organisation(
               session=s, actor=ADMIN, organisation_id=r.id, expected_version=r.version,
               data={"acronym": r.acronym, "name": r.name, "address": r.address, "chair_name": f"Ketua {i}",
                     "signature_place": r.signature_place})),
    Change("participant edit", ActivityParticipant, lambda s: _first(s, ActivityParticipant),
           lambda s, r, i: participant.update_participant(
               session=s, actor=ADMIN, participant_id=r.id, expected_version=r.version,
               data={"name": f"Peserta {i}", "agency": r.agency, "kab_kota_code": r.kab_kota_code,
                     "position": r.position})),
    Change("participant delete", ActivityParticipant, lambda s: _first(s, ActivityParticipant),
           lambda s, r, i: participant.delete_participant(session=s, actor=ADMIN, participant_id=r.id,
                                                          expected_version=r.version)),
    Change("welfare count edit", WelfareCount, lambda s: _first(s, WelfareCount),
           lambda s, r, i: pusat_data.save_grid(
               session=s, actor=ADMIN, kind=r.kind, kab_kota_code=r.kab_kota_code, year=r.year,
               figures=pusat_data.Figures({r.category: r.count + 1 + i}, r.source, r.figures_on),
               expected_versions={r.category: r.version})),
    Change("user edit", User, _pick_operator,
           lambda s, r, i: users_admin.update_user(session=s, actor=ADMIN, user_id=r.id, expected_version=r.version,
                                                   data=_form(r, USER_FIELDS) | {"name": f"Operator {i}"})),
    Change("user role change", User, _pick_operator,
           lambda s, r, i: users_admin.update_user(
               session=s, actor=ADMIN, user_id=r.id, expected_version=r.version,
               data=_form(r, USER_FIELDS) | {"role": ("sekretariat", "pimpinan")[i % 2], "kab_kota_code": None})),
    Change("user deactivate", User, _pick_operator,
           lambda s, r, i: users_admin.set_active(session=s, actor=ADMIN, user_id=r.id, active=False,
                                                  expected_version=r.version)),
    Change("user password reset", User, _pick_operator,
           lambda s, r, i: users_admin.reset_password(session=s, actor=ADMIN, user_id=r.id,
                                                      new_password=f"sandi-serentak-{i:02d}",
                                                      expected_version=r.version, demo_mode=True)),
]


# Versioned tables no service changes after the insert (the pick-list of aid items and
# the per-province data version counter, which moves with every write inside its transaction).
INSERT_ONLY = {"aid_item", "data_version"}


def test_every_versioned_record_kind_has_a_case():
    """A new record kind with a version column fails here until its changes are in CHANGES."""
    versioned = {table.name for table in SQLModel.metadata.sorted_tables if "version" in table.c}
    assert versioned - INSERT_ONLY == {change.model.__tablename__ for change in CHANGES}


@pytest.mark.parametrize("change", CHANGES, ids=[change.name for change in CHANGES])
def test_twenty_saves_of_one_version_one_wins(engine, change):
    with session_scope(engine) as s:
        record = change.pick(s)
        assert record is not None, f"the demo data has no record for {change.name}"
        if change.prepare:
            change.prepare(s, record)
        record_id = record.id
    table = change.model.__tablename__
    with Session(engine) as s:
        version = s.get(change.model, record_id).version
    audit_before = audit_count(engine, table, record_id=record_id)
    sessions = [Session(engine, expire_on_commit=False) for _ in range(WRITERS)]

    def read(i: int):
        return sessions[i].get(change.model, record_id)  # what the page showed when it was drawn

    def save(i: int, seen):
        s = sessions[i]
        try:
            result = change.save(s, seen, i)
            s.commit()
            return result
        except BaseException:
            s.rollback()
            raise

    try:
        results = all_at_once(save, prepare=read)
    finally:
        for s in sessions:
            s.close()

    winners = [r for r in results if not isinstance(r, Exception)]
    refused = [r for r in results if isinstance(r, ConflictError)]
    print(f"\nWINNERS {change.name}: {len(winners)}/{WRITERS}")
    assert (len(winners), len(refused)) == (1, WRITERS - 1), [repr(r) for r in results if isinstance(r, Exception)
                                                                and not isinstance(r, ConflictError)] or results
    with Session(engine) as s:
        assert s.get(change.model, record_id).version == version + 1
    assert audit_count(engine, table, record_id=record_id) - audit_before == 1


ROUNDS = 5  # the race is a few milliseconds wide: one round may pass by luck on broken code


def test_two_admins_deactivating_each_other_at_once_leave_one_active_admin(engine):
    with session_scope(engine) as s:
        first = s.exec(select(User).where(User.username == "admin")).one()
        second = users_admin.create_user(session=s, actor=ADMIN, demo_mode=True, data={
            "username": "admin_dua", "name": "Admin Dua", "role": "admin",
            "password": "sandi-admin-dua", "password_confirm": "sandi-admin-dua"})
        s.flush()
        for other in s.exec(select(User).where(User.role == "admin", User.id.not_in([first.id, second.id]))):
            other.is_active = False
            s.add(other)
        ids = {first.username: first.id, second.username: second.id}
    pairs = [("admin", "admin_dua"), ("admin_dua", "admin")]  # (who acts, whom they deactivate)

    for _ in range(ROUNDS):
        with session_scope(engine) as s:  # both active again, as another admin would leave them
            versions = {}
            for name, user_id in ids.items():
                user = s.get(User, user_id)
                user.is_active = True
                s.add(user)
                s.flush()
                versions[name] = user.version

        def deactivate(i: int):
            actor_name, target = pairs[i]
            with session_scope(engine) as s:
                return users_admin.set_active(session=s, actor=Actor(actor_name, "admin"), user_id=ids[target],
                                              active=False, expected_version=versions[target]).username

        results = all_at_once(deactivate, count=2)

        assert sum(isinstance(r, str) for r in results) == 1, results
        refused = [r for r in results if isinstance(r, Exception)]
        assert len(refused) == 1 and isinstance(refused[0], ValidationError), results
        assert "paling sedikit satu admin" in refused[0].errors["_form"]
        with Session(engine) as s:
            active = s.exec(select(User.username).where(User.role == "admin", User.is_active)).all()
        assert len(active) == 1


def test_twenty_users_adding_records_at_once_each_store_exactly_one(engine):
    with Session(engine) as s:
        home = s.exec(select(Lks).where(Lks.kab_kota_code == "63.71", Lks.deleted_at.is_(None))).first()
        refs = {"item": aid.item_options(s)["id"].iloc[0],
                "source": aid.funding_source_options(s, "63")["id"].iloc[0]}
    lks_before = audit_count(engine, "lks", "create")
    aid_before = audit_count(engine, "aid_distribution", "create")

    def save(i: int):
        with session_scope(engine) as s:
            if i % 2:  # half add an LKS, half record an aid distribution
                return lks.create_lks(session=s, actor=SEKRETARIAT, data={
                    "name": f"Panti serentak {i}", "lks_type": "anak", "kab_kota_code": "63.71",
                    "registered_on": date(2020, 1, 1)}).id
            return aid.create_distribution(session=s, actor=OPERATOR, data={
                "distributed_on": date(2024, 5, 1), "aid_item_id": int(refs["item"]), "quantity": 1000 + i,
                "value_rupiah": 1000 + i, "recipient_kind": "lks", "recipient_lks_id": home.id,
                "kab_kota_code": "63.71", "funding_source_id": int(refs["source"])},
                warnings_reason="uji serentak").id  # Rp 1 a unit is far from usual (validasi)

    results = all_at_once(save)

    assert [r for r in results if isinstance(r, Exception)] == []
    with Session(engine) as s:
        names = s.exec(select(Lks.name).where(Lks.name.like("Panti serentak %"))).all()
        quantities = s.exec(select(AidDistribution.quantity).where(AidDistribution.quantity >= 1000,
                                                                   AidDistribution.value_rupiah < 1100)).all()
    assert sorted(names) == sorted(f"Panti serentak {i}" for i in range(WRITERS) if i % 2)
    assert sorted(quantities) == [1000 + i for i in range(WRITERS) if i % 2 == 0]
    assert audit_count(engine, "lks", "create") - lks_before == WRITERS // 2
    assert audit_count(engine, "aid_distribution", "create") - aid_before == WRITERS // 2


def test_twenty_users_saving_the_same_empty_month_store_it_once(engine):
    """Everyone loaded the grid before anyone saved: the first save wins, the rest are told to reload."""
    with session_scope(engine) as s:
        grid = beneficiary.load_grid(session=s, actor=OPERATOR, kab_kota_code="63.71", year=2024, month=2)
    grid_rows = [int(i) for i in grid["lks_id"]]
    with Session(engine) as s:
        for lks_id in grid_rows:  # make the month empty first, so every save creates rows
            for count in s.exec(select(BeneficiaryCount).where(
                    BeneficiaryCount.lks_id == lks_id, BeneficiaryCount.year == 2024, BeneficiaryCount.month == 2)):
                s.delete(count)
        s.commit()
    expected = {lks_id: None for lks_id in grid_rows}

    def save(i: int):
        rows = [beneficiary.Row(lks_id, 10 + i, 20 + i) for lks_id in grid_rows]
        with session_scope(engine) as s:
            return beneficiary.save_grid(session=s, actor=OPERATOR, kab_kota_code="63.71", year=2024, month=2,
                                         rows=rows, expected_versions=expected,
                                         warnings_reason="uji serentak")  # figures far from usual (validasi)

    results = all_at_once(save)

    winners = [i for i, r in enumerate(results) if isinstance(r, dict)]
    others = [r for r in results if not isinstance(r, dict)]
    assert len(winners) == 1, results
    assert all(isinstance(r, KesosError) for r in others), others
    with Session(engine) as s:
        stored = s.exec(select(BeneficiaryCount.lks_id, BeneficiaryCount.women, BeneficiaryCount.men).where(
            BeneficiaryCount.year == 2024, BeneficiaryCount.month == 2,
            BeneficiaryCount.lks_id.in_(grid_rows))).all()
    i = winners[0]
    assert sorted(stored) == sorted((lks_id, 10 + i, 20 + i) for lks_id in grid_rows)
