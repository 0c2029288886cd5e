"""LKS registry writes: add, edit, deactivate/reactivate, delete/restore; scoped and audited."""

from datetime import date

import pandas as pd
from sqlalchemy import func as sa_func
from sqlmodel import Session, func, or_, select

from kesos import clock, vocab
from kesos import validate as v
from kesos.errors import NotFound, ValidationError
from kesos.models import KabKota, Lks, maximum
from kesos.security import Actor, require_kab_kota
from kesos.services import base

FIELDS = ("name", "lks_type", "kab_kota_code", "address", "registration_status", "registration_number",
          "accreditation", "capacity", "registered_on", "closed_on", "accredited_on", "accreditation_expires_on",
          "growth_grade", "growth_assessed_on")


def clean(session: Session, data: dict) -> dict:
    """Validate an LKS form; every problem is reported under its field name, in Indonesian."""
    clean_data = v.collect({
        "name": lambda: v.text(data.get("name"), label="Nama LKS", max_length=200),
        "lks_type": lambda: v.choice(data.get("lks_type"), vocab.LKS_TYPES, label="Jenis LKS"),
        "kab_kota_code": lambda: _kab_kota(session, data.get("kab_kota_code")),
        "address": lambda: v.text(data.get("address"), label="Alamat", required=False, max_length=300),
        "registration_status": lambda: v.choice(
            data.get("registration_status") or "terdaftar", vocab.REGISTRATION_STATUSES, label="Status pendaftaran"),
        "registration_number": lambda: v.text(
            data.get("registration_number"), label="Nomor pendaftaran", required=False, max_length=100),
        "accreditation": lambda: v.choice(
            data.get("accreditation") or "belum", vocab.ACCREDITATIONS, label="Akreditasi"),
        "capacity": lambda: v.integer(data.get("capacity"), label="Kapasitas", minimum=0, maximum=maximum(Lks, "capacity"),
                                      required=False),
        "registered_on": lambda: v.a_date(data.get("registered_on"), label="Tanggal terdaftar",
                                          latest=clock.today()),
        "closed_on": lambda: v.a_date(data.get("closed_on"), label="Tanggal berhenti", required=False,
                                      latest=clock.today()),
    })
    if clean_data["closed_on"] and clean_data["closed_on"] < clean_data["registered_on"]:
        raise v.ValidationError({"closed_on": "Tanggal berhenti tidak boleh sebelum tanggal terdaftar."})
    return clean_data | clean_accreditation(data, clean_data["accreditation"])


def accreditation_expiry(grade: str, accredited_on: date) -> date:
    """The day the grade lapses: 5, 3 or 2 years after it was given (29 February: the 28th)."""
    year = accredited_on.year + vocab.ACCREDITATION_YEARS[grade]
    try:
        return accredited_on.replace(year=year)
    except ValueError:
        return accredited_on.replace(year=year, day=28)


def clean_accreditation(data: dict, grade: str) -> dict:
    """The accreditation's date and expiry, and the growth grade with its assessment date.

    A grade may be kept without its date (older records); with a date, the expiry is derived
    unless one is given (an exception the accreditation body made), which must come after it.
    "Belum terakreditasi" has neither. A growth grade needs the date it was assessed.
    """
    values = v.collect({
        "accredited_on": lambda: v.a_date(data.get("accredited_on"), label="Tanggal akreditasi", required=False,
                                          latest=clock.today()),
        "accreditation_expires_on": lambda: v.a_date(data.get("accreditation_expires_on"),
                                                     label="Akreditasi berlaku sampai", required=False),
        "growth_grade": lambda: v.choice(data.get("growth_grade"), vocab.LKS_GROWTH_GRADES,
                                         label="Tingkat perkembangan", required=False),
        "growth_assessed_on": lambda: v.a_date(data.get("growth_assessed_on"), label="Tanggal penilaian",
                                               required=False, latest=clock.today()),
    })
    errors = {}
    if grade == "belum":
        for field in ("accredited_on", "accreditation_expires_on"):
            if values[field] is not None:
                errors[field] = "LKS yang belum terakreditasi tidak punya tanggal akreditasi; pilih nilainya dulu."
    elif values["accredited_on"] is not None:
        if values["accreditation_expires_on"] is None:
            values["accreditation_expires_on"] = accreditation_expiry(grade, values["accredited_on"])
        elif values["accreditation_expires_on"] <= values["accredited_on"]:
            errors["accreditation_expires_on"] = "Tanggal berlaku sampai harus sesudah tanggal akreditasi."
    elif values["accreditation_expires_on"] is not None:
        errors["accredited_on"] = "Isi tanggal akreditasi bila tanggal berlakunya diisi."
    if values["growth_grade"] and values["growth_assessed_on"] is None:
        errors["growth_assessed_on"] = "Isi tanggal penilaian tingkat perkembangan."
    if values["growth_assessed_on"] and not values["growth_grade"]:
        errors["growth_grade"] = "Pilih tingkat perkembangan yang dinilai pada tanggal itu."
    if errors:
        raise v.ValidationError(errors)
    return values


def _kab_kota(session: Session, code) -> str:
    code = v.text(code, label="Kabupaten/kota", max_length=5)
    if session.get(KabKota, code) is None:
        raise v.FieldError("Kabupaten/kota tidak dikenal: pilih dari daftar.")
    return code


