"""Donatur & CSR: funding sources, incoming donations (cash and goods apart), donation-box collections."""


import pandas as pd
import streamlit as st

from kesos import clock, fmt, queries, vocab, web
from kesos.services import aid
from kesos.services import funding as service

actor = web.require_page("donatur")
provinces = web.query(queries.provinces, actor)
st.title("Donatur & CSR")
st.caption("Sumber dana (CSR perusahaan, kotak sumbangan, instansi, donatur) dan donasi yang masuk. Uang tunai "
           "dihitung dalam rupiah, barang dalam jumlahnya; keduanya tidak pernah dijumlahkan.")
if provinces.empty:
    st.info("Belum ada lembaga koordinasi yang terdaftar untuk wilayah Anda.")
    st.stop()
province_names = dict(zip(provinces["code"], provinces["name"]))
writer = service.may_write(actor)  # donors give to the provincial body, not to a kab/kota

top = st.columns([2, 3])
province = web.url_widget(top[0].selectbox, "Provinsi", province_names, format_func=province_names.get,
                          disabled=len(province_names) == 1, key="donatur_province", param="prov")
sections = {"sumber": "Sumber dana", "donasi": "Donasi masuk"} | ({"kotak": "Pengumpulan kotak"} if writer else {})
section = web.url_widget(top[1].segmented_control, "Bagian", sections, format_func=sections.get, default="sumber",
                         required=True, key="donatur_section", param="bagian")
if actor.can_write and not writer:
    st.info("Sumber dana dan donasi dicatat oleh sekretariat provinsi. Anda dapat melihatnya di sini dan "
            "memilih sumber dana saat mencatat bantuan.", icon=":material/info:")


def delete_popover(key: str, what: str, delete, pinned: str) -> None:
    web.delete_popover(key, delete, page="donatur", message=f"{what} dihapus.", pinned=pinned,
                       explain=f"{what} disembunyikan dari daftar dan angka; sekretariat atau admin dapat "
                               "memulihkannya.")


# --- Funding sources -----------------------------------------------------------------------------

def source_form(key: str, r: dict) -> dict | None:
    kinds = list(vocab.FUNDING_SOURCE_KINDS)
    with st.form(key):
        left, right = st.columns(2)
        with left:
            data = {"kind": web.field(key, "kind", st.selectbox, "Jenis sumber dana", kinds,
                                      index=kinds.index(r["kind"]) if r.get("kind") else None,
                                      format_func=vocab.FUNDING_SOURCE_KINDS.get, placeholder="Pilih jenis")}
            data["location"] = web.field(key, "location", st.text_input, "Lokasi kotak (wajib untuk kotak sumbangan)",
                                         r.get("location") or "", placeholder="contoh: Duta Mall, lantai dasar")
        with right:
            data["name"] = web.field(key, "name", st.text_input, "Nama", r.get("name", ""),
                                     placeholder="contoh: PT Bank Kalsel")
            data["contact"] = web.field(key, "contact", st.text_input, "Kontak (boleh kosong)", r.get("contact") or "")
        data["province_code"] = province
        web.form_error(key)
        submitted = st.form_submit_button("Simpan", type="primary")
    web.show_flash("donatur")  # the confirmation under the button just pressed
    return data if submitted else None


