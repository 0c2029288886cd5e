"""Data versions per province: a save shows at once, even committed out of id order, and a save in one
province leaves the other provinces' cached views warm. Through the real `web.query` and `st.cache_data`.

The figures are compared with a naive pandas reading of the raw LKS rows, not with the code's queries.
"""

import dataclasses
import functools
from dataclasses import dataclass
from datetime import date
from typing import Callable

import pandas as pd
import pytest
import streamlit as st
from sqlmodel import Session, SQLModel, delete, func, select

from kesos import clock, config, dashboards, data_versions, importer, queries, web
from kesos.db import session_scope
from kesos.demo import remove_demo
from kesos.models import AidItem, AuditLog, Lks, Province
from kesos.queries.lks import lks_by_type_per_kab_kota
from kesos.security import Actor
from kesos.services import activity, base, beneficiary, branch, funding, lks, users_admin
from tests.databases import on_postgres
from tests.services.test_record_rules import KINDS
from tests.services.test_concurrency import WRITERS, all_at_once

SEKRETARIAT = Actor("sekretariat", "sekretariat", "63")
OPERATOR = Actor("operator", "operator", "63", "63.71")
BALI = Actor("sekretariat_bali", "sekretariat", "51")
ADMIN = Actor("admin", "admin")
KALSEL = queries.Filters(province_code="63")
BALI_FILTERS = queries.Filters(province_code="51")
NATIONAL = queries.Filters()


@pytest.fixture
def web_engine(demo_db_url, monkeypatch):
    """The app's own engine and caches (`web.engine`, `st.cache_data`) on a fresh demo database."""
    monkeypatch.setenv("DATABASE_URL", demo_db_url)
    monkeypatch.setenv("KESOS_DEMO", "1")  # demo accounts: on PostgreSQL demo mode is off unless set
    monkeypatch.setenv("KESOS_COOKIE_KEY", "test-cookie-key-0123456789abcdef")
    config.settings.cache_clear()
    st.cache_resource.clear()
    st.cache_data.clear()
    engine = web.engine()
    yield engine
    engine.dispose()
    config.settings.cache_clear()
    st.cache_resource.clear()
    st.cache_data.clear()


def versions(engine) -> dict[str, int]:
    with engine.connect() as connection:
        return data_versions.versions(connection)


