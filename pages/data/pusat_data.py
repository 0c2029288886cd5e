"""Pusat data: a kab/kota's yearly PPKS or PSKS figures as one grid, with the source and date of the figures."""

import pandas as pd
import streamlit as st

from kesos import clock, fmt, vocab, web
from kesos.errors import KesosError
from kesos.services import pusat_data as service

actor = web.require_page("pusat-data")
names = web.kab_kota_names(actor)
may_write = actor.can_write  # pimpinan reads; the service refuses any write outside the scope
st.title("Pusat data PPKS & PSKS")
st.caption("Jumlah Pemerlu Pelayanan Kesejahteraan Sosial (PPKS, 26 kategori) dan Potensi dan Sumber "
           "Kesejahteraan Sosial (PSKS, 12 kategori) per kab/kota per tahun, menurut Permensos No. 08 Tahun 2012.")

today = clock.today()
columns = st.columns([3, 1, 1])
kab_kota = columns[0].selectbox("Kabupaten/kota", list(names), format_func=names.get, key="pd_kab")
years = list(range(today.year, service.EARLIEST_YEAR - 1, -1))
year = columns[1].selectbox("Tahun", years, index=1 if len(years) > 1 else 0, key="pd_year")
kind = columns[2].radio("Data", list(vocab.WELFARE_KINDS), format_func=vocab.WELFARE_KINDS.get, key="pd_kind",
                        horizontal=True)
if kab_kota is None:
    st.info("Belum ada kab/kota yang bisa Anda lihat.")
    st.stop()

period = (kind, kab_kota, year)
state = st.session_state.get("pd_grid")
if state is None or state["period"] != period:
    try:
        with web.session() as s:
            grid = service.grid(session=s, actor=actor, kind=kind, kab_kota_code=kab_kota, year=year)
    except KesosError as exc:
        st.info(exc.message)
        st.stop()
    state = {"period": period, "grid": grid, "generation": (state or {}).get("generation", 0) + 1}
    st.session_state["pd_grid"] = state
grid: pd.DataFrame = state["grid"]

stored = grid.dropna(subset=["version"])
first = stored.iloc[0] if not stored.empty else None
sources = list(vocab.WELFARE_SOURCES)
left, right = st.columns(2)
source = left.selectbox("Sumber data", sources, format_func=vocab.WELFARE_SOURCES.get, key=f"pd_source_{period}",
                        index=sources.index(first["source"]) if first is not None else None,
                        placeholder="Pilih sumber", disabled=not may_write)
with left:
    web.field_error("pd", "source")
figures_on = right.date_input("Tanggal data", first["figures_on"] if first is not None else None,
                              format="DD/MM/YYYY", key=f"pd_date_{period}", disabled=not may_write,
                              help="Tanggal angka itu dihitung oleh sumbernya.")
with right:
    web.field_error("pd", "figures_on")

shown = grid.set_index("category")[["label", "count"]]
column_config = {"label": st.column_config.TextColumn("Kategori", width="large"),
                 "count": st.column_config.NumberColumn("Jumlah dilaporkan", min_value=0, step=1, format="%d")}
if kind == "psks":
    shown["registry"] = [fmt.number(int(n)) if pd.notna(n) else "" for n in grid["registry"]]
    column_config["registry"] = st.column_config.TextColumn(
        "Menurut daftar LKS", help="Dihitung dari daftar LKS di akhir tahun; hanya pembanding, "
                                                "tidak mengganti angka yang dilaporkan.")
edited = st.data_editor(shown, hide_index=True, num_rows="fixed", width="stretch", height=(len(shown) + 1) * 35 + 3,
                        key=f"pd_editor_{state['generation']}", column_config=column_config,
                        disabled=True if not may_write else [c for c in ("label", "registry") if c in shown])
if kind == "psks":
    lks = grid.set_index("category").loc["lks"]
    if pd.notna(lks["count"]) and int(lks["count"]) != int(lks["registry"]):
        st.caption(f"LKS dilaporkan {fmt.number(int(lks['count']))}, di daftar LKS Kesos "
                   f"{fmt.number(int(lks['registry']))}: periksa bersama kab/kota bila selisihnya besar.")
total = int(pd.to_numeric(edited["count"], errors="coerce").fillna(0).sum())
filled = int(edited["count"].notna().sum())
metrics = st.columns(2)
if kind == "ppks":  # people in need add up; social workers, organisations and firms do not
    metrics[0].metric("Jumlah PPKS (jiwa)", fmt.number(total))
metrics[1].metric("Kategori terisi", f"{filled} dari {len(edited)}")

errors = web.form_errors("pd")
web.form_error("pd")
for field, message in errors.items():
    if field.startswith("count:"):
        st.error(web.as_text(message), icon=":material/error:")
if errors.get("_conflict") and st.button("Muat ulang data terbaru", icon=":material/refresh:", key="pd_reload"):
    st.session_state.pop("pd_grid")
    web.clear_errors("pd")
    st.rerun()

clicked = may_write and st.button("Simpan tabel", type="primary", key="pd_save")
web.show_flash("pd")  # the confirmation under the button just pressed
if clicked:
    counts = {category: (None if pd.isna(value) else value) for category, value in edited["count"].items()}
    versions = {row.category: None if pd.isna(row.version) else int(row.version) for row in grid.itertuples()}
    result = web.run_write("pd", lambda s: service.save_grid(
        session=s, actor=actor, kind=kind, kab_kota_code=kab_kota, year=year,
        figures=service.Figures(counts, source, figures_on), expected_versions=versions))
    if result is not None:
        web.flash("pd", f"Tersimpan {vocab.WELFARE_KINDS[kind]} {names[kab_kota]} {year}: {result['created']} baru, "
                        f"{result['updated']} diubah, {result['deleted']} dikosongkan.")
        st.session_state.pop("pd_grid")
    else:
        state["grid"] = grid.assign(count=pd.to_numeric(edited["count"], errors="coerce").astype("Int64").to_numpy())
        state["generation"] += 1
    st.rerun()

export = grid[["label", "count", "source", "figures_on"]].assign(source=lambda f: f["source"].map(
    vocab.WELFARE_SOURCES))
web.export_buttons(export, f"{kind}-{kab_kota}-{year}", {"label": "Kategori", "count": "Jumlah",
                                                          "source": "Sumber data", "figures_on": "Tanggal data"})
if not stored.empty:
    st.divider()
    with web.session() as s:
        ids = {row.category: row.id for row in service.stored(s, kind, kab_kota, year).values()}
    labels = {ids[c]: label for c, label in zip(stored["category"], stored["label"]) if c in ids}
    chosen = st.selectbox("Riwayat angka", list(labels), format_func=labels.get, key="pd_history")
    web.history_panel("welfare_count", int(chosen))
