"""Kab/kota branches (cabang): formed or not yet, decree, chair, and their board terms; scoped, audited.

The secretariat or an admin of the province writes any branch of it; an operator only the branch
of its own kab/kota. A kab/kota without a branch row yet gets one on its first save.
"""

from datetime import date

import pandas as pd
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from kesos import clock, reminders, validate as v
from kesos.errors import ConflictError, NotFound, PermissionDenied
from kesos.models import BoardTerm, Branch, KabKota, Organisation
from kesos.security import Actor, require_kab_kota, require_province
from kesos.services import base

TERM_YEARS = 5  # a board is confirmed for five years


def clean(data: dict) -> dict:
    """Validate a branch form; when formed, the decree (SK) number and date are required."""
    is_formed = bool(data.get("is_formed"))
    values = v.collect({
        "name": lambda: v.text(data.get("name"), label="Nama cabang", required=False, max_length=200),
        "decree_number": lambda: v.text(data.get("decree_number"), label="Nomor SK", required=is_formed,
                                        max_length=100),
        "decree_date": lambda: v.a_date(data.get("decree_date"), label="Tanggal SK", required=is_formed,
                                        latest=clock.today()),
        "chair_name": lambda: v.text(data.get("chair_name"), label="Nama ketua", required=False, max_length=150),
    })
    # The reminder contact (Pengingat) is changed only by a form that shows it.
    if "contact_name" in data or "contact_phone" in data:
        values |= v.collect({
            "contact_name": lambda: v.text(data.get("contact_name"), label="Nama kontak", required=False,
                                           max_length=150),
            "contact_phone": lambda: reminders.whatsapp_number(data.get("contact_phone")),
        })
    values["is_formed"] = is_formed
    if not is_formed:  # no branch, no decree: the database holds the same rule
        values["decree_number"] = values["decree_date"] = None
    return values


def _kab_kota(session: Session, kab_kota_code: str) -> KabKota:
    kab_kota = session.get(KabKota, kab_kota_code)
    if kab_kota is None:
        raise NotFound("Kabupaten/kota tidak dikenal.")
    return kab_kota


def find_branch(session: Session, kab_kota_code: str) -> Branch | None:
    return session.exec(select(Branch).where(Branch.kab_kota_code == kab_kota_code)).first()


def save_branch(*, session: Session, actor: Actor, kab_kota_code: str, data: dict,
                expected_version: int | None) -> Branch:
    """Create or update the branch of a kab/kota; `expected_version` None means "there was none"."""
    _kab_kota(session, kab_kota_code)
    require_kab_kota(actor, kab_kota_code)
    values = clean(data)
    record = find_branch(session, kab_kota_code)
    if record is None or record.deleted_at is not None:
        if expected_version is not None:
            raise ConflictError("Data cabang ini baru saja dihapus oleh pengguna lain. Muat ulang halaman.")
        if record is not None:  # a deleted branch row comes back with the new values
            return base.apply_update(session, actor, record, values | {"deleted_at": None}, record.version)
        try:  # two first saves at once: the unique kab/kota refuses the second; it rolls back whole
            return base.insert(session, actor, Branch(kab_kota_code=kab_kota_code, **values))
        except IntegrityError:
            raise ConflictError(
                "Cabang ini baru saja disimpan oleh pengguna lain. Muat ulang halaman untuk melihatnya.") from None
    if expected_version is None:
        raise ConflictError("Cabang ini baru saja disimpan oleh pengguna lain. Muat ulang halaman untuk melihatnya.")
    return base.apply_update(session, actor, record, values, expected_version)


def _owner(session: Session, actor: Actor, *, branch_id: int | None, organisation_id: int | None):
    """The branch or provincial body a board term belongs to, after the actor's scope check."""
    if (branch_id is None) == (organisation_id is None):
        raise v.ValidationError({"_form": "Pilih satu: pengurus cabang atau pengurus provinsi."})
    if branch_id is not None:
        branch = base.get_live(session, Branch, branch_id)
        require_kab_kota(actor, branch.kab_kota_code)
        return branch
    organisation = base.get_live(session, Organisation, organisation_id)
    require_province(actor, organisation.province_code)
    return organisation


def clean_term(data: dict) -> dict:
    values = v.collect({
        "chair_name": lambda: v.text(data.get("chair_name"), label="Nama ketua", required=False, max_length=150),
        "confirmed_on": lambda: v.a_date(data.get("confirmed_on"), label="Tanggal pengukuhan", required=False),
        "term_start": lambda: v.a_date(data.get("term_start"), label="Awal masa bakti"),
        "term_end": lambda: v.a_date(data.get("term_end"), label="Akhir masa bakti"),
    })
    if values["term_end"] <= values["term_start"]:
        raise v.ValidationError({"term_end": "Akhir masa bakti harus sesudah awal masa bakti."})
    return values


