"""Reading an uploaded .xlsx or .csv into rows of raw cells, wherever its header row stands.

Real files put a title and a few notes above the column headers, leave empty rows between
blocks, and pad cells with spaces. The header row is found by its column names; every data row
keeps its spreadsheet row number, so each message can point at the row the user sees.
"""

import csv
import io
import json
import logging
import pickle
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

MAX_ROWS = 20_000
MAX_BYTES = 20 * 1024 * 1024
HEADER_SEARCH_ROWS = 30
# What a real branch's file never comes near, checked before and while parsing (file bombs).
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024  # all members of an .xlsx together, as the zip declares them
MAX_MEMBER_BYTES = 50 * 1024 * 1024
MAX_MEMBERS = 1_000
MAX_SHEET_ROWS = 100_000  # rows of a sheet or a CSV, empty ones included
MAX_COLUMNS = 1_000
MAX_CELLS = 2_000_000
MAX_SHARED_STRINGS = 500_000
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
# The parse runs in a child process with these limits; on overrun it is killed and the file refused.
PARSE_SECONDS = 60.0
PARSE_MEMORY_BYTES = 1024 * 1024 * 1024
log = logging.getLogger(__name__)


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


def _too_many_rows() -> ImportFileError:
    return ImportFileError(f"Berkas terlalu besar: lebih dari {MAX_SHEET_ROWS:,} baris (baris kosong ikut dihitung). "
                           "Hapus baris kosong di bawah data, atau bagi berkasnya.".replace(",", "."))


def _table(filename: str, sheet: str | None, raw_rows, columns: tuple[Column, ...]) -> Table | None:
    header = None
    rows = []
    for number, cells in raw_rows:
        if number > MAX_SHEET_ROWS:
            raise _too_many_rows()
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
        for cell in row[:MAX_COLUMNS]:
            value = getattr(cell, "value", None)
            if getattr(cell, "data_type", None) == "f" and isinstance(value, str):
                value = Formula(value)
            cells.append(value)
        yield number, cells


