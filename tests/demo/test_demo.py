"""The demo data set holds every fact from the field, is the same every time, and comes out cleanly."""

import sqlite3
from datetime import date

import pytest
from sqlalchemy import CheckConstraint, text
from sqlmodel import Session, SQLModel, func, select

from kesos import vocab
from kesos.config import DEMO_PASSWORD, Settings
from kesos.db import make_engine, prepare_database
from kesos.demo import DEMO_USERS, login_hint, remove_demo
from kesos.models import (
    Activity,
    ActivityKabKota,
    AidDistribution,
    AidItem,
    AidRequest,
    BeneficiaryCount,
    BoardTerm,
    Branch,
    Donation,
    FundingSource,
    KabKota,
    Lks,
    Organisation,
    Province,
    User,
)
from kesos.security import verify_password


def _demo_database(path) -> str:
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    assert prepare_database(engine, Settings(database_url=url, demo_mode=True, cookie_key=None))
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    """One demo database for the whole module; tests that change data work on a copy."""
    path = tmp_path_factory.mktemp("demo") / "k.db"
    _demo_database(path)
    return path


@pytest.fixture(scope="module")
def engine(demo_path):
    engine = make_engine(f"sqlite:///{demo_path}")
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine):
    with Session(engine) as session:
        yield session


@pytest.fixture
def copy_engine(demo_path, tmp_path):
    """A private copy of the demo database (SQLite backup API, safe with WAL)."""
    target = tmp_path / "copy.db"
    with sqlite3.connect(demo_path) as source, sqlite3.connect(target) as destination:
        source.backup(destination)
    engine = make_engine(f"sqlite:///{target}")
    yield engine
    engine.dispose()


def _activity(session, province: str, kind: str, start: date) -> Activity:
    return session.exec(
        select(Activity).where(Activity.province_code == province, Activity.kind == kind, Activity.start_date == start)
    ).one()


def _present(session, activity: Activity) -> set[str]:
    return set(session.exec(select(ActivityKabKota.kab_kota_code).where(ActivityKabKota.activity_id == activity.id)))


def _codes(session, province: str) -> set[str]:
    return set(session.exec(select(KabKota.code).where(KabKota.province_code == province)))


def _lks_alive(session, year: int, **where):
    stmt = select(func.count()).select_from(Lks).where(
        Lks.kab_kota_code.startswith("63."),
        Lks.deleted_at.is_(None),
        Lks.registered_on <= date(year, 12, 31),
        (Lks.closed_on.is_(None)) | (Lks.closed_on > date(year, 12, 31)),
    )
    for column, value in where.items():
        stmt = stmt.where(getattr(Lks, column) == value)
    return session.exec(stmt).one()


# --- The facts from the field -------------------------------------------------------------------


def test_demo_holds_the_kalbar_rakor_of_august_2023(session):
    rakor = _activity(session, "61", "rakor", date(2023, 8, 9))
    assert rakor.end_date == date(2023, 8, 11)
    assert rakor.place == "Ballroom Hotel Gajah Mada, Pontianak"
    assert rakor.participants_total == 70
    assert rakor.kab_kota_code == "61.71"
    assert "Kamis, 10 Agustus 2023" in rakor.conclusions
    assert rakor.agencies
    assert _present(session, rakor) == _codes(session, "61") and len(_codes(session, "61")) == 14


def test_demo_holds_the_bk3s_workshop_for_pontianak_and_kubu_raya_in_2024(session):
    workshop = session.exec(
        select(Activity).where(Activity.province_code == "61", Activity.kind == "workshop",
                               Activity.title.contains("Kubu Raya"))
    ).one()
    assert workshop.start_date.year == 2024
    assert "BK3S" in workshop.place
    assert _present(session, workshop) == {"61.71", "61.12"}


def test_demo_holds_the_bali_raker_of_17_july_2014(session):
    raker = _activity(session, "51", "raker", date(2014, 7, 17))
    assert raker.start_date.weekday() == 3  # a Thursday
    assert raker.end_date == raker.start_date
    assert raker.place == "Ruang rapat Dekranasda Provinsi Bali"
    assert raker.participants_total == 115
    assert "2014" in raker.conclusions and "2015" in raker.conclusions
    assert _present(session, raker) == _codes(session, "51") and len(_codes(session, "51")) == 9