def moved(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    """Province -> how far its version moved."""
    return {code: after.get(code, 0) - before.get(code, 0) for code in sorted(set(before) | set(after))
            if after.get(code, 0) != before.get(code, 0)}


def lks_data(name: str, kab_kota_code: str) -> dict:
    return {"name": name, "lks_type": "anak", "kab_kota_code": kab_kota_code, "registration_status": "terdaftar",
            "accreditation": "belum", "registered_on": date(2024, 1, 2)}


def naive_lks(engine, province_code: str | None = None) -> pd.DataFrame:
    """Live LKS at the end of this year, per kab/kota and type, counted by pandas from the raw rows."""
    with engine.connect() as connection:
        rows = pd.read_sql_table("lks", connection)
    year_end = pd.Timestamp(date(clock.today().year, 12, 31))
    alive = rows[rows["deleted_at"].isna() & (pd.to_datetime(rows["registered_on"]) <= year_end)
                 & (rows["closed_on"].isna() | (pd.to_datetime(rows["closed_on"]) > year_end))]
    if province_code:
        alive = alive[alive["kab_kota_code"].str.startswith(f"{province_code}.")]
    return alive.groupby(["kab_kota_code", "lks_type"]).size()


def shown_lks(frame: pd.DataFrame) -> pd.Series:
    return frame.set_index(["kab_kota_code", "lks_type"])["count"]


def counting(monkeypatch, panel: dashboards.Panel) -> tuple[list, Callable]:
    """Count the calls of the panel's query function, the one `web.query` and the panels run on a cache
    miss: the counted function keeps the original's module and name, so it has the original's cache key,
    and it stands in for the original in the panel (`dashboards.PANELS`, what `chart_panel` looks up)."""
    calls, original = [], panel.query

    @functools.wraps(original)
    def counted(session, *args):
        calls.append(args)
        return original(session, *args)

    monkeypatch.setitem(dashboards.PANELS, panel.key, dataclasses.replace(panel, query=counted))
    return calls, counted


# --- (a) two transactions committed out of id order --------------------------------------------

@pytest.mark.skipif(not on_postgres(), reason="two write transactions open at once: PostgreSQL only "
                                              "(KESOS_TEST_DB=postgresql); SQLite lets one writer in at a time")
def test_two_saves_committed_out_of_id_order_both_show_at_the_next_read(web_engine):
    """The save that got the lower audit id commits last: max(audit_log.id) does not move, the version does."""
    def max_audit_id() -> int:
        with Session(web_engine) as s:
            return s.exec(select(func.max(AuditLog.id))).one()

    start = web.query(lks_by_type_per_kab_kota, KALSEL)
    first, second = Session(web_engine), Session(web_engine)
    try:
        lks.create_lks(session=first, actor=SEKRETARIAT, data=lks_data("LKSA Mulai Duluan", "63.71"))
        first.flush()  # its audit row takes the lower id
        lks.create_lks(session=second, actor=SEKRETARIAT, data=lks_data("LKSA Mulai Belakangan", "63.72"))
        second.flush()
        first_id, second_id = (s.exec(select(func.max(AuditLog.id))).one() for s in (first, second))
        assert first_id < second_id
        second.commit()
        middle = web.query(lks_by_type_per_kab_kota, KALSEL)  # cached now, with the second save only
        old_key_then = max_audit_id()
        first.commit()
        old_key_now = max_audit_id()
    finally:
        first.close()
        second.close()
    end = web.query(lks_by_type_per_kab_kota, KALSEL)

    assert shown_lks(middle).sum() == shown_lks(start).sum() + 1
    assert old_key_now == old_key_then == second_id  # the old cache key would have served `middle` for an hour
    assert shown_lks(end).sum() == shown_lks(start).sum() + 2
    assert shown_lks(end).to_dict() == naive_lks(web_engine, "63").to_dict()


# --- (b) a save in Bali leaves Kalimantan Selatan warm -----------------------------------------

def test_a_save_in_bali_leaves_kalsel_cached_and_a_save_in_kalsel_shows_at_once(web_engine, monkeypatch):
    calls, lks_by_type_per_kab_kota = counting(monkeypatch, dashboards.LKS_PER_KAB_KOTA)
    kalsel = web.query(lks_by_type_per_kab_kota, KALSEL)
    web.query(lks_by_type_per_kab_kota, NATIONAL)
    assert len(calls) == 2 and shown_lks(kalsel).to_dict() == naive_lks(web_engine, "63").to_dict()
    web.query(lks_by_type_per_kab_kota, KALSEL)
    assert len(calls) == 2  # a rerun is served from the cache

    with session_scope(web_engine) as s:
        lks.create_lks(session=s, actor=BALI, data=lks_data("Panti Asuhan Dharma Bali", "51.71"))
    after_bali = web.query(lks_by_type_per_kab_kota, KALSEL)
    assert len(calls) == 2, "a save in Bali recomputed Kalimantan Selatan's view"
    assert after_bali.equals(kalsel) and shown_lks(after_bali).to_dict() == naive_lks(web_engine, "63").to_dict()
    national = web.query(lks_by_type_per_kab_kota, NATIONAL)  # the national view moves with any province
    assert len(calls) == 3 and shown_lks(national).to_dict() == naive_lks(web_engine).to_dict()
    bali = web.query(lks_by_type_per_kab_kota, BALI_FILTERS)
    assert len(calls) == 4 and shown_lks(bali).to_dict() == naive_lks(web_engine, "51").to_dict()

    with session_scope(web_engine) as s:
        lks.create_lks(session=s, actor=OPERATOR, data=lks_data("LKSA Banua Baru", "63.71"))
    after_kalsel = web.query(lks_by_type_per_kab_kota, KALSEL)
    assert len(calls) == 5
    assert shown_lks(after_kalsel)[("63.71", "anak")] == shown_lks(kalsel)[("63.71", "anak")] + 1
    assert shown_lks(after_kalsel).to_dict() == naive_lks(web_engine, "63").to_dict()


def test_a_kalsel_dashboard_panel_is_not_rebuilt_after_a_save_in_bali(web_engine, monkeypatch):
    """The panel cache (`chart_panel`, built once per filter and data version) follows the same rule."""
    calls, _ = counting(monkeypatch, dashboards.LKS_PER_KAB_KOTA)
    panel, view = dashboards.LKS_PER_KAB_KOTA, dashboards.View("Kalsel", clock.today().year, clock.today().year)
    web.chart_panel(panel, KALSEL, view)
    web.chart_panel(panel, KALSEL, view)
    assert len(calls) == 1
    with session_scope(web_engine) as s:
        lks.create_lks(session=s, actor=BALI, data=lks_data("Panti Werdha Tabanan", "51.02"))
    web.chart_panel(panel, KALSEL, view)
    assert len(calls) == 1
    with session_scope(web_engine) as s:
        lks.create_lks(session=s, actor=OPERATOR, data=lks_data("LKSA Sungai Miai", "63.71"))
    web.chart_panel(panel, KALSEL, view)
    assert len(calls) == 2


# --- (c) every write moves its province's version, and only its province's ---------------------

def _step(engine, write) -> dict[str, int]:
    before = versions(engine)
    with session_scope(engine) as s:
        write(s)
    return moved(before, versions(engine))


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.table)
def test_create_update_delete_and_restore_of_every_record_kind_move_their_province_only(demo_engine, kind):
    writer = SEKRETARIAT if kind.province_level else OPERATOR
    made = {}
    assert _step(demo_engine, lambda s: made.setdefault("id", kind.create(s, writer, "63.71").id)) == {"63": 1}

    def stored(s):
        return s.get(kind.model, made["id"])

    steps = [
        lambda s: kind.update(s, writer, stored(s), "Nilai baru", stored(s).version),
        lambda s: kind.delete(s, writer, stored(s), stored(s).version),
        lambda s: kind.restore(s, SEKRETARIAT, made["id"]),
    ]
    for step in steps:
        assert _step(demo_engine, step) == {"63": 1}


