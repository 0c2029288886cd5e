"""Hand-written messy files for the importer tests: .xlsx built with openpyxl, CSV as text."""

import io

from openpyxl import Workbook

from kesos import importer
from kesos.db import session_scope
from kesos.security import Actor

SEKRETARIAT = Actor("sekretariat", "sekretariat", province_code="63")
OPERATOR = Actor("operator", "operator", province_code="63", kab_kota_code="63.71")
ADMIN = Actor("admin", "admin")
PIMPINAN = Actor("pimpinan", "pimpinan", province_code="63")


def xlsx(rows: list[list], *, text_cells: dict[tuple[int, int], str] | None = None, sheet_title: str = "Data") -> bytes:
    """A workbook whose first sheet holds `rows` as typed; `text_cells` (row, column from 1) are
    forced to text even when they start with "=" (openpyxl would otherwise store a formula)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    for row in rows:
        sheet.append(row)
    for (row, column), value in (text_cells or {}).items():
        cell = sheet.cell(row=row, column=column, value=value)
        cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(text: str, encoding: str = "utf-8") -> bytes:
    return text.encode(encoding)


def preview(engine, actor, kind, filename, content):
    table = importer.read(kind, filename, content)
    with session_scope(engine) as session:
        return importer.preview(session=session, actor=actor, kind=kind, table=table)


def run_import(engine, actor, kind, filename, content, *, skip_errors=False, warnings_reason=None):
    """Preview then confirm, as the page does: two transactions, the second re-checks the first."""
    table = importer.read(kind, filename, content)
    with session_scope(engine) as session:
        shown = importer.preview(session=session, actor=actor, kind=kind, table=table)
    with session_scope(engine) as session:
        counts = importer.commit(session=session, actor=actor, shown=shown, skip_errors=skip_errors,
                                 warnings_reason=warnings_reason)
    return shown, counts


def errors_of(preview_) -> dict[int, dict[str, str]]:
    """Row number -> column -> reason, for the refused rows."""
    found: dict[int, dict[str, str]] = {}
    for row in preview_.of(importer.ERROR):
        for column, _written, reason in row.errors:
            found.setdefault(row.row, {})[column] = reason
    return found
