"""Turn the boundary reference files (`reference/peta`) into the app's maps under `data/peta/`.

The reference has one GeoJSON file per kab/kota, named `Kabupaten/<Provinsi>/<Kabupaten|Kota>_<Name>.json`
with no official code inside, and one file per province. Each kab/kota file is matched to its
official code in `data/wilayah/regencies.csv` by province folder and name (case, spaces,
punctuation and the word "Administrasi" ignored, plus the aliases below); a kab/kota whose file
has no geometry, or that has no file, is listed as having no boundary. The geometry is rounded
(3 decimals, about 100 m, for a province; 2 for the national map), simplified with Douglas-Peucker
and rewound clockwise, the orientation d3-geo (Vega's `geoshape`) reads as "the inside".

Run: `uv run python -m kesos build-peta --source ../shared/reference/peta`.
"""

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path

from kesos.config import DATA_DIR

OUT_DIR = DATA_DIR / "peta"
WILAYAH_DIR = DATA_DIR / "wilayah"

# Province folders whose name is not the official one once normalised.
PROVINCE_ALIASES = {"DKI_Jakarta": "31"}  # officially "Daerah Khusus Ibukota Jakarta"
# Kab/kota files whose name is spelt differently from the official one.
KAB_KOTA_ALIASES = {
    ("Sumatera_Utara", "Kota_Padang_Sidempuan"): "12.77",  # Kota Padangsidimpuan
    ("Sulawesi_Selatan", "Kabupaten_Pangkajene_Kepulauan"): "73.10",  # Kabupaten Pangkajene dan Kepulauan
}
# Files that are no kab/kota of their own; each has no geometry, and the kab/kota it names has its own file.
IGNORED_FILES = {
    ("Jawa_Timur", "Kabupaten_Jawa_Timur"): "nama provinsi, bukan kab/kota; tanpa geometri",
    ("Gorontalo", "Kabupaten_Pahuwato"): "salah eja Kabupaten Pohuwato (berkas sendiri); tanpa geometri",
    ("Nusa_Tenggara_Barat", "Kabupaten_Sumbawa-Sumbawa_Barat"): "gabungan dua kab/kota yang punya berkas sendiri; "
                                                               "tanpa geometri",
    ("Sulawesi_Utara", "Kabupaten_Minahasa_Selatan-Bolaang_Mongondwo_Timur"): "gabungan dua kab/kota yang punya "
                                                                             "berkas sendiri; tanpa geometri",
}
PROVINCE_DECIMALS = 3  # about 110 m: finer than a pixel of a province map
NATIONAL_DECIMALS = 2  # about 1.1 km: finer than a pixel of a map of Indonesia
PROVINCE_TOLERANCE = 0.002  # degrees, Douglas-Peucker
NATIONAL_TOLERANCE = 0.02
NATIONAL_FILE = "provinsi.json"
INDEX_FILE = "kab_kota.csv"


class BuildError(Exception):
    pass


def normalise(name: str) -> str:
    name = name.lower().replace("administrasi", "")
    return re.sub(r"[^a-z0-9]", "", name)


@dataclass
class Match:
    code: str
    name: str
    province_code: str
    source: str  # the reference file, relative to the source folder; "" when there is none
    geometry: dict | None


def _read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def province_code_of(folder: str, provinces: dict[str, str]) -> str:
    """The official code of a province folder of the reference (`Kalimantan_Selatan` -> 63)."""
    if folder in PROVINCE_ALIASES:
        return PROVINCE_ALIASES[folder]
    by_name = {normalise(name): code for code, name in provinces.items()}
    try:
        return by_name[normalise(folder)]
    except KeyError:
        raise BuildError(f"province folder {folder!r} matches no province of wilayah/provinces.csv") from None


def kab_kota_code_of(folder: str, stem: str, regencies: list[dict], province_code: str) -> str | None:
    """The official code of a kab/kota file, or None when it is one of IGNORED_FILES."""
    if (folder, stem) in IGNORED_FILES:
        return None
    if (folder, stem) in KAB_KOTA_ALIASES:
        return KAB_KOTA_ALIASES[(folder, stem)]
    wanted = normalise(stem)
    found = [r["code"] for r in regencies if r["province_code"] == province_code and normalise(r["name"]) == wanted]
    if len(found) != 1:
        raise BuildError(f"{folder}/{stem}.json matches {len(found)} kab/kota of province {province_code}; "
                         "add an alias to kesos/peta/build.py")
    return found[0]


