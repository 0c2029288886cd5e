"""The shared rupiah validator: the ways people write money in Indonesia, whole rupiah only."""

import pytest

from kesos.validate import FieldError, rupiah


@pytest.mark.parametrize("typed, expected", [
    (1250000, 1250000),
    (1250000.0, 1250000),
    ("1250000", 1250000),
    ("1.250.000", 1250000),
    ("Rp 1.250.000", 1250000),
    ("Rp1.250.000", 1250000),
    ("Rp 1.250.000,00", 1250000),
    ("rp. 500", 500),
    ("0", 0),
])
def test_rupiah_accepts_indonesian_writing(typed, expected):
    assert rupiah(typed, label="Nilai") == expected


@pytest.mark.parametrize("typed, message", [
    ("1.250.000,50", "Nilai harus dalam rupiah utuh, tanpa sen."),
    (12.5, "Nilai harus dalam rupiah utuh, tanpa sen."),
    ("12.34", "Nilai harus berupa angka rupiah, misalnya 1.250.000."),
    ("sejuta", "Nilai harus berupa angka rupiah, misalnya 1.250.000."),
    (-5, "Nilai tidak boleh kurang dari Rp 0."),
    ("", "Nilai wajib diisi."),
    (None, "Nilai wajib diisi."),
    (True, "Nilai harus berupa angka rupiah."),
])
def test_rupiah_refuses_with_an_indonesian_message(typed, message):
    with pytest.raises(FieldError) as caught:
        rupiah(typed, label="Nilai")
    assert str(caught.value) == message


def test_rupiah_optional_and_minimum():
    assert rupiah("  ", label="Nilai", required=False) is None
    with pytest.raises(FieldError, match="tidak boleh kurang dari Rp 1"):
        rupiah("0", label="Nilai", minimum=1)
