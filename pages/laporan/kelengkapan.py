"""Kelengkapan laporan: which kab/kota reported each month, the missing LKS, approval, and reminders."""

import streamlit as st

from kesos import charts, clock, dashboards, fmt, web
from kesos.queries.reporting import completeness, missing_lks, reminders
from kesos.services import reporting as service

actor = web.require_page("kelengkapan")
st.title("Kelengkapan laporan")
st.caption("Berapa LKS aktif yang sudah melapor penerima manfaat tiap bulan, per kab/kota. Angka 0 yang "
           "dilaporkan dihitung melapor; baris yang tidak diisi tidak. ✓ disetujui, ↑ dikirim, ↩ dikembalikan; "
           "sel biru muda: belum jatuh tempo.")
web.show_flash("kl")
filters = web.filter_bar(actor)
frame = web.query(completeness, actor, filters.province_code, filters.year, None, filters.kab_kota_code)
if frame.empty:
    st.info(f"Belum ada bulan {filters.year} yang berjalan.")
    st.stop()

due = frame[frame["due_on"] < clock.today()]
if not due.empty:  # the newest month whose due day has passed
    newest = due[due["month"] == due["month"].max()]
    with_lks = newest[newest["expected"] > 0]
    st.markdown(f"**{fmt.bulan(filters.year, int(newest['month'].iloc[0]))}**: {int(with_lks['complete'].sum())} "
                f"dari {len(with_lks)} kab/kota lengkap, {int(with_lks['late'].sum())} terlambat "
                f"(batas waktu {fmt.tanggal(newest['due_on'].iloc[0])}).")

grid, map_tab, reminder_tab = st.tabs(["Kelengkapan", "Peta bulan lalu", "Pengingat"])
with map_tab:  # last month by the clock, the whole province, whatever year the grid shows
    web.chart_panel(dashboards.REPORTING_MAP, filters, web.dashboard_view(actor, filters))
with grid:
    event = st.altair_chart(charts.reporting_completeness(frame), width="stretch", on_select="rerun",
                            key="kl_chart", selection_mode="sel")
    picked = (event.get("selection", {}).get("sel") or [{}])[0] if event else {}
    names = dict(zip(frame["kab_kota_code"], frame["kab_kota"]))
    months = sorted(frame["month"].unique().tolist())
    cols = st.columns(2)
    codes = list(names)
    code = cols[0].selectbox("Kab/kota", codes, format_func=names.get, key="kl_kab",
                             index=codes.index(picked["kab_kota_code"]) if picked.get("kab_kota_code") in codes else 0)
    newest_due = int(due["month"].max()) if not due.empty else months[-1]  # the month reminders are about
    month = cols[1].selectbox("Bulan", months, format_func=lambda m: fmt.bulan(filters.year, m), key="kl_month",
                              index=months.index(picked.get("month") if picked.get("month") in months else newest_due))
    cell = frame[(frame["kab_kota_code"] == code) & (frame["month"] == month)].iloc[0]
    st.markdown(f"**{names[code]}, {fmt.bulan(filters.year, month)}**: {cell['reported']} dari {cell['expected']} "
                f"LKS melapor, {cell['on_time']} tepat waktu · keadaan: **{cell['state_label']}**")
    missing = web.query(missing_lks, actor, code, filters.year, month)
    if missing.empty:
        st.success("Semua LKS aktif sudah melapor bulan ini.", icon=":material/check_circle:")
    else:
        st.dataframe(missing[["name", "type_label"]], hide_index=True, placeholder="", width="stretch",
                     column_config={"name": "LKS yang belum melapor", "type_label": "Jenis"})

    with web.session() as s:
        report = service.find(s, code, filters.year, month)
    version = report.version if report else None
    if report is not None and report.note:
        st.info(f"Catatan: {web.as_text(report.note)}", icon=":material/sticky_note_2:")
    key = f"kl_{code}_{filters.year}_{month}_{version}"
    web.form_error(key)
    args = {"kab_kota_code": code, "year": filters.year, "month": month, "expected_version": version}
    done = f"Laporan {names[code]} {fmt.bulan(filters.year, month)}"
    offered = service.actions(actor, cell["state"])
    if "send" in offered:
        if st.button("Kirim laporan", type="primary", key=f"{key}_send", icon=":material/send:"):
            web.save_then_rerun(key, lambda s: service.send(session=s, actor=actor, **args), page="kl",
                                message=f"{done} dikirim ke sekretariat.")
    if "decide" in offered:
        note = st.text_area("Catatan bila dikembalikan", key=f"{key}_note",
                            placeholder="mis. Angka LKSA Al-Falah belum diisi")
        left, right = st.columns(2)
        if left.button("Setujui", type="primary", key=f"{key}_approve", icon=":material/verified:"):
            web.save_then_rerun(key, lambda s: service.approve(session=s, actor=actor, **args), page="kl",
                                message=f"{done} disetujui dan dikunci.")
        if right.button("Kembalikan", key=f"{key}_return", icon=":material/undo:"):
            web.save_then_rerun(key, lambda s: service.return_report(session=s, actor=actor, note=note, **args),
                                page="kl", message=f"{done} dikembalikan ke kab/kota.")
    if "unlock" in offered:
        reason = st.text_input("Alasan membuka kunci", key=f"{key}_reason")
        if st.button("Buka kunci", key=f"{key}_unlock", icon=":material/lock_open:"):
            web.save_then_rerun(key, lambda s: service.unlock(session=s, actor=actor, reason=reason, **args),
                                page="kl", message=f"{done} dibuka kembali untuk diubah.")
    if report is not None:
        web.history_panel("monthly_report", report.id)

with reminder_tab:
    past = [m for m in months if frame.loc[frame["month"] == m, "due_on"].iloc[0] < clock.today()]
    if not past:
        st.info("Belum ada bulan yang lewat batas waktunya.")
        st.stop()
    month = st.selectbox("Bulan", past, index=len(past) - 1, format_func=lambda m: fmt.bulan(filters.year, m),
                         key="kl_reminder_month")
    late = web.query(reminders, actor, filters.province_code, filters.year, month)
    if filters.kab_kota_code:
        late = late[late["kab_kota_code"] == filters.kab_kota_code]
    if late.empty:
        st.success(f"Tidak ada kab/kota yang terlambat untuk {fmt.bulan(filters.year, month)}.")
    for row in late.itertuples():
        with st.container(border=True):
            contact = (f"{web.as_text(row.contact_name or 'kontak belum dicatat')} · "
                       f"{row.contact_phone or 'nomor belum dicatat (isi di halaman Cabang)'}")
            st.markdown(f"**{row.kab_kota}**: {row.reported} dari {row.expected} LKS melapor · {contact}")
            st.code(row.message, language=None, wrap_lines=True)  # the copy button is on the block
            st.link_button("Kirim lewat WhatsApp", row.link, icon=":material/chat:")
