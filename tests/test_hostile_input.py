"""Any input, however hostile, into every validator and every service that writes.

What may happen: the clean value comes back, or the domain's own error (`FieldError` from a
validator, a `KesosError` from a service) with an Indonesian message. What must not: any other
exception (a traceback for the user), or something stored that breaks the field's rules.
"""

import math
from datetime import date, datetime, timedelta, timezone

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, func, select

from kesos import clock, validate as v
from kesos import vocab
from kesos.db import session_scope
from kesos.errors import KesosError, ValidationError
from kesos.models import RUPIAH_MAX, AidItem, AuditLog, FundingSource, Lks
from kesos.security import SYSTEM, Actor
from kesos.services import activity, aid, aid_request, base, beneficiary, branch, funding, lks, users_admin

# --- what a hostile user (or a broken spreadsheet) sends -----------------------------------------

NASTY_TEXT = [
    "", " ", "\n\t", "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "**tebal** [tautan](javascript:x)",
    "'; DROP TABLE lks; --", "1 OR 1=1", "=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "=1+1",
    "Panti \u202eadsa", "\u0000nul", "Ṗanti 孤儿院 🏠", "a" * 100_000, "\u00a0\u00a0", "Rp 1.250.000,00", "NaN",
    "9" * 40, "-0", "1e309", "2024-02-30", "99999-01-01", "0001-01-01",
]
texts = st.one_of(st.sampled_from(NASTY_TEXT), st.text(max_size=400), st.text(min_size=190, max_size=320))
numbers = st.one_of(
    st.integers(), st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([math.nan, math.inf, -math.inf, 1e308, -0.0]),
    st.decimals(allow_nan=True), st.just(np.int64(7)), st.just(np.float64("nan")), st.booleans(),
)
dates = st.one_of(
    st.dates(), st.datetimes(timezones=st.just(timezone.utc)), st.just(pd.NaT), st.just(pd.Timestamp("2262-04-11")),
    st.dates().map(date.isoformat), st.sampled_from([date.max, date.min, datetime.max]),
)
odd = st.one_of(st.none(), st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=3), st.integers(),
                                                                                 max_size=2),
                st.binary(max_size=10), st.just(object()), st.just(math.nan))
anything = st.one_of(texts, numbers, dates, odd)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Each service example is a real transaction on a file database: fewer, so the file stays quick.
SERVICE = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def no_control_characters(value: str) -> bool:
    return not any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in value)


# --- validators -----------------------------------------------------------------------------------

@FAST
@given(value=anything, required=st.booleans(), max_length=st.integers(1, 500))
def test_text_returns_trimmed_text_within_its_limit_or_says_why(value, required, max_length):
    try:
        clean = v.text(value, label="Nama", required=required, max_length=max_length)
    except v.FieldError as exc:
        assert str(exc).startswith("Nama ")
        return
    if clean is None:
        assert not required
        return
    assert isinstance(clean, str) and clean == clean.strip() and 0 < len(clean) <= max_length
    assert no_control_characters(clean)
    clean.encode("utf-8")  # storable in SQLite and PostgreSQL


@FAST
@given(value=anything, minimum=st.one_of(st.none(), st.integers(-10, 10)),
       maximum=st.one_of(st.none(), st.integers(0, 10**12)), required=st.booleans())
def test_integer_returns_an_int_in_range_or_says_why(value, minimum, maximum, required):
    try:
        clean = v.integer(value, label="Jumlah", minimum=minimum, maximum=maximum, required=required)
    except v.FieldError as exc:
        assert str(exc).startswith("Jumlah ")
        return
    if clean is None:
        assert not required
        return
    assert type(clean) is int
    assert minimum is None or clean >= minimum
    assert maximum is None or clean <= maximum


