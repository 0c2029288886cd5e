"""Downloads are made when asked for: a dashboard's first render imports neither kesos.export nor vl-convert
nor openpyxl (a quarter of a second), and the files its buttons give are the bytes kesos.export makes."""

import io
import os
import subprocess
import sys

import streamlit as st
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from kesos import dashboards, export
from kesos.security import Actor
from tests.pages.apptest import ROOT

SEKRETARIAT = Actor("sekretariat", "sekretariat", "63")

_RENDER = """
import sys
from streamlit.testing.v1 import AppTest
from kesos import web
from kesos.security import Actor
for script in ("pages/dasbor/lks.py", "pages/dasbor/bantuan.py", "pages/dasbor/ringkasan.py"):
    at = AppTest.from_file(script, default_timeout=120)
    at.session_state[web.ACTOR_KEY] = Actor("sekretariat", "sekretariat", "63")
    at.query_params["dari"], at.query_params["tahun"] = "2023", "2025"
    at.run()
    assert not at.exception, (script, at.exception)
    assert len(at.get("download_button")) >= 3, script
print(sorted(name for name in ("kesos.export", "vl_convert", "openpyxl") if name in sys.modules))
"""


def test_a_dashboards_first_render_in_a_fresh_process_imports_no_export_library(app_env):
    done = subprocess.run([sys.executable, "-c", _RENDER], cwd=ROOT, env=dict(os.environ), capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_the_downloads_of_a_panel_are_the_files_kesos_export_makes(app_env, monkeypatch):
    """The buttons hold callables; called, they give what kesos.export gives for the panel's spec and frame."""
    made = {}
    original = st.download_button

    def recording(label, data, file_name=None, *args, **kwargs):
        made[(kwargs.get("key"), label)] = (data, file_name)
        return original(label, data, file_name, *args, **kwargs)

    monkeypatch.setattr(st, "download_button", recording)
    at = AppTest.from_file(str(ROOT / "pages/dasbor/lks.py"), default_timeout=120)
    at.session_state["kesos_actor"] = SEKRETARIAT
    at.query_params["dari"], at.query_params["tahun"] = "2023", "2025"
    at.run()
    assert not at.exception, at.exception

    panel = dashboards.LKS_PER_YEAR
    from kesos.web import panels

    shown = next(v for (key, _), v in made.items() if key == f"{panel.key}-xlsx")
    assert callable(shown[0]) and shown[1].endswith(".xlsx")
    # What the page drew, from the render cache it drew it from.
    view = panels.dashboard_view(SEKRETARIAT, _filters())
    cached = panels._rendered(panel.key, _filters(), view, panels.data_version((_filters(),)), False,
                              _today())
    svg = made[(f"{panel.key}-svg", "SVG")][0]()
    assert svg == export.chart_svg(cached["spec"], cached["title"], cached["takeaway"])
    png = made[(f"{panel.key}-png", "PNG")][0]()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert png == export.chart_png(cached["spec"], cached["title"], cached["takeaway"])
    xlsx = shown[0]()
    expected = export.frame_xlsx(cached["frame"], panel.headers, cached["title"], note=cached["takeaway"])
    assert _cells(xlsx) == _cells(expected) and len(_cells(xlsx)) > 3


def _cells(content: bytes) -> list[list]:
    """An .xlsx's cell values (the zip's own timestamps differ between two saves of one workbook)."""
    return [[cell.value for cell in row] for row in load_workbook(io.BytesIO(content)).active.iter_rows()]


def _filters():
    from kesos import queries

    return queries.Filters(province_code="63", year_from=2023, year_to=2025)


def _today():
    from kesos import clock

    return clock.today()
