"""Streamlit's own widget texts in Indonesian, and widget limits that leave refusals to our services.

Streamlit (1.67) has no locale setting: its placeholders, the file uploader's texts, an empty table's
"empty", "Press Enter to apply" and the date picker's months and weekdays are English whatever the
browser's language (streamlit/streamlit#1353, #12699, #13500). Where a widget takes our text we give it
(`placeholder=`, our own captions); the rest is translated in the browser by one small script that sets
the document's language and rewrites those fixed texts as they appear. It matches whole texts from a
fixed list, never a user's data, so a label or a name that happens to read "May" stays as typed.

Range limits on number and date inputs are left out on purpose: the widget refuses an out-of-range value
with an English tooltip and keeps the old value, so Simpan then says nothing useful. Without them the
value reaches the service, which answers in Indonesian beside the field ("Jumlah tidak boleh kurang
dari 1."), and what was typed stays in the widget.
"""

import json
import re
from datetime import date

import streamlit as st

# The widest dates a date input accepts (Streamlit's default is ten years around its value); the services
# check the real limits (kesos.validate.a_date) and say why beside the field.
ANY_DATE = {"min_value": date(1900, 1, 1), "max_value": date(2100, 12, 31)}

MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]
_MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December"]
_DAYS_EN = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
DAYS = ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"]

# Whole texts of Streamlit's widgets -> Indonesian.
EXACT = {
    "Choose an option": "Pilih salah satu",
    "Choose options": "Pilih satu atau lebih",
    "No results": "Tidak ada hasil",
    "No options to select.": "Tidak ada pilihan.",
    "Select all": "Pilih semua",
    "Clear all": "Hapus semua",
    "Drag and drop file here": "Seret dan lepas berkas di sini",
    "Drag and drop files here": "Seret dan lepas berkas di sini",
    "Browse files": "Pilih berkas",
    "Upload": "Unggah",
    "file upload": "unggah berkas",
    "Choose date": "Pilih tanggal",
    "Choose date range": "Pilih rentang tanggal",
    "Clear date": "Kosongkan tanggal",
    "Clear dates": "Kosongkan tanggal",
    "Date range": "Rentang tanggal",
    "empty": "kosong",
    "Press Enter to apply": "Tekan Enter untuk menerapkan",
    "Press Enter to submit form": "Tekan Enter untuk mengirim formulir",
    "Press ⌘+Enter to apply": "Tekan ⌘+Enter untuk menerapkan",
    "Press Ctrl+Enter to apply": "Tekan Ctrl+Enter untuk menerapkan",
    "Show password text": "Tampilkan kata sandi",
    "Hide password text": "Sembunyikan kata sandi",
    **dict(zip(_MONTHS_EN, MONTHS)),
    **dict(zip(_DAYS_EN, DAYS)),
    **{day[:2]: ind[:2] for day, ind in zip(_DAYS_EN, DAYS)},  # the calendar's weekday heads: Su -> Mi
}
# Texts with a value inside: (regular expression, replacement) in JavaScript's syntax.
PATTERNS = [
    (r"^(?:Limit )?(\S+) per file(.*)$", "Batas $1 per berkas$2"),
    (r"^(" + "|".join(_MONTHS_EN) + r") (\d{4})$", None),  # a calendar's "December 2026": month translated
]

# Inside a date input and its calendar only: its field's segments, its buttons and the days' labels
# ("Today, Wednesday, December 2, 2026 selected"), word by word; English dates read as Indonesian ones.
DATE_WORDS = {
    "Use arrow keys to navigate dates. Enter to select. Escape to close.":
        "Gunakan tombol panah untuk berpindah tanggal. Enter untuk memilih. Escape untuk menutup.",
    "Previous month": "Bulan sebelumnya", "Next month": "Bulan berikutnya", "Choose date": "Pilih tanggal",
    "Clear date": "Kosongkan tanggal", "Today": "Hari ini", "selected": "dipilih", "month": "bulan",
    "year": "tahun", **{day[:2]: ind[:2] for day, ind in zip(_DAYS_EN, DAYS)}, "dd": "hh", "mm": "bb", "yyyy": "tttt", "DD": "HH", "MM": "BB", "YYYY": "TTTT",
    **dict(zip(_MONTHS_EN, MONTHS)), **dict(zip(_DAYS_EN, DAYS)),
}
DATE_SCOPE = '[data-testid^="stDateInput"]'
# JavaScript regular expressions (their syntax here is common to Python's and JavaScript's).
# No "<" in the script: Streamlit reads it as HTML first.
_DATE_WORD_RE = r"\b(" + "|".join(re.escape(w) for w in sorted(DATE_WORDS, key=len, reverse=True)) + r")(?!\w)"
_MONTH_FIRST_RE = "(" + "|".join(MONTHS) + r") (\d{1,2}), (\d{4})"

