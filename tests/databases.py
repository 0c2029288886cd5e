"""Test databases on SQLite (the default) or on a PostgreSQL server, a fresh one for every test.

- `KESOS_TEST_POSTGRES_URL` names a PostgreSQL server the tests may create databases on, as a
  SQLAlchemy URL to its maintenance database, e.g.
  `postgresql+psycopg://postgres@127.0.0.1:5432/postgres`. Tests that need PostgreSQL itself skip
  with a reason when it is not set, and fail when CI is set (CI must run them).
- `KESOS_TEST_DB=postgresql` switches the shared database fixtures (`empty_engine`, `demo_engine`,
  `demo_session`, `demo_db_url`) to PostgreSQL: `.ci/run` runs the database-facing tests a second
  time this way. Each test gets its own database, created from a template built once per run
  (CREATE DATABASE ... TEMPLATE copies files, which is much faster than migrating again).
"""

import itertools
import os
import re
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from sqlalchemy.engine import make_url

POSTGRES_URL_ENV = "KESOS_TEST_POSTGRES_URL"
BACKEND_ENV = "KESOS_TEST_DB"


def on_postgres() -> bool:
    """True when the shared database fixtures give PostgreSQL databases."""
    return os.environ.get(BACKEND_ENV, "sqlite").strip().lower() in {"postgresql", "postgres", "pg"}


def require_postgres_url() -> str:
    """The server URL; skip the test with a reason without one, or fail in CI."""
    url = os.environ.get(POSTGRES_URL_ENV, "").strip()
    if not url:
        reason = f"no PostgreSQL server configured ({POSTGRES_URL_ENV} is not set)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}, and CI must run the PostgreSQL tests (.ci/run starts a server)")
        pytest.skip(reason)
    return url


def libpq_dsn(url: str) -> str:
    """A SQLAlchemy URL (postgresql+psycopg://...) as the libpq URI psycopg.connect takes."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


class PostgresDatabases:
    """Creates and drops this test run's databases on one server; names carry the process id."""

    def __init__(self, server_url: str):
        self.server_url = server_url
        self.prefix = f"kesos_test_{os.getpid()}_"
        self._numbers = itertools.count(1)  # next() is atomic: both threads name databases
        self._drop_stale()
        # While a test runs, the next copy of its template is made in the background, so a test
        # does not wait the ~0.5 s CREATE DATABASE takes.
        self._maker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kesos-test-db")
        self._spare: dict[str, Future] = {}

    def _admin(self):
        return psycopg.connect(libpq_dsn(self.server_url), autocommit=True)

    def url(self, name: str) -> str:
        return make_url(self.server_url).set(database=name).render_as_string(hide_password=False)

    def create(self, template: str | None = None, label: str = "db") -> str:
        """A new database (a copy of `template` when given); returns its name."""
        name = f"{self.prefix}{label}_{next(self._numbers)}"
        statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template:
            # FILE_COPY skips writing the whole template to the WAL, which is what makes it fast.
            statement = sql.SQL("CREATE DATABASE {} TEMPLATE {} STRATEGY FILE_COPY").format(
                sql.Identifier(name), sql.Identifier(template))
        with self._admin() as connection:
            connection.execute(statement)
        return name

    def fresh_copy(self, template: str) -> str:
        """A new copy of `template` for one test (made ahead of time); returns its name."""
        spare = self._spare.pop(template, None)
        name = spare.result() if spare is not None else self.create(template, label="test")
        self._spare[template] = self._maker.submit(self.create, template, "test")
        return name

    def drop(self, name: str) -> None:
        with self._admin() as connection:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    def drop_all(self) -> None:
        self._maker.shutdown(wait=True)
        for name in self._names(self.prefix):
            self.drop(name)

    def _names(self, prefix: str) -> list[str]:
        with self._admin() as connection:
            rows = connection.execute("SELECT datname FROM pg_database WHERE datname LIKE %s",
                                      (prefix.replace("_", r"\_") + "%",)).fetchall()
        return [row[0] for row in rows]

    def _drop_stale(self) -> None:
        """Databases left by a test run that was killed (its process is gone) are dropped."""
        for name in self._names("kesos_test_"):
            match = re.match(r"kesos_test_(\d+)_", name)
            if match and not Path(f"/proc/{match.group(1)}").exists():
                self.drop(name)