def sources_section() -> None:
    with web.session() as s:
        frame = service.list_sources(session=s, actor=actor, province_code=province)
    view = frame.assign(status=frame["is_active"].map({True: "Aktif", False: "Nonaktif"}),
                        status_code=frame["is_active"].map({True: "aktif", False: "nonaktif"}),
                        tunai=frame["cash_rupiah"].map(fmt.rupiah), lokasi=frame["location"].fillna(""))
    headers = {"kind_label": "Jenis", "name": "Nama", "tunai": "Tunai diterima", "donations": "Donasi",
               "status": "Status", "lokasi": "Lokasi kotak", "contact": "Kontak"}
    filters = [web.ListFilter("jenis", "kind", "Jenis", "Semua jenis", options=vocab.FUNDING_SOURCE_KINDS),
               web.ListFilter("status", "status_code", "Status", "Semua status",
                              options={"aktif": "Aktif", "nonaktif": "Nonaktif"})]
    row = web.record_list(view, headers, key="src_table", noun="sumber dana", export="sumber-dana", pinned="src_edit",
                          filters=filters, search="Cari nama, lokasi atau kontak",
                          search_columns=["name", "lokasi", "contact"],
                          caption="Pilih satu baris untuk melihat atau mengubahnya.")
    if row is None:
        if writer:
            st.subheader("Tambah sumber dana")
            key = web.new_record_key("src")
            if data := source_form(key, {}):
                web.save_then_rerun(key, lambda s: service.create_source(session=s, actor=actor, data=data),
                                    page="donatur", message=lambda s, r: f"Sumber dana \u201c{r.name}\u201d tersimpan.",
                                    fresh="src", list_key="src_table")
    else:
        with web.session() as s:
            record = service.get_source(session=s, actor=actor, source_id=int(frame.loc[row]["id"]))
        st.subheader(web.as_text(record.name))
        version = web.pinned_version("src_edit", record.id, record.version)
        key = f"src_edit_{record.id}_{version}"
        if not writer:
            st.markdown(f"**{vocab.FUNDING_SOURCE_KINDS[record.kind]}**"
                        + (f" · {web.as_text(record.location)}" if record.location else "")
                        + (f" · kontak: {web.as_text(record.contact)}" if record.contact else ""))
        else:
            if data := source_form(key, record.model_dump()):
                web.save_then_rerun(key, lambda s: service.update_source(
                    session=s, actor=actor, source_id=record.id, data=data, expected_version=version),
                    page="donatur", message=lambda s, r: f"Perubahan sumber dana \u201c{r.name}\u201d tersimpan.",
                    pinned="src_edit", list_key="src_table")
            web.reload_button("src_edit", key)
            left, right, _ = st.columns([1, 1, 3])
            if left.button("Nonaktifkan" if record.is_active else "Aktifkan kembali", key=f"{key}_active",
                           help="Sumber dana nonaktif tetap ada di laporan, tetapi tidak ditawarkan lagi."):
                web.save_then_rerun(key, lambda s: service.set_source_active(
                    session=s, actor=actor, source_id=record.id, active=not record.is_active,
                    expected_version=version), page="donatur", pinned="src_edit", list_key="src_table",
                    message=lambda s, r: f"Sumber dana \u201c{r.name}\u201d kini {'aktif' if r.is_active else 'nonaktif'}.")
            with right:
                delete_popover(key, "Sumber dana", lambda s: service.delete_source(
                    session=s, actor=actor, source_id=record.id, expected_version=version), "src_edit")
        web.history_panel("funding_source", record.id)

    def deleted_sources(s) -> dict:
        frame = service.list_sources(session=s, actor=actor, province_code=province, deleted=True)
        return dict(zip(frame["id"], frame["kind_label"] + " \u2013 " + frame["name"]))

    web.deleted_panel(actor, "sumber dana", deleted=deleted_sources, key="src", select_key="src_restore_deleted",
                      list_key="src_table", restore=lambda s, i: service.restore_source(session=s, actor=actor, source_id=i))


# --- Donations -----------------------------------------------------------------------------------

def donation_form(key: str, r: dict) -> dict | None:
    """Cash or goods first (outside the form, so the fields follow), then one form."""
    with web.session() as s:
        sources = aid.funding_source_options(s, province)
        items = aid.item_options(s)
    source_labels = dict(zip(sources["id"], sources["label"]))
    item_labels = dict(zip(items["id"], items["label"]))
    kinds = list(vocab.DONATION_KINDS)
    kind = st.radio("Bentuk donasi", kinds, index=kinds.index(r.get("kind", "tunai")), horizontal=True,
                    format_func=vocab.DONATION_KINDS.get, key=f"{key}_kind")
    with st.form(key):
        left, right = st.columns(2)
        with left:
            data = {"kind": kind, "funding_source_id": web.field(
                    key, "funding_source_id", st.selectbox, "Sumber dana", list(source_labels),
                    index=list(source_labels).index(r["funding_source_id"]) if r.get("funding_source_id") in
                    source_labels else None, format_func=source_labels.get, placeholder="Pilih sumber dana")}
        with right:
            data["received_on"] = web.field(key, "received_on", st.date_input, "Tanggal diterima",
                                            r.get("received_on", clock.today()), **web.ANY_DATE, format="DD/MM/YYYY")
        if kind == "tunai":
            with left:
                data["amount_rupiah"] = web.field(key, "amount_rupiah", st.text_input, "Jumlah uang (Rp)",
                                                  str(r["amount_rupiah"]) if r.get("amount_rupiah") else "",
                                                  placeholder="contoh: 25.000.000")
        else:
            with left:
                data["aid_item_id"] = web.field(key, "aid_item_id", st.selectbox, "Barang (satuan)", list(item_labels),
                                                index=list(item_labels).index(r["aid_item_id"]) if r.get(
                                                    "aid_item_id") in item_labels else None,
                                                format_func=item_labels.get, placeholder="Pilih barang")
            with right:
                data["quantity"] = web.field(key, "quantity", st.number_input, "Jumlah barang", step=1,
                                             value=r.get("quantity"))
        data["batch_ref"] = r.get("batch_ref")  # set by a donation-box collection
        data["note"] = web.field(key, "note", st.text_input, "Catatan (boleh kosong)", r.get("note") or "")
        web.form_error(key)
        submitted = st.form_submit_button("Simpan", type="primary")
    web.show_flash("donatur")  # the confirmation under the button just pressed
    return data if submitted else None


