"""Activity dashboard reads: the meetings and events of the filter's years, for a timeline."""

from datetime import date

import pandas as pd
from sqlalchemy import exists, or_
from sqlmodel import Session, func, select

from kesos import vocab
from kesos.models import Activity, ActivityKabKota, KabKota
from kesos.queries import Filters, _year_end, plain_rows

# A province holds a few dozen events a year; a timeline longer than this is unreadable anyway.
TIMELINE_LIMIT = 400


def activity_timeline(session: Session, filters: Filters) -> pd.DataFrame:
    """Activities starting in the filter's years, oldest first.

    Columns: id, kind, kind_label, title, start_date, end_date, place, participants,
    host_kab_kota (empty for a provincial event), kab_kota_present (how many kab/kota attended).
    With a kab/kota chosen: the events it hosted or attended.
    """
    present = (
        select(func.count()).where(ActivityKabKota.activity_id == Activity.id).scalar_subquery()
    )
    stmt = (
        select(Activity.id, Activity.kind, Activity.title, Activity.start_date, Activity.end_date,
               Activity.place, Activity.participants_total, KabKota.name, present)
        .outerjoin(KabKota, KabKota.code == Activity.kab_kota_code)
        .where(Activity.deleted_at.is_(None))
        .where(Activity.start_date.between(date(filters.year_from or filters.year, 1, 1), _year_end(filters.year)))
        .order_by(Activity.start_date, Activity.id)
        .limit(TIMELINE_LIMIT)
    )
    if filters.province_code:
        stmt = stmt.where(Activity.province_code == filters.province_code)
    if filters.kab_kota_code:
        attended = exists().where(ActivityKabKota.activity_id == Activity.id,
                                  ActivityKabKota.kab_kota_code == filters.kab_kota_code)
        stmt = stmt.where(or_(Activity.kab_kota_code == filters.kab_kota_code, attended))
    frame = pd.DataFrame(plain_rows(session, stmt), columns=[
        "id", "kind", "title", "start_date", "end_date", "place", "participants", "host_kab_kota",
        "kab_kota_present",
    ])
    frame["kind_label"] = frame["kind"].map(vocab.ACTIVITY_KINDS)
    return frame
