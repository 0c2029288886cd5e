"""Every page of every role, in a real browser, shows Indonesian only: no English text from Streamlit's own
widgets (placeholders, the file uploader, an empty table, the date picker's months and weekdays) and no
"None"/"nan"/"NaT" in a cell. Each page is read as drawn, then with its first dropdown open and with its
first date picker open, because those texts appear only then. Screenshots at 1440x900 land in
test-artifacts/bahasa/ for a look."""

import json
import re

import pytest

from kesos import navigation
from tests.e2e.streamlit_page import ARTIFACTS_DIR, signed_in, wait_idle

# Streamlit's built-in English texts a person met on our pages (issue 19), as whole words or phrases.
ENGLISH = [
    "Choose an option", "Choose options", "Select all", "No results", "No options", "Drag and drop",
    "Browse files", "Upload", "Limit", "per file", "empty", "Press Enter", "Press ⌘+Enter", "Press Ctrl+Enter",
    "Number is", "allowed range", "Choose date", "Clear date", "yyyy", "YYYY", "Please", "Today", "Clear", "Show password", "Hide password",
    # April, September and November are spelled the same in Indonesian.
    "January", "February", "March", "May", "June", "July", "August", "October", "December", "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
    "Su", "Mo", "Tu", "We", "Th", "Fr", "Sa", "Previous month", "Next month",
]
MISSING = ["None", "nan", "NaN", "NaT", "<NA>"]
_WORDS = re.compile(r"(?<![\w<])(" + "|".join(re.escape(w) for w in ENGLISH + MISSING) + r")(?![\w>])")

ROLES = ["admin", "sekretariat", "operator", "pimpinan"]
_USER = {"admin": "admin", "sekretariat": "sekretariat", "operator": "operator", "pimpinan": "pimpinan"}


# A data grid draws its cells on a canvas, "None" for a missing value included: every text drawn on a
# canvas is kept for the test to read, from the page's first script on.
_RECORD_CANVAS_TEXT = """
window.__drawnTexts = [];
const fillText = CanvasRenderingContext2D.prototype.fillText;
CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
    window.__drawnTexts.push(String(text));
    return fillText.call(this, text, ...rest);
};
"""


def _visible_text(page) -> str:
    """What a person reads: the rendered text (hidden elements left out), the inputs' placeholders and
    values, and what the data grids drew on their canvas."""
    return page.evaluate("""() => {
        const parts = [document.body.innerText, ...(window.__drawnTexts || [])];
        for (const input of document.querySelectorAll('input, textarea')) {
            if (input.offsetParent === null) continue;
            parts.push(input.placeholder || '', input.type === 'password' ? '' : (input.value || ''));
        }
        for (const el of document.querySelectorAll('[title], [aria-label]')) {
            if (el.offsetParent === null) continue;
            parts.push(el.getAttribute('title') || '');
        }
        return parts.join('\\n');
    }""")


def _problems(text: str) -> list[str]:
    found = []
    for match in _WORDS.finditer(text):
        start, end = max(0, match.start() - 30), match.end() + 30
        found.append(f"{match.group(1)!r} in …{text[start:end]!r}…".replace("\\n", " / "))
    return found


def _open_first(page, selector: str) -> bool:
    widget = page.locator(f"{selector}:not([disabled])").first  # a read-only page's widgets stay shut
    if not widget.count() or not widget.is_visible():
        return False
    widget.scroll_into_view_if_needed()
    widget.click()
    page.wait_for_timeout(400)
    return True


def _read_page(page, label: str) -> list[str]:
    problems = [f"{label}: {p}" for p in _problems(_visible_text(page))]
    # A dropdown's options and placeholder, then a date picker's months and weekdays, appear only when open.
    for name, selector in (("dropdown", '[data-testid="stMain"] [data-baseweb="select"] input'),
                           ("date picker", '[data-testid="stMain"] [data-testid="stDateInputCalendarButton"]')):
        if _open_first(page, selector):
            popup = page.evaluate("""() => [...document.querySelectorAll(
                '[data-baseweb="popover"], [role="listbox"], [role="dialog"], [data-testid="stDateInputCalendar"]')]
                .map(e => e.innerText + '\\n' + [...e.querySelectorAll('[aria-label]')]
                .map(x => x.getAttribute('aria-label')).join('\\n')).join('\\n')""")
            problems += [f"{label} ({name} open): {p}" for p in _problems(popup)]
            page.keyboard.press("Escape")
            page.wait_for_timeout(200)
    return problems


def _go_to(page, base_url: str, username: str, spec) -> None:
    """Open a page as a person does, by its link in the sidebar: the same session, no new login (a page
    load per page took this walk ~5 minutes). Mode Rakor hides the sidebar; from there, by its URL."""
    page.evaluate("() => { window.__drawnTexts = []; }")
    link = page.locator(f'[data-testid="stSidebarNav"] a[href$="/{spec.key}"]')
    if spec is navigation.PAGES[0] or not link.count() or not link.first.is_visible():
        signed_in(page, base_url, username, "/" if spec is navigation.PAGES[0] else f"/{spec.key}")
    else:
        heading = "() => document.querySelector('[data-testid=stMain] h1')?.innerText ?? ''"
        before = page.evaluate(heading)
        link.first.click()
        page.wait_for_function(f"() => location.pathname.endsWith('/{spec.key}')", timeout=30_000)  # pushState
        # Until the new page has replaced the old one's title, the old page is what is on screen.
        page.wait_for_function(f"() => ({heading})() !== {json.dumps(before)}", timeout=30_000)
    wait_idle(page)


@pytest.mark.parametrize("role", ROLES)
def test_every_page_of_a_role_shows_indonesian_only(app_server, browser, role):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="en-US")
    context.add_init_script(_RECORD_CANVAS_TEXT)
    page = context.new_page()
    problems: list[str] = []
    folder = ARTIFACTS_DIR / "bahasa"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        for spec in navigation.pages_for(role):
            _go_to(page, app_server.url, _USER[role], spec)
            page.screenshot(path=str(folder / f"{role}-{spec.key}.png"), full_page=True)
            problems += _read_page(page, f"{role} {spec.key}")
    finally:
        context.close()
    assert not problems, "English or missing-value texts on screen:\n" + "\n".join(problems)


def test_the_login_page_shows_indonesian_only(app_server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
    page = context.new_page()
    try:
        page.goto(app_server.url)
        page.get_by_label("Kata sandi").wait_for(timeout=60_000)
        wait_idle(page)
        assert not _problems(_visible_text(page)), _problems(_visible_text(page))
    finally:
        context.close()