def donations_section() -> None:
    year = web.url_widget(st.columns([1, 4])[0].selectbox, "Tahun", range(clock.today().year, 2009, -1),
                          key="don_year", param="tahun")
    with web.session() as s:
        totals = service.donation_totals(session=s, actor=actor, province_code=province, year=year)
        frame = service.list_donations(session=s, actor=actor, province_code=province, year=year, limit=100_000)
    left, right = st.columns([1, 2])
    left.metric(f"Uang tunai diterima {year}", fmt.rupiah(totals["cash_rupiah"]))
    with right:
        st.markdown(f"**Barang diterima {year}**")
        in_kind = totals["in_kind"]
        if in_kind.empty:
            st.caption("Belum ada donasi barang.")
        else:
            st.markdown("\n".join(f"- {fmt.number(q)} {web.as_text(u)} {web.as_text(i)}" for i, u, q in
                                  zip(in_kind["item"], in_kind["unit"], in_kind["quantity"])))
    goods = [f"{fmt.number(q)} {u} {i}" if k == "barang" else "" for k, q, u, i in
             zip(frame["kind"], frame["quantity"], frame["unit"], frame["item"])]
    view = frame.assign(tanggal=frame["received_on"].map(fmt.tanggal), barang=goods,
                        uang=[fmt.rupiah(a) if k == "tunai" else "" for k, a in zip(frame["kind"],
                                                                                     frame["amount_rupiah"])],
                        jenis=frame["source_kind"].map(vocab.FUNDING_SOURCE_KINDS), batch=frame["batch_ref"].fillna(""))
    headers = {"tanggal": "Tanggal", "source": "Sumber dana", "jenis": "Jenis", "uang": "Uang tunai",
               "barang": "Barang", "batch": "No. pengumpulan", "note": "Catatan"}
    filters = [web.ListFilter("jenis", "source_kind", "Jenis sumber", "Semua jenis",
                              options=vocab.FUNDING_SOURCE_KINDS),
               web.ListFilter("sumber", "source", "Sumber dana", "Semua sumber dana"),
               web.ListFilter("bentuk", "kind", "Bentuk", "Uang dan barang", options=vocab.DONATION_KINDS)]
    row = web.record_list(view, headers, key="don_table", noun=f"donasi tahun {year}", export=f"donasi-{year}",
                          pinned="don_edit", filters=filters, search="Cari sumber dana, barang atau catatan",
                          search_columns=["source", "barang", "note", "batch"],
                          caption="Pilih satu baris untuk melihat atau mengubahnya.")
    if row is None:
        if writer:
            st.subheader("Catat donasi masuk")
            key = web.new_record_key("don")
            if data := donation_form(key, {}):
                web.save_then_rerun(key, lambda s: service.create_donation(session=s, actor=actor, data=data),
                                    page="donatur", message=lambda s, r: f"Donasi {service.describe_donation(s, r)} "
                                                                         "tersimpan.", fresh="don", list_key="don_table")
    else:
        with web.session() as s:
            record = service.get_donation(session=s, actor=actor, donation_id=int(frame.loc[row]["id"]))
        shown = view.loc[row]
        st.subheader(web.as_text(f"{shown['source']}, {shown['tanggal']}: {shown['uang'] or shown['barang']}"))
        version = web.pinned_version("don_edit", record.id, record.version)
        key = f"don_edit_{record.id}_{version}"
        if writer:
            if data := donation_form(key, record.model_dump()):
                web.save_then_rerun(key, lambda s: service.update_donation(
                    session=s, actor=actor, donation_id=record.id, data=data, expected_version=version),
                    page="donatur", pinned="don_edit", list_key="don_table",
                    message=lambda s, r: f"Perubahan donasi {service.describe_donation(s, r)} tersimpan.")
            web.reload_button("don_edit", key)
            delete_popover(key, "Donasi", lambda s: service.delete_donation(
                session=s, actor=actor, donation_id=record.id, expected_version=version), "don_edit")
        elif record.note:
            st.text(record.note)
        web.history_panel("donation", record.id)

    def deleted_donations(s) -> dict:
        frame = service.list_donations(session=s, actor=actor, province_code=province, deleted=True)
        return {i: f"{fmt.tanggal(d)} \u00b7 {src} \u00b7 " + (fmt.rupiah(a) if k == "tunai" else
                                                               f"{fmt.number(q)} {u} {item}")
                for i, d, src, k, a, q, u, item in zip(frame["id"], frame["received_on"], frame["source"],
                                                        frame["kind"], frame["amount_rupiah"], frame["quantity"],
                                                        frame["unit"], frame["item"])}

    web.deleted_panel(actor, "donasi", deleted=deleted_donations, key="don", select_key="don_restore_deleted",
                      list_key="don_table", restore=lambda s, i: service.restore_donation(session=s, actor=actor,
                                                                                    donation_id=i))


