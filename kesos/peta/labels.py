"""Where a map writes each kab/kota's name: apart from the others, on or beside its shape."""

import math


def _mercator_y(lat: float) -> float:
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


def _latitude(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(math.radians(y))) - math.pi / 2)


def placed(features: list, plot: tuple[int, int], size: int) -> list[tuple[dict, dict]]:
    """(feature, {lon, lat, label}) for the names that fit (see `_placed`): each name wholly on its own
    shape, unless asking that leaves a name out which a name with its middle on its shape would keep."""
    whole = _placed(features, plot, size, whole=True)
    loose = _placed(features, plot, size, whole=False)
    return whole if len(whole) >= len(loose) else loose


def _placed(features: list, plot: tuple[int, int], size: int, whole: bool) -> list[tuple[dict, dict]]:
    """(feature, {lon, lat, label}) for the names that fit: Vega-Lite does not move overlapping text.

    Each name (with its `mark`, the figure, on a second line) is placed on a nominal plot of `plot`
    pixels in type of `size` px, smallest kab/kota first (a city's name must sit on its few pixels; a
    large kabupaten has room to move); a name that meets one already placed moves aside, or a line up
    or down, or drops its figure, or is left out (its shape keeps the tooltip).
    """
    if not features:
        return []
    points = [(x, _mercator_y(y)) for f in features for polygon in f["geometry"]["coordinates"]
              for x, y in polygon[0]]
    x0, x1 = min(p[0] for p in points), max(p[0] for p in points)
    y0, y1 = min(p[1] for p in points), max(p[1] for p in points)
    scale = min(plot[0] / max(x1 - x0, 1e-6), plot[1] / max(y1 - y0, 1e-6))  # px per degree

    def extent(feature) -> float:
        ring = max((p[0] for p in feature["geometry"]["coordinates"]), key=len)
        return (max(x for x, _ in ring) - min(x for x, _ in ring)) * (max(y for _, y in ring) - min(y for _, y in ring))

    placed, boxes = [], []

    def put(feature, lines, spots, whole: bool) -> bool:
        anchor = _anchor(feature, scale)
        width = max(len(line) for line in lines) * size * 0.55 + 4  # bold sans: about 0.55 em a letter
        height = len(lines) * (size + 2) + 2
        for x, y in spots(anchor, width, height):
            box = (x - width / 2, y - height / 2, x + width / 2, y + height / 2)
            if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in boxes):
                continue
            if not _own_spot(feature, x / scale, _latitude(-y / scale), (x, y), anchor, width, height, scale,
                             whole):
                continue
            boxes.append(box)
            placed.append((feature, {"lon": round(x / scale, 4), "lat": round(_latitude(-y / scale), 4),
                                     "label": "\n".join(lines)}))
            return True
        return False

    def nudged(anchor, width, height):
        return ((anchor[0] + dx * width, anchor[1] + dy * height) for dx, dy in _NUDGES)

    def anywhere_inside(feature):
        def spots(anchor, width, height):
            points = [(x * scale, -_mercator_y(y) * scale) for x, y in _grid_inside(feature)]
            return sorted(points, key=lambda p: (p[0] - anchor[0]) ** 2 + (p[1] - anchor[1]) ** 2)
        return spots

    # First every name with its figure at or beside its point, then what is left anywhere inside its
    # shape, then without its figure.
    waiting = sorted(features, key=extent)
    for attempt in ("nudged", "inside", "short nudged", "short inside"):
        left = []
        for feature in waiting:
            props = feature["properties"]
            lines = [props["short"]] if attempt.startswith("short") or not props.get("mark") else [
                props["short"], props["mark"]]
            spots = nudged if "nudged" in attempt else anywhere_inside(feature)
            if not put(feature, lines, spots, whole):
                left.append(feature)
        waiting = left
    return placed


def _anchor(feature, scale: float) -> tuple[float, float]:
    props = feature["properties"]
    return props["label_lon"] * scale, -_mercator_y(props["label_lat"]) * scale


def _own_spot(feature, lon: float, lat: float, spot, anchor, width: float, height: float, scale: float,
              whole: bool = True) -> bool:
    """A name stays on its own kab/kota: for a kab/kota larger than its name, its middle and both ends
    inside the shape (a name whose middle only is inside spilled half over its neighbour: Bengkayang
    over Sambas; `whole=False` asks the middle only); for one smaller than its name (a city), its
    middle inside or within one name's width and height of its point, so it never names a neighbour."""
    def inside(x_lon: float) -> bool:
        return any(_inside(x_lon, lat, polygon[0]) for polygon in feature["geometry"]["coordinates"])

    ring = max((p[0] for p in feature["geometry"]["coordinates"]), key=len)
    across = (max(x for x, _ in ring) - min(x for x, _ in ring)) * scale
    tall = (_mercator_y(max(y for _, y in ring)) - _mercator_y(min(y for _, y in ring))) * scale
    small = across < width or tall < height
    if not small and whole:
        reach = 0.25 * width / scale  # most of the name: a quarter of its width either side of its middle
        return inside(lon) and inside(lon - reach) and inside(lon + reach)
    if inside(lon):
        return True
    return small and abs(spot[0] - anchor[0]) <= 0.6 * width + 1 and abs(spot[1] - anchor[1]) <= height + 1


# Moves from a name's own point, in widths and heights of the name.
_NUDGES = ((0, 0), (0.6, 0), (-0.6, 0), (0, 1), (0, -1), (0.6, 1), (-0.6, 1), (0.6, -1), (-0.6, -1), (0, 2), (0, -2),
           (1.1, 0), (-1.1, 0))


def _grid_inside(feature, steps: int = 8) -> list[tuple[float, float]]:
    """Points of a grid over the feature's largest polygon that lie inside it (lon, lat)."""
    ring = max((p[0] for p in feature["geometry"]["coordinates"]), key=len)
    xs, ys = [x for x, _ in ring], [y for _, y in ring]
    points = []
    for i in range(1, steps):
        for j in range(1, steps):
            x = min(xs) + (max(xs) - min(xs)) * i / steps
            y = min(ys) + (max(ys) - min(ys)) * j / steps
            if _inside(x, y, ring):
                points.append((x, y))
    return points


def _inside(x: float, y: float, ring: list) -> bool:
    inside = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside
