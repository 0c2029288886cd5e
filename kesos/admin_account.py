"""`python -m kesos create-admin`: the first admin of a deployment without demo data, or a new password for one.

The account is written by the Pengguna page's service (its checks, password rules, bcrypt hashing and
audit rows), acting as the command line. The password comes from KESOS_ADMIN_PASSWORD or is asked
twice (a pipe gives it as two lines); never from an argument, which `ps` and the shell history would show.
"""

import getpass
import sys

from sqlalchemy import Engine

from kesos import users, vocab
from kesos import validate as v
from kesos.config import ADMIN_PASSWORD_ENV, Settings, admin_password_from_env
from kesos.db import session_scope
from kesos.errors import KesosError, ValidationError
from kesos.models import User
from kesos.security import Actor
from kesos.services import users_admin

_NO_ARGUMENT = (f"Kata sandi tidak diterima sebagai argumen (terlihat di `ps` dan riwayat shell): ketik saat "
                f"diminta, atau isi variabel lingkungan {ADMIN_PASSWORD_ENV}.")


class Refused(Exception):
    """The command stops before writing anything; the message says why, in Indonesian."""


def _read_password(username: str) -> tuple[str, str | None]:
    """The password and its repetition: from the environment (nothing to repeat), asked twice at a
    terminal (not echoed), or as two lines on standard input when it is not a terminal (a pipe)."""
    given = admin_password_from_env()
    if given is not None:
        return given, None
    if sys.stdin.isatty():
        return getpass.getpass(f"Kata sandi untuk {username}: "), getpass.getpass("Ulangi kata sandi: ")
    lines = [sys.stdin.readline(), sys.stdin.readline()]
    if not lines[1]:
        raise Refused(f"Kata sandi tidak terbaca: masukan bukan terminal dan tidak berisi dua baris (kata sandi "
                      f"dan ulangannya). Jalankan di terminal, atau isi {ADMIN_PASSWORD_ENV}.")
    return lines[0].removesuffix("\n").removesuffix("\r"), lines[1].removesuffix("\n").removesuffix("\r")


def _check_before_asking(engine: Engine, actor: Actor, args) -> tuple[str, User | None]:
    """Everything that can be refused without the password, so nobody types it twice for nothing."""
    try:
        username = users_admin.clean_username(args.username)
    except v.FieldError as exc:
        raise Refused(str(exc)) from None
    with session_scope(engine) as session:
        existing = users.get_user(session, username)
        if existing is None and not args.reset:
            users_admin.clean(session, actor, _new_admin(args))  # name and email, before the password
    if existing is not None and not args.reset:
        raise Refused(f"Pengguna '{username}' sudah ada; tidak diubah. Untuk mengganti kata sandinya, "
                      f"jalankan lagi dengan --reset.")
    if existing is None and args.reset:
        raise Refused(f"Pengguna '{username}' tidak ada; jalankan tanpa --reset untuk membuatnya.")
    if existing is not None and existing.role != "admin":
        role = vocab.ROLES.get(existing.role, existing.role)
        raise Refused(f"Pengguna '{username}' bukan admin (peran: {role}); --reset hanya untuk akun admin. "
                      f"Ganti kata sandinya di halaman Pengguna, atau buat admin dengan nama lain.")
    return username, existing


def _new_admin(args) -> dict:
    # No province: the first admin manages every province of the deployment.
    return {"username": args.username, "name": args.name, "email": args.email, "role": "admin",
            "province_code": None, "kab_kota_code": None}


def _reset(session, actor: Actor, username: str, password: str, confirm: str | None, demo_mode: bool) -> User:
    """New password, unlocked, active again, every old session ended: an admin who can log in now."""
    user = users.get_user(session, username)
    user = users_admin.reset_password(session=session, actor=actor, user_id=user.id, new_password=password,
                                      confirm=confirm, expected_version=user.version, demo_mode=demo_mode)
    if not user.is_active:
        user = users_admin.set_active(session=session, actor=actor, user_id=user.id, active=True,
                                      expected_version=user.version)
    return user


def run(args, engine: Engine, settings: Settings, actor: Actor) -> int:
    refused = "Kata sandi admin tidak diganti" if args.reset else "Admin tidak dibuat"
    try:
        if args.password is not None:
            raise Refused(_NO_ARGUMENT)
        username, existing = _check_before_asking(engine, actor, args)
        password, confirm = _read_password(username)
        with session_scope(engine) as session:
            if existing is not None:
                _reset(session, actor, username, password, confirm, settings.demo_mode)
            else:
                users_admin.create_user(session=session, actor=actor, demo_mode=settings.demo_mode,
                                        data=_new_admin(args) | {"password": password, "password_confirm": confirm})
    except Refused as exc:
        print(f"{refused}: {exc}", file=sys.stderr)
        return 2
    except ValidationError as exc:
        print(f"{refused}: {'; '.join(exc.errors.values())}", file=sys.stderr)
        return 2
    except KesosError as exc:
        print(f"{refused}: {exc.message}", file=sys.stderr)
        return 2
    except EOFError:  # Ctrl-D at the prompt
        print(f"\n{refused}: kata sandi tidak diketik.", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nDibatalkan; tidak ada yang diubah.", file=sys.stderr)
        return 130
    if existing is not None:
        print(f"Kata sandi admin '{username}' diganti; akun dibuka dan aktif, sesi lamanya diakhiri.")
    else:
        print(f"Admin '{username}' dibuat. Masuk ke aplikasi dengan nama pengguna ini dan kata sandi tadi.")
    return 0
