"""The dashboards' summary tables: always what the base tables say, after every kind of write.

Runs on SQLite, and on PostgreSQL with KESOS_TEST_DB=postgresql (as .ci/run does). The charts are
checked against the naive computation (whole tables read into pandas), which shares no SQL with
the summaries.
"""

import io
import threading
from datetime import date
from decimal import Decimal

import pandas as pd
import pytest
from alembic import command
from sqlalchemy import text
from sqlmodel import Session, select

from bench import naive
from kesos import dashboards, queries, summaries
from kesos.db import alembic_config, load_regions, make_engine, migrate, session_scope
from kesos.demo import remove_demo
from kesos.generate import GenerateRefused, generate
from kesos.importer.common import insert_all
from kesos.models import (
    AidDistribution,
    AidItem,
    AidSourceYearly,
    AidYearly,
    BeneficiaryMonthly,
    FundingSource,
    Lks,
)
from kesos.queries import Filters
from kesos.security import Actor
from kesos.services import aid, beneficiary, funding, lks
from tests.databases import on_postgres

SEKRETARIAT = Actor("sekretariat", "sekretariat", province_code="63")
OPERATOR = Actor("operator", "operator", province_code="63", kab_kota_code="63.71")
# Its own database fixture (a generated `small` database) follows KESOS_TEST_DB: the PostgreSQL pass runs it.
pytestmark = pytest.mark.database


@pytest.fixture(scope="session")
def small_template(request, tmp_path_factory):
    """The `small` scale generated once per run: SQLite file or PostgreSQL template database."""
    if on_postgres():
        databases = request.getfixturevalue("postgres_databases")
        name = databases.create(label="small")
        engine = make_engine(databases.url(name))
        generate(engine, "small", progress_stream=io.StringIO())
        engine.dispose()
        return name
    path = tmp_path_factory.mktemp("small") / "small.db"
    engine = make_engine(f"sqlite:///{path}")
    generate(engine, "small", progress_stream=io.StringIO())
    engine.dispose()
    return path


@pytest.fixture
def engine(small_template, request, tmp_path):
    """A private copy of the small generated database."""
    if on_postgres():
        databases = request.getfixturevalue("postgres_databases")
        name = databases.fresh_copy(small_template)
        request.addfinalizer(lambda: databases.drop(name))
        engine = make_engine(databases.url(name))
    else:
        import sqlite3

        target = tmp_path / "small.db"
        with sqlite3.connect(small_template) as source, sqlite3.connect(target) as destination:
            source.backup(destination)
        engine = make_engine(f"sqlite:///{target}")
    yield engine
    engine.dispose()


def stored_and_fresh(engine) -> list[tuple[set, set]]:
    """Each summary table's rows as stored, and as computed now from the base tables."""
    pairs = []
    with engine.connect() as connection:
        for model, rows, columns in (
                (BeneficiaryMonthly, summaries._beneficiary_rows(), summaries._BENEFICIARY_COLUMNS),
                (AidYearly, summaries._aid_rows(), summaries._AID_COLUMNS),
                (AidSourceYearly, summaries._source_rows(), summaries._SOURCE_COLUMNS)):
            table = model.__table__
            stored = {tuple(row) for row in connection.execute(select(*(table.c[c] for c in columns)))}
            # SUM and EXTRACT give NUMERIC on PostgreSQL; the summary columns hold integers.
            fresh = {tuple(int(v) if isinstance(v, Decimal) else v for v in row) for row in connection.execute(rows)}
            pairs.append((stored, fresh))
    return pairs


def assert_fresh(engine) -> None:
    for stored, fresh in stored_and_fresh(engine):
        assert stored == fresh, f"stale: {sorted(stored ^ fresh)[:6]}"


