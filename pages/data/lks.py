"""LKS: search and filter the registry; add, edit, deactivate, delete and restore an LKS."""


import pandas as pd
import streamlit as st

from kesos import clock, fmt, queries, vocab, web
from kesos.queries import accreditation
from kesos.services import lks as service

actor = web.require_page("lks")
names = web.kab_kota_names(actor)
provinces = web.query(queries.provinces, actor)
province_names = dict(zip(provinces["code"], provinces["name"]))
st.title("Lembaga Kesejahteraan Sosial (LKS)")


def lks_form(key: str, record=None) -> dict | None:
    """The LKS fields in one form, messages under each; returns what was typed when submitted."""
    r = record.model_dump() if record else {}
    kab_kota_codes = list(names)
    with st.form(key):
        left, right = st.columns(2)
        data = {"name": left.text_input("Nama LKS", r.get("name", ""), key=f"{key}_name")}
        with left:
            web.field_error(key, "name")
        data["lks_type"] = right.selectbox("Jenis LKS", list(vocab.LKS_TYPES), key=f"{key}_type",
                                           index=list(vocab.LKS_TYPES).index(r["lks_type"]) if r else None,
                                           format_func=vocab.LKS_TYPES.get, placeholder="Pilih jenis")
        with right:
            web.field_error(key, "lks_type")
        default = r.get("kab_kota_code") or actor.kab_kota_code
        data["kab_kota_code"] = left.selectbox(
            "Kabupaten/kota", kab_kota_codes, format_func=names.get, key=f"{key}_kab",
            index=kab_kota_codes.index(default) if default in kab_kota_codes else None, placeholder="Pilih")
        with left:
            web.field_error(key, "kab_kota_code")
        data["address"] = right.text_input("Alamat", r.get("address") or "", key=f"{key}_address")
        data["registration_status"] = left.selectbox(
            "Status pendaftaran", list(vocab.REGISTRATION_STATUSES), format_func=vocab.REGISTRATION_STATUSES.get,
            index=list(vocab.REGISTRATION_STATUSES).index(r.get("registration_status", "terdaftar")),
            key=f"{key}_reg")
        data["registration_number"] = right.text_input("Nomor pendaftaran", r.get("registration_number") or "",
                                                       key=f"{key}_regno")
        data["accreditation"] = left.selectbox(
            "Akreditasi", list(vocab.ACCREDITATIONS), format_func=vocab.ACCREDITATIONS.get,
            index=list(vocab.ACCREDITATIONS).index(r.get("accreditation", "belum")), key=f"{key}_acc")
        data["capacity"] = right.number_input("Kapasitas (orang)", step=1, value=r.get("capacity"),
                                              key=f"{key}_capacity")
        with right:
            web.field_error(key, "capacity")
        data["registered_on"] = left.date_input("Tanggal terdaftar", r.get("registered_on", clock.today()),
                                                **web.ANY_DATE,
                                                format="DD/MM/YYYY", key=f"{key}_registered")
        with left:
            web.field_error(key, "registered_on")
        data["closed_on"] = right.date_input("Tanggal berhenti (jika sudah tidak beroperasi)", r.get("closed_on"),
                                             **web.ANY_DATE,
                                             format="DD/MM/YYYY", key=f"{key}_closed")
        with right:
            web.field_error(key, "closed_on")
        data["accredited_on"] = left.date_input("Tanggal akreditasi", r.get("accredited_on"), format="DD/MM/YYYY",
                                                **web.ANY_DATE, key=f"{key}_accredited")
        with left:
            web.field_error(key, "accredited_on")
        data["accreditation_expires_on"] = right.date_input(
            "Akreditasi berlaku sampai", r.get("accreditation_expires_on"), format="DD/MM/YYYY",
            **web.ANY_DATE, key=f"{key}_expires",
            help="Kosongkan untuk dihitung otomatis: A 5 tahun, B 3 tahun, C 2 tahun. Ubah hanya bila ada pengecualian.")
        with right:
            web.field_error(key, "accreditation_expires_on")
        grades = list(vocab.LKS_GROWTH_GRADES)
        data["growth_grade"] = left.selectbox(
            "Tingkat perkembangan", grades, format_func=vocab.LKS_GROWTH_GRADES.get, placeholder="Belum dinilai",
            index=grades.index(r["growth_grade"]) if r.get("growth_grade") else None, key=f"{key}_growth")
        with left:
            web.field_error(key, "growth_grade")
        data["growth_assessed_on"] = right.date_input("Tanggal penilaian perkembangan", r.get("growth_assessed_on"),
                                                      format="DD/MM/YYYY", **web.ANY_DATE,
                                                      key=f"{key}_assessed")
        with right:
            web.field_error(key, "growth_assessed_on")
        if duplicate := web.form_errors(key).get("duplicate"):
            st.warning(web.as_text(duplicate))
            data["confirm"] = st.checkbox("Tetap simpan: ini LKS yang berbeda", key=f"{key}_confirm")
        web.form_error(key)
        submitted = st.form_submit_button("Simpan", type="primary", disabled=not actor.can_write)
    web.show_flash("lks")  # the confirmation under the button just pressed
    return data if submitted else None


def checked(data: dict, write, record_id: int | None = None):
    """The write, refused first when a same-named LKS is in the kab/kota; a ticked confirmation saves anyway."""
    return lambda s: write(s, service.refuse_unconfirmed_duplicate(s, data, record_id))


with web.session() as s:
    frame = service.list_lks(session=s, actor=actor, limit=100_000)
view = frame.assign(jenis=frame["lks_type"].map(vocab.LKS_TYPES),
                    status_code=frame["is_active"].map({True: "aktif", False: "nonaktif"}),
                    status=frame["is_active"].map({True: "Aktif", False: "Nonaktif"}),
                    terdaftar=frame["registered_on"].map(fmt.tanggal), provinsi=frame["kab_kota_code"].str[:2])
