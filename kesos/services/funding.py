"""Donatur & CSR: funding sources and incoming donations (cash and in-kind, never added together).

Both are province-level records: the secretariat or an admin of the province writes them. A
donation-box collection is entered as one batch whose rows must add up to the expected total;
it is stored whole or not at all.
"""

from datetime import date

import pandas as pd
from sqlalchemy import BigInteger, cast
from sqlmodel import Session, func, select

from kesos import clock, fmt, vocab
from kesos import validate as v
from kesos.errors import NotFound, ValidationError
from kesos.models import AidItem, Donation, FundingSource, Province, maximum
from kesos.security import DONATION_WRITER_ROLES, Actor, require_province
from kesos.services import base, refs


def may_write(actor: Actor) -> bool:
    """Whether the actor's role writes sources and donations: the province's own staff do, operators
    and leaders do not (each write still checks the province with `require_province`)."""
    return actor.role in DONATION_WRITER_ROLES


# --- Funding sources -----------------------------------------------------------------------------

def clean_source(session: Session, data: dict) -> dict:
    kind = data.get("kind")
    values = v.collect({
        "province_code": lambda: _province(session, data.get("province_code")),
        "kind": lambda: v.choice(kind, vocab.FUNDING_SOURCE_KINDS, label="Jenis sumber dana"),
        "name": lambda: v.text(data.get("name"), label="Nama", max_length=200),
        # A donation box is known by where it stands.
        "location": lambda: v.text(data.get("location"), label="Lokasi kotak",
                                   required=kind == "kotak_sumbangan", max_length=300),
        "contact": lambda: v.text(data.get("contact"), label="Kontak", required=False, max_length=200),
    })
    return values


def _province(session: Session, code) -> str:
    code = v.text(code, label="Provinsi", max_length=2)
    if session.get(Province, code) is None:
        raise v.FieldError("Provinsi tidak dikenal: pilih dari daftar.")
    return code


def _refuse_duplicate(session: Session, values: dict, exclude_id: int | None = None) -> None:
    stmt = select(FundingSource).where(FundingSource.province_code == values["province_code"],
                                       FundingSource.kind == values["kind"], FundingSource.name == values["name"])
    if exclude_id is not None:
        stmt = stmt.where(FundingSource.id != exclude_id)
    taken = session.exec(stmt).first()
    if taken is not None:
        hint = " (sudah dihapus: pulihkan saja)" if taken.deleted_at else ""
        raise ValidationError({"name": f"Sumber dana dengan jenis dan nama ini sudah ada{hint}."})


def create_source(*, session: Session, actor: Actor, data: dict) -> FundingSource:
    values = clean_source(session, data)
    require_province(actor, values["province_code"])
    _refuse_duplicate(session, values)
    return base.insert(session, actor, FundingSource(**values))


def update_source(*, session: Session, actor: Actor, source_id: int, data: dict,
                  expected_version: int) -> FundingSource:
    record = base.get_live(session, FundingSource, source_id)
    require_province(actor, record.province_code)
    values = clean_source(session, data)
    require_province(actor, values["province_code"])
    _refuse_duplicate(session, values, exclude_id=record.id)
    return base.apply_update(session, actor, record, values, expected_version)


def set_source_active(*, session: Session, actor: Actor, source_id: int, active: bool,
                      expected_version: int) -> FundingSource:
    """An inactive source stays in the reports but is no longer offered for new entries."""
    record = base.get_live(session, FundingSource, source_id)
    require_province(actor, record.province_code)
    return base.apply_update(session, actor, record, {"is_active": active}, expected_version)


def delete_source(*, session: Session, actor: Actor, source_id: int, expected_version: int) -> FundingSource:
    record = base.get_live(session, FundingSource, source_id)
    require_province(actor, record.province_code)
    return base.soft_delete(session, actor, record, expected_version)


def restore_source(*, session: Session, actor: Actor, source_id: int) -> FundingSource:
    record = session.get(FundingSource, source_id)
    if record is None:
        raise NotFound("Data tidak ditemukan.")
    require_province(actor, record.province_code)
    return base.restore(session, actor, record)