def match(source: Path, wilayah: Path = WILAYAH_DIR) -> list[Match]:
    """Every official kab/kota, with its reference file and geometry (None when it has no boundary)."""
    provinces = {row["code"]: row["name"] for row in _read_csv(wilayah / "provinces.csv")}
    regencies = _read_csv(wilayah / "regencies.csv")
    found: dict[str, Match] = {}
    for path in sorted((source / "Kabupaten").glob("*/*.json")):
        folder, stem = path.parent.name, path.stem
        province_code = province_code_of(folder, provinces)
        code = kab_kota_code_of(folder, stem, regencies, province_code)
        if code is None:
            continue
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
        geometries = [f["geometry"] for f in features if f.get("geometry")]
        if code in found:
            raise BuildError(f"{found[code].source} and {path.relative_to(source)} are both kab/kota {code}")
        found[code] = Match(code, "", province_code, str(path.relative_to(source)),
                            _merged(geometries) if geometries else None)
    matches = []
    for row in regencies:
        known = found.get(row["code"]) or Match(row["code"], "", row["province_code"], "", None)
        known.name = row["name"]
        matches.append(known)
    return matches


def _merged(geometries: list[dict]) -> dict:
    polygons = []
    for geometry in geometries:
        polygons.extend([geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"])
    return {"type": "MultiPolygon", "coordinates": polygons}


# --- Geometry ------------------------------------------------------------------------------------


def _signed_area(ring: list) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:])) / 2


