"""Laporan wilayah: a province's or a kab/kota's figures over whole years as PDF, Excel or JSON.

`figures` reads them through the dashboards' query functions, scoped to the acting user; `pdf` and
`xlsx` print them; `snapshots` keeps every generated file, numbered and unchanged.
"""

from kesos.reports.figures import Report, ReportRequest, collect
from kesos.reports.snapshots import FORMAT_LABELS, FORMATS, GeneratedReport, generate, get_snapshot, list_snapshots

__all__ = ["FORMATS", "FORMAT_LABELS", "GeneratedReport", "Report", "ReportRequest", "collect", "generate",
           "get_snapshot", "list_snapshots"]
