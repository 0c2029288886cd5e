"""Cabang and Permohonan pages through AppTest: scope, messages beside fields, overview, stale saves, restore."""


import pytest
from sqlmodel import select

from kesos import clock
from kesos.errors import PermissionDenied
from kesos.models import AidRequest, AuditLog, BoardTerm, Branch
from kesos.services import aid_request as request_service
from kesos.services import branch as branch_service
from kesos.services.base import CONFLICT_MESSAGE
from tests.pages.datapage import actor_of, form_inputs, beside, db, headline, open_page, plain, select_row, submit, widget_keys

CABANG = "pages/data/cabang.py"
PERMOHONAN = "pages/data/permohonan.py"
NIK = "6371014501900001"  # born 5 January 1990, a woman (day + 40)


def _row(at, column: str, value: str) -> int:
    return list(at.dataframe[0].value[column]).index(value)


def test_cabang_leader_reads_and_operator_sees_only_its_own_branch(app_env):
    at = select_row(open_page(app_env, CABANG, "pimpinan"), "cab_table", 0)
    assert not at.exception and not form_inputs(at) and not [b for b in at.button if "Simpan" in b.label]
    at = open_page(app_env, CABANG, "operator")
    assert list(at.dataframe[0].value["kab_kota"]) == ["Kota Banjarmasin"]
    assert at.checkbox(key=next(k for k in widget_keys(at) if k.endswith("_formed"))) is not None
    for username in ("pimpinan", "operator"):
        with db(app_env) as session, pytest.raises(PermissionDenied):
            branch_service.save_branch(session=session, actor=actor_of(app_env, username), kab_kota_code="63.10",
                                       data={"is_formed": False}, expected_version=None)


def test_forming_a_branch_needs_its_decree_then_the_overview_counts_it(app_env):
    before = headline(app_env, "sekretariat")["Cabang terbentuk"]
    at = open_page(app_env, CABANG, "sekretariat")
    at = select_row(at, "cab_table", _row(at, "kab_kota", "Kabupaten Tanah Bumbu"))
    [key] = [k[:-len("_formed")] for k in widget_keys(at) if k.endswith("_formed")]
    at.checkbox(key=f"{key}_formed").check()
    at.text_input(key=f"{key}_chair").input("Hj. Rahmah")
    at = submit(at)
    assert "wajib" in beside(at, f"{key}_number") and "wajib" in beside(at, f"{key}_date")
    assert at.text_input(key=f"{key}_chair").value == "Hj. Rahmah" and at.checkbox(key=f"{key}_formed").value
    at.text_input(key=f"{key}_number").input("188.44/012/2025")
    at.date_input(key=f"{key}_date").set_value(clock.today())  # on 1 January too
    at = submit(at)
    assert not at.exception and "Cabang Kabupaten Tanah Bumbu tersimpan." in plain(at)
    formed, total = before.split(" dari ")
    assert headline(app_env, "sekretariat")["Cabang terbentuk"] == f"{int(formed) + 1} dari {total}"


def test_cabang_stale_save_is_refused_and_a_board_term_is_deleted_and_restored(app_env):
    at = open_page(app_env, CABANG, "sekretariat")
    at = select_row(at, "cab_table", _row(at, "kab_kota", "Kota Banjarmasin"))
    [key] = [k[:-len("_formed")] for k in widget_keys(at) if k.endswith("_formed")]
    with db(app_env) as session:
        branch = session.exec(select(Branch).where(Branch.kab_kota_code == "63.71")).one()
        branch_id = branch.id
        branch_service.save_branch(session=session, actor=actor_of(app_env, "sekretariat"), kab_kota_code="63.71",
                                   data=branch.model_dump() | {"chair_name": "Ketua baru"},
                                   expected_version=branch.version)
        session.commit()
    at.text_input(key=f"{key}_chair").input("Ketua yang saya ketik")
    at = submit(at)
    assert CONFLICT_MESSAGE in [e.value for e in at.error]
    assert at.text_input(key=f"{key}_chair").value == "Ketua yang saya ketik"
    at = submit(at, "Muat ulang data terbaru")
    term_id = at.selectbox(key=f"cab_term_{branch_id}").value  # the demo branch has board terms
    at = submit(at, "Hapus masa bakti ini")
    assert "Masa bakti dihapus." in plain(at)
    at = submit(at, "Pulihkan")
    assert "Masa bakti dipulihkan: " in plain(at)
    with db(app_env) as session:
        assert session.get(BoardTerm, term_id).deleted_at is None
        actions = [a.action for a in session.exec(select(AuditLog).where(
            AuditLog.table_name == "board_term", AuditLog.record_id == str(term_id)))]
    assert actions[-2:] == ["delete", "restore"]