@FAST
@given(value=anything, required=st.booleans())
def test_rupiah_returns_whole_rupiah_in_range_or_says_why(value, required):
    try:
        clean = v.rupiah(value, label="Nilai", required=required, maximum=RUPIAH_MAX)
    except v.FieldError as exc:
        assert str(exc).startswith("Nilai ")
        return
    if clean is None:
        assert not required
        return
    assert type(clean) is int and 0 <= clean <= RUPIAH_MAX


@FAST
@given(value=anything, required=st.booleans())
def test_a_date_returns_a_date_in_range_or_says_why(value, required):
    try:
        clean = v.a_date(value, label="Tanggal", required=required)
    except v.FieldError as exc:
        assert str(exc).startswith("Tanggal ")
        return
    if clean is None:
        assert not required
        return
    assert type(clean) is date and date(1945, 8, 17) <= clean <= date(2100, 12, 31)


@FAST
@given(value=anything, required=st.booleans())
def test_choice_returns_one_of_the_options_or_says_why(value, required):
    try:
        clean = v.choice(value, vocab.LKS_TYPES, label="Jenis", required=required)
    except v.FieldError as exc:
        assert str(exc).startswith("Jenis ")
        return
    assert clean in vocab.LKS_TYPES or (clean is None and not required)


@FAST
@given(values=st.dictionaries(st.sampled_from(["a", "b", "c"]), anything, min_size=1))
def test_collect_names_every_bad_field_at_once(values):
    checks = {field: (lambda value=value: v.integer(value, label=field.upper())) for field, value in values.items()}
    try:
        clean = v.collect(checks)
    except ValidationError as exc:
        assert set(exc.errors) <= set(values) and all(exc.errors.values())
        return
    assert set(clean) == set(values)


# --- services: one migrated database for the module, fresh references -----------------------------

SEKRETARIAT = Actor("sekretariat", "sekretariat", province_code="63")
ADMIN = Actor("admin", "admin")


@pytest.fixture(scope="module")
def engine(module_empty_engine):
    engine = module_empty_engine  # SQLite, or PostgreSQL in the second pass of .ci/run
    with session_scope(engine) as s:
        item = base.insert(s, SYSTEM, AidItem(name="Paket PMT lansia", unit="paket"))
        source = base.insert(s, SYSTEM, FundingSource(province_code="63", kind="csr", name="CSR Bank Kalsel"))
        home = base.insert(s, SYSTEM, Lks(name="Panti Werdha", lks_type="lansia", kab_kota_code="63.71",
                                          registered_on=date(2010, 1, 1)))
        engine.refs = {"item": item.id, "source": source.id, "lks": home.id}
    return engine


def audit_entries(engine) -> int:
    with Session(engine) as s:
        return s.exec(select(func.count()).select_from(AuditLog)).one()


def attempt(engine, write):
    """Run one write in its own transaction; the record, or None when refused with a domain error."""
    before = audit_entries(engine)
    try:
        with session_scope(engine) as s:
            record = write(s)
            s.flush()
            stored = {k: getattr(record, k) for k in type(record).model_fields} if record is not None else None
    except KesosError as exc:
        assert exc.message
        assert audit_entries(engine) == before, "a refused write left something behind"
        return None
    assert audit_entries(engine) > before
    return stored


def field_values(*names, valid: dict):
    """A valid form with one to three of its fields replaced by something hostile.

    Mostly-valid forms reach the database often, so what gets stored is checked, not only refusals.
    """
    def form(bad: frozenset):
        return st.fixed_dictionaries({name: anything if name in bad else st.just(valid[name]) for name in names})
    return st.frozensets(st.sampled_from(names), min_size=1, max_size=3).flatmap(form)


def assert_text_fields_clean(stored: dict, limits: dict[str, int]):
    for field, limit in limits.items():
        value = stored.get(field)
        if value is not None:
            assert isinstance(value, str) and 0 < len(value) <= limit and value == value.strip(), field


