"""The cookie key: a weak one stops the start with a message saying how to make one; the demo key file is
readable by its owner only."""

import secrets
import stat

import pytest

from kesos import config
from kesos.config import ConfigError, Settings, cookie_key
from tests.pages.apptest import new_app, texts


@pytest.mark.parametrize("key", ["a" * 16, "a" * 64, "0123456789abcdef", "0123456789abcdef" * 2, "short"])
def test_a_weak_cookie_key_is_refused(key):
    with pytest.raises(ConfigError, match="secrets.token_urlsafe"):
        cookie_key(Settings(database_url="sqlite:///x.db", demo_mode=False, cookie_key=key))


def test_a_random_cookie_key_is_accepted():
    key = secrets.token_urlsafe(32)
    assert cookie_key(Settings(database_url="sqlite:///x.db", demo_mode=False, cookie_key=key)) == key


def test_the_demo_cookie_key_file_is_created_for_its_owner_only(tmp_path, monkeypatch):
    path = tmp_path / "data" / ".demo_cookie_key"
    monkeypatch.setattr(config, "DEMO_COOKIE_KEY_FILE", path)
    demo = Settings(database_url="sqlite://", demo_mode=True, cookie_key=None)
    key = cookie_key(demo)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text() == key and not config.weak_cookie_key(key)
    path.chmod(0o644)  # made by an older version
    assert cookie_key(demo) == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.write_text("a" * 16)  # a weak one is replaced
    assert cookie_key(demo) != "a" * 16 and stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_app_refuses_to_start_with_a_weak_cookie_key_without_a_traceback(app_env, monkeypatch):
    monkeypatch.setenv("KESOS_COOKIE_KEY", "a" * 16)
    config.settings.cache_clear()
    at = new_app().run()
    assert not at.exception
    assert "Kunci cookie" in texts(at) and "terlalu lemah" in texts(at)
    assert not at.text_input
