"""The coordination body's own settings: name, address, the chair who signs, the place of signing and the
logo of its letterhead (kop surat). Admins only, each of its own province; versioned and audited."""

import pandas as pd
from sqlmodel import Session, select

from kesos import logo as logo_rules, validate as v, vocab
from kesos.models import Organisation
from kesos.security import Actor, require_organisation_editor
from kesos.services import base

FIELDS = ("acronym", "name", "address", "chair_name", "signature_place")


def for_province(session: Session, province_code: str) -> Organisation | None:
    """The live body of a province (None when the deployment has none there)."""
    return session.exec(select(Organisation).where(
        Organisation.province_code == province_code, Organisation.deleted_at.is_(None))).first()


def editable(session: Session, actor: Actor) -> pd.DataFrame:
    """The bodies this actor may edit (id, province_code, acronym, name), for the settings page's pick-list."""
    stmt = select(Organisation.id, Organisation.province_code, Organisation.acronym, Organisation.name).where(
        Organisation.deleted_at.is_(None)).order_by(Organisation.province_code)
    if actor.province_code:
        stmt = stmt.where(Organisation.province_code == actor.province_code)
    rows = session.exec(stmt).all() if actor.is_admin and not actor.kab_kota_code else []
    return pd.DataFrame(rows, columns=["id", "province_code", "acronym", "name"])


def settings_of(*, session: Session, actor: Actor, organisation_id: int) -> dict:
    """The body's settings as its form shows them (the FIELDS, version, logo) for an actor who may edit them."""
    record = _editable_record(session, actor, organisation_id)
    return {field: getattr(record, field) for field in FIELDS} | {
        "id": record.id, "province_code": record.province_code, "version": record.version, "logo": record.logo}


def clean(data: dict) -> dict:
    def acronym():
        value = v.text(data.get("acronym"), label="Singkatan", max_length=10)
        if value not in vocab.ORGANISATION_ACRONYMS:
            raise v.FieldError(f"Singkatan harus salah satu dari {', '.join(vocab.ORGANISATION_ACRONYMS)}.")
        return value

    return v.collect({
        "acronym": acronym,
        "name": lambda: v.text(data.get("name"), label="Nama organisasi", max_length=200),
        "address": lambda: v.text(data.get("address"), label="Alamat", required=False, max_length=300),
        "chair_name": lambda: v.text(data.get("chair_name"), label="Nama ketua", required=False, max_length=150),
        "signature_place": lambda: v.text(data.get("signature_place"), label="Tempat penandatanganan",
                                          required=False, max_length=100),
    })


def _editable_record(session: Session, actor: Actor, organisation_id: int) -> Organisation:
    organisation = base.get_live(session, Organisation, organisation_id)
    require_organisation_editor(actor, organisation.province_code)
    return organisation


def update_organisation(*, session: Session, actor: Actor, organisation_id: int, data: dict,
                        expected_version: int | None) -> Organisation:
    """Change the body's name, address, chair and place of signing."""
    organisation = _editable_record(session, actor, organisation_id)
    values = clean(data)
    return base.apply_update(session, actor, organisation, values, expected_version)


def set_logo(*, session: Session, actor: Actor, organisation_id: int, content: bytes,
             expected_version: int | None) -> Organisation:
    """Store an uploaded logo (checked and re-encoded as PNG by kesos.logo); the audit row keeps its hash."""
    organisation = _editable_record(session, actor, organisation_id)
    png, sha256 = logo_rules.clean(content)
    return base.apply_update(session, actor, organisation,
                             {"logo": png, "logo_mime": "image/png", "logo_sha256": sha256}, expected_version)


def remove_logo(*, session: Session, actor: Actor, organisation_id: int,
                expected_version: int | None) -> Organisation:
    organisation = _editable_record(session, actor, organisation_id)
    return base.apply_update(session, actor, organisation,
                             {"logo": None, "logo_mime": None, "logo_sha256": None}, expected_version)
