"""Hostile spreadsheets into the importer: any bytes, any cell in any column of every kind.

What may happen: `ImportFileError` for a file that cannot be used, a preview whose bad rows say
why, a commit that writes the good rows or refuses with a domain error. What must not: any other
exception, or a stored row that breaks the field's rules. A commit that fails halfway (the disk
fills up) stores no row at all.
"""

from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, func, select

from kesos import clock, importer, vocab
from kesos.db import make_engine, migrate, session_scope, load_regions
from kesos.errors import DatabaseUnavailable, KesosError
from kesos.importer.reading import ImportFileError
from kesos.models import AuditLog, Lks
from kesos.security import Actor
from tests.faults import fill_disk
from tests.importer.helpers import xlsx

SEKRETARIAT = Actor("sekretariat", "sekretariat", province_code="63")
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

cells = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**15), 10**15), st.floats(allow_nan=False, allow_infinity=False),
    st.dates(min_value=date(1, 1, 1)), st.datetimes(max_value=datetime(9999, 1, 1)),
    st.text(max_size=300).filter(lambda s: not any(ord(c) < 32 and c not in "\t\n\r" for c in s)),
    st.sampled_from(["=1+1", "=HYPERLINK(\"http://x\",\"klik\")", "+1", "-1+2", "@SUM(A1)", "<script>x</script>",
                     "'; DROP TABLE lks; --", "Kota Banjarmasin", "63.71", "LKS Anak (LKSA)", "anak", "2020-01-01",
                     "01/02/2020", "1.250.000", "Rp 5.000.000", "x" * 5000, "NaN", "#N/A"]),
)


@pytest.fixture(scope="module")
def engine(module_empty_engine):
    return module_empty_engine  # SQLite, or PostgreSQL in the second pass of .ci/run


def stored_lks(engine) -> list[Lks]:
    with Session(engine) as s:
        return list(s.exec(select(Lks)))


def audit_entries(engine) -> int:
    with Session(engine) as s:
        return s.exec(select(func.count()).select_from(AuditLog)).one()


@SETTINGS
@given(content=st.binary(max_size=2000), suffix=st.sampled_from(["xlsx", "csv", "xls", "txt"]),
       kind=st.sampled_from(sorted(importer.KINDS)))
def test_any_bytes_are_read_or_refused_as_a_file_problem(content, suffix, kind):
    try:
        importer.read(kind, f"data.{suffix}", content)
    except ImportFileError as exc:
        assert exc.message


@SETTINGS
@given(data=st.data(), kind=st.sampled_from(sorted(importer.KINDS)))
def test_any_cells_preview_and_commit_without_crashing_or_storing_bad_rows(engine, data, kind):
    headers = [column.header for column in importer.KINDS[kind].columns]
    rows = data.draw(st.lists(st.lists(cells, min_size=len(headers), max_size=len(headers)), min_size=1, max_size=4))
    try:
        table = importer.read(kind, "hostile.xlsx", xlsx([headers, *rows]))
    except ImportFileError:
        return
    before = audit_entries(engine)
    try:
        with session_scope(engine) as s:
            shown = importer.preview(session=s, actor=SEKRETARIAT, kind=kind, table=table)
        with session_scope(engine) as s:
            importer.commit(session=s, actor=SEKRETARIAT, shown=shown, skip_errors=True)
    except KesosError as exc:
        assert exc.message
        assert audit_entries(engine) == before
    for record in stored_lks(engine):
        assert 0 < len(record.name) <= 200 and record.name == record.name.strip()
        assert record.lks_type in vocab.LKS_TYPES and record.kab_kota_code.startswith("63.")
        assert date(1945, 8, 17) <= record.registered_on <= clock.today()


def test_an_import_that_fills_the_disk_halfway_stores_no_row(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'kesos.db'}")
    migrate(engine)
    with session_scope(engine) as s:
        load_regions(s)
    headers = [column.header for column in importer.KINDS["lks"].columns]
    rows = [["Kota Banjarmasin", f"Panti Impor {i} " + "x" * 150, "LKS Anak (LKSA)", "Jl. " + "y" * 250, None, None,
             None, 30, date(2020, 1, 1), None][:len(headers)] for i in range(300)]
    table = importer.read("lks", "besar.xlsx", xlsx([headers, *rows]))
    with session_scope(engine) as s:
        shown = importer.preview(session=s, actor=SEKRETARIAT, kind="lks", table=table)
    assert shown.counts[importer.ADD] == 300
    before = (len(stored_lks(engine)), audit_entries(engine))
    fill_disk(engine)

    with pytest.raises(DatabaseUnavailable, match="Penyimpanan server penuh"):
        with session_scope(engine) as s:
            importer.commit(session=s, actor=SEKRETARIAT, shown=shown)

    assert (len(stored_lks(engine)), audit_entries(engine)) == before
    engine.dispose()
