"""Bantuan: record an aid distribution in under a minute; the distributions below, searched and filtered."""

import pandas as pd
import streamlit as st

from kesos import clock, fmt, listing, queries, vocab, web
from kesos.listing import ListFilter
from kesos.services import aid as service

LIST_LIMIT = 20_000  # newest first; a province's years of distributions fit, the count line says how many

actor = web.require_page("bantuan")
names = web.kab_kota_names(actor)
provinces = web.query(queries.provinces, actor)
st.title("Penyaluran bantuan")


def pick(options: list, current):
    return options.index(current) if current in options else None


def distribution_form(key: str, r: dict) -> dict | None:
    """The distribution's fields; pick-lists follow the chosen kab/kota and recipient kind."""
    codes = list(names)
    left, right = st.columns(2)
    with left:
        data = {"kab_kota_code": web.field(key, "kab_kota_code", st.selectbox, "Kabupaten/kota", codes,
                                           index=pick(codes, r.get("kab_kota_code")), format_func=names.get,
                                           placeholder="Pilih kab/kota", warnings=True)}
    with right:
        data["distributed_on"] = web.field(key, "distributed_on", st.date_input, "Tanggal penyaluran",
                                           r.get("distributed_on", clock.today()), **web.ANY_DATE,
                                           format="DD/MM/YYYY", warnings=True)
    kab_kota = data["kab_kota_code"]
    with web.session() as s:
        items = service.item_options(s)
        sources = service.funding_source_options(s, kab_kota.split(".")[0]) if kab_kota else pd.DataFrame(
            columns=["id", "label"])
        homes = service.lks_options(s, kab_kota) if kab_kota else pd.DataFrame(columns=["id", "name"])
    item_labels = dict(zip(items["id"], items["label"]))
    with left:
        data["aid_item_id"] = web.field(key, "aid_item_id", st.selectbox, "Barang bantuan (satuan)", list(item_labels),
                                        index=pick(list(item_labels), r.get("aid_item_id")), format_func=item_labels.get,
                                        placeholder="Pilih barang", warnings=True)
        data["quantity"] = web.field(key, "quantity", st.number_input, "Jumlah", step=1,
                                     value=r.get("quantity"), warnings=True)
        data["value_rupiah"] = web.field(key, "value_rupiah", st.text_input, "Nilai (Rp)",
                                         str(r["value_rupiah"]) if "value_rupiah" in r else "",
                                         placeholder="contoh: 1.250.000", warnings=True)
    source_labels = dict(zip(sources["id"], sources["label"]))
    kinds = list(vocab.RECIPIENT_KINDS)
    with right:
        data["funding_source_id"] = web.field(key, "funding_source_id", st.selectbox, "Sumber dana", list(source_labels),
                                              index=pick(list(source_labels), r.get("funding_source_id")),
                                              format_func=source_labels.get, placeholder="Pilih sumber dana", warnings=True)
        kind = data["recipient_kind"] = web.field(key, "recipient_kind", st.radio, "Penerima", kinds, horizontal=True,
                                                  index=kinds.index(r.get("recipient_kind", "kelompok")),
                                                  format_func=vocab.RECIPIENT_KINDS.get, warnings=True)
        if kind == "lks":
            lks_names = dict(zip(homes["id"], homes["name"]))
            data["recipient_lks_id"] = web.field(key, "recipient_lks_id", st.selectbox, "LKS penerima", list(lks_names),
                                                 index=pick(list(lks_names), r.get("recipient_lks_id")),
                                                 format_func=lks_names.get, placeholder="Pilih LKS di kab/kota ini", warnings=True)
        elif kind == "kelompok":
            groups = list(vocab.RECIPIENT_GROUPS)
            data["recipient_group"] = web.field(key, "recipient_group", st.selectbox, "Kelompok penerima", groups,
                                                index=pick(groups, r.get("recipient_group")),
                                                format_func=vocab.RECIPIENT_GROUPS.get, placeholder="Pilih kelompok", warnings=True)
        else:
            data["recipient_name"] = web.field(key, "recipient_name", st.text_input, "Nama kepala rumah tangga",
                                               r.get("recipient_name") or "", warnings=True)
    data["note"] = st.text_input("Catatan (boleh kosong)", r.get("note") or "", key=f"{key}_note")
    data["aid_request_id"] = r.get("aid_request_id")  # linking is done on the Permohonan page
    web.form_error(key)
    data["warnings_reason"] = web.warnings_reason(key)  # shown once a save met a warning
    clicked = st.button("Simpan", type="primary", key=f"{key}_save")
    web.show_flash("bantuan")  # the confirmation under the button just pressed
    return data if clicked else None


frame = web.cached_list(service.list_distributions, actor, limit=LIST_LIMIT)
view = frame.assign(tahun=listing.year_of(frame["distributed_on"]), provinsi=frame["kab_kota_code"].str[:2])


