"""Field checks for references to other records (kab/kota, live records by id), for `validate.collect`."""

from sqlalchemy import BigInteger
from sqlmodel import Session, SQLModel

from kesos import validate as v
from kesos.models import KabKota


def kab_kota(session: Session, code, *, label: str = "Kabupaten/kota") -> str:
    code = v.text(code, label=label, max_length=5)
    if session.get(KabKota, code) is None:
        raise v.FieldError(f"{label} tidak dikenal: pilih dari daftar.")
    return code


def live_id(session: Session, model: type[SQLModel], value, *, label: str, required: bool = True) -> int | None:
    """The id of a record that exists and is not deleted; a message naming the field otherwise."""
    if value is None or value == "":
        if required:
            raise v.FieldError(f"{label} wajib dipilih.")
        return None
    # A whole number the id column can hold: not 2.7, True, inf, or 2**31 on PostgreSQL's INTEGER
    # (which it refuses with an error instead of finding nothing).
    largest = 2**63 - 1 if isinstance(model.__table__.c.id.type, BigInteger) else 2**31 - 1
    try:
        record_id = v.integer(value, label=label, minimum=1, maximum=largest)
    except v.FieldError:
        raise v.FieldError(f"{label} tidak dikenal: pilih dari daftar.") from None
    record = session.get(model, record_id)
    if record is None or getattr(record, "deleted_at", None) is not None:
        raise v.FieldError(f"{label} tidak dikenal atau sudah dihapus: pilih dari daftar.")
    return record_id
