"""Donatur & CSR page through AppTest: sources, cash and goods apart, box collections, scope, stale edits, restore."""

import pytest
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from kesos.errors import PermissionDenied
from kesos.models import AidItem, AuditLog, Donation, FundingSource
from kesos.services import funding as service
from kesos.services.base import CONFLICT_MESSAGE
from tests.pages.datapage import actor_of, form_inputs, beside, db, open_page, plain, select_row, submit, widget_keys

PAGE = "pages/data/donatur.py"


def _cash_this_year():
    """A dashboard figure read through web.query's cache: cash donated to Kalsel this year."""

    import streamlit as st

    from kesos import clock, queries, web
    from kesos.queries.aid import donations_cash

    year = clock.today().year
    filters = queries.scoped(st.session_state["kesos_actor"], queries.Filters("63", None, year, year))
    st.metric("Tunai", int(web.query(donations_cash, filters)["amount"].sum()))


def cash_figure(path) -> int:
    at = AppTest.from_function(_cash_this_year, default_timeout=30)
    at.session_state["kesos_actor"] = actor_of(path, "sekretariat")
    at.run()
    assert not at.exception, at.exception
    return int(at.metric[0].value)


def test_leader_and_operator_read_sources_and_donations_but_write_nothing(app_env):
    for username in ("pimpinan", "operator"):
        at = open_page(app_env, PAGE, username)
        assert not at.exception and len(at.dataframe[0].value) > 0
        assert "Tambah sumber dana" not in plain(at) and not form_inputs(at)
        assert at.segmented_control(key="donatur_section").options == ["Sumber dana", "Donasi masuk"]
        at = select_row(at, "src_table", 0)
        assert not form_inputs(at) and not [b for b in at.button if b.label in ("Simpan", "Ya, hapus", "Pulihkan")]
        at.segmented_control(key="donatur_section").set_value("donasi").run()
        assert "Catat donasi masuk" not in plain(at)
        with db(app_env) as session, pytest.raises(PermissionDenied):
            service.create_source(session=session, actor=actor_of(app_env, username),
                                  data={"province_code": "63", "kind": "csr", "name": "PT Diam-diam"})
    operator_at = open_page(app_env, PAGE, "operator")
    assert operator_at.selectbox(key="donatur_province").options == ["Kalimantan Selatan"]
    assert "dicatat oleh sekretariat provinsi" in plain(operator_at)
    with db(app_env) as session, pytest.raises(PermissionDenied):  # another province's secretariat
        service.create_source(session=session, actor=actor_of(app_env, "sekretariat_kalbar"),
                              data={"province_code": "63", "kind": "csr", "name": "PT Lintas Provinsi"})


def test_a_donation_box_needs_its_location_then_it_is_listed(app_env):
    at = open_page(app_env, PAGE, "sekretariat")
    at.selectbox(key="src_add_0_kind").set_value("kotak_sumbangan")
    at.text_input(key="src_add_0_name").input("Kotak Sumbangan Pasar Lama")
    at = submit(at)
    assert beside(at, "src_add_0_location") == "Lokasi kotak wajib diisi."
    assert at.text_input(key="src_add_0_name").value == "Kotak Sumbangan Pasar Lama"
    at.text_input(key="src_add_0_location").input("Pasar Lama, Banjarmasin")
    at = submit(at)
    assert "Sumber dana “Kotak Sumbangan Pasar Lama” tersimpan." in plain(at)
    assert "Kotak Sumbangan Pasar Lama" in list(at.dataframe[0].value["name"])


def test_cash_and_goods_are_entered_and_totalled_apart_and_the_dashboard_moves_at_once(app_env):
    before = cash_figure(app_env)
    with db(app_env) as session:
        source = session.exec(select(FundingSource).where(FundingSource.name == "PT Bank Intan Banua")).one().id
        item = session.exec(select(AidItem).where(AidItem.deleted_at.is_(None))).first()
        item_id, item_name = item.id, item.name
    at = open_page(app_env, PAGE, "sekretariat")
    at.segmented_control(key="donatur_section").set_value("donasi").run()
    cash_before = at.metric[0].value
    at.selectbox(key="don_add_0_funding_source_id").set_value(source)
    at.text_input(key="don_add_0_amount_rupiah").input("25 juta")
    at = submit(at)
    assert beside(at, "don_add_0_amount_rupiah") == "Jumlah uang harus berupa angka rupiah, misalnya 25.000.000." \
        or "angka rupiah" in beside(at, "don_add_0_amount_rupiah")
    assert at.text_input(key="don_add_0_amount_rupiah").value == "25 juta"
    at.text_input(key="don_add_0_amount_rupiah").input("25.000.000")
    at = submit(at)
    assert "Donasi Rp 25.000.000 dari " in plain(at) and "Rp 25.000.000" in list(at.dataframe[0].value["uang"])
    assert at.metric[0].value != cash_before
    assert cash_figure(app_env) == before + 25_000_000  # the cached dashboard figure moved on

    at.radio(key="don_add_1_kind").set_value("barang").run()
    assert "don_add_1_amount_rupiah" not in widget_keys(at)  # goods have no rupiah field
    at.selectbox(key="don_add_1_funding_source_id").set_value(source)
    at.selectbox(key="don_add_1_aid_item_id").set_value(item_id)
    at.number_input(key="don_add_1_quantity").set_value(40)
    cash_after = at.metric[0].value
    at = submit(at)
    assert "tersimpan." in " ".join(e.value for e in at.success)
    assert at.metric[0].value == cash_after  # goods never add to the rupiah
    assert any(item_name in row for row in at.dataframe[0].value["barang"])
    assert cash_figure(app_env) == before + 25_000_000


