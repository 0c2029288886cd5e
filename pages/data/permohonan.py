"""Permohonan: requests from the public, their status and days waiting, and the aid that fulfilled them."""

import streamlit as st

from kesos import clock, fmt, listing, personal_data, queries, vocab, web
from kesos.services import aid_request as service

actor = web.require_page("permohonan")
names = web.kab_kota_names(actor)
provinces = web.query(queries.provinces, actor)
province_names = dict(zip(provinces["code"], provinces["name"]))
st.title("Permohonan bantuan")


def request_form(key: str, r: dict) -> dict | None:
    """The request's fields in one form, each message right under its field."""
    codes = list(names)
    with st.form(key):
        left, right = st.columns(2)
        data = {}
        for column, name, widget, args, kwargs in (
            (left, "applicant_name", st.text_input, ("Nama pemohon", r.get("applicant_name") or ""), {}),
            (right, "nik", st.text_input, ("NIK (16 angka)", r.get("nik") or ""), {}),
            (left, "phone", st.text_input, ("Nomor telepon", r.get("phone") or ""), {}),
            (right, "address", st.text_input, ("Alamat", r.get("address") or ""), {}),
            (left, "kab_kota_code", st.selectbox, ("Kabupaten/kota", codes),
             {"index": codes.index(r["kab_kota_code"]) if r.get("kab_kota_code") in codes else None,
              "format_func": names.get, "placeholder": "Pilih kab/kota"}),
            (right, "received_on", st.date_input, ("Tanggal diterima", r.get("received_on", clock.today())),
             {**web.ANY_DATE, "format": "DD/MM/YYYY"}),
        ):
            with column:
                data[name] = widget(*args, key=f"{key}_{name}", **kwargs)
                web.field_error(key, name)
        data["need"] = st.text_area("Kebutuhan", r.get("need") or "", key=f"{key}_need", height=80)
        web.field_error(key, "need")
        web.form_error(key)
        submitted = st.form_submit_button("Simpan", type="primary")
    return data if submitted else None


def write(key: str, call, message, where: str) -> None:
    """Save; the confirmation is kept for `web.show_flash(where)`, drawn under the button pressed."""
    web.save_then_rerun(key, call, page=where, message=message, pinned="permohonan", list_key="permohonan_table")


with web.session() as s:
    frame = service.list_requests(session=s, actor=actor, limit=100_000)
view = frame.assign(diterima=frame["received_on"].map(fmt.tanggal), provinsi=frame["kab_kota_code"].str[:2],
                    tahun=listing.year_of(frame["received_on"]), nomor=frame["id"].map(lambda i: f"#{i}"),
                    nilai=[fmt.rupiah(v) if n else "" for v, n in zip(frame["distributed_value"], frame["distributions"])])
headers = {"id": "No.", "diterima": "Diterima", "kab_kota": "Kab/kota", "applicant_name": "Pemohon", "nik": "NIK",
           "phone": "Telepon", "need": "Kebutuhan", "status_label": "Status", "days_waiting": "Lama menunggu (hari)",
           "distributions": "Penyaluran", "nilai": "Nilai disalurkan"}
filters = [web.ListFilter("prov", "provinsi", "Provinsi", "Semua provinsi", options=province_names),
           web.ListFilter("kab", "kab_kota_code", "Kabupaten/kota", "Semua kab/kota", options=names, within="prov"),
           web.ListFilter("status", "status", "Status", "Semua status", options=vocab.REQUEST_STATUSES),
           web.ListFilter("tahun", "tahun", "Tahun diterima", "Semua tahun", descending=True)]
# Exported as the list shows it: NIK and names masked as on screen (and searched as shown: a masked name
# cannot be found by its hidden letters).
selected = web.record_list(
    view, headers, key="permohonan_table", noun="permohonan", export="permohonan", pinned="permohonan",
    filters=filters, search="Cari pemohon, kebutuhan atau nomor", search_columns=["applicant_name", "need", "nomor"],
    caption="Lama menunggu dihitung sampai selesai atau sampai hari ini.",
    column_config={"days_waiting": st.column_config.NumberColumn(headers["days_waiting"])})

if selected is None:
    if actor.can_write:
        st.subheader("Catat permohonan")
        key = web.new_record_key("permohonan")
        if data := request_form(key, {"kab_kota_code": actor.kab_kota_code}):
            web.save_then_rerun(key, lambda s: service.create_request(session=s, actor=actor, data=data),
                                page="permohonan", fresh="permohonan", list_key="permohonan_table",
                                message=lambda s, r: f"Permohonan #{r.id} tersimpan dengan status Diterima.")
        web.show_flash("permohonan")  # the confirmation under the button just pressed
