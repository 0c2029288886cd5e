"""Grafik bantuan & CSR: aid per funding source, CSR per company, per item and kab/kota; donations apart."""

import streamlit as st

from kesos import dashboards, web

actor = web.require_page("dasbor-bantuan")
st.title("Grafik bantuan & CSR")
filters = web.filter_bar(actor, year_range=True)
view = web.dashboard_view(actor, filters)
for panel in dashboards.AID_PANELS:
    web.chart_panel(panel, filters, view)
