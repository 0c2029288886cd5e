"""`python -m kesos import KIND FILE --user USERNAME [--dry-run]`: the same preview and rules as the page."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CSV = ("Kabupaten/Kota;Nama LKS;Jenis LKS;Kapasitas;Tanggal terdaftar\n"
       "Kota Banjarmasin;LKSA Baris Perintah;LKSA;1.250;10 Agustus 2023\n"
       "Kota Banjarbaru;LKSA Tetangga;LKSA;;10/8/2023\n")


def kesos(db: Path, *args: str, demo: str = "1") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KESOS_") and k != "DATABASE_URL"}
    env.update(DATABASE_URL=f"sqlite:///{db}", PYTHONPATH=str(ROOT), KESOS_DEMO=demo)
    return subprocess.run([sys.executable, "-m", "kesos", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


def names(db: Path) -> list[str]:
    with sqlite3.connect(db) as connection:
        return [r[0] for r in connection.execute("SELECT name FROM lks WHERE name LIKE 'LKSA Baris%' "
                                                 "OR name = 'LKSA Tetangga'")]


def test_dry_run_shows_each_refused_row_and_writes_nothing_then_the_import_writes_as_the_user(demo_db_path, tmp_path):
    file = tmp_path / "lks.csv"
    file.write_text(CSV, encoding="utf-8")
    dry = kesos(demo_db_path, "import", "lks", str(file), "--user", "operator", "--dry-run")
    assert dry.returncode == 1, dry.stderr
    assert "1 ditambah, 0 diubah, 0 sudah sama, 1 salah." in dry.stdout
    assert "salah baris 3, Kabupaten/Kota “Kota Banjarbaru”: Kota Banjarbaru di luar wilayah Anda" in dry.stdout
    assert names(demo_db_path) == []

    done = kesos(demo_db_path, "import", "lks", str(file), "--user", "operator", "--skip-errors")
    assert done.returncode == 0, done.stderr
    assert "Tersimpan: 1 ditambah, 0 diubah." in done.stdout
    assert names(demo_db_path) == ["LKSA Baris Perintah"]
    with sqlite3.connect(demo_db_path) as connection:
        assert connection.execute("SELECT username, action FROM audit_log WHERE table_name = 'lks' "
                                  "ORDER BY id DESC LIMIT 1").fetchone() == ("operator", "import")


def test_a_leader_or_an_unknown_user_imports_nothing_and_a_new_database_is_prepared_first(demo_db_path, tmp_path):
    file = tmp_path / "lks.csv"
    file.write_text(CSV, encoding="utf-8")
    leader = kesos(demo_db_path, "import", "lks", str(file), "--user", "pimpinan")
    assert leader.returncode == 2 and "tidak boleh mengubahnya" in leader.stderr and names(demo_db_path) == []

    fresh = tmp_path / "baru.db"
    unknown = kesos(fresh, "import", "lks", str(file), "--user", "siapa", demo="0")
    assert unknown.returncode == 2 and "Pengguna “siapa” tidak ada" in unknown.stderr
    with sqlite3.connect(fresh) as connection:
        assert connection.execute("SELECT count(*) FROM kab_kota").fetchone()[0] == 514