def _read_xlsx(filename: str, content: bytes, columns: tuple[Column, ...]) -> Table | None:
    from openpyxl import load_workbook

    _scan_xlsx(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except MemoryError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a broken or foreign file
        raise ImportFileError("Berkas Excel tidak dapat dibaca: simpan sebagai .xlsx lalu unggah lagi.") from exc
    try:
        for sheet in workbook.worksheets:
            if sheet.sheet_state != "visible":
                continue  # the template's hidden pick-lists
            sheet.reset_dimensions()  # a declared range of A1:XFD1048576 would be padded out cell by cell
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
    csv.field_size_limit(MAX_CELL_CHARS)
    text = _decode(content)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        return _table(filename, None, enumerate(reader, start=1), columns)
    except csv.Error as exc:
        raise ImportFileError(f"Berkas CSV tidak dapat dibaca: {exc}.") from exc


def _check_zip(content: bytes) -> None:
    """The sizes an .xlsx declares for its members (zipfile never inflates a member past its declared size)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ImportFileError("Berkas Excel tidak dapat dibaca: simpan sebagai .xlsx lalu unggah lagi.") from exc
    total = sum(member.file_size for member in members)
    if (len(members) > MAX_MEMBERS or total > MAX_UNCOMPRESSED_BYTES
            or any(member.file_size > MAX_MEMBER_BYTES for member in members)):
        raise ImportFileError(
            f"Berkas Excel ini terlalu besar setelah dibuka ({total / 1024 / 1024:,.0f} MB; paling banyak "
            f"{MAX_UNCOMPRESSED_BYTES // 1024 // 1024} MB), jadi tidak dibaca. Simpan hanya lembar datanya, "
            "atau bagi berkasnya.".replace(",", "."))


_COLUMN_LETTERS = re.compile(r"[A-Z]+")


def _column_number(reference: str) -> int:
    letters = _COLUMN_LETTERS.match(reference or "")
    number = 0
    for letter in letters.group(0) if letters else "":
        number = number * 26 + ord(letter) - 64
    return number


class _XmlScan:
    """A streaming look at one XML member: no DTD or entities, no text longer than a cell may be, and no more
    rows, columns, cells or shared strings than the limits (rows and columns as openpyxl would pad them out)."""

    def __init__(self, name: str):
        from xml.parsers import expat

        self.name, self.text, self.rows, self.cells, self.strings = name, 0, 0, 0, 0
        self.parser = expat.ParserCreate()
        self.parser.StartDoctypeDeclHandler = self._refuse_dtd
        self.parser.EntityDeclHandler = self._refuse_dtd
        self.parser.StartElementHandler = self._start
        self.parser.CharacterDataHandler = self._characters
        self.parser.buffer_text = False

    def _refuse_dtd(self, *args):
        raise ImportFileError("Berkas Excel ini memuat deklarasi DTD/entitas yang tidak dipakai Excel; tidak dibaca.")

    def _start(self, tag, attributes):
        self.text = 0
        tag = tag.rsplit(":", 1)[-1]
        if tag == "row":
            number = attributes.get("r")
            self.rows = int(number) if number and number.isdigit() else self.rows + 1
            if self.rows > MAX_SHEET_ROWS:
                raise _too_many_rows()
        elif tag == "c":
            self.cells += 1
            if self.cells > MAX_CELLS or _column_number(attributes.get("r", "")) > MAX_COLUMNS:
                raise ImportFileError(f"Berkas terlalu besar: lebih dari {MAX_CELLS:,} sel atau sel di luar kolom "
                                      f"ke-{MAX_COLUMNS:,}. Simpan hanya tabel datanya.".replace(",", "."))
        elif tag == "si":
            self.strings += 1
            if self.strings > MAX_SHARED_STRINGS:
                raise ImportFileError(f"Berkas terlalu besar: lebih dari {MAX_SHARED_STRINGS:,} teks berbeda."
                                      .replace(",", "."))

    def _characters(self, data):
        self.text += len(data)
        if self.text > MAX_CELL_CHARS:
            raise ImportFileError(f"Berkas ini memuat teks lebih dari {MAX_CELL_CHARS:,} karakter dalam satu sel "
                                  "(batas Excel sendiri), jadi tidak dibaca.".replace(",", "."))

    def feed(self, stream) -> None:
        from xml.parsers import expat

        try:
            while chunk := stream.read(64 * 1024):
                self.parser.Parse(chunk, False)
            self.parser.Parse(b"", True)
        except expat.ExpatError as exc:
            raise ImportFileError("Berkas Excel tidak dapat dibaca (XML rusak): simpan sebagai .xlsx lalu unggah "
                                  "lagi.") from exc


def _scan_xlsx(content: bytes) -> None:
    _check_zip(content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for member in archive.infolist():
            if member.filename.lower().endswith((".xml", ".rels")):
                with archive.open(member) as stream:
                    _XmlScan(member.filename).feed(stream)


def _parse(filename: str, content: bytes, columns: tuple[Column, ...]) -> Table | None:
    suffix = filename.lower().rsplit(".", 1)[-1]
    return _read_xlsx(filename, content, columns) if suffix == "xlsx" else _read_csv(filename, content, columns)


# -- the child process -----------------------------------------------------------------------------------------

# Loads this module as `kesos.importer.reading` without running the package's __init__ (services, database),
# so the child starts fast and the classes it pickles back are the parent's.
_CHILD_BOOT = """
import sys, types
sys.path.insert(0, {root!r})
import kesos
package = types.ModuleType("kesos.importer")
package.__path__ = [{folder!r}]
sys.modules["kesos.importer"] = package
from kesos.importer import reading
reading._child_main()
"""


def _encode_cell(value):
    if isinstance(value, Formula):
        return {"f": str(value)}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, datetime):
        return {"dt": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    if isinstance(value, time):
        return {"t": value.isoformat()}
    if isinstance(value, timedelta):
        return {"s": value.total_seconds()}
    return str(value)


def _decode_cell(value):
    if not isinstance(value, dict):
        return value
    kind, text = next(iter(value.items()))
    return {"f": Formula, "dt": datetime.fromisoformat, "d": date.fromisoformat, "t": time.fromisoformat,
            "s": lambda seconds: timedelta(seconds=seconds)}[kind](text)


def _table_json(table: Table | None) -> dict | None:
    if table is None:
        return None
    return {"filename": table.filename, "sheet": table.sheet, "header_row": table.header_row,
            "columns": list(table.columns), "ignored": list(table.ignored),
            "rows": [[number, {k: _encode_cell(v) for k, v in values.items()}] for number, values in table.rows]}


def _table_from_json(data: dict | None) -> Table | None:
    if data is None:
        return None
    rows = tuple((int(number), {str(k): _decode_cell(v) for k, v in values.items()}) for number, values in data["rows"])
    return Table(str(data["filename"]), data["sheet"], int(data["header_row"]), tuple(data["columns"]),
                 tuple(data["ignored"]), rows)


def _child_main() -> None:
    """Parse the pickled (limits, filename, content, columns) the server wrote on stdin, under limits; the
    outcome goes back as JSON (plain data: a child that a hostile file subverted could not make the server
    run anything by what it sends back)."""
    import json
    import os
    import resource

    limits, filename, content, columns = pickle.loads(sys.stdin.buffer.read())  # nosec B301 - written by the server
    globals().update(limits)  # the parent's limits (a test may lower them)
    resource.setrlimit(resource.RLIMIT_AS, (PARSE_MEMORY_BYTES, PARSE_MEMORY_BYTES))
    cpu = int(PARSE_SECONDS) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    os.nice(10)  # other users' pages first
    try:
        outcome = ["ok", _table_json(_parse(filename, content, columns))]
    except ImportFileError as exc:
        outcome = ["refused", exc.message]
    except (MemoryError, RecursionError):
        outcome = ["heavy", None]
    sys.stdout.write(json.dumps(outcome))
    sys.stdout.flush()


_LIMIT_NAMES = ("MAX_ROWS", "MAX_SHEET_ROWS", "MAX_COLUMNS", "MAX_CELLS", "MAX_SHARED_STRINGS", "MAX_CELL_CHARS",
                "PARSE_SECONDS", "PARSE_MEMORY_BYTES")
_TOO_HEAVY = ("Berkas ini terlalu berat untuk dibaca (butuh lebih dari {what}), jadi tidak dibaca dan tidak ada "
              "yang disimpan. Periksa berkasnya: hapus baris dan kolom kosong, atau bagi menjadi beberapa berkas.")


def _parse_in_child(filename: str, content: bytes, columns: tuple[Column, ...]) -> Table | None:
    """`_parse` in a separate process with a time and memory limit, so a hostile file neither stalls the
    server (other users' pages) nor takes its memory; on overrun the child is killed and the file refused."""
    folder = Path(__file__).resolve().parent
    boot = _CHILD_BOOT.format(root=str(folder.parent.parent), folder=str(folder))
    limits = {name: globals()[name] for name in _LIMIT_NAMES}
    try:
        done = subprocess.run([sys.executable, "-I", "-c", boot], input=pickle.dumps((limits, filename, content,
                              columns)), capture_output=True, timeout=PARSE_SECONDS, env={"LC_ALL": "C.UTF-8"})
    except subprocess.TimeoutExpired:  # subprocess.run has killed the child
        raise ImportFileError(_TOO_HEAVY.format(what=f"{PARSE_SECONDS:.0f} detik")) from None
    try:
        kind, value = json.loads(done.stdout)
        if kind == "ok":
            return _table_from_json(value)
    except Exception:  # noqa: BLE001  (killed by a limit, or crashed: nothing usable came back)
        log.warning("import parse child ended with %s: %s", done.returncode, done.stderr[-2000:])
        raise ImportFileError(_TOO_HEAVY.format(what="batas waktu atau memori")) from None
    if kind == "refused":
        raise ImportFileError(str(value))
    raise ImportFileError(_TOO_HEAVY.format(what=f"{PARSE_MEMORY_BYTES // 1024 // 1024} MB memori"))


def read_table(filename: str, content: bytes, columns: tuple[Column, ...]) -> Table:
    """The rows under the header row of the first sheet that has one; ImportFileError otherwise.

    The sizes an .xlsx declares are checked here; the file is then scanned and parsed in a child process
    with limits (see `_parse_in_child`).
    """
    if len(content) > MAX_BYTES:
        raise ImportFileError("Berkas terlalu besar: paling besar 20 MB.")
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if suffix == "xlsx":
        _check_zip(content)
    elif suffix == "xls":
        raise ImportFileError("Berkas .xls (Excel lama) belum didukung: buka di Excel, simpan sebagai .xlsx.")
    elif suffix != "csv":
        raise ImportFileError("Jenis berkas tidak didukung: unggah .xlsx atau .csv.")
    table = _parse_in_child(filename, content, columns)
    if table is None:
        wanted = ", ".join(f"“{c.header}”" for c in columns if c.required)
        raise ImportFileError(f"Baris judul kolom tidak ditemukan di {HEADER_SEARCH_ROWS} baris pertama. "
                              f"Kolom yang wajib ada: {wanted}. Gunakan templat bila ragu.")
    return table
