"""Record lists: pick one row, download what the list shows, Hapus, Terhapus (restore) and Riwayat."""

import zlib

import pandas as pd
import streamlit as st

from kesos import clock
from kesos.security import Actor
from kesos.web.core import current_actor, session
from kesos.web.forms import form_error, save_then_rerun, show_flash, unpin_version
from kesos.web.text import as_text

_LIST_GENERATION = "_record_list_generation"  # moves on after each delete: see `record_list`


def history_panel(table_name: str, record_id: int) -> None:
    """Riwayat: who changed this record, when, and what changed."""
    from kesos import fmt
    from kesos.services import base

    with session() as s:
        trail = base.history(s, table_name, record_id, current_actor())
    labels = {"create": "dibuat", "update": "diubah", "delete": "dihapus", "restore": "dipulihkan",
              "import": "diimpor"}
    with st.expander("Riwayat", icon=":material/history:"):
        if trail.empty:
            st.caption("Belum ada riwayat.")
        for row in trail.itertuples():
            when = fmt.waktu(row.at, current_actor().province_code)  # the reader's province's zone
            st.markdown(f"**{when}** · {as_text(row.username)} · {labels.get(row.action, row.action)}")
            # An import that changed a stored record has a "before", like an edit; one that added it has none.
            changed = row.action == "update" or (row.action == "import" and any(
                b is not None for b, _ in row.changes.values()))
            changes = [f"{k}: {b!r} → {a!r}" for k, (b, a) in row.changes.items()] if changed else []
            if changes:
                st.text("\n".join(changes))


def made_on_click(name: str, *args, **kwargs):
    """A download's file, made by `kesos.export.<name>` when the button is clicked (a callable for
    `st.download_button`). kesos.export brings vl-convert and openpyxl (a quarter of a second to import):
    a page that only shows its buttons never imports it."""
    def make():
        from kesos import export

        return getattr(export, name)(*args, **kwargs)

    return make


def export_buttons(frame: pd.DataFrame, basename: str, headers: dict[str, str]) -> None:
    """Excel and CSV downloads of exactly the rows and columns a list shows, under its headers.

    `headers` maps the frame's columns to the titles the list shows, in the list's order. Cells
    that a spreadsheet would run as a formula (=, +, -, @) are neutralised in both files.
    """
    stem = f"{basename}-{clock.today().isoformat()}"
    with st.container(horizontal=True):
        st.download_button("Excel", made_on_click("frame_xlsx", frame, headers, title=basename), f"{stem}.xlsx",
                           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           key=f"{basename}-export-xlsx", on_click="ignore", icon=":material/table_view:",
                           disabled=frame.empty)
        st.download_button("CSV", made_on_click("frame_csv", frame, headers), f"{stem}.csv", "text/csv",
                           key=f"{basename}-export-csv", on_click="ignore", icon=":material/csv:",
                           disabled=frame.empty)