_SCRIPT = """
<script>
(() => {
  const doc = window.parent && window.parent.document ? window.parent.document : document;
  doc.documentElement.lang = "id";
  if (doc.defaultView.__kesosBahasa) return;
  doc.defaultView.__kesosBahasa = true;
  const exact = %(exact)s;
  const months = %(months)s;
  const patterns = %(patterns)s.map(([re, to]) => [new RegExp(re), to]);
  const dateWords = %(date_words)s;
  const dateWordRe = new RegExp(%(date_word_re)s, "g");
  const monthFirst = new RegExp(%(month_first_re)s, "g");
  const inDateInput = (el) => el && el.closest && el.closest(%(date_scope)s);
  const translateDate = (text) => {
    const to = text.replace(dateWordRe, (w) => dateWords[w]).replace(monthFirst, "$2 $1 $3");
    return to === text ? null : to;
  };
  const translateFor = (el, text) => (inDateInput(el) ? translateDate(text) : translate(text));
  const translate = (text) => {
    const trimmed = text.trim();
    if (!trimmed) return null;
    if (Object.prototype.hasOwnProperty.call(exact, trimmed)) return text.replace(trimmed, exact[trimmed]);
    for (const [re, to] of patterns) {
      const m = trimmed.match(re);
      if (!m) continue;
      if (to === null) return text.replace(trimmed, months[m[1]] + " " + m[2]);
      return text.replace(trimmed, trimmed.replace(re, to));
    }
    return null;
  };
  // Only Streamlit's own parts: never a markdown block or a caption (our texts, a user's data), a typed
  // value or code. Two of Streamlit's own texts sit where ours do: the uploader's button label is drawn as
  // markdown, and a date field's empty segments ("dd", "yyyy") are editable spans.
  const skip = (node) => {
    const el = node.parentElement;
    if (!el || el.closest('script, style, code, pre, textarea')) return true;
    if (el.closest('[data-testid="stFileUploaderDropzone"]')) return false;
    if (el.closest('[contenteditable]') && !inDateInput(el)) return true;
    return Boolean(el.closest('[data-testid="stMarkdownContainer"], [data-testid="stCaptionContainer"]'));
  };
  const fix = (root) => {
    const walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const found = [];
    while (walker.nextNode()) found.push(walker.currentNode);
    for (const node of found) {
      if (skip(node)) continue;
      const to = translateFor(node.parentElement, node.nodeValue);
      if (to !== null && to !== node.nodeValue) node.nodeValue = to;
    }
    const scope = root.querySelectorAll ? root : doc.body;
    for (const el of [scope, ...scope.querySelectorAll('input[placeholder], textarea[placeholder], [title], [aria-label]')]) {
      if (!el.getAttribute) continue;
      for (const attr of ['placeholder', 'title', 'aria-label']) {
        const value = el.getAttribute(attr);
        if (!value) continue;
        const to = translateFor(el, value);
        if (to !== null && to !== value) el.setAttribute(attr, to);
      }
    }
  };
  fix(doc.body);
  new MutationObserver((mutations) => {
    for (const m of mutations) {
      if (m.type === 'characterData') {
        if (!skip(m.target)) {
          const to = translateFor(m.target.parentElement, m.target.nodeValue);
          if (to !== null && to !== m.target.nodeValue) m.target.nodeValue = to;
        }
      } else if (m.type === 'attributes') {
        const value = m.target.getAttribute(m.attributeName);
        const to = value && translateFor(m.target, value);
        if (to && to !== value) m.target.setAttribute(m.attributeName, to);
      } else {
        for (const node of m.addedNodes) {
          if (node.nodeType === 1) fix(node);
          else if (node.nodeType === 3 && !skip(node)) {
            const to = translateFor(node.parentElement, node.nodeValue);
            if (to !== null && to !== node.nodeValue) node.nodeValue = to;
          }
        }
      }
    }
  }).observe(doc.body, {subtree: true, childList: true, characterData: true, attributes: true,
                        attributeFilter: ['placeholder', 'title', 'aria-label']});
})();
</script>
"""


def script() -> str:
    return _SCRIPT % {"exact": json.dumps(EXACT), "months": json.dumps(dict(zip(_MONTHS_EN, MONTHS))),
                      "patterns": json.dumps(PATTERNS), "date_words": json.dumps(DATE_WORDS),
                      "date_scope": json.dumps(DATE_SCOPE),
                      "date_word_re": json.dumps(_DATE_WORD_RE), "month_first_re": json.dumps(_MONTH_FIRST_RE)}


def builtin_texts_in_indonesian() -> None:
    """Draw once per rerun, before the page: the script translates what Streamlit draws from then on."""
    st.html(script(), unsafe_allow_javascript=True)
