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
    AidMonthly,
    AidSourceYearly,
    AidYearly,
    BeneficiaryMonthly,
    FundingSource,
    Lks,
    LksRegistryMonthly,
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
    assert {table.name for table, _, _ in summaries.SUMMARIES} == {
        m.__tablename__ for m in (BeneficiaryMonthly, AidYearly, AidSourceYearly, AidMonthly, LksRegistryMonthly)}
    with engine.connect() as connection:
        for table, columns, rows in summaries.SUMMARIES:
            stored = {tuple(row) for row in connection.execute(select(*(table.c[c] for c in columns)))}
            # SUM and EXTRACT give NUMERIC on PostgreSQL; the summary columns hold integers.
            fresh = {tuple(int(v) if isinstance(v, Decimal) else v for v in row) for row in connection.execute(rows())}
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


def _lks_form(**overrides) -> dict:
    return {"name": "Panti Uji Registri", "lks_type": "anak", "kab_kota_code": "63.71",
            "registered_on": date(2025, 6, 15), "closed_on": None} | overrides


def test_lks_registered_closed_moved_deleted_and_imported_keep_the_registry_summary_fresh(engine):
    """The months an LKS is expected to report follow every change of its dates, kab/kota or life."""
    def edit(record_id: int, **changes) -> Lks:
        with session_scope(engine) as s:
            record = s.get(Lks, record_id)
            form = {f: getattr(record, f) for f in lks.FIELDS} | changes
            return lks.update_lks(session=s, actor=SEKRETARIAT, lks_id=record.id, data=form,
                                  expected_version=record.version)

    with session_scope(engine) as s:
        record = lks.create_lks(session=s, actor=SEKRETARIAT, data=_lks_form())
    assert_fresh(engine)
    for changes in ({"registered_on": date(2019, 2, 1)}, {"closed_on": date(2026, 3, 31)},
                    {"closed_on": None}, {"kab_kota_code": "63.72"}):
        record = edit(record.id, **changes)
        assert_fresh(engine)
    with session_scope(engine) as s:
        lks.delete_lks(session=s, actor=SEKRETARIAT, lks_id=record.id, expected_version=record.version)
    assert_fresh(engine)
    with session_scope(engine) as s:
        lks.restore_lks(session=s, actor=SEKRETARIAT, lks_id=record.id)
    assert_fresh(engine)
    with session_scope(engine) as s:  # the importer's bulk INSERT
        rows = [lks.clean(s, _lks_form(name=f"Panti Impor {i}", kab_kota_code=code, registered_on=date(2020 + i, 1 + i, 1)))
                | {"is_active": True} for i, code in enumerate(["63.71", "63.01", "61.71"])]
        insert_all(s, SEKRETARIAT, Lks, rows)
    assert_fresh(engine)


def _naive_expected(engine, filters: Filters, year: int, months: list[int]) -> pd.DataFrame:
    """LKS expected per kab/kota and month, read from the whole registry in pandas (README's rule)."""
    with engine.connect() as connection:
        lks_rows = pd.read_sql(select(Lks.kab_kota_code, Lks.registered_on, Lks.closed_on, Lks.deleted_at), connection)
    lks_rows = lks_rows[lks_rows["deleted_at"].isna()]
    if filters.kab_kota_code:
        lks_rows = lks_rows[lks_rows["kab_kota_code"] == filters.kab_kota_code]
    elif filters.province_code:
        lks_rows = lks_rows[lks_rows["kab_kota_code"].str.startswith(filters.province_code + ".")]
    registered = pd.to_datetime(lks_rows["registered_on"]).dt.date
    closed = pd.to_datetime(lks_rows["closed_on"]).dt.date
    frames = []
    for month in months:
        first = date(year, month, 1)
        last = date(year + month // 12, month % 12 + 1, 1) - pd.Timedelta(days=1)
        active = lks_rows[(registered <= last) & (lks_rows["closed_on"].isna() | (closed >= first))]
        counted = active.groupby("kab_kota_code").size().rename("expected").reset_index()
        frames.append(counted.assign(month=month))
    frame = pd.concat(frames, ignore_index=True)
    return frame[["kab_kota_code", "month", "expected"]].sort_values(["kab_kota_code", "month"]).reset_index(drop=True)


@pytest.mark.parametrize("filters", [Filters(), Filters(province_code="63"),
                                     Filters(province_code="63", kab_kota_code="63.71")],
                         ids=["country", "province", "kab-kota"])
def test_the_lks_expected_each_month_from_the_registry_summary_equals_the_naive_reading(engine, filters):
    """month_status counts a month's expected LKS from the summary's openings and closings; the naive side
    reads every LKS. The generated data holds closed and deleted LKS (test above)."""
    from kesos.queries import reporting

    with engine.connect() as connection:
        first_year = connection.execute(text("SELECT min(registered_on) FROM lks")).scalar()
    first_year = (first_year if isinstance(first_year, date) else date.fromisoformat(str(first_year)[:10])).year
    with Session(engine) as session:
        for year in range(first_year - 1, 2028):  # before the first LKS, every year since, and one to come
            months = list(range(1, 13))
            ours = reporting._summary_expected(session, filters, year, months)
            ours = ours.sort_values(["kab_kota_code", "month"]).reset_index(drop=True)
            theirs = _naive_expected(engine, filters, year, months)
            pd.testing.assert_frame_equal(ours, theirs, check_dtype=False, obj=f"{year}")
            if year == 2025:
                assert len(ours) > 0 and ours["expected"].sum() > 0
        status = reporting.month_status(session, filters, [2025], today=date(2026, 12, 2))
        theirs = _naive_expected(engine, filters, 2025, list(range(1, 13)))
        assert status["expected_kab_kota"].tolist() == theirs.groupby("month").size().reindex(
            range(1, 13), fill_value=0).tolist()


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


def _database_at(revision: str, label: str, tmp_path, request):
    """A new database migrated up to `revision` only, with the regions loaded (SQLite, or PostgreSQL)."""
    if on_postgres():
        databases = request.getfixturevalue("postgres_databases")
        name = databases.create(label=label)
        request.addfinalizer(lambda: databases.drop(name))
        engine = make_engine(databases.url(name))
    else:
        engine = make_engine(f"sqlite:///{tmp_path / f'{label}.db'}")
    cfg = alembic_config(engine)
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)
    with engine.begin() as connection:
        with Session(bind=connection) as session:
            load_regions(session)
            session.flush()
    return engine


