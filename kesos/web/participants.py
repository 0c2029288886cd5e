"""The daftar hadir of an opened activity on the Kegiatan page: the list by name (or counts per agency and
kab/kota for those who may not see names), its PDF and Excel, and for its keepers an add form, removal and an
import from .xlsx/.csv."""

import streamlit as st

from kesos import fmt
from kesos.security import Actor
from kesos.services import activity as activity_service
from kesos.services import participant
from kesos.web.core import session
from kesos.web.forms import field, form_error, form_errors, new_record_key, save_then_rerun, show_flash
from kesos.web.text import as_text

HEADERS = {"name": "Nama", "agency": "Instansi", "kab_kota": "Kab/kota", "position": "Jabatan"}


def _downloads(actor: Actor, activity_id: int, key: str) -> None:
    def made(format: str):
        def content() -> bytes:
            from kesos.reports import attendance  # openpyxl and the PDF layer: only when a file is asked for

            with session() as s:
                return attendance.daftar_hadir(s, actor, activity_id, format)[1]
        return content

    with st.container(horizontal=True):
        st.download_button("Daftar hadir PDF", made("pdf"), f"daftar-hadir-kegiatan-{activity_id}.pdf",
                           "application/pdf", key=f"{key}_pdf", on_click="ignore",
                           icon=":material/picture_as_pdf:")
        st.download_button("Daftar hadir Excel", made("xlsx"), f"daftar-hadir-kegiatan-{activity_id}.xlsx",
                           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"{key}_xlsx", on_click="ignore",
                           icon=":material/table_view:")


def _add_form(actor: Actor, activity_id: int, kab_kota_names: dict[str, str], panel: str) -> None:
    key = new_record_key(f"{panel}_tambah")
    choices = [None, *kab_kota_names]
    with st.form(key):
        left, right = st.columns(2)
        data = {"name": field(key, "name", st.text_input, "Nama peserta", column=left),
                "agency": field(key, "agency", st.text_input, "Instansi", column=right,
                                placeholder="contoh: Dinas Sosial, LKSA Al Amin")}
        left, right = st.columns(2)
        data["kab_kota_code"] = field(key, "kab_kota_code", st.selectbox, "Asal kab/kota", choices, column=left,
                                      format_func=lambda c: "Tingkat provinsi" if c is None else kab_kota_names[c])
        data["position"] = field(key, "position", st.text_input, "Jabatan (boleh kosong)", column=right)
        form_error(key)
        if st.form_submit_button("Tambah ke daftar hadir", icon=":material/person_add:"):
            save_then_rerun(key, lambda s: participant.add_participant(
                session=s, actor=actor, activity_id=activity_id, data=data),
                page=panel, message=f"{data['name'] or 'Peserta'} ditambahkan ke daftar hadir.",
                fresh=f"{panel}_tambah")


def _remove(actor: Actor, frame, panel: str) -> None:
    labels = {int(i): f"{n} · {a} · {k}" for i, n, a, k in
              zip(frame["id"], frame["name"], frame["agency"], frame["kab_kota"])}
    versions = dict(zip(frame["id"].astype(int), frame["version"].astype(int)))
    key = f"{panel}_hapus"
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    chosen = left.selectbox("Hapus dari daftar hadir", list(labels), format_func=labels.get, index=None,
                            placeholder="Pilih peserta", key=f"{key}_pilih")
    if right.button("Hapus", key=key, icon=":material/person_remove:", disabled=chosen is None, width="stretch"):
        save_then_rerun(key, lambda s: participant.delete_participant(
            session=s, actor=actor, participant_id=chosen, expected_version=versions[chosen]),
            page=panel, message=f"{labels[chosen].split(' · ')[0]} dihapus dari daftar hadir.")
    form_error(key)


def _import(actor: Actor, activity_id: int, panel: str) -> None:
    from kesos.importer import participant as participant_file  # openpyxl: only where a list can be imported

    key = new_record_key(f"{panel}_impor")
    uploaded = field(key, participant_file.FIELD, st.file_uploader, "Impor daftar hadir (.xlsx atau .csv)",
                     type=["xlsx", "csv"], help="Kolom: Nama, Instansi, Kab/kota (boleh kosong), Jabatan (boleh "
                                                "kosong). Semua baris disimpan, atau tidak satu pun bila ada yang salah.")
    rows = [message for name, message in form_errors(key).items() if name.startswith("row:")]
    if rows:
        st.error(as_text("Tidak ada yang disimpan. " + " ".join(rows[:20])
                         + (f" (dan {len(rows) - 20} baris lain)" if len(rows) > 20 else "")))
    form_error(key)

    def write(s):
        people, numbers = participant_file.read(uploaded.name, uploaded.getvalue())
        return participant.add_participants(session=s, actor=actor, activity_id=activity_id, rows=people,
                                            row_numbers=numbers)

    if st.button("Simpan dari berkas", key=f"{key}_simpan", icon=":material/upload_file:", disabled=uploaded is None):
        save_then_rerun(key, write, page=panel, message="Daftar hadir dari berkas tersimpan.", fresh=f"{panel}_impor")


def participants_panel(actor: Actor, activity_id: int, kab_kota_names: dict[str, str]) -> None:
    """The activity's daftar hadir; `kab_kota_names` are the kab/kota a participant may come from (those of the
    activity's province are offered)."""
    panel = f"peserta_{activity_id}"
    st.subheader("Daftar hadir")
    show_flash(panel)
    with session() as s:
        record, frame = participant.attendance(session=s, actor=actor, activity_id=activity_id)
    total = record.participants_total
    st.caption(f"{fmt.number(len(frame))} orang di daftar hadir"
               + (f"; jumlah peserta kegiatan {fmt.number(total)}" if total is not None else "")
               + ". Jumlah peserta tidak pernah kurang dari daftar hadir, tetapi boleh lebih (peserta yang tidak "
                 "mengisi daftar hadir).")
    if participant.may_see_names(actor, record):
        if not frame.empty:
            st.dataframe(frame.assign(position=frame["position"].fillna(""))[list(HEADERS)], hide_index=True,
                         width="stretch", column_config=HEADERS, placeholder="", key=f"{panel}_tabel")
    else:
        st.info("Nama peserta hanya terlihat oleh admin, sekretariat provinsi dan operator kab/kota tuan rumah. "
                "Berikut jumlah peserta per instansi dan kab/kota.", icon=":material/lock:")
        counted = participant.counts(frame)
        if not counted.empty:
            st.dataframe(counted, hide_index=True, width="stretch", key=f"{panel}_jumlah",
                         column_config={"agency": "Instansi", "kab_kota": "Kab/kota", "count": "Peserta"})
    if not frame.empty:
        _downloads(actor, activity_id, panel)
    if not activity_service.may_write(actor, record):
        return
    kab_kota_names = {code: name for code, name in kab_kota_names.items()
                      if code.startswith(f"{record.province_code}.")}
    with st.expander("Tambah peserta", icon=":material/person_add:", expanded=frame.empty):
        _add_form(actor, activity_id, kab_kota_names, panel)
        _import(actor, activity_id, panel)
    if not frame.empty:
        _remove(actor, frame, panel)