def _frames_equal(ours, theirs, name: str) -> None:
    if isinstance(ours, dict):
        assert {k: ours[k] for k in theirs} == theirs, name
        return
    # How complete each month is (kesos.queries.reporting) is not a summary; tests/queries/test_reporting.py
    # checks it against its own pandas reading.
    ours = ours.drop(columns=[c for c in ("complete", "complete_kab_kota", "expected_kab_kota", "period_months",
                                          "value_same_period", "amount_same_period") if c in ours.columns])
    ours = ours.reset_index(drop=True)
    theirs = theirs[list(ours.columns)].reset_index(drop=True)
    pd.testing.assert_frame_equal(ours, theirs, check_dtype=False, obj=name)


@pytest.mark.parametrize("filters", [
    Filters(year_from=2024, year_to=2026),
    Filters(province_code="63", year_from=2023, year_to=2025),
    Filters(province_code="63", kab_kota_code="63.71", year_from=2024, year_to=2026),
    Filters(province_code="63", year_from=2026, year_to=2026, lks_type="anak"),
], ids=["country", "province", "kab-kota", "lks-type"])
def test_every_chart_from_the_summaries_equals_the_naive_pandas_computation(engine, filters):
    """The naive side reads whole tables and drops deleted rows and closed LKS itself (bench/naive.py)."""
    with Session(engine) as session, engine.connect() as connection:
        tables = naive.Tables(connection)
        ours = {panel.query.__name__: panel.query for panel in dashboards.PANELS.values()}
        ours["headline"] = queries.headline
        for name, compute in naive.FUNCTIONS.items():
            _frames_equal(ours[name](session, filters), compute(tables, filters), name)
        assert queries.headline(session, filters)["aid_count"] > 0


def test_the_generated_data_holds_deleted_and_closed_records_for_the_comparison_to_count(engine):
    """Without them the chart comparison above could not tell a summary that forgets to drop a
    deleted row, or counts a closed LKS, from a right one."""
    with engine.connect() as connection:
        for table in ("lks", "beneficiary_count", "aid_distribution"):  # what the summaries and charts count
            deleted, live = connection.execute(text(
                f"SELECT count(deleted_at), count(*) - count(deleted_at) FROM {table}")).one()  # nosec B608
            assert deleted > 0 and live > 10 * deleted, table
        closed = connection.execute(text("SELECT count(*) FROM lks WHERE closed_on IS NOT NULL"
                                         " AND deleted_at IS NULL")).scalar()
        counted_after_closing = connection.execute(text(
            "SELECT count(*) FROM beneficiary_count b JOIN lks l ON l.id = b.lks_id WHERE l.deleted_at IS NOT NULL"
        )).scalar()
    assert closed > 0 and counted_after_closing > 0  # counts of deleted LKS are there, to be left out


def test_generated_small_scale_is_deterministic_and_has_its_size(engine, tmp_path):
    other = make_engine(f"sqlite:///{tmp_path / 'again.db'}")
    progress = io.StringIO()
    counts = generate(other, "small", progress_stream=progress)
    assert counts["lks"] == 300 and counts["aid_distribution"] == 3_000
    assert "generate small:" in progress.getvalue() and "100%" in progress.getvalue()
    fingerprint = text("SELECT (SELECT count(*) FROM beneficiary_count), (SELECT sum(women) FROM beneficiary_count),"
                       " (SELECT sum(value_rupiah) FROM aid_distribution), (SELECT count(*) FROM funding_source"
                       " WHERE kind = 'csr'), (SELECT min(name) FROM lks), (SELECT max(name) FROM funding_source),"
                       " (SELECT sum(count) FROM welfare_count), (SELECT count(*) FROM welfare_count),"
                       " (SELECT CAST(max(accreditation_expires_on) AS VARCHAR(10)) FROM lks), (SELECT count(growth_grade) FROM lks)")
    with engine.connect() as first, other.connect() as second:
        assert first.execute(fingerprint).one() == second.execute(fingerprint).one()
        assert first.execute(fingerprint).one()[3] == 30
        # Every generated row is marked, so demo-remove takes it out again.
        assert first.execute(text("SELECT count(*) FROM lks WHERE NOT is_demo")).scalar() == 0
    other.dispose()
    with pytest.raises(GenerateRefused):
        generate(engine, "small", progress_stream=io.StringIO())


REASON = "uji ringkasan"  # these figures are far from usual (validasi): saved with a reason


