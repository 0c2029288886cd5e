"""Bantuan: aid distributions (item, quantity in its unit, value, recipient, funding source); scoped and audited."""

from datetime import date

import pandas as pd
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from kesos import clock, fmt, vocab
from kesos import validate as v
from kesos.errors import NotFound, ValidationError
from kesos.models import AidDistribution, AidItem, AidRequest, FundingSource, KabKota, Lks, maximum
from kesos.personal_data import mask_name, may_see_personal_data
from kesos.security import Actor, require_kab_kota
from kesos.services import aid_request as aid_requests
from kesos.services import base, refs, validation_warning


def clean(session: Session, data: dict, existing: AidDistribution | None = None) -> dict:
    """Validate a distribution form; every problem under its field name, in Indonesian."""
    kind = data.get("recipient_kind")
    values = v.collect({
        "distributed_on": lambda: v.a_date(data.get("distributed_on"), label="Tanggal penyaluran",
                                           earliest=date(2000, 1, 1), latest=clock.today()),
        "aid_item_id": lambda: refs.live_id(session, AidItem, data.get("aid_item_id"), label="Barang bantuan"),
        "quantity": lambda: v.integer(data.get("quantity"), label="Jumlah", minimum=1,
                                      maximum=maximum(AidDistribution, "quantity")),
        "value_rupiah": lambda: v.rupiah(data.get("value_rupiah"), label="Nilai (Rp)",
                                            maximum=maximum(AidDistribution, "value_rupiah")),
        "recipient_kind": lambda: v.choice(kind, vocab.RECIPIENT_KINDS, label="Jenis penerima"),
        "recipient_lks_id": lambda: refs.live_id(session, Lks, data.get("recipient_lks_id"), label="LKS penerima")
        if kind == "lks" else None,
        "recipient_group": lambda: v.choice(data.get("recipient_group"), vocab.RECIPIENT_GROUPS,
                                            label="Kelompok penerima") if kind == "kelompok" else None,
        "recipient_name": lambda: v.text(data.get("recipient_name"), label="Nama kepala rumah tangga",
                                         max_length=150) if kind == "rumah_tangga" else None,
        "kab_kota_code": lambda: refs.kab_kota(session, data.get("kab_kota_code")),
        "funding_source_id": lambda: refs.live_id(session, FundingSource, data.get("funding_source_id"),
                                                  label="Sumber dana"),
        "aid_request_id": lambda: refs.live_id(session, AidRequest, data.get("aid_request_id"),
                                               label="Permohonan", required=False),
        "note": lambda: v.text(data.get("note"), label="Catatan", required=False, max_length=2000),
    })
    errors = {}
    kab_kota = values["kab_kota_code"]
    if values["recipient_lks_id"] and session.get(Lks, values["recipient_lks_id"]).kab_kota_code != kab_kota:
        errors["recipient_lks_id"] = "LKS penerima tidak berada di kabupaten/kota yang dipilih."
    source = session.get(FundingSource, values["funding_source_id"])
    if source.province_code != kab_kota.split(".")[0]:
        errors["funding_source_id"] = "Sumber dana ini milik provinsi lain: pilih sumber dana provinsi Anda."
    elif not source.is_active and (existing is None or existing.funding_source_id != source.id):
        errors["funding_source_id"] = "Sumber dana ini sudah tidak aktif."
    if values["aid_request_id"] and values["aid_request_id"] != (existing and existing.aid_request_id):
        probe = AidDistribution(kab_kota_code=kab_kota, distributed_on=values["distributed_on"], aid_request_id=None)
        problem = aid_requests.link_problem(session.get(AidRequest, values["aid_request_id"]), probe)
        if problem:
            errors["aid_request_id"] = problem
    if errors:
        raise ValidationError(errors)
    return values


def _check_value(session: Session, values: dict, existing: AidDistribution | None, warnings_reason
                 ) -> tuple[list, str | None]:
    """The value per unit against the item's usual one, when item, quantity or value are new.

    Refuses with WarningsNeedReason (field `value_rupiah`) when it is far off and no reason is given.
    """
    keys = ("aid_item_id", "quantity", "value_rupiah")
    if existing is not None and all(getattr(existing, k) == values[k] for k in keys):
        return [], None
    findings = validation_warning.aid_findings(session, values, exclude_id=existing and existing.id)
    fields: dict[str, list[str]] = {}
    for finding in findings:
        fields.setdefault(finding.field, []).append(finding.message)
    return findings, validation_warning.require_reason(fields, warnings_reason)


