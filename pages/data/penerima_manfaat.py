"""Penerima manfaat: one grid per kab/kota and month, a row per LKS (women, men), saved as one."""

import pandas as pd
import streamlit as st

from kesos import clock, fmt, vocab, web
from kesos.errors import KesosError
from kesos.services import beneficiary as service, reporting

actor = web.require_page("penerima-manfaat")
names = web.kab_kota_names(actor)
st.title("Penerima manfaat")
st.caption("Jumlah orang yang dilayani tiap LKS dalam satu bulan, disalin dari laporan kab/kota.")
with web.session() as s:
    returned = reporting.returned(s, actor)
for item in returned.itertuples():  # what the secretariat sent back, until the month is sent again
    st.warning(f"Laporan {item.kab_kota} {fmt.bulan(item.year, item.month)} dikembalikan oleh {item.decided_by}: "
               f"{web.as_text(item.note or '')}", icon=":material/undo:")

today = clock.today()
default_year, default_month = (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)
columns = st.columns([3, 1, 1])
kab_kota = columns[0].selectbox("Kabupaten/kota", list(names), format_func=names.get, key="pm_kab")
years = list(range(today.year, 2009, -1))
year = columns[1].selectbox("Tahun", years, index=years.index(default_year), key="pm_year")
month = columns[2].selectbox("Bulan", range(1, 13), index=default_month - 1, key="pm_month",
                             format_func=lambda m: fmt.bulan(year, m))
if kab_kota is None:
    st.info("Belum ada kab/kota yang bisa Anda isi.")
    st.stop()

period = (kab_kota, year, month)
state = st.session_state.get("pm_grid")
if state is None or state["period"] != period:
    try:
        with web.session() as s:
            grid = service.load_grid(session=s, actor=actor, kab_kota_code=kab_kota, year=year, month=month)
    except KesosError as exc:
        st.info(exc.message)
        st.stop()
    state = {"period": period, "grid": grid, "generation": (state or {}).get("generation", 0) + 1}
    st.session_state["pm_grid"] = state
grid: pd.DataFrame = state["grid"]
if grid.empty:
    st.info(f"Belum ada LKS yang beroperasi di {names[kab_kota]} pada {fmt.bulan(year, month)}. "
            "Tambahkan LKS di halaman LKS.")
    st.stop()

with web.session() as s:
    report = reporting.find(s, kab_kota, year, month)
report_state = report.state if report else "terbuka"
if report_state == "disetujui":
    st.info(reporting.locked_message(names[kab_kota], year, month), icon=":material/lock:")
elif report_state == "dikirim":
    st.caption("Laporan bulan ini sudah dikirim ke sekretariat dan menunggu persetujuan.")

locked = report_state == "disetujui"
if st.button("Salin bulan lalu", icon=":material/content_copy:", key="pm_copy", disabled=locked,
             help="Isi tabel dengan angka bulan sebelumnya; periksa, ubah yang berbeda, lalu simpan."):
    with web.session() as s:
        copied = service.copy_last_month(session=s, actor=actor, kab_kota_code=kab_kota, year=year, month=month,
                                         grid=grid)
    if copied[["women", "men"]].equals(grid[["women", "men"]]):
        web.flash("pm_copy", "Bulan lalu belum ada angka untuk disalin.")
    else:
        state["grid"], state["generation"] = copied, state["generation"] + 1  # a new editor shows the copy
    st.rerun()
web.show_flash("pm_copy")

# The last save attempt's warnings, in a column beside their rows (only while there are any).
row_warnings = web.form_warnings("pm")
shown = grid.set_index("lks_id")[["name", "lks_type", "women", "men"]].assign(
    lks_type=lambda f: f["lks_type"].map(vocab.LKS_TYPES))
export = shown.copy()  # as saved, not unsaved edits
if row_warnings:
    shown["warning"] = pd.array([" ".join(row_warnings.get(f"total:{i}", [])) or None for i in shown.index],
                                dtype="string")
edited = st.data_editor(
    shown, hide_index=True, placeholder="", num_rows="fixed", width="stretch", key=f"pm_editor_{state['generation']}",
    disabled=["name", "lks_type"] + (["warning"] if row_warnings else []),
    column_config={
        "name": st.column_config.TextColumn("LKS"),
        "lks_type": st.column_config.TextColumn("Jenis"),
        "women": st.column_config.NumberColumn("Perempuan", min_value=0, step=1, format="%d"),
        "men": st.column_config.NumberColumn("Laki-laki", min_value=0, step=1, format="%d"),
        "warning": st.column_config.TextColumn("Peringatan", width="large"),
    },
)
web.export_buttons(export, "penerima-manfaat", {"name": "LKS", "lks_type": "Jenis", "women": "Perempuan",
                                                "men": "Laki-laki"})