def test_bali_aid_in_2014_is_exactly_what_was_reported(session):
    rows = session.exec(
        select(AidItem.name, AidItem.unit, func.sum(AidDistribution.quantity))
        .join(AidItem, AidItem.id == AidDistribution.aid_item_id)
        .where(AidDistribution.kab_kota_code.startswith("51."))
        .where(AidDistribution.distributed_on.between(date(2014, 1, 1), date(2014, 12, 31)))
        .group_by(AidItem.name, AidItem.unit)
    ).all()
    assert {name: (unit, quantity) for name, unit, quantity in rows} == {
        "Paket PMT": ("paket", 190),
        "Tripod": ("unit", 1),
        "Kursi roda": ("unit", 1),
        "Pakaian olahraga lansia": ("stel", 106),
        "Bedah rumah": ("unit", 4),
    }
    pmt_groups = set(session.exec(
        select(AidDistribution.recipient_group).join(AidItem, AidItem.id == AidDistribution.aid_item_id)
        .where(AidItem.name == "Paket PMT", AidDistribution.kab_kota_code.startswith("51."))
        .where(AidDistribution.distributed_on.between(date(2014, 1, 1), date(2014, 12, 31)))
    ))
    assert pmt_groups == {"lansia", "disabilitas", "panti"}
    renovations = session.exec(
        select(AidDistribution).join(AidItem, AidItem.id == AidDistribution.aid_item_id)
        .where(AidItem.name == "Bedah rumah", AidDistribution.kab_kota_code.startswith("51."))
        .where(AidDistribution.distributed_on.between(date(2014, 1, 1), date(2014, 12, 31)))
    ).all()
    assert all(row.recipient_kind == "rumah_tangga" and row.recipient_name for row in renovations)


def test_bali_aid_in_2014_was_funded_mostly_by_csr_and_donation_boxes(session):
    by_kind = dict(session.exec(
        select(FundingSource.kind, func.sum(AidDistribution.value_rupiah))
        .join(FundingSource, FundingSource.id == AidDistribution.funding_source_id)
        .where(AidDistribution.kab_kota_code.startswith("51."))
        .where(AidDistribution.distributed_on.between(date(2014, 1, 1), date(2014, 12, 31)))
        .group_by(FundingSource.kind)
    ).all())
    assert set(by_kind) == {"csr", "kotak_sumbangan", "instansi", "donatur"}
    assert by_kind["csr"] + by_kind["kotak_sumbangan"] > 0.5 * sum(by_kind.values())


def test_demo_holds_the_kalsel_rakor_of_february_2023(session):
    rakor = _activity(session, "63", "rakor", date(2023, 2, 20))
    assert rakor.start_date.weekday() == 0  # a Monday
    assert rakor.end_date == date(2023, 2, 21)
    assert rakor.participants_total == 57
    assert rakor.kab_kota_code == "63.71"
    assert "Banjarmasin" in rakor.place


def test_kalsel_has_154_lks_in_2023_140_child_4_elderly_7_disability_3_napza(session):
    assert _lks_alive(session, 2023) == 154
    assert _lks_alive(session, 2023, lks_type="anak") == 140
    assert _lks_alive(session, 2023, lks_type="lansia") == 4
    assert _lks_alive(session, 2023, lks_type="disabilitas") == 7
    assert _lks_alive(session, 2023, lks_type="napza") == 3


def test_kalsel_lks_grow_to_199_in_2025(session):
    counts = [_lks_alive(session, year) for year in range(2019, 2026)]
    assert counts[-1] == 199
    assert counts == sorted(counts) and len(set(counts)) == len(counts)


def test_kalsel_board_is_confirmed_on_8_october_2025_for_five_years(session):
    organisation = session.exec(select(Organisation).where(Organisation.province_code == "63")).one()
    assert organisation.acronym == "LKKS"
    assert organisation.name == "Lembaga Koordinasi Kesejahteraan Sosial Provinsi Kalimantan Selatan"
    latest = session.exec(
        select(BoardTerm).where(BoardTerm.organisation_id == organisation.id).order_by(BoardTerm.term_start.desc())
    ).first()
    assert latest.confirmed_on == date(2025, 10, 8) and latest.confirmed_on.weekday() == 2  # a Wednesday
    assert (latest.term_start, latest.term_end) == (date(2025, 10, 8), date(2030, 10, 7))


