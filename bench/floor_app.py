"""Streamlit's floor: a bare page drawing the charts a Kesos page draws, from constant data.

    streamlit run bench/floor_app.py -- SPECS.json      then open /?page=<name>

SPECS.json is what bench.browser.dump_specs wrote: {name: [Vega-Lite spec with its data inline, ...]}.
No database, no login, no filters: what the framework itself costs to draw the same charts, the figure a
dashboard page is measured against (bench/run.py --cases browser).
"""

import json
import sys

import streamlit as st

st.set_page_config(page_title="Floor", layout="wide")


@st.cache_resource
def _specs(path: str) -> dict:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


specs = _specs(sys.argv[1])
names = list(specs)
asked = st.query_params.get("page", names[0])
# A radio in the sidebar moves between the pages by a rerun, as the app's sidebar links do.
name = st.sidebar.radio("Halaman", names, index=names.index(asked) if asked in names else 0, key="floor_page")
st.title(name)
for spec in specs.get(name, []):
    st.vega_lite_chart({**spec}, width="stretch")  # a copy: Streamlit moves the datasets out of it
