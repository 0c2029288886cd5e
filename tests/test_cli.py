"""`python -m kesos init` prepares a database exactly as the app's first start does."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _kesos(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kesos", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def _env(tmp_path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KESOS_") and k != "DATABASE_URL"}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'kesos.db'}", PYTHONPATH=str(ROOT), **extra)
    return env


def _count(path: Path, sql: str) -> int:
    with sqlite3.connect(path) as connection:
        return connection.execute(sql).fetchone()[0]


def test_init_migrates_loads_regions_and_demo_and_says_how_to_log_in(tmp_path):
    result = _kesos("init", env=_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "Kata sandi semua akun: kesos-demo" in result.stdout
    assert "- sekretariat: " in result.stdout
    database = tmp_path / "kesos.db"
    assert _count(database, "SELECT count(*) FROM province") == 38
    assert _count(database, "SELECT count(*) FROM kab_kota") == 514
    assert _count(database, "SELECT count(*) FROM alembic_version WHERE version_num = "
                            "(SELECT max(version_num) FROM alembic_version)") == 1
    lks = _count(database, "SELECT count(*) FROM lks WHERE is_demo")
    assert lks > 154

    again = _kesos("init", env=_env(tmp_path))
    assert again.returncode == 0, again.stderr
    assert _count(database, "SELECT count(*) FROM lks WHERE is_demo") == lks  # no second demo load


def test_init_outside_demo_mode_loads_regions_but_no_demo(tmp_path):
    # The command line serves no logins, so unlike the app it needs no cookie key.
    result = _kesos("init", env=_env(tmp_path, KESOS_DEMO="false"))
    assert result.returncode == 0, result.stderr
    database = tmp_path / "kesos.db"
    assert _count(database, "SELECT count(*) FROM kab_kota") == 514
    assert _count(database, "SELECT count(*) FROM lks") == 0
    assert "kesos-demo" not in result.stdout
