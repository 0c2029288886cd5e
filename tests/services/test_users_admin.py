"""User management: admin only, password rules, scope, audit without hashes, versions, deactivation."""

import json
from datetime import datetime, timezone

import pytest
from sqlmodel import Session, select

from kesos import clock
from kesos.config import DEMO_PASSWORD
from kesos.errors import ConflictError, PermissionDenied, ValidationError
from kesos.models import AuditLog, User
from kesos.security import Actor, hash_password, verify_password
from kesos.services import base, users_admin
from kesos.users import cookie_still_valid

ADMIN = Actor("admin", "admin")
ADMIN_KALSEL = Actor("admin63", "admin", province_code="63")
SEKRETARIAT = Actor("sek", "sekretariat", province_code="63")
OPERATOR = Actor("op", "operator", province_code="63", kab_kota_code="63.71")
PIMPINAN = Actor("pim", "pimpinan", province_code="63")
GOOD_PASSWORD = "banjar-masin-2025"


@pytest.fixture
def session(empty_engine):
    with Session(empty_engine) as s:
        s.add(User(username="admin", name="Admin", password_hash=hash_password("admin-password-1"), role="admin"))
        s.commit()
        yield s


def form(**overrides):
    data = {"username": "Rina.Op", "name": "Rina Operator", "email": "rina@example.org", "role": "operator",
            "province_code": "63", "kab_kota_code": "63.71", "password": GOOD_PASSWORD,
            "password_confirm": GOOD_PASSWORD}
    return data | overrides


def test_admin_adds_an_operator_and_the_log_never_holds_the_hash(session):
    user = users_admin.create_user(session=session, actor=ADMIN, data=form())
    session.commit()
    assert (user.username, user.role, user.kab_kota_code, user.province_code) == ("rina.op", "operator", "63.71", "63")
    assert verify_password(GOOD_PASSWORD, user.password_hash)
    entry = session.exec(select(AuditLog).where(AuditLog.table_name == "app_user")).one()
    assert (entry.username, entry.action, entry.record_id) == ("admin", "create", str(user.id))
    assert "password_hash" not in json.loads(entry.after)
    assert user.password_hash not in entry.after and GOOD_PASSWORD not in entry.after


@pytest.mark.parametrize("actor", [SEKRETARIAT, OPERATOR, PIMPINAN])
def test_only_admin_manages_users_even_by_a_crafted_call(session, actor):
    with pytest.raises(PermissionDenied):
        users_admin.create_user(session=session, actor=actor, data=form())
    target = users_admin.create_user(session=session, actor=ADMIN, data=form())
    for call in (
        lambda: users_admin.update_user(session=session, actor=actor, user_id=target.id, data=form(role="admin"),
                                        expected_version=1),
        lambda: users_admin.reset_password(session=session, actor=actor, user_id=target.id,
                                           new_password=GOOD_PASSWORD, expected_version=1),
        lambda: users_admin.set_active(session=session, actor=actor, user_id=target.id, active=False,
                                       expected_version=1),
        lambda: users_admin.list_users(session=session, actor=actor),
    ):
        with pytest.raises(PermissionDenied):
            call()


def test_bad_input_names_every_field_in_indonesian(session):
    with pytest.raises(ValidationError) as caught:
        users_admin.create_user(session=session, actor=ADMIN, data=form(
            username="a b", name="", email="rina@", role="operator", kab_kota_code="", password="pendek",
            password_confirm="pendek"))
    assert caught.value.errors == {
        "name": "Nama lengkap wajib diisi.",
        "email": "Email tidak valid.",
        "kab_kota_code": "Operator wajib punya kabupaten/kota.",
        "username": "Nama pengguna 3–50 karakter: huruf kecil, angka, titik, garis bawah atau tanda hubung.",
        "password": "Kata sandi paling sedikit 10 karakter (sekarang 6).",
    }
    assert session.exec(select(User)).all()[-1].username == "admin"


@pytest.mark.parametrize("overrides, field, message", [
    ({"password_confirm": "lain-sekali-123"}, "password", "Ulangan kata sandi tidak sama."),
    ({"username": "ADMIN"}, "username", "Nama pengguna ini sudah dipakai."),
    ({"kab_kota_code": "61.71"}, "kab_kota_code", "Kabupaten/kota ini tidak berada di provinsi yang dipilih."),
    ({"role": "bos"}, "role", "Peran tidak dikenal: pilih dari daftar."),
])
def test_more_refusals(session, overrides, field, message):
    with pytest.raises(ValidationError) as caught:
        users_admin.create_user(session=session, actor=ADMIN, data=form(**overrides))
    assert caught.value.errors == {field: message}


