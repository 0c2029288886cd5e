"""Cabang: each kab/kota's branch (formed or not yet, decree, chair) and its board terms."""

import pandas as pd
import streamlit as st

from kesos import fmt, queries, web
from kesos.services import branch as service

actor = web.require_page("cabang")
provinces = web.query(queries.provinces, actor)
province_names = dict(zip(provinces["code"], provinces["name"]))
st.title("Cabang kab/kota")
if not province_names:
    st.info("Belum ada lembaga koordinasi yang terdaftar untuk wilayah Anda.")
    st.stop()
province = web.url_widget(st.selectbox, "Provinsi", province_names, format_func=province_names.get,
                          key="cab_province", param="prov", disabled=len(province_names) == 1)

with web.session() as s:
    frame = service.list_branches(session=s, actor=actor, province_code=province)
terms = [f"{fmt.tanggal(a)}–{fmt.tanggal(b)}" if a else "-" for a, b in zip(frame["term_start"], frame["term_end"])]
view = frame.assign(status=frame["is_formed"].map({True: "Terbentuk", False: "Belum terbentuk"}),
                    status_code=frame["is_formed"].map({True: "terbentuk", False: "belum"}),
                    tanggal_sk=frame["decree_date"].map(lambda d: fmt.tanggal(d) if d else "-"), masa_bakti=terms)
headers = {"kab_kota": "Kab/kota", "status": "Status", "decree_number": "Nomor SK", "tanggal_sk": "Tanggal SK",
           "chair_name": "Ketua", "masa_bakti": "Masa bakti pengurus"}
filters = [web.ListFilter("status", "status_code", "Status", "Semua status",
                          options={"terbentuk": "Terbentuk", "belum": "Belum terbentuk"})]
selected = web.record_list(view, headers, key="cab_table", noun="kab/kota", export="cabang", filters=filters,
                           search="Cari kab/kota, ketua atau nomor SK",
                           search_columns=["kab_kota", "chair_name", "decree_number", "name"],
                           caption=f"Cabang terbentuk di {int(frame['is_formed'].sum())} dari {len(frame)} kab/kota. "
                                   "Pilih satu baris untuk melihat atau mengubahnya.")
if selected is None and len(frame) == 1:  # an operator's one kab/kota opens at once
    selected = frame.index[0]
if selected is None:
    web.unpin_version("cab")
    st.stop()

row = frame.loc[selected].map(lambda value: None if pd.isna(value) else value)  # NaN would show as "nan"
code = row["kab_kota_code"]
# The version when this branch was opened: a save after someone else's change is refused, not lost.
version = web.pinned_version("cab", code, None if row["version"] is None else int(row["version"]))
writable = actor.can_write and actor.may_see_kab_kota(code)
st.subheader(row["kab_kota"])
key = f"cab_{code}_{version}"
if not writable:
    st.markdown(f"**{view.loc[selected]['status']}** · {web.as_text(row['name'] or '-')} · ketua: {web.as_text(row['chair_name'] or '-')}"
                f" · SK {web.as_text(row['decree_number'] or '-')} tanggal {view.loc[selected]['tanggal_sk']}")
    submitted = False
else:
    with st.form(key):
        is_formed = st.checkbox("Cabang sudah terbentuk", bool(row["is_formed"]), key=f"{key}_formed")
        left, right = st.columns(2)
        name = left.text_input("Nama cabang", row["name"] or "", placeholder="mis. LKKS Kota Banjarmasin",
                               key=f"{key}_name")
        chair = right.text_input("Nama ketua", row["chair_name"] or "", key=f"{key}_chair")
        number = left.text_input("Nomor SK", row["decree_number"] or "", key=f"{key}_number")
        with left:
            web.field_error(key, "decree_number")
        decree_date = right.date_input("Tanggal SK", row["decree_date"] if row["decree_date"] else None,
                                       **web.ANY_DATE, format="DD/MM/YYYY", key=f"{key}_date")
        with right:
            web.field_error(key, "decree_date")
        st.caption("Nomor dan tanggal SK wajib diisi bila cabang sudah terbentuk; dikosongkan bila belum.")
        contact_name = left.text_input("Kontak laporan bulanan", row["contact_name"] or "", key=f"{key}_contact",
                                       help="Yang diingatkan bila laporan penerima manfaat terlambat.")
        contact_phone = right.text_input("Nomor WhatsApp kontak", row["contact_phone"] or "", key=f"{key}_phone",
                                         placeholder="mis. 0812 3456 7890")
        with right:
            web.field_error(key, "contact_phone")
        web.form_error(key)
        submitted = st.form_submit_button("Simpan", type="primary")
    web.show_flash("cabang")  # the confirmation under the button just pressed
    web.reload_button("cab", key)