def similar_names(session: Session, name: str, kab_kota_code: str, exclude_id: int | None = None) -> list[str]:
    """Live LKS in the same kab/kota with the same name (ignoring case and spaces): a warning."""
    wanted = " ".join((name or "").split()).lower()
    stmt = select(Lks.name).where(
        Lks.kab_kota_code == kab_kota_code,
        Lks.deleted_at.is_(None),
        sa_func.lower(sa_func.trim(Lks.name)) == wanted,
    )
    if exclude_id is not None:
        stmt = stmt.where(Lks.id != exclude_id)
    return list(session.exec(stmt))


def refuse_unconfirmed_duplicate(session: Session, data: dict, exclude_id: int | None = None) -> dict:
    """The form's rule before a save: a live LKS of the same name in the kab/kota is refused (under
    "duplicate") until the person confirms it is another LKS (`data["confirm"]`). Returns the data
    without the confirmation."""
    data = dict(data)
    confirmed = data.pop("confirm", False)
    same = similar_names(session, data.get("name"), data.get("kab_kota_code"), exclude_id)
    if same and not confirmed:
        raise ValidationError({"duplicate": f"Sudah ada LKS bernama \u201c{same[0]}\u201d di kab/kota ini."})
    return data


def create_lks(*, session: Session, actor: Actor, data: dict) -> Lks:
    values = clean(session, data)
    require_kab_kota(actor, values["kab_kota_code"])
    values["is_active"] = values["closed_on"] is None
    return base.insert(session, actor, Lks(**values))


def update_lks(*, session: Session, actor: Actor, lks_id: int, data: dict, expected_version: int) -> Lks:
    record = base.get_live(session, Lks, lks_id)
    require_kab_kota(actor, record.kab_kota_code)
    if (record.accredited_on and record.accreditation in vocab.ACCREDITATION_YEARS
            and data.get("accreditation_expires_on") == accreditation_expiry(record.accreditation, record.accredited_on)):
        data = data | {"accreditation_expires_on": None}  # the derived expiry, untouched: derived again
    values = clean(session, data)
    require_kab_kota(actor, values["kab_kota_code"])  # nor move it into another kab/kota
    values["is_active"] = values["closed_on"] is None
    return base.apply_update(session, actor, record, values, expected_version)


def set_active(*, session: Session, actor: Actor, lks_id: int, active: bool, expected_version: int,
               on: date | None = None) -> Lks:
    """Deactivate (the LKS stopped operating) or reactivate an LKS."""
    record = base.get_live(session, Lks, lks_id)
    require_kab_kota(actor, record.kab_kota_code)
    changes = {"is_active": active, "closed_on": None if active else (on or clock.today())}
    if not active and changes["closed_on"] < record.registered_on:
        raise v.ValidationError({"closed_on": "Tanggal berhenti tidak boleh sebelum tanggal terdaftar."})
    return base.apply_update(session, actor, record, changes, expected_version)


def delete_lks(*, session: Session, actor: Actor, lks_id: int, expected_version: int) -> Lks:
    record = base.get_live(session, Lks, lks_id)
    require_kab_kota(actor, record.kab_kota_code)
    return base.soft_delete(session, actor, record, expected_version)


def restore_lks(*, session: Session, actor: Actor, lks_id: int) -> Lks:
    record = session.get(Lks, lks_id)
    if record is None:
        raise NotFound("Data tidak ditemukan.")
    require_kab_kota(actor, record.kab_kota_code)
    return base.restore(session, actor, record)


def get_lks(*, session: Session, actor: Actor, lks_id: int) -> Lks:
    record = session.get(Lks, lks_id)
    if record is None or not actor.may_see_kab_kota(record.kab_kota_code):
        raise NotFound("Data tidak ditemukan.")
    return record


def list_lks(*, session: Session, actor: Actor, province_code: str | None = None,
             kab_kota_code: str | None = None, lks_type: str | None = None, status: str | None = None,
             search: str | None = None, deleted: bool = False, limit: int = 2000) -> pd.DataFrame:
    """The registry as the LKS page lists it, within the actor's scope."""
    stmt = (
        select(Lks.id, Lks.name, Lks.lks_type, Lks.kab_kota_code, KabKota.name, Lks.address,
               Lks.registration_status, Lks.accreditation, Lks.capacity, Lks.registered_on,
               Lks.is_active, Lks.version, Lks.is_demo)
        .join(KabKota, KabKota.code == Lks.kab_kota_code)
        .where(Lks.deleted_at.is_not(None) if deleted else Lks.deleted_at.is_(None))
        .order_by(KabKota.code, Lks.name)
        .limit(limit)
    )
    if actor.kab_kota_code:
        stmt = stmt.where(Lks.kab_kota_code == actor.kab_kota_code)
    elif actor.province_code:
        stmt = stmt.where(KabKota.province_code == actor.province_code)
    if province_code:
        stmt = stmt.where(KabKota.province_code == province_code)
    if kab_kota_code:
        stmt = stmt.where(Lks.kab_kota_code == kab_kota_code)
    if lks_type:
        stmt = stmt.where(Lks.lks_type == lks_type)
    if status in ("aktif", "nonaktif"):
        stmt = stmt.where(Lks.is_active == (status == "aktif"))
    if search:
        pattern = f"%{search.strip().lower()}%"
        stmt = stmt.where(or_(func.lower(Lks.name).like(pattern), func.lower(Lks.address).like(pattern)))
    columns = ["id", "name", "lks_type", "kab_kota_code", "kab_kota", "address", "registration_status",
               "accreditation", "capacity", "registered_on", "is_active", "version", "is_demo"]
    return pd.DataFrame(session.exec(stmt).all(), columns=columns)
