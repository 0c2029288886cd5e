"""kesos.web.core: cached reads are keyed by the query function itself (its module and name), its
arguments and the data version."""

from contextlib import nullcontext

from kesos.queries.aid import csr_by_company
from kesos.web import core


def test_a_cached_read_is_keyed_by_its_query_function_as_well_as_its_arguments(monkeypatch):
    monkeypatch.setattr(core, "session", lambda: nullcontext("session"))
    calls = []

    def lks_total(session, year):
        calls.append(("lks_total", year))
        return year

    def aid_total(session, year):
        calls.append(("aid_total", year))
        return -year

    core._cached.clear()
    assert core._cached(lks_total, (2025,), 7) == 2025
    assert core._cached(aid_total, (2025,), 7) == -2025  # same arguments, another query: its own entry
    assert core._cached(lks_total, (2025,), 7) == 2025  # from the cache
    assert core._cached(lks_total, (2025,), 8) == 2025  # a save moved the data version on: read again
    assert calls == [("lks_total", 2025), ("aid_total", 2025), ("lks_total", 2025)]
    core._cached.clear()


def test_the_cache_key_names_the_function_the_same_way_in_every_process():
    assert core._qualified_name(csr_by_company) == "kesos.queries.aid.csr_by_company"


def test_a_cached_read_is_read_again_when_the_day_turns(monkeypatch):
    """Last month, the last complete month and how complete a period is depend on the date: at midnight
    the cached figure of yesterday must not be shown for up to the cache's hour."""
    import time_machine

    monkeypatch.setattr(core, "session", lambda: nullcontext("session"))
    # No database at all: the cached read's own session too (it opened the default data/kesos.db, which another
    # worker of a fresh clone could be creating at that moment: "table aid_item already exists" in CI).
    monkeypatch.setattr(core, "engine", lambda: None)
    monkeypatch.setattr(core, "session_scope", lambda engine: nullcontext("session"))
    monkeypatch.setattr(core, "data_version", lambda args: 7)
    calls = []

    def last_month(session):
        from kesos import clock

        calls.append(clock.today())
        return clock.today().month - 1

    core._cached.clear()
    with time_machine.travel("2026-11-30T23:58:00+07:00", tick=False):
        assert core.query(last_month) == 10
        assert core.query(last_month) == 10  # from the cache
    with time_machine.travel("2026-12-01T00:01:00+07:00", tick=False):
        assert core.query(last_month) == 11  # a new day: read again, not yesterday's figure
    assert len(calls) == 2
    core._cached.clear()
