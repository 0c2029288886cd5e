"""Meetings and events (kegiatan): add, edit, delete/restore, with the kab/kota present; scoped, audited.

A provincial event (no host kab/kota) is province-level data: only the secretariat or an admin
of that province writes it. An event hosted by a kab/kota may be written by that kab/kota's
operator too. The kab/kota present are part of the record's audit snapshot, so Riwayat shows them.
"""

import re
from datetime import date

import pandas as pd
from sqlmodel import Session, col, delete, func, or_, select

from kesos import fmt, vocab
from kesos import validate as v
from kesos.errors import KesosError, NotFound
from kesos.models import Activity, ActivityKabKota, ActivityParticipant, KabKota, Province, maximum
from kesos.security import Actor, require_kab_kota, require_province
from kesos.services import base

PRESENT = "kab_kota_present"  # the key of the present kab/kota in audit snapshots
SOURCE_TEXT_LIMIT = 100_000  # a long feature article fits; a pasted book does not


def _province(session: Session, code) -> str:
    code = v.text(code, label="Provinsi", max_length=2)
    if session.get(Province, code) is None:
        raise v.FieldError("Provinsi tidak dikenal: pilih dari daftar.")
    return code


def _host(session: Session, code) -> str | None:
    code = v.text(code, label="Tuan rumah", required=False, max_length=5)
    if code is not None and session.get(KabKota, code) is None:
        raise v.FieldError("Kabupaten/kota tuan rumah tidak dikenal: pilih dari daftar.")
    return code


def _present(session: Session, codes) -> list[str]:
    if codes is not None and not isinstance(codes, (list, tuple, set, frozenset)):
        raise v.FieldError("Kabupaten/kota yang hadir harus dipilih dari daftar.")
    codes = sorted({str(code).strip() for code in (codes or []) if str(code).strip()})
    known = set(session.exec(select(KabKota.code).where(col(KabKota.code).in_(codes)))) if codes else set()
    if unknown := [code for code in codes if code not in known]:
        raise v.FieldError(f"Kabupaten/kota tidak dikenal: {', '.join(unknown)}.")
    return codes


def clean(session: Session, data: dict) -> dict:
    """Validate an activity form; every problem reported under its field name, in Indonesian."""
    values = v.collect({
        "province_code": lambda: _province(session, data.get("province_code")),
        "kab_kota_code": lambda: _host(session, data.get("kab_kota_code")),
        "kind": lambda: v.choice(data.get("kind"), vocab.ACTIVITY_KINDS, label="Jenis kegiatan"),
        "title": lambda: v.text(data.get("title"), label="Nama kegiatan", max_length=300),
        "start_date": lambda: v.a_date(data.get("start_date"), label="Tanggal mulai"),
        "end_date": lambda: v.a_date(data.get("end_date") or data.get("start_date"), label="Tanggal selesai"),
        "place": lambda: v.text(data.get("place"), label="Tempat", required=False, max_length=300),
        "participants_total": lambda: v.integer(data.get("participants_total"), label="Jumlah peserta",
                                                maximum=maximum(Activity, "participants_total"), required=False),
        "participants_women": lambda: v.integer(data.get("participants_women"), label="Peserta perempuan",
                                                maximum=maximum(Activity, "participants_women"), required=False),
        "participants_men": lambda: v.integer(data.get("participants_men"), label="Peserta laki-laki",
                                              maximum=maximum(Activity, "participants_men"), required=False),
        "agencies": lambda: _long_text(data.get("agencies"), "Instansi yang hadir"),
        "conclusions": lambda: _long_text(data.get("conclusions"), "Kesimpulan"),
        "source_url": lambda: v.text(data.get("source_url"), label="Tautan sumber", required=False,
                                     max_length=500),
        PRESENT: lambda: _present(session, data.get(PRESENT)),
        # The news article (Dari Berita); a form that does not send it leaves the stored one as is.
        **({"source_text": lambda: _long_text(data.get("source_text"), "Teks berita", limit=SOURCE_TEXT_LIMIT)}
           if "source_text" in data else {}),
    })
    errors = {}
    if values["end_date"] < values["start_date"]:
        errors["end_date"] = "Tanggal selesai tidak boleh sebelum tanggal mulai."
    host, province = values["kab_kota_code"], values["province_code"]
    if host and not host.startswith(f"{province}."):
        errors["kab_kota_code"] = "Tuan rumah harus kab/kota di provinsi kegiatan ini."
    if outside := [code for code in values[PRESENT] if not code.startswith(f"{province}.")]:
        errors[PRESENT] = f"Kab/kota yang hadir harus di provinsi kegiatan ini: {', '.join(outside)}."
    women, men, total = values["participants_women"], values["participants_men"], values["participants_total"]
    if total is None and (women is not None or men is not None):
        values["participants_total"] = total = (women or 0) + (men or 0)  # the split is all we know
    if total is not None and (women or 0) + (men or 0) > total:
        errors["participants_total"] = (
            f"Peserta perempuan dan laki-laki ({(women or 0) + (men or 0)}) melebihi jumlah peserta ({total}).")
    if errors:
        raise v.ValidationError(errors)
    return values


