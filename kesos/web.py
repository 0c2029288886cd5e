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


def _years(first_year: int) -> list[int]:
    from datetime import date

    return list(range(date.today().year, first_year - 1, -1))


def url_filters(actor: Actor, *, year_range: bool = False, lks_type: bool = False,
                first_year: int = 2010) -> queries.Filters:
    """The filters the URL's query parameters ask for, each checked against what the actor may pick.

    A value that is not on offer (a typo, another province's kab/kota) falls back to the default,
    so a shared link never breaks the page. Returns filters already clamped to the actor's scope.
    """
    from kesos import vocab

    years = _years(first_year)
    province_codes = query("provinces", actor)["code"].tolist()
    if not province_codes:
        st.info("Belum ada lembaga koordinasi yang terdaftar untuk wilayah Anda.")
        st.stop()
    province = _query_param("prov") if _query_param("prov") in province_codes else province_codes[0]
    kab_kota_codes = query("kab_kota_options", actor, province)["code"].tolist()
    kab_kota = _query_param("kab") if _query_param("kab") in kab_kota_codes else None

    def _year(param: str, default: int) -> int:
        try:
            value = int(_query_param(param) or default)
        except ValueError:
            value = default
        return value if value in years else default

    year_to = _year("tahun", years[0])
    year_from = min(_year("dari", max(years[-1], years[0] - 4)), year_to) if year_range else year_to
    wanted_type = _query_param("jenis") if lks_type else None
    return queries.scoped(actor, queries.Filters(
        province_code=province, kab_kota_code=kab_kota, year_from=year_from, year_to=year_to,
        lks_type=wanted_type if wanted_type in vocab.LKS_TYPES else None,
    ))


def filters_to_url(filters: queries.Filters, *, year_range: bool = False, **extra: str) -> None:
    """Write the filters into the URL (replacing what was there), so a shared link reopens the view."""
    params = {"prov": filters.province_code, "tahun": str(filters.year_to)}
    if filters.kab_kota_code:
        params["kab"] = filters.kab_kota_code
    if year_range:
        params["dari"] = str(filters.year_from)
    if filters.lks_type:
        params["jenis"] = filters.lks_type
    st.query_params.from_dict({**params, **extra})


def filter_bar(actor: Actor, *, year_range: bool = False, lks_type: bool = False,
               first_year: int = 2010) -> queries.Filters:
    """Province, kab/kota, year (or years) and LKS type pickers, kept in the URL's query parameters.

    Opens on what the URL asks for (see `url_filters`). Returns filters clamped to the actor's scope.
    """
    from kesos import vocab

    wanted = url_filters(actor, year_range=year_range, lks_type=lks_type, first_year=first_year)
    years = _years(first_year)
    province_frame = query("provinces", actor)
    province_codes = province_frame["code"].tolist()
    names = dict(zip(province_frame["code"], province_frame["name"]))

    widths = [2, 2] + ([1, 1] if year_range else [1]) + ([2] if lks_type else [])
    columns = iter(st.columns(widths))
    province = next(columns).selectbox(
        "Provinsi",
        province_codes,
        index=province_codes.index(wanted.province_code),
        format_func=lambda code: names[code],
        disabled=len(province_codes) == 1,
    )
    kab_kota_frame = query("kab_kota_options", actor, province)
    kab_kota_codes = kab_kota_frame["code"].tolist()
    kab_kota_names = dict(zip(kab_kota_frame["code"], kab_kota_frame["name"]))
    choices = kab_kota_codes if actor.kab_kota_code else [None, *kab_kota_codes]
    kab_kota = next(columns).selectbox(
        "Kabupaten/kota",
        choices,
        index=choices.index(wanted.kab_kota_code) if wanted.kab_kota_code in choices else 0,
        format_func=lambda code: "Semua kab/kota" if code is None else kab_kota_names[code],
    )
    if year_range:
        ascending = sorted(years)
        year_from = next(columns).selectbox("Dari tahun", ascending, index=ascending.index(wanted.year_from))
        year_to = next(columns).selectbox("Sampai tahun", years, index=years.index(wanted.year_to))
        year_from = min(year_from, year_to)
    else:
        year_to = next(columns).selectbox("Tahun", years, index=years.index(wanted.year_to))
        year_from = year_to
    chosen_type = None
    if lks_type:
        types = [None, *vocab.LKS_TYPES]
        chosen_type = next(columns).selectbox(
            "Jenis LKS", types, index=types.index(wanted.lks_type),
            format_func=lambda code: "Semua jenis" if code is None else vocab.LKS_TYPES[code],
        )

    filters = queries.scoped(actor, queries.Filters(
        province_code=province, kab_kota_code=kab_kota, year_from=year_from, year_to=year_to, lks_type=chosen_type,
    ))
    filters_to_url(filters, year_range=year_range)
    return filters


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