LKS_VALID = {"name": "Panti Asuhan Harapan", "lks_type": "anak", "kab_kota_code": "63.71",
             "registered_on": date(2015, 1, 1), "capacity": 40, "registration_status": "terdaftar",
             "accreditation": "A", "address": "Jl. A. Yani", "closed_on": None, "registration_number": None}


@SERVICE
@given(data=field_values(*LKS_VALID, valid=LKS_VALID))
def test_create_lks_stores_only_clean_records(engine, data):
    stored = attempt(engine, lambda s: lks.create_lks(session=s, actor=SEKRETARIAT, data=data))
    if stored:
        assert_text_fields_clean(stored, {"name": 200, "address": 300, "registration_number": 100})
        assert stored["lks_type"] in vocab.LKS_TYPES and stored["kab_kota_code"].startswith("63.")
        assert stored["capacity"] is None or 0 <= stored["capacity"] <= 100_000
        assert date(1945, 8, 17) <= stored["registered_on"] <= clock.today()


def aid_valid(engine):
    return {"distributed_on": date(2024, 3, 5), "aid_item_id": engine.refs["item"], "quantity": 20,
            "value_rupiah": "Rp 5.000.000", "recipient_kind": "kelompok", "recipient_group": "lansia",
            "kab_kota_code": "63.71", "funding_source_id": engine.refs["source"], "recipient_lks_id": engine.refs["lks"],
            "recipient_name": "Ibu Siti", "note": None, "aid_request_id": None}


@SERVICE
@given(st.data())
def test_create_distribution_stores_only_clean_records(engine, data):
    valid = aid_valid(engine)
    form = data.draw(field_values(*valid, valid=valid))
    stored = attempt(engine, lambda s: aid.create_distribution(session=s, actor=SEKRETARIAT, data=form))
    if stored:
        assert 1 <= stored["quantity"] <= 1_000_000 and 0 <= stored["value_rupiah"] <= 10**12
        assert_text_fields_clean(stored, {"recipient_name": 150, "note": 2000})


ACTIVITY_VALID = {"province_code": "63", "kab_kota_code": None, "kind": "rakor", "title": "Rakor LKKS",
                  "start_date": date(2023, 2, 20), "end_date": date(2023, 2, 21), "place": "Banjarmasin",
                  "participants_total": 57, "participants_women": None, "participants_men": None,
                  "agencies": None, "conclusions": "1. Satu\n2. Dua", "source_url": None, "kab_kota_present": []}


@SERVICE
@given(data=field_values(*ACTIVITY_VALID, valid=ACTIVITY_VALID))
def test_create_activity_stores_only_clean_records(engine, data):
    stored = attempt(engine, lambda s: activity.create_activity(session=s, actor=SEKRETARIAT, data=data))
    if stored:
        assert_text_fields_clean(stored, {"title": 300, "place": 300, "source_url": 500})
        assert stored["start_date"] <= stored["end_date"]


REQUEST_VALID = {"kab_kota_code": "63.71", "received_on": date(2024, 1, 8), "applicant_name": "Bapak Rahman",
                 "nik": "6371011708800001", "address": None, "phone": "0812 3456 7890", "need": "Kursi roda"}


@SERVICE
@given(data=field_values(*REQUEST_VALID, valid=REQUEST_VALID))
def test_create_request_stores_only_clean_records(engine, data):
    stored = attempt(engine, lambda s: aid_request.create_request(session=s, actor=SEKRETARIAT, data=data))
    if stored:
        assert_text_fields_clean(stored, {"applicant_name": 150, "address": 300, "need": 2000})
        assert stored["nik"] is None or (stored["nik"].isdigit() and len(stored["nik"]) == 16)


SOURCE_VALID = {"province_code": "63", "kind": "csr", "name": "CSR Bank", "location": None, "contact": None}
DONATION_VALID = {"funding_source_id": 1, "received_on": date(2024, 1, 1), "kind": "tunai",
                  "amount_rupiah": "1.000.000", "aid_item_id": 1, "quantity": 3, "batch_ref": None, "note": None}
