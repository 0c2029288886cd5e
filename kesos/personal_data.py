"""Applicants' personal data (name, NIK, address, phone): who may see it, and its masked form for the others."""

import re

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
    """The leading word's letters only (`Jl. ***`), enough to tell a street from a village, not a house, also
    when the address is written without spaces (`Jl.Merdeka,No.5,RT02/RW03` -> `Jl. ***`)."""
    if not value:
        return value
    word = re.match(r"[^\W\d_]+\.?", value.strip())
    return f"{word.group(0)} ***" if word else "***"


def mask_name(value: str | None) -> str | None:
    """Initials: `Siti Aminah` (or `Siti.Aminah`) becomes `S. A.`."""
    if not value:
        return value
    return " ".join(f"{word[0].upper()}." for word in re.findall(r"[^\W\d_]+", value)) or "***"


# The personal fields of a request, each with the mask shown to those who may not see it.
MASKS = {"applicant_name": mask_name, "nik": mask_nik, "address": mask_address, "phone": mask_phone}

# What the audit trail of each table holds that only those who work with the person may read.
PERSONAL_FIELDS = {"aid_request": MASKS, "aid_distribution": {"recipient_name": mask_name},
                   "activity_participant": {"name": mask_name}}


def may_see_personal_data(actor: Actor, kab_kota_code: str) -> bool:
    """Admin, the secretariat and the operator of that kab/kota work with the applicant; leaders do not."""
    return actor.role in PERSONAL_DATA_ROLES and actor.may_see_kab_kota(kab_kota_code)


def may_see_participant_names(actor: Actor, province_code: str, host_kab_kota_code: str | None) -> bool:
    """Who reads an activity's attendance list by name: those who keep the activity (admin, the secretariat of
    its province, the operator of its host kab/kota). Leaders and the other kab/kota get counts per agency and
    kab/kota instead."""
    if actor.role not in PERSONAL_DATA_ROLES:
        return False
    if host_kab_kota_code:
        return actor.may_see_kab_kota(host_kab_kota_code)
    return actor.kab_kota_code is None and actor.may_see_province(province_code)


def present(actor: Actor, row: dict) -> dict:
    """A request's values as this actor may see them: personal data masked when not needed."""
    if may_see_personal_data(actor, row["kab_kota_code"]):
        return dict(row)
    return row | {field: mask(row.get(field)) for field, mask in MASKS.items()}


def present_audit(actor: Actor | None, table_name: str, before: dict, after: dict) -> tuple[dict, dict]:
    """An audit row's before and after as this actor may see them (Riwayat): personal data masked unless the
    actor may see it in the record's kab/kota; without an actor, masked."""
    fields = PERSONAL_FIELDS.get(table_name)
    kab_kota_code = after.get("kab_kota_code") or before.get("kab_kota_code")
    if not fields or (actor is not None and kab_kota_code and may_see_personal_data(actor, str(kab_kota_code))):
        return before, after

    def masked(values: dict) -> dict:
        return {k: (fields[k](str(v)) if k in fields and v else v) for k, v in values.items()}

    return masked(before), masked(after)