def save_then_rerun(form_key: str, write, *, page: str, message: str, pinned: str | None = None,
                    fresh: str | None = None) -> None:
    """Run `write(session)`; once stored, let the open record's pinned version go (`pinned`), give
    the add form `fresh` a new, empty start (see `new_record_key`) and keep `message` for the page's
    flash; then rerun, so the page draws what is stored, or the messages beside the fields.
    """
    if run_write(form_key, write) is not None:
        if pinned:
            unpin_version(pinned)
        if fresh:
            renew_record_key(fresh)
        flash(page, message)
    st.rerun()


def new_record_key(prefix: str) -> str:
    """The key of a page's add form; `renew_record_key` after a save makes the next form empty."""
    return f"{prefix}_add_{st.session_state.get(f'{prefix}_added', 0)}"


def renew_record_key(prefix: str) -> None:
    st.session_state[f"{prefix}_added"] = st.session_state.get(f"{prefix}_added", 0) + 1


def show_flash(form_key: str) -> None:
    if message := st.session_state.pop(f"{form_key}__flash", None):
        # Messages quote what users typed (an LKS name): shown as text, never as Markdown.
        st.success(as_text(message), icon=":material/check_circle:")


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
    st.session_state[f"{prefix}__stale"] = stale = pinned[1] != version
    if stale:  # say so now, not only when the save is refused
        st.warning("Data ini sudah diubah oleh pengguna lain sejak Anda membukanya; menyimpan isian ini akan "
                   "ditolak. Muat ulang untuk melihat perubahan terbaru.", icon=":material/sync_problem:")
        if st.button("Muat ulang data terbaru", icon=":material/refresh:", key=f"{prefix}__reload"):
            unpin_version(prefix)
            st.rerun()
    return pinned[1]


def unpin_version(prefix: str) -> None:
    st.session_state.pop(f"{prefix}__pinned", None)
    st.session_state.pop(f"{prefix}__stale", None)


def reload_button(prefix: str, form_key: str) -> None:
    """After a refused stale save: offer to load the other person's version (typed values go)."""
    if form_errors(form_key).get("_conflict") and not st.session_state.get(f"{prefix}__stale"):
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
        st.error(as_text(errors["_form"]))
    elif errors:
        st.error("Periksa kembali isian yang ditandai merah.")


def as_text(message: str) -> str:
    """A message that may quote user input, for a Markdown element: links, images, emphasis,
    code, maths and colour directives are escaped, so `![x](http://…)` or `**` shows as typed.

    Lighter than `_escape_markdown`: plain sentences (dots, colons, brackets) stay unchanged.
    """
    for char in "\\`*_[]<>$~|":
        message = message.replace(char, "\\" + char)
    return message


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
            # An import that changed a stored record has a "before", like an edit; one that added it has none.
            changed = row.action == "update" or (row.action == "import" and any(
                b is not None for b, _ in row.changes.values()))
            changes = [f"{k}: {b!r} → {a!r}" for k, (b, a) in row.changes.items()] if changed else []
            if changes:
                st.text("\n".join(changes))


# --- Lists: download what the page shows ------------------------------------------------------