def _store_warnings(session: Session, actor: Actor, record: AidDistribution, findings: list, reason) -> None:
    if reason:
        year, month = validation_warning.period_of(record.distributed_on)
        validation_warning.store(session, actor, validation_warning.AID_DISTRIBUTION, [
            (record.id, validation_warning.Pending(record.kab_kota_code, year, month, finding))
            for finding in findings], reason)


def create_distribution(*, session: Session, actor: Actor, data: dict,
                        warnings_reason: str | None = None) -> AidDistribution:
    """Record a distribution; an unusual value per unit needs `warnings_reason` (see `_check_value`)."""
    values = clean(session, data)
    require_kab_kota(actor, values["kab_kota_code"])
    findings, reason = _check_value(session, values, None, warnings_reason)
    record = base.insert(session, actor, AidDistribution(**values))
    _store_warnings(session, actor, record, findings, reason)
    return record


def update_distribution(*, session: Session, actor: Actor, distribution_id: int, data: dict,
                        expected_version: int, warnings_reason: str | None = None) -> AidDistribution:
    record = base.get_live(session, AidDistribution, distribution_id)
    require_kab_kota(actor, record.kab_kota_code)
    values = clean(session, data, existing=record)
    require_kab_kota(actor, values["kab_kota_code"])  # nor move it into another kab/kota
    if record.aid_request_id and values["aid_request_id"] != record.aid_request_id:
        aid_requests.check_unlink(session, record)
    base.check_version(record, expected_version)  # a stale edit is refused before asking for a reason
    findings, reason = _check_value(session, values, record, warnings_reason)
    record = base.apply_update(session, actor, record, values, expected_version)
    _store_warnings(session, actor, record, findings, reason)
    return record


def describe_distribution(session: Session, record: AidDistribution) -> str:
    """'12 paket PMT Lansia untuk Panti Asuhan Harapan': what a confirmation names (the writer may see the
    household's name: they just typed it)."""
    item = session.get(AidItem, record.aid_item_id)
    if record.recipient_kind == "lks":
        lks = session.get(Lks, record.recipient_lks_id)
        recipient = lks.name if lks else "LKS"
    elif record.recipient_kind == "kelompok":
        recipient = vocab.RECIPIENT_GROUPS.get(record.recipient_group, record.recipient_group)
    else:
        recipient = f"rumah tangga {record.recipient_name}"
    name = item.name
    if name.lower().startswith(item.unit.lower() + " "):  # "12 paket PMT", not "12 paket Paket PMT"
        name = name[len(item.unit) + 1:]
    else:
        name = name[:1].lower() + name[1:]
    return f"{fmt.number(record.quantity)} {item.unit} {name} untuk {recipient}"


def delete_distribution(*, session: Session, actor: Actor, distribution_id: int,
                        expected_version: int) -> AidDistribution:
    record = base.get_live(session, AidDistribution, distribution_id)
    require_kab_kota(actor, record.kab_kota_code)
    aid_requests.check_unlink(session, record)
    return base.soft_delete(session, actor, record, expected_version)


def restore_distribution(*, session: Session, actor: Actor, distribution_id: int) -> AidDistribution:
    record = session.get(AidDistribution, distribution_id)
    if record is None:
        raise NotFound("Data tidak ditemukan.")
    require_kab_kota(actor, record.kab_kota_code)
    return base.restore(session, actor, record)


def get_distribution(*, session: Session, actor: Actor, distribution_id: int) -> AidDistribution:
    record = session.get(AidDistribution, distribution_id)
    if record is None or not actor.may_see_kab_kota(record.kab_kota_code):
        raise NotFound("Data tidak ditemukan.")
    return record


# --- Pick-lists and the list of distributions ----------------------------------------------------