def test_kalsel_has_branches_in_11_of_13_kab_kota_not_tanah_bumbu_nor_kotabaru(session):
    branches = session.exec(select(Branch).where(Branch.kab_kota_code.startswith("63."))).all()
    assert {branch.kab_kota_code for branch in branches} == _codes(session, "63")
    not_formed = {branch.kab_kota_code for branch in branches if not branch.is_formed}
    assert not_formed == {"63.10", "63.02"}
    formed = [branch for branch in branches if branch.is_formed]
    assert len(formed) == 11
    assert all(branch.decree_number and branch.decree_date and branch.chair_name for branch in formed)


# --- The synthetic records around them ----------------------------------------------------------


def test_each_province_has_its_body_and_a_branch_row_for_every_kab_kota(session):
    acronyms = dict(session.exec(select(Organisation.province_code, Organisation.acronym)).all())
    assert acronyms == {"61": "BKKKS", "51": "BKKKS", "63": "LKKS"}
    for province in acronyms:
        codes = set(session.exec(select(Branch.kab_kota_code).where(Branch.kab_kota_code.startswith(f"{province}."))))
        assert codes == _codes(session, province)
    kalbar_not_formed = session.exec(
        select(func.count()).select_from(Branch).where(Branch.kab_kota_code.startswith("61."), ~Branch.is_formed)
    ).one()
    assert 1 <= kalbar_not_formed <= 3


def test_coverage_board_has_lapsed_and_soon_ending_boards_to_flag(session):
    latest_end = (
        select(BoardTerm.branch_id, func.max(BoardTerm.term_end).label("term_end"))
        .where(BoardTerm.branch_id.is_not(None)).group_by(BoardTerm.branch_id)
    )
    ends = [row.term_end for row in session.exec(latest_end)]
    the_end = date(2026, 10, 31)
    assert sum(end < the_end for end in ends) >= 3
    assert sum(the_end <= end <= date(2027, 4, 30) for end in ends) >= 3
    formed = session.exec(select(func.count()).select_from(Branch).where(Branch.is_formed)).one()
    assert len(ends) == formed  # every formed branch has a board


def test_every_province_has_aid_activities_money_and_beneficiaries_over_the_years(session):
    for province, first_year in (("61", 2019), ("63", 2019), ("51", 2013)):
        for year in range(first_year, 2027):
            span = (date(year, 1, 1), date(year, 12, 31))
            aid = session.exec(select(func.count()).select_from(AidDistribution).where(
                AidDistribution.kab_kota_code.startswith(f"{province}."), AidDistribution.distributed_on.between(*span)
            )).one()
            activities = session.exec(select(func.count()).select_from(Activity).where(
                Activity.province_code == province, Activity.start_date.between(*span)
            )).one()
            donations = session.exec(select(func.count()).select_from(Donation).join(FundingSource).where(
                FundingSource.province_code == province, Donation.received_on.between(*span)
            )).one()
            assert aid and activities and donations, (province, year)
        months = session.exec(select(func.count(func.distinct(BeneficiaryCount.year * 100 + BeneficiaryCount.month)))
                              .join(Lks).where(Lks.kab_kota_code.startswith(f"{province}."))).one()
        assert months == 12 * 4 + 10  # January 2022 to October 2026


def test_kalsel_lks_serve_about_20_people_each(session):
    served = session.exec(
        select(func.sum(BeneficiaryCount.women + BeneficiaryCount.men), func.count())
        .join(Lks).where(Lks.kab_kota_code.startswith("63."), BeneficiaryCount.year == 2025,
                         BeneficiaryCount.month == 12)
    ).one()
    people, lks = served
    assert lks == 199
    assert 3_500 <= people <= 4_500