def test_demo_password_is_refused_outside_demo_mode_only(session):
    demo = form(password=DEMO_PASSWORD, password_confirm=DEMO_PASSWORD)
    with pytest.raises(ValidationError) as caught:
        users_admin.create_user(session=session, actor=ADMIN, data=demo)
    assert caught.value.errors == {"password": "Kata sandi demo tidak boleh dipakai di luar mode demo."}
    assert users_admin.create_user(session=session, actor=ADMIN, data=demo, demo_mode=True).id


def test_non_operators_have_no_kab_kota_and_a_regional_admin_stays_in_its_province(session):
    user = users_admin.create_user(session=session, actor=ADMIN, data=form(role="sekretariat"))
    assert (user.kab_kota_code, user.province_code) == (None, "63")
    with pytest.raises(ValidationError) as caught:
        users_admin.create_user(session=session, actor=ADMIN_KALSEL,
                                data=form(username="kalbar", province_code="61", kab_kota_code="61.71"))
    assert caught.value.errors == {"province_code": "Anda hanya boleh mengatur pengguna provinsi Anda sendiri."}


def test_reset_password_unlocks_ends_sessions_and_logs_a_marker(session):
    user = users_admin.create_user(session=session, actor=ADMIN, data=form())
    user.failed_logins, user.locked_until = 5, datetime(2999, 1, 1, tzinfo=timezone.utc)
    issued = clock.now()
    users_admin.reset_password(session=session, actor=ADMIN, user_id=user.id, new_password="kata-sandi-baru-1",
                               confirm="kata-sandi-baru-1", expected_version=1)
    assert verify_password("kata-sandi-baru-1", user.password_hash)
    assert (user.failed_logins, user.locked_until, user.version) == (0, None, 2)
    assert not cookie_still_valid(user, issued)
    trail = base.history(session, "app_user", user.id)
    assert trail.iloc[0]["changes"]["password"] == ("lama", "diganti")
    assert all("password_hash" not in (e.after or "") for e in session.exec(select(AuditLog)))


def test_deactivating_ends_sessions_and_the_second_save_is_refused(session):
    user = users_admin.create_user(session=session, actor=ADMIN, data=form())
    issued = clock.now()
    users_admin.set_active(session=session, actor=ADMIN, user_id=user.id, active=False, expected_version=1)
    assert not user.is_active and user.sessions_valid_after is not None
    assert not cookie_still_valid(user, issued)
    with pytest.raises(ConflictError):
        users_admin.update_user(session=session, actor=ADMIN, user_id=user.id, data=form(name="Rina"),
                                expected_version=1)
    users_admin.set_active(session=session, actor=ADMIN, user_id=user.id, active=True, expected_version=2)
    assert base.history(session, "app_user", user.id)["action"].tolist() == ["update", "update", "create"]


def test_role_change_ends_sessions_and_the_last_admin_is_kept(session):
    user = users_admin.create_user(session=session, actor=ADMIN, data=form())
    users_admin.update_user(session=session, actor=ADMIN, user_id=user.id,
                            data=form(role="sekretariat", kab_kota_code=None), expected_version=1)
    assert (user.role, user.kab_kota_code, user.province_code) == ("sekretariat", None, "63")
    assert user.sessions_valid_after is not None
    me = session.exec(select(User).where(User.username == "admin")).one()
    with pytest.raises(ValidationError, match="akun Anda sendiri"):
        users_admin.set_active(session=session, actor=ADMIN, user_id=me.id, active=False, expected_version=1)
    with pytest.raises(ValidationError, match="paling sedikit satu admin"):
        users_admin.update_user(session=session, actor=Actor("root", "admin"), user_id=me.id,
                                data=form(username="admin", role="pimpinan", province_code=None),
                                expected_version=1)
    users_admin.create_user(session=session, actor=ADMIN, data=form(username="admin2", role="admin",
                                                                      province_code=None))
    users_admin.set_active(session=session, actor=Actor("admin2", "admin"), user_id=me.id, active=False,
                           expected_version=1)
    assert not me.is_active
