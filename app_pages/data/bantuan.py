"""Bantuan: record an aid distribution in under a minute; the recent distributions below."""

from datetime import date

import pandas as pd
import streamlit as st

from kesos import fmt, vocab, web
from kesos.services import aid as service

actor = web.require_page("bantuan")
names = web.kab_kota_names(actor)
st.title("Penyaluran bantuan")
web.show_flash("bantuan")


def field(key: str, name: str, widget, *args, **kwargs):
    """A widget with its message right under it."""
    value = widget(*args, key=f"{key}_{name}", **kwargs)
    web.field_error(key, name)
    return value


def pick(options: list, current):
    return options.index(current) if current in options else None


def distribution_form(key: str, r: dict) -> dict | None:
    """The distribution's fields; pick-lists follow the chosen kab/kota and recipient kind."""
    codes = list(names)
    left, right = st.columns(2)
    with left:
        data = {"kab_kota_code": field(key, "kab_kota_code", st.selectbox, "Kabupaten/kota", codes,
                                       index=pick(codes, r.get("kab_kota_code")), format_func=names.get,
                                       placeholder="Pilih kab/kota")}
    with right:
        data["distributed_on"] = field(key, "distributed_on", st.date_input, "Tanggal penyaluran",
                                       r.get("distributed_on", date.today()), max_value=date.today(),
                                       format="DD/MM/YYYY")
    kab_kota = data["kab_kota_code"]
    with web.session() as s:
        items = service.item_options(s)
        sources = service.funding_source_options(s, kab_kota.split(".")[0]) if kab_kota else pd.DataFrame(
            columns=["id", "label"])
        homes = service.lks_options(s, kab_kota) if kab_kota else pd.DataFrame(columns=["id", "name"])
    item_labels = dict(zip(items["id"], items["label"]))
    with left:
        data["aid_item_id"] = field(key, "aid_item_id", st.selectbox, "Barang bantuan (satuan)", list(item_labels),
                                    index=pick(list(item_labels), r.get("aid_item_id")), format_func=item_labels.get,
                                    placeholder="Pilih barang")
        data["quantity"] = field(key, "quantity", st.number_input, "Jumlah", min_value=1, step=1,
                                 value=r.get("quantity"))
        data["value_rupiah"] = field(key, "value_rupiah", st.text_input, "Nilai (Rp)",
                                     str(r["value_rupiah"]) if "value_rupiah" in r else "",
                                     placeholder="contoh: 1.250.000")
    source_labels = dict(zip(sources["id"], sources["label"]))
    kinds = list(vocab.RECIPIENT_KINDS)
    with right:
        data["funding_source_id"] = field(key, "funding_source_id", st.selectbox, "Sumber dana", list(source_labels),
                                          index=pick(list(source_labels), r.get("funding_source_id")),
                                          format_func=source_labels.get, placeholder="Pilih sumber dana")
        kind = data["recipient_kind"] = field(key, "recipient_kind", st.radio, "Penerima", kinds, horizontal=True,
                                              index=kinds.index(r.get("recipient_kind", "kelompok")),
                                              format_func=vocab.RECIPIENT_KINDS.get)
        if kind == "lks":
            lks_names = dict(zip(homes["id"], homes["name"]))
            data["recipient_lks_id"] = field(key, "recipient_lks_id", st.selectbox, "LKS penerima", list(lks_names),
                                             index=pick(list(lks_names), r.get("recipient_lks_id")),
                                             format_func=lks_names.get, placeholder="Pilih LKS di kab/kota ini")
        elif kind == "kelompok":
            groups = list(vocab.RECIPIENT_GROUPS)
            data["recipient_group"] = field(key, "recipient_group", st.selectbox, "Kelompok penerima", groups,
                                            index=pick(groups, r.get("recipient_group")),
                                            format_func=vocab.RECIPIENT_GROUPS.get, placeholder="Pilih kelompok")
        else:
            data["recipient_name"] = field(key, "recipient_name", st.text_input, "Nama kepala rumah tangga",
                                           r.get("recipient_name") or "")
    data["note"] = st.text_input("Catatan (boleh kosong)", r.get("note") or "", key=f"{key}_note")
    data["aid_request_id"] = r.get("aid_request_id")  # linking is done on the Permohonan page
    web.form_error(key)
    return data if st.button("Simpan", type="primary", key=f"{key}_save") else None


columns = st.columns([1, 3])
year = columns[0].selectbox("Tahun", list(range(date.today().year, 2009, -1)), key="bantuan_year")
with web.session() as s:
    frame = service.list_distributions(session=s, actor=actor, year=year, limit=300)
