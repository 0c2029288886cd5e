"""The figures of a laporan wilayah, read through the dashboards' own query functions and scoped.

`collect` returns one `Report`: the figures as plain JSON-ready data (what the JSON file holds and
what the PDF and the workbook print) and the dashboards' frames behind the charts.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

import pandas as pd
from sqlmodel import Session, func, select

from kesos import clock, dashboards, fmt, queries, takeaways, vocab
from kesos.dashboards import View
from kesos.errors import PermissionDenied, ValidationError
from kesos.models import KabKota, Organisation, Province
from kesos.queries import Filters
from kesos.queries.activity import activity_timeline
from kesos.queries.aid import aid_by_item, aid_by_source_per_year, csr_by_company
from kesos.queries.beneficiary import beneficiaries_by_kab_kota, beneficiaries_by_month, beneficiaries_by_type
from kesos.queries.branch import branch_coverage
from kesos.queries.lks import lks_by_type_per_kab_kota
from kesos.security import Actor

FIRST_YEAR, LAST_YEAR = 1990, 2100
SOURCE = "Basis data Kesos"


@dataclass(frozen=True)
class ReportRequest:
    """What a user asks for: a province or one kab/kota of it, over whole years."""

    province_code: str | None
    kab_kota_code: str | None
    year_from: int
    year_to: int

    def to_json(self) -> dict:
        return {"province_code": self.province_code, "kab_kota_code": self.kab_kota_code,
                "year_from": self.year_from, "year_to": self.year_to}


@dataclass
class Report:
    filters: Filters  # scoped to the actor
    view: View
    meta: dict  # number, title, place, period, when, who, source
    figures: dict  # the sections, JSON-ready
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)  # panel key -> frame, for the charts
    logo: bytes | None = None  # the body's letterhead logo (PNG), printed, not in the JSON

    @property
    def period_label(self) -> str:
        return takeaways.years_label(self.filters.year_from, self.filters.year_to)

    def to_json(self) -> dict:
        return {"report": self.meta, **self.figures}


def scoped_filters(actor: Actor, request: ReportRequest) -> Filters:
    """The request clamped to the actor's scope; refuses another kab/kota or province, and nonsense."""
    errors = {}
    for name, year in (("year_from", request.year_from), ("year_to", request.year_to)):
        if not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
            errors[name] = f"Tahun harus antara {FIRST_YEAR} dan {LAST_YEAR}."
    if not errors and request.year_from > request.year_to:
        errors["year_from"] = "Tahun awal tidak boleh sesudah tahun akhir."
    if (request.kab_kota_code and request.province_code
            and not request.kab_kota_code.startswith(f"{request.province_code}.")):
        errors["kab_kota_code"] = "Kab/kota ini bukan bagian dari provinsi yang dipilih."
    if errors:
        raise ValidationError(errors)
    filters = queries.scoped(actor, Filters(
        province_code=request.province_code, kab_kota_code=request.kab_kota_code,
        year_from=request.year_from, year_to=request.year_to))
    if not filters.province_code:
        raise ValidationError({"province_code": "Pilih provinsi laporan."})
    return filters


def letterhead(organisation: Organisation | None) -> dict | None:
    """What the kop surat and the signature block print: the body's name, address, chair, place of signing."""
    if organisation is None:
        return None
    return {"acronym": organisation.acronym, "name": organisation.name, "address": organisation.address,
            "chair_name": organisation.chair_name, "signature_place": organisation.signature_place}


def _records(frame: pd.DataFrame, columns: dict[str, str]) -> list[dict]:
    """Frame rows as dicts with the JSON names in `columns` (frame column -> name), plain Python values."""
    rows = []
    for values in frame[list(columns)].itertuples(index=False):
        rows.append({name: _plain(value) for name, value in zip(columns.values(), values)})
    return rows


def _plain(value):
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _lks(session: Session, filters: Filters) -> tuple[dict, dict]:
    frame = lks_by_type_per_kab_kota(session, filters)
    per_type = frame.groupby("lks_type")["count"].sum()
    by_type = [{"lks_type": code, "label": label, "count": int(per_type.get(code, 0))}
               for code, label in vocab.LKS_TYPES.items() if per_type.get(code, 0)]
    by_kab_kota = []
    for (code, name), rows in frame.groupby(["kab_kota_code", "kab_kota"], sort=True):
        counts = dict(zip(rows["lks_type"], rows["count"].astype(int)))
        by_kab_kota.append({"kab_kota_code": code, "kab_kota": name,
                            "by_type": {t: int(counts.get(t, 0)) for t in vocab.LKS_TYPES if counts.get(t)},
                            "total": int(sum(counts.values()))})
    return {"lks_by_type": by_type, "lks_by_kab_kota": by_kab_kota}, {"lks-per-kab-kota": frame}


