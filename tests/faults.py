"""Ways to break a SQLite database file the way a server breaks it: read-only, and a full disk."""

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, event

from kesos.errors import DatabaseUnavailable


def make_read_only(path: Path, engine: Engine) -> str:
    """Make the database file read-only for new connections; returns how it was done.

    A normal user: chmod 0444. Root ignores file modes, so as root the file is made immutable
    (chattr +i); where even that is not allowed (a container without CAP_LINUX_IMMUTABLE), every
    new connection is switched to `PRAGMA query_only`, which fails writes with the same SQLite
    error ("attempt to write a readonly database"). Existing connections are dropped, so the next
    session opens the file as it is now.
    """
    engine.dispose()
    if os.geteuid() != 0:
        path.chmod(0o444)
        return "chmod"
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode == 0:
        return "chattr"
    event.listen(engine, "connect", _query_only)
    engine.dispose()
    return "query_only"


def make_writable(path: Path, engine: Engine, how: str) -> None:
    if how == "chmod":
        path.chmod(0o644)
    elif how == "chattr":
        subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        event.remove(engine, "connect", _query_only)
        engine.dispose()


def _query_only(dbapi_connection, _record) -> None:
    dbapi_connection.execute("PRAGMA query_only=ON")


def fill_disk(engine: Engine, filler: Callable[[int], object] | None = None) -> int:
    """Let the database grow by no page from now on: SQLite then answers "database or disk is full".

    A small write may still fit in the free room of a page already there; `filler(i)` (a write
    like the one under test) is repeated until that room is used up too. Returns how many fitted.
    """
    with engine.connect() as connection:
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar()

    def _no_room(dbapi_connection, _record) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count={int(pages)}")

    event.listen(engine, "connect", _no_room)
    engine.dispose()
    fitted = 0
    while filler is not None:
        try:
            filler(fitted)
        except DatabaseUnavailable:
            break
        fitted += 1
        assert fitted < 10_000, "the disk never filled up"
    return fitted
