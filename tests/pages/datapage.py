"""Helpers for AppTests of the data pages: open one page as a demo user, find widgets, read the database."""

from contextlib import contextmanager

from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from kesos.db import make_engine
from kesos.security import Actor
from kesos.users import get_user
from tests.pages.apptest import ROOT, texts


@contextmanager
def db(path):
    engine = make_engine(f"sqlite:///{path}")
    try:
        with Session(engine) as session:
            yield session
    finally:
        engine.dispose()


def actor_of(path, username: str) -> Actor:
    with db(path) as session:
        return Actor.from_user(get_user(session, username))


def open_page(path, script: str, username: str) -> AppTest:
    """Run one page script as a logged-in demo user (the login itself is tested in test_app_auth)."""
    at = AppTest.from_file(str(ROOT / script), default_timeout=30)
    at.session_state["kesos_actor"] = actor_of(path, username)
    return at.run()


def widget(elements, label: str):
    matches = [w for w in elements if w.label == label]
    assert matches, f"no widget labelled {label!r}; have {[w.label for w in elements]}"
    return matches[0]


def form_inputs(at: AppTest) -> list:
    """The text inputs of a page's forms (a record list's search box is not one)."""
    return [w for w in at.text_input if not (w.key or "").endswith("_cari")]


def button(at: AppTest, label: str):
    return widget(at.button, label)


def submit(at: AppTest, label: str = "Simpan", index: int = 0) -> AppTest:
    [b for b in at.button if b.label == label][index].click()
    return at.run()


def select_row(at: AppTest, table_key: str, row: int) -> AppTest:
    """Select one row of a st.dataframe with on_select (AppTest cannot click it). A record list's key gets a
    suffix while it is filtered or shows a new record on top (see `record_list`): the drawn one is used."""
    drawn = [d.key for d in at.dataframe if d.key and (d.key == table_key or d.key.startswith(f"{table_key}__"))]
    at.session_state[drawn[0] if drawn else table_key] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    return at.run()


def plain(at: AppTest) -> str:
    return texts(at).replace("\\", "")


def headline(path, username: str, year: int | None = None) -> dict:
    """The Ringkasan figures this user sees (for `year`, else the page's default), through the page itself."""
    at = AppTest.from_file(str(ROOT / "pages/dasbor/ringkasan.py"), default_timeout=30)
    at.session_state["kesos_actor"] = actor_of(path, username)
    if year is not None:
        at.query_params["tahun"] = str(year)
    at.run()
    assert not at.exception, at.exception
    return {m.label: m.value for m in at.metric}


def in_order(node):
    """Every element under a node, in the order the page draws them."""
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for index in sorted(children):
            yield from in_order(children[index])
    else:
        yield node


def beside(at: AppTest, key: str) -> str | None:
    """The message drawn right under the widget with this key (None when there is none)."""
    elements = list(in_order(at.main))
    for position, element in enumerate(elements):
        if getattr(element, "key", None) == key:
            following = elements[position + 1] if position + 1 < len(elements) else None
            if following is not None and following.type == "markdown" and str(following.value).startswith(":red["):
                return str(following.value)[5:-1].replace("\\", "")
            return None
    raise AssertionError(f"no widget with key {key!r}")


def warned_beside(at: AppTest, key: str) -> str | None:
    """The warning (validasi, orange) drawn right under the widget with this key, after its error if any."""
    elements = list(in_order(at.main))
    for position, element in enumerate(elements):
        if getattr(element, "key", None) == key:
            for following in elements[position + 1:position + 3]:
                if following.type == "markdown" and str(following.value).startswith(":orange["):
                    return str(following.value)[8:-1].replace("\\", "")
            return None
    raise AssertionError(f"no widget with key {key!r}")


def widget_keys(at: AppTest) -> list[str]:
    return [element.key for element in in_order(at.main) if getattr(element, "key", None)]


def figure(path, username: str, label: str, year: int | None = None) -> int:
    """One Ringkasan headline figure as a number (`1.234` → 1234)."""
    return int(headline(path, username, year)[label].replace(".", ""))