@dataclass
class Write:
    name: str
    write: Callable  # (session) -> None
    moves: str | set[str]  # the provinces whose version must move by one; "all" for every province


def _grid(s, versions_of):
    frame = beneficiary.load_grid(session=s, actor=OPERATOR, kab_kota_code="63.71", year=2021, month=6)
    rows = [beneficiary.Row(int(lks_id), 4, 5) for lks_id in frame["lks_id"][:3]]
    beneficiary.save_grid(session=s, actor=OPERATOR, kab_kota_code="63.71", year=2021, month=6, rows=rows,
                          expected_versions={row.lks_id: versions_of(frame, row.lks_id) for row in rows})


def _grid_again(s):
    _grid(s, lambda f, i: None)
    s.commit()
    _grid(s, lambda f, i: 1)


def _activity_with_present(s):
    data = {"title": "Rakor versi data", "kind": "rakor", "start_date": date(2025, 3, 4), "province_code": "63",
            "kab_kota_code": "63.71", "kab_kota_present": ["63.71", "63.72"]}
    record = activity.create_activity(session=s, actor=SEKRETARIAT, data=data)
    s.commit()
    activity.update_activity(session=s, actor=SEKRETARIAT, activity_id=record.id, expected_version=record.version,
                             data=data | {"kab_kota_present": ["63.03"]})


