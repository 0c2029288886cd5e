"""Small helpers to drive a Streamlit page in Playwright: wait until the script is idle, log in."""

from pathlib import Path

from kesos.config import DEMO_PASSWORD

ARTIFACTS_DIR = Path(__file__).resolve().parents[2] / "test-artifacts"


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


def open_app(page, base_url: str, path: str = "/") -> None:
    page.goto(base_url + path)
    wait_idle(page)


def log_in(page, username: str, password: str = DEMO_PASSWORD) -> None:
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    wait_idle(page)


def sidebar_pages(page) -> list[str]:
    links = page.locator('[data-testid="stSidebarNav"] a')
    # A link's text is its material icon's name, then its title, on separate lines.
    return [text.strip().splitlines()[-1].strip() for text in links.all_inner_texts()]