def test_requests_use_every_status_and_some_are_answered_by_a_distribution(session):
    statuses = set(session.exec(select(AidRequest.status).distinct()))
    assert statuses == set(vocab.REQUEST_STATUSES)
    niks = session.exec(select(AidRequest.kab_kota_code, AidRequest.nik)).all()
    assert all(len(nik) == 16 and nik.isdigit() and nik.startswith(code.replace(".", "")) for code, nik in niks)
    answered = session.exec(select(func.count()).select_from(AidDistribution)
                            .where(AidDistribution.aid_request_id.is_not(None))).one()
    assert answered > 0


def test_demo_users_have_their_roles_scopes_and_the_demo_password(session):
    users = {user.username: user for user in session.exec(select(User))}
    assert {username for username, _, _ in DEMO_USERS} == set(users)
    assert all(user.is_demo and user.is_active for user in users.values())
    assert (users["admin"].role, users["admin"].province_code) == ("admin", None)
    assert (users["pimpinan"].role, users["pimpinan"].province_code) == ("pimpinan", None)
    assert (users["sekretariat"].role, users["sekretariat"].province_code) == ("sekretariat", "63")
    assert (users["operator"].role, users["operator"].kab_kota_code) == ("operator", "63.71")
    assert users["sekretariat_kalbar"].province_code == "61"
    assert users["sekretariat_bali"].province_code == "51"
    assert users["operator_pontianak"].kab_kota_code == "61.71"
    assert verify_password(DEMO_PASSWORD, users["operator"].password_hash)


def test_login_hint_names_every_demo_user_and_the_password():
    hint = login_hint()
    assert DEMO_PASSWORD in hint
    assert all(username in hint for username, _, _ in DEMO_USERS)


# --- Integrity, determinism and removal ---------------------------------------------------------


def _demo_tables():
    return [table for table in SQLModel.metadata.sorted_tables if "is_demo" in table.c]


def test_every_row_the_demo_inserts_is_marked_demo(session):
    for table in _demo_tables():
        total = session.exec(select(func.count()).select_from(table)).one()
        real = session.exec(select(func.count()).select_from(table).where(~table.c.is_demo)).one()
        assert total > 0 and real == 0, table.name


def test_every_check_constraint_and_foreign_key_holds(engine):
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA foreign_key_check")).all() == []
        for table in SQLModel.metadata.sorted_tables:
            for constraint in table.constraints:
                if isinstance(constraint, CheckConstraint):
                    broken = connection.execute(
                        text(f"SELECT count(*) FROM {table.name} WHERE NOT ({constraint.sqltext})")
                    ).scalar()
                    assert broken == 0, (table.name, constraint.name)


def test_two_fresh_demo_databases_are_identical(engine, tmp_path):
    other = make_engine(_demo_database(tmp_path / "other.db"))
    try:
        for model in (Lks, BeneficiaryCount, AidDistribution, Donation, AidRequest, Activity, BoardTerm, Branch):
            table = model.__table__
            with engine.connect() as a, other.connect() as b:
                ordered = select(table).order_by(table.c.id)
                assert a.execute(ordered).all() == b.execute(ordered).all(), table.name
    finally:
        other.dispose()


def test_remove_demo_leaves_no_demo_rows_and_keeps_regions(copy_engine):
    with Session(copy_engine) as session:
        total = sum(session.exec(select(func.count()).select_from(table)).one() for table in _demo_tables())
        total += session.exec(select(func.count()).select_from(ActivityKabKota)).one()
        removed = remove_demo(session)
        session.commit()
        assert removed == total
        for table in _demo_tables():
            assert session.exec(select(func.count()).select_from(table)).one() == 0, table.name
        assert session.exec(select(func.count()).select_from(Province)).one() == 38
        assert session.exec(select(func.count()).select_from(KabKota)).one() == 514


def test_remove_demo_keeps_a_demo_lks_that_real_data_points_at(copy_engine):
    with Session(copy_engine) as session:
        lks = session.exec(select(Lks).where(Lks.kab_kota_code == "63.71").order_by(Lks.id)).first()
        session.add(BeneficiaryCount(lks_id=lks.id, year=2027, month=1, women=5, men=4))
        session.commit()
        remove_demo(session)
        session.commit()
        assert [row.id for row in session.exec(select(Lks))] == [lks.id]
        assert session.exec(select(func.count()).select_from(BeneficiaryCount)).one() == 1
