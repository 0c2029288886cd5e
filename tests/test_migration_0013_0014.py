"""Migrations 0013 (the letterhead on organisation) and 0014 (activity_participant): up, down and up again on
the database of KESOS_TEST_DB (SQLite or PostgreSQL), keeping the rows that were there."""

from alembic import command
from sqlalchemy import inspect, text

from kesos.db import alembic_config, migrate


def _columns(engine, table: str) -> set[str]:
    return {column["name"] for column in inspect(engine).get_columns(table)}


def test_the_letterhead_and_participant_migrations_go_down_and_up_again(empty_engine):
    with empty_engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO organisation (province_code, acronym, name, is_demo, version, created_at, updated_at) "
            "VALUES ('63', 'LKKS', 'Lembaga Koordinasi Kesejahteraan Sosial', false, 1, '2025-01-01', '2025-01-01')"))
    letterhead = {"chair_name", "signature_place", "logo", "logo_mime", "logo_sha256"}
    assert letterhead <= _columns(empty_engine, "organisation")
    assert "activity_participant" in inspect(empty_engine).get_table_names()

    config = alembic_config(empty_engine)
    command.downgrade(config, "0012")
    assert not letterhead & _columns(empty_engine, "organisation")
    assert "activity_participant" not in inspect(empty_engine).get_table_names()

    migrate(empty_engine)
    assert letterhead <= _columns(empty_engine, "organisation")
    with empty_engine.begin() as connection:
        connection.execute(text("UPDATE organisation SET chair_name = 'Hj. Rahmawati Syahrani', logo = :logo"),
                           {"logo": b"\x89PNG"})
        assert connection.execute(text("SELECT name, chair_name FROM organisation")).one() == (
            "Lembaga Koordinasi Kesejahteraan Sosial", "Hj. Rahmawati Syahrani")
        assert connection.execute(text("SELECT count(*) FROM activity_participant")).scalar() == 0
