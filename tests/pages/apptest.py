"""Helpers for AppTest: run the real app.py and log in through its login form."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from kesos.config import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")


def new_app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=60)


def logged_in(username: str, password: str = DEMO_PASSWORD) -> AppTest:
    at = new_app().run()
    return fill_login(at, username, password)


def fill_login(at: AppTest, username: str, password: str) -> AppTest:
    inputs = {widget.label: widget for widget in at.text_input}
    inputs["Nama pengguna"].input(username)
    inputs["Kata sandi"].input(password)
    next(b for b in at.button if b.label == "Masuk").click()
    return at.run()


def texts(at: AppTest) -> str:
    """Everything the page wrote, to search for a message."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "error", "info", "warning", "success"):
        parts += [str(getattr(element, "value", "")) for element in getattr(at, kind)]
    parts += [m.label for m in at.metric]
    return "\n".join(parts)
