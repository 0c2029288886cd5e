"""An activity's attendance list: written like the activity (scope, audit), participants_total never below the
list, an import all or nothing with each bad row named, and the daftar hadir printed by name only for those who
may see personal data (the others get counts per agency and kab/kota, checked against naive pandas)."""

import io
import json
from datetime import date

import pandas as pd
import pytest
from openpyxl import load_workbook
from sqlmodel import Session, select

from kesos.errors import PermissionDenied, ValidationError
from kesos.models import Activity, ActivityParticipant, AuditLog
from kesos.reports.attendance import daftar_hadir
from kesos.security import Actor
from kesos.services import activity, base, participant
from tests.reports.pdftext import pages

SEKRETARIAT = Actor("sekretariat", "sekretariat", "63")
OPERATOR = Actor("operator", "operator", "63", "63.71")
OPERATOR_BANJARBARU = Actor("operator_banjarbaru", "operator", "63", "63.72")
SEKRETARIAT_KALBAR = Actor("sekretariat_kalbar", "sekretariat", "61")
PIMPINAN = Actor("pimpinan", "pimpinan")

PEOPLE = [
    {"name": "Siti Aminah", "agency": "Dinas Sosial", "kab_kota_code": "63.71", "position": "Kepala Bidang"},
    {"name": "Ahmad Fauzi", "agency": "Dinas Sosial", "kab_kota_code": "Kota Banjarbaru"},
    {"name": "Rina Marlina", "agency": "LKSA Al Amin", "kab_kota_code": "Banjarmasin", "position": "Ketua"},
    {"name": "Budi Santoso", "agency": "Dinas Sosial", "kab_kota_code": "63.71"},
    {"name": "Dewi Lestari", "agency": "LKKS Provinsi", "kab_kota_code": None, "position": "Sekretaris"},
]


@pytest.fixture
def session(demo_engine):
    with Session(demo_engine) as s:
        yield s


def _rakor(s: Session, *, host=None, total=None) -> Activity:
    return activity.create_activity(session=s, actor=SEKRETARIAT, data={
        "title": "Rakor daftar hadir", "kind": "rakor", "start_date": date(2025, 3, 4), "end_date": date(2025, 3, 5),
        "province_code": "63", "kab_kota_code": host, "place": "Banjarmasin", "participants_total": total,
        "kab_kota_present": []})


def test_the_list_is_stored_with_kab_kota_written_any_usual_way_and_raises_a_lower_total(session):
    rakor = _rakor(session, total=3)
    participant.add_participants(session=session, actor=SEKRETARIAT, activity_id=rakor.id, rows=PEOPLE)
    session.commit()
    stored = session.exec(select(ActivityParticipant).where(ActivityParticipant.activity_id == rakor.id)).all()
    assert sorted((p.name, p.kab_kota_code) for p in stored) == sorted([
        ("Siti Aminah", "63.71"), ("Ahmad Fauzi", "63.72"), ("Rina Marlina", "63.71"), ("Budi Santoso", "63.71"),
        ("Dewi Lestari", None)])
    assert session.get(Activity, rakor.id).participants_total == 5  # was 3: the list holds 5
    trail = session.exec(select(AuditLog).where(AuditLog.table_name == "activity_participant")).all()
    assert len([t for t in trail if t.action == "create"]) == 5
    activity_trail = session.exec(select(AuditLog).where(AuditLog.table_name == "activity",
                                                         AuditLog.record_id == str(rakor.id))).all()
    assert json.loads(activity_trail[-1].after)["participants_total"] == 5  # the raise is audited too


def test_a_larger_total_stays_people_attend_without_signing_and_taking_one_off_keeps_it(session):
    rakor = _rakor(session, total=57)
    added = participant.add_participants(session=session, actor=SEKRETARIAT, activity_id=rakor.id, rows=PEOPLE)
    assert session.get(Activity, rakor.id).participants_total == 57
    participant.delete_participant(session=session, actor=SEKRETARIAT, participant_id=added[0].id,
                                   expected_version=added[0].version)
    assert session.get(Activity, rakor.id).participants_total == 57
    assert participant.listed_count(session, rakor.id) == 4


def test_the_activity_form_refuses_a_total_below_the_list(session):
    rakor = _rakor(session)
    participant.add_participants(session=session, actor=SEKRETARIAT, activity_id=rakor.id, rows=PEOPLE)
    record = session.get(Activity, rakor.id)
    data = record.model_dump() | {"participants_total": 4, "kab_kota_present": []}
    with pytest.raises(ValidationError) as refused:
        activity.update_activity(session=session, actor=SEKRETARIAT, activity_id=rakor.id, data=data,
                                 expected_version=record.version)
    assert "5 orang di daftar hadir" in refused.value.errors["participants_total"]