def _beneficiaries(session: Session, filters: Filters, month: int | None) -> tuple[dict, dict]:
    year = filters.year
    by_month = beneficiaries_by_month(session, filters)
    by_type = beneficiaries_by_type(session, filters)
    by_kab_kota = beneficiaries_by_kab_kota(session, filters)
    this_year = by_month[by_month["year"] == year]
    people = {"women": "women", "men": "men", "total": "total"}
    latest_type = by_type[(by_type["year"] == year) & (by_type["month"] == month)]
    latest_kab_kota = by_kab_kota[(by_kab_kota["year"] == year) & (by_kab_kota["month"] == month)]
    figures = {
        "beneficiaries_by_month": _records(this_year, {"month": "month", **people}),
        "beneficiaries_by_type": [
            {"lks_type": row["lks_type"], "label": row["type_label"], "women": row["women"], "men": row["men"],
             "total": row["total"]}
            for row in _records(latest_type, {"lks_type": "lks_type", "type_label": "type_label", **people})
        ],
        "beneficiaries_by_kab_kota": _records(
            latest_kab_kota.sort_values("kab_kota_code"),
            {"kab_kota_code": "kab_kota_code", "kab_kota": "kab_kota", **people}),
    }
    return figures, {"penerima-per-bulan": by_month}


def _aid(session: Session, filters: Filters) -> tuple[dict, dict]:
    by_source = aid_by_source_per_year(session, filters)
    by_item = aid_by_item(session, filters)
    by_company = csr_by_company(session, filters)
    source_totals = by_source.groupby("source_kind")[["value", "distributions"]].sum()
    sources = [{"source_kind": kind, "label": label, "value": int(source_totals.loc[kind, "value"]),
                "distributions": int(source_totals.loc[kind, "distributions"])}
               for kind, label in vocab.FUNDING_SOURCE_KINDS.items() if kind in source_totals.index]
    companies = []
    if not by_company.empty:
        totals = (by_company.groupby(["rank", "company"], as_index=False)[["value", "distributions"]].sum()
                  .sort_values("rank"))
        companies = _records(totals, {"company": "company", "value": "value", "distributions": "distributions"})
    figures = {
        "aid_by_item": _records(by_item, {"item": "item", "unit": "unit", "quantity": "quantity", "value": "value",
                                          "distributions": "distributions"}),
        "aid_by_source": sources,
        "csr_by_company": companies,
    }
    return figures, {"bantuan-per-sumber": by_source, "csr-per-perusahaan": by_company, "bantuan-per-barang": by_item}


def _branches(session: Session, filters: Filters) -> tuple[dict, dict]:
    frame = branch_coverage(session, filters)
    columns = {"kab_kota_code": "kab_kota_code", "kab_kota": "kab_kota", "branch_name": "branch_name",
               "decree_date": "decree_date", "chair_name": "chair_name", "term_start": "term_start",
               "term_end": "term_end"}
    as_of = frame["as_of"].iloc[0] if not frame.empty else None
    figures = {"branches": {
        "as_of": _plain(as_of),
        "formed": _records(frame[frame["is_formed"]], columns),
        "not_formed": _records(frame[~frame["is_formed"]], {"kab_kota_code": "kab_kota_code",
                                                            "kab_kota": "kab_kota"}),
    }}
    return figures, {"cakupan-cabang": frame}


def _activities(session: Session, filters: Filters) -> tuple[dict, dict]:
    frame = activity_timeline(session, filters)
    figures = {"activities": _records(frame, {
        "start_date": "start_date", "end_date": "end_date", "kind": "kind", "kind_label": "kind_label",
        "title": "title", "place": "place", "participants": "participants", "host_kab_kota": "host_kab_kota"})}
    return figures, {"kegiatan": frame}


def _partial_note(year: int, headline: dict) -> str | None:
    """'November 2026: baru 2 dari 13 kab/kota melapor' when the year's newest month is partial."""
    partial = headline.get("beneficiaries_partial")
    if not partial:
        return None
    return takeaways.partial_note(year, partial["month"], partial["complete_kab_kota"], partial["expected_kab_kota"])


def _approved_months(session: Session, filters: Filters) -> list[dict]:
    """For each month of the last year begun: how many kab/kota of the region had it approved (locked)."""
    from kesos.queries.reporting import approved_months

    total = 1 if filters.kab_kota_code else session.exec(
        select(func.count()).select_from(KabKota).where(KabKota.province_code == filters.province_code)).one()
    approved = approved_months(session, filters, filters.year, filters.year)
    per_month = approved.groupby("month").size().to_dict() if not approved.empty else {}
    today = clock.today()
    last = 12 if filters.year < today.year else today.month if filters.year == today.year else 0
    return [{"month": f"{filters.year}-{m:02d}", "approved_kab_kota": int(per_month.get(m, 0)), "kab_kota": int(total)}
            for m in range(1, last + 1)]


