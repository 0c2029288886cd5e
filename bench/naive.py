"""The naive way to draw the dashboards: read whole tables into pandas and group there.

The benchmark's baseline, and the tests' independent reference: each function returns the same
frame as the `kesos.queries` function of the same name, computed without SQL aggregates and
without the summary tables.
"""

from datetime import date

import pandas as pd
from sqlalchemy import Connection

from kesos import vocab
from kesos.queries import Filters


class Tables:
    """Whole tables read once (per page, in the benchmark), with only the columns the charts use."""

    COLUMNS = {
        "lks": "id, kab_kota_code, lks_type, registered_on, closed_on, deleted_at",
        "beneficiary_count": "lks_id, year, month, women, men, deleted_at",
        "aid_distribution": "distributed_on, aid_item_id, quantity, value_rupiah, kab_kota_code, funding_source_id,"
                            " deleted_at",
        "funding_source": "id, kind, name",
        "aid_item": "id, name, unit",
        "kab_kota": "code, name",
    }

    def __init__(self, connection: Connection):
        self.connection = connection
        self._frames: dict[str, pd.DataFrame] = {}

    def __getitem__(self, table: str) -> pd.DataFrame:
        if table not in self._frames:
            frame = pd.read_sql(f"SELECT {self.COLUMNS[table]} FROM {table}", self.connection)  # nosec B608
            for column in ("registered_on", "closed_on", "distributed_on"):
                if column in frame:
                    frame[column] = pd.to_datetime(frame[column])
            self._frames[table] = frame
        return self._frames[table]


def _region(frame: pd.DataFrame, column: str, filters: Filters) -> pd.DataFrame:
    if filters.kab_kota_code:
        return frame[frame[column] == filters.kab_kota_code]
    if filters.province_code:
        return frame[frame[column].str.startswith(filters.province_code + ".")]
    return frame


def _alive(lks: pd.DataFrame, year: int) -> pd.DataFrame:
    end = pd.Timestamp(date(year, 12, 31))
    return lks[lks["deleted_at"].isna() & (lks["registered_on"] <= end)
               & (lks["closed_on"].isna() | (lks["closed_on"] > end))]


def lks_count_by_year(t: Tables, filters: Filters) -> pd.DataFrame:
    lks = _region(t["lks"], "kab_kota_code", filters)
    if filters.lks_type:
        lks = lks[lks["lks_type"] == filters.lks_type]
    parts = []
    for year in range(filters.year_from or filters.year, filters.year + 1):
        counts = _alive(lks, year).groupby("lks_type").size().reset_index(name="count")
        parts.append(counts.assign(year=year))
    frame = pd.concat(parts, ignore_index=True)[["year", "lks_type", "count"]] if parts else pd.DataFrame()
    frame = frame.sort_values(["year", "lks_type"], ignore_index=True)
    frame["type_label"] = frame["lks_type"].map(vocab.LKS_TYPES)
    return frame


def lks_by_type_per_kab_kota(t: Tables, filters: Filters) -> pd.DataFrame:
    lks = _alive(_region(t["lks"], "kab_kota_code", filters), filters.year)
    if filters.lks_type:
        lks = lks[lks["lks_type"] == filters.lks_type]
    frame = (lks.merge(t["kab_kota"], left_on="kab_kota_code", right_on="code")
             .groupby(["kab_kota_code", "name", "lks_type"]).size().reset_index(name="count")
             .rename(columns={"name": "kab_kota"}).sort_values(["kab_kota_code", "lks_type"], ignore_index=True))
    frame["type_label"] = frame["lks_type"].map(vocab.LKS_TYPES)
    return frame


def _counts(t: Tables, filters: Filters) -> pd.DataFrame:
    counts = t["beneficiary_count"]
    counts = counts[counts["deleted_at"].isna() & counts["year"].isin([filters.year - 1, filters.year])]
    lks = t["lks"]
    lks = _region(lks[lks["deleted_at"].isna()], "kab_kota_code", filters)
    if filters.lks_type:
        lks = lks[lks["lks_type"] == filters.lks_type]
    return counts.merge(lks[["id", "kab_kota_code", "lks_type"]], left_on="lks_id", right_on="id")


