"""Dasbor pusat data: PPKS per category and kab/kota with the change on last year, the map of a chosen
category, the top needs of each kab/kota, and how many PPKS each social worker, TKSK and LKS has to serve."""

import pandas as pd
import streamlit as st

from kesos import charts, clock, dashboards, fmt, vocab, web
from kesos.queries import pusat_data

actor = web.require_page("dasbor-pusat-data")
st.title("Dasbor PPKS & PSKS")
# PPKS are counted once a year, after it ends: the page opens on last year.
filters = web.filter_bar(actor, default_year=clock.today().year - 1)
view = web.dashboard_view(actor, filters)
province, kab_kota, year = filters.province_code, filters.kab_kota_code, filters.year

# Cached reads, keyed by the data version like every dashboard's (read once per run).
change = web.query(pusat_data.change_on_last_year, actor, "ppks", year, province, kab_kota)
needs = web.query(pusat_data.top_needs, actor, year, 3, province, kab_kota)
served = web.query(pusat_data.psks_per_ppks, actor, year, province, kab_kota)
if change.empty:
    st.info(f"Belum ada angka PPKS {view.place} tahun {year}.")
    st.stop()

total, before = int(change["count"].sum()), change["previous"].sum(min_count=1)
metrics = st.columns(3)
metrics[0].metric(f"PPKS {year} (jiwa)", fmt.number(total),
                  delta=None if before != before else fmt.number(int(total - before)), delta_color="inverse")
metrics[1].metric("Kab/kota melapor", fmt.number(change["kab_kota_code"].nunique()))
metrics[2].metric("Kategori terbesar", needs.groupby("short")["count"].sum().idxmax())



@st.cache_data(max_entries=20, show_spinner=False)
def _category_chart(frame: pd.DataFrame, year: int, national: bool) -> dict:
    """The heatmap's spec, built once per frame (for every province: a row per province, not 514)."""
    chart = (charts.ppks_by_category(dashboards.ppks_change_by_province(frame), year, "Provinsi") if national
             else charts.ppks_by_category(frame, year))
    # As dashboards.panel_spec: fill the page's width and keep the chart's own height (a row per region).
    return {**chart.to_dict(), "autosize": {"type": "fit-x", "contains": "padding"}}


st.subheader(f"PPKS per kategori dan {view.regions}")
st.vega_lite_chart(_category_chart(change, year, view.national), width="stretch")
web.export_buttons(change, f"ppks-{province}-{year}", {"kab_kota": "Kab/kota", "short": "Kategori",
                                                        "count": f"Jiwa {year}", "previous": f"Jiwa {year - 1}",
                                                        "change": "Perubahan"})

if kab_kota:
    st.caption("Peta PPKS menampilkan seluruh provinsi: pilih “Semua kab/kota” untuk melihatnya.")
else:
    category = st.selectbox("Kategori PPKS di peta", [None, *vocab.PPKS_CATEGORIES], key="dpd_map_category",
                            format_func=lambda c: "Semua kategori" if c is None
                            else f"{vocab.PPKS_SHORT[c]}: {vocab.PPKS_CATEGORIES[c]}")
    web.chart_panel(dashboards.PPKS_MAPS[category], filters, view)

st.subheader("Kebutuhan terbesar tiap kab/kota")
table = needs.assign(need=needs["short"] + " (" + needs["count"].map(fmt.number) + ")").pivot(
    index="kab_kota", columns="rank", values="need")
table.columns = [f"Ke-{rank}" for rank in table.columns]
table.index.name = "Kab/kota"
st.dataframe(table, width="stretch")

st.subheader("PPKS per pekerja sosial, TKSK dan LKS")
st.caption("Berapa jiwa PPKS untuk tiap pekerja sosial profesional, TKSK dan LKS yang dilaporkan kab/kota.")
headers = {"kab_kota": "Kab/kota", "ppks": "PPKS (jiwa)", "psp": "Peksos", "tksk": "TKSK", "lks": "LKS",
           "ppks_per_psp": "PPKS per peksos", "ppks_per_tksk": "PPKS per TKSK", "ppks_per_lks": "PPKS per LKS"}
figures = served[list(headers)].assign(**{c: served[c].map(lambda n: "-" if pd.isna(n) else fmt.number(n))
                                          for c in list(headers)[1:]})
st.dataframe(figures.rename(columns=headers), hide_index=True, width="stretch")
