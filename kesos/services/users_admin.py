"""Pengguna: admins add users, set role and scope, reset passwords and deactivate; audited, no hashes logged.

`User` has a version column but no `Record` mixin (no soft delete: a user is deactivated), so the
update path is written here rather than taken from `base.apply_update`.
"""

import json
import re

import pandas as pd
from sqlmodel import Session, select

from kesos import vocab
from kesos import validate as v
from kesos.config import DEMO_PASSWORD
from kesos.errors import NotFound, PermissionDenied, ValidationError
from kesos.models import AuditLog, KabKota, Province, User
from kesos.security import Actor, hash_password, require_admin
from kesos.services import base
from kesos.users import end_sessions

MIN_PASSWORD_LENGTH = 10


def password(value, *, confirm=None, demo_mode: bool = False, label: str = "Kata sandi") -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise v.FieldError(f"{label} harus berupa teks.")
    if not value:
        raise v.FieldError(f"{label} wajib diisi.")
    if len(value) < MIN_PASSWORD_LENGTH:
        raise v.FieldError(f"{label} paling sedikit {MIN_PASSWORD_LENGTH} karakter (sekarang {len(value)}).")
    if len(value) > 72:  # bcrypt reads only the first 72 bytes
        raise v.FieldError(f"{label} paling banyak 72 karakter.")
    if value == DEMO_PASSWORD and not demo_mode:
        raise v.FieldError("Kata sandi demo tidak boleh dipakai di luar mode demo.")
    if confirm is not None and confirm != value:
        raise v.FieldError("Ulangan kata sandi tidak sama.")
    return value


def _username(value) -> str:
    value = (v.text(value, label="Nama pengguna", max_length=50) or "").lower()
    if not re.fullmatch(r"[a-z0-9][a-z0-9._-]{2,49}", value):
        raise v.FieldError("Nama pengguna 3–50 karakter: huruf kecil, angka, titik, garis bawah atau tanda hubung.")
    return value


def clean_username(value) -> str:
    """The username as it is stored, or `FieldError`; the command line checks it before asking for a password."""
    return _username(value)


def _email(value) -> str | None:
    value = v.text(value, label="Email", required=False, max_length=200)
    if value and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        raise v.FieldError("Email tidak valid.")
    return value


def _code(value, length: int) -> str | None:
    """A region code as text; anything that cannot be one becomes a code no region has."""
    try:
        return v.text(value, label="Kode wilayah", required=False, max_length=length)
    except v.FieldError:
        return "?"


def _scope(session: Session, actor: Actor, role: str | None, province_code, kab_kota_code) -> dict:
    """Province and kab/kota of a user: operators need a kab/kota; other roles have none."""
    errors, province, kab_kota = {}, _code(province_code, 2), _code(kab_kota_code, 5)
    if province and session.get(Province, province) is None:
        errors["province_code"] = "Provinsi tidak dikenal: pilih dari daftar."
    if role == "operator":
        kab = session.get(KabKota, kab_kota) if kab_kota else None
        if kab_kota is None:
            errors["kab_kota_code"] = "Operator wajib punya kabupaten/kota."
        elif kab is None:
            errors["kab_kota_code"] = "Kabupaten/kota tidak dikenal: pilih dari daftar."
        elif province and kab.province_code != province:
            errors["kab_kota_code"] = "Kabupaten/kota ini tidak berada di provinsi yang dipilih."
        else:
            province = kab.province_code
    else:
        kab_kota = None  # a kab/kota would narrow a secretariat or leader to one kab/kota
    if actor.province_code and province != actor.province_code and "province_code" not in errors:
        errors["province_code"] = "Anda hanya boleh mengatur pengguna provinsi Anda sendiri."
    if errors:
        raise ValidationError(errors)
    return {"province_code": province, "kab_kota_code": kab_kota}


def clean(session: Session, actor: Actor, data: dict) -> dict:
    """Name, email, role and scope; every problem under its field, all at once."""
    errors = {}
    try:
        values = v.collect({
            "name": lambda: v.text(data.get("name"), label="Nama lengkap", max_length=150),
            "email": lambda: _email(data.get("email")),
            "role": lambda: v.choice(data.get("role"), vocab.ROLES, label="Peran"),
        })
    except ValidationError as exc:
        values, errors = {}, dict(exc.errors)
    try:
        values |= _scope(session, actor, data.get("role"), data.get("province_code"), data.get("kab_kota_code"))
    except ValidationError as exc:
        errors |= exc.errors
    if errors:
        raise ValidationError(errors)
    return values