def _distribution(session, **overrides) -> dict:
    item = session.exec(select(AidItem.id).order_by(AidItem.id)).first()
    source = session.exec(select(FundingSource.id).where(FundingSource.kind == "csr").order_by(FundingSource.id)).first()
    return {"distributed_on": date(2025, 3, 5), "aid_item_id": item, "quantity": 12, "value_rupiah": 2_400_000,
            "recipient_kind": "kelompok", "recipient_group": "lansia", "kab_kota_code": "63.71",
            "funding_source_id": source} | overrides


def test_aid_saves_moves_deletes_and_restores_keep_the_summaries_fresh(engine):
    with session_scope(engine) as s:
        record = aid.create_distribution(session=s, actor=OPERATOR, data=_distribution(s))
    assert_fresh(engine)
    with session_scope(engine) as s:
        other_source = s.exec(select(FundingSource.id).where(FundingSource.kind == "instansi")).first()
        record = aid.update_distribution(session=s, actor=SEKRETARIAT, distribution_id=record.id, expected_version=1,
                                         data=_distribution(s, kab_kota_code="63.01", distributed_on=date(2024, 7, 1),
                                                            funding_source_id=other_source, value_rupiah=99_000),
                                         warnings_reason=REASON)
    assert_fresh(engine)
    with session_scope(engine) as s:
        aid.delete_distribution(session=s, actor=SEKRETARIAT, distribution_id=record.id, expected_version=2)
    assert_fresh(engine)
    with session_scope(engine) as s:
        aid.restore_distribution(session=s, actor=SEKRETARIAT, distribution_id=record.id)
    assert_fresh(engine)


def test_a_month_grid_save_and_lks_changes_keep_the_summaries_fresh(engine):
    with session_scope(engine) as s:
        grid = beneficiary.load_grid(session=s, actor=OPERATOR, kab_kota_code="63.71", year=2026, month=10)
        rows = [beneficiary.Row(int(r.lks_id), int(r.women) + 3 if pd.notna(r.women) else 5, 7)
                for r in grid.itertuples()]
        versions = {int(r.lks_id): None if pd.isna(r.version) else int(r.version) for r in grid.itertuples()}
        changed = beneficiary.save_grid(session=s, actor=OPERATOR, kab_kota_code="63.71", year=2026, month=10,
                                        rows=rows, expected_versions=versions, warnings_reason=REASON)
    assert changed["updated"] + changed["created"] == len(rows) > 0
    assert_fresh(engine)

    with session_scope(engine) as s:
        record = s.exec(select(Lks).where(Lks.kab_kota_code == "63.71", Lks.lks_type == "anak")).first()
        form = {f: getattr(record, f) for f in lks.FIELDS} | {"lks_type": "lansia", "kab_kota_code": "63.72"}
        lks.update_lks(session=s, actor=SEKRETARIAT, lks_id=record.id, data=form, expected_version=record.version)
    assert_fresh(engine)
    with session_scope(engine) as s:
        lks.delete_lks(session=s, actor=SEKRETARIAT, lks_id=record.id, expected_version=record.version)
    assert_fresh(engine)


def test_a_funding_source_changing_kind_moves_its_aid_in_the_summaries(engine):
    with session_scope(engine) as s:
        source = s.exec(select(FundingSource).where(FundingSource.kind == "csr").order_by(FundingSource.id)).first()
        form = {"province_code": "63", "kind": "donatur", "name": source.name, "location": None, "contact": None}
        funding.update_source(session=s, actor=SEKRETARIAT, source_id=source.id, data=form,
                              expected_version=source.version)
    assert_fresh(engine)


def test_bulk_import_statements_and_demo_removal_keep_the_summaries_fresh(engine):
    with session_scope(engine) as s:
        rows = [_distribution(s, distributed_on=date(2024 + i % 3, 1 + i % 12, 10), kab_kota_code=code)
                for i, code in enumerate(["63.71", "63.72", "63.01", "63.02"] * 5)]
        for row in rows:
            row.update(recipient_lks_id=None, recipient_name=None, aid_request_id=None, note=None)
        insert_all(s, SEKRETARIAT, AidDistribution, rows)
    assert_fresh(engine)
    with session_scope(engine) as s:
        assert remove_demo(s) > 0
    assert_fresh(engine)


