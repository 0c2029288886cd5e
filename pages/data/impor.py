"""Impor: LKS, beneficiary counts or aid distributions from an Excel or CSV file, saved after a preview."""

import hashlib

import streamlit as st

from kesos import fmt, importer, web

actor = web.require_page("impor")
st.title("Impor dari Excel atau CSV")
web.show_flash("impor")
st.caption("Unggah berkas dari kab/kota apa adanya: baris judul boleh tidak di baris pertama, nama kab/kota, angka "
           "rupiah dan tanggal boleh ditulis dengan cara yang biasa dipakai. Tidak ada yang disimpan sebelum Anda "
           "memeriksa pratinjau dan menekan Simpan.")

kinds = importer.KINDS
kind = st.radio("Jenis data", list(kinds), format_func=lambda key: kinds[key].title, horizontal=True,
                key="impor_kind")


def _template() -> bytes:
    with web.session() as s:
        return importer.template(session=s, actor=actor, kind=kind)


st.download_button("Unduh templat Excel", _template, f"templat-impor-{kind}.xlsx",
                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"impor_template_{kind}",
                   on_click="ignore", icon=":material/download:",
                   help="Templat dengan daftar pilihan kab/kota, jenis dan barang sesuai wilayah Anda.")

uploads = st.session_state.setdefault("impor_uploads", 0)
uploaded = st.file_uploader("Berkas .xlsx atau .csv", type=["xlsx", "csv"], key=f"impor_file_{kind}_{uploads}",
                            max_upload_size=importer.MAX_MEGABYTES)
if uploaded is None:
    st.stop()

content = uploaded.getvalue()
# The preview stays the one the user is looking at; a save elsewhere is caught when confirming.
cache_key = (kind, hashlib.sha256(content).hexdigest(), actor)
cached = st.session_state.get("impor_preview")
if cached is None or cached[0] != cache_key:
    try:
        table = importer.read(kind, uploaded.name, content)
        with web.session() as s:
            preview = importer.preview(session=s, actor=actor, kind=kind, table=table)
    except importer.ImportFileError as exc:
        st.error(web.as_text(exc.message), icon=":material/error:")
        st.stop()
    st.session_state["impor_preview"] = cached = (cache_key, preview)
preview = cached[1]
table, counts = preview.table, preview.counts

note = f"Judul kolom di baris {table.header_row}"
if table.sheet:
    note += f" lembar “{web.as_text(table.sheet)}”"
note += f"; {fmt.number(len(table.rows))} baris data."
if table.ignored:
    note += " Kolom yang tidak dipakai: " + ", ".join(web.as_text(h) for h in table.ignored) + "."
st.caption(note)

columns = st.columns(4)
columns[0].metric("Ditambah", fmt.number(counts[importer.ADD]))
columns[1].metric("Diubah", fmt.number(counts[importer.CHANGE]))
columns[2].metric("Sudah sama", fmt.number(counts[importer.SAME]))
columns[3].metric("Salah", fmt.number(counts[importer.ERROR]))

warned = len(preview.warned)
added, changed, warnings, errors = st.tabs([f"Ditambah ({fmt.number(counts[importer.ADD])})",
                                            f"Diubah ({fmt.number(counts[importer.CHANGE])})",
                                            f"Peringatan ({fmt.number(warned)})",
                                            f"Salah ({fmt.number(counts[importer.ERROR])})"])
with added:
    if counts[importer.ADD]:
        st.dataframe(preview.added_frame(), hide_index=True, placeholder="")
    else:
        st.caption("Tidak ada baris baru.")
with changed:
    if counts[importer.CHANGE]:
        st.dataframe(preview.changes_frame(), hide_index=True, placeholder="")
    else:
        st.caption("Tidak ada data tersimpan yang berubah.")
with warnings:
    if warned:
        st.caption("Angka yang tidak biasa: boleh disimpan bila memang benar, dengan alasan di bawah; sekretariat "
                   "akan menindaklanjutinya.")
        st.table(preview.warnings_frame().head(100).set_index("Baris"))
    else:
        st.caption("Tidak ada angka yang tidak biasa.")
with errors:
    if counts[importer.ERROR]:
        error_rows = preview.errors_frame()
        # A table wraps the reasons, which are the point here; a long list is in the download too.
        st.table(error_rows.head(100).set_index("Baris"))
        if len(error_rows) > 100:
            st.caption(f"100 dari {fmt.number(len(error_rows))} alasan ditampilkan; semuanya ada di berkas unduhan.")
        st.download_button("Unduh daftar baris salah (.xlsx)", preview.errors_xlsx,
                           f"baris-salah-{kind}.xlsx",
                           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           key="impor_errors_download", on_click="ignore", icon=":material/download:")
    else:
        st.caption("Semua baris dapat dibaca.")

to_write = counts[importer.ADD] + counts[importer.CHANGE]
skip_errors = False
if counts[importer.ERROR] and to_write:
    skip_errors = st.checkbox(f"Simpan baris yang benar saja ({fmt.number(counts[importer.ERROR])} baris salah "
                              "dilewati)", key="impor_skip_errors")
elif counts[importer.ERROR]:
    st.warning("Tidak ada baris yang dapat disimpan: perbaiki baris yang salah lalu unggah lagi.")
if not to_write and not counts[importer.ERROR]:
    st.info("Semua baris di berkas ini sudah tersimpan; tidak ada yang perlu diimpor.", icon=":material/check:")

reason = None
if warned:
    st.warning(f"{fmt.number(warned)} baris berisi angka yang tidak biasa (lihat tab Peringatan). Bila angkanya "
               "memang benar, tulis alasannya sebelum menyimpan.", icon=":material/warning:")
    reason = st.text_input("Alasan", key="impor_warnings_reason", max_chars=1000,
                           placeholder="mengapa angka ini benar, misalnya: sesuai laporan LKS")
    web.field_error("impor", "warnings_reason")
web.form_error("impor")
ready = to_write > 0 and (not counts[importer.ERROR] or skip_errors)
if st.button(f"Simpan {fmt.number(to_write)} baris", type="primary", disabled=not ready, key="impor_confirm"):
    done = web.run_write("impor", lambda s: importer.commit(session=s, actor=actor, shown=preview,
                                                            skip_errors=skip_errors, warnings_reason=reason))
    if done is not None:
        web.flash("impor", f"Impor selesai: {fmt.number(done[importer.ADD])} baris ditambah, "
                           f"{fmt.number(done[importer.CHANGE])} diubah, dari {uploaded.name}.")
        st.session_state["impor_uploads"] = uploads + 1  # a fresh, empty uploader
    st.session_state.pop("impor_preview", None)  # refused: show the plan as it is now, with the reason
    st.rerun()
