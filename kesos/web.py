"""The one module that glues Kesos to Streamlit's caching and session state for the pages."""

import pandas as pd
import streamlit as st

from kesos import navigation, queries
from kesos.config import settings
from kesos.db import make_engine, prepare_database, session_scope, translated_errors
from kesos.security import Actor

ACTOR_KEY = "kesos_actor"


@st.cache_resource(show_spinner="Menyiapkan database…")
def engine():
    """The engine, created once per process; the first start migrates and loads data."""
    cfg = settings()
    eng = make_engine(cfg.database_url)
    try:
        with translated_errors():  # not cached: the next rerun tries again, so the app recovers
            prepare_database(eng, cfg)
    except BaseException:
        eng.dispose()
        raise
    if cfg.demo_mode:
        from kesos.demo import login_hint

        print(login_hint(), flush=True)
    return eng


def session():
    return session_scope(engine())


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


@st.cache_data(ttl=3600, max_entries=1000, show_spinner=False)
def _cached(name: str, args: tuple, version: int):
    with session() as s:
        return getattr(queries, name)(s, *args)


def query(name: str, *args) -> pd.DataFrame | dict:
    """Run `queries.<name>(session, *args)`, cached by its arguments and the data version.

    Arguments must already be scoped to the actor (see `queries.scoped`), so a cached result is
    never shown to someone who may not see it. A save moves the data version on, so the next
    rerun misses the cache and shows the new record at once, for every session and replica.
    """
    with session() as s:
        version = queries.data_version(s)
    return _cached(name, args, version)


def _query_param(name: str) -> str | None:
    value = st.query_params.get(name)
    return value or None


def filter_bar(actor: Actor, *, year_range: bool = False, first_year: int = 2010) -> queries.Filters:
    """Province, kab/kota and year pickers, kept in the URL so a shared link reopens the view.

    Returns filters already clamped to the actor's scope.
    """
    from datetime import date

    this_year = date.today().year
    years = list(range(this_year, first_year - 1, -1))
    province_frame = query("provinces", actor)
    province_codes = province_frame["code"].tolist()
    names = dict(zip(province_frame["code"], province_frame["name"]))
    if not province_codes:
        st.info("Belum ada lembaga koordinasi yang terdaftar untuk wilayah Anda.")
        st.stop()

    columns = st.columns([2, 2, 1, 1] if year_range else [2, 3, 1])
    wanted_province = _query_param("prov")
    province = columns[0].selectbox(
        "Provinsi",
        province_codes,
        index=province_codes.index(wanted_province) if wanted_province in province_codes else 0,
        format_func=lambda code: names[code],
        disabled=len(province_codes) == 1,
    )
    kab_kota_frame = query("kab_kota_options", actor, province)
    kab_kota_codes = kab_kota_frame["code"].tolist()
    kab_kota_names = dict(zip(kab_kota_frame["code"], kab_kota_frame["name"]))
    choices = kab_kota_codes if actor.kab_kota_code else [None, *kab_kota_codes]
    wanted_kab_kota = _query_param("kab")
    kab_kota = columns[1].selectbox(
        "Kabupaten/kota",
        choices,
        index=choices.index(wanted_kab_kota) if wanted_kab_kota in choices else 0,
        format_func=lambda code: "Semua kab/kota" if code is None else kab_kota_names[code],
    )

    def _year(param: str, default: int) -> int:
        try:
            value = int(_query_param(param) or default)
        except ValueError:
            value = default
        return value if value in years else default

    if year_range:
        year_from = columns[2].selectbox("Dari tahun", sorted(years), index=sorted(years).index(_year("dari", this_year - 4)))
        year_to = columns[3].selectbox("Sampai tahun", years, index=years.index(_year("tahun", this_year)))
        year_from = min(year_from, year_to)
    else:
        year_to = columns[2].selectbox("Tahun", years, index=years.index(_year("tahun", this_year)))
        year_from = year_to

    params = {"prov": province, "tahun": str(year_to)}
    if kab_kota:
        params["kab"] = kab_kota
    if year_range:
        params["dari"] = str(year_from)
    st.query_params.from_dict(params)
    return queries.scoped(
        actor,
        queries.Filters(province_code=province, kab_kota_code=kab_kota, year_from=year_from, year_to=year_to),
    )