def export_buttons(frame: pd.DataFrame, basename: str, headers: dict[str, str]) -> None:
    """Excel and CSV downloads of exactly the rows and columns a list shows, under its headers.

    `headers` maps the frame's columns to the titles the list shows, in the list's order. Cells
    that a spreadsheet would run as a formula (=, +, -, @) are neutralised in both files.
    """
    from datetime import date

    from kesos import export

    stem = f"{basename}-{date.today().isoformat()}"
    with st.container(horizontal=True):
        st.download_button("Excel", lambda: export.frame_xlsx(frame, headers, title=basename), f"{stem}.xlsx",
                           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           key=f"{basename}-export-xlsx", on_click="ignore", icon=":material/table_view:",
                           disabled=frame.empty)
        st.download_button("CSV", lambda: export.frame_csv(frame, headers), f"{stem}.csv", "text/csv",
                           key=f"{basename}-export-csv", on_click="ignore", icon=":material/csv:",
                           disabled=frame.empty)


def record_list(view: pd.DataFrame, headers: dict[str, str], *, key: str, caption: str, export: str | None,
                pinned: str | None = None, height: int | str = "auto",
                column_config: dict | None = None) -> int | None:
    """A list to pick one record from: caption, table, and Excel/CSV of exactly what it shows.

    Returns the picked row's position in `view`, or None; with nothing picked the edit form's
    pinned version (`pinned`, see `pinned_version`) is let go, so the next record opens fresh.
    """
    st.caption(caption)
    event = st.dataframe(view[list(headers)], hide_index=True, column_config={**headers, **(column_config or {})},
                         on_select="rerun", selection_mode="single-row", key=key, height=height)
    if export:
        export_buttons(view, export, headers)
    # A selection can outlive its row (the list got shorter after a delete or a filter).
    selected = [i for i in event.selection.rows if i < len(view)]
    if not selected and pinned:
        unpin_version(pinned)
    return selected[0] if selected else None


def delete_popover(form_key: str, delete, *, explain: str, page: str, message: str, pinned: str) -> None:
    """Hapus behind a confirmation; `explain` says where the record goes (a soft delete, restorable)."""
    with st.popover("Hapus", icon=":material/delete:"):
        st.write(explain)
        if st.button("Ya, hapus", type="primary", key=f"{form_key}_delete"):
            save_then_rerun(form_key, delete, page=page, message=message, pinned=pinned)


def deleted_panel(actor: Actor, what: str, *, deleted, restore, key: str, page: str, title: str = "Terhapus",
                  select_key: str | None = None, hide_when_empty: bool = False) -> None:
    """Terhapus: the deleted records, one of which the secretariat or an admin can restore.

    `deleted(session)` maps the deleted records' ids to their labels; `restore(session, id)` brings
    one back (the service checks the role again). `what` names the record in a sentence ("LKS",
    "sumber dana"). Widgets: `{key}_deleted` (or `select_key`) and `{key}_restore_button`; the
    restore's messages are kept under `{key}_restore`.
    """
    from kesos.services.base import RESTORER_ROLES

    if actor.role not in RESTORER_ROLES:
        return
    with session() as s:
        labels = deleted(s)
    if hide_when_empty and not labels:
        return
    name = what[:1].upper() + what[1:]
    with st.expander(title, icon=":material/restore_from_trash:"):
        if not labels:
            st.caption(f"Tidak ada {what} yang dihapus.")
            return
        chosen = st.selectbox(f"{name} yang dihapus", list(labels), format_func=labels.get,
                              key=select_key or f"{key}_deleted")
        form_key = f"{key}_restore"
        form_error(form_key)
        if st.button("Pulihkan", key=f"{form_key}_button"):
            save_then_rerun(form_key, lambda s: restore(s, int(chosen)), page=page, message=f"{name} dipulihkan.")


# --- Dashboards: a panel's chart with its takeaway and downloads -------------------------------

