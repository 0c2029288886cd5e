"""LKS accreditation (grade, date, derived and exceptional expiry) and growth grade; the follow-up list at
its date edges, whatever day the tests run on."""

from datetime import date, timedelta

import pytest
import time_machine
from sqlmodel import Session

from kesos import clock
from kesos.errors import ValidationError
from kesos.queries import accreditation
from kesos.security import Actor
from kesos.services import lks as service

SEKRETARIAT = Actor("sek", "sekretariat", province_code="63")
OPERATOR = Actor("op", "operator", province_code="63", kab_kota_code="63.71")


@pytest.fixture
def session(empty_engine):
    with Session(empty_engine) as s:
        yield s


def _lks(session, name="LKSA Harapan", kab_kota_code="63.71", **data):
    record = service.create_lks(session=session, actor=SEKRETARIAT, data={
        "name": name, "lks_type": "anak", "kab_kota_code": kab_kota_code, "registered_on": date(2010, 1, 1)} | data)
    session.commit()
    return record


@pytest.mark.parametrize(("grade", "given", "expires"), [
    ("A", date(2020, 3, 15), date(2025, 3, 15)),
    ("B", date(2020, 3, 15), date(2023, 3, 15)),
    ("C", date(2020, 3, 15), date(2022, 3, 15)),
    ("A", date(2020, 2, 29), date(2025, 2, 28)),
])
def test_the_expiry_is_derived_from_the_grade(session, grade, given, expires):
    record = _lks(session, accreditation=grade, accredited_on=given)
    assert record.accreditation_expires_on == expires


def test_an_exceptional_expiry_is_kept_and_must_come_after_the_date(session):
    record = _lks(session, accreditation="B", accredited_on=date(2020, 3, 15),
                  accreditation_expires_on=date(2024, 1, 31))
    assert record.accreditation_expires_on == date(2024, 1, 31)
    with pytest.raises(ValidationError) as error:
        _lks(session, name="LKS Lain", accreditation="B", accredited_on=date(2020, 3, 15),
             accreditation_expires_on=date(2020, 3, 15))
    assert "accreditation_expires_on" in error.value.errors


def test_not_accredited_has_no_dates_and_growth_needs_its_assessment_date(session):
    with pytest.raises(ValidationError) as error:
        _lks(session, accreditation="belum", accredited_on=date(2020, 3, 15))
    assert "accredited_on" in error.value.errors
    with pytest.raises(ValidationError) as error:
        _lks(session, growth_grade="tumbuh")
    assert "growth_assessed_on" in error.value.errors
    with pytest.raises(ValidationError) as error:
        _lks(session, growth_grade="raksasa", growth_assessed_on=date(2024, 1, 1))
    assert "growth_grade" in error.value.errors
    with pytest.raises(ValidationError) as error:
        _lks(session, accreditation="A", accredited_on=clock.today() + timedelta(days=1))
    assert "accredited_on" in error.value.errors
    record = _lks(session, growth_grade="berkembang", growth_assessed_on=date(2024, 5, 2))
    assert (record.growth_grade, record.growth_assessed_on) == ("berkembang", date(2024, 5, 2))


@pytest.mark.parametrize(("today", "six_months_on"), [
    (date(2026, 8, 31), date(2027, 2, 28)), (date(2027, 8, 31), date(2028, 2, 29)),
    (date(2026, 12, 31), date(2027, 6, 30)), (date(2028, 2, 29), date(2028, 8, 29)),
    (date(2027, 1, 1), date(2027, 7, 1)),
])
def test_six_months_on(today, six_months_on):
    assert accreditation.months_after(today, 6) == six_months_on


@pytest.mark.parametrize("today", [date(2027, 1, 1), date(2026, 12, 31), date(2028, 2, 29), date(2027, 8, 31)],
                         ids=str)
def test_the_follow_up_list_at_its_edges(empty_engine, today):
    with time_machine.travel(f"{today.isoformat()}T12:00+07:00", tick=False), Session(empty_engine) as session:
        until = accreditation.months_after(today, 6)
        cases = {  # name: (expiry, in the list as)
            "Habis kemarin": (today - timedelta(days=1), "habis"),
            "Habis hari ini": (today, "segera"),
            "Habis tepat enam bulan lagi": (until, "segera"),
            "Habis sehari sesudahnya": (until + timedelta(days=1), None),
        }
        for name, (expires, _) in cases.items():
            _lks(session, name=name, accreditation="C", accredited_on=date(2015, 1, 1),
                 accreditation_expires_on=expires)
        _lks(session, name="Belum pernah", accreditation="belum")
        _lks(session, name="Sudah tutup", accreditation="belum", closed_on=today - timedelta(days=1))
        _lks(session, name="Di Banjarbaru", kab_kota_code="63.72", accreditation="belum")
        listed = accreditation.follow_up(session, SEKRETARIAT)
        assert dict(zip(listed["name"], listed["status"])) == {
            "Habis kemarin": "habis", "Habis hari ini": "segera", "Habis tepat enam bulan lagi": "segera",
            "Belum pernah": "belum", "Di Banjarbaru": "belum"}
        assert set(accreditation.follow_up(session, OPERATOR)["kab_kota_code"]) == {"63.71"}


def test_a_new_grade_derives_a_new_expiry_unless_an_exception_was_set(session):
    record = _lks(session, accreditation="C", accredited_on=date(2021, 6, 1))
    data = {field: getattr(record, field) for field in service.FIELDS} | {"accreditation": "A"}
    record = service.update_lks(session=session, actor=SEKRETARIAT, lks_id=record.id, data=data,
                                expected_version=record.version)
    session.commit()
    assert record.accreditation_expires_on == date(2026, 6, 1)
    data = {field: getattr(record, field) for field in service.FIELDS} | {"accreditation_expires_on": date(2027, 1, 1)}
    record = service.update_lks(session=session, actor=SEKRETARIAT, lks_id=record.id, data=data,
                                expected_version=record.version)
    session.commit()
    assert record.accreditation_expires_on == date(2027, 1, 1)


def test_the_demo_has_accreditations_lapsing_soon_and_lks_never_accredited(demo_session):
    from kesos.demo.base import DATA_END

    with time_machine.travel(f"{DATA_END.isoformat()}T12:00+07:00", tick=False):
        listed = accreditation.follow_up(demo_session, SEKRETARIAT)
    counts = listed["status"].value_counts().to_dict()
    assert counts.get("segera", 0) >= 3 and counts.get("belum", 0) >= 10, counts
    frame = service.list_lks(session=demo_session, actor=SEKRETARIAT)
    assert len(frame) > len(listed)
