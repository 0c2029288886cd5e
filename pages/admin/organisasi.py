"""Organisasi & kop surat (admins): the body's name, address, chair and place of signing, and its logo,
printed as the letterhead and signature block of the laporan wilayah, the rakor deck and the daftar hadir."""

import streamlit as st

from kesos import vocab, web
from kesos.services import organisation as service

actor = web.require_page("organisasi")
st.title("Organisasi & kop surat")
st.caption("Nama, alamat dan logo ini dicetak sebagai kop surat laporan wilayah, deck rakor dan daftar hadir; "
           "tempat dan nama ketua dicetak di blok tanda tangan. Admin provinsi hanya mengubah organisasinya sendiri.")
web.show_flash("organisasi")

with web.session() as s:
    bodies = service.editable(s, actor)
if bodies.empty:
    st.info("Belum ada organisasi yang dapat Anda ubah.")
    st.stop()
labels = dict(zip(bodies["id"], [f"{a} – {n}" for a, n in zip(bodies["acronym"], bodies["name"])]))
chosen = int(st.selectbox("Organisasi", list(labels), format_func=labels.get, key="organisasi_pilih")
             if len(labels) > 1 else next(iter(labels)))
with web.session() as s:
    current = service.settings_of(session=s, actor=actor, organisation_id=chosen)
version = web.pinned_version("organisasi", chosen, current["version"])

key = f"organisasi_{chosen}"
acronyms = list(vocab.ORGANISATION_ACRONYMS)
with st.form(key):
    left, right = st.columns([1, 3])
    data = {
        "acronym": web.field(key, "acronym", st.selectbox, "Singkatan", acronyms, column=left,
                             index=acronyms.index(current["acronym"]) if current["acronym"] in acronyms else 0),
        "name": web.field(key, "name", st.text_input, "Nama organisasi", current["name"], column=right),
        "address": web.field(key, "address", st.text_input, "Alamat (dicetak di kop surat)",
                             current["address"] or ""),
    }
    left, right = st.columns(2)
    data["chair_name"] = web.field(key, "chair_name", st.text_input, "Nama ketua (penanda tangan)",
                                   current["chair_name"] or "", column=left,
                                   placeholder="contoh: Hj. Rahmawati Syahrani")
    data["signature_place"] = web.field(key, "signature_place", st.text_input, "Tempat penandatanganan",
                                        current["signature_place"] or "", column=right,
                                        placeholder="contoh: Banjarmasin")
    web.form_error(key)
    if st.form_submit_button("Simpan", type="primary"):
        web.save_then_rerun(key, lambda s: service.update_organisation(
            session=s, actor=actor, organisation_id=chosen, data=data, expected_version=version),
            page="organisasi", message=f"Pengaturan {data['acronym']} tersimpan.", pinned="organisasi")

st.subheader("Logo")
logo_key = f"organisasi_logo_{chosen}"
left, right = st.columns([1, 2])
with left:
    if current["logo"]:
        st.image(current["logo"], width=160, caption="Logo yang dicetak sekarang")
    else:
        st.caption("Belum ada logo: kop surat dicetak tanpa logo.")
with right:
    uploaded = web.field(logo_key, "logo", st.file_uploader, "Unggah logo baru", type=["png", "jpg", "jpeg"],
                         help="Gambar PNG atau JPEG, paling besar 1 MB, sisi 32 sampai 3000 piksel.")
    web.form_error(logo_key)
    with st.container(horizontal=True):
        if st.button("Simpan logo", icon=":material/upload:", key=f"{logo_key}_simpan", disabled=uploaded is None):
            web.save_then_rerun(logo_key, lambda s: service.set_logo(
                session=s, actor=actor, organisation_id=chosen, content=uploaded.getvalue(), expected_version=version),
                page="organisasi", message="Logo tersimpan.", pinned="organisasi")
        if current["logo"] and st.button("Hapus logo", icon=":material/delete:", key=f"{logo_key}_hapus",
                                         type="tertiary"):
            web.save_then_rerun(logo_key, lambda s: service.remove_logo(
                session=s, actor=actor, organisation_id=chosen, expected_version=version),
                page="organisasi", message="Logo dihapus.", pinned="organisasi")