def get_source(*, session: Session, actor: Actor, source_id: int) -> FundingSource:
    """A live funding source the actor may see (any role of its province may read it)."""
    record = base.get_live(session, FundingSource, source_id)
    if not actor.may_see_province(record.province_code):
        raise NotFound("Data tidak ditemukan.")
    return record


def list_sources(*, session: Session, actor: Actor, province_code: str | None = None, kind: str | None = None,
                 deleted: bool = False) -> pd.DataFrame:
    """Funding sources of the provinces the actor may see, with what each has given so far."""
    cash = (
        select(Donation.funding_source_id, cast(func.sum(Donation.amount_rupiah), BigInteger).label("cash"),
               func.count().label("n"))
        .where(Donation.deleted_at.is_(None))
        .group_by(Donation.funding_source_id)
        .subquery()
    )
    stmt = (
        select(FundingSource.id, FundingSource.province_code, FundingSource.kind, FundingSource.name,
               FundingSource.location, FundingSource.contact, FundingSource.is_active, FundingSource.version,
               FundingSource.is_demo, func.coalesce(cash.c.cash, 0), func.coalesce(cash.c.n, 0))
        .outerjoin(cash, cash.c.funding_source_id == FundingSource.id)
        .where(FundingSource.deleted_at.is_not(None) if deleted else FundingSource.deleted_at.is_(None))
        .order_by(FundingSource.kind, FundingSource.name)
    )
    if actor.province_code:
        stmt = stmt.where(FundingSource.province_code == actor.province_code)
    if province_code:
        stmt = stmt.where(FundingSource.province_code == province_code)
    if kind:
        stmt = stmt.where(FundingSource.kind == kind)
    columns = ["id", "province_code", "kind", "name", "location", "contact", "is_active", "version", "is_demo",
               "cash_rupiah", "donations"]
    frame = pd.DataFrame(session.exec(stmt).all(), columns=columns)
    frame["kind_label"] = frame["kind"].map(vocab.FUNDING_SOURCE_KINDS)
    return frame


# --- Donations -----------------------------------------------------------------------------------

def clean_donation(session: Session, data: dict) -> dict:
    """Cash carries an amount in rupiah; in-kind carries an item and a quantity in its unit."""
    kind = data.get("kind")
    return v.collect({
        "funding_source_id": lambda: refs.live_id(session, FundingSource, data.get("funding_source_id"),
                                                  label="Sumber dana"),
        "received_on": lambda: v.a_date(data.get("received_on"), label="Tanggal diterima",
                                        earliest=date(2000, 1, 1), latest=clock.today()),
        "kind": lambda: v.choice(kind, vocab.DONATION_KINDS, label="Bentuk donasi"),
        "amount_rupiah": lambda: v.rupiah(data.get("amount_rupiah"), label="Jumlah uang", minimum=1,
                                               maximum=maximum(Donation, "amount_rupiah"))
        if kind == "tunai" else None,
        "aid_item_id": lambda: refs.live_id(session, AidItem, data.get("aid_item_id"), label="Barang")
        if kind == "barang" else None,
        "quantity": lambda: v.integer(data.get("quantity"), label="Jumlah barang", minimum=1,
                                      maximum=maximum(Donation, "quantity"))
        if kind == "barang" else None,
        "batch_ref": lambda: v.text(data.get("batch_ref"), label="Nomor pengumpulan", required=False,
                                    max_length=50),
        "note": lambda: v.text(data.get("note"), label="Catatan", required=False, max_length=2000),
    })


def _source_province(session: Session, source_id: int) -> str:
    return session.get(FundingSource, source_id).province_code


def create_donation(*, session: Session, actor: Actor, data: dict) -> Donation:
    values = clean_donation(session, data)
    require_province(actor, _source_province(session, values["funding_source_id"]))
    return base.insert(session, actor, Donation(**values))


def update_donation(*, session: Session, actor: Actor, donation_id: int, data: dict,
                    expected_version: int) -> Donation:
    record = base.get_live(session, Donation, donation_id)
    require_province(actor, _source_province(session, record.funding_source_id))
    values = clean_donation(session, data)
    require_province(actor, _source_province(session, values["funding_source_id"]))
    return base.apply_update(session, actor, record, values, expected_version)


