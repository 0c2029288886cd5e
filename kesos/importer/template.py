"""The .xlsx template per import kind: the header row, the instructions, and dropdown lists.

Pick-lists (the user's kab/kota, types, items, sources...) stand on a hidden sheet; each column
of the data sheet points at its list through a list data validation, so Excel and LibreOffice
show a dropdown. A typed value outside the list is only warned about: the importer decides.
"""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from kesos.importer.common import Kind

TEMPLATE_ROWS = 5000
LIST_SHEET = "Daftar"


def _text(sheet, row: int, column: int, value: str):
    """A text cell that stays text even when it starts with "=" (a name is never a formula)."""
    cell = sheet.cell(row=row, column=column, value=value)
    cell.data_type = "s"
    return cell


def template_xlsx(kind: Kind, lists: dict[str, list[str]]) -> bytes:
    workbook = Workbook()
    data = workbook.active
    data.title = "Data"
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for index, column in enumerate(kind.columns, start=1):
        cell = _text(data, 1, index, column.header)
        cell.font = Font(bold=True)
        cell.fill = header_fill
        data.column_dimensions[get_column_letter(index)].width = max(16, min(40, len(column.header) + 6))
    data.freeze_panes = "A2"

    guide = workbook.create_sheet("Petunjuk")
    for index, title in enumerate(("Kolom", "Wajib", "Cara mengisi"), start=1):
        _text(guide, 1, index, title).font = Font(bold=True)
    for row, column in enumerate(kind.columns, start=2):
        _text(guide, row, 1, column.header)
        _text(guide, row, 2, "wajib" if column.required else "boleh kosong")
        _text(guide, row, 3, column.hint).alignment = Alignment(wrap_text=True, vertical="top")
    notes = ["Baris judul boleh tidak di baris pertama, baris kosong dilewati, spasi di ujung diabaikan.",
             "Mengimpor berkas yang sama dua kali tidak menambah data: baris yang sudah tersimpan dikenali.",
             "Tidak ada yang disimpan sebelum Anda memeriksa pratinjau dan menekan Simpan."]
    for offset, note in enumerate(notes, start=len(kind.columns) + 3):
        _text(guide, offset, 1, note)
    guide.column_dimensions["A"].width = 24
    guide.column_dimensions["B"].width = 14
    guide.column_dimensions["C"].width = 90

    options = workbook.create_sheet(LIST_SHEET)
    options.sheet_state = "hidden"
    list_column = 0
    for index, column in enumerate(kind.columns, start=1):
        values = lists.get(column.key)
        if not values:
            continue
        list_column += 1
        letter = get_column_letter(list_column)
        _text(options, 1, list_column, column.header)
        for row, value in enumerate(values, start=2):
            _text(options, row, list_column, value)
        validation = DataValidation(type="list", formula1=f"{LIST_SHEET}!${letter}$2:${letter}${len(values) + 1}",
                                    allow_blank=True, errorStyle="warning", showErrorMessage=True,
                                    errorTitle="Tidak ada di daftar",
                                    error="Nilai ini tidak ada di daftar; pratinjau impor akan memeriksanya.")
        target = get_column_letter(index)
        validation.add(f"{target}2:{target}{TEMPLATE_ROWS + 1}")
        data.add_data_validation(validation)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