def record_list(view: pd.DataFrame, headers: dict[str, str], *, key: str, noun: str, caption: str = "",
                export: str | None, pinned: str | None = None, filters=(), search: str | None = None,
                search_columns=(), column_config: dict | None = None, id_column: str = "id", present=None):
    """A list to work in: search and filters (kept in the URL), a count line, a table as tall as its rows
    (up to 20, then it scrolls), and Excel/CSV of exactly what it shows.

    `filters` are `kesos.listing.ListFilter`s over `view`'s columns; `search` is the search box's label,
    matching `search_columns`. `view` holds the actor's rows only (the services scope them), so a crafted
    URL narrows at most. A record just saved (`save_then_rerun(..., list_key=key)`) is shown: the filters
    move to include it, with a word saying so, and a new one stands on top until the filters change.

    `present(rows)`, when given, adds the columns the table shows (dates and rupiah as text) to the rows
    kept only: formatting a province's years of rows on every rerun of a form below would slow entry.

    Returns the index label in `view` of the picked row, or None; with nothing picked the edit form's
    pinned version (`pinned`, see `pinned_version`) is let go, so the next record opens fresh.
    """
    from kesos import listing

    filters = list(filters)
    choices, moved = _filter_bar(view, filters, key=key, search=search, search_columns=search_columns,
                                 id_column=id_column)
    shown = listing.apply(view, filters, choices, search_columns)
    signature = repr((choices.search, sorted(choices.chosen.items(), key=lambda kv: kv[0])))
    top = st.session_state.get(f"{key}__top")
    if top is not None:
        if top["sig"] is None:
            top["sig"] = signature
        if top["sig"] != signature or id_column not in shown or not (shown[id_column] == top["id"]).any():
            st.session_state.pop(f"{key}__top")  # the person moved on: the list is in its own order again
            top = None
        else:
            at_top = shown.index[shown[id_column] == top["id"]]
            shown = pd.concat([shown.loc[at_top], shown.drop(at_top)])

    line = listing.count_line(len(shown), len(view), noun)
    notes = [f"{line}."] + (["Baris teratas baru saja disimpan."] if top is not None else []) + (
        [caption] if caption and not shown.empty else [])
    st.caption(" ".join(notes))
    if moved:
        st.info(f"Filter {', '.join(moved)} diubah agar data yang baru disimpan terlihat di daftar.",
                icon=":material/filter_alt:")
    if shown.empty:  # an empty grid says "empty" in English on its canvas: say it in a sentence instead
        st.info("Tidak ada data untuk ditampilkan." if view.empty else
                "Tidak ada data yang sesuai dengan pencarian dan filter ini.", icon=":material/inbox:")
        if pinned:
            unpin_version(pinned)
        return None
    # After a delete the list starts with nothing picked: the browser keeps a table's selection by
    # row position, so the same key would open the deleted record's neighbour for editing. The same
    # holds when the filters change or a new record goes on top: the rows under each position change.
    generation = st.session_state.get(_LIST_GENERATION, 0)
    suffix = "".join([f"__{generation}" if generation else "",
                      f"__f{zlib.crc32(signature.encode())}" if _narrowed(choices, filters) else "",
                      f"__new{top['id']}" if top is not None else ""])
    if present is not None:
        shown = present(shown)
    event = st.dataframe(shown[list(headers)], hide_index=True, placeholder="",
                         column_config={**headers, **(column_config or {})},
                         on_select="rerun", selection_mode="single-row", height=listing.table_height(len(shown)),
                         key=key + suffix)
    if export:
        export_buttons(shown, export, headers)
    # A selection can outlive its row (the list got shorter after a delete or a filter).
    selected = [i for i in event.selection.rows if i < len(shown)]
    if not selected and pinned:
        unpin_version(pinned)
    return shown.index[selected[0]] if selected else None


def _narrowed(choices, filters) -> bool:
    return bool(choices.search.strip()) or any(choices.chosen.get(f.param) != f.default for f in filters)


def _filter_bar(view: pd.DataFrame, filters: list, *, key: str, search: str | None, search_columns,
                id_column: str):
    """The search box and pick-lists of a record list, opened on what the URL asks for and written back
    to it; a pick-list with one choice or none is not drawn. Returns the choices and the labels of the
    filters moved to show a record just saved."""
    from kesos import listing

    def widget_key(param: str) -> str:
        return f"{key}_{param}"

    # A pick-list holding None shows its placeholder, not "Semua ...": the widgets hold EVERY for "all".
    def held(param: str):
        value = st.session_state.get(widget_key(param), listing.ALL)
        return listing.ALL if value == EVERY else value

    def hold(param: str, value) -> None:
        st.session_state[widget_key(param)] = EVERY if value is listing.ALL else value

    chosen: dict = {}
    offered: dict = {}
    for f in filters:  # in order: a kab/kota's options follow the province chosen before it
        offered[f.param] = f.options_for(view, chosen)
        k = widget_key(f.param)
        if k not in st.session_state or (held(f.param) is not listing.ALL and held(f.param) not in offered[f.param]):
            raw = st.query_params.get(f.param)
            hold(f.param, listing.ALL if raw == ALL_IN_URL and f.allow_all else f.parse(raw, offered[f.param]))
        if held(f.param) is listing.ALL and not f.allow_all and offered[f.param]:
            hold(f.param, next(iter(offered[f.param])))
        chosen[f.param] = held(f.param)
    if search and widget_key("cari") not in st.session_state:
        st.session_state[widget_key("cari")] = st.query_params.get("cari", "")

    moved: list[str] = []
    saved = st.session_state.pop(f"{key}__reveal", None)
    if saved is not None and id_column in view and (rows := view[view[id_column] == saved]).shape[0]:
        new, new_search, moved = listing.reveal(rows.iloc[0].to_dict(), filters, chosen,
                                                st.session_state.get(widget_key("cari"), ""), search_columns)
        for f in filters:
            chosen[f.param] = new[f.param]
            hold(f.param, new[f.param])
            offered[f.param] = f.options_for(view, chosen)
        if search:
            st.session_state[widget_key("cari")] = new_search

    drawn = [f for f in filters if len(offered[f.param]) > 1]
    if search or drawn:
        widths = ([3] if search else []) + [2] * len(drawn)
        columns = iter(st.columns(widths) if len(widths) > 1 else [st.container()])
        if search:
            next(columns).text_input(search, key=widget_key("cari"), placeholder="ketik sebagian kata")
        for f in drawn:
            options = offered[f.param]
            choices = ([EVERY] if f.allow_all else []) + list(options)
            picked = next(columns).selectbox(
                f.label, choices, key=widget_key(f.param),
                format_func=lambda code, options=options, f=f: f.all_label if code == EVERY else options[code])
            chosen[f.param] = listing.ALL if picked == EVERY else picked
    text = st.session_state.get(widget_key("cari"), "") if search else ""

    wanted = {f.param: (None if chosen[f.param] == f.default else
                        ALL_IN_URL if chosen[f.param] is listing.ALL else str(chosen[f.param])) for f in filters}
    if search:
        wanted["cari"] = text.strip() or None
    for param, value in wanted.items():  # only this list's parameters: the page's others stay
        if value is None:
            if param in st.query_params:
                del st.query_params[param]
        elif st.query_params.get(param) != value:
            st.query_params[param] = value
    return listing.Choices(search=text, chosen=chosen), moved


