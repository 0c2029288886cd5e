"""The daftar hadir on the Kegiatan page through AppTest: the secretariat adds a participant (a missing name
refused beside its field), imports a list (a bad row named, nothing stored; then stored), and a leader sees
counts per agency and kab/kota, never a name."""

from datetime import timedelta

from sqlmodel import select

from kesos import clock
from kesos.models import Activity, ActivityParticipant
from kesos.services import activity as activity_service
from tests.pages.datapage import actor_of, beside, db, open_page, plain, select_row

PAGE = "pages/data/kegiatan.py"


def _newest_activity(path) -> int:
    """A provincial rakor dated after every demo activity, so it is the list's first row."""
    with db(path) as session:
        record = activity_service.create_activity(session=session, actor=actor_of(path, "sekretariat"), data={
            "title": "Rakor daftar hadir", "kind": "rakor", "start_date": clock.today() + timedelta(days=800),
            "province_code": "63", "kab_kota_code": None, "place": "Banjarmasin", "kab_kota_present": []})
        session.commit()
        return record.id


def _people(path, activity_id: int) -> list[tuple[str, str, str | None]]:
    with db(path) as session:
        return sorted((p.name, p.agency, p.kab_kota_code) for p in session.exec(
            select(ActivityParticipant).where(ActivityParticipant.activity_id == activity_id,
                                              ActivityParticipant.deleted_at.is_(None))))


def _tables(at) -> str:
    return " ".join(frame.value.to_string() for frame in at.dataframe)


def test_the_secretariat_adds_a_participant_and_a_missing_name_is_refused_beside_it(app_env):
    activity_id = _newest_activity(app_env)
    at = select_row(open_page(app_env, PAGE, "sekretariat"), "keg_table", 0)
    assert not at.exception and "Daftar hadir" in [h.value for h in at.subheader]
    form = f"peserta_{activity_id}_tambah_add_0"
    at.text_input(key=f"{form}_agency").input("Dinas Sosial")
    next(b for b in at.button if b.label == "Tambah ke daftar hadir").click()
    at = at.run()
    assert beside(at, f"{form}_name") == "Nama peserta wajib diisi."
    assert at.text_input(key=f"{form}_agency").value == "Dinas Sosial"  # what was typed stays
    at.text_input(key=f"{form}_name").input("Siti Aminah")
    at.selectbox(key=f"{form}_kab_kota_code").set_value("63.71")
    next(b for b in at.button if b.label == "Tambah ke daftar hadir").click()
    at = at.run()
    assert not at.exception and "Siti Aminah ditambahkan ke daftar hadir." in plain(at)
    assert _people(app_env, activity_id) == [("Siti Aminah", "Dinas Sosial", "63.71")]
    assert "Siti Aminah" in _tables(at)
    with db(app_env) as session:
        assert session.get(Activity, activity_id).participants_total == 1  # was empty: the list counts


def test_an_import_with_a_bad_row_stores_nothing_then_a_good_file_is_stored(app_env):
    activity_id = _newest_activity(app_env)
    at = select_row(open_page(app_env, PAGE, "sekretariat"), "keg_table", 0)
    uploader = next(u for u in at.file_uploader if u.label == "Impor daftar hadir (.xlsx atau .csv)")
    uploader.upload("hadir.csv", "Daftar hadir rakor\n\nNama;Instansi;Kab/kota;Jabatan\n"
                                 "Ahmad Fauzi;Dinas Sosial;Banjarbaru;Kepala Seksi\n"
                                 "Rina;LKSA Al Amin;Kota Pontianak;\n".encode("utf-8"), "text/csv")
    at = at.run()
    next(b for b in at.button if b.label == "Simpan dari berkas").click()
    at = at.run()
    assert not at.exception
    assert "Tidak ada yang disimpan. Baris 5: Kab/kota tidak dikenal di provinsi kegiatan ini: Kota Pontianak." \
        in plain(at)
    assert _people(app_env, activity_id) == []
    uploader = next(u for u in at.file_uploader if u.label == "Impor daftar hadir (.xlsx atau .csv)")
    uploader.upload("hadir.csv", "Nama;Instansi;Kab/kota\nAhmad Fauzi;Dinas Sosial;Banjarbaru\n"
                                 "Rina;LKSA Al Amin;Kota Banjarmasin\n".encode("utf-8"), "text/csv")
    at = at.run()
    next(b for b in at.button if b.label == "Simpan dari berkas").click()
    at = at.run()
    assert not at.exception and "Daftar hadir dari berkas tersimpan." in plain(at)
    assert _people(app_env, activity_id) == [("Ahmad Fauzi", "Dinas Sosial", "63.72"),
                                             ("Rina", "LKSA Al Amin", "63.71")]


def test_a_leader_sees_counts_per_agency_and_kab_kota_and_no_name(app_env):
    activity_id = _newest_activity(app_env)
    at = select_row(open_page(app_env, PAGE, "sekretariat"), "keg_table", 0)
    uploader = next(u for u in at.file_uploader if u.label == "Impor daftar hadir (.xlsx atau .csv)")
    uploader.upload("hadir.csv", "Nama;Instansi;Kab/kota\nAhmad Fauzi;Dinas Sosial;Banjarbaru\n"
                                 "Budi;Dinas Sosial;Banjarbaru\nRina;LKSA Al Amin;Kota Banjarmasin\n".encode(), "text/csv")
    at = at.run()
    next(b for b in at.button if b.label == "Simpan dari berkas").click()
    at.run()
    assert len(_people(app_env, activity_id)) == 3

    at = select_row(open_page(app_env, PAGE, "pimpinan"), "keg_table", 0)
    assert not at.exception
    page = plain(at) + _tables(at)
    assert "Nama peserta hanya terlihat oleh" in page
    for name in ("Ahmad Fauzi", "Budi", "Rina"):
        assert name not in page
    counted = next(frame.value for frame in at.dataframe if "count" in frame.value.columns)
    assert sorted(zip(counted["agency"], counted["kab_kota"], counted["count"])) == [
        ("Dinas Sosial", "Kota Banjarbaru", 2), ("LKSA Al Amin", "Kota Banjarmasin", 1)]
    assert not [b for b in at.button if b.label in ("Tambah ke daftar hadir", "Simpan dari berkas", "Hapus")]
