"""How many fields the extraction gets right on a set of hand-checked articles.

An article is `NAME.txt` beside `NAME.json` = {"published": "YYYY-MM-DD" | null, "set": the batch
it was written in, "known_misses": {field: why} (optional), "retrieved": "YYYY-MM-DD" (optional: the
"today" a yearless date is placed against, so a run on any date scores the same), "source_url"
(optional), "expected": <the command line's JSON>}.

Besides the share of fields right, each field has a recall (of the articles that state it, how many
came out right) and a precision (of the articles where the extraction filled it, how many were
right): a value filled wrongly or invented counts against precision. Kab/kota and funders named
that the article does not support are also counted one by one (`invented`).
Each field counts once per article: a right null counts as right, because leaving out what the
article does not say is part of the job. An article with no activity is scored on one field,
`activity`, rather than on six empty ones.

What the expected values mean where a reader could hesitate:
- `kab_kota_codes`: every kab/kota the article names (dateline included), except in a clause
  saying its branch is missing or speaking of plans ("akan", "ke depan", "bulan depan").
- `participants`: the people present as the article counts them ("dihadiri 300 undangan");
  a count of institutions ("perwakilan 48 LKS") is not participants.
- `funding_sources`: where the article says aid or an event got money or goods from.
- `lks_total`: the total stated for today; never the sum of the counts by type.
"""

import inspect
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kesos.berita.extract import extract

ACTIVITY_FIELDS = ("kind", "start_date", "end_date", "place", "participants", "kab_kota_codes")
FIELDS = (
    "organisation", "province_code", "activity", *(f"activity.{f}" for f in ACTIVITY_FIELDS),
    "aid", "funding_sources", "lks_counts", "lks_total", "branches_missing_kab_kota_codes",
)
LIST_FIELDS = (
    "activity.kab_kota_codes", "aid", "funding_sources", "lks_counts", "branches_missing_kab_kota_codes",
)


@dataclass(frozen=True)
class Article:
    name: str
    text: str
    published: date | None
    expected: dict
    set: str = "dev"
    known_misses: dict = field(default_factory=dict)
    today: date | None = None


def load_articles(directory: Path) -> list[Article]:
    articles = []
    for path in sorted(Path(directory).glob("*.txt")):
        meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        published = date.fromisoformat(meta["published"]) if meta.get("published") else None
        today = date.fromisoformat(meta["retrieved"]) if meta.get("retrieved") else None
        articles.append(
            Article(
                path.stem, path.read_text(encoding="utf-8"), published, meta["expected"],
                meta.get("set", "dev"), meta.get("known_misses", {}), today,
            )
        )
    return articles


def _normalise(name: str, value):
    if value is None:
        return None
    if name == "activity.place":
        return " ".join(value.split()).casefold()
    if name == "aid":
        return frozenset((a["item"].casefold(), a["quantity"], a["unit"]) for a in value)
    if name == "lks_counts":
        return frozenset((c["lks_type"], c["count"]) for c in value)
    if name in LIST_FIELDS:
        return frozenset(value)
    return value


def flatten(result: dict) -> dict:
    """The scored fields of one JSON result; the activity's fields come from its first activity."""
    flat = {k: _normalise(k, result.get(k)) for k in FIELDS if not k.startswith("activity")}
    first = result["activities"][0] if result.get("activities") else None
    flat["activity"] = first is not None
    for f in ACTIVITY_FIELDS:
        flat[f"activity.{f}"] = _normalise(f"activity.{f}", first.get(f)) if first else None
    return flat


def compare(expected: dict, got: dict) -> dict[str, bool]:
    """Field -> right or wrong, for the fields scored on this article."""
    want, have = flatten(expected), flatten(got)
    names = [n for n in FIELDS if not n.startswith("activity.")] if not want["activity"] else [
        n for n in FIELDS if n != "activity"
    ]
    return {n: want[n] == have[n] for n in names}


def _filled(value) -> bool:
    return value not in (None, False, frozenset())


# Values counted one by one when the extraction names them and the article does not support them.
INVENTED_FIELDS = ("activity.kab_kota_codes", "funding_sources")


@dataclass
class Score:
    right: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    total: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    stated: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # expected filled
    stated_right: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    filled: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # extraction filled
    filled_right: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    invented: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    articles: int = 0
    misses: list[tuple[str, str, object, object]] = field(default_factory=list)

    def recall(self, name: str) -> float | None:
        return self.stated_right[name] / self.stated[name] if self.stated[name] else None

    def precision(self, name: str) -> float | None:
        return self.filled_right[name] / self.filled[name] if self.filled[name] else None

    @property
    def share(self) -> float:
        total = sum(self.total.values())
        return sum(self.right.values()) / total if total else 0.0


def run(article: Article) -> dict:
    """The extraction's JSON for an article, with "today" fixed where the article records it."""
    if article.today is not None and "today" in inspect.signature(extract).parameters:
        return extract(article.text, published=article.published, today=article.today).to_json_dict()
    return extract(article.text, published=article.published).to_json_dict()


def score(articles: list[Article]) -> Score:
    result = Score()
    for article in articles:
        got = run(article)
        want_flat, got_flat = flatten(article.expected), flatten(got)
        result.articles += 1
        for name, right in compare(article.expected, got).items():
            result.total[name] += 1
            result.right[name] += right
            if _filled(want_flat[name]):
                result.stated[name] += 1
                result.stated_right[name] += right
            if _filled(got_flat[name]):
                result.filled[name] += 1
                result.filled_right[name] += right
            if not right:
                result.misses.append((article.name, name, want_flat[name], got_flat[name]))
        for name in INVENTED_FIELDS:
            result.invented[name] += len((got_flat[name] or frozenset()) - (want_flat[name] or frozenset()))
    return result


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def table(result: Score, title: str) -> str:
    lines = [title, f"{'field':34} {'right':>5} / {'of':<3} {'recall':>7} {'precision':>9}"]
    for name in FIELDS:
        if result.total[name]:
            lines.append(
                f"{name:34} {result.right[name]:>5} / {result.total[name]:<3} "
                f"{_share(result.recall(name)):>7} {_share(result.precision(name)):>9}"
            )
    right, total = sum(result.right.values()), sum(result.total.values())
    lines.append(f"{'all fields':34} {right:>5} / {total:<3} = {result.share:.1%}")
    per_ten = 10 * sum(result.invented.values()) / result.articles if result.articles else 0.0
    lines.append(
        "invented: " + ", ".join(f"{n} {result.invented[n]}" for n in INVENTED_FIELDS)
        + f" = {per_ten:.1f} per 10 articles"
    )
    return "\n".join(lines)
