"""Password rules: long enough, not common or trivial, no spaces at the ends, bcrypt's 72 bytes, no demo password
outside demo mode; what is refused is never stored and the login never crashes on a long one."""

import pytest

from kesos import passwords
from kesos import validate as v
from kesos.config import DEMO_PASSWORD
from kesos.security import Actor, hash_password, verify_password
from kesos.services import users_admin


@pytest.mark.parametrize("password, words", [
    ("pendek1", "paling sedikit 10"),
    (" sandi yang panjang sekali", "spasi"),
    ("sandi yang panjang sekali ", "spasi"),
    ("password123", "mudah ditebak"),
    ("Indonesia123", "mudah ditebak"),
    ("bismillah123", "mudah ditebak"),
    ("1234567890", "mudah ditebak"),
    ("aaaaaaaaaaaaaaaa", "mudah ditebak"),
    ("abcdefghijk", "mudah ditebak"),
    ("é" * 40, "72 byte"),
    ("x" * 73, "72 byte"),
    (DEMO_PASSWORD, "demo"),
])
def test_a_weak_or_unusable_password_is_refused_with_a_reason(password, words):
    with pytest.raises(v.FieldError) as refused:
        passwords.check(password)
    assert words in str(refused.value)


def test_a_reasonable_password_is_accepted_and_the_demo_one_only_in_demo_mode():
    assert passwords.check("kuda merah makan tahu") == "kuda merah makan tahu"
    assert passwords.check("Sungai-Martapura-2026") == "Sungai-Martapura-2026"
    assert passwords.check(DEMO_PASSWORD, demo_mode=True) == DEMO_PASSWORD
    with pytest.raises(v.FieldError, match="nama pengguna"):
        passwords.check("sekretariat-kalsel-77", username="sekretariat")


def test_the_pengguna_service_applies_the_rules(empty_engine):
    from sqlmodel import Session

    with Session(empty_engine) as session:
        with pytest.raises(Exception) as refused:
            users_admin.create_user(session=session, actor=Actor("admin", "admin"), data={
                "username": "uji_sandi", "name": "Uji", "role": "pimpinan", "password": "password123"})
        assert "mudah ditebak" in str(getattr(refused.value, "errors", refused.value))


def test_a_password_over_72_bytes_at_login_is_refused_not_a_crash():
    stored = hash_password("sandi-yang-benar-99")
    assert verify_password("é" * 100, stored) is False
