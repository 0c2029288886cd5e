"""Pengguna (admin only): add users, set role and kab/kota, reset passwords, deactivate and reactivate."""

import pandas as pd
import streamlit as st

from kesos import queries, vocab, web
from kesos.config import settings
from kesos.services import users_admin as service

actor = web.require_page("pengguna")
names = web.kab_kota_names(actor)
provinces = web.query(queries.provinces, actor)
province_names = dict(zip(provinces["code"], provinces["name"]))
demo_mode = settings().demo_mode
st.title("Pengguna")
st.caption("Operator hanya melihat dan mengubah data kab/kotanya; sekretariat seluruh provinsinya; pimpinan hanya "
           "melihat. Mengubah peran, wilayah atau kata sandi, dan menonaktifkan, mengakhiri sesi pengguna itu.")


def password_fields(key: str) -> dict:
    left, right = st.columns(2)
    with left:
        new = web.field(key, "password", st.text_input, "Kata sandi", type="password",
                        help=f"Paling sedikit {service.MIN_PASSWORD_LENGTH} karakter.")
    with right:
        confirm = st.text_input("Ulangi kata sandi", type="password", key=f"{key}_password_confirm")
    return {"password": new, "password_confirm": confirm}


def user_form(key: str, r: dict, *, with_password: bool) -> dict | None:
    roles = list(vocab.ROLES)
    province_choices = list(province_names) if actor.province_code else [None, *province_names]
    kab_kota_choices = [None, *names]
    with st.form(key):
        left, right = st.columns(2)
        data = {}
        if with_password:
            with left:
                data["username"] = web.field(key, "username", st.text_input, "Nama pengguna",
                                             placeholder="huruf kecil, contoh: rina.banjar")
        with right if with_password else left:
            data["name"] = web.field(key, "name", st.text_input, "Nama lengkap", r.get("name", ""))
        with left if with_password else right:
            data["email"] = web.field(key, "email", st.text_input, "Email (boleh kosong)", r.get("email") or "")
        with right if with_password else left:
            data["role"] = web.field(key, "role", st.selectbox, "Peran", roles, format_func=vocab.ROLES.get,
                                     index=roles.index(r["role"]) if r.get("role") in roles else None,
                                     placeholder="Pilih peran")
        province = r.get("province_code", actor.province_code)
        with left if with_password else right:
            data["province_code"] = web.field(
                    key, "province_code", st.selectbox, "Provinsi", province_choices,
                    index=province_choices.index(province) if province in province_choices else 0,
                    format_func=lambda c: "Semua provinsi" if c is None else province_names[c])
        with right if with_password else left:
            kab = r.get("kab_kota_code")
            data["kab_kota_code"] = web.field(
                    key, "kab_kota_code", st.selectbox, "Kabupaten/kota (hanya untuk operator)", kab_kota_choices,
                    index=kab_kota_choices.index(kab) if kab in kab_kota_choices else 0,
                    format_func=lambda c: "-" if c is None else names[c])
        if with_password:
            data |= password_fields(key)
        web.form_error(key)
        submitted = st.form_submit_button("Simpan", type="primary")
    web.show_flash("pengguna")  # the confirmation under the button just pressed
    return data if submitted else None


with web.session() as s:
    frame = service.list_users(session=s, actor=actor)
status = ["Nonaktif" if not active else ("Terkunci" if locked is not None and locked == locked else "Aktif")
          for active, locked in zip(frame["is_active"], frame["locked_until"])]
view = frame.assign(status=status, email=frame["email"].fillna(""),
                    provinsi=frame["province_code"].map(lambda c: "Semua provinsi" if pd.isna(c) else
                                                        province_names.get(c, c)),
                    kab_kota=frame["kab_kota_code"].map(lambda c: "" if pd.isna(c) else names.get(c, c)),
                    status_code=[s.lower() for s in status])
headers = {"username": "Nama pengguna", "name": "Nama", "role_label": "Peran", "provinsi": "Provinsi",
           "kab_kota": "Kab/kota", "email": "Email", "status": "Status"}
filters = [web.ListFilter("prov", "province_code", "Provinsi", "Semua provinsi", options=province_names),
           web.ListFilter("kab", "kab_kota_code", "Kabupaten/kota", "Semua kab/kota", options=names, within="prov"),
           web.ListFilter("peran", "role", "Peran", "Semua peran", options=vocab.ROLES),
           web.ListFilter("status", "status_code", "Status", "Semua status",
                          options={"aktif": "Aktif", "terkunci": "Terkunci", "nonaktif": "Nonaktif"})]
row = web.record_list(view, headers, key="user_table", noun="pengguna", export=None, pinned="user_edit",
                      filters=filters, search="Cari nama pengguna, nama atau email",
                      search_columns=["username", "name", "email"], caption="Pilih satu baris untuk mengubahnya.")

if row is None:
    st.subheader("Tambah pengguna")
    key = web.new_record_key("user")
    if data := user_form(key, {}, with_password=True):
        web.save_then_rerun(key, lambda s: service.create_user(session=s, actor=actor, data=data, demo_mode=demo_mode),
                            page="pengguna", message=lambda s, r: f"Pengguna \u201c{r.username}\u201d dibuat.",
                            fresh="user", list_key="user_table")
else:
    with web.session() as s:
        user = service.get_user(session=s, actor=actor, user_id=int(frame.loc[row]["id"]))
    st.subheader(web.as_text(f"{user.name} ({user.username})"))
    version = web.pinned_version("user_edit", user.id, user.version)
    key = f"user_edit_{user.id}_{version}"
    if not user.is_active:
        st.warning("Akun ini nonaktif: tidak bisa masuk sampai diaktifkan kembali.")

    def save(form_key: str, write, message: str) -> None:
        web.save_then_rerun(form_key, write, page="pengguna", message=message, pinned="user_edit",
                            list_key="user_table")

    if data := user_form(key, user.model_dump(), with_password=False):
        save(key, lambda s: service.update_user(session=s, actor=actor, user_id=user.id, data=data,
                                                expected_version=version), f"Perubahan pengguna {user.username} tersimpan.")
    web.reload_button("user_edit", key)
    left, right = st.columns(2)
    with left.expander("Atur ulang kata sandi", icon=":material/key:"):
        reset_key = f"{key}_reset"
        with st.form(reset_key):
            typed = password_fields(reset_key)
            web.form_error(reset_key)
            if st.form_submit_button("Simpan kata sandi baru"):
                save(reset_key, lambda s: service.reset_password(
                    session=s, actor=actor, user_id=user.id, new_password=typed["password"],
                    confirm=typed["password_confirm"], expected_version=version, demo_mode=demo_mode),
                    f"Kata sandi {user.username} diganti; sesi lamanya berakhir.")
    with right:
        label = "Nonaktifkan" if user.is_active else "Aktifkan kembali"
        if st.button(label, key=f"{key}_active", icon=":material/person_off:" if user.is_active else
                     ":material/person_check:"):
            save(key, lambda s: service.set_active(session=s, actor=actor, user_id=user.id,
                                                   active=not user.is_active, expected_version=version),
                 f"{user.username} {'dinonaktifkan' if user.is_active else 'diaktifkan kembali'}.")
    web.history_panel("app_user", user.id)