def _douglas_peucker(points: list, tolerance: float) -> list:
    """Keep the points farther than `tolerance` from the line between kept neighbours (iterative)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length = (dx * dx + dy * dy) ** 0.5
        farthest, index = 0.0, None
        for i in range(first + 1, last):
            px, py = points[i]
            if length == 0:
                distance = ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            else:
                distance = abs(dy * px - dx * py + bx * ay - by * ax) / length
            if distance > farthest:
                farthest, index = distance, i
        if index is not None and farthest > tolerance:
            keep[index] = True
            stack.extend([(first, index), (index, last)])
    return [p for p, kept in zip(points, keep) if kept]


def _ring(ring: list, decimals: int, tolerance: float, outer: bool) -> list | None:
    """A closed ring simplified, rounded, without repeated points, clockwise when outer (d3-geo)."""
    # The ring is split in two at its farthest point, so a closed ring keeps its shape under DP.
    open_ring = ring[:-1] if ring[0] == ring[-1] else ring
    if len(open_ring) < 3:
        return None
    far = max(range(len(open_ring)), key=lambda i: (open_ring[i][0] - open_ring[0][0]) ** 2
              + (open_ring[i][1] - open_ring[0][1]) ** 2)
    simplified = (_douglas_peucker(open_ring[:far + 1], tolerance)[:-1]
                  + _douglas_peucker(open_ring[far:] + [open_ring[0]], tolerance))
    points = []
    for x, y in simplified:
        point = [round(x, decimals), round(y, decimals)]
        if not points or point != points[-1]:
            points.append(point)
    if points[0] != points[-1]:
        points.append(points[0])
    if len(points) < 4 or _signed_area(points) == 0:
        return None
    clockwise = _signed_area(points) < 0
    if clockwise != outer:
        points.reverse()
    return points


def simplified(geometry: dict, decimals: int, tolerance: float) -> dict:
    """A MultiPolygon rounded and simplified; the largest polygon is always kept, however small."""
    polygons = []
    for polygon in geometry["coordinates"]:
        outer = _ring(polygon[0], decimals, tolerance, outer=True)
        if outer is None:
            continue
        holes = [h for h in (_ring(r, decimals, tolerance, outer=False) for r in polygon[1:]) if h]
        polygons.append([outer, *holes])
    if not polygons:  # a tiny island city: keep its largest ring at full precision, rounded
        largest = max(geometry["coordinates"], key=lambda p: abs(_signed_area(p[0])))
        ring = [[round(x, decimals + 2), round(y, decimals + 2)] for x, y in largest[0]]
        if _signed_area(ring) > 0:
            ring.reverse()
        polygons = [[ring]]
    return {"type": "MultiPolygon", "coordinates": polygons}


def _inside(x: float, y: float, ring: list) -> bool:
    inside = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def label_point(geometry: dict) -> list[float]:
    """Where the name goes: the centroid of the largest polygon, or, when that falls outside (a
    crescent), the middle of the widest stretch of the polygon on the centroid's latitude."""
    ring = max((p[0] for p in geometry["coordinates"]), key=lambda r: abs(_signed_area(r)))
    area = _signed_area(ring)
    if area == 0:
        return [round(ring[0][0], 3), round(ring[0][1], 3)]
    cx = sum((x0 + x1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in zip(ring, ring[1:])) / (6 * area)
    cy = sum((y0 + y1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in zip(ring, ring[1:])) / (6 * area)
    if not _inside(cx, cy, ring):
        crossings = sorted(x0 + (cy - y0) * (x1 - x0) / (y1 - y0)
                           for (x0, y0), (x1, y1) in zip(ring, ring[1:]) if (y0 > cy) != (y1 > cy))
        spans = list(zip(crossings[::2], crossings[1::2]))
        if spans:
            left, right = max(spans, key=lambda s: s[1] - s[0])
            cx = (left + right) / 2
    return [round(cx, 3), round(cy, 3)]


# --- Output --------------------------------------------------------------------------------------


def _feature(code: str, name: str, geometry: dict) -> dict:
    lon, lat = label_point(geometry)
    return {"type": "Feature", "properties": {"code": code, "name": name, "label_lon": lon, "label_lat": lat},
            "geometry": geometry}


def _dump(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def build(source: Path, out_dir: Path = OUT_DIR, wilayah: Path = WILAYAH_DIR) -> dict[str, int]:
    """Write one map per province, the national map of provinces and the index of all 514 kab/kota.

    Returns the size in bytes of every file written.
    """
    source, out_dir = Path(source), Path(out_dir)
    if not (source / "Kabupaten").is_dir() or not (source / "Provinsi").is_dir():
        raise BuildError(f"{source} does not hold the reference (folders Kabupaten/ and Provinsi/)")
    matches = match(source, wilayah)
    provinces = {row["code"]: row["name"] for row in _read_csv(wilayah / "provinces.csv")}
    out_dir.mkdir(parents=True, exist_ok=True)
    sizes = {}
    for province_code in provinces:
        features = [_feature(m.code, m.name, simplified(m.geometry, PROVINCE_DECIMALS, PROVINCE_TOLERANCE))
                    for m in matches if m.province_code == province_code and m.geometry]
        text = _dump({"type": "FeatureCollection", "features": features})
        (out_dir / f"{province_code}.json").write_text(text, encoding="utf-8")
        sizes[f"{province_code}.json"] = len(text.encode())
    national = []
    for path in sorted((source / "Provinsi").glob("*.json")):
        code = province_code_of(path.stem, provinces)
        geometries = [f["geometry"] for f in json.loads(path.read_text(encoding="utf-8"))["features"]
                      if f.get("geometry")]
        national.append(_feature(code, provinces[code],
                                 simplified(_merged(geometries), NATIONAL_DECIMALS, NATIONAL_TOLERANCE)))
    missing = set(provinces) - {f["properties"]["code"] for f in national}
    if missing:
        raise BuildError(f"no province boundary for {sorted(missing)}")
    national.sort(key=lambda f: f["properties"]["code"])
    text = _dump({"type": "FeatureCollection", "features": national})
    (out_dir / NATIONAL_FILE).write_text(text, encoding="utf-8")
    sizes[NATIONAL_FILE] = len(text.encode())
    with (out_dir / INDEX_FILE).open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["code", "province_code", "name", "has_boundary", "source"])
        for m in matches:
            writer.writerow([m.code, m.province_code, m.name, int(m.geometry is not None), m.source])
    sizes[INDEX_FILE] = (out_dir / INDEX_FILE).stat().st_size
    return sizes
