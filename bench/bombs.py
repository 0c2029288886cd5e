"""Hostile .xlsx and .csv files of the kinds an outside test sent (import bombs), built in memory.

Small on disk, huge once opened: one shared string of hundreds of megabytes, hundreds of thousands of shared
strings, a million blank rows, a cell at the last column, an entity expansion. Used by
tests/importer/test_import_bombs.py and bench/import_bomb.py.
"""

import io
import zipfile

HEADER = ["Kabupaten/Kota", "Nama LKS", "Jenis LKS", "Tanggal terdaftar"]
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    '</Types>')
_ROOT_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
              '</Relationships>')
_WORKBOOK = (f'<?xml version="1.0" encoding="UTF-8"?><workbook {_NS} '
             'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
             '<sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                  '</Relationships>')


def _column(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _write(members: dict[str, object]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, body in members.items():
            if isinstance(body, str):
                body = body.encode("utf-8")
            if isinstance(body, bytes):
                archive.writestr(name, body)
            else:  # an iterable of byte chunks, streamed (hundreds of MB never held at once)
                with archive.open(name, "w", force_zip64=True) as out:
                    for chunk in body:
                        out.write(chunk)
    return buffer.getvalue()


def workbook(strings, sheet_rows, *, doctype: str = "") -> bytes:
    """An .xlsx whose shared strings and sheet rows are given as XML (strings or chunk iterables)."""
    def shared():
        yield f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<sst {_NS}>'.encode()
        for piece in ([strings] if isinstance(strings, str) else strings):
            yield piece.encode() if isinstance(piece, str) else piece
        yield b"</sst>"

    def sheet():
        yield f'<?xml version="1.0" encoding="UTF-8"?><worksheet {_NS}><sheetData>'.encode()
        for piece in ([sheet_rows] if isinstance(sheet_rows, str) else sheet_rows):
            yield piece.encode() if isinstance(piece, str) else piece
        yield b"</sheetData></worksheet>"

    return _write({"[Content_Types].xml": _CONTENT_TYPES, "_rels/.rels": _ROOT_RELS, "xl/workbook.xml": _WORKBOOK,
                   "xl/_rels/workbook.xml.rels": _WORKBOOK_RELS, "xl/sharedStrings.xml": shared(),
                   "xl/worksheets/sheet1.xml": sheet()})


def _header_strings() -> str:
    return "".join(f"<si><t>{h}</t></si>" for h in HEADER)


def _header_row() -> str:
    return '<row r="1">' + "".join(f'<c r="{_column(i + 1)}1" t="s"><v>{i}</v></c>' for i in range(len(HEADER))) + "</row>"


def one_huge_shared_string(megabytes: int) -> bytes:
    """One shared string of `megabytes` MB (the outside test's 489 KB file held 200 MB)."""
    def strings():
        yield _header_strings() + "<si><t>"
        block = b"A" * (1024 * 1024)
        for _ in range(megabytes):
            yield block
        yield "</t></si>"
    return workbook(strings(), _header_row() + '<row r="2"><c r="A2" t="s"><v>4</v></c></row>')


def long_cell(characters: int) -> bytes:
    return workbook(_header_strings() + f"<si><t>{'B' * characters}</t></si>",
                    _header_row() + '<row r="2"><c r="B2" t="s"><v>4</v></c></row>')


def many_shared_strings(count: int) -> bytes:
    def strings():
        yield _header_strings()
        for start in range(0, count, 10_000):
            yield "".join(f"<si><t>{i}</t></si>" for i in range(start, min(start + 10_000, count)))
    return workbook(strings(), _header_row())


def blank_rows(count: int) -> bytes:
    """`count` empty rows under the header (the outside test: 1,000,000 in 5 MB)."""
    def rows():
        yield _header_row()
        for start in range(2, count + 2, 10_000):
            yield "".join(f'<row r="{i}"/>' for i in range(start, min(start + 10_000, count + 2)))
    return workbook(_header_strings(), rows())


def last_row_only() -> bytes:
    """One cell in row 1,048,576: openpyxl would yield every row above it."""
    return workbook(_header_strings(), _header_row() + '<row r="1048576"><c r="A1048576" t="s"><v>0</v></c></row>')


def last_column() -> bytes:
    return workbook(_header_strings(), _header_row() + '<row r="2"><c r="XFD2" t="s"><v>0</v></c></row>')


def entity_expansion() -> bytes:
    doctype = ('<!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
               '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>')
    return workbook(_header_strings() + "<si><t>&c;</t></si>", _header_row(), doctype=doctype)


def csv_blank_lines(count: int) -> bytes:
    return (";".join(HEADER) + "\n" + "\n" * count).encode()


def csv_long_field(characters: int) -> bytes:
    return (";".join(HEADER) + "\n" + "Kota Banjarmasin;" + "C" * characters + ";LKSA;10/8/2023\n").encode()


def plain(rows: int = 3) -> bytes:
    """A harmless file of the same shape, so a refusal above is not a refusal of every such file."""
    strings = _header_strings() + "<si><t>Kota Banjarmasin</t></si><si><t>LKSA</t></si><si><t>10/8/2023</t></si>" + "".join(
        f"<si><t>Panti Uji {i}</t></si>" for i in range(rows))
    body = _header_row() + "".join(
        f'<row r="{i + 2}"><c r="A{i + 2}" t="s"><v>4</v></c><c r="B{i + 2}" t="s"><v>{7 + i}</v></c>'
        f'<c r="C{i + 2}" t="s"><v>5</v></c><c r="D{i + 2}" t="s"><v>6</v></c></row>' for i in range(rows))
    return workbook(strings, body)
