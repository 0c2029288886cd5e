"""What may import what (docs/architecture.md), read from the source with `ast`: pages call kesos only,
Streamlit stays in kesos/web and kesos/auth.py, settings come from kesos/config.py, the date from kesos/clock.py,
and the layers under the pages import downwards only."""

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
KESOS = sorted((ROOT / "kesos").rglob("*.py"))
PAGES = sorted((ROOT / "pages").rglob("*.py"))
APP_CODE = [*KESOS, *PAGES, ROOT / "app.py"]

# What a page (and app.py) may import besides the standard library.
PAGE_IMPORTS = {"kesos", "streamlit", "pandas"}
STREAMLIT_ALLOWED = [ROOT / "kesos" / "web", ROOT / "kesos" / "auth.py"]
# Per layer, what it never imports: reads do not write, writes do not read dashboards, charts and
# takeaways get a frame and never touch the database; only the web layer is allowed Streamlit.
_DATABASE = {"kesos.db", "kesos.models", "kesos.queries", "kesos.services", "sqlmodel", "sqlalchemy"}
FORBIDDEN = {
    "kesos/queries": {"kesos.services", "kesos.web", "kesos.dashboards", "kesos.charts", "kesos.reports"},
    "kesos/services": {"kesos.queries", "kesos.web", "kesos.dashboards", "kesos.charts", "kesos.reports",
                       "kesos.importer"},
    "kesos/charts.py": _DATABASE | {"kesos.web"},
    "kesos/takeaways.py": _DATABASE | {"kesos.web"},
    "kesos/models.py": {"kesos.services", "kesos.queries", "kesos.web"},
}


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def imported_names(path: Path) -> list[tuple[int, str]]:
    """Every module a file imports, anywhere in it (inside functions too): `from kesos import web`
    counts as `kesos.web`, `from kesos.queries import Filters` as `kesos.queries.Filters`."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{_rel(path)}:{node.lineno}: a relative import; write the module's full name"
            names.append((node.lineno, node.module))
            names += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return names


def _is(name: str, module: str) -> bool:
    return name == module or name.startswith(module + ".")


def _within(path: Path, places) -> bool:
    return any(path == place or place in path.parents for place in places)


def test_pages_import_kesos_streamlit_pandas_and_the_standard_library_only():
    wrong = [f"{_rel(path)}:{line} imports {name}"
             for path in [*PAGES, ROOT / "app.py"] for line, name in imported_names(path)
             if name.split(".")[0] not in PAGE_IMPORTS | set(sys.stdlib_module_names)]
    assert wrong == []


def test_streamlit_is_imported_only_by_kesos_web_and_the_login_wiring():
    wrong = [f"{_rel(path)}:{line} imports {name}"
             for path in KESOS if not _within(path, STREAMLIT_ALLOWED)
             for line, name in imported_names(path) if _is(name, "streamlit")]
    assert wrong == []


def test_only_pages_app_and_the_login_wiring_use_the_web_layer():
    """kesos/auth.py, the other Streamlit module, escapes what it shows with web.text.as_text."""
    wrong = [f"{_rel(path)}:{line} imports {name}"
             for path in KESOS if not _within(path, STREAMLIT_ALLOWED)
             for line, name in imported_names(path) if _is(name, "kesos.web")]
    assert wrong == []


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_each_layer_imports_downwards_only(layer):
    place = ROOT / layer
    files = [place] if place.suffix == ".py" else sorted(place.rglob("*.py"))
    assert files and all(path.is_file() for path in files), layer
    wrong = [f"{_rel(path)}:{line} imports {name}"
             for path in files for line, name in imported_names(path)
             if any(_is(name, forbidden) for forbidden in FORBIDDEN[layer])]
    assert wrong == []


def _attribute_chain(node: ast.AST) -> str | None:
    """`datetime.date.today` for that expression; None when it is not a plain dotted name."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return ".".join([node.id, *reversed(parts)])


def _uses(path: Path, wanted: set[str], from_imports: dict[str, set[str]]) -> list[str]:
    """Where a file reads one of `wanted` (`os.environ`, `date.today`), under whatever local name it
    imported the module or class as, or imports one of `from_imports` by name."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    local = {}  # local name -> what it stands for: `from datetime import date as d` gives d -> date
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            local |= {alias.asname or alias.name: alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            local |= {alias.asname or alias.name: f"{node.module}.{alias.name}" for alias in node.names}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and (chain := _attribute_chain(node)):
            head, _, rest = chain.partition(".")
            full = f"{local.get(head, head)}.{rest}" if rest else chain
            if full in wanted or chain in wanted:
                found.append(f"{_rel(path)}:{node.lineno} reads {full}")
        elif isinstance(node, ast.ImportFrom) and node.module in from_imports:
            found += [f"{_rel(path)}:{node.lineno} imports {node.module}.{alias.name}"
                      for alias in node.names if alias.name in from_imports[node.module]]
    return found


def test_only_kesos_config_reads_the_environment():
    wrong = [use for path in APP_CODE if path != ROOT / "kesos" / "config.py"
             for use in _uses(path, {"os.environ", "os.getenv", "os.environb", "os.putenv"},
                              {"os": {"environ", "getenv", "environb"}})]
    assert wrong == []


def test_only_kesos_clock_reads_the_real_date_and_time():
    clock_reads = {f"datetime.{kind}.{call}" for kind in ("date", "datetime") for call in ("today", "now", "utcnow")}
    wrong = [use for path in APP_CODE if path != ROOT / "kesos" / "clock.py"
             for use in _uses(path, clock_reads, {})]
    assert wrong == []
