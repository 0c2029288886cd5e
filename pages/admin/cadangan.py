"""Cadangan database (admin only): download a consistent backup of the whole database, restore one."""

import streamlit as st

from kesos import backup, web
from kesos.errors import KesosError

actor = web.require_page("cadangan")
st.title("Cadangan database")
web.show_flash("cadangan")
engine = web.engine()

try:
    current = backup.database_path(engine)
except KesosError as exc:  # PostgreSQL: the README shows pg_dump / pg_restore
    st.info(exc.message, icon=":material/info:")
    st.stop()

st.caption("Cadangan berisi seluruh database: semua provinsi, pengguna, riwayat perubahan dan laporan yang "
           "tersimpan. Simpan berkasnya di tempat yang aman; berkas ini berisi data pribadi pemohon.")

st.subheader("Buat cadangan")
if st.button("Buat cadangan sekarang", icon=":material/backup:", type="primary", key="cadangan_buat"):
    with st.spinner("Menyalin database…"):
        try:
            st.session_state["cadangan_berkas"] = (backup.backup_filename(), backup.backup_bytes(engine, actor))
        except KesosError as exc:
            st.error(exc.message)
if made := st.session_state.get("cadangan_berkas"):
    name, data = made
    size = f"{len(data) / 1_000_000:.1f}".replace(".", ",")  # Indonesian decimal comma
    st.download_button(f"Unduh {name} ({size} MB)", data, file_name=name,
                       mime="application/vnd.sqlite3", icon=":material/download:", on_click="ignore",
                       key="cadangan_unduh")

st.subheader("Pulihkan dari cadangan")
st.warning("Memulihkan mengganti **seluruh** isi database dengan isi berkas cadangan. Perubahan sesudah cadangan "
           "itu dibuat akan hilang dari aplikasi; database yang sekarang disimpan lebih dulu di server "
           f"(di samping `{current.name}`).", icon=":material/warning:")
with st.form("cadangan_pulihkan"):
    upload = st.file_uploader("Berkas cadangan Kesos (.db)", type=["db", "sqlite", "sqlite3"], key="cadangan_file")
    web.field_error("cadangan_pulihkan", "file")
    sure = st.checkbox("Saya mengerti bahwa seluruh data sekarang akan diganti dengan isi berkas ini.")
    web.field_error("cadangan_pulihkan", "confirm")
    web.form_error("cadangan_pulihkan")
    submitted = st.form_submit_button("Pulihkan database", icon=":material/settings_backup_restore:")

if submitted:
    errors = {}
    if upload is None:
        errors["file"] = "Pilih berkas cadangan lebih dulu."
    if not sure:
        errors["confirm"] = "Centang pernyataan ini untuk memulihkan."
    if errors:
        st.session_state["cadangan_pulihkan__errors"] = errors
        st.rerun()
    with st.spinner("Memeriksa dan memulihkan database…"):
        try:
            kept = backup.restore_upload(engine, actor, upload.getvalue(), upload.name)
        except KesosError as exc:
            st.session_state["cadangan_pulihkan__errors"] = getattr(exc, "errors", None) or {"_form": exc.message}
            st.rerun()
    web.clear_errors("cadangan_pulihkan")
    # Every cached figure came from the replaced database: clear them for every session.
    st.cache_data.clear()
    st.session_state.pop("cadangan_berkas", None)
    web.flash("cadangan", f"Database dipulihkan dari {upload.name}. Database sebelumnya disimpan di server "
                          f"sebagai {kept.name}.")
    st.rerun()
