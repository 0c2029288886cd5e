"""An activity's attendance list (daftar hadir): name, agency (instansi), kab/kota, position; scoped like the
activity, versioned and audited, names shown only to those `personal_data` allows.

The list and the activity's `participants_total` stay consistent one way: the total is at least the number
of people listed (adding people beyond it raises it, in the same transaction and audit trail), and may be
larger, since people attend without signing and a list is often typed in late or in part. Taking someone
off the list leaves the total as it was; the activity form refuses a total below the list.
"""

import pandas as pd
from sqlmodel import Session, func, select

from kesos import validate as v
from kesos.errors import NotFound, ValidationError
from kesos.models import Activity, ActivityParticipant, KabKota
from kesos.personal_data import may_see_participant_names
from kesos.security import Actor, require_kab_kota, require_province
from kesos.services import base

MAX_ROWS = 2000  # one import; a rakor has tens to a few hundred people
COLUMNS = {"name": "Nama", "agency": "Instansi", "kab_kota": "Kab/kota", "position": "Jabatan"}


def _activity(session: Session, actor: Actor, activity_id: int) -> Activity:
    """The live activity, after the writer's scope check (the activity's own rule: host kab/kota or province)."""
    record = base.get_live(session, Activity, activity_id)
    if record.kab_kota_code:
        require_kab_kota(actor, record.kab_kota_code)
    else:
        require_province(actor, record.province_code)
    return record


def _kab_kota_codes(session: Session, province_code: str) -> dict[str, str]:
    """Each way a kab/kota may be written (code, name, lower-case name) -> code, within the province."""
    rows = session.exec(select(KabKota.code, KabKota.name).where(KabKota.province_code == province_code)).all()
    found = {}
    for code, name in rows:
        found[code] = code
        found[name.lower()] = code
        short = name.lower().removeprefix("kabupaten ").removeprefix("kota ")
        found.setdefault(short, code)  # "Banjar" is Kabupaten Banjar; Kota Banjarbaru is "Banjarbaru"
    return found


def clean(data: dict, kab_kota_codes: dict[str, str]) -> dict:
    def kab_kota():
        value = v.text(data.get("kab_kota_code"), label="Kab/kota", required=False, max_length=100)
        if value is None:
            return None
        code = kab_kota_codes.get(value) or kab_kota_codes.get(value.lower())
        if code is None:
            raise v.FieldError(f"Kab/kota tidak dikenal di provinsi kegiatan ini: {value}.")
        return code

    return v.collect({
        "name": lambda: v.text(data.get("name"), label="Nama peserta", max_length=150),
        "agency": lambda: v.text(data.get("agency"), label="Instansi", max_length=200),
        "kab_kota_code": kab_kota,
        "position": lambda: v.text(data.get("position"), label="Jabatan", required=False, max_length=150),
    })


def listed_count(session: Session, activity_id: int) -> int:
    return session.exec(select(func.count()).select_from(ActivityParticipant).where(
        ActivityParticipant.activity_id == activity_id, ActivityParticipant.deleted_at.is_(None))).one()


def _keep_total(session: Session, actor: Actor, activity: Activity) -> None:
    """Raise the activity's participants_total to the number listed when it is lower (or empty)."""
    listed = listed_count(session, activity.id)
    if activity.participants_total is None or activity.participants_total < listed:
        base.apply_update(session, actor, activity, {"participants_total": listed}, None)


def add_participants(*, session: Session, actor: Actor, activity_id: int, rows: list[dict],
                     row_numbers: list[int] | None = None) -> list[ActivityParticipant]:
    """Add people to the list, every row or none: a bad row is refused with its row number (the file's, when
    `row_numbers` gives them; else 1 for the first)."""
    activity = _activity(session, actor, activity_id)
    if not rows:
        raise ValidationError({"_form": "Tidak ada peserta untuk disimpan."})
    if len(rows) > MAX_ROWS:
        raise ValidationError({"_form": f"Paling banyak {MAX_ROWS} peserta sekali simpan."})
    codes = _kab_kota_codes(session, activity.province_code)
    cleaned, errors = [], {}
    for number, row in zip(row_numbers or range(1, len(rows) + 1), rows):
        try:
            cleaned.append(clean(row, codes))
        except ValidationError as exc:
            errors[f"row:{number}"] = f"Baris {number}: " + " ".join(exc.errors.values())
    if errors:
        raise ValidationError(errors)
    records = [ActivityParticipant(activity_id=activity.id, **values) for values in cleaned]
    base.insert_many(session, actor, records)
    _keep_total(session, actor, activity)
    return records


