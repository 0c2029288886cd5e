"""What users do, in a real browser: the secretariat enters data and sees the overview move, an
operator stays inside its kab/kota whatever the URL says, a leader writes nothing, several people
save at once, and the login holds against wrong passwords, forged and expired cookies.

The app server and its database are shared by the whole browser session (tests/e2e/conftest.py),
so each test uses its own names and reads the database for what a user cannot see.
"""

import re
import time

import jwt
import pytest
from playwright.sync_api import expect
from sqlmodel import Session, func, select

from kesos import clock, fmt, navigation
from kesos.db import make_engine
from kesos.models import AidDistribution, Lks
from kesos.security import Actor
from kesos.services import users_admin
from kesos.users import get_user
from tests.e2e.conftest import COOKIE_KEY
from tests.e2e.streamlit_page import (
    ARTIFACTS_DIR, grid_cell, log_in, open_app, sidebar_pages, signed_in, type_into_grid_cell, wait_idle,
)

HOSTILE_NAME = 'Panti <img src=x onerror="window.pwned=1"> **Tebal** ![x](http://127.0.0.1:9/x.png)'


def engine_of(app_server):
    return make_engine(f"sqlite:///{app_server.db_path}")


def metric_value(page, label: str):
    return page.get_by_test_id("stMetric").filter(has_text=label).get_by_test_id("stMetricValue")


def metric(page, label: str) -> str:
    return metric_value(page, label).inner_text().strip()


def as_number(text: str) -> int:
    return int(re.sub(r"\D", "", text) or 0)


def pick(scope, label: str, option: str) -> None:
    """Choose `option` in the selectbox labelled `label` (typing filters the list)."""
    box = scope.get_by_label(label, exact=True).last  # a form's, below a record list's filters of the same name
    box.click()
    box.fill(option)
    getattr(scope, "page", scope).get_by_role("option", name=option, exact=True).first.click()


