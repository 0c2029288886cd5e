"""Tindak lanjut: the warnings saved with a reason (validasi), followed up and closed by the secretariat."""

import streamlit as st

from kesos import fmt, web
from kesos.services import validation_warning as service

actor = web.require_page("tindak-lanjut")
names = web.kab_kota_names(actor)
st.title("Tindak lanjut")
st.caption("Angka yang tidak biasa (melebihi kapasitas, jauh dari bulan-bulan sebelumnya, tiba-tiba nol, nilai per "
           "satuan tidak biasa) yang tetap disimpan dengan alasan. Periksa ke kab/kota atau LKS, lalu tutup dengan "
           "catatan.")
web.show_flash("tindak_lanjut")
may_close = service.may_close(actor)
if not may_close:
    st.info("Anda dapat melihat peringatan kab/kota Anda; sekretariat yang menindaklanjuti dan menutupnya.")

columns = st.columns([1, 2])
status = columns[0].selectbox("Status", list(service.STATUSES) + [None], key="tl_status",
                              format_func=lambda s: service.STATUSES.get(s, "Semua"))
codes = list(names)
kab_kota = columns[1].selectbox("Kabupaten/kota", [None] + codes if len(codes) > 1 else codes, key="tl_kab",
                                format_func=lambda c: names.get(c, "Semua kab/kota"))
with web.session() as s:
    frame = service.list_warnings(session=s, actor=actor, status=status, kab_kota_code=kab_kota)
if frame.empty:
    st.success("Tidak ada peringatan untuk ditindaklanjuti." if status == "open" else "Tidak ada peringatan.",
               icon=":material/check_circle:")
    st.stop()

view = frame.assign(saved=frame["created_at"].map(fmt.tanggal), period=[fmt.bulan(y, m) for y, m in zip(
    frame["year"], frame["month"])], state=frame["status"].map(service.STATUSES))
headers = {"saved": "Disimpan", "kab_kota": "Kab/kota", "period": "Periode", "subject": "Data",
           "rule_label": "Pemeriksaan", "message": "Peringatan", "reason": "Alasan", "created_by": "Oleh",
           "state": "Status", "closing_note": "Catatan penutupan"}
row = web.record_list(view, headers, key="tl_table", export="tindak-lanjut", pinned="tl_close",
                      caption=f"{fmt.number(len(frame))} peringatan. Pilih satu baris untuk melihat atau menutupnya.")
if row is None:
    st.stop()

picked = view.iloc[row]
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