def kab_kota_names(actor: Actor) -> dict[str, str]:
    """Code → name of every kab/kota the actor may pick, across the deployment's provinces."""
    names: dict[str, str] = {}
    for province in query("provinces", actor)["code"]:
        frame = query("kab_kota_options", actor, province)
        names.update(zip(frame["code"], frame["name"]))
    return names


# --- Forms: run a write, keep its messages beside the fields -----------------------------------

def _errors_key(form_key: str) -> str:
    return f"{form_key}__errors"


def run_write(form_key: str, write, success: str | None = None):
    """Run `write(session)` in one transaction; on failure keep the messages for `field_error`.

    Returns the write's result, or None when it was refused (nothing is stored then). The
    widgets keep what was typed, because the form is not cleared on submit.
    """
    from kesos.errors import ConflictError, KesosError, ValidationError

    try:
        with session() as s:
            result = write(s)
    except ValidationError as exc:
        st.session_state[_errors_key(form_key)] = exc.errors
        return None
    except KesosError as exc:
        st.session_state[_errors_key(form_key)] = {"_form": exc.message} | (
            {"_conflict": True} if isinstance(exc, ConflictError) else {})
        return None
    st.session_state.pop(_errors_key(form_key), None)
    if success:
        st.toast(success, icon=":material/check_circle:")
    return result


def flash(form_key: str, message: str) -> None:
    """Keep a success message for the next rerun (a toast is lost when the page reruns at once)."""
    st.session_state[f"{form_key}__flash"] = message


def show_flash(form_key: str) -> None:
    if message := st.session_state.pop(f"{form_key}__flash", None):
        st.success(message, icon=":material/check_circle:")


def form_errors(form_key: str) -> dict:
    return st.session_state.get(_errors_key(form_key), {})


def clear_errors(form_key: str) -> None:
    st.session_state.pop(_errors_key(form_key), None)


def pinned_version(prefix: str, record_id: int, version: int) -> int:
    """The record's version when its edit form was first drawn, kept while that record stays open.

    Pages re-read the record on every rerun; saving with the version read then would overwrite
    a change someone else made meanwhile. Saving with the pinned version lets the service refuse
    it with a clear message, and the form keeps what was typed. `unpin_version` after a save.
    """
    key = f"{prefix}__pinned"
    pinned = st.session_state.get(key)
    if pinned is None or pinned[0] != record_id:
        pinned = st.session_state[key] = (record_id, version)
    return pinned[1]


def unpin_version(prefix: str) -> None:
    st.session_state.pop(f"{prefix}__pinned", None)


def reload_button(prefix: str, form_key: str) -> None:
    """After a refused stale save: offer to load the other person's version (typed values go)."""
    if form_errors(form_key).get("_conflict"):
        if st.button("Muat ulang data terbaru", icon=":material/refresh:", key=f"{form_key}_reload"):
            unpin_version(prefix)
            clear_errors(form_key)
            st.rerun()


def field_error(form_key: str, field: str) -> None:
    """The message for one field, drawn right under its widget."""
    message = form_errors(form_key).get(field)
    if message:
        st.markdown(f":red[{_escape_markdown(message)}]")


def form_error(form_key: str) -> None:
    """A message about the whole form (permission, conflict, not found), above its buttons."""
    errors = form_errors(form_key)
    if "_form" in errors:
        st.error(errors["_form"])
    elif errors:
        st.error("Periksa kembali isian yang ditandai merah.")


def _escape_markdown(text: str) -> str:
    for char in "\\`*_{}[]<>()#+-.!|~$:":
        text = text.replace(char, "\\" + char)
    return text


def history_panel(table_name: str, record_id: int) -> None:
    """Riwayat: who changed this record, when, and what changed."""
    from kesos import fmt
    from kesos.services import base

    with session() as s:
        trail = base.history(s, table_name, record_id)
    labels = {"create": "dibuat", "update": "diubah", "delete": "dihapus", "restore": "dipulihkan",
              "import": "diimpor"}
    with st.expander("Riwayat", icon=":material/history:"):
        if trail.empty:
            st.caption("Belum ada riwayat.")
        for row in trail.itertuples():
            st.markdown(f"**{fmt.waktu(row.at)}** · {_escape_markdown(row.username)} · {labels.get(row.action, row.action)}")
            changes = [f"{k}: {b!r} → {a!r}" for k, (b, a) in row.changes.items()] if row.action == "update" else []
            if changes:
                st.text("\n".join(changes))