def delete_donation(*, session: Session, actor: Actor, donation_id: int, expected_version: int) -> Donation:
    record = base.get_live(session, Donation, donation_id)
    require_province(actor, _source_province(session, record.funding_source_id))
    return base.soft_delete(session, actor, record, expected_version)


def restore_donation(*, session: Session, actor: Actor, donation_id: int) -> Donation:
    record = session.get(Donation, donation_id)
    if record is None:
        raise NotFound("Data tidak ditemukan.")
    require_province(actor, _source_province(session, record.funding_source_id))
    return base.restore(session, actor, record)


def get_donation(*, session: Session, actor: Actor, donation_id: int) -> Donation:
    record = base.get_live(session, Donation, donation_id)
    if not actor.may_see_province(_source_province(session, record.funding_source_id)):
        raise NotFound("Data tidak ditemukan.")
    return record


def record_box_collection(*, session: Session, actor: Actor, province_code: str, received_on, batch_ref,
                          expected_total, rows: list[dict]) -> list[Donation]:
    """A donation-box collection round: one cash donation per box, all stored or none.

    `rows` hold `funding_source_id` and `amount_rupiah`; blank rows are skipped. The rows must
    add up to `expected_total` (what the counting report says), so a typo is caught before saving.
    """
    require_province(actor, province_code)
    errors, clean_rows, seen = {}, [], set()
    try:
        header = _clean_batch_header(received_on, batch_ref, expected_total)
    except ValidationError as exc:
        header, errors = None, dict(exc.errors)
    for number, row in enumerate(rows, start=1):
        source_id, amount = row.get("funding_source_id"), row.get("amount_rupiah")
        if _blank(source_id) and _blank(amount):
            continue
        try:
            source_id = refs.live_id(session, FundingSource, None if _blank(source_id) else source_id,
                                     label="Kotak sumbangan")
            source = session.get(FundingSource, source_id)
            if source.kind != "kotak_sumbangan" or source.province_code != province_code:
                raise v.FieldError("Kotak sumbangan tidak dikenal: pilih dari daftar kotak provinsi ini.")
            if source_id in seen:
                raise v.FieldError("Kotak ini sudah ada di baris lain.")
            amount = v.rupiah(None if _blank(amount) else amount, label="Jumlah uang", minimum=1,
                              maximum=maximum(Donation, "amount_rupiah"))
        except v.FieldError as exc:
            errors[f"row_{number}"] = f"Baris {number}: {exc}"
            continue
        seen.add(source_id)
        clean_rows.append({"funding_source_id": source_id, "amount_rupiah": amount})
    if not clean_rows and not errors:
        errors["rows"] = "Isi paling sedikit satu kotak sumbangan dengan jumlah uangnya."
    if not errors and header:
        taken = session.exec(select(func.count()).select_from(Donation).join(FundingSource).where(
            FundingSource.province_code == province_code, Donation.batch_ref == header["batch_ref"],
            Donation.deleted_at.is_(None))).one()
        if taken:
            errors["batch_ref"] = "Nomor pengumpulan ini sudah pernah dicatat; periksa agar tidak tercatat dua kali."
        total = sum(r["amount_rupiah"] for r in clean_rows)
        if total != header["expected_total"]:
            errors["expected_total"] = (
                f"Jumlah semua baris {fmt.rupiah(total)} tidak sama dengan total {fmt.rupiah(header['expected_total'])} "
                f"(selisih {fmt.rupiah(abs(total - header['expected_total']))}). Tidak ada yang disimpan."
            )
    if errors:
        raise ValidationError(errors)
    return [
        base.insert(session, actor, Donation(kind="tunai", received_on=header["received_on"],
                                             batch_ref=header["batch_ref"], **row))
        for row in clean_rows
    ]


def _clean_batch_header(received_on, batch_ref, expected_total) -> dict:
    return v.collect({
        "received_on": lambda: v.a_date(received_on, label="Tanggal pengumpulan", earliest=date(2000, 1, 1),
                                        latest=clock.today()),
        "batch_ref": lambda: v.text(batch_ref, label="Nomor pengumpulan", max_length=50),
        "expected_total": lambda: v.rupiah(expected_total, label="Total menurut berita acara", minimum=1,
                                            maximum=maximum(Donation, "amount_rupiah")),
    })


