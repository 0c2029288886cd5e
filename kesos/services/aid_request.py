"""Permohonan: requests from the public, their status flow, days waiting; personal data shown masked.

A request arrives at a kab/kota branch, which verifies it and forwards it to the province; the
province approves or rejects it; distributions linked to it fulfil it partly or fully.
"""

import re
from datetime import date

import pandas as pd
from sqlalchemy import BigInteger, cast
from sqlmodel import Session, func, select

from kesos import clock, vocab
from kesos import validate as v
from kesos.errors import NotFound, ValidationError
from kesos.models import AidDistribution, AidItem, AidRequest, KabKota
from kesos.personal_data import present
from kesos.security import Actor, require_kab_kota, require_province
from kesos.services import base, refs

# Allowed next statuses; 'terpenuhi' and 'ditolak' are final.
STATUS_FLOW: dict[str, tuple[str, ...]] = {
    "diterima": ("diverifikasi", "ditolak"),
    "diverifikasi": ("diteruskan", "ditolak"),
    "diteruskan": ("disetujui", "ditolak"),
    "disetujui": ("sebagian", "terpenuhi"),
    "sebagian": ("terpenuhi",),
    "terpenuhi": (),
    "ditolak": (),
}
FINAL_STATUSES = frozenset({"terpenuhi", "ditolak"})
NEEDS_DISTRIBUTION = frozenset({"sebagian", "terpenuhi"})
LINKABLE_STATUSES = frozenset({"disetujui", "sebagian"})
# Once forwarded, the province decides: approving, or rejecting a forwarded request.
_PROVINCE_DECIDES_FROM = frozenset({"diteruskan"})


# --- Personal data: validation (who sees it and its masks: kesos.personal_data) -------------------

def nik(value) -> str | None:
    """A NIK: 16 digits whose 7th to 12th are a birth date (day + 40 for women)."""
    value = v.text(value, label="NIK", required=False, max_length=40)
    if value is None:
        return None
    digits = re.sub(r"[\s.\-]", "", value)
    if not digits.isdigit():
        raise v.FieldError("NIK hanya boleh berisi angka.")
    if len(digits) != 16:
        raise v.FieldError(f"NIK harus 16 angka (sekarang {len(digits)}).")
    day, month = int(digits[6:8]), int(digits[8:10])
    if not (1 <= day <= 31 or 41 <= day <= 71) or not 1 <= month <= 12:
        raise v.FieldError("NIK tidak valid: angka ke-7 sampai ke-12 harus tanggal lahir (hhbbtt).")
    return digits


def phone(value) -> str | None:
    """An Indonesian phone number, stored as 08…; +62 and 62 prefixes are turned into 0."""
    value = v.text(value, label="Nomor telepon", required=False, max_length=30)
    if value is None:
        return None
    digits = re.sub(r"[\s\-().]", "", value)
    if digits.startswith("+62"):
        digits = "0" + digits[3:]
    elif digits.startswith("62"):
        digits = "0" + digits[2:]
    if not re.fullmatch(r"0\d{8,13}", digits):
        raise v.FieldError("Nomor telepon tidak valid: tulis seperti 0812 3456 7890.")
    return digits


def days_waiting(received_on: date, closed_on: date | None = None, today: date | None = None) -> int:
    """Days from receipt until it was closed (fulfilled or rejected), or until today."""
    return ((closed_on or today or clock.today()) - received_on).days


# --- Writes --------------------------------------------------------------------------------------

def clean(session: Session, data: dict) -> dict:
    return v.collect({
        "kab_kota_code": lambda: refs.kab_kota(session, data.get("kab_kota_code")),
        "received_on": lambda: v.a_date(data.get("received_on"), label="Tanggal diterima",
                                        earliest=date(2000, 1, 1), latest=clock.today()),
        "applicant_name": lambda: v.text(data.get("applicant_name"), label="Nama pemohon", max_length=150),
        "nik": lambda: nik(data.get("nik")),
        "address": lambda: v.text(data.get("address"), label="Alamat", required=False, max_length=300),
        "phone": lambda: phone(data.get("phone")),
        "need": lambda: v.text(data.get("need"), label="Kebutuhan", max_length=2000),
    })


def create_request(*, session: Session, actor: Actor, data: dict) -> AidRequest:
    values = clean(session, data)
    require_kab_kota(actor, values["kab_kota_code"])
    values |= {"status": "diterima", "status_changed_on": values["received_on"]}
    return base.insert(session, actor, AidRequest(**values))


def update_request(*, session: Session, actor: Actor, request_id: int, data: dict,
                   expected_version: int) -> AidRequest:
    record = base.get_live(session, AidRequest, request_id)
    require_kab_kota(actor, record.kab_kota_code)
    values = clean(session, data)
    require_kab_kota(actor, values["kab_kota_code"])
    if record.status in FINAL_STATUSES:
        raise ValidationError({"_form": "Permohonan yang sudah selesai tidak bisa diubah lagi."})
    return base.apply_update(session, actor, record, values, expected_version)