def test_a_rolled_back_save_leaves_no_summary_work_behind(engine):
    with Session(engine) as s:
        aid.create_distribution(session=s, actor=OPERATOR, data=_distribution(s, value_rupiah=1_000),
                                warnings_reason=REASON)
        s.flush()
        s.rollback()
        s.commit()  # a later commit in the same session has nothing stale to write
    assert_fresh(engine)


def test_many_writers_of_one_kab_kota_at_once_leave_the_summaries_right(engine):
    errors = []

    def writer(n: int) -> None:
        try:
            for i in range(5):
                with session_scope(engine) as s:
                    aid.create_distribution(session=s, actor=OPERATOR, data=_distribution(
                        s, value_rupiah=1_000 * (n + 1) + i, distributed_on=date(2025, 1 + i, 1 + n)),
                        warnings_reason=REASON)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert_fresh(engine)


def test_migration_0003_fills_the_summaries_from_rows_stored_before_it(tmp_path, request):
    if on_postgres():
        databases = request.getfixturevalue("postgres_databases")
        name = databases.create(label="old")
        request.addfinalizer(lambda: databases.drop(name))
        engine = make_engine(databases.url(name))
    else:
        engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    cfg = alembic_config(engine)
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "0002")
    with engine.begin() as connection:
        with Session(bind=connection) as session:
            load_regions(session)
            session.flush()
        record = "true, 1, '2024-01-01', '2024-01-01'"
        connection.execute(text(f"INSERT INTO lks (id, name, lks_type, kab_kota_code, registration_status,"
                                f" accreditation, registered_on, is_active, is_demo, version, created_at, updated_at)"
                                f" VALUES (1, 'Panti A', 'anak', '63.71', 'terdaftar', 'belum', '2020-01-01', true,"
                                f" {record})"))
        connection.execute(text(f"INSERT INTO beneficiary_count (lks_id, year, month, women, men, is_demo, version,"
                                f" created_at, updated_at) VALUES (1, 2024, 1, 10, 8, {record}),"
                                f" (1, 2024, 2, 11, 9, {record})"))
        connection.execute(text(f"INSERT INTO aid_item (id, name, unit, is_demo, version, created_at, updated_at)"
                                f" VALUES (1, 'Kursi roda', 'unit', {record})"))
        connection.execute(text(f"INSERT INTO funding_source (id, province_code, kind, name, is_active, is_demo,"
                                f" version, created_at, updated_at) VALUES (1, '63', 'csr', 'PT A', true, {record})"))
        connection.execute(text(f"INSERT INTO aid_distribution (distributed_on, aid_item_id, quantity, value_rupiah,"
                                f" recipient_kind, recipient_group, kab_kota_code, funding_source_id, is_demo, version,"
                                f" created_at, updated_at) VALUES ('2024-05-01', 1, 2, 4200000, 'kelompok',"
                                f" 'lansia', '63.71', 1, {record})"))
    migrate(engine)
    assert_fresh(engine)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT women, men FROM beneficiary_monthly WHERE month = 2")).one() == (11, 9)
        assert connection.execute(text("SELECT value FROM aid_source_yearly")).scalar() == 4_200_000
    engine.dispose()


def test_every_dashboard_panel_builds_a_valid_vega_lite_chart_from_generated_data(engine):
    """The app skips schema validation when it renders (it is slow); here every panel is validated."""
    filters = Filters(province_code="63", year_from=2024, year_to=2026)
    view = dashboards.View("Kalsel", 2024, 2026)
    drawn = 0
    with Session(engine) as session:
        for panel in dashboards.PANELS.values():
            frame = panel.query(session, filters)
            if not panel.is_empty(frame):
                panel.chart(frame, view).to_dict(validate=True)  # raises on an invalid spec
                drawn += 1
    assert drawn >= 10
