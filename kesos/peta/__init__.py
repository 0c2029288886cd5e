"""The kab/kota and province boundaries shipped in `data/peta/` (built by `kesos.peta.build`).

Read from files committed with the app, never fetched: a province's kab/kota with their official
codes, the provinces of Indonesia, and the kab/kota that have no boundary to draw.
"""

import csv
import json
from functools import lru_cache

from kesos.config import DATA_DIR

PETA_DIR = DATA_DIR / "peta"


@lru_cache(maxsize=64)
def _read(name: str) -> str:
    return (PETA_DIR / name).read_text(encoding="utf-8")


def province_features(province_code: str) -> list[dict]:
    """The GeoJSON features of a province's kab/kota: properties code, name, label_lon, label_lat."""
    return json.loads(_read(f"{province_code}.json"))["features"]


def national_features() -> list[dict]:
    """The 38 provinces as GeoJSON features: properties code, name, label_lon, label_lat."""
    return json.loads(_read("provinsi.json"))["features"]


@lru_cache(maxsize=1)
def index() -> tuple[dict, ...]:
    """Every official kab/kota: code, province_code, name, has_boundary (bool), source file."""
    rows = csv.DictReader(_read("kab_kota.csv").splitlines())
    return tuple({**row, "has_boundary": row["has_boundary"] == "1"} for row in rows)


def without_boundary(province_code: str | None = None) -> list[dict]:
    """The kab/kota (of one province, or all) the reference has no boundary for: code, name."""
    return [{"code": row["code"], "name": row["name"]} for row in index()
            if not row["has_boundary"] and (province_code is None or row["province_code"] == province_code)]