if submitted:
    data = {"is_formed": is_formed, "name": name, "chair_name": chair, "decree_number": number,
            "decree_date": decree_date, "contact_name": contact_name, "contact_phone": contact_phone}
    web.save_then_rerun(key, lambda s: service.save_branch(session=s, actor=actor, kab_kota_code=code, data=data,
                                                           expected_version=version),
                        page="cabang", message=f"Cabang {row['kab_kota']} tersimpan.", pinned="cab")
if row["branch_id"] is None:
    st.stop()
branch_id = int(row["branch_id"])
web.history_panel("branch", branch_id)


def term_form(key: str, term=None, flash: str = "cabang_term") -> dict | None:
    t = term or {}
    with st.form(key):
        cols = st.columns(4)
        data = {"chair_name": cols[0].text_input("Ketua", t.get("chair_name") or "", key=f"{key}_chair"),
                "confirmed_on": cols[1].date_input("Tanggal pengukuhan", t.get("confirmed_on"), format="DD/MM/YYYY",
                                                   key=f"{key}_confirmed"),
                "term_start": cols[2].date_input("Awal masa bakti", t.get("term_start"), format="DD/MM/YYYY",
                                                 key=f"{key}_start"),
                "term_end": cols[3].date_input("Akhir masa bakti (kosongkan: 5 tahun)", t.get("term_end"),
                                               format="DD/MM/YYYY", key=f"{key}_end")}
        with cols[2]:
            web.field_error(key, "term_start")
        with cols[3]:
            web.field_error(key, "term_end")
        web.form_error(key)
        submitted = st.form_submit_button("Simpan masa bakti", disabled=not writable)
    web.show_flash(flash)  # the confirmation under the button just pressed
    if submitted and data["term_start"] and not data["term_end"]:
        data["term_end"] = service.default_term_end(data["term_start"])
    return data if submitted else None


def term_labels(frame: pd.DataFrame) -> dict[int, str]:
    return {int(t.id): f"{fmt.tanggal(t.term_start)}–{fmt.tanggal(t.term_end)} · {t.chair_name or '-'}"
            for t in frame.itertuples()}


st.subheader("Masa bakti pengurus")
with web.session() as s:
    term_frame = service.list_terms(session=s, actor=actor, branch_id=branch_id)
if term_frame.empty:
    st.caption("Belum ada masa bakti pengurus yang dicatat.")
else:
    labels = term_labels(term_frame)
    chosen = st.selectbox("Masa bakti", list(labels), format_func=labels.get, key=f"cab_term_{branch_id}")
    term = term_frame.set_index("id").loc[chosen].to_dict()
    term_key = f"cab_term_{chosen}_{term['version']}"
    if writable and (data := term_form(term_key, term)):
        web.save_then_rerun(term_key, lambda s: service.update_board_term(
            session=s, actor=actor, term_id=chosen, data=data, expected_version=int(term["version"])),
            page="cabang_term", message=lambda s, r: f"Masa bakti {fmt.tanggal(r.term_start)}–"
                                                     f"{fmt.tanggal(r.term_end)} tersimpan.")
    if writable and st.button("Hapus masa bakti ini", icon=":material/delete:", key=f"{term_key}_delete"):
        web.save_then_rerun(term_key, lambda s: service.delete_board_term(
            session=s, actor=actor, term_id=chosen, expected_version=int(term["version"])),
            page="cabang_term", message="Masa bakti dihapus.")
    web.history_panel("board_term", chosen)
web.show_flash("cabang_term")  # the last term deleted: no form left to show it under
if writable and row["is_formed"]:
    st.markdown("**Tambah masa bakti**")
    add_key = f"cab_term_add_{branch_id}_{st.session_state.get('cab_terms_added', 0)}"
    if data := term_form(add_key, flash="cabang_term_add"):
        web.save_then_rerun(add_key, lambda s: service.add_board_term(session=s, actor=actor, branch_id=branch_id,
                                                                      data=data),
                            page="cabang_term_add", message=lambda s, r: f"Masa bakti {fmt.tanggal(r.term_start)}–"
                                                                     f"{fmt.tanggal(r.term_end)} ditambahkan.",
                            on_saved=lambda _: st.session_state.update(
                                cab_terms_added=st.session_state.get("cab_terms_added", 0) + 1))
if writable:
    web.deleted_panel(actor, "masa bakti", title="Masa bakti terhapus", hide_when_empty=True, key="cab",
                      deleted=lambda s: term_labels(service.list_terms(session=s, actor=actor, branch_id=branch_id,
                                                                       deleted=True)),
                      restore=lambda s, i: service.restore_board_term(session=s, actor=actor, term_id=i))