def _long_text(value, label: str, limit: int = 20_000) -> str | None:
    """Free text with its line breaks kept (conclusions are often numbered points)."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise v.FieldError(f"{label} harus berupa teks.")
    # Control characters other than line breaks are invisible, and PostgreSQL refuses NUL.
    value = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", " ", value)
    value = "\n".join(line.rstrip() for line in value.strip().splitlines())
    if len(value) > limit:
        raise v.FieldError(f"{label} paling banyak {limit:,} karakter.".replace(",", "."))
    return value or None


def _require_scope(actor: Actor, province_code: str, kab_kota_code: str | None) -> None:
    if kab_kota_code:
        require_kab_kota(actor, kab_kota_code)
    else:
        require_province(actor, province_code)


def present_codes(session: Session, activity_id: int) -> list[str]:
    stmt = (select(ActivityKabKota.kab_kota_code).where(ActivityKabKota.activity_id == activity_id)
            .order_by(ActivityKabKota.kab_kota_code))
    return list(session.exec(stmt))


def _present_in_audit(session: Session, record: Activity):
    """The kab/kota present, for both audit snapshots of a change (`base`'s `extra`)."""
    return lambda: {PRESENT: present_codes(session, record.id)}


def _set_present(session: Session, activity_id: int, codes: list[str]) -> None:
    session.exec(delete(ActivityKabKota).where(ActivityKabKota.activity_id == activity_id))
    session.add_all(ActivityKabKota(activity_id=activity_id, kab_kota_code=code) for code in codes)
    session.flush()


def same_source(session: Session, actor: Actor, source_url: str | None, source_text: str | None) -> dict | None:
    """Why an article may not be saved again: a live activity with the same link or article text.

    Returns {field: message}, the field being the link when it matched, or None. The activity is
    named only when the actor may see it.
    """
    url = source_url.strip() if isinstance(source_url, str) else ""
    try:  # compared as it would be stored
        text = _long_text(source_text, "Teks berita", limit=SOURCE_TEXT_LIMIT) or ""
    except v.FieldError:
        text = ""
    matches = ([Activity.source_url == url] if url else []) + ([Activity.source_text == text] if text else [])
    if not matches:
        return None
    found = session.exec(select(Activity).where(Activity.deleted_at.is_(None), or_(*matches))
                         .order_by(Activity.id)).first()
    if found is None:
        return None
    try:
        _require_scope(actor, found.province_code, found.kab_kota_code)
        what = f"kegiatan “{found.title}” ({fmt.tanggal(found.start_date)}); ubah di halaman Kegiatan bila perlu"
    except KesosError:
        what = "kegiatan di wilayah lain"
    field = "source_url" if url and found.source_url == url else "_form"
    source = "Tautan ini" if field == "source_url" else "Teks berita ini"
    return {field: f"{source} sudah tercatat sebagai {what}. Berita yang sama tidak disimpan dua kali."}


def create_activity(*, session: Session, actor: Actor, data: dict) -> Activity:
    values = clean(session, data)
    _require_scope(actor, values["province_code"], values["kab_kota_code"])
    if duplicate := same_source(session, actor, values.get("source_url"), values.get("source_text")):
        raise v.ValidationError(duplicate)
    present = values.pop(PRESENT)
    record = Activity(**values)
    return base.insert(session, actor, record, extra=_present_in_audit(session, record),
                       then=lambda: _set_present(session, record.id, present))


def update_activity(*, session: Session, actor: Actor, activity_id: int, data: dict,
                    expected_version: int) -> Activity:
    record = base.get_live(session, Activity, activity_id)
    _require_scope(actor, record.province_code, record.kab_kota_code)
    values = clean(session, data)
    _require_scope(actor, values["province_code"], values["kab_kota_code"])  # nor move it out of scope
    _total_covers_the_list(session, record.id, values["participants_total"])
    present = values.pop(PRESENT)
    return base.apply_update(session, actor, record, values, expected_version,
                             extra=_present_in_audit(session, record),
                             then=lambda: _set_present(session, record.id, present))


def _total_covers_the_list(session: Session, activity_id: int, total: int | None) -> None:
    """The participant count is at least the attendance list (services.participant keeps it so)."""
    listed = session.exec(select(func.count()).select_from(ActivityParticipant).where(
        ActivityParticipant.activity_id == activity_id, ActivityParticipant.deleted_at.is_(None))).one()
    if listed and (total is None or total < listed):
        raise v.ValidationError({"participants_total": f"Jumlah peserta tidak boleh kurang dari {listed} orang "
                                                       "di daftar hadir."})


def delete_activity(*, session: Session, actor: Actor, activity_id: int, expected_version: int) -> Activity:
    record = base.get_live(session, Activity, activity_id)
    _require_scope(actor, record.province_code, record.kab_kota_code)
    return base.soft_delete(session, actor, record, expected_version, extra=_present_in_audit(session, record))


def restore_activity(*, session: Session, actor: Actor, activity_id: int) -> Activity:
    record = session.get(Activity, activity_id)
    if record is None:
        raise NotFound("Data tidak ditemukan.")
    _require_scope(actor, record.province_code, record.kab_kota_code)
    return base.restore(session, actor, record, extra=_present_in_audit(session, record))


def _visible(actor: Actor):
    """Operators see events hosted by or attended by their kab/kota; others their province."""
    if actor.kab_kota_code:
        attended = select(ActivityKabKota.activity_id).where(ActivityKabKota.kab_kota_code == actor.kab_kota_code)
        return or_(Activity.kab_kota_code == actor.kab_kota_code, col(Activity.id).in_(attended))
    if actor.province_code:
        return Activity.province_code == actor.province_code
    return None


def get_activity(*, session: Session, actor: Actor, activity_id: int) -> tuple[Activity, list[str]]:
    """The activity and the codes of the kab/kota present, if the actor may see it."""
    stmt = select(Activity).where(Activity.id == activity_id)
    if (clause := _visible(actor)) is not None:
        stmt = stmt.where(clause)
    record = session.exec(stmt).first()
    if record is None:
        raise NotFound("Data tidak ditemukan.")
    return record, present_codes(session, record.id)


def may_write(actor: Actor, record: Activity) -> bool:
    """Whether the actor may change this activity (the page shows a read-only view otherwise)."""
    if not actor.can_write:
        return False
    if record.kab_kota_code:
        return actor.may_see_kab_kota(record.kab_kota_code)
    return actor.kab_kota_code is None and actor.may_see_province(record.province_code)


LIST_COLUMNS = ["id", "start_date", "end_date", "kind", "title", "place", "kab_kota_code", "host",
                "participants_total", "present", "version", "is_demo", "province_code"]


def list_activities(*, session: Session, actor: Actor, province_code: str | None = None,
                    kab_kota_code: str | None = None, kind: str | None = None, year: int | None = None,
                    search: str | None = None, deleted: bool = False, limit: int = 2000) -> pd.DataFrame:
    """Activities as the Kegiatan page lists them, newest first, within the actor's scope.

    `kab_kota_code` keeps events hosted by or attended by that kab/kota.
    """
    present_count = (select(func.count()).where(ActivityKabKota.activity_id == Activity.id)
                     .correlate(Activity).scalar_subquery())
    stmt = (
        select(Activity.id, Activity.start_date, Activity.end_date, Activity.kind, Activity.title,
               Activity.place, Activity.kab_kota_code, KabKota.name, Activity.participants_total,
               present_count, Activity.version, Activity.is_demo, Activity.province_code)
        .outerjoin(KabKota, KabKota.code == Activity.kab_kota_code)
        .where(Activity.deleted_at.is_not(None) if deleted else Activity.deleted_at.is_(None))
        .order_by(col(Activity.start_date).desc(), col(Activity.id).desc())
        .limit(limit)
    )
    if (clause := _visible(actor)) is not None:
        stmt = stmt.where(clause)
    if province_code:
        stmt = stmt.where(Activity.province_code == province_code)
    if kab_kota_code:
        attended = select(ActivityKabKota.activity_id).where(ActivityKabKota.kab_kota_code == kab_kota_code)
        stmt = stmt.where(or_(Activity.kab_kota_code == kab_kota_code, col(Activity.id).in_(attended)))
    if kind:
        stmt = stmt.where(Activity.kind == kind)
    if year:
        stmt = stmt.where(Activity.start_date.between(date(year, 1, 1), date(year, 12, 31)))
    if search:
        pattern = f"%{search.strip().lower()}%"
        stmt = stmt.where(or_(func.lower(Activity.title).like(pattern), func.lower(Activity.place).like(pattern)))
    frame = pd.DataFrame(session.exec(stmt).all(), columns=LIST_COLUMNS)
    # The host and every kab/kota present, per row: a list filtered by kab/kota keeps both.
    present: dict[int, list[str]] = {}
    if not frame.empty:
        ids = [int(i) for i in frame["id"]]
        for chunk in range(0, len(ids), 900):  # SQLite's bound-parameter limit
            for activity_id, code in session.exec(select(ActivityKabKota.activity_id, ActivityKabKota.kab_kota_code)
                                                  .where(col(ActivityKabKota.activity_id).in_(ids[chunk:chunk + 900]))):
                present.setdefault(activity_id, []).append(code)
    frame["kab_kota_codes"] = [tuple(dict.fromkeys(([host] if isinstance(host, str) else []) + present.get(int(i), [])))
                               for i, host in zip(frame["id"], frame["kab_kota_code"])]
    return frame
