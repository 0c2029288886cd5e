"""Every record list through AppTest: search and filters narrow, the count line matches a naive pandas count
over the demo's rows, the filters survive in the URL, and a crafted URL shows an operator nothing more."""

import re
import sqlite3

import pandas as pd
from streamlit.testing.v1 import AppTest

from kesos import clock

from tests.pages.apptest import ROOT
from tests.pages.datapage import actor_of, open_page


def _rows(path, sql: str, *params) -> pd.DataFrame:
    """The raw rows, read without Kesos: the independent count every list is compared with."""
    with sqlite3.connect(path) as connection:
        return pd.read_sql_query(sql, connection, params=params)


def count_line(at: AppTest) -> tuple[int, int]:
    """'Menampilkan 25 dari 629 ...' -> (25, 629); 'Menampilkan 629 ...' -> (629, 629)."""
    for caption in at.caption:
        if m := re.match(r"Menampilkan ([\d.]+)(?: dari ([\d.]+))?", caption.value):
            shown = int(m[1].replace(".", ""))
            return shown, int((m[2] or m[1]).replace(".", ""))
    raise AssertionError(f"no count line in {[c.value for c in at.caption]}")


def table(at: AppTest) -> pd.DataFrame:
    return at.dataframe[0].value


def _open_with_url(path, script: str, username: str, **params) -> AppTest:
    at = AppTest.from_file(str(ROOT / script), default_timeout=30)
    at.session_state["kesos_actor"] = actor_of(path, username)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


LKS = "pages/data/lks.py"
LIVE_LKS_63 = ("SELECT l.name, l.address, l.kab_kota_code, l.lks_type, l.is_active FROM lks l "
               "WHERE l.deleted_at IS NULL AND l.kab_kota_code LIKE '63.%'")


def test_lks_list_search_and_filters_narrow_and_count_like_pandas(app_env):
    rows = _rows(app_env, LIVE_LKS_63)
    at = open_page(app_env, LKS, "sekretariat")
    assert not at.exception
    assert count_line(at) == (len(rows), len(rows)) == (len(table(at)), len(rows))
    at.text_input(key="lks_table_cari").input("  PANTI  ").run()  # case and spaces ignored
    naive = rows[rows["name"].str.lower().str.contains("panti") | rows["address"].fillna("").str.lower()
                 .str.contains("panti")]
    assert 0 < len(naive) < len(rows)
    assert count_line(at) == (len(naive), len(rows)) and len(table(at)) == len(naive)
    at.selectbox(key="lks_table_kab").set_value("63.71").run()
    both = naive[naive["kab_kota_code"] == "63.71"]
    assert count_line(at) == (len(both), len(rows)) and set(table(at)["kab_kota"]) == {"Kota Banjarmasin"}
    assert at.query_params["kab"] == "63.71" and at.query_params["cari"] == "PANTI"  # written to the URL
    at.selectbox(key="lks_table_status").set_value("nonaktif").run()
    gone = both[both["is_active"] == 0]
    assert count_line(at)[0] == len(gone)


def test_lks_list_opens_on_the_filters_in_its_url(app_env):
    rows = _rows(app_env, LIVE_LKS_63)
    at = _open_with_url(app_env, LKS, "sekretariat", kab="63.72", jenis="lansia")
    naive = rows[(rows["kab_kota_code"] == "63.72") & (rows["lks_type"] == "lansia")]
    assert at.selectbox(key="lks_table_kab").value == "63.72" and at.selectbox(key="lks_table_jenis").value == "lansia"
    assert count_line(at) == (len(naive), len(rows)) and set(table(at)["jenis"]) <= {"LKS Lanjut Usia"}


def test_an_operators_crafted_url_shows_nothing_of_another_kab_kota(app_env):
    """?kab=63.72 (Kota Banjarbaru) for the operator of Kota Banjarmasin: its own rows, none of Banjarbaru's."""
    own = _rows(app_env, "SELECT id FROM lks WHERE deleted_at IS NULL AND kab_kota_code = '63.71'")
    at = _open_with_url(app_env, LKS, "operator", kab="63.72", prov="61")
    assert not at.exception
    assert set(table(at)["kab_kota"]) == {"Kota Banjarmasin"} and count_line(at) == (len(own), len(own))
    at = _open_with_url(app_env, "pages/data/bantuan.py", "operator", kab="63.72")
    assert set(table(at)["kab_kota"]) == {"Kota Banjarmasin"}
    at = _open_with_url(app_env, "pages/data/permohonan.py", "operator", kab="63.72")
    assert set(table(at)["kab_kota"]) == {"Kota Banjarmasin"}