def _blank(value) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return value != value  # NaN from an empty data-editor cell
    return isinstance(value, str) and not value.strip()


def box_options(session: Session, province_code: str) -> pd.DataFrame:
    """Active donation boxes of a province, labelled with where they stand."""
    rows = session.exec(
        select(FundingSource.id, FundingSource.name, FundingSource.location)
        .where(FundingSource.province_code == province_code, FundingSource.kind == "kotak_sumbangan",
               FundingSource.deleted_at.is_(None), FundingSource.is_active)
        .order_by(FundingSource.name)
    ).all()
    frame = pd.DataFrame(rows, columns=["id", "name", "location"])
    frame["label"] = [f"{n} — {loc}" if loc else n for n, loc in zip(frame["name"], frame["location"])]
    return frame


def describe_donation(session: Session, record: Donation) -> str:
    """'Rp 25.000.000 dari PT Bank Kalsel', '10 paket sembako dari ...': what a confirmation names."""
    source = session.get(FundingSource, record.funding_source_id)
    if record.kind == "tunai":
        what = fmt.rupiah(record.amount_rupiah)
    else:
        item = session.get(AidItem, record.aid_item_id)
        what = f"{fmt.number(record.quantity)} {item.unit} {item.name}" if item else fmt.number(record.quantity)
    return f"{what} dari {source.name if source else 'sumber dana'}"


def list_donations(*, session: Session, actor: Actor, province_code: str | None = None, year: int | None = None,
                   deleted: bool = False, limit: int = 200) -> pd.DataFrame:
    stmt = (
        select(Donation.id, Donation.received_on, FundingSource.name, FundingSource.kind, Donation.kind,
               Donation.amount_rupiah, AidItem.name, Donation.quantity, AidItem.unit, Donation.batch_ref,
               Donation.note, Donation.version, Donation.is_demo)
        .join(FundingSource, FundingSource.id == Donation.funding_source_id)
        .outerjoin(AidItem, AidItem.id == Donation.aid_item_id)
        .where(Donation.deleted_at.is_not(None) if deleted else Donation.deleted_at.is_(None))
        .order_by(Donation.received_on.desc(), Donation.id.desc())
        .limit(limit)
    )
    if actor.province_code:
        stmt = stmt.where(FundingSource.province_code == actor.province_code)
    if province_code:
        stmt = stmt.where(FundingSource.province_code == province_code)
    if year:
        stmt = stmt.where(Donation.received_on.between(date(year, 1, 1), date(year, 12, 31)))
    columns = ["id", "received_on", "source", "source_kind", "kind", "amount_rupiah", "item", "quantity", "unit",
               "batch_ref", "note", "version", "is_demo"]
    return pd.DataFrame(session.exec(stmt).all(), columns=columns)


def donation_totals(*, session: Session, actor: Actor, province_code: str, year: int | None = None) -> dict:
    """Cash in rupiah, and in-kind quantities per item and unit: two answers, never one sum."""
    if not actor.may_see_province(province_code):
        return {"cash_rupiah": 0, "in_kind": pd.DataFrame(columns=["item", "unit", "quantity"])}
    where = [Donation.deleted_at.is_(None), FundingSource.province_code == province_code]
    if year:
        where.append(Donation.received_on.between(date(year, 1, 1), date(year, 12, 31)))
    cash = session.exec(
        select(cast(func.coalesce(func.sum(Donation.amount_rupiah), 0), BigInteger))
        .join(FundingSource, FundingSource.id == Donation.funding_source_id)
        .where(Donation.kind == "tunai", *where)
    ).one()
    in_kind = session.exec(
        select(AidItem.name, AidItem.unit, func.sum(Donation.quantity))
        .join(FundingSource, FundingSource.id == Donation.funding_source_id)
        .join(AidItem, AidItem.id == Donation.aid_item_id)
        .where(Donation.kind == "barang", *where)
        .group_by(AidItem.name, AidItem.unit)
        .order_by(AidItem.name)
    ).all()
    return {"cash_rupiah": cash, "in_kind": pd.DataFrame(in_kind, columns=["item", "unit", "quantity"])}
