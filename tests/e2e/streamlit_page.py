"""Small helpers to drive a Streamlit page in Playwright: open a URL, log in, type into a data-editor grid.

Under load a rerun can start a second after the click that caused it, so the helpers wait for what a
person would see (the login form gone and the "Keluar" button there, the cell editor open, the new value
in the cell) rather than for the script to look idle, and `wait_idle` comes after such a wait, not instead.
"""

import time
from pathlib import Path

import jwt
from playwright.sync_api import expect

from kesos.config import DEMO_PASSWORD
from tests.e2e.conftest import COOKIE_KEY

ARTIFACTS_DIR = Path(__file__).resolve().parents[2] / "test-artifacts"
LOGOUT_BUTTON = "Keluar"
GRID_ROW_PX = 35  # st.data_editor rows and its header row are 35 px high

# A page drawn on a loaded 2-core machine (and the first page of a new server) may take a while.
expect.set_options(timeout=30_000)


def wait_idle(page, timeout_ms: int = 30000) -> None:
    """Wait until Streamlit has finished running the script (idle for three checks in a row)."""
    page.wait_for_timeout(250)
    stable, waited = 0, 0
    while waited < timeout_ms:
        state = page.evaluate(
            "() => document.querySelector('[data-testid=stApp]')?.getAttribute('data-test-script-state')"
        )
        stable = stable + 1 if state == "notRunning" else 0
        if stable >= 3:
            page.wait_for_timeout(200)
            return
        page.wait_for_timeout(150)
        waited += 150
    raise TimeoutError("the Streamlit script did not become idle")


def _logged_in_or_login_form(page):
    return page.get_by_label("Kata sandi").or_(page.get_by_role("button", name=LOGOUT_BUTTON)).first


def open_app(page, base_url: str, path: str = "/") -> None:
    """Open a URL and wait until the app has decided who is there: the login form or a logged-in page."""
    page.goto(base_url + path)
    # Attached, not visible: Mode Rakor hides the sidebar (and its logout button) with CSS.
    expect(_logged_in_or_login_form(page)).to_be_attached(timeout=60_000)  # a new server's first page is slow
    wait_idle(page)


def log_in(page, username: str, password: str = DEMO_PASSWORD, *, succeeds: bool | None = None) -> None:
    """Fill and send the login form, then wait for its outcome: the logged-in page (the sidebar with its
    page links and "Keluar") or, when the login is meant to fail, an error under the form. `succeeds`
    defaults to whether the password is the demo password."""
    if succeeds is None:
        succeeds = password == DEMO_PASSWORD
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    if succeeds:
        expect(page.get_by_role("button", name=LOGOUT_BUTTON)).to_be_attached()
        expect(page.get_by_label("Kata sandi")).to_have_count(0)
    else:
        expect(page.get_by_test_id("stAlertContentError")).to_be_visible()
    wait_idle(page)


def signed_in(page, base_url: str, username: str, path: str = "/") -> None:
    """Open `path` as `username` without the login form: the browser gets the re-login cookie the app
    writes after a password login (same claims, same key, valid one day), as after a refresh. For journeys
    that are not about logging in; the form is driven in test_login_journeys.py and test_journeys.py, where
    a cookie signed with another key or expired is refused, and one like this is accepted."""
    token = jwt.encode({"username": username, "exp_date": time.time() + 86400}, COOKIE_KEY, algorithm="HS256")
    page.context.add_cookies([{"name": "kesos_auth", "value": token, "url": base_url}])
    open_app(page, base_url, path)
    expect(page.get_by_role("button", name=LOGOUT_BUTTON)).to_be_attached()


def sidebar_pages(page) -> list[str]:
    links = page.locator('[data-testid="stSidebarNav"] a')
    # A link's text is its material icon's name, then its title, on separate lines.
    return [text.strip().splitlines()[-1].strip() for text in links.all_inner_texts()]


def grid_cell(grid, row: int, column: int):
    """The accessible copy of a data-editor cell (the grid draws on a canvas; this table holds the text)."""
    return grid.get_by_test_id(f"glide-cell-{column}-{row}")


def type_into_grid_cell(grid, row: int, column: int, x_share: float, value: str) -> None:
    """Type `value` into a cell of a st.data_editor grid as a person does: a double click opens the cell's
    editor, type, Enter. `x_share` is where the column lies across the grid's width (the canvas has no
    elements to click). Waits for the editor to open and for the cell to hold the value."""
    page = grid.page
    expect(grid.locator("canvas").first).to_be_visible()
    editor = page.get_by_test_id("portal").locator(".gdg-clip-region input, .gdg-clip-region textarea")
    for _attempt in range(4):
        # A double click that lands while the grid is still being drawn or moved by a rerun opens nothing;
        # another is safe (nothing is typed before the editor is open), and the editor must open in the end.
        box = grid.bounding_box()
        grid.dblclick(position={"x": box["width"] * x_share, "y": GRID_ROW_PX * (row + 1) + GRID_ROW_PX / 2})
        try:
            expect(editor).to_be_visible(timeout=5_000)
            break
        except AssertionError:
            page.keyboard.press("Escape")
    editor.fill(value)
    editor.press("Enter")
    expect(editor).to_have_count(0)
    expect(grid_cell(grid, row, column)).to_have_text(value)
