"""Dari Berita: paste a news release; Kesos proposes draft records; a person corrects and confirms them."""

import pandas as pd
import streamlit as st

from kesos import clock, queries, vocab, web
from kesos.berita import drafts, extract
from kesos.services import activity as activity_service
from kesos.services import aid as aid_service

actor = web.require_page("dari-berita")
names = web.kab_kota_names(actor)
provinces = web.query(queries.provinces, actor)
province_names = dict(zip(provinces["code"], provinces["name"]))
st.title("Dari Berita")
st.caption("Tempel teks berita atau siaran pers. Kesos mengusulkan isian kegiatan, bantuan, LKS dan cabang, "
           "masing-masing dengan kata-kata berita asalnya. Tidak ada yang tersimpan sebelum Anda mengonfirmasi.")
web.show_flash("berita")
ROUND = "berita_round"  # moves on with each article read, so its forms start fresh
NO_DATE = ("Tanggal tidak dapat dipastikan. Bila berita menulis tanggal tanpa tahun, seperti “Kamis (17/7)”, "
           "isi tanggal rilis lalu baca ulang; atau isi sendiri.")


def evidence(words: list[str], missing: str = "Tidak disebut di berita: isi sendiri bila perlu.") -> None:
    """The article's words a proposed value came from, right under its field."""
    st.caption("Dari berita: " + " · ".join(f"“{web.as_text(w)}”" for w in words) if words else missing)


with st.form("berita_input"):
    text = st.text_area("Teks berita", height=240, key="berita_text",
                        placeholder="Tempel judul dan isi berita di sini")
    left, right = st.columns(2)
    url = left.text_input("Tautan berita (boleh kosong)", key="berita_url")
    published = right.date_input("Tanggal rilis (boleh kosong)", value=None, format="DD/MM/YYYY",
                                 key="berita_published", help="Menentukan tahun bila berita menulis “Kamis (17/7)”.")
    read = st.form_submit_button("Baca berita", type="primary")
if read:
    if not text.strip():
        st.error("Teks berita masih kosong: tempel teks berita terlebih dahulu.")
    else:
        st.session_state["berita_extraction"] = extract(text, published=published, url=url.strip() or None)
        st.session_state[ROUND] = st.session_state.get(ROUND, 0) + 1
result = st.session_state.get("berita_extraction")
if result is None:
    st.stop()
turn = st.session_state.get(ROUND, 0)

found_of = [f"Lembaga: **{result.organisation.value}**" if result.organisation else "Lembaga: tidak dikenali",
            f"Provinsi: **{drafts.province_name(result.province_code.value)}**" if result.province_code
            else "Provinsi: tidak dikenali"]
st.markdown(" · ".join(found_of))
evidence([f.evidence for f in (result.organisation, result.province_code) if f])

# --- The activity -----------------------------------------------------------------------------
st.subheader("Usulan kegiatan")
chosen = 0
if len(result.activities) > 1:
    st.caption(f"Berita ini melaporkan {len(result.activities)} kegiatan; pilih yang akan dicatat.")
    chosen = st.radio("Kegiatan", range(len(result.activities)), format_func=lambda i: drafts.activity_label(result, i),
                      key=f"berita_pick_{turn}", label_visibility="collapsed")
draft = drafts.activity_draft(result, actor, chosen)
saved = st.session_state.get("berita_saved")
if draft is None:
    st.info("Berita ini tidak menyebut kegiatan (rapat, pelatihan, pengukuhan, bakti sosial, penyerahan bantuan, peresmian, HUT, musda, forum) yang dapat dicatat.")
elif saved and saved[0] == turn:
    st.success(f"Kegiatan “{web.as_text(saved[1])}” tersimpan bersama teks berita sebagai sumbernya.")
    st.page_link("pages/data/kegiatan.py", label="Lihat di halaman Kegiatan", icon=":material/event:")