def _audit_update(session: Session, actor: Actor, user: User, changes: dict, expected_version: int | None, *,
                  end_user_sessions: bool = False, extra_before: dict | None = None,
                  extra_after: dict | None = None) -> User:
    """Apply changes; the log gets before and after, never the hash. The version is compared in memory
    only (not claimed in the database as `base.apply_update` does), so two saves at the same moment
    can both pass."""
    base.check_version(user, expected_version)
    before = base.snapshot(user) | (extra_before or {})
    if end_user_sessions:
        end_sessions(session, user.username)
    for key, value in changes.items():
        setattr(user, key, value)
    user.version += 1
    session.add(user)
    session.flush()
    session.add(AuditLog(
        username=actor.username, action="update", table_name=User.__tablename__, record_id=str(user.id),
        before=json.dumps(before, ensure_ascii=False, default=str),
        after=json.dumps(base.snapshot(user) | (extra_after or {}), ensure_ascii=False, default=str),
    ))
    return user


def _get(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("Pengguna tidak ditemukan.")
    return user


def _in_scope(actor: Actor, user: User) -> None:
    if actor.province_code and user.province_code != actor.province_code:
        raise PermissionDenied("Anda hanya boleh mengatur pengguna provinsi Anda sendiri.")


def _refuse_losing_last_admin(session: Session, actor: Actor, user: User, role: str, active: bool) -> None:
    if user.role != "admin" or (role == "admin" and active):
        return
    if user.username == actor.username:
        raise ValidationError({"_form": "Anda tidak boleh mencabut peran admin atau menonaktifkan akun Anda sendiri."})
    others = session.exec(select(User).where(User.role == "admin", User.is_active, User.id != user.id)).first()
    if others is None:
        raise ValidationError({"_form": "Harus tetap ada paling sedikit satu admin yang aktif."})


def create_user(*, session: Session, actor: Actor, data: dict, demo_mode: bool = False) -> User:
    require_admin(actor)
    errors = {}
    try:
        values = clean(session, actor, data)
    except ValidationError as exc:
        values, errors = {}, dict(exc.errors)
    for field, check in (
        ("username", lambda: _username(data.get("username"))),
        ("password", lambda: password(data.get("password"), confirm=data.get("password_confirm"),
                                      demo_mode=demo_mode)),
    ):
        try:
            values[field] = check()
        except v.FieldError as exc:
            errors[field] = str(exc)
    if "username" in values and session.exec(select(User).where(User.username == values["username"])).first():
        errors["username"] = "Nama pengguna ini sudah dipakai."
    if errors:
        raise ValidationError(errors)
    values["password_hash"] = hash_password(values.pop("password"))
    return base.insert(session, actor, User(**values))


def update_user(*, session: Session, actor: Actor, user_id: int, data: dict, expected_version: int) -> User:
    """Change name, email, role and scope; a change of role or scope ends the user's sessions."""
    require_admin(actor)
    user = _get(session, user_id)
    _in_scope(actor, user)
    values = clean(session, actor, data)
    _refuse_losing_last_admin(session, actor, user, values["role"], user.is_active)
    scope_changed = any(getattr(user, k) != values[k] for k in ("role", "province_code", "kab_kota_code"))
    return _audit_update(session, actor, user, values, expected_version, end_user_sessions=scope_changed)


def reset_password(*, session: Session, actor: Actor, user_id: int, new_password, confirm=None,
                   expected_version: int, demo_mode: bool = False) -> User:
    """Set a new password, unlock the account and end its sessions (old cookies stop working)."""
    require_admin(actor)
    user = _get(session, user_id)
    _in_scope(actor, user)
    new_password = v.collect({"password": lambda: password(new_password, confirm=confirm, demo_mode=demo_mode)})[
        "password"]
    changes = {"password_hash": hash_password(new_password), "failed_logins": 0, "locked_until": None}
    return _audit_update(session, actor, user, changes, expected_version, end_user_sessions=True,
                         extra_before={"password": "lama"}, extra_after={"password": "diganti"})


def set_active(*, session: Session, actor: Actor, user_id: int, active: bool, expected_version: int) -> User:
    """Deactivate (the user can no longer log in, and their open sessions end) or reactivate."""
    require_admin(actor)
    user = _get(session, user_id)
    _in_scope(actor, user)
    _refuse_losing_last_admin(session, actor, user, user.role, active)
    return _audit_update(session, actor, user, {"is_active": active}, expected_version,
                         end_user_sessions=not active)


def list_users(*, session: Session, actor: Actor, include_inactive: bool = True) -> pd.DataFrame:
    require_admin(actor)
    stmt = select(User).order_by(User.username)
    if actor.province_code:
        stmt = stmt.where(User.province_code == actor.province_code)
    if not include_inactive:
        stmt = stmt.where(User.is_active)
    columns = ["id", "username", "name", "email", "role", "province_code", "kab_kota_code", "is_active",
               "is_demo", "locked_until", "version"]
    rows = [[getattr(u, c) for c in columns] for u in session.exec(stmt)]
    frame = pd.DataFrame(rows, columns=columns)
    frame["role_label"] = frame["role"].map(vocab.ROLES)
    return frame


def get_user(*, session: Session, actor: Actor, user_id: int) -> User:
    require_admin(actor)
    user = _get(session, user_id)
    _in_scope(actor, user)
    return user