def present(rows):
    """The shown rows' dates, amounts and rupiah as text (only those: see `record_list`)."""
    return rows.assign(tanggal=rows["distributed_on"].map(fmt.tanggal), nilai=rows["value_rupiah"].map(fmt.rupiah),
                       jumlah=rows["quantity"].map(fmt.number) + " " + rows["unit"])



headers = {"tanggal": "Tanggal", "item": "Barang", "jumlah": "Jumlah", "nilai": "Nilai", "recipient": "Penerima",
           "kab_kota": "Kab/kota", "funding_source": "Sumber dana"}
filters = [ListFilter("prov", "provinsi", "Provinsi", "Semua provinsi", options=dict(zip(provinces["code"],
                                                                                        provinces["name"]))),
           ListFilter("kab", "kab_kota_code", "Kabupaten/kota", "Semua kab/kota", options=names, within="prov"),
           ListFilter("barang", "item", "Barang", "Semua barang"),
           ListFilter("sumber", "funding_source", "Sumber dana", "Semua sumber dana"),
           # This year's, as before (a leader's "what went out this year"); "Semua tahun" is one pick away.
           ListFilter("tahun", "tahun", "Tahun", "Semua tahun", descending=True, default=clock.today().year)]
row = web.record_list(view, headers, key="bantuan_table", noun="penyaluran", export="bantuan", pinned="bantuan_edit",
                      filters=filters, search="Cari penerima, barang atau sumber dana",
                      search_columns=["recipient", "item", "funding_source", "kab_kota"],
                      caption="Pilih satu baris untuk melihat atau mengubahnya.", present=present)

if row is None:
    if actor.can_write:
        st.subheader("Catat penyaluran")
        key = web.new_record_key("bantuan")
        # Entering a report's lines one after another: the next form starts where the last one left off.
        last = st.session_state.get("bantuan_last", {})
        if data := distribution_form(key, {"kab_kota_code": actor.kab_kota_code or
                                           (next(iter(names)) if len(names) == 1 else None)} | last):
            def keep_for_next(_):
                st.session_state["bantuan_last"] = {k: data.get(k) for k in (
                    "kab_kota_code", "distributed_on", "funding_source_id", "recipient_kind", "recipient_group")}

            web.save_then_rerun(key, lambda s: service.create_distribution(
                session=s, actor=actor, data=data, warnings_reason=data["warnings_reason"]),
                page="bantuan", fresh="bantuan", list_key="bantuan_table", on_saved=keep_for_next,
                message=lambda s, r: f"Bantuan {service.describe_distribution(s, r)} tersimpan. Kab/kota, tanggal, "
                                     "sumber dana dan penerima dipakai lagi untuk isian berikutnya.")
else:
    with web.session() as s:
        record = service.get_distribution(session=s, actor=actor, distribution_id=int(frame.loc[row]["id"]))
    shown = present(view.loc[[row]]).iloc[0]
    st.subheader(web.as_text(f"{shown['item']}, {shown['jumlah']} untuk {shown['recipient']}"))
    if record.aid_request_id:
        st.caption(f"Memenuhi permohonan #{record.aid_request_id}")
    version = web.pinned_version("bantuan_edit", record.id, record.version)  # a stale save is refused
    key = f"bantuan_edit_{record.id}_{version}"
    if actor.can_write:
        if data := distribution_form(key, record.model_dump()):
            web.save_then_rerun(key, lambda s: service.update_distribution(
                session=s, actor=actor, distribution_id=record.id, data=data, expected_version=version,
                warnings_reason=data["warnings_reason"]),
                page="bantuan", pinned="bantuan_edit", list_key="bantuan_table",
                message=lambda s, r: f"Perubahan bantuan {service.describe_distribution(s, r)} tersimpan.")
        web.reload_button("bantuan_edit", key)
        web.delete_popover(key, lambda s: service.delete_distribution(
            session=s, actor=actor, distribution_id=record.id, expected_version=version),
            explain="Penyaluran disembunyikan dari daftar dan angka; sekretariat atau admin dapat memulihkannya.",
            page="bantuan", message="Penyaluran dihapus.", pinned="bantuan_edit")
    web.history_panel("aid_distribution", record.id)


def deleted_distributions(s) -> dict:
    frame = service.list_distributions(session=s, actor=actor, deleted=True)
    return {i: f"{fmt.tanggal(d)} · {item} · {rcp}" for i, d, item, rcp in
            zip(frame["id"], frame["distributed_on"], frame["item"], frame["recipient"])}


web.deleted_panel(actor, "penyaluran", deleted=deleted_distributions, key="bantuan", list_key="bantuan_table",
                  restore=lambda s, i: service.restore_distribution(session=s, actor=actor, distribution_id=i))
