"""Kelengkapan against a naive pandas reading of the raw rows, on the demo data and on small hand-made cases."""

import json
from datetime import date, datetime, timedelta, timezone

import pandas as pd
import pytest
from sqlmodel import Session, select

from kesos import clock
from kesos.__main__ import main
from kesos.errors import PermissionDenied
from kesos.models import BeneficiaryCount, Lks, MonthlyReport
from kesos.queries import Filters, reporting
from kesos.security import Actor
from kesos.services import beneficiary, lks as lks_service

SEKRETARIAT = Actor("sekretariat", "sekretariat", province_code="63")
OPERATOR = Actor("operator", "operator", province_code="63", kab_kota_code="63.71")
ADMIN = Actor("admin", "admin")


def _naive(session: Session, province: str, year: int, months: list[int], due_day: int = 10) -> pd.DataFrame:
    """Every LKS and count row read whole, and the rules of the README applied in plain pandas."""
    lks = pd.read_sql(select(Lks.id, Lks.kab_kota_code, Lks.registered_on, Lks.closed_on, Lks.deleted_at),
                      session.connection())
    lks = lks[lks["kab_kota_code"].str.startswith(province + ".") & lks["deleted_at"].isna()]
    counts = pd.read_sql(select(BeneficiaryCount.lks_id, BeneficiaryCount.year, BeneficiaryCount.month,
                                BeneficiaryCount.created_at, BeneficiaryCount.deleted_at), session.connection())
    counts = counts[(counts["year"] == year) & counts["deleted_at"].isna()]
    rows = []
    for month in months:
        first = date(year, month, 1)
        last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1))
        due = date(last.year + (last.month == 12), last.month % 12 + 1, due_day)
        due_utc = datetime(due.year, due.month, due.day, 17, 0)  # the end of the due day in WIB, in UTC
        registered = pd.to_datetime(lks["registered_on"]).dt.date
        closed = pd.to_datetime(lks["closed_on"]).dt.date
        active = lks[(registered <= last) & (lks["closed_on"].isna() | (closed >= first))]
        these = counts[counts["month"] == month].merge(active, left_on="lks_id", right_on="id")
        for code, group in active.groupby("kab_kota_code"):
            done = these[these["kab_kota_code"] == code]
            rows.append({"kab_kota_code": code, "month": month, "expected": len(group), "reported": len(done),
                         "on_time": int((pd.to_datetime(done["created_at"], utc=True)
                                             < pd.Timestamp(due_utc, tz="UTC")).sum())})
    return pd.DataFrame(rows).sort_values(["kab_kota_code", "month"]).reset_index(drop=True)


def test_kalsel_2026_grid_equals_the_naive_reading_of_the_demo_rows(demo_session):
    ours = reporting.completeness(demo_session, SEKRETARIAT, "63", 2026, today=date(2026, 12, 2))
    theirs = _naive(demo_session, "63", 2026, list(range(1, 13)))
    got = ours[ours["expected"] > 0][["kab_kota_code", "month", "expected", "reported", "on_time"]]
    pd.testing.assert_frame_equal(got.reset_index(drop=True), theirs, check_dtype=False)
    assert len(ours) == 13 * 12  # every kab/kota and month begun by 2 December 2026


def test_demo_october_2026_is_partial_with_three_kalsel_kab_kota_late(demo_session):
    october = reporting.completeness(demo_session, SEKRETARIAT, "63", 2026, 10, today=date(2026, 12, 2))
    assert set(october.loc[october["late"], "kab_kota"]) == {"Kabupaten Kotabaru", "Kabupaten Tanah Bumbu",
                                                            "Kabupaten Balangan"}
    assert october["complete"].sum() == 10
    september = reporting.completeness(demo_session, SEKRETARIAT, "63", 2026, 9, today=date(2026, 12, 2))
    assert dict(zip(september["kab_kota_code"], september["state"]))["63.03"] == "dikembalikan"
    assert (september["state"] == "disetujui").sum() == 10
    assert (september["on_time"] < september["reported"]).any()  # some kab/kota entered September late