def test_migration_0003_fills_the_summaries_from_rows_stored_before_it(tmp_path, request):
    engine = _database_at("0002", "old", tmp_path, request)
    with engine.begin() as connection:
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


def test_migration_0015_fills_the_month_summaries_from_rows_stored_before_it(tmp_path, request):
    """Aid per month and the registry's openings and closings, from rows stored before the revision: an LKS
    closed in a later month counts in both columns, one closed in the month it registered in twice in that
    month, a deleted one not at all."""
    engine = _database_at("0014", "old15", tmp_path, request)
    stamp = "true, 1, '2024-01-01', '2024-01-01'"
    with engine.begin() as connection:
        for lks_id, registered, closed, deleted in ((1, "2020-01-15", None, None), (2, "2021-03-01", "2024-06-30", None),
                                                    (3, "2022-05-02", "2022-05-30", None),
                                                    (4, "2021-03-09", None, "2024-02-01")):
            connection.execute(text(
                "INSERT INTO lks (id, name, lks_type, kab_kota_code, registration_status, accreditation,"
                " registered_on, closed_on, deleted_at, is_active, is_demo, version, created_at, updated_at)"
                " VALUES (:id, :name, 'anak', '63.71', 'terdaftar', 'belum', :registered, :closed, :deleted,"
                f" true, {stamp})"),
                {"id": lks_id, "name": f"Panti {lks_id}", "registered": registered, "closed": closed,
                 "deleted": deleted})
        connection.execute(text(f"INSERT INTO aid_item (id, name, unit, is_demo, version, created_at, updated_at)"
                                f" VALUES (1, 'Kursi roda', 'unit', {stamp})"))
        connection.execute(text(f"INSERT INTO funding_source (id, province_code, kind, name, is_active, is_demo,"
                                f" version, created_at, updated_at) VALUES (1, '63', 'csr', 'PT A', true, {stamp})"))
        for on, value, deleted in (("2024-05-01", 4_200_000, None), ("2024-05-20", 800_000, None),
                                   ("2024-07-03", 1_000_000, None), ("2024-07-04", 5_000, "2024-08-01")):
            connection.execute(text(
                "INSERT INTO aid_distribution (distributed_on, aid_item_id, quantity, value_rupiah, recipient_kind,"
                " recipient_group, kab_kota_code, funding_source_id, deleted_at, is_demo, version, created_at,"
                f" updated_at) VALUES (:on, 1, 2, :value, 'kelompok', 'lansia', '63.71', 1, :deleted, {stamp})"),
                {"on": on, "value": value, "deleted": deleted})
    migrate(engine)
    names = [table.name for table, _, _ in summaries.SUMMARIES]
    pairs = dict(zip(names, stored_and_fresh(engine)))
    for name in ("aid_monthly", "lks_registry_monthly"):  # the older summaries were filled by 0003, before these rows
        assert pairs[name][0] == pairs[name][1], name
    with engine.connect() as connection:
        registry = connection.execute(text("SELECT year, month, opened, closed FROM lks_registry_monthly"
                                           " ORDER BY year, month")).all()
        assert [tuple(row) for row in registry] == [(2020, 1, 1, 0), (2021, 3, 1, 0), (2022, 5, 1, 1), (2024, 6, 0, 1)]
        aid_months = connection.execute(text("SELECT month, value, distributions FROM aid_monthly ORDER BY month")).all()
        assert [tuple(row) for row in aid_months] == [(5, 5_000_000, 2), (7, 1_000_000, 1)]
    with Session(engine) as session:
        from kesos.queries import reporting

        expected = reporting._summary_expected(session, Filters(kab_kota_code="63.71"), 2024, [5, 6, 7])
        assert expected["expected"].tolist() == [2, 2, 1]  # Panti 2 still reports for June, its last month
        expected = reporting._summary_expected(session, Filters(kab_kota_code="63.71"), 2022, [4, 5, 6])
        assert expected["expected"].tolist() == [2, 3, 2]  # Panti 3 for May 2022 only
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