def dashboard_view(actor: Actor, filters: queries.Filters):
    """The place as leaders say it ("Kalsel", "Tanah Bumbu") and the years, for titles and takeaways."""
    from kesos import dashboards, takeaways

    provinces = query("provinces", actor)
    province_name = dict(zip(provinces["code"], provinces["name"])).get(filters.province_code)
    kab_kota_name = None
    if filters.kab_kota_code:
        options = query("kab_kota_options", actor, filters.province_code)
        kab_kota_name = dict(zip(options["code"], options["name"])).get(filters.kab_kota_code)
    place = takeaways.place_name(filters.province_code, province_name, kab_kota_name)
    return dashboards.View(place, filters.year_from or filters.year, filters.year)


@st.cache_data(ttl=3600, max_entries=1000, show_spinner=False)
def _rendered(panel_key: str, filters: queries.Filters, view, version: int, slide: bool) -> dict:
    """A panel's title, takeaway, Vega-Lite spec and frame, built once per filter and data version.

    Building and validating an Altair chart costs tens of milliseconds; a rerun reuses the spec.
    """
    from kesos import charts, dashboards

    panel = dashboards.PANELS[panel_key]
    frame = _cached(panel.query, (filters,), version)
    empty = panel.is_empty(frame)
    # Not validated against the Vega-Lite schema here (that doubles the cost of a cold panel);
    # the chart tests build every panel with validation.
    spec = None if empty else panel.chart(frame, view).to_dict(validate=False)
    if spec is not None:
        # Fill the page's width; the height is the plot's, so every row of a long bar chart has room.
        spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    takeaway = panel.takeaway(frame, view)
    if spec is not None and slide:
        spec = charts.for_slide(spec, charts.slide_height(takeaway), scale=panel.slide_scale,
                                legend_right=panel.slide_legend_right)
    return {"title": panel.title(view), "takeaway": takeaway, "spec": spec, "frame": frame}


def _file_stem(panel_key: str, view) -> str:
    import re

    place = re.sub(r"[^0-9A-Za-z]+", "-", view.place).strip("-").lower()
    return f"{panel_key}-{place}-{view.years.replace('–', '-')}"


def chart_panel(panel, filters: queries.Filters, view, *, slide: bool = False) -> None:
    """Draw a dashboard Panel: title, one-line takeaway, chart, and PNG/SVG/Excel downloads.

    An empty selection shows its takeaway ("Belum ada ...") as a plain message instead of an
    empty chart. On a Mode Rakor slide (`slide=True`) the type is larger and there are no downloads.
    """
    from kesos import export

    if panel.province_only and filters.kab_kota_code:
        if not slide:
            st.subheader(panel.title(view))
        st.info("Donasi dicatat untuk provinsi, tidak per kab/kota. Pilih “Semua kab/kota” untuk melihatnya.")
        return
    with session() as s:
        version = queries.data_version(s)
    shown = _rendered(panel.key, filters, view, version, slide)
    title, takeaway, spec = shown["title"], shown["takeaway"], shown["spec"]
    if slide:
        st.markdown(f"### {_escape_markdown(title)}")
        st.markdown(f"## {_escape_markdown(takeaway)}")
    else:
        st.subheader(title)
    if spec is None:
        st.info(takeaway, icon=":material/info:")
        return
    if not slide:  # the takeaway is the headline a leader reads first: larger and coloured
        st.markdown(f"#### :blue[{_escape_markdown(takeaway)}]")
    st.vega_lite_chart(spec={**spec}, width="stretch")  # a copy: Streamlit moves the datasets out of it
    if slide:
        return
    frame, stem = shown["frame"], _file_stem(panel.key, view)
    with st.container(horizontal=True):
        # The files are made only when a button is clicked (a callable), so a rerun stays fast.
        st.download_button("PNG", lambda: export.chart_png(spec, title, takeaway), f"{stem}.png", "image/png",
                           key=f"{panel.key}-png", on_click="ignore", icon=":material/image:")
        st.download_button("SVG", lambda: export.chart_svg(spec, title, takeaway), f"{stem}.svg", "image/svg+xml",
                           key=f"{panel.key}-svg", on_click="ignore", icon=":material/draw:")
        st.download_button(
            "Excel", lambda: export.frame_xlsx(frame, panel.headers, title, note=takeaway), f"{stem}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key=f"{panel.key}-xlsx", on_click="ignore", icon=":material/table_view:",
        )