def _people(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    frame = frame.groupby(["year", "month", *by], as_index=False)[["women", "men"]].sum()
    frame = frame.sort_values(["year", "month", *by], ignore_index=True)
    frame["total"] = frame["women"] + frame["men"]
    return frame


def beneficiaries_by_month(t: Tables, filters: Filters) -> pd.DataFrame:
    return _people(_counts(t, filters), [])


def beneficiaries_by_type(t: Tables, filters: Filters) -> pd.DataFrame:
    frame = _people(_counts(t, filters), ["lks_type"])
    frame["type_label"] = frame["lks_type"].map(vocab.LKS_TYPES)
    return frame


def beneficiaries_by_kab_kota(t: Tables, filters: Filters) -> pd.DataFrame:
    frame = _counts(t, filters).merge(t["kab_kota"], left_on="kab_kota_code", right_on="code")
    return _people(frame.rename(columns={"name": "kab_kota"}), ["kab_kota_code", "kab_kota"])


def _distributions(t: Tables, filters: Filters) -> pd.DataFrame:
    aid = t["aid_distribution"]
    first, last = pd.Timestamp(date(filters.year_from or filters.year, 1, 1)), pd.Timestamp(date(filters.year, 12, 31))
    aid = aid[aid["deleted_at"].isna() & (aid["distributed_on"] >= first) & (aid["distributed_on"] <= last)]
    aid = _region(aid, "kab_kota_code", filters)
    aid = aid.merge(t["aid_item"].rename(columns={"id": "aid_item_id", "name": "item"}), on="aid_item_id")
    aid = aid.merge(t["funding_source"].rename(columns={"id": "funding_source_id", "name": "company"}),
                    on="funding_source_id")
    return aid.assign(year=aid["distributed_on"].dt.year)


def _per_unit(aid: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    frame = aid.groupby(by, as_index=False).agg(value=("value_rupiah", "sum"), distributions=("value_rupiah", "size"))
    for unit in vocab.UNITS:
        quantity = aid[aid["unit"] == unit].groupby(by)["quantity"].sum().rename(unit)
        frame = frame.merge(quantity, left_on=by, right_index=True, how="left")
        frame[unit] = frame[unit].fillna(0).astype(int)
    return frame.sort_values(by, ignore_index=True)


def aid_by_source_per_year(t: Tables, filters: Filters) -> pd.DataFrame:
    frame = _per_unit(_distributions(t, filters), ["year", "kind"]).rename(columns={"kind": "source_kind"})
    frame["source_label"] = frame["source_kind"].map(vocab.FUNDING_SOURCE_KINDS)
    return frame


def csr_by_company(t: Tables, filters: Filters) -> pd.DataFrame:
    """Per CSR company and year, ranked over the range (the top ten and the rest, as the query does)."""
    from kesos.queries.aid import OTHERS, TOP_COMPANIES

    aid = _distributions(t, filters)
    aid = aid[aid["kind"] == "csr"]
    frame = aid.groupby(["funding_source_id", "company", "year"], as_index=False).agg(
        value=("value_rupiah", "sum"), distributions=("value_rupiah", "size"))
    if frame.empty:
        return frame.drop(columns="funding_source_id").assign(rank=pd.Series(dtype=int))
    totals = frame.groupby("funding_source_id")["value"].sum().sort_values(ascending=False, kind="stable")
    frame["rank"] = frame["funding_source_id"].map({s: i + 1 for i, s in enumerate(totals.index)})
    others = frame["rank"] > TOP_COMPANIES
    if others.any():
        count = frame.loc[others, "funding_source_id"].nunique()
        tail = (frame[others].groupby("year", as_index=False)[["value", "distributions"]].sum()
                .assign(company=f"{OTHERS} ({count} perusahaan)", rank=TOP_COMPANIES + 1))
        frame = pd.concat([frame[~others], tail], ignore_index=True)
    return frame.sort_values(["rank", "year"], ignore_index=True)[["company", "year", "value", "distributions", "rank"]]


def aid_by_item(t: Tables, filters: Filters) -> pd.DataFrame:
    aid = _distributions(t, filters)
    frame = aid.groupby(["item", "unit"], as_index=False).agg(
        quantity=("quantity", "sum"), value=("value_rupiah", "sum"), distributions=("value_rupiah", "size"))
    return frame.sort_values(["value", "item"], ascending=[False, True], ignore_index=True)


def aid_by_kab_kota(t: Tables, filters: Filters) -> pd.DataFrame:
    aid = _distributions(t, filters).merge(t["kab_kota"].rename(columns={"code": "kab_kota_code", "name": "kab_kota"}),
                                           on="kab_kota_code")
    return _per_unit(aid, ["kab_kota_code", "kab_kota"])


def headline(t: Tables, filters: Filters) -> dict:
    """The figures of the overview that come from the big tables (LKS, people served, aid)."""
    year = filters.year
    lks = _alive(_region(t["lks"], "kab_kota_code", filters), year)
    counts = _counts(t, Filters(province_code=filters.province_code, kab_kota_code=filters.kab_kota_code,
                                year_to=year))
    counts = counts[counts["year"] == year]
    month = int(counts["month"].max()) if not counts.empty else None
    people = int((counts.loc[counts["month"] == month, "women"] + counts.loc[counts["month"] == month, "men"]).sum())
    aid = _distributions(t, Filters(province_code=filters.province_code, kab_kota_code=filters.kab_kota_code,
                                    year_from=year, year_to=year))
    return {"year": year, "lks": len(lks), "beneficiaries": people if month else 0, "beneficiaries_month": month,
            "aid_value": int(aid["value_rupiah"].sum()), "aid_count": len(aid)}


FUNCTIONS = {f.__name__: f for f in (
    headline, lks_count_by_year, lks_by_type_per_kab_kota, beneficiaries_by_month, beneficiaries_by_type,
    beneficiaries_by_kab_kota, aid_by_source_per_year, csr_by_company, aid_by_item, aid_by_kab_kota)}
