"""Reading an uploaded .xlsx or .csv into rows of raw cells, wherever its header row stands.

Real files put a title and a few notes above the column headers, leave empty rows between
blocks, and pad cells with spaces. The header row is found by its column names; every data row
keeps its spreadsheet row number, so each message can point at the row the user sees.
"""

import csv
import io
import re
from dataclasses import dataclass

MAX_ROWS = 20_000
MAX_BYTES = 20 * 1024 * 1024
HEADER_SEARCH_ROWS = 30


class ImportFileError(Exception):
    """The file as a whole cannot be read; `message` is Indonesian."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Formula(str):
    """The text of an Excel formula cell (`=SUM(B2:B9)`): its value was never computed here."""


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # the template's header, and the name used in messages
    required: bool = True
    aliases: tuple[str, ...] = ()
    hint: str = ""  # what to write, shown on the template's instructions sheet


@dataclass(frozen=True)
class Table:
    """The data rows of a file: row number and raw cell per column key (missing columns absent)."""

    filename: str
    sheet: str | None
    header_row: int
    columns: tuple[str, ...]  # the keys found, in file order
    ignored: tuple[str, ...]  # headers of columns nobody asked for
    rows: tuple[tuple[int, dict], ...]


def norm_header(text) -> str:
    return re.sub(r"[^0-9a-z]+", " ", str(text or "").casefold()).strip()


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header_map(cells: list, columns: tuple[Column, ...]) -> tuple[dict[int, str], list[str]] | None:
    """Cell index -> column key when this row names every required column, else None."""
    names = {}
    for column in columns:
        for name in (column.header, column.key, *column.aliases):
            names.setdefault(norm_header(name), column.key)
    found: dict[int, str] = {}
    ignored = []
    for index, cell in enumerate(cells):
        if is_blank(cell):
            continue
        key = names.get(norm_header(cell))
        if key is None or key in found.values():
            ignored.append(" ".join(str(cell).split()))
            continue
        found[index] = key
    if all(column.key in found.values() for column in columns if column.required):
        return found, ignored
    return None


def _table(filename: str, sheet: str | None, raw_rows, columns: tuple[Column, ...]) -> Table | None:
    header = None
    rows = []
    for number, cells in raw_rows:
        if header is None:
            if number > HEADER_SEARCH_ROWS:
                return None
            header = _header_map(list(cells), columns)
            if header is not None:
                header_row = number
            continue
        mapping, _ = header
        values = {key: cells[index] if index < len(cells) else None for index, key in mapping.items()}
        if all(is_blank(value) for value in values.values()):
            continue  # empty rows, and rows filled only in ignored columns (a running "No")
        rows.append((number, values))
        if len(rows) > MAX_ROWS:
            raise ImportFileError(f"Berkas terlalu besar: paling banyak {MAX_ROWS:,} baris data sekali impor."
                                  .replace(",", "."))
    if header is None:
        return None
    mapping, ignored = header
    return Table(filename, sheet, header_row, tuple(mapping.values()), tuple(ignored), tuple(rows))


def _xlsx_rows(sheet):
    for number, row in enumerate(sheet.iter_rows(), start=1):
        cells = []
        for cell in row:
            value = getattr(cell, "value", None)
            if getattr(cell, "data_type", None) == "f" and isinstance(value, str):
                value = Formula(value)
            cells.append(value)
        yield number, cells


def _read_xlsx(filename: str, content: bytes, columns: tuple[Column, ...]) -> Table | None:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a broken or foreign file
        raise ImportFileError("Berkas Excel tidak dapat dibaca: simpan sebagai .xlsx lalu unggah lagi.") from exc
    try:
        for sheet in workbook.worksheets:
            if sheet.sheet_state != "visible":
                continue  # the template's hidden pick-lists
            table = _table(filename, sheet.title, _xlsx_rows(sheet), columns)
            if table is not None:
                return table
        return None
    finally:
        workbook.close()


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    return content.decode("latin-1")


def _delimiter(text: str) -> str:
    """Indonesian Excel writes CSV with semicolons (the comma is the decimal sign); others with commas."""
    sample = "\n".join(text.splitlines()[:HEADER_SEARCH_ROWS + 5])
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in ";,\t"}
        return max(counts, key=counts.get)


def _read_csv(filename: str, content: bytes, columns: tuple[Column, ...]) -> Table | None:
    text = _decode(content)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        return _table(filename, None, enumerate(reader, start=1), columns)
    except csv.Error as exc:
        raise ImportFileError(f"Berkas CSV tidak dapat dibaca: {exc}.") from exc


def read_table(filename: str, content: bytes, columns: tuple[Column, ...]) -> Table:
    """The rows under the header row of the first sheet that has one; ImportFileError otherwise."""
    if len(content) > MAX_BYTES:
        raise ImportFileError("Berkas terlalu besar: paling besar 20 MB.")
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if suffix == "xlsx":
        table = _read_xlsx(filename, content, columns)
    elif suffix == "csv":
        table = _read_csv(filename, content, columns)
    elif suffix == "xls":
        raise ImportFileError("Berkas .xls (Excel lama) belum didukung: buka di Excel, simpan sebagai .xlsx.")
    else:
        raise ImportFileError("Jenis berkas tidak didukung: unggah .xlsx atau .csv.")
    if table is None:
        wanted = ", ".join(f"“{c.header}”" for c in columns if c.required)
        raise ImportFileError(f"Baris judul kolom tidak ditemukan di {HEADER_SEARCH_ROWS} baris pertama. "
                              f"Kolom yang wajib ada: {wanted}. Gunakan templat bila ragu.")
    return table