def test_bantuan_list_filters_by_year_source_and_kab_kota_counted_like_pandas(app_env):
    rows = _rows(app_env, "SELECT d.distributed_on, d.kab_kota_code, f.name AS source FROM aid_distribution d "
                          "JOIN funding_source f ON f.id = d.funding_source_id "
                          "WHERE d.deleted_at IS NULL AND d.kab_kota_code LIKE '63.%'")
    rows["year"] = rows["distributed_on"].str[:4].astype(int)
    at = open_page(app_env, "pages/data/bantuan.py", "sekretariat")
    this_year = clock.today().year  # the list opens on this year's (all years when there are none yet)
    opened = rows[rows["year"] == this_year] if (rows["year"] == this_year).any() else rows
    assert count_line(at) == (len(opened), len(rows))
    at = _open_with_url(app_env, "pages/data/bantuan.py", "sekretariat", tahun="semua")
    assert count_line(at) == (len(rows), len(rows))
    at.selectbox(key="bantuan_table_tahun").set_value(2023).run()
    in_2023 = rows[rows["year"] == 2023]
    assert count_line(at) == (len(in_2023), len(rows)) and at.query_params["tahun"] == "2023"
    source = in_2023["source"].mode()[0]
    at.selectbox(key="bantuan_table_sumber").set_value(source).run()
    assert count_line(at)[0] == (in_2023["source"] == source).sum()
    assert set(table(at)["funding_source"]) == {source}
    at.text_input(key="bantuan_table_cari").input("lanjut USIA").run()  # the recipient group, case ignored
    assert len(table(at)) and all("lanjut usia" in r.lower() for r in table(at)["recipient"])


def test_kegiatan_list_keeps_events_a_kab_kota_hosted_or_attended(app_env):
    rows = _rows(app_env, "SELECT a.id, a.kab_kota_code FROM activity a WHERE a.deleted_at IS NULL "
                          "AND a.province_code = '63'")
    present = _rows(app_env, "SELECT activity_id FROM activity_kab_kota WHERE kab_kota_code = '63.72'")
    naive = rows[(rows["kab_kota_code"] == "63.72") | rows["id"].isin(present["activity_id"])]
    assert len(naive) > (rows["kab_kota_code"] == "63.72").sum()  # some it only attended
    at = _open_with_url(app_env, "pages/data/kegiatan.py", "sekretariat", kab="63.72")
    assert not at.exception and count_line(at) == (len(naive), len(rows))
    at.text_input(key="keg_table_cari").input("PENGUKUHAN  pengurus").run()
    assert 0 < len(table(at)) < len(naive)
    assert all("pengukuhan pengurus" in t.lower() for t in table(at)["title"])


def test_permohonan_list_for_pimpinan_filters_by_province_status_and_year(app_env):
    rows = _rows(app_env, "SELECT kab_kota_code, status, received_on FROM aid_request WHERE deleted_at IS NULL")
    at = open_page(app_env, "pages/data/permohonan.py", "pimpinan")
    assert count_line(at) == (len(rows), len(rows))
    assert at.selectbox(key="permohonan_table_prov").options  # pimpinan sees three provinces: a province filter
    at.selectbox(key="permohonan_table_prov").set_value("61").run()
    kalbar = rows[rows["kab_kota_code"].str.startswith("61.")]
    assert count_line(at) == (len(kalbar), len(rows))
    assert len(at.selectbox(key="permohonan_table_kab").options) == 1 + 14  # Kalbar's 14 kab/kota, and "Semua"
    at.selectbox(key="permohonan_table_status").set_value("terpenuhi").run()
    done = kalbar[kalbar["status"] == "terpenuhi"]
    assert count_line(at)[0] == len(done) > 0
    assert dict(at.query_params) == {"prov": "61", "status": "terpenuhi"}


def test_sekretariat_has_no_province_filter_where_there_is_one_province(app_env):
    at = open_page(app_env, "pages/data/permohonan.py", "sekretariat")
    assert "permohonan_table_prov" not in [w.key for w in at.selectbox]


def test_donatur_cabang_tindak_lanjut_and_pengguna_lists_filter_and_count(app_env):
    sources = _rows(app_env, "SELECT kind FROM funding_source WHERE deleted_at IS NULL AND province_code = '63'")
    at = open_page(app_env, "pages/data/donatur.py", "sekretariat")
    at.selectbox(key="src_table_jenis").set_value("csr").run()
    assert count_line(at) == ((sources["kind"] == "csr").sum(), len(sources))

    branches = _rows(app_env, "SELECT k.code, b.is_formed FROM kab_kota k LEFT JOIN branch b ON b.kab_kota_code = "
                              "k.code AND b.deleted_at IS NULL WHERE k.province_code = '63'")
    at = open_page(app_env, "pages/data/cabang.py", "sekretariat")
    at.selectbox(key="cab_table_status").set_value("belum").run()
    assert count_line(at) == ((branches["is_formed"] != 1).sum(), len(branches))
    assert set(table(at)["kab_kota"]) == {"Kabupaten Tanah Bumbu", "Kabupaten Kotabaru"}  # DOMAIN.md

    warnings = _rows(app_env, "SELECT status FROM validation_warning WHERE kab_kota_code LIKE '63.%'")
    at = open_page(app_env, "pages/data/tindak_lanjut.py", "sekretariat")
    assert count_line(at) == ((warnings["status"] == "open").sum(), len(warnings))  # opens on the open ones
    at.selectbox(key="tl_table_status").set_value("__semua__").run()  # "Semua status"
    assert count_line(at) == (len(warnings), len(warnings)) and at.query_params["status"] == "semua"

    users = _rows(app_env, "SELECT role FROM app_user")
    at = open_page(app_env, "pages/admin/pengguna.py", "admin")
    at.selectbox(key="user_table_peran").set_value("operator").run()
    assert count_line(at) == ((users["role"] == "operator").sum(), len(users))
