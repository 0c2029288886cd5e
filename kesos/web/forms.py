"""Forms: run a write in one transaction, keep its messages beside the fields, and pin the
version a record had when its form opened, so a stale save is refused instead of lost."""

from contextlib import nullcontext

import streamlit as st

from kesos.web.core import session
from kesos.web.text import as_text


def _errors_key(form_key: str) -> str:
    return f"{form_key}__errors"


def _typed_key(form_key: str) -> str:
    return f"{form_key}__typed"


def run_write(form_key: str, write, success: str | None = None):
    """Run `write(session)` in one transaction; on failure keep the messages for `field_error`.

    Returns the write's result, or None when it was refused (nothing is stored then). The
    widgets keep what was typed, because the form is not cleared on submit.
    """
    from kesos.errors import ConflictError, KesosError, ValidationError, WarningsNeedReason

    try:
        with session() as s:
            result = write(s)
    except WarningsNeedReason as exc:  # not an error: shown beside the fields with a place for the reason
        st.session_state[_errors_key(form_key)] = {"_warnings": exc.warnings, "_warning_message": exc.message}
        return None
    except ValidationError as exc:
        kept = {}
        if "warnings_reason" in exc.errors:  # a bad reason: the warnings it answers stay in view
            kept = {k: v for k, v in form_errors(form_key).items() if k in ("_warnings", "_warning_message")}
        st.session_state[_errors_key(form_key)] = kept | exc.errors
        # What each refused field held (widget key `{form_key}_{field}`): its message goes once it is changed.
        st.session_state[_typed_key(form_key)] = {
            field: st.session_state[f"{form_key}_{field}"] for field in exc.errors
            if f"{form_key}_{field}" in st.session_state}
        return None
    except KesosError as exc:
        st.session_state[_errors_key(form_key)] = {"_form": exc.message} | (
            {"_conflict": True} if isinstance(exc, ConflictError) else {})
        return None
    st.session_state.pop(_errors_key(form_key), None)
    if success:
        st.toast(as_text(success), icon=":material/check_circle:")
    return result


def field(form_key: str, name: str, widget, *args, column=None, warnings: bool = False, **kwargs):
    """A form's widget for the field `name`, with its message right under it (both in `column` when
    given); with `warnings`, also the warnings a save may pass with a reason (see `warnings_reason`).
    The widget's key is `<form_key>_<name>`."""
    with column if column is not None else nullcontext():
        value = widget(*args, key=f"{form_key}_{name}", **kwargs)
        field_error(form_key, name)
        if warnings:
            field_warning(form_key, name)
    return value


def flash(form_key: str, message: str) -> None:
    """Keep a success message for the next rerun (a toast is lost when the page reruns at once);
    `show_flash` draws it where the page calls it: right under the button that saved."""
    st.session_state[f"{form_key}__flash"] = message


def save_then_rerun(form_key: str, write, *, page: str, message, pinned: str | None = None,
                    fresh: str | None = None, list_key: str | None = None, on_saved=None) -> None:
    """Run `write(session)`; once stored, let the open record's pinned version go (`pinned`), give
    the add form `fresh` a new, empty start (see `new_record_key`) and keep the confirmation for the
    page's `show_flash`; then rerun, so the page draws what is stored, or the messages beside the fields.

    `message` names what was saved ("Bantuan 12 paket PMT untuk Panti X tersimpan."): a string, or a
    function `message(session, result)`, called inside the transaction (where the record's fields can be
    read). With `list_key`, the record list of that key shows the saved record even if its filters
    would hide it (`record_list` moves them and says so); a new one (`fresh`) stands on its top.
    `on_saved(result)` runs after a save, before the rerun (a form that reuses the last line's values).
    """
    said: dict = {}

    def write_and_name(s):
        result = write(s)
        if result is not None:
            said["message"] = message(s, result) if callable(message) else message
            said["id"] = getattr(result, "id", None)
        return result

    result = run_write(form_key, write_and_name)
    if result is not None:
        if pinned:
            unpin_version(pinned)
        if fresh:
            renew_record_key(fresh)
        flash(page, said["message"])
        if list_key and said["id"] is not None:
            st.session_state[f"{list_key}__reveal"] = said["id"]
            if fresh:
                st.session_state[f"{list_key}__top"] = {"id": said["id"], "sig": None}
        if on_saved:
            on_saved(result)
    st.rerun()


def new_record_key(prefix: str) -> str:
    """The key of a page's add form; `renew_record_key` after a save makes the next form empty."""
    return f"{prefix}_add_{st.session_state.get(f'{prefix}_added', 0)}"


def renew_record_key(prefix: str) -> None:
    st.session_state[f"{prefix}_added"] = st.session_state.get(f"{prefix}_added", 0) + 1


def show_flash(form_key: str) -> None:
    """The confirmation of the last save (see `flash`): call it right under the page's Simpan, so the
    person reads it where they pressed, not at the top of a long page."""
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
    typed = st.session_state.get(_typed_key(form_key), {})
    widget = f"{form_key}_{field}"
    if field in typed and widget in st.session_state and not _same(st.session_state[widget], typed[field]):
        return  # changed since it was refused: the old message no longer says anything true
    if message:
        st.markdown(f":red[{as_text(message)}]")


def _same(a, b) -> bool:
    try:
        return bool(a == b)
    except Exception:  # e.g. comparing frames: treat as changed only when we can tell
        return True


def form_error(form_key: str) -> None:
    """A message about the whole form (permission, conflict, not found), above its buttons; with several
    fields refused, how many (each field's own message is beside it)."""
    errors = form_errors(form_key)
    fields = set(errors) - {"_warnings", "_warning_message", "_conflict"}
    if "_form" in errors:
        st.error(as_text(errors["_form"]))
    elif len(fields) > 1:  # one problem is one message, the one beside its field; several get a pointer
        st.error(f"Ada {len(fields)} isian yang perlu diperbaiki: lihat pesan merah di dekat masing-masing.")
    elif fields:
        return
    elif errors:
        st.warning(as_text(errors["_warning_message"]), icon=":material/warning:")


def form_warnings(form_key: str) -> dict[str, list[str]]:
    """The warnings of the last save attempt (field or `total:<row>` -> messages); saved only with a reason."""
    return form_errors(form_key).get("_warnings", {})


def field_warning(form_key: str, field: str) -> None:
    """The warnings about one field, drawn right under its widget (orange: it may be saved with a reason)."""
    for message in form_warnings(form_key).get(field, []):
        st.markdown(f":orange[{as_text(message)}]")


def warnings_reason(form_key: str) -> str | None:
    """The Alasan field, shown once a save met warnings: its text goes to the service as `warnings_reason`."""
    errors = form_errors(form_key)
    if "_warnings" not in errors and "warnings_reason" not in errors:
        return None
    reason = st.text_input("Alasan", key=f"{form_key}_warnings_reason", max_chars=1000,
                           placeholder="mengapa angka ini benar, misalnya: sesuai kuitansi / laporan LKS",
                           help="Angka yang tidak biasa boleh disimpan dengan alasan; sekretariat akan "
                                "menindaklanjutinya.")
    field_error(form_key, "warnings_reason")
    return reason
