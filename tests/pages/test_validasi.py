"""Validasi through the pages: a warning beside the grid row, saved with a reason, on the Tindak lanjut
list, closed there with a note; operators read their own list; the import preview shows warnings."""

import pandas as pd
import pytest
from sqlmodel import select

from kesos.errors import PermissionDenied
from kesos.models import BeneficiaryCount, Lks, ValidationWarning
from kesos.services import validation_warning as service
from tests.pages.datapage import actor_of, db, open_page, plain, select_row, submit

GRID = "pages/data/penerima_manfaat.py"
FOLLOW_UP = "pages/data/tindak_lanjut.py"
IMPORT = "pages/data/impor.py"
YEAR, MONTH = 2026, 10  # the demo's last month: every LKS has a year of history before it


def _count(path, lks_id: int) -> tuple[int, int]:
    with db(path) as session:
        count = session.exec(select(BeneficiaryCount).where(
            BeneficiaryCount.lks_id == lks_id, BeneficiaryCount.year == YEAR, BeneficiaryCount.month == MONTH)).one()
        return count.women, count.men


def _editor(at):
    """The grid as the data editor draws it (with its Peringatan column)."""
    [editor] = [e for e in at.dataframe if e.key == f"pm_editor_{_gen(at)}"]
    return editor.value


def _gen(at) -> int:
    return at.session_state["pm_grid"]["generation"]


def _open_grid(path, username="sekretariat"):
    at = open_page(path, GRID, username)
    at.selectbox(key="pm_kab").set_value("63.71").run()
    at.selectbox(key="pm_year").set_value(YEAR).run()
    return at.selectbox(key="pm_month").set_value(MONTH).run()


def test_unusual_row_is_warned_beside_it_saved_with_a_reason_then_followed_up_and_closed(app_env):
    at = _open_grid(app_env)
    first = at.session_state["pm_grid"]["grid"].iloc[0]
    lks_id, name, before = int(first["lks_id"]), first["name"], _count(app_env, int(first["lks_id"]))
    at.session_state[f"pm_editor_{_gen(at)}"] = {"edited_rows": {0: {"women": 400}}, "added_rows": [],
                                                 "deleted_rows": []}
    at = submit(at.run(), "Simpan tabel")
    assert not at.exception, at.exception
    total = 400 + before[1]
    message = next(w.value for w in at.warning if w.value.startswith(name))
    assert f"Jumlah {total} orang jauh di atas biasanya" in message
    assert "jauh di atas biasanya" in _editor(at)["warning"].iloc[0]  # beside the row, in the grid
    assert pd.isna(_editor(at)["warning"].iloc[1])  # the usual rows carry none
    assert "tulis alasannya di kolom Alasan" in plain(at)
    assert _count(app_env, lks_id) == before  # nothing stored
    assert _editor(at)["women"].iloc[0] == 400  # what was typed is still in the grid
    assert int(at.metric[0].value.replace(".", "")) >= 400

    at.text_input(key="pm_warnings_reason").input("Laporan susulan: termasuk layanan harian di luar panti")
    at = submit(at, "Simpan tabel")
    assert not at.exception, at.exception
    assert "1 diubah" in plain(at) and "Peringatan dicatat untuk tindak lanjut sekretariat." in plain(at)
    assert _count(app_env, lks_id) == (400, before[1])

    follow = open_page(app_env, FOLLOW_UP, "sekretariat")
    listed = follow.dataframe[0].value
    assert listed.iloc[0]["subject"] == f"Penerima manfaat · {name}"
    assert listed.iloc[0]["reason"] == "Laporan susulan: termasuk layanan harian di luar panti"
    assert f"Jumlah {total} orang jauh di atas biasanya" in listed.iloc[0]["message"]
    with db(app_env) as session:
        warning = session.exec(select(ValidationWarning).order_by(ValidationWarning.id.desc())).first()
    follow = select_row(follow, "tl_table", 0)
    assert not follow.exception, follow.exception
    follow = submit(follow, "Tutup peringatan")  # without a note: refused beside the note
    assert "Catatan penutupan wajib diisi." in plain(follow)
    follow.text_area(key=f"tl_close_{warning.id}_{warning.version}_note").input("Dikonfirmasi ke pengurus LKS.")
    follow = submit(follow, "Tutup peringatan")
    assert not follow.exception, follow.exception
    assert "Peringatan ditutup." in plain(follow)
    assert not follow.subheader and "Tutup peringatan" not in [b.label for b in follow.button]  # no neighbour opens
    with db(app_env) as session:
        closed = session.get(ValidationWarning, warning.id)
        assert (closed.status, closed.closing_note, closed.closed_by) == (
            "closed", "Dikonfirmasi ke pengurus LKS.", "sekretariat")
    assert warning.id not in set(follow.dataframe[0].value.get("id", []))
    assert f"Jumlah {total} orang" not in " ".join(follow.dataframe[0].value["message"])


