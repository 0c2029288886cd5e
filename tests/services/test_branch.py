"""Branch writes: formed or not, decree rules, scope, versions, board terms, audit, soft delete."""

from datetime import date

import pytest
from sqlmodel import Session, select

from kesos import clock
from kesos.errors import ConflictError, PermissionDenied, ValidationError
from kesos.models import AuditLog, BoardTerm, Branch, Organisation
from kesos.security import Actor
from kesos.services import base, branch

SEKRETARIAT = Actor("sek", "sekretariat", province_code="63")
ADMIN_KALBAR = Actor("adm61", "admin", province_code="61")
OPERATOR = Actor("op", "operator", province_code="63", kab_kota_code="63.71")
PIMPINAN = Actor("pim", "pimpinan", province_code="63")


def formed(**overrides):
    data = {"is_formed": True, "name": "LKKS Kota Banjarmasin", "decree_number": "188.44/0123/KUM/2024",
            "decree_date": date(2024, 3, 4), "chair_name": "Hj. Siti Aminah"}
    return data | overrides


@pytest.fixture
def session(empty_engine):
    with Session(empty_engine) as s:
        yield s


def save(session, actor=SEKRETARIAT, kab_kota_code="63.71", data=None, expected_version=None):
    return branch.save_branch(session=session, actor=actor, kab_kota_code=kab_kota_code,
                              data=formed() if data is None else data, expected_version=expected_version)


def test_first_save_creates_the_branch_and_audits_it(session):
    record = save(session)
    session.commit()
    assert (record.kab_kota_code, record.is_formed, record.version) == ("63.71", True, 1)
    entry = session.exec(select(AuditLog).where(AuditLog.table_name == "branch")).one()
    assert (entry.username, entry.action) == ("sek", "create")


def test_formed_branch_needs_decree_number_and_date(session):
    with pytest.raises(ValidationError) as caught:
        save(session, data=formed(decree_number=" ", decree_date=None))
    assert caught.value.errors == {"decree_number": "Nomor SK wajib diisi.", "decree_date": "Tanggal SK wajib diisi."}
    assert session.exec(select(Branch)).all() == []


def test_not_yet_formed_branch_keeps_no_decree(session):
    record = save(session, kab_kota_code="63.10", data=formed(is_formed=False, name=None))
    assert (record.is_formed, record.decree_number, record.decree_date) == (False, None, None)


def test_decree_date_in_the_future_is_refused(session):
    with pytest.raises(ValidationError) as caught:
        save(session, data=formed(decree_date=date(clock.today().year + 1, 1, 1)))
    assert caught.value.errors == {"decree_date": "Tanggal SK di luar rentang yang masuk akal."}


def test_operator_edits_only_own_kab_kota_branch(session):
    save(session, actor=OPERATOR)
    with pytest.raises(PermissionDenied):
        save(session, actor=OPERATOR, kab_kota_code="63.10")


def test_leader_and_other_province_write_nothing(session):
    with pytest.raises(PermissionDenied):
        save(session, actor=PIMPINAN)
    with pytest.raises(PermissionDenied):
        save(session, actor=ADMIN_KALBAR)


def test_second_save_of_the_same_version_is_refused(session):
    save(session)
    save(session, data=formed(chair_name="H. Ahmad Noor"), expected_version=1)
    with pytest.raises(ConflictError, match="diubah oleh pengguna lain"):
        save(session, actor=OPERATOR, data=formed(chair_name="Hj. Rusmini"), expected_version=1)
    assert branch.find_branch(session, "63.71").chair_name == "H. Ahmad Noor"


def test_first_save_by_two_people_refuses_the_second(session):
    save(session)
    with pytest.raises(ConflictError, match="baru saja disimpan"):
        save(session, actor=OPERATOR, expected_version=None)


def test_update_is_audited_with_before_and_after(session):
    record = save(session)
    save(session, data=formed(is_formed=False), expected_version=1)
    trail = base.history(session, "branch", record.id)
    assert trail["action"].tolist() == ["update", "create"]
    assert trail.iloc[0]["changes"]["decree_number"] == ("188.44/0123/KUM/2024", None)