def eventually(condition, seconds: float = 10) -> bool:
    """Poll a condition on the page: a rerun may start after wait_idle returns on a loaded machine."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return condition()


def go(page, app_server, key: str, query: str = "") -> None:
    open_app(page, app_server.url, f"/{key}{query}")


def shot(page, name: str) -> None:
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS_DIR / f"journey-{name}.png"), full_page=True)


def add_lks(page, name: str, kab_kota: str | None = None) -> None:
    form = page.get_by_test_id("stForm").first
    form.get_by_label("Nama LKS").fill(name)
    pick(form, "Jenis LKS", "LKS Anak (LKSA)")
    if kab_kota:
        pick(form, "Kabupaten/kota", kab_kota)
    form.get_by_role("button", name="Simpan").click()


def test_secretariat_adds_an_lks_and_an_aid_distribution_and_the_overview_moves(app_server, page):
    signed_in(page, app_server.url, "sekretariat", f"/?tahun={clock.today().year}")
    lks_before = as_number(metric(page, "LKS terdaftar"))

    go(page, app_server, "lks")
    add_lks(page, HOSTILE_NAME, "Kota Banjarmasin")
    wait_idle(page)
    # The name is shown as typed, as text: no image, no bold, no script ran.
    expect(page.get_by_text(f"LKS \u201c{HOSTILE_NAME}\u201d tersimpan.")).to_be_visible(timeout=20_000)
    assert page.locator('img[src="x"], img[src="http://127.0.0.1:9/x.png"]').count() == 0
    assert page.evaluate("() => window.pwned === undefined")
    shot(page, "sekretariat-lks-saved")

    go(page, app_server, "bantuan")
    pick(page, "Kabupaten/kota", "Kota Banjarmasin")
    wait_idle(page)
    pick(page, "Barang bantuan (satuan)", "Kursi roda (unit)")
    page.get_by_label("Jumlah", exact=True).fill("3")
    page.get_by_label("Nilai (Rp)").fill("Rp 7.654.321")
    pick(page, "Sumber dana", "PT Bank Intan Banua \u00b7 CSR perusahaan")
    wait_idle(page)
    pick(page, "Kelompok penerima", "Lanjut usia")
    wait_idle(page)
    page.get_by_role("button", name="Simpan").click()
    wait_idle(page)
    expect(page.get_by_text("Bantuan 3 unit kursi roda untuk Lanjut usia tersimpan.", exact=False)).to_be_visible(
        timeout=20_000)
    shot(page, "sekretariat-bantuan-saved")

    go(page, app_server, "", f"?tahun={clock.today().year}")
    assert as_number(metric(page, "LKS terdaftar")) == lks_before + 1
    with Session(engine_of(app_server)) as s:
        assert s.exec(select(func.count()).select_from(Lks).where(Lks.name == HOSTILE_NAME)).one() == 1
        assert s.exec(select(func.count()).select_from(AidDistribution).where(
            AidDistribution.value_rupiah == 7_654_321, AidDistribution.quantity == 3)).one() == 1


def test_operator_enters_its_beneficiaries_and_no_url_takes_it_outside_its_kab_kota(app_server, page):
    # A crafted link to Kota Pontianak (Kalimantan Barat): the filters fall back to the operator's own.
    open_app(page, app_server.url, "/?prov=61&kab=61.71")
    log_in(page, "operator")
    assert sidebar_pages(page) == [p.title for p in navigation.pages_for("operator")]
    expect(page.get_by_label("Provinsi", exact=True)).to_have_value("Kalimantan Selatan")
    expect(page.get_by_label("Kabupaten/kota", exact=True)).to_have_value("Kota Banjarmasin")
    assert page.get_by_text("Pontianak").count() == 0
    assert "kab=61.71" not in page.url

    with Session(engine_of(app_server)) as s:
        own = s.exec(select(func.count()).select_from(Lks).where(
            Lks.kab_kota_code == "63.71", Lks.deleted_at.is_(None))).one()
    go(page, app_server, "lks", "?kab=61.71&prov=61")
    expect(page.get_by_text(f"{own} LKS. Pilih satu baris")).to_be_visible()
    assert page.get_by_text("Pontianak").count() == 0

    go(page, app_server, "penerima-manfaat", "?kab=61.71")
    picker = page.get_by_label("Kabupaten/kota", exact=True)
    picker.click()
    expect(page.get_by_role("option")).to_have_text(["Kota Banjarmasin"])
    page.keyboard.press("Escape")
    # Type two numbers into the grid's first row (columns: LKS, Jenis, Perempuan, Laki-laki): the live
    # totals follow. (Saving the grid from the browser is not automated here: see the closing report.)
    women_before, men_before = as_number(metric(page, "Perempuan")), as_number(metric(page, "Laki-laki"))
    grid = page.get_by_test_id("stDataFrame").first
    women_cell, men_cell = (as_number(grid_cell(grid, row=0, column=c).inner_text()) for c in (2, 3))
    type_into_grid_cell(grid, row=0, column=2, x_share=0.70, value="870")
    expect(metric_value(page, "Perempuan")).to_have_text(fmt.number(women_before - women_cell + 870))
    type_into_grid_cell(grid, row=0, column=3, x_share=0.90, value="790")
    expect(metric_value(page, "Laki-laki")).to_have_text(fmt.number(men_before - men_cell + 790))
    shot(page, "operator-penerima-typed")
    assert as_number(metric(page, "Perempuan")) > women_before
    assert as_number(metric(page, "Laki-laki")) > men_before

    page.get_by_role("button", name="Keluar").click()
    expect(page.get_by_label("Kata sandi")).to_be_visible()
    go(page, app_server, "penerima-manfaat")
    expect(page.get_by_label("Kata sandi")).to_be_visible()
    assert sidebar_pages(page) == []


LEADER_READS = {"bantuan": "Penyaluran bantuan", "donatur": "Donatur & CSR"}


def test_leader_reads_everything_and_finds_nothing_to_write_with(app_server, page):
    signed_in(page, app_server.url, "pimpinan")
    titles = sidebar_pages(page)
    assert "Penerima manfaat" not in " ".join(titles)
    # The pages where writers have forms (Data), and Mode Rakor; the dashboards only draw charts.
    for key in [p.key for p in navigation.pages_for("pimpinan") if p.section == "Data" or p.key == "rakor"]:
        go(page, app_server, key)
        assert page.get_by_test_id("stForm").count() == 0, key
        assert page.get_by_role("button", name="Simpan").count() == 0, key
        for form_title in ("Tambah LKS", "Catat penyaluran", "Tambah sumber dana"):
            assert page.get_by_text(form_title).count() == 0, (key, form_title)
        if key in LEADER_READS:  # the lists are there, only the forms are not
            expect(page.get_by_role("heading", name=LEADER_READS[key])).to_be_visible()
        assert page.get_by_test_id("stException").count() == 0, key
        if key == "rakor":
            assert page.get_by_test_id("stTextInput").count() == 0
            shot(page, "pimpinan-mode-rakor")
    go(page, app_server, "penerima-manfaat")
    expect(page.get_by_text("Anda tidak punya akses ke halaman ini.")).to_be_visible()


def test_four_people_saving_at_the_same_moment_each_store_one_record(app_server, browser):
    pages = []
    for i in range(4):
        context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="id-ID")
        pages.append(context.new_page())
    try:
        for i, p in enumerate(pages):
            signed_in(p, app_server.url, "sekretariat" if i % 2 else "admin", "/lks")
            form = p.get_by_test_id("stForm").first
            form.get_by_label("Nama LKS").fill(f"Panti Serentak Peramban {i}")
            pick(form, "Jenis LKS", "LKS Anak (LKSA)")
            pick(form, "Kabupaten/kota", "Kota Banjarmasin")
        buttons = [p.get_by_test_id("stForm").first.get_by_role("button", name="Simpan") for p in pages]
        for button in buttons:  # four clicks within a few milliseconds: four scripts run at once
            button.click(no_wait_after=True)
        for i, p in enumerate(pages):
            expect(p.get_by_text(f"LKS \u201cPanti Serentak Peramban {i}\u201d tersimpan.")).to_be_visible(
                timeout=30_000)
            assert p.get_by_text("database is locked").count() == 0
    finally:
        for p in pages:
            p.context.close()
    with Session(engine_of(app_server)) as s:
        names = s.exec(select(Lks.name).where(Lks.name.like("Panti Serentak Peramban %"))).all()
    assert sorted(names) == [f"Panti Serentak Peramban {i}" for i in range(4)]


LOCK_USER, LOCK_PASSWORD = "uji_kunci", "sandi-uji-kunci-2024"


def test_repeated_wrong_passwords_lock_the_account_in_the_browser(app_server, page):
    with Session(engine_of(app_server)) as s:
        if get_user(s, LOCK_USER) is None:
            users_admin.create_user(session=s, actor=Actor("admin", "admin"), data={
                "username": LOCK_USER, "name": "Uji Kunci", "role": "pimpinan", "password": LOCK_PASSWORD})
            s.commit()
    open_app(page, app_server.url)
    for attempt in range(5):
        log_in(page, LOCK_USER, f"salah-{attempt}-sandinya")
        wait_until(lambda: failed_logins(app_server, LOCK_USER) == attempt + 1, f"attempt {attempt + 1} counted")
    log_in(page, LOCK_USER, LOCK_PASSWORD)  # the right password, too late
    expect(page.get_by_text("akun dikunci sementara")).to_be_visible()  # the same words for every refusal
    assert sidebar_pages(page) == []
    with Session(engine_of(app_server)) as s:
        user = get_user(s, LOCK_USER)
        assert user.locked_until is not None and user.failed_logins >= 5


def failed_logins(app_server, username: str) -> int:
    with Session(engine_of(app_server)) as s:
        return get_user(s, username).failed_logins


def wait_until(condition, what: str, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting: {what}"
        time.sleep(0.2)


def forged_cookie(page, app_server, username: str, key: str, expires: float) -> None:
    token = jwt.encode({"username": username, "exp_date": expires}, key, algorithm="HS256")
    page.context.add_cookies([{"name": "kesos_auth", "value": token, "url": app_server.url}])


@pytest.mark.parametrize("case", ["signed with another key", "expired"])
def test_a_forged_or_expired_cookie_does_not_log_anyone_in(app_server, page, case):
    key = "bukan-kunci-aplikasi-0123456789" if case == "signed with another key" else COOKIE_KEY
    expires = time.time() + (3600 if case == "signed with another key" else -60)
    forged_cookie(page, app_server, "admin", key, expires)
    open_app(page, app_server.url, "/lks")
    expect(page.get_by_label("Kata sandi")).to_be_visible()
    assert sidebar_pages(page) == []


def test_a_valid_cookie_does_log_in_so_the_refusals_above_mean_something(app_server, page):
    forged_cookie(page, app_server, "pimpinan", COOKIE_KEY, time.time() + 3600)
    open_app(page, app_server.url, "/lks")
    assert page.get_by_label("Kata sandi").count() == 0
    assert sidebar_pages(page) == [p.title for p in navigation.pages_for("pimpinan")]


def test_the_server_log_holds_no_cookie_key_password_or_hash(app_server, page):
    open_app(page, app_server.url)
    log_in(page, "sekretariat", "sandi-salah-rahasia-987")
    log_in(page, "sekretariat")
    log = app_server.log_path.read_text()
    assert "Mode demo" in log  # the log is the app's own output
    for secret in (COOKIE_KEY, "sandi-salah-rahasia-987", LOCK_PASSWORD, "$2b$", "$2a$"):
        assert secret not in log, secret