def allowed_next(status: str) -> tuple[str, ...]:
    return STATUS_FLOW.get(status, ())


def next_statuses_for(actor: Actor, status: str) -> tuple[str, ...]:
    """What this actor may move a request to: an operator waits for the province on a forwarded one."""
    if not actor.can_write or (status in _PROVINCE_DECIDES_FROM and actor.kab_kota_code is not None):
        return ()
    return allowed_next(status)


def linked_count(session: Session, request_id: int) -> int:
    return session.exec(
        select(func.count()).where(AidDistribution.aid_request_id == request_id,
                                   AidDistribution.deleted_at.is_(None))
    ).one()


def change_status(*, session: Session, actor: Actor, request_id: int, status: str, expected_version: int,
                  on: date | None = None) -> AidRequest:
    """Move a request along the flow; the province decides on forwarded requests."""
    record = base.get_live(session, AidRequest, request_id)
    require_kab_kota(actor, record.kab_kota_code)
    v.collect({"status": lambda: v.choice(status, vocab.REQUEST_STATUSES, label="Status")})
    if record.status in _PROVINCE_DECIDES_FROM:
        require_province(actor, record.kab_kota_code.split(".")[0])
    current, wanted = vocab.REQUEST_STATUSES[record.status], vocab.REQUEST_STATUSES[status]
    if record.status in FINAL_STATUSES:
        raise ValidationError({"status": f"Permohonan sudah selesai ({current.lower()}); statusnya tidak bisa diubah."})
    if status not in allowed_next(record.status):
        choices = ", ".join(vocab.REQUEST_STATUSES[s].lower() for s in allowed_next(record.status))
        raise ValidationError({"status": f"Dari status {current.lower()} tidak bisa ke {wanted.lower()}; "
                                         f"pilihan: {choices}."})
    if status in NEEDS_DISTRIBUTION and linked_count(session, record.id) == 0:
        raise ValidationError({"status": f"Status {wanted.lower()} baru boleh dipilih setelah ada penyaluran "
                                         "bantuan yang ditautkan ke permohonan ini."})
    on = on or clock.today()
    if on < record.received_on:
        raise ValidationError({"status": "Tanggal perubahan status tidak boleh sebelum tanggal diterima."})
    changes = {"status": status, "status_changed_on": on, "closed_on": on if status in FINAL_STATUSES else None}
    return base.apply_update(session, actor, record, changes, expected_version)


def delete_request(*, session: Session, actor: Actor, request_id: int, expected_version: int) -> AidRequest:
    record = base.get_live(session, AidRequest, request_id)
    require_kab_kota(actor, record.kab_kota_code)
    return base.soft_delete(session, actor, record, expected_version)


def restore_request(*, session: Session, actor: Actor, request_id: int) -> AidRequest:
    record = session.get(AidRequest, request_id)
    if record is None:
        raise NotFound("Data tidak ditemukan.")
    require_kab_kota(actor, record.kab_kota_code)
    return base.restore(session, actor, record)


def check_unlink(session: Session, distribution: AidDistribution) -> None:
    """Refuse to take away the last distribution of a request already (partly) fulfilled."""
    if distribution.aid_request_id is None:
        return
    request = session.get(AidRequest, distribution.aid_request_id)
    if request is not None and request.deleted_at is None and request.status in NEEDS_DISTRIBUTION \
            and linked_count(session, request.id) <= 1:
        label = vocab.REQUEST_STATUSES[request.status].lower()
        raise ValidationError({"_form": f"Penyaluran ini satu-satunya pemenuhan permohonan #{request.id} "
                                        f"yang berstatus {label}; tautannya tidak bisa dilepas."})


def link_distribution(*, session: Session, actor: Actor, request_id: int, distribution_id: int,
                      expected_version: int) -> AidDistribution:
    """Record that a distribution (partly) fulfils an approved request of the same kab/kota."""
    request = base.get_live(session, AidRequest, request_id)
    require_kab_kota(actor, request.kab_kota_code)
    distribution = base.get_live(session, AidDistribution, distribution_id)
    require_kab_kota(actor, distribution.kab_kota_code)
    problem = link_problem(request, distribution)
    if problem:
        raise ValidationError({"distribution_id": problem})
    return base.apply_update(session, actor, distribution, {"aid_request_id": request.id}, expected_version)


def link_problem(request: AidRequest, distribution: AidDistribution) -> str | None:
    """Why this distribution cannot fulfil this request, in Indonesian; None when it can."""
    if request.status not in LINKABLE_STATUSES:
        return "Penyaluran hanya bisa ditautkan ke permohonan yang sudah disetujui."
    if distribution.kab_kota_code != request.kab_kota_code:
        return "Penyaluran dan permohonan harus di kabupaten/kota yang sama."
    if distribution.aid_request_id not in (None, request.id):
        return f"Penyaluran ini sudah memenuhi permohonan #{distribution.aid_request_id}."
    if distribution.distributed_on < request.received_on:
        return "Penyaluran terjadi sebelum permohonan diterima."
    return None