headers = {"name": "Nama", "jenis": "Jenis", "kab_kota": "Kab/kota", "address": "Alamat", "capacity": "Kapasitas",
           "terdaftar": "Terdaftar", "status": "Status"}
filters = [web.ListFilter("prov", "provinsi", "Provinsi", "Semua provinsi", options=province_names),
           web.ListFilter("kab", "kab_kota_code", "Kabupaten/kota", "Semua kab/kota", options=names, within="prov"),
           web.ListFilter("jenis", "lks_type", "Jenis", "Semua jenis", options=vocab.LKS_TYPES),
           web.ListFilter("akreditasi", "accreditation", "Akreditasi", "Semua akreditasi",
                          options=vocab.ACCREDITATIONS),
           web.ListFilter("status", "status_code", "Status", "Semua status",
                          options={"aktif": "Aktif", "nonaktif": "Nonaktif"})]
row = web.record_list(view, headers, key="lks_table", noun="LKS", export="lks", pinned="lks_edit", filters=filters,
                      search="Cari nama atau alamat", search_columns=["name", "address"],
                      caption="Pilih satu baris untuk melihat atau mengubahnya.")

if row is None:
    if actor.can_write:
        st.subheader("Tambah LKS")
        key = web.new_record_key("lks")
        if data := lks_form(key):
            web.save_then_rerun(key, checked(data, lambda s, d: service.create_lks(session=s, actor=actor, data=d)),
                                page="lks", message=lambda s, r: f"LKS \u201c{r.name}\u201d tersimpan.", fresh="lks",
                                list_key="lks_table")
else:
    with web.session() as s:
        record = service.get_lks(session=s, actor=actor, lks_id=int(frame.loc[row]["id"]))
    st.subheader(web.as_text(record.name))
    version = web.pinned_version("lks_edit", record.id, record.version)  # a stale save is refused
    key = f"lks_edit_{record.id}_{version}"
    if not actor.can_write:  # leaders read; no form to fill in
        st.markdown(f"**{vocab.LKS_TYPES[record.lks_type]}** · {names.get(record.kab_kota_code, '')} · "
                    f"{web.as_text(record.address or '-')} · kapasitas {fmt.number(record.capacity)} · "
                    f"{vocab.REGISTRATION_STATUSES[record.registration_status]} · "
                    f"akreditasi {vocab.ACCREDITATIONS[record.accreditation]} · terdaftar "
                    f"{fmt.tanggal(record.registered_on)} · {'aktif' if record.is_active else 'nonaktif'}")
    elif data := lks_form(key, record):
        web.save_then_rerun(key, checked(data, lambda s, d: service.update_lks(
            session=s, actor=actor, lks_id=record.id, data=d, expected_version=version), record.id),
            page="lks", message=lambda s, r: f"Perubahan LKS \u201c{r.name}\u201d tersimpan.", pinned="lks_edit",
            list_key="lks_table")
    web.reload_button("lks_edit", key)
    if actor.can_write:
        left, right, _ = st.columns([1, 1, 3])
        label = "Nonaktifkan" if record.is_active else "Aktifkan kembali"
        if left.button(label, key=f"{key}_active"):
            web.save_then_rerun(key, lambda s: service.set_active(
                session=s, actor=actor, lks_id=record.id, active=not record.is_active, expected_version=version),
                page="lks", message=lambda s, r: f"LKS \u201c{r.name}\u201d kini {'aktif' if r.is_active else 'nonaktif'}.",
                pinned="lks_edit", list_key="lks_table")
        with right:
            web.delete_popover(
                key, lambda s: service.delete_lks(session=s, actor=actor, lks_id=record.id, expected_version=version),
                explain="LKS akan disembunyikan dari daftar; sekretariat atau admin dapat memulihkannya.",
                page="lks", message=f"LKS \u201c{record.name}\u201d dihapus.", pinned="lks_edit")
    web.history_panel("lks", record.id)


def deleted_lks(s) -> dict:
    frame = service.list_lks(session=s, actor=actor, deleted=True)
    return dict(zip(frame["id"], frame["name"] + " \u2013 " + frame["kab_kota"]))


web.deleted_panel(actor, "LKS", deleted=deleted_lks, key="lks", list_key="lks_table",
                  restore=lambda s, i: service.restore_lks(session=s, actor=actor, lks_id=i))

with st.expander("Tindak lanjut akreditasi", icon=":material/workspace_premium:"):
    st.caption(f"LKS yang masih beroperasi dengan akreditasi yang habis dalam {accreditation.WINDOW_MONTHS} bulan "
               "ke depan atau sudah habis, dan LKS yang belum pernah terakreditasi, per kab/kota.")
    with web.session() as s:
        follow_up = accreditation.follow_up(s, actor)
    if follow_up.empty:
        st.info("Tidak ada akreditasi yang perlu ditindaklanjuti.")
    else:
        view = follow_up.assign(status=follow_up["status"].map(accreditation.STATUS_LABELS),
                                accreditation=follow_up["accreditation"].map(vocab.ACCREDITATIONS),
                                accreditation_expires_on=follow_up["accreditation_expires_on"].map(
                                    lambda d: fmt.tanggal(d) if pd.notna(d) else ""))
        headers = {"kab_kota": "Kab/kota", "name": "LKS", "accreditation": "Akreditasi",
                   "accreditation_expires_on": "Berlaku sampai", "status": "Keadaan"}
        st.dataframe(view[list(headers)].rename(columns=headers), hide_index=True, width="stretch")
        web.export_buttons(view[list(headers)], "tindak-lanjut-akreditasi", headers)
