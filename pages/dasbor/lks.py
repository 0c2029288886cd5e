"""Grafik LKS: the registry per year by type, and by type in each kab/kota."""

import streamlit as st

from kesos import dashboards, web

actor = web.require_page("dasbor-lks")
st.title("Grafik LKS")
filters = web.filter_bar(actor, year_range=True, lks_type=True)
view = web.dashboard_view(actor, filters)
for panel in dashboards.LKS_PANELS:
    web.chart_panel(panel, filters, view)
web.chart_panel(dashboards.LKS_MAP, filters, view)  # with one kab/kota chosen: a word that the map is of the province
