"""Tindak lanjut: the warnings saved with a reason (validasi), followed up and closed by the secretariat."""

import streamlit as st

from kesos import clock, fmt, queries, web
from kesos.services import validation_warning as service

actor = web.require_page("tindak-lanjut")
names = web.kab_kota_names(actor)
provinces = web.query(queries.provinces, actor)
province_names = dict(zip(provinces["code"], provinces["name"]))
st.title("Tindak lanjut")
st.caption("Angka yang tidak biasa (melebihi kapasitas, jauh dari bulan-bulan sebelumnya, tiba-tiba nol, nilai per "
           "satuan tidak biasa) yang tetap disimpan dengan alasan. Periksa ke kab/kota atau LKS, lalu tutup dengan "
           "catatan.")
may_close = service.may_close(actor)
if not may_close:
    st.info("Anda dapat melihat peringatan kab/kota Anda; sekretariat yang menindaklanjuti dan menutupnya.")

with web.session() as s:
    frame = service.list_warnings(session=s, actor=actor, status=None, limit=100_000)
if frame.empty:
    st.success("Tidak ada peringatan untuk ditindaklanjuti.", icon=":material/check_circle:")
    st.stop()

# The day it was saved in its province's zone (created_at is UTC: 00.30 WIB on the 3rd is still the 2nd in UTC).
saved_on = [fmt.tanggal(clock.in_zone(moment, code[:2]).date()) for moment, code in zip(frame["created_at"],
                                                                                     frame["kab_kota_code"])]
view = frame.assign(saved=saved_on, period=[fmt.bulan(y, m) for y, m in zip(
    frame["year"], frame["month"])], state=frame["status"].map(service.STATUSES), provinsi=frame["kab_kota_code"].str[:2])
headers = {"saved": "Disimpan", "kab_kota": "Kab/kota", "period": "Periode", "subject": "Data",
           "rule_label": "Pemeriksaan", "message": "Peringatan", "reason": "Alasan", "created_by": "Oleh",
           "state": "Status", "closing_note": "Catatan penutupan"}
filters = [web.ListFilter("prov", "provinsi", "Provinsi", "Semua provinsi", options=province_names),
           web.ListFilter("kab", "kab_kota_code", "Kabupaten/kota", "Semua kab/kota", options=names, within="prov"),
           web.ListFilter("status", "status", "Status", "Semua status", options=service.STATUSES, default="open"),
           web.ListFilter("pemeriksaan", "rule_label", "Pemeriksaan", "Semua pemeriksaan"),
           web.ListFilter("tahun", "year", "Tahun", "Semua tahun", descending=True)]
row = web.record_list(view, headers, key="tl_table", noun="peringatan", export="tindak-lanjut", pinned="tl_close",
                      filters=filters, search="Cari LKS, barang, alasan atau catatan",
                      search_columns=["subject", "message", "reason", "closing_note", "created_by"],
                      caption="Pilih satu baris untuk melihat atau menutupnya.")
web.show_flash("tindak_lanjut")  # a warning just closed leaves the open list: its confirmation stays in view
if row is None:
    st.stop()

picked = view.loc[row]
st.subheader(web.as_text(f"{picked['subject']} · {picked['kab_kota']} · {picked['period']}"))
st.markdown(web.as_text(f"**{picked['rule_label']}**: {picked['message']}"))
st.markdown(web.as_text(f"Alasan dari {picked['created_by']}: {picked['reason']}"))
if picked["status"] == "closed":
    st.markdown(web.as_text(f"Ditutup oleh {picked['closed_by']} ({fmt.tanggal(picked['closed_at'])}): "
                            f"{picked['closing_note']}"))
elif may_close:
    warning_id = int(picked["id"])
    version = web.pinned_version("tl_close", warning_id, int(picked["version"]))
    key = f"tl_close_{warning_id}_{version}"
    note = st.text_area("Catatan penutupan", key=f"{key}_note", max_chars=1000,
                        placeholder="apa yang diperiksa dan hasilnya, misalnya: sudah dikonfirmasi ke pengurus LKS")
    web.field_error(key, "closing_note")
    web.form_error(key)
    if st.button("Tutup peringatan", type="primary", key=f"{key}_save"):
        def close(s):
            closed = service.close_warning(session=s, actor=actor, warning_id=warning_id, note=note,
                                           expected_version=version)
            web.unpick_rows()  # it leaves the open list: its neighbour must not open in its place
            return closed

        web.save_then_rerun(key, close, page="tindak_lanjut", message="Peringatan ditutup.", pinned="tl_close")
    web.reload_button("tl_close", key)
web.history_panel("validation_warning", int(picked["id"]))
