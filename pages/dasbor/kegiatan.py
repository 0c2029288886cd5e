"""Linimasa kegiatan: meetings and events over the chosen years, with their participants."""

import streamlit as st

from kesos import dashboards, web

actor = web.require_page("dasbor-kegiatan")
st.title("Linimasa kegiatan")
filters = web.filter_bar(actor, year_range=True)
view = web.dashboard_view(actor, filters)
web.chart_panel(dashboards.ACTIVITY_TIMELINE, filters, view)
