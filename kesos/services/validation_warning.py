"""Validasi in the write path: run the checks of kesos.validation_rules on what is about to be
saved, refuse a save with warnings but no reason (WarningsNeedReason), store the warnings saved
with a reason, and let the secretariat close them with a note (the tindak lanjut list).
"""

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import and_
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from kesos import validate as v
from kesos import validation_rules as rules
from kesos.errors import PermissionDenied, ValidationError, WarningsNeedReason
from kesos.models import AidDistribution, AidItem, BeneficiaryCount, KabKota, Lks, ValidationWarning
from kesos.security import WARNING_CLOSER_ROLES, Actor, require_writer
from kesos.services import base

BENEFICIARY_COUNT = "beneficiary_count"
AID_DISTRIBUTION = "aid_distribution"
UNIT_HISTORY = 200  # the item's latest distributions that say what its value per unit usually is
STATUSES = {"open": "Terbuka", "closed": "Ditutup"}


def may_close(actor: Actor) -> bool:
    """Whether the actor's role closes warnings on the Tindak lanjut list (each close still checks scope)."""
    return actor.role in WARNING_CLOSER_ROLES


@dataclass(frozen=True)
class Pending:
    """A finding about to be saved with its record: where and when it belongs."""

    kab_kota_code: str
    year: int
    month: int
    finding: rules.Finding


# --- Gathering the history the rules compare with ------------------------------------------------

def month_index(year: int, month: int) -> int:
    return year * 12 + month - 1


def stored_totals(session: Session, lks_ids, start: int, end: int) -> dict[int, dict[int, int]]:
    """Live counts of these LKS from month index `start` up to, not including, `end`:
    lks_id -> {month index: total}. The 12 months before (year, month) are
    `month_index(year, month) - 12` to `month_index(year, month)`."""
    ids = sorted(set(lks_ids))
    if not ids:
        return {}
    index = BeneficiaryCount.year * 12 + BeneficiaryCount.month - 1
    totals: dict[int, dict[int, int]] = {}
    for start in range(0, len(ids), 500):
        for lks_id, at, women, men in session.exec(
            select(BeneficiaryCount.lks_id, index, BeneficiaryCount.women, BeneficiaryCount.men)
            .where(BeneficiaryCount.lks_id.in_(ids[start:start + 500]), BeneficiaryCount.deleted_at.is_(None),
                   index >= start, index < end)
        ):
            totals.setdefault(lks_id, {})[at] = women + men
    return totals


def history_before(totals: dict[int, int], year: int, month: int) -> list[int]:
    """The reported totals of the 12 months before (year, month), oldest first."""
    end = month_index(year, month)
    return [totals[at] for at in range(end - rules.WINDOW_MONTHS, end) if at in totals]


def unit_values(session: Session, item_ids, *, exclude_id: int | None = None) -> dict[int, list[float]]:
    """Value per unit of each item's latest valued distributions (a value of 0 is 'not valued')."""
    found: dict[int, list[float]] = {}
    for item_id in sorted(set(item_ids)):
        stmt = (select(AidDistribution.value_rupiah, AidDistribution.quantity)
                .where(AidDistribution.aid_item_id == item_id, AidDistribution.deleted_at.is_(None),
                       AidDistribution.value_rupiah > 0)
                .order_by(AidDistribution.distributed_on.desc(), AidDistribution.id.desc()).limit(UNIT_HISTORY))
        if exclude_id is not None:
            stmt = stmt.where(AidDistribution.id != exclude_id)
        found[item_id] = [value / quantity for value, quantity in session.exec(stmt)]
    return found


def aid_findings(session: Session, values: dict, *, exclude_id: int | None = None) -> list[rules.Finding]:
    """The checks on one distribution's clean values (`aid.clean`)."""
    item = session.get(AidItem, values["aid_item_id"])
    history = unit_values(session, [item.id], exclude_id=exclude_id)[item.id]
    message = rules.unusual_unit_value(values["value_rupiah"], values["quantity"], item.unit, history)
    return [rules.Finding(rules.UNUSUAL_UNIT_VALUE, "value_rupiah", message)] if message else []


# --- Warnings need a reason; saved ones are stored -----------------------------------------------

def require_reason(warnings: dict[str, list[str]], reason) -> str | None:
    """None when there is nothing to warn about; else the cleaned reason, or WarningsNeedReason."""
    if not any(warnings.values()):
        return None
    if reason is None or not str(reason).strip():
        raise WarningsNeedReason({key: messages for key, messages in warnings.items() if messages})
    return v.collect({"warnings_reason": lambda: v.text(reason, label="Alasan", max_length=1000)})["warnings_reason"]