women = int(pd.to_numeric(edited["women"], errors="coerce").fillna(0).sum())
men = int(pd.to_numeric(edited["men"], errors="coerce").fillna(0).sum())
filled = int((edited["women"].notna() | edited["men"].notna()).sum())
totals = st.columns(4)
totals[0].metric("Perempuan", fmt.number(women))
totals[1].metric("Laki-laki", fmt.number(men))
totals[2].metric("Jumlah", fmt.number(women + men))
totals[3].metric("LKS terisi", f"{filled} dari {len(edited)}")

reported = st.number_input("Jumlah menurut laporan (boleh dikosongkan)", step=1, value=None,
                           key="pm_reported", help="Jika diisi, tabel baru bisa disimpan bila jumlahnya sama.")
errors = web.form_errors("pm")
if reported is not None and reported != women + men and "reported_total" not in errors:  # else said beside it
    st.warning(f"Jumlah tabel {fmt.number(women + men)} belum sama dengan laporan {fmt.number(reported)} "
               f"(selisih {fmt.number(women + men - reported)}).")
web.form_error("pm")
if errors.get("_conflict") and st.button("Muat ulang data terbaru", icon=":material/refresh:",
                                                         key="pm_reload"):
    st.session_state.pop("pm_grid")  # the other person's figures and versions; what was typed goes
    web.clear_errors("pm")
    st.rerun()
for field in errors:
    if field not in ("_form", "_conflict", "_warnings", "_warning_message", "warnings_reason"):
        web.field_error("pm", field)  # rows, the reported total, and the grid as a whole
names_by_id = dict(zip(grid["lks_id"], grid["name"]))
for field, messages in row_warnings.items():
    lks_name = names_by_id.get(int(field.split(":")[1]), "LKS")
    st.warning(web.as_text(f"{lks_name}: {' '.join(messages)}"), icon=":material/warning:")
reason = web.warnings_reason("pm")

clicked = st.button("Simpan tabel", type="primary", key="pm_save", disabled=locked)
web.show_flash("pm")  # the confirmation under the button just pressed
if clicked:
    rows = [service.Row(int(lks_id), row.women, row.men) for lks_id, row in edited.iterrows()]
    versions = {int(i): None if pd.isna(v) else int(v) for i, v in zip(grid["lks_id"], grid["version"])}
    result = web.run_write("pm", lambda s: service.save_grid(
        session=s, actor=actor, kab_kota_code=kab_kota, year=year, month=month, rows=rows,
        expected_versions=versions, reported_total=reported, warnings_reason=reason))
    if result is not None:
        web.flash("pm", f"Laporan {fmt.bulan(year, month)} {names[kab_kota]} tersimpan: {result['created']} baru, "
                        f"{result['updated']} diubah, {result['deleted']} dikosongkan."
                  + (" Peringatan dicatat untuk tindak lanjut sekretariat." if reason and row_warnings else ""))
        st.session_state.pop("pm_grid")  # reload: the stored rows and their new versions
    elif bool(web.form_warnings("pm")) != bool(row_warnings):
        # The Peringatan column comes or goes, which makes a new editor: it starts from what was typed.
        state["grid"] = grid.assign(**{column: pd.to_numeric(edited[column], errors="coerce").astype("Int64")
                                       .to_numpy() for column in ("women", "men")})
        state["generation"] += 1
    st.rerun()

if report_state in ("terbuka", "dikembalikan"):
    if st.button("Kirim laporan", key="pm_send", icon=":material/send:",
                 help="Kirim angka bulan ini ke sekretariat untuk disetujui; simpan tabel lebih dulu."):
        web.save_then_rerun("pm", lambda s: reporting.send(
            session=s, actor=actor, kab_kota_code=kab_kota, year=year, month=month,
            expected_version=report.version if report else None), page="pm_send",
            message=f"Laporan {fmt.bulan(year, month)} {names[kab_kota]} dikirim ke sekretariat.")
web.show_flash("pm_send")

stored = grid.dropna(subset=["count_id"])
if not stored.empty:
    st.divider()
    labels = dict(zip(stored["count_id"].astype(int), stored["name"]))
    chosen = st.selectbox("Riwayat angka LKS", list(labels), format_func=labels.get, key="pm_history")
    web.history_panel("beneficiary_count", int(chosen))
