"""The printed rakor deck: one 16:9 page per Mode Rakor slide after a title page, each with the slide's own
takeaway and chart, the body's name and the day it was printed in the province's zone; scoped like the screen."""

import pytest

from kesos import clock, dashboards, fmt, takeaways
from kesos.db import session_scope
from kesos.errors import PermissionDenied
from kesos.queries import Filters, scoped
from kesos.reports import ReportRequest
from kesos.reports.deck import deck_pdf
from kesos.security import Actor
from tests.reports.pdftext import images_per_page, page_sizes, pages

SEKRETARIAT_KALSEL = Actor("sekretariat", "sekretariat", "63")
OPERATOR_BANJARMASIN = Actor("operator", "operator", "63", "63.71")
KALSEL_BODY = "Lembaga Koordinasi Kesejahteraan Sosial Provinsi Kalimantan Selatan"


def _days(province_code: str) -> set[str]:
    return {fmt.tanggal(clock.local_now(province_code).date())}


@pytest.fixture(scope="module")
def kalsel_deck(module_demo_engine):
    days = _days("63")
    with session_scope(module_demo_engine) as session:
        name, content = deck_pdf(session, SEKRETARIAT_KALSEL, ReportRequest("63", None, 2023, 2025))
    return name, content, days | _days("63")  # the day may turn while the deck is drawn


def _screen_takeaways(engine, actor: Actor, filters: Filters, place: str) -> list[tuple[str, str]]:
    """(title, takeaway) of each slide as Mode Rakor shows them: the page's panels and View."""
    filters = scoped(actor, filters)
    view = dashboards.View(place, filters.year_from, filters.year_to)
    with session_scope(engine) as session:
        return [(panel.title(view), panel.takeaway(panel.query(session, filters), view))
                for panel in dashboards.rakor_slides(filters.kab_kota_code)]


def test_the_deck_has_a_title_page_and_one_16_by_9_landscape_page_per_slide(kalsel_deck):
    name, content, _ = kalsel_deck
    slides = dashboards.rakor_slides(None)
    sizes = page_sizes(content)
    assert len(sizes) == 1 + len(slides) == len(pages(content))
    for width, height in sizes:
        assert width > height and abs(width / height - 16 / 9) < 0.01
    assert name == "deck-rakor-provinsi-kalimantan-selatan-2023-2025.pdf"


def test_each_page_prints_its_slide_s_title_and_takeaway_as_on_screen(kalsel_deck, module_demo_engine):
    _, content, _ = kalsel_deck
    texts = pages(content)
    shown = _screen_takeaways(module_demo_engine, SEKRETARIAT_KALSEL, Filters(year_from=2023, year_to=2025), "Kalsel")
    for number, (title, takeaway) in enumerate(shown, start=1):
        page = texts[number]
        assert " ".join(title.split()) in page, (number, title)
        assert " ".join(takeaway.split()) in page, (number, takeaway)
        assert f"{number} / {len(shown)}" in page
    # The field's fact, written out independently of the takeaway code.
    assert "LKS di Kalsel naik dari 154 (2023) menjadi 199 (2025)" in texts[1]


def test_every_slide_with_figures_draws_its_chart(kalsel_deck):
    _, content, _ = kalsel_deck
    images = images_per_page(content)
    for page in range(2, 2 + len(dashboards.rakor_slides(None))):
        assert images.get(page, 0) >= 1, page  # the demo has figures for every slide


def test_every_page_names_the_body_the_period_and_the_day_printed_in_the_province_zone(kalsel_deck):
    _, content, days = kalsel_deck
    for number, page in enumerate(pages(content), start=1):
        assert KALSEL_BODY in page, number
        assert "Tahun 2023–2025" in page, number
        assert any(f"dicetak {day}" in page for day in days), number
        assert "WITA" in page, number  # Kalimantan Selatan keeps WITA, not the server's UTC


def test_the_title_page_carries_the_letterhead_and_the_signature_block(kalsel_deck):
    _, content, days = kalsel_deck
    title = pages(content)[0]
    assert KALSEL_BODY.upper() in title and "Jl. Letjen R. Suprapto No. 8, Banjarmasin" in title
    assert "Bahan Rapat Koordinasi" in title
    assert any(f"Banjarmasin, {day}" in title for day in days)
    assert "Ketua" in title and "Hj. Rahmawati Syahrani" in title  # the chair confirmed 8 Oktober 2025


def test_an_operator_s_deck_is_its_own_kab_kota_without_the_province_slides(module_demo_engine):
    with session_scope(module_demo_engine) as session:
        name, content = deck_pdf(session, OPERATOR_BANJARMASIN, ReportRequest("63", None, 2025, 2025))
    texts = pages(content)
    slides = dashboards.rakor_slides("63.71")
    assert len(slides) < len(dashboards.rakor_slides(None))
    assert len(texts) == 1 + len(slides)
    assert "Kota Banjarmasin · Tahun 2025" in texts[0]
    shown = _screen_takeaways(module_demo_engine, OPERATOR_BANJARMASIN, Filters(year_from=2025, year_to=2025),
                              takeaways.place_name("63", "Kalimantan Selatan", "Kota Banjarmasin"))
    for number, (_, takeaway) in enumerate(shown, start=1):
        assert " ".join(takeaway.split()) in texts[number]
    assert not any("Peta cabang" in page for page in texts)
    assert name.startswith("deck-rakor-kota-banjarmasin")


def test_a_deck_of_another_kab_kota_is_refused(module_demo_engine):
    with session_scope(module_demo_engine) as session, pytest.raises(PermissionDenied):
        deck_pdf(session, OPERATOR_BANJARMASIN, ReportRequest("63", "63.72", 2025, 2025))


def test_the_command_line_writes_the_deck(demo_db_path, monkeypatch, capsysbinary):
    from kesos import config
    from kesos.__main__ import main

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{demo_db_path}")
    monkeypatch.delenv("KESOS_DEMO", raising=False)
    config.settings.cache_clear()
    try:
        output = demo_db_path.parent / "deck.pdf"
        assert main(["deck", "--province", "63", "--kab-kota", "63.71", "--year", "2025", "--output", str(output)]) == 0
        assert "ditulis ke" in capsysbinary.readouterr().err.decode()
        texts = pages(output.read_bytes())
        assert len(texts) == 1 + len(dashboards.rakor_slides("63.71")) and "Kota Banjarmasin" in texts[0]
        assert main(["deck", "--province", "63", "--kab-kota", "61.71", "--year", "2025"]) == 2
        captured = capsysbinary.readouterr()
        assert captured.out == b"" and "bukan bagian dari provinsi" in captured.err.decode()
    finally:
        config.settings.cache_clear()
