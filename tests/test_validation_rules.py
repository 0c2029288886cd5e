"""Validasi rules on their edges: capacity, far from the LKS's own months (MAD), sudden 0, unusual value per unit.

The expected limits are computed here by hand or with pandas from the raw history, not with the
module's own helpers.
"""

import pandas as pd
import pytest

from kesos import validation_rules as rules


def mad_limit(history) -> tuple[float, float]:
    """The naive reading of the documented rule: median and 3.5 * 1.4826 * max(MAD, 10% of median, 1)."""
    series = pd.Series(history, dtype=float)
    centre = series.median()
    mad = (series - centre).abs().median()
    return centre, 3.5 * 1.4826 * max(mad, 0.1 * abs(centre), 1.0)


# --- Above capacity ------------------------------------------------------------------------------

def test_capacity_reached_exactly_is_fine_one_more_is_a_warning():
    assert rules.above_capacity(10, 20, 30) is None
    assert rules.above_capacity(11, 20, 30) == ("Jumlah penerima manfaat 31 orang melebihi kapasitas LKS "
                                                "(30 orang).")


def test_no_capacity_recorded_is_not_checked_and_capacity_zero_is():
    assert rules.above_capacity(500, 500, None) is None
    assert rules.above_capacity(0, 0, 0) is None
    assert "melebihi kapasitas" in rules.above_capacity(0, 1, 0)


def test_large_figures_are_written_the_indonesian_way():
    assert "1.200 orang melebihi kapasitas LKS (1.000 orang)" in rules.above_capacity(600, 600, 1000)


# --- Far from the LKS's own last 12 months ------------------------------------------------------

def test_fewer_than_six_reported_months_is_too_little_history():
    assert rules.far_from_history(500, [20] * 5) is None
    assert rules.far_from_history(500, [20] * 6) is not None


def test_steady_history_mad_zero_is_floored_at_a_tenth_of_the_median():
    history = [20] * 8  # MAD = 0: without a floor every change would be "far"
    centre, limit = mad_limit(history)
    assert (centre, round(limit, 3)) == (20, 10.378)
    assert rules.far_from_history(30, history) is None  # 10 off
    assert rules.far_from_history(10, history) is None
    message = rules.far_from_history(31, history)  # 11 off
    assert message == "Jumlah 31 orang jauh di atas biasanya: median 20 orang dalam 8 bulan terakhir yang dilaporkan."
    assert "jauh di bawah" in rules.far_from_history(9, history)


def test_small_counts_are_floored_at_one_person():
    history = [2, 2, 2, 2, 2, 2]  # 10% of the median is 0.2: the floor of 1 person applies
    _centre, limit = mad_limit(history)
    assert round(limit, 3) == 5.189
    assert rules.far_from_history(7, history) is None
    assert rules.far_from_history(8, history) is not None


def test_a_spread_history_uses_its_own_mad():
    history = [10, 20, 30, 40, 50, 60]
    centre, limit = mad_limit(history)  # median 35, MAD 15
    assert (centre, round(limit, 2)) == (35, 77.84)
    assert rules.far_from_history(112, history) is None
    assert rules.far_from_history(113, history) is not None


def test_one_odd_month_in_the_history_does_not_hide_the_next_one():
    history = [18, 19, 20, 20, 21, 22, 90]  # a typo stored earlier: the mean+2sd rule would accept 55
    mean, sd = pd.Series(history).mean(), pd.Series(history).std()
    assert 55 < mean + 2 * sd
    assert rules.far_from_history(55, history) is not None
    assert rules.far_from_history(25, history) is None


# --- A sudden drop to zero -----------------------------------------------------------------------

def test_zero_after_two_non_zero_months_is_a_sudden_drop():
    assert rules.drop_to_zero(0, [15, 14]) == (
        "Jumlah tiba-tiba 0, padahal bulan sebelumnya 14 orang. Bila LKS berhenti melayani, catat penutupannya di "
        "halaman LKS; bila laporannya belum masuk, kosongkan barisnya.")


@pytest.mark.parametrize("total, history", [
    (0, [15]),  # one month before is too little to call it sudden
    (0, []),
    (0, [15, 0]),  # already 0 last month
    (0, [0, 15]),  # just came back from 0
    (1, [15, 14]),  # low, but not 0
])
def test_not_a_sudden_drop(total, history):
    assert rules.drop_to_zero(total, history) is None


def test_a_drop_to_zero_is_said_once_not_also_as_far_below_usual():
    found = rules.beneficiary_findings(0, 0, 30, [20] * 8)
    assert [f.rule for f in found] == [rules.DROP_TO_ZERO]
    found = rules.beneficiary_findings(30, 11, 40, [20] * 8)
    assert [f.rule for f in found] == [rules.ABOVE_CAPACITY, rules.FAR_FROM_HISTORY]
    assert rules.beneficiary_findings(12, 8, 40, [20] * 8) == []


# --- Value per unit of an aid item ---------------------------------------------------------------

def test_unit_value_needs_five_distributions_of_the_item():
    assert rules.unusual_unit_value(5_000_000, 1, "paket", [100_000.0] * 4) is None
    assert rules.unusual_unit_value(5_000_000, 1, "paket", [100_000.0] * 5) is not None


def test_unit_value_far_from_the_median_per_unit():
    history = [100_000.0] * 5
    centre, limit = mad_limit(history)  # MAD 0, floored at 10 000
    assert round(centre + limit) == 151_891
    assert rules.unusual_unit_value(151_000 * 10, 10, "paket", history) is None
    assert rules.unusual_unit_value(152_000 * 10, 10, "paket", history) == (
        "Nilai per paket Rp 152.000 jauh dari biasanya: median Rp 100.000 per paket dari 5 penyaluran barang ini. "
        "Periksa nilai dan jumlahnya.")
    assert rules.unusual_unit_value(48_000 * 10, 10, "paket", history) is not None  # too cheap, too
    assert rules.unusual_unit_value(49_000 * 10, 10, "paket", history) is None


def test_a_distribution_not_valued_is_not_checked():
    assert rules.unusual_unit_value(0, 10, "paket", [100_000.0] * 9) is None


def test_an_extra_zero_typed_in_a_price_with_a_spread_history_is_caught():
    history = [170_000.0, 175_000.0, 168_000.0, 182_000.0, 175_000.0, 161_000.0, 175_000.0]
    assert rules.unusual_unit_value(1_750_000 * 20, 20, "paket", history) is not None
    assert rules.unusual_unit_value(180_000 * 20, 20, "paket", history) is None
