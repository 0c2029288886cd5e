"""`python -m kesos report|backup|restore`: on a new database it prepares it first, writes a report to
standard output or to a file, and backs up and restores the whole database."""

import io
import json
import sqlite3
import subprocess
import sys

from openpyxl import load_workbook

from tests.test_cli import ROOT, _env


def _run(*args: str, env: dict) -> subprocess.CompletedProcess:
    """The command with its output as bytes: a report on standard output may be binary."""
    return subprocess.run([sys.executable, "-m", "kesos", *args], cwd=ROOT, env=env, capture_output=True, timeout=180)


def test_report_on_a_new_database_prepares_it_and_writes_json_to_stdout(tmp_path):
    env = _env(tmp_path)
    database = tmp_path / "kesos.db"
    assert not database.exists()

    result = _run("report", "--province", "63", "--year", "2023", "--format", "json", env=env)
    assert result.returncode == 0, result.stderr.decode()
    figures = json.loads(result.stdout)  # standard output holds the report and nothing else
    assert figures["headline"]["lks"] == 154
    assert (figures["headline"]["branches_formed"], figures["headline"]["branches_total"]) == (11, 13)
    assert figures["report"]["number"] == 1 and figures["report"]["generated_by"] == "baris-perintah"
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT count(*) FROM kab_kota").fetchone()[0] == 514
        stored = connection.execute("SELECT content, format FROM report_snapshot WHERE id = 1").fetchone()
    assert stored == (result.stdout, "json")



def test_report_to_a_file_backup_and_restore_through_the_command_line(demo_db_path, monkeypatch, capsysbinary):
    """In-process on a copy of the demo database, to keep the suite quick; the test above runs the real
    entry point on a new database."""
    from kesos import config
    from kesos.__main__ import main

    database, tmp_path = demo_db_path, demo_db_path.parent
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{database}")
    monkeypatch.delenv("KESOS_DEMO", raising=False)
    config.settings.cache_clear()
    try:
        output = tmp_path / "laporan banjarmasin.xlsx"
        assert main(["report", "--province", "63", "--kab-kota", "63.71", "--year", "2023", "--format", "xlsx",
                     "--output", str(output)]) == 0
        captured = capsysbinary.readouterr()
        assert captured.out == b"" and "Laporan No. 1" in captured.err.decode()
        book = load_workbook(io.BytesIO(output.read_bytes()))
        assert "Kota Banjarmasin" in book["Ringkasan"]["A1"].value and "LKS" in book.sheetnames

        assert main(["report", "--province", "63", "--kab-kota", "61.71", "--year", "2023", "--format", "json"]) == 2
        captured = capsysbinary.readouterr()
        assert captured.out == b"" and "bukan bagian dari provinsi" in captured.err.decode()

        copy = tmp_path / "cadangan" / "kesos-cadangan.db"
        assert main(["backup", str(copy)]) == 0
        with sqlite3.connect(database) as connection:
            connection.execute("DELETE FROM report_snapshot")
        assert main(["restore", str(copy)]) == 0
        assert "sebelum-pemulihan" in capsysbinary.readouterr().out.decode()
        with sqlite3.connect(database) as connection:
            assert connection.execute("SELECT count(*) FROM report_snapshot").fetchone()[0] == 1
        assert list(tmp_path.glob("kesos.sebelum-pemulihan-*.db"))

        (tmp_path / "not-a-backup.db").write_text("halo")
        assert main(["restore", str(tmp_path / "not-a-backup.db")]) == 2
        assert "bukan database SQLite" in capsysbinary.readouterr().err.decode()
    finally:
        config.settings.cache_clear()
