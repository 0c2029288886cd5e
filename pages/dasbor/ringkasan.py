"""Ringkasan: the deployment's headline figures and LKS by type per kab/kota."""

import streamlit as st

from kesos import charts, fmt, queries, web
from kesos.queries.lks import lks_by_type_per_kab_kota

actor = web.require_page("ringkasan")
st.title("Ringkasan")
filters = web.filter_bar(actor)

figures = web.query(queries.headline, filters)
columns = st.columns([1, 1, 1.5, 0.8, 1.2])  # the rupiah figure is the widest
columns[0].metric("LKS terdaftar", fmt.number(figures["lks"]), help=f"Pada akhir tahun {figures['year']}")
month_note = (
    f"Jumlah orang yang dilayani pada {fmt.bulan(figures['year'], figures['beneficiaries_month'])}"
    if figures["beneficiaries_month"] else "Belum ada data penerima manfaat tahun ini"
)
columns[1].metric("Penerima manfaat", fmt.number(figures["beneficiaries"]), help=month_note)
columns[2].metric("Nilai bantuan", fmt.rupiah_short(figures["aid_value"]),
                  help=f"{fmt.rupiah(figures['aid_value'])} dalam {fmt.number(figures['aid_count'])} penyaluran")
columns[3].metric("Kegiatan", fmt.number(figures["activities"]), help="Rapat dan kegiatan yang dimulai tahun ini")
columns[4].metric("Cabang terbentuk", f"{figures['branches_formed']} dari {figures['branches_total']}",
                  help="Cabang kab/kota yang sudah terbentuk (SK) pada akhir tahun")

st.subheader(f"LKS per jenis di tiap kab/kota, {filters.year}")
frame = web.query(lks_by_type_per_kab_kota, filters)
if frame.empty:
    st.info("Belum ada LKS yang tercatat untuk pilihan ini.")
else:
    # Fill the width only: the height is the plot's, so every kab/kota keeps its labelled row.
    chart = charts.lks_by_type_per_kab_kota(frame).properties(autosize={"type": "fit-x", "contains": "padding"})
    st.altair_chart(chart, width="stretch")
