"""Dari Berita: an extraction turned into form defaults with their evidence, and the facts to check.

Nothing here saves on its own initiative: the page shows these drafts, a person corrects and
confirms them, and the confirmed values go through the usual services (`services.activity`,
`services.aid`, `services.branch`), which check role, kab/kota scope and the data.
"""

from dataclasses import dataclass

import pandas as pd
from sqlmodel import Session

from kesos import clock, queries, vocab
from kesos.berita import wilayah
from kesos.berita.model import Extraction, Found, ProposedAid
from kesos.errors import PermissionDenied, ValidationError
from kesos.models import Branch
from kesos.queries.lks import lks_count_by_year
from kesos.security import Actor
from kesos.services import aid as aid_service
from kesos.services import branch as branch_service


def _words(*items: Found | None) -> list[str]:
    return [item.evidence for item in items if item is not None]


def kab_kota_name(code: str | None) -> str:
    if code is None:
        return "Tingkat provinsi"
    known = wilayah.kab_kota().get(code)
    return known.name if known else code


def province_name(code: str | None) -> str:
    return wilayah.provinces().get(code, code or "-")


@dataclass(frozen=True)
class ActivityDraft:
    """The activity form's starting values (service field names) and the article's words for each."""

    values: dict
    evidence: dict[str, list[str]]
    guesses: dict[str, str]  # form field -> why a person must check exactly that value (Indonesian)


def guesses(proposed) -> dict[str, str]:
    """The proposed values that are guesses, with the reason the page shows beside the field."""
    result = {}
    if proposed.year_guessed and proposed.start_date is not None:
        result["start_date"] = (
            f"Tahun ditebak: berita menulis “{proposed.start_date.evidence}” tanpa tahun dan tanggal terbit "
            f"tidak diketahui, jadi dipilih tahun terakhir yang harinya cocok ({proposed.start_date.value.year}). "
            "Periksa tahunnya."
        )
    if proposed.kind_guessed and proposed.kind is not None:
        result["kind"] = (
            f"Jenis ditebak dari kata “{proposed.kind.evidence}”: berita tidak menyebut nama kegiatannya. "
            "Periksa jenisnya."
        )
    return result


def activity_draft(extraction: Extraction, actor: Actor, index: int = 0) -> ActivityDraft | None:
    """The article's activity number `index` (the main one first), as the Kegiatan form's fields;
    None when it reports none."""
    if len(extraction.activities) <= index:
        return None
    proposed = extraction.activities[index]
    province = extraction.province_code.value if extraction.province_code else actor.province_code
    host = proposed.host_kab_kota_code.value if proposed.host_kab_kota_code else None
    values = {
        "title": proposed.title.value if proposed.title else "",
        "kind": proposed.kind.value if proposed.kind else None,
        "start_date": proposed.start_date.value if proposed.start_date else None,
        "end_date": proposed.end_date.value if proposed.end_date else None,
        "place": proposed.place.value if proposed.place else "",
        "participants_total": proposed.participants.value if proposed.participants else None,
        "province_code": province,
        "kab_kota_code": host,
        "kab_kota_present": [f.value for f in proposed.kab_kota_codes],
        "agencies": "\n".join(f.value for f in proposed.agencies),
        "source_text": extraction.source_text,
        "source_url": extraction.source_url or "",
    }
    evidence = {
        "title": _words(proposed.title),
        "kind": _words(proposed.kind),
        "start_date": _words(proposed.start_date),
        "end_date": _words(proposed.end_date) if proposed.end_date != proposed.start_date else [],
        "place": _words(proposed.place),
        "participants_total": _words(proposed.participants),
        "province_code": _words(extraction.province_code),
        "kab_kota_code": _words(proposed.host_kab_kota_code),
        "kab_kota_present": _words(*proposed.kab_kota_codes),
        "agencies": _words(*proposed.agencies),
    }
    return ActivityDraft(values, evidence, guesses(proposed))


def activity_label(extraction: Extraction, index: int) -> str:
    """"Kegiatan 2: Lainnya, 22-25/07/2023" for the choice between several reported activities."""
    proposed = extraction.activities[index]
    kind = vocab.ACTIVITY_KINDS.get(proposed.kind.value, "-") if proposed.kind else "Jenis belum diketahui"
    day = ""
    if proposed.start_date is not None:
        day = f", {proposed.start_date.value:%d/%m/%Y}"
        if proposed.end_date is not None and proposed.end_date.value != proposed.start_date.value:
            day += f" s.d. {proposed.end_date.value:%d/%m/%Y}"
    return f"Kegiatan {index + 1}: {kind}{day}"


def scope_problem(actor: Actor, values: dict) -> str | None:
    """Why this actor may not save the activity as proposed, in Indonesian; None when it may.

    Only a hint for the page: the activity service refuses such a save whatever the page shows.
    """
    province, host = values.get("province_code"), values.get("kab_kota_code")
    if province and not actor.may_see_province(province):
        return (f"Berita ini tentang {province_name(province)}, di luar wilayah Anda. Anda hanya dapat "
                "menyimpan kegiatan di wilayah Anda sendiri.")
    if actor.kab_kota_code and host != actor.kab_kota_code:
        where = f"di {kab_kota_name(host)}" if host else "tingkat provinsi"
        return (f"Menurut berita, kegiatan ini diselenggarakan {where}. Sebagai operator "
                f"{kab_kota_name(actor.kab_kota_code)}, Anda hanya dapat menyimpan kegiatan kab/kota Anda "
                "sendiri; kegiatan lain dicatat oleh sekretariat.")
    return None


