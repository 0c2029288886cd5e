"""Validasi in a real browser: an unusual aid value is warned beside it and saved with a reason, and the
secretariat finds it on the Tindak lanjut list."""

from playwright.sync_api import expect
from sqlmodel import Session, select

from kesos import clock, fmt
from kesos.db import make_engine
from kesos.models import AidDistribution, ValidationWarning
from tests.e2e.streamlit_page import ARTIFACTS_DIR, signed_in, wait_idle
from tests.e2e.test_data_entry_journeys import Interactions


def _open(page, app_server, username: str, path: str) -> None:
    """Signed in at `path`; the "Page not found" notice a cookie login may show first is closed (seen
    on this machine with the existing aid journey too)."""
    signed_in(page, app_server.url, username, path)
    notice = page.get_by_role("dialog").filter(has_text="Page not found")
    if notice.count():
        page.keyboard.press("Escape")
        expect(notice).to_have_count(0)


def test_operator_saves_an_unusual_value_with_a_reason_and_the_secretariat_sees_it_to_follow_up(app_server, page):
    _open(page, app_server, "operator", "/bantuan")
    page.get_by_role("heading", name="Catat penyaluran").wait_for()
    you = Interactions(page)
    you.pick("Barang bantuan (satuan)", "Kursi roda")
    you.type("Jumlah", "2")
    you.type("Nilai (Rp)", "48.000.000")  # Rp 24 juta a wheelchair: a typed zero too many
    you.pick("Sumber dana", "Bank Intan")
    you.pick("Kelompok penerima", "disabilitas")
    you.click("Simpan")
    expect(page.get_by_text("Nilai per unit Rp 24.000.000 jauh dari biasanya", exact=False)).to_be_visible()
    expect(page.get_by_label("Nilai (Rp)", exact=True)).to_have_value("48.000.000")  # kept as typed
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS_DIR / "validasi-bantuan-peringatan.png"), full_page=True)
    you.type("Alasan", "Kursi roda elektrik, sesuai kuitansi")
    you.click("Simpan")
    expect(page.get_by_text("Bantuan 2 unit kursi roda untuk", exact=False)).to_be_visible()
    engine = make_engine(f"sqlite:///{app_server.db_path}")
    with Session(engine) as session:
        saved = session.exec(select(AidDistribution).where(AidDistribution.value_rupiah == 48_000_000)).one()
        warning = session.exec(select(ValidationWarning).where(ValidationWarning.record_id == saved.id,
                                                               ValidationWarning.record_kind == "aid_distribution")).one()
    engine.dispose()
    assert (warning.status, warning.reason, warning.created_by) == ("open", "Kursi roda elektrik, sesuai kuitansi",
                                                                    "operator")

    _open(page, app_server, "sekretariat", "/tindak-lanjut")
    page.get_by_role("heading", name="Tindak lanjut").wait_for()
    wait_idle(page)
    grid = page.get_by_test_id("stDataFrame").first
    # Newest first: saved today, about a wheelchair (the reason column lies beyond the visible width).
    expect(grid).to_contain_text(f"{fmt.tanggal(clock.today())}Kota Banjarmasin")
    expect(grid).to_contain_text("Bantuan · Kursi rodaNilai per satuan tidak biasa")
    page.screenshot(path=str(ARTIFACTS_DIR / "validasi-tindak-lanjut.png"), full_page=True)
