"""Siapa membantu apa di mana (3W): aid per funding source, kab/kota and item, and the gaps in the cover.

The gaps are the kab/kota with people in need (PPKS) but no aid in the chosen years, no branch, or no
operating LKS of a type their needs call for (`vocab.PPKS_LKS_TYPES`), and those without PPKS figures at
all. Leaders take the list to CSR partners, so every row says the year of the PPKS figures behind it.
"""

import pandas as pd
from sqlalchemy import or_
from sqlmodel import Session, func, select

from kesos import fmt, vocab
from kesos.models import (
    AidDistribution,
    AidItem,
    AidSourceYearly,
    AidYearly,
    Branch,
    FundingSource,
    KabKota,
    Lks,
    Province,
    WelfareCount,
    lks_alive_at,
)
from kesos.queries import Filters, _region_clause, _summary_region, plain_rows
from kesos.queries.aid import _distributions, _sum
from kesos.queries.branch import as_of

WHO_HELPS_COLUMNS = ["source_kind", "source_label", "funding_source_id", "funding_source", "kab_kota_code", "kab_kota",
                     "item", "unit", "quantity", "value", "distributions"]


# The whole country's rows: one per province, kind of source and item (NATIONAL_COLUMNS), not per source.
NATIONAL_COLUMNS = [*WHO_HELPS_COLUMNS, "sources", "largest", "sources_total", "largest_total", "largest_total_value"]


def who_helps_where(session: Session, filters: Filters) -> pd.DataFrame:
    """Aid handed out in the filter's years and region, one row per funding source, kab/kota and item:
    WHO_HELPS_COLUMNS, by kab/kota, then the largest value first. For the whole country, one row per province,
    kind of source and item instead (`national_who_helps_where`)."""
    if filters.province_code is None and filters.kab_kota_code is None:
        return national_who_helps_where(session, filters)
    stmt = (_distributions(filters, FundingSource.kind, FundingSource.id, FundingSource.name,
                           AidDistribution.kab_kota_code, KabKota.name, AidItem.name, AidItem.unit,
                           _sum(AidDistribution.quantity), _sum(AidDistribution.value_rupiah), func.count())
            .join(KabKota, KabKota.code == AidDistribution.kab_kota_code)
            .group_by(FundingSource.kind, FundingSource.id, FundingSource.name, AidDistribution.kab_kota_code,
                      KabKota.name, AidItem.name, AidItem.unit))
    columns = [c for c in WHO_HELPS_COLUMNS if c != "source_label"]
    frame = pd.DataFrame(plain_rows(session, stmt), columns=columns)
    frame.insert(1, "source_label", frame["source_kind"].map(vocab.FUNDING_SOURCE_KINDS))
    return frame.sort_values(["kab_kota_code", "value", "funding_source", "item"], ascending=[True, False, True, True],
                             kind="stable").reset_index(drop=True)


