"""Riwayat masks what the role may not see: a household recipient's name on Bantuan and an applicant's data on
Permohonan stay initials for leaders and other kab/kota, however the change is shown; addresses are masked
also when written without spaces."""

import pytest

from kesos import personal_data
from kesos.security import Actor
from kesos.services import aid, base
from tests.services.test_aid import OPERATOR, SEKRETARIAT, form, refs, session  # noqa: F401  (fixtures)

PIMPINAN = Actor("pim", "pimpinan")  # every province, reads everything
OTHER_OPERATOR = Actor("op2", "operator", province_code="63", kab_kota_code="63.72")


def _trail_text(db, actor, record_id) -> str:
    trail = base.history(db, "aid_distribution", record_id, actor)
    return repr(trail.to_dict("records"))


def test_the_riwayat_of_a_household_distribution_shows_leaders_initials_only(session, refs):  # noqa: F811
    record = aid.create_distribution(session=session, actor=OPERATOR, data=form(
        refs, recipient_kind="rumah_tangga", recipient_name="Ahmad Fauzi"))
    session.commit()
    aid.update_distribution(session=session, actor=OPERATOR, distribution_id=record.id,
                            data=form(refs, recipient_kind="rumah_tangga", recipient_name="Siti Aminah"),
                            expected_version=record.version)
    session.commit()
    for actor in (PIMPINAN, OTHER_OPERATOR, None):
        text = _trail_text(session, actor, record.id)
        assert "Ahmad" not in text and "Siti" not in text and "Aminah" not in text, actor
        assert "A. F." in text and "S. A." in text
    for actor in (OPERATOR, SEKRETARIAT):
        text = _trail_text(session, actor, record.id)
        assert "Ahmad Fauzi" in text and "Siti Aminah" in text


def test_the_riwayat_of_a_request_masks_name_nik_address_and_phone():
    before = {"kab_kota_code": "63.71", "applicant_name": "Budi Santoso", "nik": "6371010101900001",
              "address": "Jl.Merdeka,No.5,RT02/RW03", "phone": "081234567890", "status": "diterima"}
    after = before | {"status": "diproses", "address": "Gg. Mawar No. 7"}
    shown_before, shown_after = personal_data.present_audit(PIMPINAN, "aid_request", before, after)
    text = repr((shown_before, shown_after))
    for secret in ("Budi", "Santoso", "010101900", "Merdeka", "RT02", "Mawar", "34567"):
        assert secret not in text, secret
    assert shown_after["status"] == "diproses"
    assert personal_data.present_audit(Actor("sek", "sekretariat", "63"), "aid_request", before, after) == (before,
                                                                                                            after)


@pytest.mark.parametrize("address, shown", [
    ("Jl.Merdeka,No.5,RT02/RW03", "Jl. ***"),
    ("Jl. Merdeka No. 5 RT 02/RW 03", "Jl. ***"),
    ("JALAN MERDEKA", "JALAN ***"),
    ("Gg.Mawar/7", "Gg. ***"),
    ("RT02/RW03,Desa Sungai", "RT ***"),
    ("12 Jalan Merdeka", "***"),
])
def test_an_address_is_masked_to_its_leading_word_however_it_is_written(address, shown):
    assert personal_data.mask_address(address) == shown


def test_a_name_written_with_dots_or_commas_is_masked_to_initials():
    assert personal_data.mask_name("Siti.Aminah,Binti") == "S. A. B."