else:
    row = frame.loc[selected]
    rid = int(row["id"])
    version = web.pinned_version("permohonan", rid, int(row["version"]))  # a stale save is refused
    key = f"permohonan_{rid}_{version}"
    st.subheader(web.as_text(f"Permohonan #{rid}: {row['applicant_name']}"))
    st.markdown(f"**{row['status_label']}** sejak {fmt.tanggal(row['status_changed_on'])} · "
                f"diterima {fmt.tanggal(row['received_on'])} · {row['days_waiting']} hari")
    can_edit = actor.can_write and personal_data.may_see_personal_data(actor, row["kab_kota_code"])
    web.form_error(key)
    web.reload_button("permohonan", key)
    if row["status"] == "diteruskan" and actor.kab_kota_code:
        st.caption("Menunggu keputusan provinsi.")
    if can_edit and (choices := list(service.next_statuses_for(actor, row["status"]))):
        left, middle, right = st.columns([2, 2, 1], vertical_alignment="bottom")
        new_status = left.selectbox("Ubah status menjadi", choices, format_func=vocab.REQUEST_STATUSES.get,
                                    key=f"{key}_next")
        on = middle.date_input("Tanggal", clock.today(), **web.ANY_DATE, format="DD/MM/YYYY", key=f"{key}_on")
        web.field_error(key, "status")
        if right.button("Ubah status", type="primary", key=f"{key}_status"):
            write(key, lambda s: service.change_status(session=s, actor=actor, request_id=rid, status=new_status,
                                                       expected_version=version, on=on),
                  lambda s, r: f"Status permohonan #{rid} diubah menjadi {vocab.REQUEST_STATUSES[r.status]}.",
                  "permohonan_status")
    web.show_flash("permohonan_status")  # also when the new status offers no next one

    st.markdown("**Penyaluran yang memenuhi permohonan ini**")
    with web.session() as s:
        linked = service.distributions_of(session=s, actor=actor, request_id=rid)
        linkable = service.linkable_distributions(session=s, actor=actor, request_id=rid) if can_edit else None
    if linked.empty:
        st.caption("Belum ada penyaluran yang ditautkan.")
    else:
        st.dataframe(linked.assign(tanggal=linked["distributed_on"].map(fmt.tanggal),
                                   nilai=linked["value_rupiah"].map(fmt.rupiah))[
            ["tanggal", "item", "quantity", "unit", "nilai"]], hide_index=True, placeholder="",
            column_config={"tanggal": "Tanggal", "item": "Barang", "quantity": "Jumlah", "unit": "Satuan",
                           "nilai": "Nilai"})
    if can_edit and row["status"] in service.LINKABLE_STATUSES:
        labels = {int(i): f"{fmt.tanggal(d)} · {item} · {fmt.number(q)} {u} · {fmt.rupiah(val)}"
                  for i, d, item, q, u, val in linkable[["id", "distributed_on", "item", "quantity", "unit",
                                                         "value_rupiah"]].itertuples(index=False)}
        versions = dict(zip(linkable["id"].astype(int), linkable["version"]))
        left, right = st.columns([4, 1], vertical_alignment="bottom")
        chosen = left.selectbox("Tautkan penyaluran (kab/kota yang sama, sesudah permohonan diterima)",
                                list(labels), format_func=labels.get, index=None, key=f"{key}_link",
                                placeholder="Catat dulu penyalurannya di halaman Bantuan" if not labels else "Pilih")
        web.field_error(key, "distribution_id")
        if right.button("Tautkan", key=f"{key}_link_button", disabled=chosen is None):
            write(key, lambda s: service.link_distribution(session=s, actor=actor, request_id=rid,
                                                           distribution_id=chosen,
                                                           expected_version=int(versions[chosen])),
                  f"Penyaluran ditautkan ke permohonan #{rid}.", "permohonan_link")
    web.show_flash("permohonan_link")

    if can_edit and row["status"] not in service.FINAL_STATUSES:
        with st.expander("Ubah data permohonan", icon=":material/edit:"):
            with web.session() as s:
                record = service.get_request(session=s, actor=actor, request_id=rid)
            if data := request_form(f"{key}_edit", record):
                write(f"{key}_edit", lambda s: service.update_request(
                    session=s, actor=actor, request_id=rid, data=data, expected_version=version),
                    f"Perubahan permohonan #{rid} tersimpan.", "permohonan_edit")
            web.reload_button("permohonan", f"{key}_edit")
    web.show_flash("permohonan_edit")  # under the (closed again) form
    if can_edit:
        web.delete_popover(key, lambda s: service.delete_request(session=s, actor=actor, request_id=rid,
                                                                 expected_version=version),
                           explain="Permohonan disembunyikan dari daftar; sekretariat atau admin dapat memulihkannya.",
                           page="permohonan", message="Permohonan dihapus.", pinned="permohonan")
    if personal_data.may_see_personal_data(actor, row["kab_kota_code"]):  # the trail holds unmasked personal data
        web.history_panel("aid_request", rid)


def deleted_requests(s) -> dict:
    frame = service.list_requests(session=s, actor=actor, deleted=True)
    return {int(i): f"#{i} · {n} · {k}" for i, n, k in zip(frame["id"], frame["applicant_name"], frame["kab_kota"])}


web.deleted_panel(actor, "permohonan", deleted=deleted_requests, key="permohonan", list_key="permohonan_table",
                  restore=lambda s, i: service.restore_request(session=s, actor=actor, request_id=i))
