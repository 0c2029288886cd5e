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


def change_on_last_year(session: Session, actor: Actor, kind: str, year: int, province_code: str | None = None
                        ) -> pd.DataFrame:
    """Each kab/kota and category: the year's figure, last year's, and the change (None where either
    year was not reported): kab_kota_code, kab_kota, category, short, count, previous, change."""
    frame = counts(session, actor, kind, [year - 1, year], province_code)
    keys = ["kab_kota_code", "kab_kota", "category", "short"]
    now = frame[frame["year"] == year].set_index(keys)["count"]
    before = frame[frame["year"] == year - 1].set_index(keys)["count"]
    result = pd.DataFrame({"count": now}).join(before.rename("previous"), how="left").reset_index()
    result["change"] = result["count"] - result["previous"]
    return result[keys + ["count", "previous", "change"]]


def top_needs(session: Session, actor: Actor, year: int, n: int = 3, province_code: str | None = None
              ) -> pd.DataFrame:
    """The `n` largest PPKS categories of each kab/kota in the year: kab_kota_code, kab_kota, rank, category,
    short, count (ties broken by the regulation's order)."""
    frame = counts(session, actor, "ppks", [year], province_code)
    order = {category: i for i, category in enumerate(vocab.PPKS_CATEGORIES)}
    frame = frame.assign(order=frame["category"].map(order)).sort_values(
        ["kab_kota_code", "count", "order"], ascending=[True, False, True])
    frame["rank"] = frame.groupby("kab_kota_code").cumcount() + 1
    return frame[frame["rank"] <= n][["kab_kota_code", "kab_kota", "rank", "category", "short", "count"]] \
        .reset_index(drop=True)


SERVING = ("psp", "tksk", "lks")  # the resources asked about: social workers, TKSK, LKS


def psks_per_ppks(session: Session, actor: Actor, year: int, province_code: str | None = None) -> pd.DataFrame:
    """Per kab/kota: PPKS (people) in the year, social workers, TKSK and LKS reported, and PPKS per each
    (None where none is reported): kab_kota_code, kab_kota, ppks, psp, tksk, lks, ppks_per_psp, ..."""
    ppks = counts(session, actor, "ppks", [year], province_code).groupby(["kab_kota_code", "kab_kota"])["count"].sum()
    psks = counts(session, actor, "psks", [year], province_code)
    psks = psks[psks["category"].isin(SERVING)].pivot_table(index=["kab_kota_code", "kab_kota"], columns="category",
                                                            values="count", aggfunc="sum")
    result = pd.DataFrame({"ppks": ppks}).join(psks, how="outer")
    for category in SERVING:
        if category not in result:
            result[category] = pd.NA
        per = result["ppks"] / result[category].where(result[category] > 0)
        result[f"ppks_per_{category}"] = per.round(0)
    return result.reset_index()