def resolve(session: Session, actor: Actor, request: ReportRequest
            ) -> tuple[Filters, Province, KabKota | None, Organisation | None]:
    """The request's scoped filters, its province and kab/kota, and the province's body (for the letterhead);
    refuses what the actor may not see. The laporan and the rakor deck start here."""
    filters = scoped_filters(actor, request)
    province = session.get(Province, filters.province_code)
    if province is None:
        raise ValidationError({"province_code": "Provinsi tidak dikenal."})
    kab_kota = session.get(KabKota, filters.kab_kota_code) if filters.kab_kota_code else None
    if filters.kab_kota_code and kab_kota is None:
        raise ValidationError({"kab_kota_code": "Kab/kota tidak dikenal."})
    if filters.kab_kota_code and not actor.may_see_kab_kota(filters.kab_kota_code):
        raise PermissionDenied("Anda tidak berhak melihat data kab/kota ini.")
    organisation = session.exec(select(Organisation).where(
        Organisation.province_code == province.code, Organisation.deleted_at.is_(None))).first()
    return filters, province, kab_kota, organisation


def collect(session: Session, actor: Actor, request: ReportRequest, *, number: int | None = None,
            generated_at: datetime | None = None) -> Report:
    """Every figure of the report, scoped to the actor; refuses what the actor may not see."""
    filters, province, kab_kota, organisation = resolve(session, actor, request)

    headline = queries.headline(session, filters)
    figures: dict = {}
    frames: dict = {}
    for part in (_lks(session, filters), _beneficiaries(session, filters, headline["beneficiaries_month"]),
                 _aid(session, filters), _branches(session, filters), _activities(session, filters)):
        figures.update(part[0])
        frames.update(part[1])

    # Over a range of years the aid and activity totals cover the whole range, like their sections.
    aid = frames["bantuan-per-sumber"]
    csr = next((s for s in figures["aid_by_source"] if s["source_kind"] == "csr"), None)
    month = headline["beneficiaries_month"]
    figures = {"headline": {
        "lks": int(headline["lks"]),
        "beneficiaries": int(headline["beneficiaries"]),
        "beneficiaries_month": f"{filters.year}-{month:02d}" if month else None,
        "aid_value": int(aid["value"].sum()),
        "aid_distributions": int(aid["distributions"].sum()),
        "aid_value_csr": csr["value"] if csr else 0,
        "csr_companies": len(figures["csr_by_company"]),
        "activities": len(figures["activities"]),
        "activity_participants": int(sum(a["participants"] or 0 for a in figures["activities"])),
        "branches_formed": int(headline["branches_formed"]),
        "branches_total": int(headline["branches_total"]),
    }, **figures}

    from kesos.reports import pusat_data

    part = pusat_data.collect(session, actor, filters)
    figures.update(part[0])
    frames.update(part[1])
    figures["headline"]["beneficiaries_note"] = _partial_note(filters.year, headline)
    figures["approved_months"] = _approved_months(session, filters)

    place = kab_kota.name if kab_kota else f"Provinsi {province.name}"
    period = takeaways.years_label(filters.year_from, filters.year_to)
    generated_at = generated_at or clock.local_now(province.code)
    meta = {
        "number": number,
        "title": f"Laporan Wilayah {place}",
        "period": f"Tahun {period}",
        "organisation": (f"{organisation.acronym} – {organisation.name}" if organisation else None),
        "letterhead": letterhead(organisation),
        "province_code": province.code,
        "province": province.name,
        "kab_kota_code": kab_kota.code if kab_kota else None,
        "kab_kota": kab_kota.name if kab_kota else None,
        "year_from": filters.year_from,
        "year_to": filters.year_to,
        "generated_at": generated_at.isoformat(timespec="seconds"),
        "generated_by": actor.username,
        "source": f"{SOURCE} ({organisation.acronym if organisation else province.name}), "
                  f"data per {fmt.waktu(generated_at, province.code)}",
    }
    view = View(takeaways.place_name(province.code, province.name, kab_kota.name if kab_kota else None),
                filters.year_from, filters.year_to)
    return Report(filters=filters, view=view, meta=meta, figures=figures, frames=frames,
                  logo=organisation.logo if organisation else None)


def panel_charts(report: Report) -> list[tuple[str, str, str, object]]:
    """(key, title, takeaway, chart) of each chart the report shows, built by the dashboards' panels.

    One kab/kota's report leaves out the branch board: a single row says nothing its table does not.
    """
    shown = []
    for panel in (dashboards.LKS_PER_KAB_KOTA, dashboards.BENEFICIARIES_BY_MONTH, dashboards.AID_BY_SOURCE,
                  dashboards.CSR_BY_COMPANY, dashboards.AID_BY_ITEM, dashboards.BRANCH_COVERAGE,
                  dashboards.ACTIVITY_TIMELINE, dashboards.PPKS_TOP_NEEDS):
        frame = report.frames.get(panel.key)
        if frame is None or panel.is_empty(frame):
            continue
        if panel is dashboards.BRANCH_COVERAGE and report.filters.kab_kota_code:
            continue
        # One year's sources make a single stacked bar; the table says it better.
        if panel is dashboards.AID_BY_SOURCE and report.filters.year_from == report.filters.year_to:
            continue
        shown.append((panel.key, panel.title(report.view), panel.takeaway(frame, report.view),
                      panel.chart(frame, report.view)))
    return shown
