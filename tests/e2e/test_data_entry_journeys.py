"""Data entry in a real browser: an aid distribution in a handful of interactions. (That a leader gets the
lists but no entry form on every data page is the leader journey in test_journeys.py.)"""

from playwright.sync_api import expect
from sqlmodel import Session, select

from kesos import clock
from kesos.db import make_engine
from kesos.models import AidDistribution
from tests.e2e.streamlit_page import ARTIFACTS_DIR, signed_in, wait_idle


class Interactions:
    """What a person does on the form: pick from a list, type into a field, click (each waits for the rerun)."""

    def __init__(self, page):
        self.page = page

    def pick(self, label: str, text: str) -> None:
        box = self.page.get_by_role("combobox", name=label, exact=True).last  # the form's, below the list's filters
        box.click()
        box.fill(text)
        self.page.keyboard.press("Enter")
        self._done()

    def type(self, label: str, text: str) -> None:
        field = self.page.get_by_label(label, exact=True).last
        field.fill(text)
        field.press("Enter")
        self._done()

    def click(self, name: str) -> None:
        self.page.get_by_role("button", name=name, exact=True).click()
        self._done()

    def _done(self) -> None:
        wait_idle(self.page)


def test_operator_records_an_aid_distribution_in_six_interactions(app_server, page):
    """The six steps below are all the operator does: kab/kota and date are never touched, so the
    saved record having the operator's kab/kota and today's date shows the form filled them in."""
    signed_in(page, app_server.url, "operator", "/bantuan")
    page.get_by_role("heading", name="Catat penyaluran").wait_for()
    you = Interactions(page)
    you.pick("Barang bantuan (satuan)", "Kursi roda")
    you.type("Jumlah", "3")
    you.type("Nilai (Rp)", "6.813.000")
    you.pick("Sumber dana", "Bank Intan")
    you.pick("Kelompok penerima", "disabilitas")
    you.click("Simpan")
    expect(page.get_by_text("Bantuan 3 unit kursi roda untuk Penyandang disabilitas tersimpan.", exact=False)
           ).to_be_visible()
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS_DIR / "bantuan-operator-saved.png"), full_page=True)
    engine = make_engine(f"sqlite:///{app_server.db_path}")
    with Session(engine) as session:
        saved = session.exec(select(AidDistribution).where(AidDistribution.value_rupiah == 6_813_000)).one()
    engine.dispose()
    assert (saved.kab_kota_code, saved.distributed_on) == ("63.71", clock.today())  # never touched: filled in
    assert (saved.quantity, saved.recipient_group, saved.funding_source_id is not None) == (3, "disabilitas", True)
