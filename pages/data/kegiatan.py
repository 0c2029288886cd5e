"""Kegiatan: meetings and events (rakor, raker, workshop, ...): list, add, edit, delete, restore."""

from dataclasses import replace

import streamlit as st

from kesos import clock, fmt, listing, queries, vocab, web
from kesos.services import activity as service

actor = web.require_page("kegiatan")
names = web.kab_kota_names(actor)
# Any kab/kota of the province may attend, also an operator's event: region names are not scoped data.
attending = web.kab_kota_names(replace(actor, kab_kota_code=None))
provinces = web.query(queries.provinces, actor)
province_names = dict(zip(provinces["code"], provinces["name"]))
st.title("Kegiatan")
st.caption("Rapat koordinasi, rapat kerja, workshop, pelatihan, pengukuhan pengurus dan bakti sosial.")


def activity_form(key: str, record=None, present: list[str] | None = None) -> dict | None:
    """The activity fields in one form, messages under each; returns what was typed when submitted."""
    r = record.model_dump() if record else {}
    kinds = list(vocab.ACTIVITY_KINDS)
    hosts = list(names) if actor.kab_kota_code else [None, *names]
    with st.form(key):
        left, right = st.columns(2)
        data = {"title": left.text_input("Nama kegiatan", r.get("title", ""), key=f"{key}_title")}
        with left:
            web.field_error(key, "title")
        data["kind"] = right.selectbox("Jenis kegiatan", kinds, format_func=vocab.ACTIVITY_KINDS.get,
                                       index=kinds.index(r["kind"]) if r else None, placeholder="Pilih jenis",
                                       key=f"{key}_kind")
        with right:
            web.field_error(key, "kind")
        data["start_date"] = left.date_input("Tanggal mulai", r.get("start_date", clock.today()),
                                             format="DD/MM/YYYY", key=f"{key}_start")
        data["end_date"] = right.date_input("Tanggal selesai (kosongkan bila satu hari)", r.get("end_date"),
                                            format="DD/MM/YYYY", key=f"{key}_end")
        with right:
            web.field_error(key, "end_date")
        host = r.get("kab_kota_code") if r else actor.kab_kota_code
        data["kab_kota_code"] = left.selectbox(
            "Tuan rumah", hosts, index=hosts.index(host) if host in hosts else 0, key=f"{key}_host",
            format_func=lambda c: "Tingkat provinsi" if c is None else names[c])
        with left:
            web.field_error(key, "kab_kota_code")
        province = r.get("province_code") or next(iter(province_names), None)
        data["province_code"] = right.selectbox(
            "Provinsi", list(province_names), format_func=province_names.get, key=f"{key}_province",
            index=list(province_names).index(province) if province in province_names else 0,
            disabled=len(province_names) == 1)
        data["place"] = st.text_input("Tempat", r.get("place") or "", key=f"{key}_place")
        cols = st.columns(3)
        data["participants_total"] = cols[0].number_input("Jumlah peserta", step=1, value=r.get(
            "participants_total"), key=f"{key}_total")
        data["participants_women"] = cols[1].number_input("Perempuan", step=1, value=r.get(
            "participants_women"), key=f"{key}_women")
        data["participants_men"] = cols[2].number_input("Laki-laki", step=1, value=r.get(
            "participants_men"), key=f"{key}_men")
        web.field_error(key, "participants_total")
        data["kab_kota_present"] = st.multiselect("Kab/kota yang hadir", list(attending | dict.fromkeys(present or [])),
                                                  default=present or [], format_func=lambda c: attending.get(c, c),
                                                  key=f"{key}_present")
        web.field_error(key, "kab_kota_present")
        data["agencies"] = st.text_area("Instansi yang hadir", r.get("agencies") or "", key=f"{key}_agencies")
        data["conclusions"] = st.text_area("Kesimpulan", r.get("conclusions") or "", key=f"{key}_conclusions")
        data["source_url"] = r.get("source_url")  # kept as is: it comes from the news importer
        if data["kab_kota_code"]:  # a hosted event belongs to its host's province
            data["province_code"] = data["kab_kota_code"].split(".")[0]
        web.form_error(key)
        submitted = st.form_submit_button("Simpan", type="primary")
    web.show_flash("kegiatan")  # the confirmation under the button just pressed
    return data if submitted else None


