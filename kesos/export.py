"""Downloads: a chart as PNG or SVG rendered on the server (vl-convert), its numbers as an Excel sheet.

vl-convert carries Vega, Vega-Lite and its fonts inside the wheel, so rendering needs no network:
a chart's spec is inline data only, and nothing here loads a URL.
"""

import io
import re

import altair as alt
import pandas as pd
import vl_convert as vlc
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

EXPORT_WIDTH = 1100  # a chart drawn at container width in the browser needs a width of its own here
PNG_SCALE = 2  # sharp on a slide and in a printed report
# A spreadsheet reads a cell starting with these as a formula (CSV/formula injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _spec(chart: alt.TopLevelMixin | dict, title: str | None = None, subtitle: str | None = None) -> dict:
    spec = dict(chart) if isinstance(chart, dict) else chart.to_dict()  # a page passes its cached spec
    if "width" not in spec and not any(key in spec for key in ("hconcat", "vconcat", "concat", "facet", "repeat")):
        spec["width"] = EXPORT_WIDTH
    if title:
        spec["title"] = {"text": title, **({"subtitle": subtitle} if subtitle else {}),
                         "subtitleFontSize": 16, "subtitleColor": "#333333", "subtitlePadding": 6}
    spec.setdefault("background", "white")
    spec.setdefault("padding", 16)
    return spec


def chart_svg(chart: alt.TopLevelMixin | dict, title: str | None = None, subtitle: str | None = None) -> str:
    """The chart as SVG text, with its title and takeaway written above it when given."""
    return vlc.vegalite_to_svg(_spec(chart, title, subtitle))


def chart_png(chart: alt.TopLevelMixin | dict, title: str | None = None, subtitle: str | None = None) -> bytes:
    """The chart as a PNG image at twice the screen resolution."""
    return vlc.vegalite_to_png(_spec(chart, title, subtitle), scale=PNG_SCALE)


def safe_cell(value):
    """Text a spreadsheet would run as a formula is prefixed with a quote, so it stays text."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _plain(value):
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        return value.item()
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return safe_cell(value)


def sheet_name(text: str) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet's name."""
    return re.sub(r"[\[\]:*?/\\]", " ", text).strip()[:31] or "Data"


def frame_xlsx(frame: pd.DataFrame, headers: dict[str, str], title: str = "Data", note: str | None = None) -> bytes:
    """The numbers behind a chart as an .xlsx workbook: Indonesian headers, one row per frame row.

    Only the columns named in `headers` are written, in that order; numbers stay numbers, dates
    stay dates, and text that starts like a formula is neutralised.
    """
    return sheets_xlsx([(title, frame, headers, note)])


def sheets_xlsx(sheets: list[tuple[str, pd.DataFrame, dict[str, str], str | None]]) -> bytes:
    """Several frames as one workbook, a sheet each: (title, frame, headers, note) as for `frame_xlsx`."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, frame, headers, note in sheets:
        _write_sheet(workbook.create_sheet(sheet_name(title)), frame, headers, note)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_sheet(sheet, frame: pd.DataFrame, headers: dict[str, str], note: str | None) -> None:
    row = 1
    if note:
        sheet.cell(row=1, column=1, value=safe_cell(note)).font = Font(italic=True)
        row = 3
    columns = [column for column in headers if column in frame.columns]
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=row, column=index, value=safe_cell(headers[column]))
        cell.font = Font(bold=True)
        width = max([len(headers[column])] + [len(str(v)) for v in frame[column].head(200)])
        sheet.column_dimensions[get_column_letter(index)].width = min(60, width + 2)
    for values in frame[columns].itertuples(index=False):
        row += 1
        for index, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=index, value=_plain(value))
            if isinstance(cell.value, int) and not isinstance(cell.value, bool):
                cell.number_format = "#,##0"
    sheet.freeze_panes = sheet.cell(row=(3 if note else 1) + 1, column=1)


CSV_DELIMITER = ";"  # Excel set to Indonesian reads ";" (the comma is its decimal sign)


def frame_csv(frame: pd.DataFrame, headers: dict[str, str]) -> bytes:
    """The same columns as `frame_xlsx` as CSV (UTF-8 with BOM, so Excel shows é and “ right).

    Every text cell goes through `safe_cell`, so a spreadsheet opening the file runs nothing.
    """
    import csv

    columns = [column for column in headers if column in frame.columns]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow([safe_cell(headers[column]) for column in columns])
    for values in frame[columns].itertuples(index=False):
        row = []
        for value in values:
            value = _plain(value)
            if isinstance(value, float) and value.is_integer():
                value = int(value)  # a count column with gaps is float in pandas; 27, not 27.0
            row.append("" if value is None else value.isoformat() if hasattr(value, "isoformat") else value)
        writer.writerow(row)
    return buffer.getvalue().encode("utf-8-sig")
