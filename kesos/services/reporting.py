"""Persetujuan dan kunci: a kab/kota sends its month, the secretariat approves or returns it, and an
approved month is locked against edits and imports until an admin or the secretariat unlocks it.

States: terbuka (no row, or unlocked) -> dikirim (Kirim laporan) -> disetujui (Setujui) or
dikembalikan (Kembalikan, with a note the operator sees); dikembalikan -> dikirim again;
disetujui -> terbuka (Buka kunci, with a reason). Each step is a versioned, audited write
through `services.base`, so the month's Riwayat shows who did what and why.
"""

import pandas as pd
from sqlmodel import Session, select

from kesos import clock, fmt, validate as v, vocab
from kesos.errors import ConflictError, LockedPeriod, PermissionDenied, ValidationError
from kesos.models import KabKota, MonthlyReport
from kesos.security import REPORT_DECIDER_ROLES, Actor, require_kab_kota
from kesos.services import base



def may_decide(actor: Actor) -> bool:
    """Whether the actor's role approves and reopens monthly reports (each decision still checks scope)."""
    return actor.role in REPORT_DECIDER_ROLES


def actions(actor: Actor, state: str) -> frozenset[str]:
    """What the page offers the actor for a month in this state: "send" (a writer, while the month is open or
    returned), "decide" (approve or return a sent month) and "unlock" (an approved one); each write checks
    again."""
    offered = set()
    if actor.can_write and state in ("terbuka", "dikembalikan"):
        offered.add("send")
    if may_decide(actor) and state == "dikirim":
        offered.add("decide")
    if may_decide(actor) and state == "disetujui":
        offered.add("unlock")
    return frozenset(offered)


def find(session: Session, kab_kota_code: str, year: int, month: int) -> MonthlyReport | None:
    return session.exec(select(MonthlyReport).where(
        MonthlyReport.kab_kota_code == kab_kota_code, MonthlyReport.year == year, MonthlyReport.month == month,
        MonthlyReport.deleted_at.is_(None))).first()


def state_of(session: Session, kab_kota_code: str, year: int, month: int) -> str:
    report = find(session, kab_kota_code, year, month)
    return report.state if report is not None else "terbuka"


def _period(session: Session, kab_kota_code: str, year, month) -> tuple[int, int]:
    if session.get(KabKota, kab_kota_code) is None:
        raise ValidationError({"kab_kota_code": "Kabupaten/kota tidak dikenal: pilih dari daftar."})
    values = v.collect({
        "year": lambda: v.integer(year, label="Tahun", minimum=1990, maximum=2100),
        "month": lambda: v.integer(month, label="Bulan", minimum=1, maximum=12),
    })
    today = clock.today()
    if (values["year"], values["month"]) > (today.year, today.month):
        raise ValidationError({"month": "Bulan ini belum berjalan; laporannya belum bisa dikirim."})
    return values["year"], values["month"]


def _require_decider(actor: Actor, kab_kota_code: str) -> None:
    """Approving, returning and unlocking: the secretariat or an admin whose scope holds the kab/kota."""
    if not may_decide(actor):
        raise PermissionDenied("Hanya sekretariat atau admin yang boleh menyetujui, mengembalikan atau membuka "
                               "kunci laporan bulanan.")
    if not actor.may_see_kab_kota(kab_kota_code):
        raise PermissionDenied("Laporan kab/kota ini di luar wilayah Anda.")


def _note(value, label: str) -> str:
    return v.collect({"note": lambda: v.text(value, label=label, required=True, max_length=1000)})["note"]


def _as_seen(report: MonthlyReport | None, expected_version: int | None) -> MonthlyReport | None:
    """The report as the person saw it (no row: `expected_version` None), or "someone else changed it".

    Checked before the state, so the second of two secretaries approving at once hears that the month
    changed, not that it "is not sent"; the compare-and-set in `base.apply_update` is what holds it.
    """
    if (report.version if report is not None else None) != expected_version:
        raise ConflictError(base.CONFLICT_MESSAGE)
    return report


def _move(session: Session, actor: Actor, report: MonthlyReport, changes: dict, expected_version: int | None
          ) -> MonthlyReport:
    if expected_version is None:
        raise ConflictError(base.CONFLICT_MESSAGE)
    return base.apply_update(session, actor, report, changes, expected_version)


def send(*, session: Session, actor: Actor, kab_kota_code: str, year: int, month: int,
         expected_version: int | None) -> MonthlyReport:
    """Kirim laporan: the kab/kota's month goes to the secretariat. `expected_version` None: no row yet."""
    require_kab_kota(actor, kab_kota_code)
    year, month = _period(session, kab_kota_code, year, month)
    report = _as_seen(find(session, kab_kota_code, year, month), expected_version)
    changes = {"state": "dikirim", "sent_at": clock.now(), "sent_by": actor.username}
    if report is None:
        return base.insert(session, actor, MonthlyReport(kab_kota_code=kab_kota_code, year=year, month=month,
                                                         **changes))
    if report.state == "dikirim":
        raise ValidationError({"_form": f"Laporan {fmt.bulan(year, month)} sudah dikirim dan menunggu persetujuan."})
    if report.state == "disetujui":
        raise LockedPeriod(f"Laporan {fmt.bulan(year, month)} sudah disetujui dan dikunci.")
    return _move(session, actor, report, changes, expected_version)