def details(record, present: list[str]) -> None:
    """The read-only view, for leaders and for events the actor may not change."""
    host = names.get(record.kab_kota_code, "Tingkat provinsi") if record.kab_kota_code else "Tingkat provinsi"
    st.markdown(f"**{vocab.ACTIVITY_KINDS[record.kind]}** · {fmt.tanggal_range(record.start_date, record.end_date)}"
                f" · {web.as_text(record.place or '-')} · tuan rumah: {host}")
    split = f" ({fmt.number(record.participants_women)} perempuan, {fmt.number(record.participants_men)} laki-laki)"
    st.markdown(f"Peserta: {fmt.number(record.participants_total)}"
                + (split if record.participants_women is not None else ""))
    st.markdown("Kab/kota yang hadir: " + (", ".join(attending.get(c, c) for c in present) or "-"))
    for label, text in (("Instansi yang hadir", record.agencies), ("Kesimpulan", record.conclusions)):
        if text:
            st.markdown(f"**{label}**")
            st.text(text)


with web.session() as s:
    frame = service.list_activities(session=s, actor=actor, limit=100_000)
view = frame.assign(
    tanggal=[fmt.tanggal_range(a, b) for a, b in zip(frame["start_date"], frame["end_date"])],
    jenis=frame["kind"].map(vocab.ACTIVITY_KINDS), host=frame["host"].fillna("Tingkat provinsi"),
    tahun=listing.year_of(frame["start_date"]))
headers = {"tanggal": "Tanggal", "jenis": "Jenis", "title": "Nama kegiatan", "place": "Tempat", "host": "Tuan rumah",
           "participants_total": "Peserta", "present": "Kab/kota hadir"}
filters = [web.ListFilter("prov", "province_code", "Provinsi", "Semua provinsi", options=province_names),
           web.ListFilter("kab", "kab_kota_codes", "Kab/kota (tuan rumah atau hadir)", "Semua kab/kota",
                          options=attending | names, within="prov"),
           web.ListFilter("jenis", "kind", "Jenis", "Semua jenis", options=vocab.ACTIVITY_KINDS),
           web.ListFilter("tahun", "tahun", "Tahun", "Semua tahun", descending=True)]
row = web.record_list(view, headers, key="keg_table", noun="kegiatan", export="kegiatan", pinned="keg_edit",
                      filters=filters, search="Cari nama atau tempat", search_columns=["title", "place"],
                      caption="Pilih satu baris untuk melihat atau mengubahnya.")

if row is None:
    if actor.can_write:
        st.subheader("Tambah kegiatan")
        key = web.new_record_key("keg")
        if data := activity_form(key):
            web.save_then_rerun(key, lambda s: service.create_activity(session=s, actor=actor, data=data),
                                page="kegiatan", message=lambda s, r: f"Kegiatan \u201c{r.title}\u201d tersimpan.",
                                fresh="keg", list_key="keg_table")
else:
    with web.session() as s:
        record, present = service.get_activity(session=s, actor=actor, activity_id=int(frame.loc[row]["id"]))
    st.subheader(web.as_text(record.title))
    version = web.pinned_version("keg_edit", record.id, record.version)  # a stale save is refused
    key = f"keg_edit_{record.id}_{version}"
    if not service.may_write(actor, record):
        details(record, present)
    elif data := activity_form(key, record, present):
        web.save_then_rerun(key, lambda s: service.update_activity(
            session=s, actor=actor, activity_id=record.id, data=data, expected_version=version),
            page="kegiatan", message=lambda s, r: f"Perubahan kegiatan \u201c{r.title}\u201d tersimpan.",
            pinned="keg_edit", list_key="keg_table")
    web.reload_button("keg_edit", key)
    if service.may_write(actor, record):
        web.delete_popover(key, lambda s: service.delete_activity(session=s, actor=actor, activity_id=record.id,
                                                                  expected_version=version),
                           explain="Kegiatan akan disembunyikan; sekretariat atau admin dapat memulihkannya.",
                           page="kegiatan", message="Kegiatan dihapus.", pinned="keg_edit")
    web.history_panel("activity", record.id)
    web.participants_panel(actor, record.id, attending)


def deleted_activities(s) -> dict:
    frame = service.list_activities(session=s, actor=actor, deleted=True)
    return dict(zip(frame["id"], frame["title"] + " \u2013 " + frame["start_date"].map(fmt.tanggal)))


web.deleted_panel(actor, "kegiatan", deleted=deleted_activities, key="keg", list_key="keg_table",
                  restore=lambda s, i: service.restore_activity(session=s, actor=actor, activity_id=i))
