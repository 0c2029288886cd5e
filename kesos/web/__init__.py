"""The one package that glues Kesos to Streamlit (caching, session state, widgets) for the pages.

Pages write `from kesos import web` and call `web.<name>`; the names live in modules by concern:
bahasa (Streamlit's own texts in Indonesian), core (engine, session, the signed-in actor, page access, cached reads),
device (a phone or a wide screen), filters (the URL's
filters and the filter bar), forms (writes and their messages, pinned versions), lists (record
lists, Hapus, Terhapus, Riwayat, downloads), panels (dashboard charts), participants (an activity's
daftar hadir) and text (escaping).
"""

from kesos.web.bahasa import ANY_DATE, builtin_texts_in_indonesian
from kesos.web.core import ACTOR_KEY, cached_list, current_actor, engine, query, require_page, session
from kesos.web.device import is_phone
from kesos.web.filters import filter_bar, filters_to_url, kab_kota_names, national_filters, url_filters, url_widget
from kesos.web.forms import (
    clear_errors,
    field,
    field_error,
    field_warning,
    flash,
    form_error,
    form_errors,
    form_warnings,
    new_record_key,
    pinned_version,
    reload_button,
    renew_record_key,
    run_write,
    save_then_rerun,
    show_flash,
    unpin_version,
    warnings_reason,
)
from kesos.web.lists import (deleted_panel, delete_popover, export_buttons, history_panel, made_on_click, record_list,
                             unpick_rows)
from kesos.listing import ListFilter
from kesos.web.panels import chart_only, chart_panel, dashboard_view
from kesos.web.participants import participants_panel
from kesos.web.text import as_text

__all__ = [
    "ANY_DATE", "builtin_texts_in_indonesian",
    "is_phone",
    "ACTOR_KEY", "cached_list", "current_actor", "engine", "query", "require_page", "session",
    "filter_bar", "filters_to_url", "kab_kota_names", "national_filters", "url_filters", "url_widget",
    "clear_errors", "field", "field_error", "flash", "form_error", "form_errors", "new_record_key", "pinned_version",
    "reload_button", "renew_record_key", "run_write", "save_then_rerun", "show_flash", "unpin_version",
    "field_warning", "form_warnings", "warnings_reason",
    "deleted_panel", "delete_popover", "export_buttons", "history_panel", "made_on_click", "record_list", "unpick_rows",
    "ListFilter", "chart_only", "chart_panel", "dashboard_view",
    "participants_panel",
    "as_text",
]