def store(session: Session, actor: Actor, record_kind: str, entries: list[tuple[int, Pending]],
          reason: str) -> list[ValidationWarning]:
    """One open warning per (record id, finding), audited as created."""
    return base.insert_many(session, actor, [
        ValidationWarning(record_kind=record_kind, record_id=record_id, kab_kota_code=pending.kab_kota_code,
                          year=pending.year, month=pending.month, rule=pending.finding.rule,
                          message=pending.finding.message, reason=reason, created_by=actor.username)
        for record_id, pending in entries
    ])


def period_of(on: date) -> tuple[int, int]:
    return on.year, on.month


# --- The follow-up list (tindak lanjut) ------------------------------------------------------------

LIST_COLUMNS = ["id", "created_at", "kab_kota_code", "kab_kota", "year", "month", "record_kind", "record_id",
                "subject", "rule", "rule_label", "message", "reason", "created_by", "status", "closing_note",
                "closed_by", "closed_at", "version"]


def _check_list(actor: Actor) -> None:
    # Operators see their own kab/kota's warnings (what they will be asked about); leaders do not
    # follow up data entry, so the list is not theirs.
    require_writer(actor)


def list_warnings(*, session: Session, actor: Actor, status: str | None = "open",
                  kab_kota_code: str | None = None, limit: int = 500) -> pd.DataFrame:
    """Warnings in the actor's scope, newest first, with what they are about (LKS or item and date)."""
    _check_list(actor)
    count_lks = aliased(Lks)
    stmt = (
        select(ValidationWarning, KabKota.name, count_lks.name, AidItem.name, AidDistribution.distributed_on)
        .join(KabKota, KabKota.code == ValidationWarning.kab_kota_code)
        .outerjoin(BeneficiaryCount, and_(ValidationWarning.record_kind == BENEFICIARY_COUNT,
                                          BeneficiaryCount.id == ValidationWarning.record_id))
        .outerjoin(count_lks, count_lks.id == BeneficiaryCount.lks_id)
        .outerjoin(AidDistribution, and_(ValidationWarning.record_kind == AID_DISTRIBUTION,
                                         AidDistribution.id == ValidationWarning.record_id))
        .outerjoin(AidItem, AidItem.id == AidDistribution.aid_item_id)
        .where(ValidationWarning.deleted_at.is_(None))
        .order_by(ValidationWarning.created_at.desc(), ValidationWarning.id.desc())
        .limit(limit)
    )
    if actor.kab_kota_code:
        stmt = stmt.where(ValidationWarning.kab_kota_code == actor.kab_kota_code)
    elif actor.province_code:
        stmt = stmt.where(KabKota.province_code == actor.province_code)
    if kab_kota_code:
        stmt = stmt.where(ValidationWarning.kab_kota_code == kab_kota_code)
    if status:
        stmt = stmt.where(ValidationWarning.status == status)
    rows = []
    for warning, kab_kota, lks_name, item_name, distributed_on in session.exec(stmt).all():
        if warning.record_kind == BENEFICIARY_COUNT:
            subject = f"Penerima manfaat · {lks_name or 'LKS'}"
        else:
            subject = f"Bantuan · {item_name or 'barang'}"
        rows.append({**warning.model_dump(), "kab_kota": kab_kota, "subject": subject,
                     "rule_label": rules.RULES.get(warning.rule, warning.rule), "distributed_on": distributed_on})
    return pd.DataFrame(rows, columns=LIST_COLUMNS)


def close_warning(*, session: Session, actor: Actor, warning_id: int, note, expected_version: int
                  ) -> ValidationWarning:
    """Close an open warning with a note (what was checked, what was done): the secretariat or an admin."""
    if not may_close(actor):
        raise PermissionDenied("Hanya sekretariat atau admin yang boleh menutup peringatan.")
    warning = base.get_live(session, ValidationWarning, warning_id)
    if not actor.may_see_kab_kota(warning.kab_kota_code):
        raise PermissionDenied("Peringatan ini milik kab/kota di luar wilayah Anda.")
    if warning.status != "open":
        raise ValidationError({"_form": "Peringatan ini sudah ditutup."})
    clean = v.collect({"closing_note": lambda: v.text(note, label="Catatan penutupan", max_length=1000)})
    return base.apply_update(session, actor, warning, {
        "status": "closed", "closing_note": clean["closing_note"], "closed_by": actor.username,
        "closed_at": base.now()}, expected_version)