def national_who_helps_where(session: Session, filters: Filters) -> pd.DataFrame:
    """The whole country's 3W from the yearly summaries (kesos.summaries), not a million distributions: per
    province (kab_kota_code holds its code, kab_kota its name, as the other national panels), kind of source
    and item, the value, quantity and distributions (NATIONAL_COLUMNS). `funding_source` says how many sources
    of that kind gave there ("12 sumber dana CSR"), `sources` counts them and `largest` names the one that gave
    most; `sources_total` is the number of sources that gave anywhere, `largest_total` the one that gave most in
    all (its value `largest_total_value`), the same on every row. A source that gave in two provinces counts in
    each of them, once in the totals."""
    first, last = filters.year_from or filters.year, filters.year
    a = AidYearly
    aid = pd.DataFrame(plain_rows(session, select(
        a.province_code, a.source_kind, AidItem.name, AidItem.unit, _sum(a.quantity), _sum(a.value),
        _sum(a.distributions))
        .join(AidItem, AidItem.id == a.aid_item_id)
        .where(a.year.between(first, last), a.distributions > 0)
        .group_by(a.province_code, a.source_kind, AidItem.name, AidItem.unit)),
        columns=["kab_kota_code", "source_kind", "item", "unit", "quantity", "value", "distributions"])
    y = AidSourceYearly
    givers = pd.DataFrame(plain_rows(session, select(y.province_code, y.source_kind, y.funding_source_id,
                                                     FundingSource.name, _sum(y.value))
                                     .join(FundingSource, FundingSource.id == y.funding_source_id)
                                     .where(y.year.between(first, last), y.distributions > 0)
                                     .group_by(y.province_code, y.source_kind, y.funding_source_id, FundingSource.name)),
                          columns=["kab_kota_code", "source_kind", "funding_source_id", "name", "value"])
    if aid.empty:
        return pd.DataFrame(columns=NATIONAL_COLUMNS)
    givers = givers.sort_values(["value", "name"], ascending=[False, True], kind="stable")
    per_kind = givers.groupby(["kab_kota_code", "source_kind"], as_index=False).agg(
        sources=("funding_source_id", "nunique"), largest=("name", "first"))
    overall = givers.groupby(["funding_source_id", "name"], as_index=False)["value"].sum().sort_values(
        ["value", "name"], ascending=[False, True], kind="stable")
    frame = aid.merge(per_kind, on=["kab_kota_code", "source_kind"], how="left")
    frame["sources"] = frame["sources"].fillna(0).astype(int)
    frame["source_label"] = frame["source_kind"].map(vocab.FUNDING_SOURCE_KINDS)
    frame["funding_source_id"] = None
    labels = {pair: f"{fmt.number(pair[0])} sumber dana {pair[1]}"
              for pair in set(zip(frame["sources"], frame["source_label"]))}  # a few hundred, not a row each
    frame["funding_source"] = [labels[pair] for pair in zip(frame["sources"], frame["source_label"])]
    frame["kab_kota"] = frame["kab_kota_code"].map(dict(plain_rows(session, select(Province.code, Province.name))))
    frame["sources_total"] = givers["funding_source_id"].nunique()
    frame["largest_total"] = overall["name"].iloc[0] if not overall.empty else None
    frame["largest_total_value"] = int(overall["value"].iloc[0]) if not overall.empty else 0
    return frame.sort_values(["kab_kota_code", "value", "source_kind", "item"], ascending=[True, False, True, True],
                             kind="stable").reset_index(drop=True)[NATIONAL_COLUMNS]


GAPS = {
    "tanpa_angka": "Belum ada angka PPKS",
    "tanpa_bantuan": "Ada PPKS, belum ada bantuan",
    "tanpa_cabang": "Ada PPKS, cabang belum terbentuk",
    "tanpa_lks": "Ada PPKS, tidak ada LKS jenis yang dibutuhkan",
}
GAP_COLUMNS = ["kab_kota_code", "kab_kota", "gap", "gap_label", "ppks_year", "ppks", "lks_type", "lks_type_label",
               "categories", "people"]


def _kab_kota(session: Session, filters: Filters) -> pd.DataFrame:
    stmt = select(KabKota.code, KabKota.name).where(_region_clause(KabKota.code, filters)).order_by(KabKota.code)
    return pd.DataFrame(plain_rows(session, stmt), columns=["kab_kota_code", "kab_kota"])


