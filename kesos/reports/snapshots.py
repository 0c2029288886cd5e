"""Generate a laporan wilayah and keep it as a numbered snapshot; list and fetch snapshots, scoped.

A snapshot is written once and never changed: its number (the row's id) is printed in the report,
and its file is handed back byte for byte, so a figure quoted in minutes can be found again after
the data has moved on.
"""

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date, timezone

import pandas as pd
from sqlalchemy import true
from sqlmodel import Session, select

from kesos import clock
from kesos.errors import NotFound, PermissionDenied, ValidationError
from kesos.models import KabKota, Province, ReportSnapshot
from kesos.reports.figures import Report, ReportRequest, collect
from kesos.security import Actor

FORMATS = {"pdf": "application/pdf",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           "json": "application/json"}
FORMAT_LABELS = {"pdf": "PDF", "xlsx": "Excel", "json": "JSON"}


@dataclass(frozen=True)
class GeneratedReport:
    number: int
    filename: str
    format: str
    content: bytes
    sha256: str

    @property
    def mime(self) -> str:
        return FORMATS[self.format]


def render(report: Report, format: str) -> bytes:
    if format == "pdf":
        from kesos.reports.pdf import render_pdf

        return render_pdf(report)
    if format == "xlsx":
        from kesos.reports.xlsx import render_xlsx

        return render_xlsx(report)
    return (json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def filename(report: Report, format: str) -> str:
    meta = report.meta
    place = meta["kab_kota"] or meta["province"]
    years = str(meta["year_from"]) if meta["year_from"] == meta["year_to"] else f"{meta['year_from']}-{meta['year_to']}"
    return f"laporan-{meta['number']:05d}-{_slug(place)}-{years}.{format}"


def generate(session: Session, actor: Actor, request: ReportRequest, format: str) -> GeneratedReport:
    """Build the report in `format` for the actor, store it as the next numbered snapshot, return it.

    The snapshot row is inserted first to learn its number, which the report prints; the whole
    thing is one transaction, so a failed rendering leaves no empty snapshot behind.
    """
    if format not in FORMATS:
        raise ValidationError({"format": "Format laporan harus PDF, Excel atau JSON."})
    generated_at = clock.now()  # printed in the province's zone by fmt.waktu
    # Checks the scope (and refuses) before anything is written.
    probe = collect(session, actor, request, generated_at=generated_at)
    filters = probe.filters
    snapshot = ReportSnapshot(
        created_at=generated_at.astimezone(timezone.utc), username=actor.username, province_code=filters.province_code,
        kab_kota_code=filters.kab_kota_code, period_start=date(filters.year_from, 1, 1),
        period_end=date(filters.year_to, 12, 31),
        filters=json.dumps({"province_code": filters.province_code, "kab_kota_code": filters.kab_kota_code,
                            "year_from": filters.year_from, "year_to": filters.year_to}),
        format=format, filename="-", content=b"", sha256="-",
    )
    session.add(snapshot)
    session.flush()
    probe.meta["number"] = snapshot.id
    content = render(probe, format)
    snapshot.filename = filename(probe, format)
    snapshot.content = content
    snapshot.sha256 = hashlib.sha256(content).hexdigest()
    session.add(snapshot)
    session.flush()
    return GeneratedReport(snapshot.id, snapshot.filename, format, content, snapshot.sha256)


def _visible(actor: Actor):
    """Snapshots an actor may list: an operator its kab/kota's, others their province's (or all)."""
    if actor.kab_kota_code:
        return ReportSnapshot.kab_kota_code == actor.kab_kota_code
    if actor.province_code:
        return ReportSnapshot.province_code == actor.province_code
    return true()


def list_snapshots(session: Session, actor: Actor, limit: int = 200) -> pd.DataFrame:
    """The newest snapshots the actor may see: number, created_at, username, place, period, format, filename
    (and the province's code, whose zone its time is shown in)."""
    stmt = (
        select(ReportSnapshot.id, ReportSnapshot.created_at, ReportSnapshot.username, Province.name,
               KabKota.name, ReportSnapshot.period_start, ReportSnapshot.period_end, ReportSnapshot.format,
               ReportSnapshot.filename, ReportSnapshot.sha256, ReportSnapshot.province_code)
        .join(Province, Province.code == ReportSnapshot.province_code)
        .outerjoin(KabKota, KabKota.code == ReportSnapshot.kab_kota_code)
        .where(_visible(actor))
        .order_by(ReportSnapshot.id.desc())
        .limit(limit)
    )
    return pd.DataFrame(session.exec(stmt).all(), columns=[
        "number", "created_at", "username", "province", "kab_kota", "period_start", "period_end", "format",
        "filename", "sha256", "province_code"])


def get_snapshot(session: Session, actor: Actor, number: int) -> GeneratedReport:
    """The stored file of snapshot `number`, unchanged; refuses one outside the actor's scope."""
    snapshot = session.get(ReportSnapshot, number)
    if snapshot is None:
        raise NotFound(f"Laporan nomor {number} tidak ada.")
    if snapshot.kab_kota_code:
        allowed = actor.may_see_kab_kota(snapshot.kab_kota_code)
    else:
        allowed = actor.kab_kota_code is None and actor.may_see_province(snapshot.province_code)
    if not allowed:
        raise PermissionDenied("Anda tidak berhak membuka laporan ini.")
    return GeneratedReport(snapshot.id, snapshot.filename, snapshot.format, bytes(snapshot.content),
                           snapshot.sha256)
