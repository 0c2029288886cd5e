"""Papan cabang: every kab/kota of the province, its branch, board term, LKS, requests and last activity."""

import streamlit as st

from kesos import dashboards, takeaways, web

actor = web.require_page("dasbor-cabang")
st.title("Papan cabang")
filters = web.filter_bar(actor)
view = web.dashboard_view(actor, filters)
web.chart_panel(dashboards.BRANCH_COVERAGE, filters, view)
st.caption(
    f"Warna sel: hijau baik; kuning perlu diperhatikan (masa bakti berakhir dalam {takeaways.TERM_WARNING_DAYS} "
    f"hari, permohonan menunggu, tidak ada kegiatan lebih dari {takeaways.QUIET_DAYS} hari); merah perlu tindakan "
    f"(cabang belum terbentuk, masa bakti sudah berakhir, permohonan menunggu lebih dari "
    f"{takeaways.REQUEST_WAIT_DAYS} hari)."
)
web.chart_panel(dashboards.BRANCH_MAP, filters, view)