def gaps(session: Session, filters: Filters) -> pd.DataFrame:
    """Every gap of every kab/kota of the region, one row each (GAP_COLUMNS), by kab/kota:

    - tanpa_angka: no PPKS figures in any of the filter's years;
    - otherwise the kab/kota's needs are the categories above 0 in its newest year of those (ppks_year,
      ppks its people in all categories), and each of these is a gap: tanpa_bantuan (no aid handed out
      there in the years), tanpa_cabang (no branch formed by the end of the last year, or today if
      sooner), tanpa_lks (one row per LKS type a need calls for with no LKS of that type operating at
      the same day; categories and people are the needs that call for it and find none).
    """
    regions = _kab_kota(session, filters)
    years = list(range(filters.year_from or filters.year, filters.year + 1))
    w = WelfareCount
    ppks = pd.DataFrame(plain_rows(session, select(w.kab_kota_code, w.year, w.category, w.count).where(
        w.kind == "ppks", w.year.between(years[0], years[-1]), w.deleted_at.is_(None),
        _region_clause(w.kab_kota_code, filters))), columns=["kab_kota_code", "year", "category", "count"])
    newest = ppks.groupby("kab_kota_code")["year"].max()
    ppks = ppks[ppks["year"] == ppks["kab_kota_code"].map(newest)]
    needs = {code: own for code, own in ppks[ppks["count"] > 0].groupby("kab_kota_code", sort=False)}
    no_needs = ppks.iloc[0:0]

    # From the yearly aid summary (kesos.summaries), kept current with every distribution saved.
    aided = set(session.exec(select(AidYearly.kab_kota_code).where(
        AidYearly.year.between(years[0], years[-1]), AidYearly.distributions > 0,
        _summary_region(AidYearly, filters)).distinct()).all())
    day = as_of(filters)
    branches = set(session.exec(select(Branch.kab_kota_code).where(
        Branch.deleted_at.is_(None), Branch.is_formed, or_(Branch.decree_date.is_(None), Branch.decree_date <= day),
        _region_clause(Branch.kab_kota_code, filters))).all())
    lks_types = set(session.exec(select(Lks.kab_kota_code, Lks.lks_type).where(
        lks_alive_at(day), _region_clause(Lks.kab_kota_code, filters)).distinct()).all())

    rows = []
    for code, name in regions.itertuples(index=False):
        own = needs.get(code, no_needs)
        if code not in newest.index:
            rows.append(_gap(code, name, "tanpa_angka"))
            continue
        if own.empty:  # every category reported as 0: no need to cover
            continue
        base = {"ppks_year": int(newest[code]), "ppks": int(own["count"].sum())}
        if code not in aided:
            rows.append(_gap(code, name, "tanpa_bantuan", **base, people=base["ppks"]))
        if code not in branches:
            rows.append(_gap(code, name, "tanpa_cabang", **base, people=base["ppks"]))
        uncovered: dict[str, list] = {}
        for category, count in zip(own["category"], own["count"]):
            called = vocab.PPKS_LKS_TYPES[category]
            if called and not any((code, lks_type) in lks_types for lks_type in called):
                for lks_type in called:
                    uncovered.setdefault(lks_type, []).append((category, int(count)))
        for lks_type in (t for t in vocab.LKS_TYPES if t in uncovered):
            listed = uncovered[lks_type]
            rows.append(_gap(code, name, "tanpa_lks", **base, lks_type=lks_type,
                             lks_type_label=vocab.LKS_TYPES[lks_type],
                             categories=", ".join(vocab.PPKS_SHORT[c] for c, _ in listed),
                             people=sum(n for _, n in listed)))
    return pd.DataFrame(rows, columns=GAP_COLUMNS)


def _gap(code: str, name: str, gap: str, **values) -> dict:
    return {"kab_kota_code": code, "kab_kota": name, "gap": gap, "gap_label": GAPS[gap], "ppks_year": None,
            "ppks": None, "lks_type": None, "lks_type_label": None, "categories": None, "people": None, **values}


GAP_SUMMARY_COLUMNS = ["kab_kota_code", "kab_kota", "ppks_year", "ppks", "no_figures", "no_aid", "no_branch",
                       "missing_lks", "missing_lks_people"]


def gaps_by_kab_kota(frame: pd.DataFrame) -> pd.DataFrame:
    """The gaps of `gaps` as one row per kab/kota, for the page: GAP_SUMMARY_COLUMNS, where no_figures,
    no_aid and no_branch say yes or no, missing_lks names the LKS types missing ("Lansia, NAPZA") and
    missing_lks_people the people whose needs call for them (one counted once per type it calls for)."""
    rows = []
    for (code, name), own in frame.groupby(["kab_kota_code", "kab_kota"], sort=True):
        gaps = set(own["gap"])
        lks = own[own["gap"] == "tanpa_lks"]
        rows.append({
            "kab_kota_code": code, "kab_kota": name,
            "ppks_year": None if "tanpa_angka" in gaps else int(own["ppks_year"].iloc[0]),
            "ppks": None if "tanpa_angka" in gaps else int(own["ppks"].iloc[0]),
            "no_figures": "tanpa_angka" in gaps, "no_aid": "tanpa_bantuan" in gaps, "no_branch": "tanpa_cabang" in gaps,
            "missing_lks": ", ".join(vocab.LKS_TYPE_SHORT[t] for t in lks["lks_type"]),
            "missing_lks_people": int(lks["people"].sum()) if not lks.empty else 0,
        })
    return pd.DataFrame(rows, columns=GAP_SUMMARY_COLUMNS)
