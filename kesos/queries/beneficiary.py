"""Beneficiary dashboard reads: people served per month, this year against last year."""

import pandas as pd
from sqlalchemy import BigInteger, cast
from sqlmodel import Session, func, select

from kesos import vocab
from kesos.models import BeneficiaryMonthly, KabKota
from kesos.queries import Filters, _summary_region, plain_rows


def _counts(filters: Filters, *group_by):
    """SUM(women), SUM(men) of the filter's year and the year before, grouped by `group_by`.

    Read from the monthly summary (kesos.summaries), a few rows per kab/kota, LKS type and month.
    """
    b = BeneficiaryMonthly
    stmt = (
        select(b.year, b.month, *group_by, cast(func.sum(b.women), BigInteger), cast(func.sum(b.men), BigInteger))
        .where(b.year.in_((filters.year - 1, filters.year)))
        .where(_summary_region(b, filters))
        .group_by(b.year, b.month, *group_by)
        .order_by(b.year, b.month, *group_by)
    )
    if filters.lks_type:
        stmt = stmt.where(b.lks_type == filters.lks_type)
    return stmt


def _frame(session: Session, filters: Filters, rows, columns: list[str]) -> pd.DataFrame:
    """The rows with their total, and beside each month how complete it is for the filter's region
    (complete, complete_kab_kota, expected_kab_kota; see kesos.queries.reporting)."""
    from kesos.queries.reporting import month_status, with_status

    frame = pd.DataFrame(rows, columns=columns)
    frame["total"] = frame["women"] + frame["men"]
    if frame.empty:
        return frame.assign(complete=pd.Series(dtype=bool), complete_kab_kota=pd.Series(dtype=int),
                            expected_kab_kota=pd.Series(dtype=int))
    return with_status(frame, month_status(session, filters, [filters.year - 1, filters.year]))


def beneficiaries_by_month(session: Session, filters: Filters) -> pd.DataFrame:
    """People served per month of the filter's year and the year before: year, month, women, men, total."""
    rows = plain_rows(session, _counts(filters))
    return _frame(session, filters, rows, ["year", "month", "women", "men"])


def beneficiaries_by_type(session: Session, filters: Filters) -> pd.DataFrame:
    """Per month and LKS type: year, month, lks_type, type_label, women, men, total."""
    rows = plain_rows(session, _counts(filters, BeneficiaryMonthly.lks_type))
    frame = _frame(session, filters, rows, ["year", "month", "lks_type", "women", "men"])
    frame["type_label"] = frame["lks_type"].map(vocab.LKS_TYPES)
    return frame


def beneficiaries_by_kab_kota(session: Session, filters: Filters) -> pd.DataFrame:
    """Per month and kab/kota: year, month, kab_kota_code, kab_kota, women, men, total."""
    stmt = _counts(filters, KabKota.code, KabKota.name).join(KabKota, KabKota.code == BeneficiaryMonthly.kab_kota_code)
    rows = plain_rows(session, stmt)
    return _frame(session, filters, rows, ["year", "month", "kab_kota_code", "kab_kota", "women", "men"])