def _sent(session: Session, kab_kota_code: str, year: int, month: int, expected_version: int | None
          ) -> MonthlyReport:
    report = _as_seen(find(session, kab_kota_code, year, month), expected_version)
    if report is None or report.state != "dikirim":
        state = vocab.REPORT_STATES[report.state if report else "terbuka"].lower()
        raise ValidationError({"_form": f"Laporan {fmt.bulan(year, month)} belum dikirim (keadaannya: {state}); "
                                        "hanya laporan yang dikirim yang bisa disetujui atau dikembalikan."})
    return report


def approve(*, session: Session, actor: Actor, kab_kota_code: str, year: int, month: int,
            expected_version: int | None) -> MonthlyReport:
    """Setujui: the sent month is accepted and locked."""
    _require_decider(actor, kab_kota_code)
    year, month = _period(session, kab_kota_code, year, month)
    report = _sent(session, kab_kota_code, year, month, expected_version)
    return _move(session, actor, report, {"state": "disetujui", "decided_at": clock.now(),
                                          "decided_by": actor.username, "note": None}, expected_version)


def return_report(*, session: Session, actor: Actor, kab_kota_code: str, year: int, month: int, note,
                  expected_version: int | None) -> MonthlyReport:
    """Kembalikan: the sent month goes back to the kab/kota with a note saying what to fix."""
    _require_decider(actor, kab_kota_code)
    year, month = _period(session, kab_kota_code, year, month)
    note = _note(note, "Catatan untuk kab/kota")
    report = _sent(session, kab_kota_code, year, month, expected_version)
    return _move(session, actor, report, {"state": "dikembalikan", "decided_at": clock.now(),
                                          "decided_by": actor.username, "note": note}, expected_version)


def unlock(*, session: Session, actor: Actor, kab_kota_code: str, year: int, month: int, reason,
           expected_version: int | None) -> MonthlyReport:
    """Buka kunci: an approved month is open for edits again; the reason stays in its history."""
    _require_decider(actor, kab_kota_code)
    year, month = _period(session, kab_kota_code, year, month)
    reason = _note(reason, "Alasan membuka kunci")
    report = _as_seen(find(session, kab_kota_code, year, month), expected_version)
    if report is None or report.state != "disetujui":
        raise ValidationError({"_form": f"Laporan {fmt.bulan(year, month)} tidak terkunci."})
    return _move(session, actor, report, {"state": "terbuka", "decided_at": clock.now(),
                                          "decided_by": actor.username, "note": reason}, expected_version)


def locked_message(kab_kota_name: str, year: int, month: int) -> str:
    return (f"Laporan {kab_kota_name} bulan {fmt.bulan(year, month)} sudah disetujui dan dikunci; angkanya tidak "
            "bisa diubah. Minta sekretariat atau admin membuka kuncinya (dengan alasan) bila perlu dikoreksi.")


def locked_months(session: Session, kab_kota_codes: list[str], periods: set[tuple[int, int]]
                  ) -> set[tuple[str, int, int]]:
    """(kab/kota, year, month) among those asked for that are approved, hence locked."""
    if not kab_kota_codes or not periods:
        return set()
    rows = session.exec(select(MonthlyReport.kab_kota_code, MonthlyReport.year, MonthlyReport.month).where(
        MonthlyReport.kab_kota_code.in_(sorted(set(kab_kota_codes))),
        MonthlyReport.year.in_(sorted({year for year, _ in periods})),
        MonthlyReport.state == "disetujui", MonthlyReport.deleted_at.is_(None))).all()
    return {(code, year, month) for code, year, month in rows if (year, month) in periods}


def ensure_unlocked(session: Session, kab_kota_code: str, year: int, month: int) -> None:
    """Refuse a change to an approved (locked) kab/kota-month."""
    if state_of(session, kab_kota_code, year, month) == "disetujui":
        kab_kota = session.get(KabKota, kab_kota_code)
        raise LockedPeriod(locked_message(kab_kota.name if kab_kota else kab_kota_code, year, month))


def returned(session: Session, actor: Actor) -> pd.DataFrame:
    """Months sent back to the kab/kota the actor may see: kab_kota_code, kab_kota, year, month, note, by, at."""
    stmt = (select(MonthlyReport.kab_kota_code, KabKota.name, MonthlyReport.year, MonthlyReport.month,
                   MonthlyReport.note, MonthlyReport.decided_by, MonthlyReport.decided_at)
            .join(KabKota, KabKota.code == MonthlyReport.kab_kota_code)
            .where(MonthlyReport.state == "dikembalikan", MonthlyReport.deleted_at.is_(None))
            .order_by(MonthlyReport.year.desc(), MonthlyReport.month.desc(), MonthlyReport.kab_kota_code))
    if actor.kab_kota_code:
        stmt = stmt.where(MonthlyReport.kab_kota_code == actor.kab_kota_code)
    elif actor.province_code:
        stmt = stmt.where(KabKota.province_code == actor.province_code)
    return pd.DataFrame(session.exec(stmt).all(),
                        columns=["kab_kota_code", "kab_kota", "year", "month", "note", "decided_by", "decided_at"])
