"""Dasbor pusat data: PPKS per category and kab/kota with the change on last year, the top needs of each
kab/kota, and how many PPKS each social worker, TKSK and LKS has to serve."""

import streamlit as st

from kesos import charts, clock, fmt, queries, web
from kesos.queries import pusat_data

actor = web.require_page("dasbor-pusat-data")
st.title("Dasbor PPKS & PSKS")
provinces = web.query(queries.provinces, actor)
province_names = dict(zip(provinces["code"], provinces["name"]))
left, right = st.columns([3, 1])
province = left.selectbox("Provinsi", list(province_names), format_func=province_names.get, key="dpd_province")
years = list(range(clock.today().year, 2009, -1))
year = right.selectbox("Tahun", years, index=1, key="dpd_year")

with web.session() as s:
    change = pusat_data.change_on_last_year(s, actor, "ppks", year, province)
    needs = pusat_data.top_needs(s, actor, year, province_code=province)
    served = pusat_data.psks_per_ppks(s, actor, year, province)
if change.empty:
    st.info(f"Belum ada angka PPKS {province_names.get(province, '')} tahun {year}.")
    st.stop()

total, before = int(change["count"].sum()), change["previous"].sum(min_count=1)
metrics = st.columns(3)
metrics[0].metric(f"PPKS {year} (jiwa)", fmt.number(total),
                  delta=None if before != before else fmt.number(int(total - before)), delta_color="inverse")
metrics[1].metric("Kab/kota melapor", fmt.number(change["kab_kota_code"].nunique()))
metrics[2].metric("Kategori terbesar", needs.groupby("short")["count"].sum().idxmax())

st.subheader("PPKS per kategori dan kab/kota")
st.altair_chart(charts.ppks_by_category(change, year), width="stretch")
web.export_buttons(change, f"ppks-{province}-{year}", {"kab_kota": "Kab/kota", "short": "Kategori",
                                                        "count": f"Jiwa {year}", "previous": f"Jiwa {year - 1}",
                                                        "change": "Perubahan"})

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
st.dataframe(served[list(headers)].rename(columns=headers), hide_index=True, width="stretch")
