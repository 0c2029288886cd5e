"""Pengguna page through AppTest: admin only; add, role and scope, reset password, deactivate, stale edits."""

import pytest
from sqlmodel import select

from kesos.errors import PermissionDenied
from kesos.models import AuditLog, User
from kesos.security import verify_password
from kesos.services import users_admin as service
from kesos.services.base import CONFLICT_MESSAGE
from tests.pages.datapage import actor_of, beside, db, open_page, plain, select_row, submit, widget_keys

PAGE = "pages/admin/pengguna.py"
GOOD = "banjar-masin-2025"


def _user_row(at, username: str) -> int:
    return list(at.dataframe[0].value["username"]).index(username)


@pytest.mark.parametrize("username", ["sekretariat", "operator", "pimpinan"])
def test_only_admin_opens_the_page_and_a_crafted_call_is_refused(app_env, username):
    at = open_page(app_env, PAGE, username)
    assert [e.value for e in at.error] == ["Anda tidak punya akses ke halaman ini."] and not at.text_input
    with db(app_env) as session, pytest.raises(PermissionDenied):
        service.create_user(session=session, actor=actor_of(app_env, username), data={
            "username": "penyusup", "name": "X", "role": "admin", "password": GOOD, "password_confirm": GOOD})


def test_admin_adds_an_operator_after_fixing_what_was_wrong(app_env):
    at = open_page(app_env, PAGE, "admin")
    at.text_input(key="user_add_0_username").input("rina.banjar")
    at.text_input(key="user_add_0_name").input("Rina Operator")
    at.selectbox(key="user_add_0_role").set_value("operator")
    at.text_input(key="user_add_0_password").input("pendek")
    at.text_input(key="user_add_0_password_confirm").input("pendek")
    at = submit(at)
    assert beside(at, "user_add_0_password") == "Kata sandi paling sedikit 10 karakter (sekarang 6)."
    assert beside(at, "user_add_0_kab_kota_code") == "Operator wajib punya kabupaten/kota."
    assert at.text_input(key="user_add_0_username").value == "rina.banjar"
    assert at.text_input(key="user_add_0_name").value == "Rina Operator"
    at.selectbox(key="user_add_0_province_code").set_value("63")
    at.selectbox(key="user_add_0_kab_kota_code").set_value("63.71")
    at.text_input(key="user_add_0_password").input(GOOD)
    at.text_input(key="user_add_0_password_confirm").input(GOOD)
    at = submit(at)
    assert "Pengguna “rina.banjar” dibuat." in plain(at)
    listed = at.dataframe[0].value.set_index("username")
    assert listed.loc["rina.banjar", "kab_kota"] == "Kota Banjarmasin"
    assert listed.loc["admin", "provinsi"] == "Semua provinsi" and listed.loc["admin", "kab_kota"] == ""
    with db(app_env) as session:
        user = session.exec(select(User).where(User.username == "rina.banjar")).one()
        assert (user.role, user.kab_kota_code) == ("operator", "63.71") and verify_password(GOOD, user.password_hash)


def test_reset_password_deactivate_and_a_stale_edit_is_refused(app_env):
    at = open_page(app_env, PAGE, "admin")
    at = select_row(at, "user_table", _user_row(at, "operator"))
    [key] = [k.removesuffix("_name") for k in widget_keys(at) if k.startswith("user_edit_") and k.endswith("_name")]
    user_id, version = map(int, key.split("_")[2:4])
    at.text_input(key=f"{key}_reset_password").input(GOOD)
    at.text_input(key=f"{key}_reset_password_confirm").input(GOOD + "x")
    at = submit(at, "Simpan kata sandi baru")
    assert beside(at, f"{key}_reset_password") == "Ulangan kata sandi tidak sama."
    at.text_input(key=f"{key}_reset_password_confirm").input(GOOD)
    at = submit(at, "Simpan kata sandi baru")
    assert "Kata sandi operator diganti; sesi lamanya berakhir." in plain(at)
    at = submit(at, "Nonaktifkan")
    assert "operator dinonaktifkan." in plain(at)
    assert "Nonaktif" in list(at.dataframe[0].value["status"])
    with db(app_env) as session:
        user = session.get(User, user_id)
        assert verify_password(GOOD, user.password_hash) and not user.is_active and user.version == version + 2
        entries = session.exec(select(AuditLog).where(AuditLog.table_name == "app_user",
                                                      AuditLog.record_id == str(user_id))).all()
        assert len(entries) == 2 and all(user.password_hash not in (e.after or "") for e in entries)
        service.update_user(session=session, actor=actor_of(app_env, "admin"), user_id=user_id,
                            data=base_data(user) | {"name": "Nama dari admin lain"}, expected_version=user.version)
        session.commit()
    key = f"user_edit_{user_id}_{version + 2}"
    at.text_input(key=f"{key}_name").input("Nama saya")
    at = submit(at)
    assert CONFLICT_MESSAGE in [e.value for e in at.error] and at.text_input(key=f"{key}_name").value == "Nama saya"
    with db(app_env) as session:
        assert session.get(User, user_id).name == "Nama dari admin lain"


def base_data(user: User) -> dict:
    return {"name": user.name, "email": user.email, "role": user.role, "province_code": user.province_code,
            "kab_kota_code": user.kab_kota_code}
