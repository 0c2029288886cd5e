"""Record lists: pick one row, download what the list shows, Hapus, Terhapus (restore) and Riwayat."""

import pandas as pd
import streamlit as st

from kesos import clock
from kesos.security import Actor
from kesos.web.core import current_actor, session
from kesos.web.forms import form_error, save_then_rerun, unpin_version
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


def record_list(view: pd.DataFrame, headers: dict[str, str], *, key: str, caption: str, export: str | None,
                pinned: str | None = None, height: int | str = "auto",
                column_config: dict | None = None) -> int | None:
    """A list to pick one record from: caption, table, and Excel/CSV of exactly what it shows.

    Returns the picked row's position in `view`, or None; with nothing picked the edit form's
    pinned version (`pinned`, see `pinned_version`) is let go, so the next record opens fresh.
    """
    st.caption(caption)
    if view.empty:  # an empty grid says "empty" in English on its canvas: say it in a sentence instead
        st.info("Tidak ada data untuk ditampilkan.", icon=":material/inbox:")
        if pinned:
            unpin_version(pinned)
        return None
    # After a delete the list starts with nothing picked: the browser keeps a table's selection by
    # row position, so the same key would open the deleted record's neighbour for editing.
    generation = st.session_state.get(_LIST_GENERATION, 0)
    event = st.dataframe(view[list(headers)], hide_index=True, placeholder="", column_config={**headers, **(column_config or {})},
                         on_select="rerun", selection_mode="single-row", height=height,
                         key=key if not generation else f"{key}__{generation}")
    if export:
        export_buttons(view, export, headers)
    # A selection can outlive its row (the list got shorter after a delete or a filter).
    selected = [i for i in event.selection.rows if i < len(view)]
    if not selected and pinned:
        unpin_version(pinned)
    return selected[0] if selected else None


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


def deleted_panel(actor: Actor, what: str, *, deleted, restore, key: str, page: str, title: str = "Terhapus",
                  select_key: str | None = None, hide_when_empty: bool = False) -> None:
    """Terhapus: the deleted records, one of which the secretariat or an admin can restore.

    `deleted(session)` maps the deleted records' ids to their labels; `restore(session, id)` brings
    one back (the service checks the role again). `what` names the record in a sentence ("LKS",
    "sumber dana"). Widgets: `{key}_deleted` (or `select_key`) and `{key}_restore_button`; the
    restore's messages are kept under `{key}_restore`.
    """
    from kesos.security import RESTORER_ROLES

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