# --- Donation-box collection ---------------------------------------------------------------------

def box_section() -> None:
    """One collection round: every box of the province in a grid; typed rows must add up to the total."""
    st.caption("Ketik hasil hitung tiap kotak dari berita acara; kotak yang tidak dibuka biarkan kosong. "
               "Jumlah semua baris harus sama dengan total berita acara, jika tidak, tidak ada yang disimpan.")
    with web.session() as s:
        boxes = service.box_options(s, province)
    if boxes.empty:
        st.info("Belum ada kotak sumbangan yang aktif. Tambahkan dulu di bagian Sumber dana, jenis "
                "\u201cKotak sumbangan\u201d.")
        return
    key = f"box_{st.session_state.get('box_added', 0)}"
    cols = st.columns(3)
    with cols[0]:
        received_on = web.field(key, "received_on", st.date_input, "Tanggal pengumpulan", clock.today(),
                                **web.ANY_DATE, format="DD/MM/YYYY")
    with cols[1]:
        batch_ref = web.field(key, "batch_ref", st.text_input, "Nomor pengumpulan (berita acara)",
                              placeholder="contoh: KS-2025-03")
    with cols[2]:
        expected = web.field(key, "expected_total", st.text_input, "Total menurut berita acara (Rp)",
                             placeholder="contoh: 4.750.000")
    grid = st.data_editor(
        pd.DataFrame({"kotak": boxes["name"], "lokasi": boxes["location"].fillna(""),
                      "jumlah": pd.Series([None] * len(boxes), dtype="Int64")}),
        column_config={"kotak": st.column_config.TextColumn("Kotak", disabled=True),
                       "lokasi": st.column_config.TextColumn("Lokasi", disabled=True),
                       "jumlah": st.column_config.NumberColumn("Jumlah (Rp)", min_value=0, step=1,
                                                               format="localized")},
        hide_index=True, placeholder="", num_rows="fixed", key=f"{key}_grid", width="stretch")
    amounts = grid["jumlah"]
    st.markdown(f"Jumlah semua baris: **{fmt.rupiah(int(amounts.fillna(0).sum()))}** dari "
                f"{fmt.number(int(amounts.notna().sum()))} kotak")
    for name, message in web.form_errors(key).items():
        if name.startswith("row_"):  # the grid shows box names, not row numbers
            number = int(name.removeprefix("row_"))
            message = message.replace(f"Baris {number}", str(boxes["name"].iloc[number - 1]), 1)
        if name.startswith("row_") or name == "rows":
            st.markdown(f":red[{web.as_text(message)}]")
    web.form_error(key)
    clicked = st.button("Simpan pengumpulan", type="primary", key=f"{key}_save")
    web.show_flash("donatur")  # the confirmation under the button just pressed
    if clicked:
        # A box left empty was not opened this round: a blank row, skipped, so row numbers match the grid.
        rows = [{"funding_source_id": None, "amount_rupiah": None} if pd.isna(a) else
                {"funding_source_id": int(i), "amount_rupiah": int(a)} for i, a in zip(boxes["id"], amounts)]
        web.save_then_rerun(key, lambda s: service.record_box_collection(
            session=s, actor=actor, province_code=province, received_on=received_on, batch_ref=batch_ref,
            expected_total=expected, rows=rows), page="donatur",
            message=lambda s, saved: f"Pengumpulan {batch_ref} tersimpan: {len(saved)} kotak, "
                                     f"{fmt.rupiah(sum(r['amount_rupiah'] for r in rows if r['amount_rupiah']))}.",
            on_saved=lambda _: st.session_state.update(box_added=st.session_state.get("box_added", 0) + 1))


{"sumber": sources_section, "donasi": donations_section, "kotak": box_section}[section]()
