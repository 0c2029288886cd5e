"""Pusat data reads: PPKS and PSKS counts per kab/kota, category and year, scoped to the acting user."""

import pandas as pd
from sqlmodel import Session, func, select

from kesos import vocab
from kesos.models import KabKota, WelfareCount
from kesos.queries import Filters, plain_rows
from kesos.security import Actor

COLUMNS = ["kind", "kab_kota_code", "kab_kota", "year", "category", "short", "label", "count", "source",
           "figures_on"]


def counts(session: Session, actor: Actor, kind: str, years: list[int], province_code: str | None = None,
           kab_kota_code: str | None = None) -> pd.DataFrame:
    """The stored figures of the years, one row per kab/kota, year and category (what the export and
    the dashboards read): kind, kab_kota_code, kab_kota, year, category, short, label, count, source,
    figures_on. Limited to the actor's scope, then to the province or kab/kota asked for."""
    return _counts(session, kind, years, (actor.kab_kota_code, kab_kota_code), (actor.province_code, province_code))


def region_counts(session: Session, filters: Filters, kind: str, years: list[int]) -> pd.DataFrame:
    """`counts` for filters already scoped to the actor (`queries.scoped`), as the panels read them."""
    return _counts(session, kind, years, (filters.kab_kota_code,), (filters.province_code,))