def test_a_reported_zero_counts_and_a_missing_row_does_not(empty_engine):
    with Session(empty_engine) as session:
        made = [lks_service.create_lks(session=session, actor=SEKRETARIAT, data={
            "name": f"LKS {n}", "lks_type": "anak", "kab_kota_code": "63.71", "registered_on": date(2020, 1, 1)})
            for n in range(3)]
        rows = [beneficiary.Row(made[0].id, 0, 0), beneficiary.Row(made[1].id, 4, 5), beneficiary.Row(made[2].id)]
        beneficiary.save_grid(session=session, actor=SEKRETARIAT, kab_kota_code="63.71", year=2024, month=5,
                              rows=rows, expected_versions={})
        session.commit()
        cell = reporting.completeness(session, SEKRETARIAT, "63", 2024, 5, "63.71").iloc[0]
        assert (cell["expected"], cell["reported"], bool(cell["complete"])) == (3, 2, False)
        assert reporting.missing_lks(session, SEKRETARIAT, "63.71", 2024, 5)["name"].tolist() == ["LKS 2"]


def test_on_time_means_first_saved_by_the_end_of_the_due_day_in_wib(empty_engine):
    with Session(empty_engine) as session:
        made = [lks_service.create_lks(session=session, actor=SEKRETARIAT, data={
            "name": f"LKS {n}", "lks_type": "anak", "kab_kota_code": "63.71", "registered_on": date(2020, 1, 1)})
            for n in range(2)]
        wib = timezone(timedelta(hours=7))
        for lks, moment in zip(made, (datetime(2024, 6, 10, 23, 59, tzinfo=wib), datetime(2024, 6, 11, 0, 1, tzinfo=wib))):
            session.add(BeneficiaryCount(lks_id=lks.id, year=2024, month=5, women=1, men=1,
                                         created_at=moment.astimezone(timezone.utc)))
        session.commit()
        cell = reporting.completeness(session, SEKRETARIAT, "63", 2024, 5, "63.71", due_day=10).iloc[0]
        assert (cell["reported"], cell["on_time"]) == (2, 1)
        later = reporting.completeness(session, SEKRETARIAT, "63", 2024, 5, "63.71", due_day=11).iloc[0]
        assert later["on_time"] == 2


def test_an_lks_counts_from_the_month_it_registers_until_the_month_it_closes(empty_engine):
    with Session(empty_engine) as session:
        for name, registered, closed in (("Baru", date(2024, 5, 31), None), ("Tutup", date(2020, 1, 1), date(2024, 5, 1)),
                                         ("Lama", date(2020, 1, 1), date(2024, 4, 30))):
            lks_service.create_lks(session=session, actor=SEKRETARIAT, data={
                "name": name, "lks_type": "anak", "kab_kota_code": "63.71", "registered_on": registered,
                "closed_on": closed})
        session.commit()
        cell = reporting.completeness(session, SEKRETARIAT, "63", 2024, 5, "63.71").iloc[0]
        assert cell["expected"] == 2  # Baru (registered on the last day) and Tutup (closed on the first)


def test_an_approved_month_is_complete_even_with_an_lks_missing(demo_session):
    demo_session.add(MonthlyReport(kab_kota_code="63.02", year=2026, month=10, state="disetujui"))
    demo_session.commit()
    cell = reporting.completeness(demo_session, SEKRETARIAT, "63", 2026, 10, "63.02", today=date(2026, 12, 2)).iloc[0]
    assert cell["reported"] == 0 and bool(cell["complete"]) and not bool(cell["late"])


def test_an_operator_sees_only_its_own_kab_kota(demo_session):
    frame = reporting.completeness(demo_session, OPERATOR, "63", 2026, 9)
    assert set(frame["kab_kota_code"]) == {"63.71"}
    with pytest.raises(PermissionDenied):
        reporting.completeness(demo_session, OPERATOR, "63", 2026, 9, "63.72")
    with pytest.raises(PermissionDenied):
        reporting.missing_lks(demo_session, OPERATOR, "63.72", 2026, 9)
    with pytest.raises(PermissionDenied):
        reporting.completeness(demo_session, SEKRETARIAT, "61", 2026, 9)