def item_options(session: Session) -> pd.DataFrame:
    """The catalogue: id, name, unit, and a label showing the unit (`Paket PMT lansia (paket)`)."""
    rows = session.exec(
        select(AidItem.id, AidItem.name, AidItem.unit).where(AidItem.deleted_at.is_(None)).order_by(AidItem.name)
    ).all()
    frame = pd.DataFrame(rows, columns=["id", "name", "unit"])
    frame["label"] = [f"{n} ({u})" for n, u in zip(frame["name"], frame["unit"])]
    return frame


def funding_source_options(session: Session, province_code: str) -> pd.DataFrame:
    """Active funding sources of a province (an operator picks among its province's sources)."""
    rows = session.exec(
        select(FundingSource.id, FundingSource.name, FundingSource.kind)
        .where(FundingSource.province_code == province_code, FundingSource.deleted_at.is_(None),
               FundingSource.is_active)
        .order_by(FundingSource.kind, FundingSource.name)
    ).all()
    frame = pd.DataFrame(rows, columns=["id", "name", "kind"])
    frame["label"] = [f"{n} · {vocab.FUNDING_SOURCE_KINDS[k]}" for n, k in zip(frame["name"], frame["kind"])]
    return frame


def lks_options(session: Session, kab_kota_code: str) -> pd.DataFrame:
    rows = session.exec(
        select(Lks.id, Lks.name)
        .where(Lks.kab_kota_code == kab_kota_code, Lks.deleted_at.is_(None), Lks.is_active)
        .order_by(Lks.name)
    ).all()
    return pd.DataFrame(rows, columns=["id", "name"])


_LIST_COLUMNS = ["id", "distributed_on", "item", "quantity", "unit", "value_rupiah", "recipient_kind",
                 "recipient", "kab_kota_code", "kab_kota", "funding_source", "aid_request_id", "version", "is_demo"]


def list_distributions(*, session: Session, actor: Actor, kab_kota_code: str | None = None,
                       year: int | None = None, deleted: bool = False, limit: int = 50) -> pd.DataFrame:
    """Distributions in the actor's scope, newest first; a household's name is masked for leaders."""
    recipient_lks = aliased(Lks)
    stmt = (
        select(AidDistribution.id, AidDistribution.distributed_on, AidItem.name, AidDistribution.quantity,
               AidItem.unit, AidDistribution.value_rupiah, AidDistribution.recipient_kind,
               recipient_lks.name, AidDistribution.recipient_group, AidDistribution.recipient_name,
               AidDistribution.kab_kota_code, KabKota.name, FundingSource.name, AidDistribution.aid_request_id,
               AidDistribution.version, AidDistribution.is_demo)
        .join(AidItem, AidItem.id == AidDistribution.aid_item_id)
        .join(KabKota, KabKota.code == AidDistribution.kab_kota_code)
        .join(FundingSource, FundingSource.id == AidDistribution.funding_source_id)
        .outerjoin(recipient_lks, recipient_lks.id == AidDistribution.recipient_lks_id)
        .where(AidDistribution.deleted_at.is_not(None) if deleted else AidDistribution.deleted_at.is_(None))
        .order_by(AidDistribution.distributed_on.desc(), AidDistribution.id.desc())
        .limit(limit)
    )
    if actor.kab_kota_code:
        stmt = stmt.where(AidDistribution.kab_kota_code == actor.kab_kota_code)
    elif actor.province_code:
        stmt = stmt.where(KabKota.province_code == actor.province_code)
    if kab_kota_code:
        stmt = stmt.where(AidDistribution.kab_kota_code == kab_kota_code)
    if year:
        stmt = stmt.where(AidDistribution.distributed_on.between(date(year, 1, 1), date(year, 12, 31)))
    rows = []
    for (id_, on, item, qty, unit, value, kind, lks_name, group, name, kk, kk_name, source, request_id,
         version, is_demo) in session.exec(stmt).all():
        if kind == "lks":
            recipient = lks_name
        elif kind == "kelompok":
            recipient = vocab.RECIPIENT_GROUPS.get(group, group)
        else:
            shown = name if may_see_personal_data(actor, kk) else mask_name(name)
            recipient = f"Rumah tangga {shown}"
        rows.append((id_, on, item, qty, unit, value, kind, recipient, kk, kk_name, source, request_id,
                     version, is_demo))
    return pd.DataFrame(rows, columns=_LIST_COLUMNS)
