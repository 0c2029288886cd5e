"""Record lists: which rows a list's search and filters keep, and how far its filters must move to
show a record just saved (pure: frames in, frames out; no Streamlit, no database).

The rows come already scoped to the actor from `kesos.services` (an operator's frame holds only its
own kab/kota), so nothing here can widen what someone sees: a filter only ever narrows.
"""

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from kesos import fmt

ALL = None  # a filter set to "Semua": keeps every row


def normalize(text: Any) -> str:
    """Text as a search compares it: case, accents and runs of spaces ignored ("  Panti  Asuhan  Al-Ikhlâs" ==
    "panti asuhan al-ikhlas"); a missing value is the empty string."""
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return ""
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.casefold().split())


@dataclass(frozen=True)
class ListFilter:
    """One pick-list above a record list.

    `column` holds each row's code (or a tuple/list/set of codes: an activity's host and the kab/kota
    present). `options` maps codes to labels in the order offered; None takes the distinct values of
    `column` (labelled by `label_column` when given, else by the value itself). `within` names another
    filter's `param` whose chosen code prefixes this one's codes (a kab/kota within its province).
    """

    param: str  # the URL's query parameter ("kab", "prov", "tahun", ...)
    column: str
    label: str
    all_label: str = "Semua"
    options: Mapping[Any, str] | None = None
    label_column: str | None = None
    within: str | None = None
    default: Any = ALL
    allow_all: bool = True
    descending: bool = False  # derived options newest first (years)

    def options_for(self, frame: pd.DataFrame, chosen: Mapping[str, Any] | None = None) -> dict[Any, str]:
        """The codes on offer (and their labels), narrowed by the filter named in `within`."""
        if self.options is not None:
            offered = dict(self.options)
        else:
            values = frame[self.column] if self.column in frame else pd.Series(dtype=object)
            labels = frame[self.label_column] if self.label_column and self.label_column in frame else values
            offered = {}
            for value, label in zip(values, labels):
                for code in _codes(value):
                    plain = not isinstance(value, (tuple, list, set, frozenset)) and not isinstance(label, float)
                    offered.setdefault(code, str(label) if plain else str(code))
            offered = dict(sorted(offered.items(), key=lambda kv: (kv[0] if self.descending else kv[1]),
                                  reverse=self.descending))
        parent = (chosen or {}).get(self.within) if self.within else None
        if parent is not None:
            offered = {code: label for code, label in offered.items() if str(code).startswith(str(parent))}
        return offered

    def parse(self, raw: str | None, offered: Mapping[Any, str]) -> Any:
        """The option a URL's text names ("2023" → 2023), or the default when it names none on offer:
        a typo or another kab/kota's code never breaks the page and never shows more."""
        if raw is not None:
            for code in offered:
                if str(code) == str(raw):
                    return code
        return self.default if (self.default is ALL or self.default in offered) else ALL


def _codes(value: Any) -> tuple:
    if isinstance(value, (tuple, list, set, frozenset)):
        return tuple(value)
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ()
    if isinstance(value, float) and value.is_integer():  # a year column with a gap is stored as floats
        return (int(value),)
    return (value,)


def _matches(value: Any, wanted: Any) -> bool:
    return wanted in _codes(value)


def filter_rows(frame: pd.DataFrame, *, search: str | None = None, search_columns: Iterable[str] = (),
                chosen: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """The rows of `frame` that contain every word of `search` in one of `search_columns` (case,
    accents and spaces ignored) and hold each chosen code (`chosen` maps columns to a code; None keeps
    all). The frame's order and index are kept, so a picked row is found by its index label."""
    keep = pd.Series(True, index=frame.index)
    for column, wanted in (chosen or {}).items():
        if wanted is not ALL:
            keep &= frame[column].map(lambda value: _matches(value, wanted)).astype(bool)
    words = normalize(search).split()
    if words:
        columns = [c for c in search_columns if c in frame]
        haystack = pd.Series("", index=frame.index)
        for column in columns:
            haystack = haystack + " " + frame[column].map(normalize)
        for word in words:
            keep &= haystack.str.contains(word, regex=False)
    return frame[keep]


def reveal(row: Mapping[str, Any], filters: Iterable[ListFilter], chosen: Mapping[str, Any], search: str | None,
           search_columns: Iterable[str]) -> tuple[dict[str, Any], str | None, list[str]]:
    """The filters moved just enough for `row` (a record just saved) to be in the list.

    `chosen` maps each filter's `param` to its code. Returns the new choices, the search (kept when
    the row still matches it, else emptied) and the labels of the filters that moved, to say so.
    """
    moved: list[str] = []
    new = dict(chosen)
    for f in filters:
        wanted = chosen.get(f.param)
        if wanted is not ALL and not _matches(row.get(f.column), wanted):
            codes = _codes(row.get(f.column))
            new[f.param] = codes[0] if len(codes) == 1 else ALL
            moved.append(f.label)
    # A moved parent (province) takes its children (kab/kota) with it when they no longer fit.
    for f in filters:
        parent = new.get(f.within) if f.within else None
        if parent is not None and new.get(f.param) is not ALL and not str(new[f.param]).startswith(str(parent)):
            new[f.param] = ALL
    frame = pd.DataFrame([dict(row)])
    if search and filter_rows(frame, search=search, search_columns=search_columns).empty:
        search = ""
        moved.append("pencarian")
    return new, search, moved


def count_line(shown: int, total: int, noun: str) -> str:
    """'Menampilkan 25 dari 629 permohonan' (every one shown: 'Menampilkan 629 permohonan')."""
    if shown == total:
        return f"Menampilkan {fmt.number(total)} {noun}"
    return f"Menampilkan {fmt.number(shown)} dari {fmt.number(total)} {noun}"


ROW_HEIGHT = 35  # st.dataframe's row and header height in pixels
MAX_ROWS = 20


def table_height(rows: int, max_rows: int = MAX_ROWS) -> int:
    """A table as tall as its rows, up to `max_rows` (then it scrolls): no 8-row box with half the screen empty,
    and no empty box under a short list."""
    return (min(max(rows, 1), max_rows) + 1) * ROW_HEIGHT + 3


@dataclass
class Choices:
    """What a list's bar holds: the search text and each filter's code (by `param`)."""

    search: str = ""
    chosen: dict[str, Any] = field(default_factory=dict)

    def by_column(self, filters: Iterable[ListFilter]) -> dict[str, Any]:
        return {f.column: self.chosen.get(f.param, ALL) for f in filters}


def apply(frame: pd.DataFrame, filters: Iterable[ListFilter], choices: Choices,
          search_columns: Iterable[str]) -> pd.DataFrame:
    """`filter_rows` with a list's filters and what its bar holds."""
    filters = list(filters)
    return filter_rows(frame, search=choices.search, search_columns=search_columns,
                       chosen=choices.by_column(filters))


def year_of(values: Iterable[Any]) -> list[int | None]:
    """The year of each date (None where there is none): a list's year column."""
    return [None if v is None or not hasattr(v, "year") or pd.isna(v) else int(v.year) for v in values]