def test_an_import_with_a_bad_row_stores_nothing_and_names_every_bad_row(session):
    rakor = _rakor(session)
    rows = [PEOPLE[0], {"name": "", "agency": "Dinas Sosial"}, {"name": "X", "agency": "Y", "kab_kota_code": "61.71"},
            PEOPLE[1]]
    with pytest.raises(ValidationError) as refused:
        participant.add_participants(session=session, actor=SEKRETARIAT, activity_id=rakor.id, rows=rows)
    assert set(refused.value.errors) == {"row:2", "row:3"}
    assert refused.value.errors["row:2"].startswith("Baris 2:") and "Nama peserta" in refused.value.errors["row:2"]
    assert "Kab/kota tidak dikenal" in refused.value.errors["row:3"]
    session.rollback()
    assert participant.listed_count(session, rakor.id) == 0


@pytest.mark.parametrize("actor", [PIMPINAN, OPERATOR, SEKRETARIAT_KALBAR], ids=lambda a: a.username)
def test_who_may_not_keep_a_provincial_activity_may_not_add_to_its_list(session, actor):
    rakor = _rakor(session)
    with pytest.raises(PermissionDenied):
        participant.add_participants(session=session, actor=actor, activity_id=rakor.id, rows=PEOPLE[:1])


def test_the_host_kab_kota_operator_keeps_its_own_activity_s_list_and_another_operator_may_not(session):
    hosted = _rakor(session, host="63.71")
    participant.add_participants(session=session, actor=OPERATOR, activity_id=hosted.id, rows=PEOPLE[:2])
    with pytest.raises(PermissionDenied):
        participant.add_participants(session=session, actor=OPERATOR_BANJARBARU, activity_id=hosted.id,
                                     rows=PEOPLE[:1])


def _naive_counts(rows: list[dict]) -> dict[tuple[str, str], int]:
    names = {"63.71": "Kota Banjarmasin", "Banjarmasin": "Kota Banjarmasin", "Kota Banjarbaru": "Kota Banjarbaru",
             None: "Provinsi"}
    frame = pd.DataFrame([{"agency": r["agency"], "kab_kota": names[r["kab_kota_code"]]} for r in rows])
    return frame.value_counts().to_dict()


def test_names_are_listed_for_those_who_may_see_them_and_counted_for_the_others(session):
    rakor = _rakor(session)
    participant.add_participants(session=session, actor=SEKRETARIAT, activity_id=rakor.id, rows=PEOPLE)
    session.commit()
    _, seen = participant.attendance(session=session, actor=SEKRETARIAT, activity_id=rakor.id)
    assert sorted(seen["name"]) == sorted(p["name"] for p in PEOPLE)
    _, hidden = participant.attendance(session=session, actor=PIMPINAN, activity_id=rakor.id)
    assert hidden["name"].isna().all() and hidden["position"].isna().all()
    counted = participant.counts(hidden)
    assert dict(zip(zip(counted["agency"], counted["kab_kota"]), counted["count"])) == _naive_counts(PEOPLE)
    # Riwayat masks a participant's name for a leader, as it does an applicant's.
    person = session.exec(select(ActivityParticipant).where(ActivityParticipant.name == "Siti Aminah")).first()
    history = base.history(session, "activity_participant", person.id, PIMPINAN)
    assert history.iloc[0]["changes"]["name"][1] == "S. A."


def test_the_daftar_hadir_pdf_prints_names_grouped_only_for_those_who_may_see_them(session):
    rakor = _rakor(session)
    participant.add_participants(session=session, actor=SEKRETARIAT, activity_id=rakor.id, rows=PEOPLE)
    session.commit()
    name, content = daftar_hadir(session, SEKRETARIAT, rakor.id, "pdf")
    text = " ".join(pages(content))
    assert name.endswith(".pdf") and "DAFTAR HADIR" in text and "Rakor daftar hadir" in text
    assert "LEMBAGA KOORDINASI KESEJAHTERAAN SOSIAL PROVINSI KALIMANTAN SELATAN" in text  # the kop surat
    for person in PEOPLE:
        assert person["name"] in text
    assert "Dinas Sosial · Kota Banjarmasin (2 orang)" in text and "LKKS Provinsi · Provinsi (1 orang)" in text
    assert "Hj. Rahmawati Syahrani" in text  # the chair signs

    _, content = daftar_hadir(session, PIMPINAN, rakor.id, "pdf")
    text = " ".join(pages(content))
    for person in PEOPLE:
        assert person["name"] not in text
    assert "Nama peserta tidak ditampilkan" in text
    for (agency, kab_kota), count in _naive_counts(PEOPLE).items():
        assert f"{agency} {kab_kota} {count}" in text
    assert "Jumlah 5" in text


def test_the_daftar_hadir_workbook_follows_the_same_rule(session):
    rakor = _rakor(session)
    participant.add_participants(session=session, actor=SEKRETARIAT, activity_id=rakor.id, rows=PEOPLE)
    session.commit()
    for actor, shown in ((SEKRETARIAT, True), (PIMPINAN, False)):
        _, content = daftar_hadir(session, actor, rakor.id, "xlsx")
        cells = {str(c.value) for row in load_workbook(io.BytesIO(content)).active.iter_rows() for c in row if c.value}
        assert ("Siti Aminah" in cells) is shown and ("Rina Marlina" in cells) is shown
