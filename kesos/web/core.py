"""The engine, the signed-in actor, who may open a page, and cached reads for the pages."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from types import FunctionType

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from kesos import clock, navigation, queries
from kesos.config import cookie_key, settings
from kesos.db import make_engine, prepare_database, refuse_demo_passwords, session_scope, translated_errors
from kesos.security import Actor

ACTOR_KEY = "kesos_actor"
VERSIONS_KEY = "kesos_data_versions_this_run"


@st.cache_resource(show_spinner="Menyiapkan database…")
def engine():
    """The engine, created once per process; the first start migrates and loads data."""
    cfg = settings()
    cookie_key(cfg)  # a missing or weak key stops the start here, before anyone logs in
    eng = make_engine(cfg.database_url)
    try:
        with translated_errors():  # not cached: the next rerun tries again, so the app recovers
            prepare_database(eng, cfg)
            refuse_demo_passwords(eng, cfg)
    except BaseException:
        eng.dispose()
        raise
    if cfg.demo_mode:
        from kesos.demo import login_hint

        print(login_hint(), flush=True)
    return eng


@contextmanager
def session() -> Iterator:
    """A session for a page's own reads and for every write; after it, the data versions are read again
    (a write moved them on: the rest of this run must not use the ones read before it)."""
    try:
        with session_scope(engine()) as s:
            yield s
    finally:
        forget_versions()


def current_actor() -> Actor | None:
    return st.session_state.get(ACTOR_KEY)


def require_page(key: str) -> Actor:
    """Every page starts here: refuse anonymous sessions and roles the page is not for."""
    actor = current_actor()
    if actor is None:
        st.error("Silakan masuk terlebih dahulu.")
        st.stop()
    if not navigation.may_open(actor.role, key):
        st.error("Anda tidak punya akses ke halaman ini.")
        st.stop()
    return actor


def _qualified_name(fn: Callable) -> str:
    """A query function's part of the cache key: its module and name, the same in every process."""
    return f"{fn.__module__}.{fn.__qualname__}"


@st.cache_data(ttl=3600, max_entries=1000, show_spinner=False, hash_funcs={FunctionType: _qualified_name})
def _cached(fn: Callable, args: tuple, version: int, today: date | None = None):
    """`today` is in the key: figures that depend on the date (last month, the last complete month, how
    complete a period is) are read again when the day turns, not an hour later."""
    with session_scope(engine()) as s:
        return fn(s, *args)


def read_province(args: tuple) -> str | None:
    """The province a read is limited to: its filters' (scoped filters always name it), else its
    actor's; None for a national read. Its data version is the one in the cache key."""
    for arg in args:
        if isinstance(arg, queries.Filters):
            return arg.province_code or (arg.kab_kota_code or "")[:2] or None
    for arg in args:
        if isinstance(arg, Actor):
            return arg.province_code or (arg.kab_kota_code or "")[:2] or None
    return None


def _this_run() -> object | None:
    """Something new in every script run of this session (a rerun, a fragment's run): the run's cursors,
    which Streamlit replaces when a run starts. None outside a script run (tests, the command line)."""
    ctx = get_script_run_ctx(suppress_warning=True)
    return None if ctx is None else ctx.cursors


def _versions() -> dict[str, int]:
    """Every province's data version, read in one query at most once per script run, before its data.

    Each cached read of the run uses these: a rerun makes one small query instead of one session and
    one query per panel (on PostgreSQL with pool_pre_ping, each checkout is a round trip more).
    """
    run = _this_run()
    memo = st.session_state.get(VERSIONS_KEY) if run is not None else None
    if memo is not None and memo[0] is run:
        return memo[1]
    with session_scope(engine()) as s:
        versions = queries.data_versions_now(s)
    if run is not None:
        st.session_state[VERSIONS_KEY] = (run, versions)
    return versions


def forget_versions() -> None:
    """After a write in this run: the next cached read reads the versions again."""
    if _this_run() is not None:
        st.session_state.pop(VERSIONS_KEY, None)


def data_version(args: tuple) -> int:
    """The data version of the read's province (for a national read, the sum of all: it moves with any)."""
    versions = _versions()
    province = read_province(args)
    return sum(versions.values()) if province is None else versions.get(province, 0)


def query(fn: Callable, *args) -> pd.DataFrame | dict:
    """Run the query function `fn(session, *args)` (one of kesos.queries), cached by its arguments and
    its province's data version.

    Arguments must already be scoped to the actor (see `queries.scoped`), so a cached result is
    never shown to someone who may not see it. A save moves its province's data version on, so the
    next rerun misses the cache and shows the new record at once, for every session and replica,
    while the cached views of other provinces stay warm. The version is read before the data, so
    an entry is never older than its key.
    """
    return _cached(fn, args, data_version(args), clock.today())


def _with_keywords(session, fn: Callable, keywords: tuple, actor: Actor):
    return fn(session=session, actor=actor, **dict(keywords))


def cached_list(fn: Callable, actor: Actor, **keywords) -> pd.DataFrame:
    """A service's list read (`fn(session=, actor=, **keywords)`: already scoped to the actor), cached like
    `query`: keyed by the function, the actor and the keywords, and the data version of the actor's province,
    so a save shows at once. A form's every rerun then re-reads nothing (issue 19: entry not slower)."""
    args = (fn, tuple(sorted(keywords.items())), actor)
    return _cached(_with_keywords, args, data_version(args), clock.today())
