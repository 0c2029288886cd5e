"""Pusat data reads: PPKS and PSKS counts per kab/kota, category and year, scoped to the acting user."""

import pandas as pd
from sqlmodel import Session, select

from kesos import vocab
from kesos.models import KabKota, WelfareCount
from kesos.security import Actor

COLUMNS = ["kind", "kab_kota_code", "kab_kota", "year", "category", "short", "label", "count", "source",
           "figures_on"]


def counts(session: Session, actor: Actor, kind: str, years: list[int], province_code: str | None = None,
           kab_kota_code: str | None = None) -> pd.DataFrame:
    """The stored figures of the years, one row per kab/kota, year and category (what the export and
    the dashboards read): kind, kab_kota_code, kab_kota, year, category, short, label, count, source,
    figures_on. Limited to the actor's scope, then to the province or kab/kota asked for."""
    stmt = (select(WelfareCount.kind, WelfareCount.kab_kota_code, KabKota.name, WelfareCount.year,
                   WelfareCount.category, WelfareCount.count, WelfareCount.source, WelfareCount.figures_on)
            .join(KabKota, KabKota.code == WelfareCount.kab_kota_code)
            .where(WelfareCount.kind == kind, WelfareCount.year.in_(sorted({int(year) for year in years})),
                   WelfareCount.deleted_at.is_(None))
            .order_by(WelfareCount.year, WelfareCount.kab_kota_code, WelfareCount.category))
    for code in (actor.kab_kota_code, kab_kota_code):
        if code:
            stmt = stmt.where(WelfareCount.kab_kota_code == code)
    for code in (actor.province_code, province_code):
        if code:
            stmt = stmt.where(KabKota.province_code == code)
    frame = pd.DataFrame(session.exec(stmt).all(),
                         columns=["kind", "kab_kota_code", "kab_kota", "year", "category", "count", "source",
                                  "figures_on"])
    frame["short"] = frame["category"].map(vocab.WELFARE_SHORT[kind])
    frame["label"] = frame["category"].map(vocab.WELFARE_CATEGORIES[kind])
    return frame[COLUMNS]


def export_frame(session: Session, actor: Actor, kind: str, years: list[int], province_code: str | None = None
                 ) -> pd.DataFrame:
    """The figures under the import's column names, so an exported file imports back unchanged."""
    frame = counts(session, actor, kind, years, province_code)
    name = vocab.WELFARE_KINDS[kind]
    return pd.DataFrame({
        "Kabupaten/Kota": frame["kab_kota"], "Tahun": frame["year"], f"Kategori {name}": frame["label"],
        "Jumlah": frame["count"], "Sumber data": frame["source"].map(vocab.WELFARE_SOURCES),
        "Tanggal data": frame["figures_on"],
    })