def default_term_end(term_start: date) -> date:
    """Five years less a day after the start: 8 Oktober 2025 → 7 Oktober 2030."""
    try:
        end = term_start.replace(year=term_start.year + TERM_YEARS)
    except ValueError:  # 29 February
        end = term_start.replace(year=term_start.year + TERM_YEARS, day=28)
    return date.fromordinal(end.toordinal() - 1)


def add_board_term(*, session: Session, actor: Actor, data: dict, branch_id: int | None = None,
                   organisation_id: int | None = None) -> BoardTerm:
    owner = _owner(session, actor, branch_id=branch_id, organisation_id=organisation_id)
    if isinstance(owner, Branch) and not owner.is_formed:
        raise v.ValidationError({"_form": "Cabang ini belum terbentuk: simpan dulu cabang sebagai terbentuk "
                                          "(dengan SK), lalu catat masa bakti pengurusnya."})
    values = clean_term(data)
    return base.insert(session, actor, BoardTerm(branch_id=branch_id, organisation_id=organisation_id, **values))


def _term_in_scope(session: Session, actor: Actor, term_id: int, *, live: bool = True) -> BoardTerm:
    term = base.get_live(session, BoardTerm, term_id) if live else session.get(BoardTerm, term_id)
    if term is None:
        raise NotFound("Data tidak ditemukan.")
    if term.branch_id is not None:
        require_kab_kota(actor, session.get(Branch, term.branch_id).kab_kota_code)
    else:
        require_province(actor, session.get(Organisation, term.organisation_id).province_code)
    return term


def update_board_term(*, session: Session, actor: Actor, term_id: int, data: dict,
                      expected_version: int) -> BoardTerm:
    term = _term_in_scope(session, actor, term_id)
    return base.apply_update(session, actor, term, clean_term(data), expected_version)


def delete_board_term(*, session: Session, actor: Actor, term_id: int, expected_version: int) -> BoardTerm:
    term = _term_in_scope(session, actor, term_id)
    return base.soft_delete(session, actor, term, expected_version)


def restore_board_term(*, session: Session, actor: Actor, term_id: int) -> BoardTerm:
    term = _term_in_scope(session, actor, term_id, live=False)
    return base.restore(session, actor, term)


BRANCH_COLUMNS = ["kab_kota_code", "kab_kota", "branch_id", "is_formed", "name", "decree_number", "decree_date",
                  "chair_name", "version", "term_start", "term_end", "confirmed_on", "contact_name", "contact_phone"]


def list_branches(*, session: Session, actor: Actor, province_code: str) -> pd.DataFrame:
    """Every kab/kota of the province the actor may see, with its branch (if any) and latest term."""
    if not actor.may_see_province(province_code):
        raise PermissionDenied("Anda tidak berhak melihat data provinsi ini.")
    stmt = (
        select(KabKota.code, KabKota.name, Branch)
        .outerjoin(Branch, (Branch.kab_kota_code == KabKota.code) & col(Branch.deleted_at).is_(None))
        .where(KabKota.province_code == province_code)
        .order_by(KabKota.code)
    )
    if actor.kab_kota_code:
        stmt = stmt.where(KabKota.code == actor.kab_kota_code)
    rows = []
    for code, name, branch in session.exec(stmt):
        latest = latest_term(session, branch.id) if branch else None
        rows.append([
            code, name, branch.id if branch else None, bool(branch and branch.is_formed),
            branch.name if branch else None, branch.decree_number if branch else None,
            branch.decree_date if branch else None, branch.chair_name if branch else None,
            branch.version if branch else None, latest.term_start if latest else None,
            latest.term_end if latest else None, latest.confirmed_on if latest else None,
            branch.contact_name if branch else None, branch.contact_phone if branch else None,
        ])
    return pd.DataFrame(rows, columns=BRANCH_COLUMNS)


def latest_term(session: Session, branch_id: int) -> BoardTerm | None:
    return session.exec(
        select(BoardTerm).where(BoardTerm.branch_id == branch_id, col(BoardTerm.deleted_at).is_(None))
        .order_by(col(BoardTerm.term_start).desc())
    ).first()


def list_terms(*, session: Session, actor: Actor, branch_id: int, deleted: bool = False) -> pd.DataFrame:
    branch = session.get(Branch, branch_id)
    if branch is None or not actor.may_see_kab_kota(branch.kab_kota_code):
        raise NotFound("Data tidak ditemukan.")
    deleted_clause = col(BoardTerm.deleted_at).is_not(None) if deleted else col(BoardTerm.deleted_at).is_(None)
    terms = session.exec(
        select(BoardTerm).where(BoardTerm.branch_id == branch_id, deleted_clause)
        .order_by(col(BoardTerm.term_start).desc())
    ).all()
    columns = ["id", "chair_name", "confirmed_on", "term_start", "term_end", "version"]
    return pd.DataFrame([[getattr(t, c) for c in columns] for t in terms], columns=columns)
