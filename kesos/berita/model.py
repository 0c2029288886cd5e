"""What the article extraction proposes: each value beside the words of the article it came from."""

from dataclasses import dataclass, field
from datetime import date
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Found(Generic[T]):
    """A proposed value and its evidence: `text[start:end] == evidence` in the article."""

    value: T
    evidence: str
    start: int
    end: int


def found(value: T, text: str, start: int, end: int) -> Found[T]:
    return Found(value=value, evidence=text[start:end], start=start, end=end)


def _value(item: Found | None):
    if item is None:
        return None
    return item.value.isoformat() if isinstance(item.value, date) else item.value


@dataclass(frozen=True)
class ProposedActivity:
    kind: Found[str] | None = None  # a code of vocab.ACTIVITY_KINDS
    title: Found[str] | None = None  # the headline, a default for the record's title
    start_date: Found[date] | None = None
    end_date: Found[date] | None = None
    place: Found[str] | None = None
    participants: Found[int] | None = None
    host_kab_kota_code: Found[str] | None = None  # the dateline's or the venue's kab/kota
    kab_kota_codes: list[Found[str]] = field(default_factory=list)  # every kab/kota named, by code
    agencies: list[Found[str]] = field(default_factory=list)
    # Facts a person must check: no year was written and the weekday chose it; the kind came from
    # a verb or a visit ("menyerahkan", "berkunjung") or is "lainnya", not from a word naming it.
    year_guessed: bool = False
    kind_guessed: bool = False

    def to_json_dict(self) -> dict:
        return {
            "kind": _value(self.kind),
            "start_date": _value(self.start_date),
            "end_date": _value(self.end_date),
            "place": _value(self.place),
            "participants": _value(self.participants),
            "kab_kota_codes": [f.value for f in self.kab_kota_codes],
        }


@dataclass(frozen=True)
class ProposedAid:
    """One aid line: item, quantity and unit share the phrase they were read from."""

    item: Found[str]
    quantity: Found[int]
    unit: Found[str] | None  # a code of vocab.UNITS; None when the article gives no unit word

    def to_json_dict(self) -> dict:
        return {"item": self.item.value, "quantity": self.quantity.value, "unit": _value(self.unit)}


@dataclass(frozen=True)
class ProposedFundingSource:
    kind: str  # a code of vocab.FUNDING_SOURCE_KINDS
    name: Found[str]  # "CSR", "kotak sumbangan", "SKPD", "donatur"


@dataclass(frozen=True)
class ProposedLksCount:
    lks_type: Found[str]  # a code of vocab.LKS_TYPES
    count: Found[int]

    def to_json_dict(self) -> dict:
        return {"lks_type": self.lks_type.value, "count": self.count.value}


@dataclass(frozen=True)
class Extraction:
    """Draft records read from one article; nothing here is saved until a person confirms it."""

    source_text: str
    source_url: str | None = None
    dateline: Found[str] | None = None  # value: the dateline's place as written
    reference_date: date | None = None  # places a date without a year: the dateline's, else the release date
    organisation: Found[str] | None = None  # one of vocab.ORGANISATION_ACRONYMS
    province_code: Found[str] | None = None
    activities: list[ProposedActivity] = field(default_factory=list)
    aid: list[ProposedAid] = field(default_factory=list)
    funding_sources: list[ProposedFundingSource] = field(default_factory=list)
    lks_counts: list[ProposedLksCount] = field(default_factory=list)
    lks_total: Found[int] | None = None
    branches_missing_kab_kota_codes: list[Found[str]] = field(default_factory=list)

    def to_json_dict(self) -> dict:
        """The command line's JSON: values only, in the shape issue #9 fixes."""
        return {
            "organisation": _value(self.organisation),
            "province_code": _value(self.province_code),
            "activities": [a.to_json_dict() for a in self.activities],
            "aid": [a.to_json_dict() for a in self.aid],
            "funding_sources": [f.name.value for f in self.funding_sources],
            "lks_counts": [c.to_json_dict() for c in self.lks_counts],
            "lks_total": _value(self.lks_total),
            "branches_missing_kab_kota_codes": [f.value for f in self.branches_missing_kab_kota_codes],
        }
