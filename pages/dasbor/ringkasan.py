"""Ringkasan: the deployment's headline figures and LKS by type per kab/kota."""

import streamlit as st

from kesos import dashboards, fmt, queries, takeaways, web

actor = web.require_page("ringkasan")
st.title("Ringkasan")
filters = web.filter_bar(actor)

figures = web.query(queries.headline, filters)
columns = st.columns([1, 1, 1.5, 0.8, 1.2])  # the rupiah figure is the widest
columns[0].metric("LKS terdaftar", fmt.number(figures["lks"]), help=f"Pada akhir tahun {figures['year']}")
partial = figures["beneficiaries_partial"]
if not figures["beneficiaries_month"]:
    month_note = "Belum ada data penerima manfaat tahun ini"
elif figures["beneficiaries_complete"]:
    month_note = (f"Jumlah orang yang dilayani pada {fmt.bulan(figures['year'], figures['beneficiaries_month'])}, "
                  "bulan terakhir yang sudah lengkap dilaporkan semua kab/kota")
else:
    month_note = f"Jumlah sementara {fmt.bulan(figures['year'], figures['beneficiaries_month'])}: belum lengkap"
columns[1].metric("Penerima manfaat", fmt.number(figures["beneficiaries"]), help=month_note)
if figures["beneficiaries_month"]:  # which month the figure is from, and how complete the newest one is
    columns[1].caption(fmt.bulan(figures["year"], figures["beneficiaries_month"])
                       + ("" if figures["beneficiaries_complete"] else " (belum lengkap)"))
if partial:
    st.info("; ".join(takeaways.partial_note(figures["year"], month["month"], month["complete_kab_kota"],
                                             month["expected_kab_kota"])
                      for month in figures["beneficiaries_partial_months"])
            + (f". Angka penerima manfaat di atas dari {fmt.bulan(figures['year'], figures['beneficiaries_month'])}, "
               "bulan terakhir yang lengkap." if figures["beneficiaries_complete"] else "."),
            icon=":material/hourglass_top:")
columns[2].metric("Nilai bantuan", fmt.rupiah_short(figures["aid_value"]),
                  help=f"{fmt.rupiah(figures['aid_value'])} dalam {fmt.number(figures['aid_count'])} penyaluran")
columns[3].metric("Kegiatan", fmt.number(figures["activities"]), help="Rapat dan kegiatan yang dimulai tahun ini")
columns[4].metric("Cabang terbentuk", f"{figures['branches_formed']} dari {figures['branches_total']}",
                  help="Cabang kab/kota yang sudah terbentuk (SK) pada akhir tahun")

view = web.dashboard_view(actor, filters)
st.subheader(f"LKS per jenis di tiap {view.regions}, {filters.year}")
if not web.chart_only(dashboards.LKS_PER_KAB_KOTA, filters, view):
    st.info("Belum ada LKS yang tercatat untuk pilihan ini.")

# The map of the province (or, for a leader over several provinces, of Indonesia by province).
MAPS = {"LKS": dashboards.LKS_MAP, "Cabang": dashboards.BRANCH_MAP, "Bantuan": dashboards.AID_MAP,
        "Pelaporan bulan lalu": dashboards.REPORTING_MAP}
with st.container(horizontal=True):
    shown_map = st.segmented_control("Peta", list(MAPS), default="LKS", key="ringkasan_peta") or "LKS"
    # From one province's view a leader over several provinces may look at the map of all of them.
    national = (filters.province_code is not None and actor.province_code is None
                and len(web.query(queries.provinces, actor)) > 1
                and st.toggle("Semua provinsi", key="ringkasan_peta_nasional"))
map_filters = web.national_filters(actor, filters) if national else filters
web.chart_panel(MAPS[shown_map], map_filters, web.dashboard_view(actor, map_filters))