st.caption(f"{fmt.number(len(frame))} penyaluran terakhir tahun {year}. Pilih satu baris untuk melihat atau "
           "mengubahnya.")
view = frame.assign(tanggal=frame["distributed_on"].map(fmt.tanggal), nilai=frame["value_rupiah"].map(fmt.rupiah),
                    jumlah=frame["quantity"].map(fmt.number) + " " + frame["unit"])
headers = {"tanggal": "Tanggal", "item": "Barang", "jumlah": "Jumlah", "nilai": "Nilai", "recipient": "Penerima",
           "kab_kota": "Kab/kota", "funding_source": "Sumber dana"}
event = st.dataframe(view[list(headers)], hide_index=True, column_config=headers,
                     on_select="rerun", selection_mode="single-row", key="bantuan_table", height=300)
web.export_buttons(view, f"bantuan-{year}", headers)
selected = [i for i in event.selection.rows if i < len(frame)]

if not selected:
    web.unpin_version("bantuan_edit")
    if actor.can_write:
        st.subheader("Catat penyaluran")
        key = f"bantuan_add_{st.session_state.get('bantuan_added', 0)}"
        # Entering a report's lines one after another: the next form starts where the last one left off.
        last = st.session_state.get("bantuan_last", {})
        if data := distribution_form(key, {"kab_kota_code": actor.kab_kota_code or
                                           (next(iter(names)) if len(names) == 1 else None)} | last):
            if web.run_write(key, lambda s: service.create_distribution(session=s, actor=actor, data=data)):
                web.flash("bantuan", "Penyaluran tersimpan. Kab/kota, tanggal, sumber dana dan penerima dipakai lagi "
                                     "untuk isian berikutnya.")
                st.session_state["bantuan_last"] = {k: data.get(k) for k in (
                    "kab_kota_code", "distributed_on", "funding_source_id", "recipient_kind", "recipient_group")}
                st.session_state["bantuan_added"] = st.session_state.get("bantuan_added", 0) + 1
            st.rerun()
else:
    with web.session() as s:
        record = service.get_distribution(session=s, actor=actor, distribution_id=int(frame.iloc[selected[0]]["id"]))
    row = view.iloc[selected[0]]
    st.subheader(web.as_text(f"{row['item']}, {row['jumlah']} untuk {row['recipient']}"))
    if record.aid_request_id:
        st.caption(f"Memenuhi permohonan #{record.aid_request_id}")
    version = web.pinned_version("bantuan_edit", record.id, record.version)  # a stale save is refused
    key = f"bantuan_edit_{record.id}_{version}"
    if actor.can_write:
        if data := distribution_form(key, record.model_dump()):
            if web.run_write(key, lambda s: service.update_distribution(
                    session=s, actor=actor, distribution_id=record.id, data=data, expected_version=version)):
                web.unpin_version("bantuan_edit")
                web.flash("bantuan", "Perubahan tersimpan.")
            st.rerun()
        web.reload_button("bantuan_edit", key)
        with st.popover("Hapus", icon=":material/delete:"):
            st.write("Penyaluran disembunyikan dari daftar dan angka; sekretariat atau admin dapat memulihkannya.")
            if st.button("Ya, hapus", type="primary", key=f"{key}_delete"):
                if web.run_write(key, lambda s: service.delete_distribution(
                        session=s, actor=actor, distribution_id=record.id, expected_version=version)):
                    web.unpin_version("bantuan_edit")
                    web.flash("bantuan", "Penyaluran dihapus.")
                st.rerun()
    web.history_panel("aid_distribution", record.id)

if actor.role in ("sekretariat", "admin"):
    with st.expander("Terhapus", icon=":material/restore_from_trash:"):
        with web.session() as s:
            deleted = service.list_distributions(session=s, actor=actor, deleted=True)
        labels = {i: f"{fmt.tanggal(d)} · {item} · {rcp}" for i, d, item, rcp in
                  zip(deleted["id"], deleted["distributed_on"], deleted["item"], deleted["recipient"])}
        if not labels:
            st.caption("Tidak ada penyaluran yang dihapus.")
        else:
            chosen = st.selectbox("Penyaluran yang dihapus", list(labels), format_func=labels.get, key="bantuan_deleted")
            web.form_error("bantuan_restore")
            if st.button("Pulihkan", key="bantuan_restore_button"):
                if web.run_write("bantuan_restore", lambda s: service.restore_distribution(
                        session=s, actor=actor, distribution_id=int(chosen))):
                    web.flash("bantuan", "Penyaluran dipulihkan.")
                st.rerun()
