"""Grafik penerima manfaat: people served per month, this year against last, by LKS type and kab/kota."""

import streamlit as st

from kesos import dashboards, web

actor = web.require_page("dasbor-penerima")
st.title("Grafik penerima manfaat")
filters = web.filter_bar(actor, lks_type=True)
view = web.dashboard_view(actor, filters)
for panel in dashboards.BENEFICIARY_PANELS:
    web.chart_panel(panel, filters, view)
