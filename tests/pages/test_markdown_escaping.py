"""A hostile string typed into a name (or written in an uploaded file) shows as typed wherever a page shows it
through Markdown: it never becomes a link, an image that fetches an outside address, or bold text."""

import re
import sqlite3

from tests.pages.apptest import logged_in
from tests.pages.datapage import open_page, select_row, submit
from tests.pages.test_data_impor import upload

HOSTILE = "![x](http://127.0.0.1:9/x) **b** [l](http://e) www.e.com"
_LIVE = ("![x](", "[l](", "](http", "**b**", "http://", "www.e")  # what Markdown would turn into something
_KINDS = ("title", "header", "subheader", "markdown", "caption", "error", "info", "warning", "success", "toast")


def _shown(at) -> list[str]:
    values = []
    for kind in _KINDS:
        values += [str(getattr(element, "value", "")) for element in getattr(at, kind, [])]
    return values


def _assert_inert(at, where: str) -> None:
    assert not at.exception, at.exception
    shown = [value for value in _shown(at) if "127.0.0.1" in value or "e.com" in value]
    assert shown, f"{where}: the hostile string is not shown at all"
    for value in shown:
        unescaped = re.sub(r"\\.", "", value)  # what is left once every backslash-escaped character is taken out
        for live in _LIVE:
            assert live not in unescaped, f"{where}: {live!r} is live in {value!r}"


def _rename(path, sql: str) -> None:
    with sqlite3.connect(path) as db:
        db.execute(sql, (HOSTILE,))


def test_the_sidebar_user_name(app_env):
    _rename(app_env, "UPDATE app_user SET name = ? WHERE username = 'sekretariat'")
    _assert_inert(logged_in("sekretariat"), "sidebar")


def test_a_funding_source_heading(app_env):
    _rename(app_env, "UPDATE funding_source SET name = ? || ' #' || id")
    at = select_row(open_page(app_env, "pages/data/donatur.py", "sekretariat"), "src_table", 0)
    _assert_inert(at, "Donatur heading")


def test_an_activity_heading(app_env):
    _rename(app_env, "UPDATE activity SET title = ?")
    at = select_row(open_page(app_env, "pages/data/kegiatan.py", "sekretariat"), "keg_table", 0)
    _assert_inert(at, "Kegiatan heading")


def test_an_lks_heading_and_the_duplicate_warning(app_env):
    _rename(app_env, "UPDATE lks SET name = ? WHERE id = (SELECT min(id) FROM lks WHERE kab_kota_code = '63.71')")
    at = open_page(app_env, "pages/data/lks.py", "operator")
    at.text_input(key="lks_add_0_name").input(HOSTILE)
    at = submit(at)
    assert at.checkbox(key="lks_add_0_confirm") is not None  # the duplicate warning is up
    _assert_inert(at, "LKS duplicate warning")


def test_the_import_caption_with_the_files_headers(app_env):
    csv = ("No;Kabupaten/Kota;Nama LKS;Jenis LKS;Tanggal terdaftar;" + HOSTILE.replace(";", ",") + "\n"
           "1;Kota Banjarmasin;LKSA Uji Aman;LKSA;10/8/2023;x\n")
    at = upload(open_page(app_env, "pages/data/impor.py", "operator"), csv)
    _assert_inert(at, "Impor caption")
