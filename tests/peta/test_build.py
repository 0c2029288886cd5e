"""The maps under data/peta: every official kab/kota accounted for, each drawn inside its province,
small enough to send to a browser, and exactly what `kesos build-peta` makes of the reference."""

import csv
import json
from pathlib import Path

import pytest

from kesos import peta
from kesos.__main__ import main
from kesos.peta import build

ROOT = Path(__file__).resolve().parents[2]
WILAYAH = ROOT / "data" / "wilayah"
PETA = ROOT / "data" / "peta"
# The reference sits in shared/ beside the clone (CI), or beside the folder of worktrees.
REFERENCE = next((p for p in (ROOT.parent / "shared/reference/peta", ROOT.parent.parent / "shared/reference/peta")
                  if (p / "Kabupaten").is_dir()), None)
needs_reference = pytest.mark.skipif(REFERENCE is None, reason="shared/reference/peta is not beside the clone")
# Named in SOURCE.md: their reference file has no geometry.
WITHOUT_BOUNDARY = {"12.73", "12.76", "13.74", "13.75", "31.01", "33.71", "35.76"}


def _official() -> list[dict]:
    with (WILAYAH / "regencies.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _features(name: str) -> list[dict]:
    return json.loads((PETA / name).read_text(encoding="utf-8"))["features"]


def _rings(feature: dict):
    for polygon in feature["geometry"]["coordinates"]:
        yield from enumerate(polygon)


def _area(ring) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:])) / 2


def test_every_one_of_the_514_kab_kota_is_drawn_once_or_listed_without_boundary():
    official = {row["code"]: row for row in _official()}
    assert len(official) == 514
    index = {row["code"]: row for row in peta.index()}
    assert set(index) == set(official)
    drawn: dict[str, str] = {}
    for province in {row["province_code"] for row in official.values()}:
        for feature in peta.province_features(province):
            code = feature["properties"]["code"]
            assert code not in drawn, f"{code} drawn twice"
            assert official[code]["province_code"] == province and feature["properties"]["name"] == official[code]["name"]
            drawn[code] = province
    missing = set(official) - set(drawn)
    assert missing == WITHOUT_BOUNDARY == {row["code"] for row in peta.without_boundary()}
    assert all(index[code]["has_boundary"] == (code in drawn) for code in official)
    assert len(drawn) == 507


def test_the_aliases_give_the_official_codes_of_names_spelt_otherwise():
    provinces = {r["code"]: r["name"] for r in csv.DictReader((WILAYAH / "provinces.csv").open(encoding="utf-8"))}
    regencies = _official()
    assert build.province_code_of("DKI_Jakarta", provinces) == "31"
    assert build.province_code_of("Kalimantan_Selatan", provinces) == "63"
    cases = {
        ("DKI_Jakarta", "Kota_Administrasi_Jakarta_Barat"): "31.73",  # "Administrasi" is dropped
        ("Sumatera_Utara", "Kota_Padang_Sidempuan"): "12.77",  # Kota Padangsidimpuan
        ("Sulawesi_Selatan", "Kabupaten_Pangkajene_Kepulauan"): "73.10",  # Pangkajene dan Kepulauan
        ("Kalimantan_Selatan", "Kabupaten_Tanah_Bumbu"): "63.10",
        ("Kalimantan_Selatan", "Kota_Banjarbaru"): "63.72",
        ("Gorontalo", "Kabupaten_Pohuwato"): "75.04",
    }
    for (folder, stem), code in cases.items():
        assert build.kab_kota_code_of(folder, stem, regencies, build.province_code_of(folder, provinces)) == code
    assert build.kab_kota_code_of("Gorontalo", "Kabupaten_Pahuwato", regencies, "75") is None  # a misspelt twin
    with pytest.raises(build.BuildError, match="add an alias"):
        build.kab_kota_code_of("Bali", "Kabupaten_Atlantis", regencies, "51")


def test_a_province_map_is_under_300_kb_and_the_national_one_under_2_mb():
    sizes = {path.name: path.stat().st_size for path in PETA.glob("*.json")}
    assert len(sizes) == 39
    assert max(size for name, size in sizes.items() if name != build.NATIONAL_FILE) < 300_000
    assert sizes[build.NATIONAL_FILE] < 2_000_000


def test_outer_rings_turn_clockwise_as_d3_geo_reads_the_inside():
    # An anticlockwise outer ring would fill the whole globe but the kab/kota in Vega's geoshape.
    for path in PETA.glob("*.json"):
        for feature in _features(path.name):
            for index, ring in _rings(feature):
                assert ring[0] == ring[-1] and len(ring) >= 4
                assert (_area(ring) < 0) == (index == 0), (path.name, feature["properties"]["code"])


def test_every_kab_kota_is_drawn_inside_its_province():
    """Against the province boundaries, a separate source: the kab/kota's shape and its name's
    place lie within its province's extent (a kab/kota matched to the wrong name would not)."""
    extents = {}
    for feature in _features(build.NATIONAL_FILE):
        points = [p for _, ring in _rings(feature) for p in ring]
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        extents[feature["properties"]["code"]] = (min(xs) - 0.05, min(ys) - 0.05, max(xs) + 0.05, max(ys) + 0.05)
    for province, (x0, y0, x1, y1) in extents.items():
        for feature in peta.province_features(province):
            props = feature["properties"]
            assert x0 <= props["label_lon"] <= x1 and y0 <= props["label_lat"] <= y1, props
            points = [p for _, ring in _rings(feature) for p in ring]
            inside = sum(x0 <= x <= x1 and y0 <= y <= y1 for x, y in points)
            assert inside >= 0.95 * len(points), props


@needs_reference
def test_the_committed_maps_are_what_build_peta_makes_of_the_reference(tmp_path, capsys):
    assert main(["build-peta", "--source", str(REFERENCE), "--output", str(tmp_path)]) == 0
    assert "nasional" in capsys.readouterr().out
    built = sorted(p.name for p in tmp_path.iterdir())
    assert built == sorted(p.name for p in PETA.iterdir() if p.suffix in (".json", ".csv"))
    for name in built:
        assert (tmp_path / name).read_bytes() == (PETA / name).read_bytes(), f"data/peta/{name} is stale"


@needs_reference
def test_the_name_match_agrees_with_the_codes_left_in_the_reference_files():
    """The reference files keep a village's attributes, among them its kab/kota code (KDPKAB): an
    independent check of the name match wherever the codes did not change since (the four new
    provinces of Papua, 93-96, kept their old 91/92 codes there)."""
    checked = 0
    for m in build.match(REFERENCE):
        if not m.source or m.province_code in {"93", "94", "95", "96"}:
            continue
        props = json.loads((REFERENCE / m.source).read_text(encoding="utf-8"))["features"][0]["properties"]
        assert props["KDPKAB"] == m.code, m.source
        checked += 1
    assert checked > 480


def test_build_peta_refuses_a_folder_without_the_reference(tmp_path, capsys):
    assert main(["build-peta", "--source", str(tmp_path)]) == 2
    assert "Peta tidak dibuat" in capsys.readouterr().err
