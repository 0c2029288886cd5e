"""Beneficiary dashboard reads: people served per month, this year against last year."""

import pandas as pd
from sqlmodel import Session, func, select

from kesos import vocab
from kesos.models import BeneficiaryCount, KabKota, Lks
from kesos.queries import Filters, _region_clause


def _counts(filters: Filters, *group_by):
    """SUM(women), SUM(men) of the filter's year and the year before, grouped by `group_by`."""
    stmt = (
        select(BeneficiaryCount.year, BeneficiaryCount.month, *group_by,
               func.sum(BeneficiaryCount.women), func.sum(BeneficiaryCount.men))
        .join(Lks, Lks.id == BeneficiaryCount.lks_id)
        .where(BeneficiaryCount.deleted_at.is_(None), Lks.deleted_at.is_(None))
        .where(BeneficiaryCount.year.in_((filters.year - 1, filters.year)))
        .where(_region_clause(Lks.kab_kota_code, filters))
        .group_by(BeneficiaryCount.year, BeneficiaryCount.month, *group_by)
        .order_by(BeneficiaryCount.year, BeneficiaryCount.month, *group_by)
    )
    if filters.lks_type:
        stmt = stmt.where(Lks.lks_type == filters.lks_type)
    return stmt


def _frame(rows, columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns)
    frame["total"] = frame["women"] + frame["men"]
    return frame


def beneficiaries_by_month(session: Session, filters: Filters) -> pd.DataFrame:
    """People served per month of the filter's year and the year before: year, month, women, men, total."""
    rows = session.exec(_counts(filters)).all()
    return _frame(rows, ["year", "month", "women", "men"])


def beneficiaries_by_type(session: Session, filters: Filters) -> pd.DataFrame:
    """Per month and LKS type: year, month, lks_type, type_label, women, men, total."""
    rows = session.exec(_counts(filters, Lks.lks_type)).all()
    frame = _frame(rows, ["year", "month", "lks_type", "women", "men"])
    frame["type_label"] = frame["lks_type"].map(vocab.LKS_TYPES)
    return frame


def beneficiaries_by_kab_kota(session: Session, filters: Filters) -> pd.DataFrame:
    """Per month and kab/kota: year, month, kab_kota_code, kab_kota, women, men, total."""
    stmt = _counts(filters, KabKota.code, KabKota.name).join(KabKota, KabKota.code == Lks.kab_kota_code)
    rows = session.exec(stmt).all()
    return _frame(rows, ["year", "month", "kab_kota_code", "kab_kota", "women", "men"])