def add_participant(*, session: Session, actor: Actor, activity_id: int, data: dict) -> ActivityParticipant:
    activity = _activity(session, actor, activity_id)
    values = clean(data, _kab_kota_codes(session, activity.province_code))
    record = base.insert(session, actor, ActivityParticipant(activity_id=activity.id, **values))
    _keep_total(session, actor, activity)
    return record


def _participant(session: Session, actor: Actor, participant_id: int, *, live: bool = True):
    record = base.get_live(session, ActivityParticipant, participant_id) if live else session.get(
        ActivityParticipant, participant_id)
    if record is None:
        raise NotFound("Data tidak ditemukan.")
    return record, _activity(session, actor, record.activity_id)


def update_participant(*, session: Session, actor: Actor, participant_id: int, data: dict,
                       expected_version: int | None) -> ActivityParticipant:
    record, activity = _participant(session, actor, participant_id)
    values = clean(data, _kab_kota_codes(session, activity.province_code))
    return base.apply_update(session, actor, record, values, expected_version)


def delete_participant(*, session: Session, actor: Actor, participant_id: int,
                       expected_version: int | None) -> ActivityParticipant:
    record, _ = _participant(session, actor, participant_id)
    return base.soft_delete(session, actor, record, expected_version)


def restore_participant(*, session: Session, actor: Actor, participant_id: int) -> ActivityParticipant:
    record, activity = _participant(session, actor, participant_id, live=False)
    base.restore(session, actor, record)
    _keep_total(session, actor, activity)
    return record


def may_see_names(actor: Actor, activity: Activity) -> bool:
    return may_see_participant_names(actor, activity.province_code, activity.kab_kota_code)


def attendance(*, session: Session, actor: Actor, activity_id: int) -> tuple[Activity, pd.DataFrame]:
    """An activity the actor may see and its live list, ordered by agency, kab/kota and name: id, name,
    agency, kab_kota_code, kab_kota, position, version. Without the right to see names (`may_see_names`)
    the names and positions are left out (None): count the rows instead."""
    from kesos.services.activity import get_activity

    activity, _ = get_activity(session=session, actor=actor, activity_id=activity_id)
    stmt = (select(ActivityParticipant.id, ActivityParticipant.name, ActivityParticipant.agency,
                   ActivityParticipant.kab_kota_code, KabKota.name, ActivityParticipant.position,
                   ActivityParticipant.version)
            .outerjoin(KabKota, KabKota.code == ActivityParticipant.kab_kota_code)
            .where(ActivityParticipant.activity_id == activity.id, ActivityParticipant.deleted_at.is_(None))
            .order_by(ActivityParticipant.agency, ActivityParticipant.kab_kota_code, ActivityParticipant.name,
                      ActivityParticipant.id))
    frame = pd.DataFrame(session.exec(stmt).all(),
                         columns=["id", "name", "agency", "kab_kota_code", "kab_kota", "position", "version"])
    frame["kab_kota"] = frame["kab_kota"].fillna("Provinsi").astype(object)
    if not may_see_names(actor, activity):
        frame["name"] = None
        frame["position"] = None
    return activity, frame


def counts(frame: pd.DataFrame) -> pd.DataFrame:
    """People per agency and kab/kota (agency, kab_kota, count), what those who may not see names get."""
    if frame.empty:
        return pd.DataFrame(columns=["agency", "kab_kota", "count"])
    return (frame.groupby(["agency", "kab_kota"], sort=True).size().rename("count").reset_index())