def _box_collection(s):
    boxes = funding.box_options(s, "63")
    funding.record_box_collection(session=s, actor=SEKRETARIAT, province_code="63", received_on=date(2025, 5, 2),
                                  batch_ref="VERSI-1", expected_total=300_000,
                                  rows=[{"funding_source_id": int(boxes["id"].iloc[0]), "amount_rupiah": 300_000}])


def _branch(s):
    record = branch.find_branch(s, "63.10")
    branch.save_branch(session=s, actor=SEKRETARIAT, kab_kota_code="63.10",
                       expected_version=None if record is None else record.version,
                       data={"is_formed": False, "name": "KKKS Tanah Bumbu (persiapan)"})


def _move_lks_to_bali(s):
    record = s.exec(select(Lks).where(Lks.kab_kota_code == "63.71", Lks.deleted_at.is_(None))).first()
    lks.update_lks(session=s, actor=ADMIN, lks_id=record.id, expected_version=record.version,
                   data={**record.model_dump(), "kab_kota_code": "51.71"})


def _import(actor, kind, content):
    def run(s):
        table = importer.read(kind, "berkas.csv", content.encode())
        shown = importer.preview(session=s, actor=actor, kind=kind, table=table)
        importer.commit(session=s, actor=actor, shown=shown, skip_errors=True,
                        warnings_reason="Diimpor dalam uji")
    return run


def _new_user(s):
    users_admin.create_user(session=s, actor=ADMIN, data={
        "username": "rina.op", "name": "Rina Operator", "email": None, "role": "operator", "province_code": "63",
        "kab_kota_code": "63.71", "password": "banjar-masin-2025", "password_confirm": "banjar-masin-2025"})


WRITES = [
    Write("beneficiary grid, first and second save", _grid_again, {"63"}),
    Write("activity and the kab/kota present", _activity_with_present, {"63"}),
    Write("donation-box collection", _box_collection, {"63"}),
    Write("branch", _branch, {"63"}),
    Write("LKS moved to another province", _move_lks_to_bali, {"63", "51"}),
    Write("import LKS", _import(OPERATOR, "lks", "Kabupaten/Kota;Nama LKS;Jenis LKS;Tanggal terdaftar\n"
                                                   "Kota Banjarmasin;LKSA Impor Versi;LKSA;01/02/2020\n"), {"63"}),
    Write("import beneficiary counts", _import(OPERATOR, "penerima-manfaat",
                                               "Kabupaten/Kota;Nama LKS;Tahun;Bulan;Perempuan;Laki-laki\n"
                                               "Kota Banjarmasin;Panti Asuhan Harapan Bangsa;2020;1;3;4\n"), {"63"}),
    Write("import aid", _import(OPERATOR, "bantuan",
                                "Tanggal;Kabupaten/Kota;Barang bantuan;Jumlah;Nilai (Rp);Jenis penerima;Penerima;"
                                "Sumber dana\n2024-08-10;Kota Banjarmasin;Paket PMT;25;1.250.000;Kelompok;Lanjut usia;"
                                "PT Bank Intan Banua\n"), {"63"}),
    Write("aid catalogue (shared by every province), through the write path itself",
          lambda s: base.insert(s, SEKRETARIAT, AidItem(name="Tongkat", unit="unit")), "all"),
    Write("remove the demo data", remove_demo, "all"),
    Write("user (no cached read depends on users)", _new_user, set()),
]


@pytest.mark.parametrize("case", WRITES, ids=lambda w: w.name)
def test_each_write_path_moves_its_provinces_versions(demo_engine, case):
    with Session(demo_engine) as s:
        every = set(s.exec(select(Province.code)))
    expected = every if case.moves == "all" else case.moves
    before = versions(demo_engine)
    with session_scope(demo_engine) as s:
        case.write(s)
    after = versions(demo_engine)
    assert set(moved(before, after)) == expected
    assert all(1 <= step <= 2 for step in moved(before, after).values())  # one per commit (two commits at most)


