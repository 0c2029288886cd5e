"""Pengingat: the WhatsApp number in 62… form, the ready message and its wa.me link; the late kab/kota listed."""

from datetime import date
from urllib.parse import parse_qs, urlparse

import pytest
from sqlmodel import Session

from kesos import reminders, validate as v
from kesos.queries import reporting
from kesos.security import Actor
from kesos.services import branch

SEKRETARIAT = Actor("sekretariat", "sekretariat", province_code="63")


@pytest.mark.parametrize("typed, stored", [
    ("0812 3456 7890", "6281234567890"), ("+62 812-3456-7890", "6281234567890"), ("62812345678", "62812345678"),
    ("(0812) 3456.789", "628123456789"), ("", None), (None, None),
])
def test_a_phone_is_stored_as_62_digits(typed, stored):
    assert reminders.whatsapp_number(typed) == stored


@pytest.mark.parametrize("typed", ["0511 335 1234", "12345", "0812-34", "62812345678901234", "0812abc4567"])
def test_a_landline_or_a_broken_number_is_refused_with_a_reason(typed):
    with pytest.raises(v.FieldError, match="Nomor WhatsApp tidak valid"):
        reminders.whatsapp_number(typed)


def test_the_message_names_the_period_what_is_missing_and_the_due_day():
    text = reminders.message(kab_kota="Kabupaten Kotabaru", year=2026, month=10, reported=0, expected=13,
                             due_on=date(2026, 11, 10), missing=["LKSA Nur Ilmi", "Panti Werdha Kasih"],
                             contact_name="Ibu Rahmah", today=date(2026, 12, 2))
    assert text.startswith("Yth. Ibu Rahmah,")
    assert "Kabupaten Kotabaru bulan Oktober 2026" in text and "baru 0 dari 13 LKS" in text
    assert "10 November 2026 sudah lewat" in text and "LKSA Nur Ilmi, Panti Werdha Kasih" in text


def test_the_link_opens_whatsapp_with_the_message_url_encoded():
    text = "Yth. Bapak/Ibu,\nlaporan & angka: 100%?"
    link = reminders.whatsapp_link("6281234567890", text)
    parsed = urlparse(link)
    assert (parsed.scheme, parsed.netloc, parsed.path) == ("https", "wa.me", "/6281234567890")
    assert " " not in link and "\n" not in link and "&angka" not in link
    assert parse_qs(parsed.query)["text"] == [text]


def test_late_kab_kota_are_listed_with_their_branch_contact(demo_engine):
    with Session(demo_engine) as session:
        record = branch.find_branch(session, "63.02")
        branch.save_branch(session=session, actor=SEKRETARIAT, kab_kota_code="63.02", expected_version=record.version,
                           data={"is_formed": record.is_formed, "name": record.name,
                                 "decree_number": record.decree_number, "decree_date": record.decree_date,
                                 "contact_name": "Ibu Rahmah", "contact_phone": "0813 5000 1234"})
        session.commit()
        late = reporting.reminders(session, SEKRETARIAT, "63", 2026, 10, today=date(2026, 12, 2))
    assert late["kab_kota_code"].tolist() == ["63.02", "63.10", "63.11"]
    kotabaru = late.iloc[0]
    assert (kotabaru["contact_name"], kotabaru["contact_phone"]) == ("Ibu Rahmah", "6281350001234")
    assert kotabaru["link"].startswith("https://wa.me/6281350001234?text=Yth.%20Ibu%20Rahmah")
    assert late.iloc[1]["link"].startswith("https://wa.me/?text=")  # no number yet: the sender picks the contact


def test_a_bad_contact_phone_is_refused_beside_its_field_and_nothing_is_stored(demo_engine):
    with Session(demo_engine) as session:
        record = branch.find_branch(session, "63.02")
        with pytest.raises(v.ValidationError) as refused:
            branch.save_branch(session=session, actor=SEKRETARIAT, kab_kota_code="63.02",
                               expected_version=record.version,
                               data={"is_formed": record.is_formed, "name": record.name,
                                     "decree_number": record.decree_number, "decree_date": record.decree_date,
                                     "contact_phone": "0511 335"})
        assert "contact_phone" in refused.value.errors
