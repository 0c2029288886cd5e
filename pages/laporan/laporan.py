"""Laporan: a laporan wilayah as PDF or Excel for the chosen place and years, and earlier reports again."""

from datetime import datetime, timezone

import pandas as pd
import streamlit as st

from kesos import fmt, reports, web

actor = web.require_page("laporan")
st.title("Laporan wilayah")
st.caption("Laporan untuk gubernur dan rapat: angka utama, LKS, penerima manfaat, bantuan dan sumber dana, "
           "cabang dan kegiatan, dengan grafiknya. Setiap laporan yang dibuat disimpan dengan nomornya, "
           "sehingga angka yang dikutip dapat dibuka lagi persis sama walaupun data sudah berubah.")

filters = web.filter_bar(actor, year_range=True)
request = reports.ReportRequest(filters.province_code, filters.kab_kota_code, filters.year_from, filters.year_to)

LAST = "laporan_terakhir"
columns = st.columns([1, 1, 3])
for column, format, icon in ((columns[0], "pdf", ":material/picture_as_pdf:"),
                             (columns[1], "xlsx", ":material/table_view:")):
    if column.button(f"Buat laporan {reports.FORMAT_LABELS[format]}", key=f"laporan_buat_{format}", icon=icon,
                     type="primary" if format == "pdf" else "secondary", width="stretch"):
        with st.spinner("Menyusun laporan…"):
            made = web.run_write("laporan", lambda s, f=format: reports.generate(s, actor, request, f))
        st.session_state[LAST] = made
web.form_error("laporan")

made = st.session_state.get(LAST)
if made is not None:
    st.success(f"Laporan No. {made.number} sudah dibuat dan disimpan.", icon=":material/check_circle:")
    st.download_button(f"Unduh {made.filename}", made.content, file_name=made.filename, mime=made.mime,
                       icon=":material/download:", key="laporan_unduh_baru", on_click="ignore")

st.subheader("Laporan yang pernah dibuat")
with web.session() as s:
    snapshots = reports.list_snapshots(s, actor)
if snapshots.empty:
    st.info("Belum ada laporan yang dibuat untuk wilayah Anda.")
    st.stop()


def _local(stored) -> datetime:
    """Snapshot times are stored in UTC (fmt.waktu shows them in the province's zone, like the report)."""
    stored = pd.Timestamp(stored).to_pydatetime()
    return stored if stored.tzinfo else stored.replace(tzinfo=timezone.utc)


def _period(start, end) -> str:
    return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"


table = snapshots.assign(
    dibuat=[fmt.waktu(_local(t), code) for t, code in zip(snapshots["created_at"], snapshots["province_code"])],
    wilayah=[k if isinstance(k, str) else f"Provinsi {p}"
             for p, k in zip(snapshots["province"], snapshots["kab_kota"])],
    periode=[_period(a, b) for a, b in zip(snapshots["period_start"], snapshots["period_end"])],
    jenis=snapshots["format"].map(reports.FORMAT_LABELS),
)
st.dataframe(
    table[["number", "dibuat", "username", "wilayah", "periode", "jenis", "filename"]],
    hide_index=True, placeholder="", width="stretch",
    column_config={"number": st.column_config.NumberColumn("Nomor", format="%d"), "dibuat": "Dibuat",
                   "username": "Oleh", "wilayah": "Wilayah", "periode": "Periode", "jenis": "Format",
                   "filename": "Berkas"},
)
labels = dict(zip(table["number"], [f"No. {n} · {w} · {p} · {j}" for n, w, p, j in
                                    zip(table["number"], table["wilayah"], table["periode"], table["jenis"])]))
left, right = st.columns([3, 1], vertical_alignment="bottom")
# Keyed by the newest number, so a report just made is the one offered first.
number = left.selectbox("Unduh lagi laporan nomor", list(labels), format_func=labels.get,
                        key=f"laporan_nomor_{max(labels)}")
with web.session() as s:
    stored = reports.get_snapshot(s, actor, int(number))
right.download_button("Unduh", stored.content, file_name=stored.filename, mime=stored.mime,
                      icon=":material/download:", key="laporan_unduh_lama", on_click="ignore", width="stretch")
st.caption(f"Sidik jari berkas (SHA-256): `{stored.sha256}` — sama dengan saat laporan dibuat.")
