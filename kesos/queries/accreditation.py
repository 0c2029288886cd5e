"""LKS accreditation follow-up: grades that lapse in the next months, and LKS never accredited, per kab/kota."""

import calendar
from datetime import date

import pandas as pd
from sqlmodel import Session, or_, select

from kesos import clock, vocab
from kesos.models import KabKota, Lks
from kesos.queries import plain_rows
from kesos.security import Actor

WINDOW_MONTHS = 6
COLUMNS = ["id", "name", "lks_type", "kab_kota_code", "kab_kota", "accreditation", "accredited_on",
           "accreditation_expires_on", "growth_grade", "status"]


def months_after(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it has no such day: 31 Aug + 6 = 28/29 Feb)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def follow_up(session: Session, actor: Actor, province_code: str | None = None, kab_kota_code: str | None = None
              ) -> pd.DataFrame:
    """Operating LKS of the actor's scope whose accreditation needs attention, by kab/kota then date:
    status "habis" (expired before today), "segera" (expires from today up to six months on, inclusive)
    or "belum" (never accredited)."""
    today = clock.today()
    until = months_after(today, WINDOW_MONTHS)
    stmt = (select(Lks.id, Lks.name, Lks.lks_type, Lks.kab_kota_code, KabKota.name, Lks.accreditation,
                   Lks.accredited_on, Lks.accreditation_expires_on, Lks.growth_grade)
            .join(KabKota, KabKota.code == Lks.kab_kota_code)
            .where(Lks.deleted_at.is_(None), or_(Lks.closed_on.is_(None), Lks.closed_on > today),
                   or_(Lks.accreditation == "belum", Lks.accreditation_expires_on <= until))
            .order_by(Lks.kab_kota_code, Lks.accreditation_expires_on, Lks.name))
    for code in (actor.kab_kota_code, kab_kota_code):
        if code:
            stmt = stmt.where(Lks.kab_kota_code == code)
    for code in (actor.province_code, province_code):
        if code:
            stmt = stmt.where(KabKota.province_code == code)
    frame = pd.DataFrame(plain_rows(session, stmt), columns=COLUMNS[:-1])
    frame["status"] = [
        "belum" if grade == "belum" else "habis" if expires < today else "segera"
        for grade, expires in zip(frame["accreditation"], frame["accreditation_expires_on"])]
    return frame[COLUMNS]


STATUS_LABELS = {"habis": "Sudah habis masa berlakunya", "segera": f"Habis dalam {WINDOW_MONTHS} bulan",
                 "belum": vocab.ACCREDITATIONS["belum"]}
