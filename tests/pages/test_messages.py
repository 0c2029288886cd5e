"""Messages that say the right thing (issue 19): a number below its minimum says so (not "wajib diisi"),
one problem gives one message beside its field, and a message goes once its field is changed."""

import pandas as pd

from kesos import clock
from kesos.demo.base import DATA_END
from tests.pages.datapage import beside, open_page, plain, submit
from tests.pages.test_data_bantuan import _refs
from tests.pages.test_data_penerima_manfaat import PAGE as PENERIMA
from tests.pages.test_data_penerima_manfaat import _grid, _type

BANTUAN = "pages/data/bantuan.py"
KEY = "bantuan_add_0"


def _messages(at) -> list[str]:
    """Every message a person sees: errors, warnings and the red lines beside fields."""
    red = [str(m.value) for m in at.markdown if str(m.value).startswith(":red[")]
    return [str(e.value) for e in at.error] + [str(w.value) for w in at.warning] + red


def _bantuan_with_quantity(path, quantity):
    item, source = _refs(path)
    at = open_page(path, BANTUAN, "sekretariat")
    at.selectbox(key=f"{KEY}_kab_kota_code").set_value("63.71").run()
    at.selectbox(key=f"{KEY}_aid_item_id").set_value(item)
    at.number_input(key=f"{KEY}_quantity").set_value(quantity)
    at.text_input(key=f"{KEY}_value_rupiah").input("1.000.000")
    at.selectbox(key=f"{KEY}_funding_source_id").set_value(source)
    at.selectbox(key=f"{KEY}_recipient_group").set_value("lansia")
    return submit(at)


def test_a_negative_quantity_says_it_is_below_the_minimum_and_stays_typed(app_env):
    at = _bantuan_with_quantity(app_env, -3)
    assert not at.exception
    assert beside(at, f"{KEY}_quantity") == "Jumlah tidak boleh kurang dari 1."
    assert "wajib diisi" not in plain(at)
    assert at.number_input(key=f"{KEY}_quantity").value == -3  # what was typed stays
    assert len(_messages(at)) == 1, _messages(at)  # one problem, one message


def test_a_message_goes_once_its_field_is_changed(app_env):
    at = _bantuan_with_quantity(app_env, -3)
    assert beside(at, f"{KEY}_quantity") is not None
    at.number_input(key=f"{KEY}_quantity").set_value(12).run()  # typed, not saved yet
    assert beside(at, f"{KEY}_quantity") is None
    assert not _messages(at), _messages(at)


def test_two_problems_give_two_messages_beside_them_and_a_count_at_the_button(app_env):
    item, _ = _refs(app_env)
    at = open_page(app_env, BANTUAN, "sekretariat")
    at.selectbox(key=f"{KEY}_kab_kota_code").set_value("63.71").run()
    at.selectbox(key=f"{KEY}_aid_item_id").set_value(item)
    at.number_input(key=f"{KEY}_quantity").set_value(-3)
    at.text_input(key=f"{KEY}_value_rupiah").input("dua juta")
    at = submit(at)
    assert beside(at, f"{KEY}_quantity") == "Jumlah tidak boleh kurang dari 1."
    assert beside(at, f"{KEY}_value_rupiah").startswith("Nilai (Rp) harus berupa angka rupiah")
    assert any(str(e.value).startswith("Ada ") and "isian yang perlu diperbaiki" in str(e.value) for e in at.error)


def test_one_total_mismatch_gives_one_message_naming_it(app_env):
    at = open_page(app_env, PENERIMA, "sekretariat")
    at.selectbox(key="pm_kab").set_value("63.71").run()
    at.selectbox(key="pm_year").set_value(DATA_END.year).run()
    first = _grid(at)["grid"].iloc[0]
    table_total = int(at.metric[2].value.replace(".", ""))
    at = _type(at, 0, (0 if pd.isna(first["women"]) else int(first["women"])) + 5)
    at.number_input(key="pm_reported").set_value(table_total)
    at = submit(at, "Simpan tabel")
    about_total = [m for m in _messages(at) if "Jumlah di tabel" in m or "Jumlah tabel" in m]
    assert len(about_total) == 1, _messages(at)
    assert f"({table_total + 5:,})".replace(",", ".") in about_total[0]  # it names the two figures
    assert not [e for e in at.error if "Periksa kembali" in str(e.value)]
    assert clock.today()  # the page ran on the test's clock
