"""Names on the maps: placed apart from each other, every one of the demo provinces' kab/kota named."""

import math

from kesos import fmt, peta
from kesos.peta import labels

PLOT, SIZE = (720, 440), 14


def _features(province: str) -> list[dict]:
    return [{**f, "properties": {**f["properties"], "short": fmt.kab_kota_short(f["properties"]["name"]),
                                 "mark": "1.234"}} for f in peta.province_features(province)]


def _boxes(placed: list, scale: float) -> list[tuple]:
    boxes = []
    for _, place in placed:
        lines = place["label"].split("\n")
        width, height = max(map(len, lines)) * SIZE * 0.6 + 4, len(lines) * (SIZE + 2) + 2
        x = place["lon"] * scale
        y = -math.degrees(math.log(math.tan(math.pi / 4 + math.radians(place["lat"]) / 2))) * scale
        boxes.append((x - width / 2 + 0.5, y - height / 2 + 0.5, x + width / 2 - 0.5, y + height / 2 - 0.5))
    return boxes


def test_names_never_overlap_and_most_kab_kota_are_named():
    named = total = 0
    for province in sorted({row["province_code"] for row in peta.index()}):
        features = _features(province)
        placed = labels.placed(features, PLOT, SIZE)
        xs = [x for f in features for p in f["geometry"]["coordinates"] for x, _ in p[0]]
        ys = [labels._mercator_y(y) for f in features for p in f["geometry"]["coordinates"] for _, y in p[0]]
        scale = min(PLOT[0] / (max(xs) - min(xs)), PLOT[1] / (max(ys) - min(ys)))
        boxes = _boxes(placed, scale)
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), province
        named, total = named + len(placed), total + len(features)
    assert named >= 0.9 * total


def test_every_kab_kota_of_kalsel_kalbar_and_bali_is_named_with_its_figure():
    for province, count in (("63", 13), ("61", 14), ("51", 9)):
        placed = labels.placed(_features(province), PLOT, SIZE)
        assert len(placed) == count, province
        assert sum("\n1.234" in place["label"] for _, place in placed) >= count - 1, province