else:
    d, ev, key = draft.values, draft.evidence, f"berita_act_{turn}_{chosen}"
    if draft.guesses:
        st.warning("Periksa dulu: " + " ".join(web.as_text(g) for g in draft.guesses.values()), icon=":material/help:")
    if problem := drafts.scope_problem(actor, d):
        st.warning(problem)
    with web.session() as s:
        if duplicate := activity_service.same_source(s, actor, d["source_url"], d["source_text"]):
            st.warning(web.as_text(next(iter(duplicate.values()))), icon=":material/content_copy:")
    kinds, hosts = list(vocab.ACTIVITY_KINDS), ([actor.kab_kota_code] if actor.kab_kota_code else [None, *names])
    with st.form(key):
        left, right = st.columns(2)
        with left:
            data = {"title": st.text_input("Nama kegiatan", d["title"], key=f"{key}_title")}
            web.field_error(key, "title")
            evidence(ev["title"])
            data["start_date"] = st.date_input("Tanggal mulai", d["start_date"], format="DD/MM/YYYY", key=f"{key}_start")
            web.field_error(key, "start_date")
            evidence(ev["start_date"], NO_DATE if result.reference_date is None else "Tidak disebut di berita.")
            if "start_date" in draft.guesses:
                st.caption(":orange[Tahun ditebak dari nama hari: periksa.]")
            data["kab_kota_code"] = st.selectbox(
                "Tuan rumah", hosts, index=hosts.index(d["kab_kota_code"]) if d["kab_kota_code"] in hosts else 0,
                format_func=lambda c: "Tingkat provinsi" if c is None else names.get(c, c), key=f"{key}_host")
            web.field_error(key, "kab_kota_code")
            evidence(ev["kab_kota_code"])
            data["place"] = st.text_input("Tempat", d["place"], key=f"{key}_place")
            web.field_error(key, "place")
            evidence(ev["place"])
        with right:
            data["kind"] = st.selectbox("Jenis kegiatan", kinds, format_func=vocab.ACTIVITY_KINDS.get,
                                        index=kinds.index(d["kind"]) if d["kind"] else None,
                                        placeholder="Pilih jenis", key=f"{key}_kind")
            web.field_error(key, "kind")
            evidence(ev["kind"])
            if "kind" in draft.guesses:
                st.caption(":orange[Jenis ditebak (tidak ada nama kegiatan di berita): periksa.]")
            data["end_date"] = st.date_input("Tanggal selesai (kosongkan bila satu hari)", d["end_date"],
                                             format="DD/MM/YYYY", key=f"{key}_end")
            web.field_error(key, "end_date")
            evidence(ev["end_date"] or ev["start_date"])
            codes = list(province_names)
            data["province_code"] = st.selectbox(
                "Provinsi", codes, index=codes.index(d["province_code"]) if d["province_code"] in codes else 0,
                format_func=province_names.get, disabled=len(codes) == 1, key=f"{key}_province")
            web.field_error(key, "province_code")
            evidence(ev["province_code"])
            data["participants_total"] = st.number_input("Jumlah peserta", step=1,
                                                         value=d["participants_total"], key=f"{key}_total")
            web.field_error(key, "participants_total")
            evidence(ev["participants_total"])
        offered = [c for c in d["kab_kota_present"] if c in names]
        data["kab_kota_present"] = st.multiselect("Kab/kota yang hadir", list(names), default=offered,
                                                  format_func=names.get, key=f"{key}_present")
        web.field_error(key, "kab_kota_present")
        evidence(ev["kab_kota_present"])
        if outside := [drafts.kab_kota_name(c) for c in d["kab_kota_present"] if c not in names]:
            st.caption("Juga disebut, di luar pilihan Anda: " + web.as_text(", ".join(outside)))
        data["agencies"] = st.text_area("Instansi yang hadir (satu per baris)", d["agencies"], key=f"{key}_agencies")
        web.field_error(key, "agencies")
        evidence(ev["agencies"])
        data["source_url"] = st.text_input("Tautan sumber", d["source_url"], key=f"{key}_url")
        web.field_error(key, "source_url")
        st.caption("Teks berita disimpan bersama kegiatan sebagai sumbernya.")
        web.field_error(key, "source_text")
        web.form_error(key)
        confirmed = st.form_submit_button("Konfirmasi dan simpan kegiatan", type="primary")
    if confirmed:
        data["source_text"] = d["source_text"]
        if data["kab_kota_code"]:  # a hosted event belongs to its host's province
            data["province_code"] = data["kab_kota_code"].split(".")[0]
        record = web.run_write(key, lambda s: activity_service.create_activity(session=s, actor=actor, data=data))
        if record is not None:
            st.session_state["berita_saved"] = (turn, data["title"])
        st.rerun()

