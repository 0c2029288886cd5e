"""The cookie key and passwords stay out of the repository: their files are ignored, never tracked."""

import shutil
import subprocess
from pathlib import Path

import pytest

from kesos.config import DEMO_COOKIE_KEY_FILE, ROOT, SECRETS_FILE, Settings, cookie_key

SECRET_FILES = [SECRETS_FILE, DEMO_COOKIE_KEY_FILE, ROOT / "data" / "kesos.db"]


def git(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)


@pytest.fixture(autouse=True)
def checkout():
    if shutil.which("git") is None or git("rev-parse", "--git-dir").returncode != 0:
        pytest.skip("not a git checkout")


@pytest.mark.parametrize("path", SECRET_FILES, ids=lambda p: p.name)
def test_secret_files_are_ignored_and_not_tracked(path: Path):
    relative = str(path.relative_to(ROOT))
    assert git("check-ignore", "-q", relative).returncode == 0, f"{relative} is not git-ignored"
    assert git("ls-files", "--error-unmatch", relative).returncode != 0, f"{relative} is tracked"


def test_the_local_demo_cookie_key_is_in_no_tracked_file():
    # On a fresh clone the key does not exist yet: make it the way the first demo start does.
    key = cookie_key(Settings(database_url="sqlite://", demo_mode=True, cookie_key=None, cookie_expiry_days=1.0))
    assert DEMO_COOKIE_KEY_FILE.read_text().strip() == key
    assert len(key) >= 16
    assert git("grep", "-F", "-q", key).returncode == 1  # 1: found nowhere


def test_no_bcrypt_hash_is_tracked():
    found = git("grep", "-E", "-l", r"\$2[aby]\$[0-9]{2}\$[./A-Za-z0-9]{53}")
    assert found.returncode == 1, found.stdout
