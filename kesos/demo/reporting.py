"""The demo's monthly reporting cycle, relative to its last month (DATA_END): the months since January
2025 (when sending and approving began) approved,
some reported late, September sent but not all approved, one month returned, October partial.

Counts for a month are 'entered' by its end (base.record); here some kab/kota enter theirs after
the due day (the 10th of the next month), and a few have not sent October at all.
"""

from datetime import date, datetime, timedelta

from kesos.demo.base import BENEFICIARIES_FROM, DATA_END, DemoContext, insert_rows, rng_for, stamp
from kesos.models import MonthlyReport

DUE_DAY = 10  # the deployment default (config.report_due_day)
LAST = (DATA_END.year, DATA_END.month)
# Kab/kota that have not reported the last month yet (the page lists them as late once the 10th passes).
MISSING_LAST_MONTH = {"63.02", "63.10", "63.11", "61.05", "61.08", "51.03"}
RETURNED = ("63.03", 2026, 9, "Jumlah penerima manfaat dua LKS tidak sama dengan laporan tertulis cabang; mohon "
                              "diperiksa, diperbaiki, lalu dikirim ulang.")
SENT_NOT_APPROVED = {("63.05", 2026, 9), ("63.08", 2026, 9), ("61.03", 2026, 9), ("51.02", 2026, 9)}
LATE_SHARE = 0.12  # kab/kota-months entered after the due day
CYCLE_FROM = (2025, 1)  # the body began sending and approving months in Kesos in January 2025


def months() -> list[tuple[int, int]]:
    year, month, out = BENEFICIARIES_FROM.year, BENEFICIARIES_FROM.month, []
    while (year, month) <= LAST:
        out.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _due(year: int, month: int) -> date:
    return date(year + 1, 1, DUE_DAY) if month == 12 else date(year, month + 1, DUE_DAY)


def entered_on(kab_kota_code: str, year: int, month: int) -> date:
    """The day a kab/kota entered a month's counts: by the month's end, or some days past the due day."""
    month_end = _due(year, month).replace(day=1) - timedelta(days=1)
    rng = rng_for(f"reporting:{kab_kota_code}:{year}-{month}")
    if (year, month) < LAST and rng.random() < LATE_SHARE:
        return min(_due(year, month) + timedelta(days=rng.randint(2, 20)), DATA_END)
    return month_end


def reports_last_month(kab_kota_code: str, year: int, month: int) -> bool:
    return (year, month) != LAST or kab_kota_code not in MISSING_LAST_MONTH


def _moment(day: date, hours: int = 0) -> datetime:
    return stamp(day) + timedelta(hours=hours)


def insert_reports(ctx: DemoContext) -> None:
    """A monthly_report row per kab/kota and month that was sent: approved, sent, or returned."""
    rows = []
    for province, kab_kota in ctx.kab_kota.items():
        for code, _name in kab_kota:
            for year, month in months():
                if (year, month) == LAST or (year, month) < CYCLE_FROM:
                    continue  # the last month is still being entered; before 2025 nothing was sent
                sent_on = entered_on(code, year, month) + timedelta(days=1)
                state, note, decided_on = "disetujui", None, min(sent_on + timedelta(days=3), DATA_END)
                if (code, year, month) in SENT_NOT_APPROVED:
                    state, decided_on = "dikirim", None
                elif (code, year, month) == RETURNED[:3]:
                    state, note = "dikembalikan", RETURNED[3]
                sent_on = min(sent_on, DATA_END)
                moment = _moment(decided_on or sent_on)
                rows.append({
                    "kab_kota_code": code, "year": year, "month": month, "state": state, "note": note,
                    "sent_at": _moment(sent_on), "sent_by": "operator" if code == "63.71" else "sekretariat",
                    "decided_at": _moment(decided_on) if decided_on else None,
                    "decided_by": "sekretariat" if decided_on else None,
                    "is_demo": True, "version": 2 if decided_on else 1, "created_at": _moment(sent_on),
                    "updated_at": moment, "deleted_at": None,
                })
    insert_rows(ctx.session, MonthlyReport, rows)



