"""Applicants' personal data (name, NIK, address, phone): who may see it, and its masked form for the others."""

from kesos.security import PERSONAL_DATA_ROLES, Actor


def _keep_ends(value: str) -> str:
    return value[:4] + "*" * max(len(value) - 6, 0) + value[-2:]


def mask_nik(value: str | None) -> str | None:
    """`6371**********12`: the region code and the last two digits only."""
    if not value:
        return value
    return _keep_ends(value)


def mask_phone(value: str | None) -> str | None:
    """`0812******90`: the operator's prefix and the last two digits only."""
    if not value:
        return value
    return _keep_ends(value)


def mask_address(value: str | None) -> str | None:
    """The first word only (`Jl. ***`), enough to tell a street from a village, not a house."""
    if not value:
        return value
    return f"{value.split()[0]} ***"


def mask_name(value: str | None) -> str | None:
    """Initials: `Siti Aminah` becomes `S. A.`."""
    if not value:
        return value
    return " ".join(f"{word[0].upper()}." for word in value.split() if word[0].isalnum()) or "***"


# The personal fields of a request, each with the mask shown to those who may not see it.
MASKS = {"applicant_name": mask_name, "nik": mask_nik, "address": mask_address, "phone": mask_phone}


def may_see_personal_data(actor: Actor, kab_kota_code: str) -> bool:
    """Admin, the secretariat and the operator of that kab/kota work with the applicant; leaders do not."""
    return actor.role in PERSONAL_DATA_ROLES and actor.may_see_kab_kota(kab_kota_code)


def present(actor: Actor, row: dict) -> dict:
    """A request's values as this actor may see them: personal data masked when not needed."""
    if may_see_personal_data(actor, row["kab_kota_code"]):
        return dict(row)
    return row | {field: mask(row.get(field)) for field, mask in MASKS.items()}