def test_the_command_line_gives_the_figures_the_page_shows(demo_db_path, monkeypatch, capsys):
    from kesos import config
    from kesos.db import make_engine

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{demo_db_path}")
    monkeypatch.setenv("KESOS_DEMO", "1")
    config.settings.cache_clear()
    try:
        assert main(["kelengkapan", "--province", "63", "--year", "2026", "--format", "json"]) == 0
        printed = pd.DataFrame(json.loads(capsys.readouterr().out))
        engine = make_engine(f"sqlite:///{demo_db_path}")
        with Session(engine) as session:  # what pages/laporan/kelengkapan.py reads through web.query
            page = reporting.completeness(session, SEKRETARIAT, "63", 2026, None, None)
        engine.dispose()
    finally:
        config.settings.cache_clear()
    columns = ["kab_kota_code", "month", "expected", "reported", "on_time", "state", "complete", "late"]
    pd.testing.assert_frame_equal(printed[columns], page[columns].reset_index(drop=True), check_dtype=False)
    assert len(printed) == 13 * (12 if clock.today().year > 2026 else clock.today().month)


def test_month_status_counts_kab_kota_complete_out_of_those_with_lks(demo_session):
    status = reporting.month_status(demo_session, Filters(province_code="63"), [2026], today=date(2026, 12, 2))
    by_month = status.set_index("month")
    assert (by_month.loc[9, "complete_kab_kota"], by_month.loc[9, "expected_kab_kota"]) == (13, 13)
    assert (by_month.loc[10, "complete_kab_kota"], bool(by_month.loc[10, "complete"])) == (10, False)
    assert by_month.loc[11, "complete_kab_kota"] == 0


def test_month_status_kept_between_reads_follows_a_save_and_a_session_that_has_written(empty_engine):
    """month_status keeps its frame between reads (every Penerima chart marks its months), keyed by the
    region's data version: the report that completes a month shows at the next read, and what a session
    reads while it holds a write not committed yet is not kept for the others."""
    today = date(2026, 12, 2)
    filters = Filters(province_code="63")
    with Session(empty_engine) as session:
        for name in ("Satu", "Dua"):
            lks_service.create_lks(session=session, actor=SEKRETARIAT, data={
                "name": name, "lks_type": "anak", "kab_kota_code": "63.71", "registered_on": date(2020, 1, 1)})
        session.commit()
        ids = [row.id for row in session.exec(select(Lks).order_by(Lks.id))]

    def september() -> tuple[int, bool]:
        with Session(empty_engine) as session:
            row = reporting.month_status(session, filters, [2026], today=today).set_index("month").loc[9]
            return int(row["complete_kab_kota"]), bool(row["complete"])

    def save(session, lks_ids) -> None:
        beneficiary.save_grid(session=session, actor=OPERATOR, kab_kota_code="63.71", year=2026, month=9,
                              rows=[beneficiary.Row(i, 3, 4) for i in lks_ids],
                              expected_versions=dict.fromkeys(lks_ids), warnings_reason="uji")

    assert september() == (0, False)
    assert september() == (0, False)  # the kept frame
    with Session(empty_engine) as session:
        save(session, ids[:1])
        session.commit()
    assert september() == (0, False)  # one of two LKS
    with Session(empty_engine) as session:  # an approval not committed: this session reads it ...
        session.add(MonthlyReport(kab_kota_code="63.71", year=2026, month=9, state="disetujui"))
        session.flush()
        row = reporting.month_status(session, filters, [2026], today=today).set_index("month").loc[9]
        assert (int(row["complete_kab_kota"]), bool(row["complete"])) == (1, True)
        session.rollback()
    assert september() == (0, False)  # ... and, rolled back, it was not kept for the others
    with Session(empty_engine) as session:
        save(session, ids[1:])
        session.commit()
    assert september() == (1, True)