def _counts(session: Session, kind: str, years: list[int], kab_kota_codes: tuple, province_codes: tuple
            ) -> pd.DataFrame:
    stmt = (select(WelfareCount.kind, WelfareCount.kab_kota_code, KabKota.name, WelfareCount.year,
                   WelfareCount.category, WelfareCount.count, WelfareCount.source, WelfareCount.figures_on)
            .join(KabKota, KabKota.code == WelfareCount.kab_kota_code)
            .where(WelfareCount.kind == kind, WelfareCount.year.in_(sorted({int(year) for year in years})),
                   WelfareCount.deleted_at.is_(None))
            .order_by(WelfareCount.year, WelfareCount.kab_kota_code, WelfareCount.category))
    for code in kab_kota_codes:
        if code:
            stmt = stmt.where(WelfareCount.kab_kota_code == code)
    for code in province_codes:
        if code:
            stmt = stmt.where(KabKota.province_code == code)
    frame = pd.DataFrame(plain_rows(session, stmt),
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


def change_on_last_year(session: Session, actor: Actor, kind: str, year: int, province_code: str | None = None,
                        kab_kota_code: str | None = None) -> pd.DataFrame:
    """Each kab/kota and category: the year's figure, last year's, and the change (None where either
    year was not reported): kab_kota_code, kab_kota, category, short, count, previous, change."""
    frame = counts(session, actor, kind, [year - 1, year], province_code, kab_kota_code)
    keys = ["kab_kota_code", "kab_kota", "category", "short"]
    now = frame[frame["year"] == year].set_index(keys)["count"]
    before = frame[frame["year"] == year - 1].set_index(keys)["count"]
    result = pd.DataFrame({"count": now}).join(before.rename("previous"), how="left").reset_index()
    result["change"] = result["count"] - result["previous"]
    return result[keys + ["count", "previous", "change"]]


def top_needs(session: Session, actor: Actor, year: int, n: int = 3, province_code: str | None = None,
              kab_kota_code: str | None = None) -> pd.DataFrame:
    """The `n` largest PPKS categories of each kab/kota in the year: kab_kota_code, kab_kota, rank, category,
    short, count (ties broken by the regulation's order)."""
    frame = counts(session, actor, "ppks", [year], province_code, kab_kota_code)
    order = {category: i for i, category in enumerate(vocab.PPKS_CATEGORIES)}
    frame = frame.assign(order=frame["category"].map(order)).sort_values(
        ["kab_kota_code", "count", "order"], ascending=[True, False, True])
    frame["rank"] = frame.groupby("kab_kota_code").cumcount() + 1
    return frame[frame["rank"] <= n][["kab_kota_code", "kab_kota", "rank", "category", "short", "count"]] \
        .reset_index(drop=True)


SERVING = ("psp", "tksk", "lks")  # the resources asked about: social workers, TKSK, LKS


def psks_per_ppks(session: Session, actor: Actor, year: int, province_code: str | None = None,
                  kab_kota_code: str | None = None) -> pd.DataFrame:
    """Per kab/kota: PPKS (people) in the year, social workers, TKSK and LKS reported, and PPKS per each
    (None where none is reported): kab_kota_code, kab_kota, ppks, psp, tksk, lks, ppks_per_psp, ..."""
    ppks = (counts(session, actor, "ppks", [year], province_code, kab_kota_code)
            .groupby(["kab_kota_code", "kab_kota"])["count"].sum())
    psks = counts(session, actor, "psks", [year], province_code, kab_kota_code)
    psks = psks[psks["category"].isin(SERVING)].pivot_table(index=["kab_kota_code", "kab_kota"], columns="category",
                                                            values="count", aggfunc="sum")
    result = pd.DataFrame({"ppks": ppks}).join(psks, how="outer")
    for category in SERVING:
        if category not in result:
            result[category] = pd.NA
        per = result["ppks"] / result[category].where(result[category] > 0)
        result[f"ppks_per_{category}"] = per.round(0)
    return result.reset_index()


# --- The panels' reads (kesos.dashboards): scoped filters in, the figures of one year out ---------------

ALL = "semua"  # the map's choice for the PPKS of every category together


def ppks_by_kab_kota(session: Session, filters: Filters) -> pd.DataFrame:
    """The PPKS map: each kab/kota that reported the filter's year, per category, with last year's figure
    (None where that year was not reported): kab_kota_code, kab_kota, year, category, short, count,
    previous, source, figures_on, kab_kota_total (kab/kota in the region). Kab/kota that did not report
    the year have no rows."""
    year = filters.year
    frame = region_counts(session, filters, "ppks", [year - 1, year])
    keys = ["kab_kota_code", "kab_kota", "category", "short"]
    now = frame[frame["year"] == year]
    before = frame[frame["year"] == year - 1].set_index(keys)["count"].rename("previous")
    result = now.join(before, on=keys).assign(kab_kota_total=_kab_kota_in(session, filters))
    return result[["kab_kota_code", "kab_kota", "year", "category", "short", "count", "previous", "source",
                   "figures_on", "kab_kota_total"]].reset_index(drop=True)


def latest_ppks_year(session: Session, filters: Filters) -> int | None:
    """The newest year up to the filter's with PPKS figures in its region (PPKS are counted once a year,
    after the year ends, so a rakor early in the year shows last year's)."""
    stmt = (select(func.max(WelfareCount.year)).join(KabKota, KabKota.code == WelfareCount.kab_kota_code)
            .where(WelfareCount.kind == "ppks", WelfareCount.year <= filters.year, WelfareCount.deleted_at.is_(None)))
    if filters.kab_kota_code:
        stmt = stmt.where(WelfareCount.kab_kota_code == filters.kab_kota_code)
    if filters.province_code:
        stmt = stmt.where(KabKota.province_code == filters.province_code)
    return session.exec(stmt).one()


def _kab_kota_in(session: Session, filters: Filters) -> int:
    if filters.kab_kota_code:
        return 1
    stmt = select(func.count()).select_from(KabKota)
    if filters.province_code:
        stmt = stmt.where(KabKota.province_code == filters.province_code)
    return session.exec(stmt).one()


TOP_NEEDS_COLUMNS = ["year", "category", "short", "label", "count", "kab_kota_reported", "count_both",
                     "previous_both", "kab_kota_both", "kab_kota_total", "sources", "figures_on"]


def ppks_top_needs(session: Session, filters: Filters) -> pd.DataFrame:
    """The region's PPKS per category in the newest year with figures (up to the filter's), largest first,
    with how the figures stand: year, category, short, label, count (every kab/kota that reported the
    year), kab_kota_reported, count_both and previous_both (only the kab/kota that reported both this
    year and the one before, so a change is like for like), kab_kota_both, kab_kota_total (kab/kota in
    the region), sources (the labels of the year's sources), figures_on (the newest date of the year's
    figures). The same values of the meta columns on every row; empty when no year has figures."""
    year = latest_ppks_year(session, filters)
    if year is None:
        return pd.DataFrame(columns=TOP_NEEDS_COLUMNS)
    frame = region_counts(session, filters, "ppks", [year - 1, year])
    now, before = frame[frame["year"] == year], frame[frame["year"] == year - 1]
    both = sorted(set(now["kab_kota_code"]) & set(before["kab_kota_code"]))
    per = now.groupby("category")["count"].sum()
    count_both = now[now["kab_kota_code"].isin(both)].groupby("category")["count"].sum()
    previous_both = before[before["kab_kota_code"].isin(both)].groupby("category")["count"].sum()
    order = {category: i for i, category in enumerate(vocab.PPKS_CATEGORIES)}
    result = pd.DataFrame({"category": per.index, "count": per.to_numpy()})
    result = result.assign(order=result["category"].map(order)).sort_values(["count", "order"],
                                                                             ascending=[False, True])
    sources = [vocab.WELFARE_SOURCES[s] for s in vocab.WELFARE_SOURCES if s in set(now["source"])]
    result = result.assign(
        year=year, short=result["category"].map(vocab.PPKS_SHORT), label=result["category"].map(vocab.PPKS_CATEGORIES),
        kab_kota_reported=now["kab_kota_code"].nunique(),
        count_both=result["category"].map(count_both).fillna(0).astype(int) if both else pd.NA,
        previous_both=result["category"].map(previous_both).astype("Int64") if both else pd.NA,
        kab_kota_both=len(both), kab_kota_total=_kab_kota_in(session, filters), sources=", ".join(sources),
        figures_on=now["figures_on"].max())
    return result[TOP_NEEDS_COLUMNS].reset_index(drop=True)
