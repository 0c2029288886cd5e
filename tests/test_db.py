"""The schema comes from Alembic migrations alone, and the regions load with the right counts."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlmodel import SQLModel, select

from kesos.db import is_new_database, make_engine, migrate, prepare_database, session_scope, load_regions
from kesos.config import Settings
from kesos.models import KabKota, Province


def test_migrations_create_the_schema_from_nothing(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    assert is_new_database(engine)
    migrate(engine)
    tables = set(inspect(engine).get_table_names())
    assert set(SQLModel.metadata.tables) <= tables
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert diff == [], f"models and migrations disagree: {diff}"


def test_migrating_twice_changes_nothing(empty_engine):
    migrate(empty_engine)
    with session_scope(empty_engine) as session:
        load_regions(session)
        assert session.exec(select(Province)).all().__len__() == 38


def test_regions_load_with_official_counts(empty_engine):
    with session_scope(empty_engine) as session:
        assert len(session.exec(select(Province)).all()) == 38
        assert len(session.exec(select(KabKota)).all()) == 514
        kalbar = session.exec(select(KabKota).where(KabKota.province_code == "61")).all()
        assert len(kalbar) == 14
        assert session.get(KabKota, "63.10").name == "Kabupaten Tanah Bumbu"


def test_database_refuses_rows_that_break_check_constraints(empty_engine):
    import pytest
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError):
        with empty_engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO lks (name, lks_type, kab_kota_code, registration_status, accreditation,"
                " registered_on, is_active, is_demo, version, created_at, updated_at)"
                " VALUES ('X', 'bukan_jenis', '61.71', 'terdaftar', 'belum', '2023-01-01', true, false, 1,"
                " '2023-01-01', '2023-01-01')"
            ))
    with pytest.raises(IntegrityError):
        with empty_engine.begin() as connection:  # foreign key: no such kab/kota
            connection.execute(text(
                "INSERT INTO lks (name, lks_type, kab_kota_code, registration_status, accreditation,"
                " registered_on, is_active, is_demo, version, created_at, updated_at)"
                " VALUES ('X', 'anak', '99.99', 'terdaftar', 'belum', '2023-01-01', true, false, 1,"
                " '2023-01-01', '2023-01-01')"
            ))


def test_new_database_without_demo_mode_has_regions_but_no_demo(tmp_path):
    url = f"sqlite:///{tmp_path / 'prod.db'}"
    engine = make_engine(url)
    loaded = prepare_database(engine, Settings(database_url=url, demo_mode=False, cookie_key="x" * 32))
    assert loaded is False
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM kab_kota")).scalar() == 514
        assert connection.execute(text("SELECT count(*) FROM app_user")).scalar() == 0


def test_models_and_migrations_agree_on_this_database(empty_engine):
    """The same comparison on the database under test (PostgreSQL too: BIGINT money, see 0005)."""
    with empty_engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert diff == [], f"models and migrations disagree: {diff}"
