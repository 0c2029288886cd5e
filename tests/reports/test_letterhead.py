"""The laporan wilayah under the body's letterhead (kop surat: name, address, the logo an admin uploaded) and
closed by its signature block (place, the day in the province's zone, Ketua, the chair's name)."""

import pytest
from sqlmodel import select

from kesos import clock, fmt
from kesos.db import session_scope
from kesos.models import Organisation
from kesos.reports import ReportRequest, generate
from kesos.security import Actor
from kesos.services import organisation
from tests.reports.pdftext import images_per_page, pages
from tests.services.test_organisation import image_bytes

ADMIN_KALSEL = Actor("admin_kalsel", "admin", "63")
SEKRETARIAT = Actor("sekretariat", "sekretariat", "63")


def _days() -> set[str]:
    return {fmt.tanggal(clock.local_now("63").date())}


@pytest.fixture(scope="module")
def with_logo(module_demo_engine):
    """The Kalsel report made before and after an admin set the chair, the place and a logo."""
    days = _days()
    with session_scope(module_demo_engine) as session:
        before = generate(session, SEKRETARIAT, ReportRequest("63", None, 2023, 2023), "pdf").content
    with session_scope(module_demo_engine) as session:
        body = session.exec(select(Organisation).where(Organisation.province_code == "63")).one()
        body = organisation.update_organisation(
            session=session, actor=ADMIN_KALSEL, organisation_id=body.id, expected_version=body.version,
            data={field: getattr(body, field) for field in organisation.FIELDS}
            | {"chair_name": "Hj. Siti Rahmah", "signature_place": "Martapura"})
        organisation.set_logo(session=session, actor=ADMIN_KALSEL, organisation_id=body.id,
                              content=image_bytes((300, 300)), expected_version=body.version)
    with session_scope(module_demo_engine) as session:
        after = generate(session, SEKRETARIAT, ReportRequest("63", None, 2023, 2023), "pdf").content
    return before, after, days | _days()


def test_the_first_page_carries_the_kop_surat_name_and_address(with_logo):
    for content in with_logo[:2]:
        first = pages(content)[0]
        assert "LEMBAGA KOORDINASI KESEJAHTERAAN SOSIAL PROVINSI KALIMANTAN SELATAN" in first
        assert "(LKKS)" in first and "Jl. Letjen R. Suprapto No. 8, Banjarmasin" in first
        assert first.index("LEMBAGA KOORDINASI") < first.index("Laporan Wilayah")  # at the top


def test_the_uploaded_logo_is_printed_on_the_first_page(with_logo):
    before, after, _ = with_logo
    assert images_per_page(after).get(1, 0) == images_per_page(before).get(1, 0) + 1


def test_the_last_page_closes_with_the_signature_block(with_logo):
    before, after, days = with_logo
    last = pages(before)[-1]
    assert any(f"Banjarmasin, {day}" in last for day in days)  # the demo's place and chair
    assert "LKKS Provinsi Kalimantan Selatan Ketua Hj. Rahmawati Syahrani" in last
    last = pages(after)[-1]
    assert any(f"Martapura, {day}" in last for day in days)
    assert last.endswith("Ketua Hj. Siti Rahmah") or "Ketua Hj. Siti Rahmah" in last