def test_a_box_collection_that_does_not_add_up_stores_nothing_then_is_stored_whole(app_env):
    at = open_page(app_env, PAGE, "sekretariat")
    at.segmented_control(key="donatur_section").set_value("kotak").run()
    at.text_input(key="box_0_batch_ref").input("KS-UJI-01")
    at.text_input(key="box_0_expected_total").input("400.000")
    at.session_state["box_0_grid"] = {"edited_rows": {0: {"jumlah": 100000}, 1: {"jumlah": 250000}},
                                      "added_rows": [], "deleted_rows": []}
    at.run()
    assert "Rp 350.000" in plain(at)  # the running total
    at.text_input(key="box_0_expected_total").input("350.000")
    at.session_state["box_0_grid"] = {"edited_rows": {0: {"jumlah": 100000}, 1: {"jumlah": -5}},
                                      "added_rows": [], "deleted_rows": []}
    at = submit(at.run(), "Simpan pengumpulan")
    with db(app_env) as session:
        second_box = service.box_options(session, "63")["name"].iloc[1]
    assert f"{second_box}: Jumlah uang tidak boleh kurang dari Rp 1." in plain(at)  # named by its box
    at.text_input(key="box_0_expected_total").input("400.000")
    at.session_state["box_0_grid"] = {"edited_rows": {0: {"jumlah": 100000}, 1: {"jumlah": 250000}},
                                      "added_rows": [], "deleted_rows": []}
    at.run()
    at = submit(at, "Simpan pengumpulan")
    assert "selisih Rp 50.000" in (beside(at, "box_0_expected_total") or ""), plain(at)
    assert at.text_input(key="box_0_batch_ref").value == "KS-UJI-01"
    with db(app_env) as session:
        assert not session.exec(select(Donation).where(Donation.batch_ref == "KS-UJI-01")).all()
    at.text_input(key="box_0_expected_total").input("350.000")
    at = submit(at, "Simpan pengumpulan")
    assert "Pengumpulan KS-UJI-01 tersimpan: 2 kotak, Rp 350.000." in plain(at)
    with db(app_env) as session:
        stored = session.exec(select(Donation).where(Donation.batch_ref == "KS-UJI-01")).all()
    assert sorted(d.amount_rupiah for d in stored) == [100_000, 250_000]


def test_stale_source_edit_is_refused_then_delete_and_restore_by_the_secretariat(app_env):
    at = select_row(open_page(app_env, PAGE, "sekretariat"), "src_table", 0)
    [key] = [k for k in widget_keys(at) if k.startswith("src_edit_") and k.endswith("_contact")]
    source_id, version = map(int, key.split("_")[2:4])
    with db(app_env) as session:
        record = session.get(FundingSource, source_id)
        service.update_source(session=session, actor=actor_of(app_env, "sekretariat"), source_id=source_id,
                              data=record.model_dump() | {"contact": "0511-000"}, expected_version=version)
        session.commit()
    at.text_input(key=key).input("kontak saya")
    at = submit(at)
    assert CONFLICT_MESSAGE in [e.value for e in at.error] and at.text_input(key=key).value == "kontak saya"
    at = submit(at, "Muat ulang data terbaru")
    assert at.text_input(key=f"src_edit_{source_id}_{version + 1}_contact").value == "0511-000"
    at = submit(at, "Ya, hapus")
    assert "Sumber dana dihapus." in plain(at)
    at.selectbox(key="src_restore_deleted").set_value(source_id)
    at = submit(at, "Pulihkan")
    assert "Sumber dana dipulihkan: " in plain(at)
    with db(app_env) as session:
        assert session.get(FundingSource, source_id).deleted_at is None
        actions = [a.action for a in session.exec(select(AuditLog).where(
            AuditLog.table_name == "funding_source", AuditLog.record_id == str(source_id)))]
    assert actions[-3:] == ["update", "delete", "restore"]


def test_the_province_section_and_year_are_kept_in_the_url(app_env):
    """A link or a reload reopens the same view: Donatur's province, section and donation year, and Cabang's
    province, are read from the URL and written back to it."""
    at = AppTest.from_file(str(__import__("tests.pages.datapage", fromlist=["ROOT"]).ROOT / PAGE), default_timeout=30)
    at.session_state["kesos_actor"] = actor_of(app_env, "pimpinan")
    at.query_params.update({"prov": "61", "bagian": "donasi", "tahun": "2024"})
    at.run()
    assert not at.exception
    assert at.selectbox(key="donatur_province").value == "61"
    assert at.selectbox(key="don_year").value == 2024
    at.selectbox(key="don_year").set_value(2023).run()
    assert at.query_params["tahun"] == "2023" and at.query_params["prov"] == "61"
    assert at.query_params["bagian"] == "donasi"

    branch = AppTest.from_file(str(__import__("tests.pages.datapage", fromlist=["ROOT"]).ROOT / "pages/data/cabang.py"),
                               default_timeout=30)
    branch.session_state["kesos_actor"] = actor_of(app_env, "pimpinan")
    branch.query_params["prov"] = "61"
    branch.run()
    assert not branch.exception and branch.selectbox(key="cab_province").value == "61"