def test_list_shows_every_kab_kota_of_the_province_with_or_without_branch(session):
    save(session)
    frame = branch.list_branches(session=session, actor=PIMPINAN, province_code="63")
    assert len(frame) == 13
    assert frame.set_index("kab_kota_code").loc["63.71", "is_formed"]
    assert frame["branch_id"].isna().sum() == 12
    assert branch.list_branches(session=session, actor=OPERATOR, province_code="63")["kab_kota_code"].tolist() == ["63.71"]
    with pytest.raises(PermissionDenied):
        branch.list_branches(session=session, actor=PIMPINAN, province_code="61")


def term(**overrides):
    data = {"chair_name": "Hj. Siti Aminah", "confirmed_on": date(2025, 10, 8), "term_start": date(2025, 10, 8),
            "term_end": date(2030, 10, 7)}
    return data | overrides


def test_board_term_added_to_a_formed_branch_and_listed(session):
    record = save(session)
    added = branch.add_board_term(session=session, actor=OPERATOR, branch_id=record.id, data=term())
    assert added.version == 1
    assert branch.list_terms(session=session, actor=PIMPINAN, branch_id=record.id)["id"].tolist() == [added.id]
    listed = branch.list_branches(session=session, actor=SEKRETARIAT, province_code="63").set_index("kab_kota_code")
    assert listed.loc["63.71", "term_end"] == date(2030, 10, 7)


def test_board_term_needs_a_formed_branch_and_an_end_after_its_start(session):
    not_formed = save(session, kab_kota_code="63.10", data=formed(is_formed=False))
    with pytest.raises(ValidationError, match="belum terbentuk"):
        branch.add_board_term(session=session, actor=SEKRETARIAT, branch_id=not_formed.id, data=term())
    record = save(session)
    with pytest.raises(ValidationError) as caught:
        branch.add_board_term(session=session, actor=SEKRETARIAT, branch_id=record.id,
                              data=term(term_end=date(2025, 10, 8)))
    assert caught.value.errors == {"term_end": "Akhir masa bakti harus sesudah awal masa bakti."}


def test_board_term_scope_version_soft_delete_and_restore(session):
    record = save(session)
    other = save(session, kab_kota_code="63.10")
    own_term = branch.add_board_term(session=session, actor=OPERATOR, branch_id=record.id, data=term())
    with pytest.raises(PermissionDenied):
        branch.add_board_term(session=session, actor=OPERATOR, branch_id=other.id, data=term())
    with pytest.raises(PermissionDenied):
        branch.update_board_term(session=session, actor=PIMPINAN, term_id=own_term.id, data=term(), expected_version=1)
    branch.update_board_term(session=session, actor=OPERATOR, term_id=own_term.id,
                             data=term(chair_name="H. Ahmad Noor"), expected_version=1)
    with pytest.raises(ConflictError):
        branch.update_board_term(session=session, actor=SEKRETARIAT, term_id=own_term.id, data=term(),
                                 expected_version=1)
    branch.delete_board_term(session=session, actor=OPERATOR, term_id=own_term.id, expected_version=2)
    assert branch.list_terms(session=session, actor=OPERATOR, branch_id=record.id).empty
    with pytest.raises(PermissionDenied):
        branch.restore_board_term(session=session, actor=OPERATOR, term_id=own_term.id)
    branch.restore_board_term(session=session, actor=SEKRETARIAT, term_id=own_term.id)
    assert base.history(session, "board_term", own_term.id)["action"].tolist() == [
        "restore", "delete", "update", "create"]


def test_provincial_board_term_is_for_the_secretariat_only(session):
    organisation = Organisation(province_code="63", acronym="LKKS", name="LKKS Provinsi Kalimantan Selatan")
    session.add(organisation)
    session.flush()
    branch.add_board_term(session=session, actor=SEKRETARIAT, organisation_id=organisation.id, data=term())
    with pytest.raises(PermissionDenied):
        branch.add_board_term(session=session, actor=OPERATOR, organisation_id=organisation.id, data=term())
    assert len(session.exec(select(BoardTerm)).all()) == 1


def test_default_term_end_is_five_years_less_a_day():
    assert branch.default_term_end(date(2025, 10, 8)) == date(2030, 10, 7)
    assert branch.default_term_end(date(2024, 2, 29)) == date(2029, 2, 27)
