"""Dari Berita: rule-based reading of a news article into draft records a person confirms.

`extract(text, published=None, url=None)` returns an `Extraction`; each proposed value is a
`Found(value, evidence, start, end)` with `text[start:end] == evidence`, so a page can show the
words it came from. `Extraction.to_json_dict()` is the command line's JSON. Nothing is saved here.
"""

from kesos.berita.extract import extract
from kesos.berita.model import (
    Extraction,
    Found,
    ProposedActivity,
    ProposedAid,
    ProposedFundingSource,
    ProposedLksCount,
)

__all__ = [
    "Extraction",
    "Found",
    "ProposedActivity",
    "ProposedAid",
    "ProposedFundingSource",
    "ProposedLksCount",
    "extract",
]