# --- Reads ---------------------------------------------------------------------------------------

def get_request(*, session: Session, actor: Actor, request_id: int) -> dict:
    """One request as the actor may see it (masked when needed)."""
    record = session.get(AidRequest, request_id)
    if record is None or not actor.may_see_kab_kota(record.kab_kota_code):
        raise NotFound("Data tidak ditemukan.")
    return present(actor, record.model_dump())


_COLUMNS = ["id", "received_on", "kab_kota_code", "kab_kota", "applicant_name", "nik", "address", "phone",
            "need", "status", "status_changed_on", "closed_on", "version", "is_demo", "distributions",
            "distributed_value"]


def list_requests(*, session: Session, actor: Actor, status: str | None = None, kab_kota_code: str | None = None,
                  deleted: bool = False, today: date | None = None, limit: int = 1000) -> pd.DataFrame:
    """Requests in the actor's scope, newest first, with days waiting and what fulfilled them."""
    linked = (
        select(AidDistribution.aid_request_id, func.count().label("n"),
               cast(func.sum(AidDistribution.value_rupiah), BigInteger).label("value"))
        .where(AidDistribution.deleted_at.is_(None), AidDistribution.aid_request_id.is_not(None))
        .group_by(AidDistribution.aid_request_id)
        .subquery()
    )
    stmt = (
        select(AidRequest.id, AidRequest.received_on, AidRequest.kab_kota_code, KabKota.name,
               AidRequest.applicant_name, AidRequest.nik, AidRequest.address, AidRequest.phone, AidRequest.need,
               AidRequest.status, AidRequest.status_changed_on, AidRequest.closed_on, AidRequest.version,
               AidRequest.is_demo, func.coalesce(linked.c.n, 0), func.coalesce(linked.c.value, 0))
        .join(KabKota, KabKota.code == AidRequest.kab_kota_code)
        .outerjoin(linked, linked.c.aid_request_id == AidRequest.id)
        .where(AidRequest.deleted_at.is_not(None) if deleted else AidRequest.deleted_at.is_(None))
        .order_by(AidRequest.received_on.desc(), AidRequest.id.desc())
        .limit(limit)
    )
    if actor.kab_kota_code:
        stmt = stmt.where(AidRequest.kab_kota_code == actor.kab_kota_code)
    elif actor.province_code:
        stmt = stmt.where(KabKota.province_code == actor.province_code)
    if status:
        stmt = stmt.where(AidRequest.status == status)
    if kab_kota_code:
        stmt = stmt.where(AidRequest.kab_kota_code == kab_kota_code)
    rows = [present(actor, dict(zip(_COLUMNS, row))) for row in session.exec(stmt).all()]
    frame = pd.DataFrame(rows, columns=_COLUMNS)
    frame["status_label"] = frame["status"].map(vocab.REQUEST_STATUSES)
    frame["days_waiting"] = [days_waiting(r, c, today) for r, c in zip(frame["received_on"], frame["closed_on"])]
    return frame


def distributions_of(*, session: Session, actor: Actor, request_id: int) -> pd.DataFrame:
    """The distributions that fulfilled a request."""
    get_request(session=session, actor=actor, request_id=request_id)  # scope check
    stmt = (
        select(AidDistribution.id, AidDistribution.distributed_on, AidItem.name, AidDistribution.quantity,
               AidItem.unit, AidDistribution.value_rupiah, AidDistribution.version)
        .join(AidItem, AidItem.id == AidDistribution.aid_item_id)
        .where(AidDistribution.aid_request_id == request_id, AidDistribution.deleted_at.is_(None))
        .order_by(AidDistribution.distributed_on)
    )
    columns = ["id", "distributed_on", "item", "quantity", "unit", "value_rupiah", "version"]
    return pd.DataFrame(session.exec(stmt).all(), columns=columns)


def linkable_distributions(*, session: Session, actor: Actor, request_id: int) -> pd.DataFrame:
    """Distributions of the request's kab/kota, not yet linked, on or after its receipt."""
    record = session.get(AidRequest, request_id)
    if record is None or not actor.may_see_kab_kota(record.kab_kota_code):
        raise NotFound("Data tidak ditemukan.")
    stmt = (
        select(AidDistribution.id, AidDistribution.distributed_on, AidItem.name, AidDistribution.quantity,
               AidItem.unit, AidDistribution.value_rupiah, AidDistribution.version)
        .join(AidItem, AidItem.id == AidDistribution.aid_item_id)
        .where(AidDistribution.kab_kota_code == record.kab_kota_code, AidDistribution.aid_request_id.is_(None),
               AidDistribution.deleted_at.is_(None), AidDistribution.distributed_on >= record.received_on)
        .order_by(AidDistribution.distributed_on.desc())
        .limit(200)
    )
    columns = ["id", "distributed_on", "item", "quantity", "unit", "value_rupiah", "version"]
    return pd.DataFrame(session.exec(stmt).all(), columns=columns)

