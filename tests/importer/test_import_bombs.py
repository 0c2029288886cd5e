"""Import bombs: files small on disk and huge once opened are refused with an Indonesian message, quickly, by
checks before and while parsing; the parse runs in a child process that a time or memory overrun kills; a
refused file writes nothing."""

import time

import pytest
from sqlmodel import func, select

from bench import bombs
from kesos import importer
from kesos.importer import reading
from kesos.models import AuditLog, Lks
from tests.pages.datapage import db, open_page, plain as page_text


def _refusal(content: bytes, name: str = "bom.xlsx") -> tuple[str, float]:
    started = time.perf_counter()
    with pytest.raises(importer.ImportFileError) as refused:
        importer.read("lks", name, content)
    return refused.value.message, time.perf_counter() - started


def test_a_harmless_file_of_the_same_shape_is_read():
    table = importer.read("lks", "baik.xlsx", bombs.plain(3))
    assert [values["name"] for _, values in table.rows] == ["Panti Uji 0", "Panti Uji 1", "Panti Uji 2"]


@pytest.mark.parametrize("bomb, words", [
    (lambda: bombs.one_huge_shared_string(200), "terlalu besar setelah dibuka"),  # 200 MB in a 200 KB file
    (lambda: bombs.long_cell(100_000), "32.767 karakter"),
    (lambda: bombs.many_shared_strings(600_000), "teks berbeda"),
    (lambda: bombs.blank_rows(1_000_000), "100.000 baris"),
    (bombs.last_row_only, "100.000 baris"),
    (bombs.last_column, "kolom"),
    (bombs.entity_expansion, "DTD"),
], ids=["200MB-shared-string", "long-cell", "many-strings", "million-blank-rows", "last-row", "last-column",
        "entities"])
def test_an_xlsx_bomb_is_refused_quickly_with_a_reason(bomb, words):
    content = bomb()
    assert len(content) < 3_000_000
    message, seconds = _refusal(content)
    assert words in message
    assert seconds < 15, seconds


def test_csv_bombs_are_refused_too():
    assert "100.000 baris" in _refusal(bombs.csv_blank_lines(1_000_000), "bom.csv")[0]
    assert "tidak dapat dibaca" in _refusal(bombs.csv_long_field(200_000), "bom.csv")[0]


def test_a_parse_over_its_time_is_killed_and_the_file_refused(monkeypatch):
    monkeypatch.setattr(reading, "PARSE_SECONDS", 0.05)
    message, seconds = _refusal(bombs.plain(3))
    assert "terlalu berat" in message and "detik" in message
    assert seconds < 5


def test_a_parse_over_its_memory_is_stopped_and_the_file_refused(monkeypatch):
    monkeypatch.setattr(reading, "PARSE_MEMORY_BYTES", 12 * 1024 * 1024)  # below what the parse needs
    message, _ = _refusal(bombs.plain(3))
    assert "terlalu berat" in message


def test_the_parse_runs_in_another_process_under_limits(monkeypatch):
    import os

    seen = {}
    real_run = reading.subprocess.run

    def watching(*args, **kwargs):
        seen["timeout"] = kwargs.get("timeout")
        return real_run(*args, **kwargs)

    monkeypatch.setattr(reading.subprocess, "run", watching)
    monkeypatch.setattr(reading, "_parse", lambda *a: pytest.fail("parsed in the server process"))
    importer.read("lks", "baik.xlsx", bombs.plain(1))
    assert seen["timeout"] == reading.PARSE_SECONDS and os.getpid()


def test_a_refused_bomb_on_the_impor_page_shows_why_and_writes_nothing(app_env):
    with db(app_env) as session:
        before = (session.exec(select(func.count()).select_from(Lks)).one(),
                  session.exec(select(func.count()).select_from(AuditLog)).one())
    at = open_page(app_env, "pages/data/impor.py", "sekretariat")
    at.file_uploader[0].upload("bom.xlsx", bombs.blank_rows(1_000_000),
                               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    at = at.run()
    assert not at.exception
    assert "100.000 baris" in page_text(at)
    assert not at.metric
    with db(app_env) as session:
        assert (session.exec(select(func.count()).select_from(Lks)).one(),
                session.exec(select(func.count()).select_from(AuditLog)).one()) == before