def test_permohonan_leader_sees_masked_nik_and_no_form(app_env):
    at = open_page(app_env, PERMOHONAN, "pimpinan")
    niks = [n for n in at.dataframe[0].value["nik"] if n]
    assert niks and all(n[4:14] == "*" * 10 for n in niks)  # region code and last two digits only
    assert "Catat permohonan" not in plain(at) and not form_inputs(at)
    with db(app_env) as session, pytest.raises(PermissionDenied):
        request_service.create_request(session=session, actor=actor_of(app_env, "pimpinan"), data={
            "applicant_name": "Siti", "kab_kota_code": "63.71", "received_on": clock.today(), "need": "kursi roda"})


def test_permohonan_operator_scope_and_a_bad_nik_is_explained_beside_it(app_env):
    at = open_page(app_env, PERMOHONAN, "operator")
    assert set(at.dataframe[0].value["kab_kota"]) == {"Kota Banjarmasin"}
    assert at.selectbox(key="permohonan_add_0_kab_kota_code").options == ["Kota Banjarmasin"]
    at.selectbox(key="permohonan_add_0_kab_kota_code").set_value("63.71")
    at.text_input(key="permohonan_add_0_applicant_name").input("Siti Aminah")
    at.text_input(key="permohonan_add_0_nik").input(NIK[:-1])
    at.text_area(key="permohonan_add_0_need").input("Kursi roda untuk anak")
    at = submit(at)
    assert beside(at, "permohonan_add_0_nik") == "NIK harus 16 angka (sekarang 15)."
    assert at.text_input(key="permohonan_add_0_applicant_name").value == "Siti Aminah"
    assert at.text_area(key="permohonan_add_0_need").value == "Kursi roda untuk anak"
    at.text_input(key="permohonan_add_0_nik").input(NIK)
    at = submit(at)
    assert not at.exception and "tersimpan dengan status Diterima." in plain(at)
    assert "Siti Aminah" in list(at.dataframe[0].value["applicant_name"])
    with db(app_env) as session, pytest.raises(PermissionDenied):
        request_service.create_request(session=session, actor=actor_of(app_env, "operator"), data={
            "applicant_name": "Siti", "kab_kota_code": "63.72", "received_on": clock.today(), "need": "kursi roda"})


def test_permohonan_stale_status_change_is_refused_then_delete_and_restore(app_env):
    sekretariat = actor_of(app_env, "sekretariat")
    with db(app_env) as session:
        frame = request_service.list_requests(session=session, actor=sekretariat)
    row = next(i for i, s in enumerate(frame["status"]) if "ditolak" in request_service.next_statuses_for(sekretariat, s))
    record_id = int(frame.iloc[row]["id"])
    at = select_row(open_page(app_env, PERMOHONAN, "sekretariat"), "permohonan_table", row)
    with db(app_env) as session:
        record = session.get(AidRequest, record_id)
        request_service.update_request(session=session, actor=sekretariat, request_id=record_id,
                                       data=record.model_dump() | {"need": "Diubah orang lain"},
                                       expected_version=record.version)
        session.commit()
    at.selectbox(key=next(k for k in widget_keys(at) if k.endswith("_next"))).set_value("ditolak")
    at = submit(at, "Ubah status")
    assert CONFLICT_MESSAGE in [e.value for e in at.error]
    with db(app_env) as session:
        assert session.get(AidRequest, record_id).status != "ditolak"
    at = submit(at, "Muat ulang data terbaru")
    at = submit(at, "Ya, hapus")
    assert "Permohonan dihapus." in plain(at)
    at.selectbox(key="permohonan_deleted").set_value(record_id)
    at = submit(at, "Pulihkan")
    assert "Permohonan dipulihkan: " in plain(at)
    with db(app_env) as session:
        assert session.get(AidRequest, record_id).deleted_at is None
