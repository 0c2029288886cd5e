"""A throwaway PostgreSQL cluster in a temporary folder, on 127.0.0.1, that a test may stop and start.

Fault tests need to take the server away and bring it back, which a shared server cannot
allow, so they run their own from the PostgreSQL binaries (Debian: /usr/lib/postgresql/N/bin,
or KESOS_TEST_PG_BIN). Without binaries the tests skip with a reason; in CI that is a failure.
"""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest


def pg_bin() -> Path | None:
    wanted = os.environ.get("KESOS_TEST_PG_BIN")
    candidates = [Path(wanted)] if wanted else sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    if not wanted and shutil.which("pg_ctl"):
        candidates.append(Path(shutil.which("pg_ctl")).parent)
    return next((c for c in candidates if (c / "pg_ctl").exists() and (c / "initdb").exists()), None)


def require_pg_bin() -> Path:
    found = pg_bin()
    if found is None:
        reason = "PostgreSQL server binaries (initdb, pg_ctl) not found; PostgreSQL fault tests skipped"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}, and CI must run them (apt-get install postgresql)")
        pytest.skip(reason)
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PostgresCluster:
    def __init__(self, bin_dir: Path):
        # Not under pytest's tmp folder: as root that is private, and the server runs as `postgres`.
        self.bin_dir, self.folder = bin_dir, Path(tempfile.mkdtemp(prefix="kesos-pg-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, tool: str, *args: str) -> None:
        command = [str(self.bin_dir / tool), *args]
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"{tool} failed: {done.stderr or done.stdout}")

    def init(self) -> "PostgresCluster":
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
        return self

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-w", "-l", str(self.folder / "server.log"), "-o",
                  f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off", "start")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.1)
        raise RuntimeError("PostgreSQL did not start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-w", "-m", "fast", "stop")

    def remove(self) -> None:
        """Stop the server if it runs, and delete its folder."""
        try:
            self.stop()
        except RuntimeError:
            pass  # already stopped
        shutil.rmtree(self.folder, ignore_errors=True)