EVERY = "__semua__"  # what a pick-list holds for "Semua ..." (see `_filter_bar`)
ALL_IN_URL = "semua"  # "Semua" picked where the list opens narrowed (Tindak lanjut opens on the open ones)


def unpick_rows() -> None:
    """Start the record lists with nothing picked (after a record left the list: deleted, closed)."""
    st.session_state[_LIST_GENERATION] = st.session_state.get(_LIST_GENERATION, 0) + 1


def delete_popover(form_key: str, delete, *, explain: str, page: str, message: str, pinned: str) -> None:
    """Hapus behind a confirmation; `explain` says where the record goes (a soft delete, restorable)."""
    with st.popover("Hapus", icon=":material/delete:"):
        st.write(explain)
        if st.button("Ya, hapus", type="primary", key=f"{form_key}_delete"):
            def delete_and_unpick(s):
                result = delete(s)
                st.session_state[_LIST_GENERATION] = st.session_state.get(_LIST_GENERATION, 0) + 1
                return result

            save_then_rerun(form_key, delete_and_unpick, page=page, message=message, pinned=pinned)


def deleted_panel(actor: Actor, what: str, *, deleted, restore, key: str, page: str | None = None,
                  title: str = "Terhapus", select_key: str | None = None, hide_when_empty: bool = False,
                  list_key: str | None = None) -> None:
    """Terhapus: the deleted records, one of which the secretariat or an admin can restore.

    `deleted(session)` maps the deleted records' ids to their labels; `restore(session, id)` brings
    one back (the service checks the role again). `what` names the record in a sentence ("LKS",
    "sumber dana"). Widgets: `{key}_deleted` (or `select_key`) and `{key}_restore_button`; the
    restore's messages are kept under `{key}_restore`, and its confirmation is shown under Pulihkan
    (the record is back in the list `list_key`, whose filters move to show it). `page` is not used any
    more: the confirmation stays in this panel.
    """
    from kesos.security import RESTORER_ROLES

    if actor.role not in RESTORER_ROLES:
        return
    with session() as s:
        labels = deleted(s)
    form_key = f"{key}_restore"
    if hide_when_empty and not labels and f"{form_key}__flash" not in st.session_state:
        return
    name = what[:1].upper() + what[1:]
    with st.expander(title, icon=":material/restore_from_trash:",
                     expanded=f"{form_key}__flash" in st.session_state):
        if not labels:
            st.caption(f"Tidak ada {what} yang dihapus.")
            show_flash(form_key)
            return
        chosen = st.selectbox(f"{name} yang dihapus", list(labels), format_func=labels.get,
                              key=select_key or f"{key}_deleted")
        form_error(form_key)
        if st.button("Pulihkan", key=f"{form_key}_button"):
            label = labels[chosen]
            save_then_rerun(form_key, lambda s: restore(s, int(chosen)), page=form_key, list_key=list_key,
                            message=f"{name} dipulihkan: {label}.")
        show_flash(form_key)
