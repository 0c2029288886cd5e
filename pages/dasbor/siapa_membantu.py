"""Siapa membantu apa di mana (3W): aid per funding source, kab/kota and item in the chosen years, and the
gaps leaders take to CSR partners (needs without aid, branch or an LKS of the type they call for)."""

import pandas as pd
import streamlit as st

from kesos import clock, dashboards, fmt, vocab, web
from kesos.queries import who_helps

actor = web.require_page("dasbor-siapa-membantu")
st.title("Siapa membantu apa di mana")
st.caption("Sumber dana × kab/kota × jenis bantuan pada tahun yang dipilih, dan kab/kota yang kebutuhannya "
           "(PPKS) belum tersentuh: daftar untuk dibawa ke mitra CSR.")
filters = web.filter_bar(actor, year_range=True)
view = web.dashboard_view(actor, filters)
aid = web.query(who_helps.who_helps_where, filters)
gaps = web.query(who_helps.gaps, filters)
summary = who_helps.gaps_by_kab_kota(gaps)

national = "sources_total" in aid.columns  # the whole country: a row per province, kind of source and item
metrics = st.columns(4)
metrics[0].metric("Nilai bantuan", fmt.rupiah_short(int(aid["value"].sum())),
                  help=f"{fmt.rupiah(int(aid['value'].sum()))}, {view.years}")
sources = int(aid["sources_total"].iloc[0]) if national and not aid.empty else aid["funding_source_id"].nunique()
metrics[1].metric("Sumber dana", fmt.number(sources))
metrics[2].metric(f"{view.regions.capitalize()} dibantu", fmt.number(aid["kab_kota_code"].nunique()))
metrics[3].metric("Kab/kota dengan kesenjangan", fmt.number(len(summary)))


@st.cache_data(max_entries=20, show_spinner=False)
def _shown(frame: pd.DataFrame, headers: dict) -> pd.DataFrame:
    """The table as shown, its values in rupiah: formatted once per frame (a province has thousands of rows)."""
    return frame.assign(value=frame["value"].map(fmt.rupiah))[list(headers)].rename(columns=headers)


web.chart_panel(dashboards.WHO_HELPS_WHERE, filters, view)
AID_HEADERS = dict(dashboards.WHO_HELPS_WHERE.headers)
if national:
    AID_HEADERS.update({"kab_kota_code": "Kode provinsi", "kab_kota": "Provinsi", "largest": "Sumber dana terbesar"})
    st.caption("Untuk semua provinsi, tabel ini merangkum per provinsi, jenis sumber dana dan barang; pilih satu "
               "provinsi untuk melihat tiap sumber dana per kab/kota.")
st.dataframe(_shown(aid, AID_HEADERS), hide_index=True, width="stretch", height=320)

st.subheader(f"Kesenjangan di {view.place}, {view.years}")
st.caption("Kab/kota yang punya PPKS (angka tahun terakhir yang ada dalam rentang tahun) tetapi belum menerima "
           "bantuan pada tahun-tahun itu, belum membentuk cabang, atau tidak punya LKS aktif dari jenis yang "
           "dibutuhkan; juga kab/kota yang belum melaporkan angka PPKS. Kategori yang tidak dilayani LKS "
           f"(misalnya {', '.join(vocab.PPKS_SHORT[c] for c, t in vocab.PPKS_LKS_TYPES.items() if not t)}) "
           "tidak dihitung sebagai kesenjangan LKS.")
SUMMARY_HEADERS = {"kab_kota": "Kab/kota", "ppks_year": "Tahun PPKS", "ppks": "PPKS (jiwa)", "no_aid": "Bantuan",
                   "no_branch": "Cabang", "missing_lks": "Jenis LKS yang belum ada",
                   "missing_lks_people": "Jiwa yang memerlukannya"}
if summary.empty:
    st.success(f"Tidak ada kesenjangan tercatat di {view.place} pada {view.years}.")
else:
    shown = summary.assign(
        ppks_year=[("Belum ada angka" if none else str(int(year))) for none, year in
                   zip(summary["no_figures"], summary["ppks_year"])],
        ppks=[("-" if none else fmt.number(int(n))) for none, n in zip(summary["no_figures"], summary["ppks"])],
        no_aid=summary["no_aid"].map({True: "Belum ada", False: "Ada"}).where(~summary["no_figures"], "-"),
        no_branch=summary["no_branch"].map({True: "Belum ada", False: "Ada"}).where(~summary["no_figures"], "-"),
        missing_lks_people=[fmt.number(n) if n else "-" for n in summary["missing_lks_people"]])
    st.dataframe(shown[list(SUMMARY_HEADERS)].rename(columns=SUMMARY_HEADERS), hide_index=True, width="stretch")
    st.caption("Rincian kategori PPKS yang memerlukan tiap jenis LKS ada di unduhan Excel (lembar Kesenjangan).")

GAP_HEADERS = {"kab_kota_code": "Kode", "kab_kota": "Kab/kota", "gap_label": "Kesenjangan", "ppks_year": "Tahun PPKS",
               "ppks": "PPKS (jiwa)", "lks_type_label": "Jenis LKS yang dibutuhkan",
               "categories": "Kategori PPKS", "people": "Jiwa yang membutuhkan"}
note = f"{dashboards.WHO_HELPS_WHERE.title(view)}. Diunduh {fmt.tanggal(clock.today())}."
st.download_button(
    "Unduh Excel untuk mitra CSR",
    web.made_on_click("sheets_xlsx", [("Siapa membantu", aid, AID_HEADERS, note),
                                      ("Kesenjangan", gaps, GAP_HEADERS, f"Kesenjangan di {view.place}, {view.years}.")]),
    f"siapa-membantu-{filters.province_code}-{view.years.replace('–', '-')}.xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="siapa-membantu-mitra-xlsx",
    on_click="ignore", icon=":material/table_view:", type="primary")