# --- Aid ----------------------------------------------------------------------------------------
if result.aid or result.funding_sources:
    st.subheader("Bantuan yang disebut")
    st.dataframe(pd.DataFrame(
        [(a.item.value, a.quantity.value, a.unit.value if a.unit else "-", a.item.evidence) for a in result.aid],
        columns=["Barang", "Jumlah", "Satuan", "Kata di berita"]), hide_index=True, placeholder="")
    if result.funding_sources:
        st.markdown("Sumber dana yang disebut: " + ", ".join(
            f"**{web.as_text(vocab.FUNDING_SOURCE_KINDS[f.kind])}** (“{web.as_text(f.name.evidence)}”)" for f in result.funding_sources))
    if result.aid and actor.can_write:
        with st.expander("Catat satu baris sebagai penyaluran", icon=":material/volunteer_activism:"):
            st.caption("Berita jarang menyebut penerima, sumber dana dan nilai dengan pasti; isi ketiganya dari "
                       "dokumen penyaluran. Periksa dulu di halaman Bantuan agar tidak tercatat dua kali.")
            lines = list(range(len(result.aid)))
            line = st.selectbox("Baris bantuan", lines, key=f"berita_aid_line_{turn}", format_func=lambda i: (
                f"{result.aid[i].item.value}, {result.aid[i].quantity.value} "
                f"{result.aid[i].unit.value if result.aid[i].unit else ''}"))
            key = f"berita_aid_{turn}_{line}"
            with web.session() as s:
                a = drafts.aid_draft(s, result, result.aid[line], actor)
                items = aid_service.item_options(s)
            evidence([result.aid[line].item.evidence])
            left, right = st.columns(2)
            codes, item_labels, groups = list(names), dict(zip(items["id"], items["label"])), list(vocab.RECIPIENT_GROUPS)

            aid = {"kab_kota_code": web.field(
                       key, "kab_kota_code", st.selectbox, "Kabupaten/kota", codes, column=left,
                       index=codes.index(a["kab_kota_code"]) if a["kab_kota_code"] in codes else None,
                       format_func=names.get, placeholder="Pilih kab/kota"),
                   "distributed_on": web.field(
                       key, "distributed_on", st.date_input, "Tanggal penyaluran", a["distributed_on"],
                       column=right, **web.ANY_DATE, format="DD/MM/YYYY"),
                   "aid_item_id": web.field(
                       key, "aid_item_id", st.selectbox, "Barang bantuan (satuan)", list(item_labels), column=left,
                       format_func=item_labels.get, placeholder="Pilih barang",
                       index=list(item_labels).index(a["aid_item_id"]) if a["aid_item_id"] else None),
                   "quantity": web.field(key, "quantity", st.number_input, "Jumlah", column=right, step=1,
                                         value=a["quantity"])}
            with web.session() as s:
                sources = (aid_service.funding_source_options(s, aid["kab_kota_code"].split(".")[0])
                           if aid["kab_kota_code"] else pd.DataFrame(columns=["id", "label"]))
            source_labels = dict(zip(sources["id"], sources["label"]))
            aid |= {"funding_source_id": web.field(
                        key, "funding_source_id", st.selectbox, "Sumber dana", list(source_labels), column=left,
                        index=None, format_func=source_labels.get, placeholder="Pilih sumber dana"),
                    "value_rupiah": web.field(key, "value_rupiah", st.text_input, "Nilai (Rp)", column=right,
                                              placeholder="contoh: 1.250.000"),
                    "recipient_kind": "kelompok",
                    "recipient_group": web.field(
                        key, "recipient_group", st.selectbox, "Kelompok penerima", groups, column=left,
                        index=None, placeholder="Pilih kelompok", format_func=vocab.RECIPIENT_GROUPS.get),
                    "note": web.field(key, "note", st.text_input, "Catatan", a["note"], column=right)}
            web.form_error(key)
            st.caption("Penerima berupa LKS atau rumah tangga dicatat di halaman Bantuan.")
            if st.button("Konfirmasi dan simpan penyaluran", key=f"{key}_save"):
                if web.run_write(key, lambda s: aid_service.create_distribution(session=s, actor=actor, data=aid)):
                    web.flash("berita", "Penyaluran tersimpan; lihat di halaman Bantuan.")
                st.rerun()

# --- LKS counts: information to check against the register ------------------------------------------
if result.lks_counts or result.lks_total:
    st.subheader("Jumlah LKS menurut berita")
    year = (result.reference_date or clock.today()).year
    with web.session() as s:
        lks = drafts.lks_comparison(s, actor, result, year)
    st.dataframe(lks[["label", "article", "register", "evidence"]], hide_index=True, placeholder="", column_config={
        "label": "Jenis", "article": "Menurut berita", "register": f"Di daftar LKS akhir {year}",
        "evidence": "Kata di berita"})
    st.caption("Angka gabungan dari berita tidak disimpan sebagai data: bila berbeda, periksa daftar LKS.")
    st.page_link("pages/data/lks.py", label="Buka daftar LKS", icon=":material/home_work:")

# --- Branches not formed yet ------------------------------------------------------------------------------
if result.branches_missing_kab_kota_codes:
    st.subheader("Kab/kota yang belum memiliki cabang")
    with web.session() as s:
        facts = drafts.branch_facts(s, actor, result)
    st.dataframe(facts[["kab_kota", "state_label", "evidence"]], hide_index=True, placeholder="", column_config={
        "kab_kota": "Kab/kota", "state_label": "Menurut data cabang", "evidence": "Kata di berita"})
    web.form_error("berita_branch")
    for row in facts[facts["state"] == "tidak_ada"].itertuples():
        if st.button(f"Catat cabang {row.kab_kota} belum terbentuk", key=f"berita_branch_{turn}_{row.kab_kota_code}"):
            if web.run_write("berita_branch", lambda s, code=row.kab_kota_code: drafts.record_branch_not_formed(
                    session=s, actor=actor, kab_kota_code=code)):
                web.flash("berita", f"Cabang {row.kab_kota} tercatat belum terbentuk.")
            st.rerun()
    for row in facts[facts["state"] == "terbentuk"].itertuples():
        st.warning(f"Berita menyebut {row.kab_kota} belum memiliki cabang, tetapi data cabang mencatat sudah "
                   "terbentuk. Periksa di halaman Cabang.")
