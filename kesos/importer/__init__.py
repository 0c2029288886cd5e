"""Import the LKS registry, beneficiary counts and aid distributions from .xlsx and .csv files.

`read` turns an uploaded file into rows under its header row; `preview` says, row by row, what
confirming would add, change (old -> new), leave as it is, or refuse and why; `commit` writes
the confirmed preview, every row or none, each audited as "import" (planning again first when
anything was saved meanwhile in the actor's province, and refusing when the plan moved). Lookups are done once per file.
"""

from sqlmodel import Session

from kesos import fmt
from kesos.errors import ConflictError, PermissionDenied, ValidationError
from kesos.importer import aid, beneficiary, lks
from kesos.importer import pusat_data as welfare
from kesos.importer.common import Context, Kind
from kesos.importer.plan import ADD, CHANGE, ERROR, SAME, Preview, RowResult
from kesos.importer.reading import MAX_BYTES, ImportFileError, Table, read_table
from kesos.importer.template import template_xlsx
from kesos.queries import data_version
from kesos.security import Actor, require_writer
from kesos.services import validation_warning

KINDS: dict[str, Kind] = {kind.key: kind for kind in (lks.KIND, beneficiary.KIND, aid.KIND, welfare.PPKS, welfare.PSKS)}
WARNING_RECORD_KINDS = {beneficiary.KIND.key: validation_warning.BENEFICIARY_COUNT,
                        aid.KIND.key: validation_warning.AID_DISTRIBUTION}
MAX_MEGABYTES = MAX_BYTES // (1024 * 1024)

__all__ = ["ADD", "CHANGE", "ERROR", "SAME", "KINDS", "MAX_MEGABYTES", "ImportFileError", "Preview", "RowResult",
           "Table",
           "commit", "preview", "read", "template"]


def _kind(key: str) -> Kind:
    if key not in KINDS:
        raise ValidationError({"kind": f"Jenis impor tidak dikenal: {key}."})
    return KINDS[key]


def read(kind: str, filename: str, content: bytes) -> Table:
    """The file's rows under its header row; ImportFileError when the file cannot be used at all."""
    return read_table(filename, content, _kind(kind).columns)


def preview(*, session: Session, actor: Actor, kind: str, table: Table) -> Preview:
    """What confirming would do with each row; writes nothing."""
    require_writer(actor)
    spec = _kind(kind)
    version = data_version(session, actor.province_code)
    return Preview(kind, table, spec.plan(session, actor, table, Context(session, actor)), actor, version)


def commit(*, session: Session, actor: Actor, shown: Preview, skip_errors: bool = False,
           warnings_reason: str | None = None) -> dict[str, int]:
    """Write the rows of the preview the user confirmed, all or none, in the caller's transaction.

    When anything was saved since the preview in the actor's province (its data version moved on;
    a national actor: in any province), the file is planned
    again here and refused if the plan is no longer the one shown. Refuses rows with errors
    unless `skip_errors` (then only the good rows are written). Rows with warnings (validasi)
    need `warnings_reason` (WarningsNeedReason, keyed `row:<number>`); one reason covers the
    file, and each warning is stored with it. Returns the counts.
    """
    require_writer(actor)
    if shown.actor != actor:
        raise PermissionDenied("Pratinjau ini dibuat untuk pengguna lain; unggah berkas Anda sendiri.")
    plan = shown
    if data_version(session, actor.province_code) != shown.data_version:
        plan = preview(session=session, actor=actor, kind=shown.kind, table=shown.table)
        if plan.digest != shown.digest:
            raise ConflictError("Data berubah sejak pratinjau dibuat (mungkin ada yang menyimpan data yang sama). "
                                "Tidak ada yang diimpor; periksa pratinjau terbaru lalu simpan lagi.")
    counts = plan.counts
    if counts[ERROR] and not skip_errors:
        raise ValidationError({"_form": f"{fmt.number(counts[ERROR])} baris masih salah; perbaiki berkasnya, atau "
                                        "pilih untuk mengimpor baris yang benar saja."})
    reason = validation_warning.require_reason(
        {f"row:{row.row}": [p.finding.message for p in row.warnings] for row in plan.warned}, warnings_reason)
    ids = _kind(plan.kind).write(session, actor, plan.of(ADD) + plan.of(CHANGE))
    if reason:
        validation_warning.store(session, actor, WARNING_RECORD_KINDS[plan.kind], [
            (ids[row.row], pending) for row in plan.warned for pending in row.warnings], reason)
    return counts


def template(*, session: Session, actor: Actor, kind: str) -> bytes:
    """The kind's .xlsx template with the actor's kab/kota and the pick-lists as dropdowns."""
    require_writer(actor)
    spec = _kind(kind)
    return template_xlsx(spec, spec.lists(session, actor))