# --- Aid -----------------------------------------------------------------------------------------

def catalogue_match(session: Session, proposal: ProposedAid) -> int | None:
    """The catalogue item the article's words name, when exactly one fits name and unit."""
    items = aid_service.item_options(session)
    words = proposal.item.value.casefold()
    unit = proposal.unit.value if proposal.unit else None
    fits = [
        int(row.id) for row in items.itertuples()
        if (words == row.name.casefold() or words in row.name.casefold().split(" ", 1)[-1]
            or row.name.casefold() in words)
        and (unit is None or unit == row.unit)
    ]
    return fits[0] if len(fits) == 1 else None


def aid_draft(session: Session, extraction: Extraction, proposal: ProposedAid, actor: Actor) -> dict:
    """The distribution form's starting values for one aid line of the article.

    Recipient, funding source and value are left for the person: a release names them loosely
    ("bagi lansia", "dana CSR") or not at all, and the service requires them exactly.
    """
    activity = extraction.activities[0] if extraction.activities else None
    host = activity.host_kab_kota_code.value if activity and activity.host_kab_kota_code else None
    day = activity.start_date.value if activity and activity.start_date else extraction.reference_date
    return {
        "aid_item_id": catalogue_match(session, proposal),
        "quantity": proposal.quantity.value,
        "distributed_on": day if day and day <= clock.today() else None,
        "kab_kota_code": actor.kab_kota_code or host,
        "note": f"Dari berita: {extraction.source_url}" if extraction.source_url else "Dari berita",
    }


# --- LKS counts: shown beside the register, never stored ------------------------------------------

def lks_comparison(session: Session, actor: Actor, extraction: Extraction, year: int) -> pd.DataFrame:
    """The article's LKS counts by type beside the register's count at the end of `year`.

    `register` is empty where the article's province is outside the actor's view. An operator's
    register figure covers its own kab/kota only.
    """
    rows = [(c.lks_type.value, vocab.LKS_TYPES[c.lks_type.value], c.count.value, c.count.evidence)
            for c in extraction.lks_counts]
    if extraction.lks_total is not None:
        rows.append(("total", "Semua LKS", extraction.lks_total.value, extraction.lks_total.evidence))
    frame = pd.DataFrame(rows, columns=["lks_type", "label", "article", "evidence"])
    province = extraction.province_code.value if extraction.province_code else None
    register: dict[str, int] = {}
    if province and actor.may_see_province(province):
        filters = queries.scoped(actor, queries.Filters(province_code=province, year_from=year, year_to=year))
        counts = lks_count_by_year(session, filters)
        register = dict(zip(counts["lks_type"], counts["count"]))
        register["total"] = int(counts["count"].sum())
    frame["register"] = [register.get(t) for t in frame["lks_type"]] if register else None
    return frame


# --- Branches not formed yet --------------------------------------------------------------------

BRANCH_STATES = {
    "tidak_ada": "Belum ada data cabang",
    "belum": "Tercatat belum terbentuk",
    "terbentuk": "Tercatat sudah terbentuk",
    "di_luar": "Di luar wilayah Anda",
}


def branch_facts(session: Session, actor: Actor, extraction: Extraction) -> pd.DataFrame:
    """Each kab/kota the article says has no branch yet, with what the register says of it."""
    rows = []
    for fact in extraction.branches_missing_kab_kota_codes:
        code = fact.value
        record = branch_service.find_branch(session, code)
        if not actor.may_see_kab_kota(code):
            state = "di_luar"
        elif record is None or record.deleted_at is not None:
            state = "tidak_ada"
        else:
            state = "terbentuk" if record.is_formed else "belum"
        rows.append((code, kab_kota_name(code), fact.evidence, state, BRANCH_STATES[state]))
    return pd.DataFrame(rows, columns=["kab_kota_code", "kab_kota", "evidence", "state", "state_label"])


def record_branch_not_formed(*, session: Session, actor: Actor, kab_kota_code: str) -> Branch:
    """Record "not formed yet" for a kab/kota the article names, through the branch service.

    A branch the register holds as formed (with its decree) is not overwritten from a news
    article: that change belongs on the Cabang page, where the decree is in view.
    """
    if not actor.may_see_kab_kota(kab_kota_code):
        raise PermissionDenied("Anda hanya boleh mengubah data kab/kota Anda sendiri.")
    record = branch_service.find_branch(session, kab_kota_code)
    live = record is not None and record.deleted_at is None
    if live and record.is_formed:
        raise ValidationError({"_form": (
            f"Register mencatat cabang {kab_kota_name(kab_kota_code)} sudah terbentuk"
            f"{f' (SK {record.decree_number})' if record.decree_number else ''}. Bila berita ini benar, "
            "ubah di halaman Cabang.")})
    if live:
        return record  # already recorded as not formed
    return branch_service.save_branch(session=session, actor=actor, kab_kota_code=kab_kota_code,
                                      data={"is_formed": False}, expected_version=None)