BRANCH_VALID = {"is_formed": True, "name": "KKKS Kota", "decree_number": "SK 1/2020",
                "decree_date": date(2020, 5, 1), "chair_name": None}
USER_VALID = {"username": "baru", "name": "Pengguna Baru", "email": None, "role": "pimpinan",
              "province_code": "63", "kab_kota_code": None, "password": "sandi-yang-panjang-1", "confirm": None}


@SERVICE
@given(source=field_values(*SOURCE_VALID, valid=SOURCE_VALID),
       donation=field_values(*DONATION_VALID, valid=DONATION_VALID))
def test_funding_sources_and_donations_store_only_clean_records(engine, source, donation):
    stored = attempt(engine, lambda s: funding.create_source(session=s, actor=SEKRETARIAT, data=source))
    if stored:
        assert_text_fields_clean(stored, {"name": 200, "location": 300, "contact": 200})
    stored = attempt(engine, lambda s: funding.create_donation(session=s, actor=SEKRETARIAT, data=donation))
    if stored:
        assert stored["amount_rupiah"] is None or 1 <= stored["amount_rupiah"] <= 10**12


@SERVICE
@given(data=field_values(*BRANCH_VALID, valid=BRANCH_VALID), kab_kota=st.sampled_from(["63.71", "63.72", "63.01"]))
def test_branch_saves_store_only_clean_records(engine, data, kab_kota):
    with Session(engine) as s:
        current = branch.find_branch(s, kab_kota)
    stored = attempt(engine, lambda s: branch.save_branch(
        session=s, actor=SEKRETARIAT, kab_kota_code=kab_kota, data=data,
        expected_version=None if current is None or current.deleted_at else current.version))
    if stored:
        assert_text_fields_clean(stored, {"name": 200, "decree_number": 100, "chair_name": 150})
        assert (stored["decree_number"] is not None) == stored["is_formed"]


@SERVICE
@given(data=field_values(*USER_VALID, valid=USER_VALID))
def test_user_accounts_store_only_clean_records(engine, data):
    stored = attempt(engine, lambda s: users_admin.create_user(session=s, actor=ADMIN, data=data))
    if stored:
        assert_text_fields_clean(stored, {"name": 150, "email": 200})
        assert stored["role"] in vocab.ROLES and stored["password_hash"].startswith("$2")


@SERVICE
@given(year=anything, month=anything, women=anything, men=anything, reported=st.one_of(st.none(), anything))
def test_beneficiary_grid_stores_only_whole_counts(engine, year, month, women, men, reported):
    home = engine.refs["lks"]
    try:
        with session_scope(engine) as s:
            grid = beneficiary.load_grid(session=s, actor=SEKRETARIAT, kab_kota_code="63.71", year=year, month=month)
    except KesosError:
        return
    versions = {int(i): (None if pd.isna(x) else int(x)) for i, x in zip(grid["lks_id"], grid["version"])}
    stored = attempt(engine, lambda s: beneficiary.save_grid(
        session=s, actor=SEKRETARIAT, kab_kota_code="63.71", year=year, month=month,
        rows=[beneficiary.Row(home, women, men)], expected_versions=versions, reported_total=reported) and None)
    del stored  # the grid returns counts, not a record: check what is in the database instead
    with Session(engine) as s:
        from kesos.models import BeneficiaryCount
        for count in s.exec(select(BeneficiaryCount)):
            assert type(count.women) is int and type(count.men) is int
            assert 0 <= count.women <= beneficiary.MAX_PER_LKS and 0 <= count.men <= beneficiary.MAX_PER_LKS


def test_far_future_dates_are_refused_with_a_message():
    with pytest.raises(v.FieldError, match="di luar rentang"):
        v.a_date(clock.today() + timedelta(days=365 * 200), label="Tanggal")