def test_operator_reads_its_own_follow_up_list_and_cannot_close_leaders_have_no_list(app_env):
    at = open_page(app_env, FOLLOW_UP, "operator")
    assert not at.exception, at.exception
    assert set(at.dataframe[0].value["kab_kota"]) == {"Kota Banjarmasin"}
    assert "sekretariat yang menindaklanjuti" in plain(at)
    at = select_row(at, "tl_table", 0)
    assert "Tutup peringatan" not in [b.label for b in at.button] and not at.text_area
    leader = open_page(app_env, FOLLOW_UP, "pimpinan")
    assert [e.value for e in leader.error] == ["Anda tidak punya akses ke halaman ini."]
    with db(app_env) as session:
        warning = session.exec(select(ValidationWarning).where(ValidationWarning.status == "open",
                                                               ValidationWarning.kab_kota_code == "63.71")).first()
        for username in ("operator", "pimpinan", "operator_pontianak", "sekretariat_kalbar"):
            with pytest.raises(PermissionDenied):  # a crafted call, past the page
                service.close_warning(session=session, actor=actor_of(app_env, username), warning_id=warning.id,
                                      note="tutup", expected_version=warning.version)


def test_secretariat_sees_the_demo_warnings_of_its_province_one_closed(app_env):
    at = open_page(app_env, FOLLOW_UP, "sekretariat")
    open_rows = at.dataframe[0].value
    assert len(open_rows) >= 3 and set(open_rows["state"]) == {"Terbuka"}
    assert "Nilai per satuan tidak biasa" in set(open_rows["rule_label"])
    at.selectbox(key="tl_table_status").set_value("closed").run()
    closed = at.dataframe[0].value
    assert len(closed) == 1 and closed.iloc[0]["closing_note"].startswith("Sudah dicek ke pengurus LKS")
    other = open_page(app_env, FOLLOW_UP, "sekretariat_kalbar")
    assert "Tidak ada peringatan untuk ditindaklanjuti." in plain(other)


def test_import_preview_shows_the_warnings_and_confirming_needs_a_reason(app_env):
    with db(app_env) as session:
        home = session.exec(select(Lks).where(Lks.name == "Panti Asuhan Harapan Bangsa")).one()
    csv = ("Kabupaten/Kota;Nama LKS;Tahun;Bulan;Perempuan;Laki-laki\n"
           f"Kota Banjarmasin;{home.name};{YEAR};{MONTH};300;200\n")
    at = open_page(app_env, IMPORT, "operator")
    at.radio(key="impor_kind").set_value("penerima-manfaat").run()
    at.file_uploader[0].upload("pm.csv", csv.encode("utf-8"), "text/csv")
    at = at.run()
    assert not at.exception, at.exception
    assert "Peringatan (1)" in [t.label for t in at.tabs]
    warnings = at.table[0].value
    assert "500 orang melebihi kapasitas LKS (76 orang)" in warnings["Peringatan"].iloc[0]
    assert "jauh di atas biasanya" in warnings["Peringatan"].iloc[1]
    at = submit(at, "Simpan 1 baris")
    assert "tulis alasannya di kolom Alasan" in plain(at)
    assert _count(app_env, home.id) != (300, 200)
    at.text_input(key="impor_warnings_reason").input("Angka gabungan dua bulan, akan dikoreksi")
    at = submit(at, "Simpan 1 baris")
    assert not at.exception, at.exception
    assert "Impor selesai: 1 baris ditambah" in plain(at) or "0 baris ditambah, 1 diubah" in plain(at)
    assert _count(app_env, home.id) == (300, 200)
    with db(app_env) as session:
        stored = session.exec(select(ValidationWarning).where(ValidationWarning.created_by == "operator",
                                                              ValidationWarning.reason.like("Angka gabungan%"))).all()
    assert {w.rule for w in stored} == {"above_capacity", "far_from_history"}