def test_a_save_since_the_preview_plans_again_only_when_it_is_in_the_importers_province(demo_engine, monkeypatch):
    content = "Kabupaten/Kota;Nama LKS;Jenis LKS;Tanggal terdaftar\nKota Banjarmasin;LKSA Rencana;LKSA;01/02/2020\n"
    table = importer.read("lks", "a.csv", content.encode())
    planned = []
    plan = importer.preview
    monkeypatch.setattr(importer, "preview", lambda **kw: planned.append(kw["actor"]) or plan(**kw))
    with session_scope(demo_engine) as s:
        shown = plan(session=s, actor=SEKRETARIAT, kind="lks", table=table)
    with session_scope(demo_engine) as s:
        lks.create_lks(session=s, actor=BALI, data=lks_data("Panti Bali Sela", "51.71"))
    with session_scope(demo_engine) as s:
        assert importer.commit(session=s, actor=SEKRETARIAT, shown=shown)["add"] == 1
    assert planned == []  # a save in Bali does not touch a Kalsel plan
    with session_scope(demo_engine) as s:
        shown = plan(session=s, actor=SEKRETARIAT, kind="lks", table=importer.read("lks", "b.csv", content.replace(
            "Rencana", "Rencana Dua").encode()))
    with session_scope(demo_engine) as s:
        lks.create_lks(session=s, actor=OPERATOR, data=lks_data("LKSA Sela Kalsel", "63.71"))
    with session_scope(demo_engine) as s:
        assert importer.commit(session=s, actor=SEKRETARIAT, shown=shown)["add"] == 1
    assert planned == [SEKRETARIAT]  # a save in Kalsel since the preview: planned again


@pytest.mark.skipif(on_postgres(), reason="backups from the app are SQLite files (PostgreSQL: pg_dump)")
def test_a_restored_backup_moves_every_version_past_the_restored_and_the_replaced_ones(demo_engine, tmp_path):
    from kesos import backup

    backup.backup_to(demo_engine, tmp_path / "cadangan.db")
    for name in ("LKSA Sesudah Cadangan Satu", "LKSA Sesudah Cadangan Dua"):
        with session_scope(demo_engine) as s:
            lks.create_lks(session=s, actor=OPERATOR, data=lks_data(name, "63.71"))
    before = versions(demo_engine)
    backup.restore_from(demo_engine, tmp_path / "cadangan.db")
    after = versions(demo_engine)
    with Session(demo_engine) as s:
        every = set(s.exec(select(Province.code)))
    assert set(after) == every and all(after[code] > before.get(code, 0) for code in every)
    assert sum(after.values()) > sum(before.values())


def test_a_bulk_delete_through_the_session_moves_the_provinces_of_the_rows_it_removes(demo_engine):
    with session_scope(demo_engine) as s:
        record_id = lks.create_lks(session=s, actor=BALI, data=lks_data("Panti Dihapus Massal", "51.71")).id
    assert _step(demo_engine, lambda s: s.exec(delete(Lks).where(Lks.id == record_id))) == {"51": 1}


def test_twenty_saves_of_one_province_at_once_move_its_version_twenty_times(demo_engine):
    """The counter is moved by the database in each writing transaction, never read and written back."""
    before = versions(demo_engine)

    def save(i: int) -> None:
        with session_scope(demo_engine) as s:
            lks.create_lks(session=s, actor=SEKRETARIAT, data=lks_data(f"LKSA Serentak {i}", "63.71"))

    results = all_at_once(save)
    assert [r for r in results if r is not None] == []
    assert moved(before, versions(demo_engine)) == {"63": WRITERS}


def test_every_table_says_how_its_rows_find_their_province():
    """A new table moves every province until it is placed here: correct before it is precise."""
    placed = data_versions.UNVERSIONED | data_versions.SHARED | set(data_versions.OWN) | set(data_versions.PARENTS)
    assert set(SQLModel.metadata.tables) == placed
