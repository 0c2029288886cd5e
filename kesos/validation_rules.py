"""Validasi: checks beyond one field, as pure functions that return an Indonesian message or None.

They never refuse a value: the services turn a message into a warning that may be saved with a
reason (Alasan), and the saved warnings form the secretariat's follow-up list (tindak lanjut).

"Far from usual" is one robust rule for counts and prices alike: the value is compared with the
median of its history, on the scale of the median absolute deviation (MAD), which a few odd
months or a typo in the history do not move, unlike a mean and standard deviation. A value is
far when |value - median| > THRESHOLD * 1.4826 * MAD (1.4826 * MAD estimates the standard
deviation of normal data; 3.5 is Iglewicz and Hoaglin's cut-off for the modified z-score). A
steady history has MAD = 0, which would make any change "far": the scale is floored at
MAD_FLOOR_SHARE of the median and at one unit, so 20 every month flags 41, not 21.
"""

from dataclasses import dataclass
from statistics import median

from kesos import fmt

THRESHOLD = 3.5
MAD_TO_SIGMA = 1.4826
MAD_FLOOR_SHARE = 0.10
MIN_MONTHS = 6  # reported months among the 12 before, for "far from the LKS's own months"
WINDOW_MONTHS = 12
MIN_NONZERO_BEFORE = 2  # non-zero months right before a 0, for "a sudden drop to 0"
MIN_DISTRIBUTIONS = 5  # stored distributions of the item, for "far from the item's usual value"

ABOVE_CAPACITY = "above_capacity"
FAR_FROM_HISTORY = "far_from_history"
DROP_TO_ZERO = "drop_to_zero"
UNUSUAL_UNIT_VALUE = "unusual_unit_value"
RULES = {
    ABOVE_CAPACITY: "Melebihi kapasitas",
    FAR_FROM_HISTORY: "Jauh dari bulan-bulan sebelumnya",
    DROP_TO_ZERO: "Tiba-tiba nol",
    UNUSUAL_UNIT_VALUE: "Nilai per satuan tidak biasa",
}


@dataclass(frozen=True)
class Finding:
    """One check that fired: the rule, the field it is about, and the message a person reads."""

    rule: str
    field: str
    message: str


@dataclass(frozen=True)
class Spread:
    median: float
    limit: float  # how far from the median a value may be before it is "far"


def spread(history: list[float]) -> Spread:
    centre = median(history)
    mad = median(abs(x - centre) for x in history)
    scale = max(mad, MAD_FLOOR_SHARE * abs(centre), 1.0)
    return Spread(centre, THRESHOLD * MAD_TO_SIGMA * scale)


def is_far(value: float, history: list[float]) -> bool:
    found = spread(history)
    return abs(value - found.median) > found.limit


def above_capacity(women: int, men: int, capacity: int | None) -> str | None:
    """More people served than the LKS can hold (no capacity recorded: nothing to check)."""
    total = women + men
    if capacity is None or total <= capacity:
        return None
    return (f"Jumlah penerima manfaat {fmt.number(total)} orang melebihi kapasitas LKS "
            f"({fmt.number(capacity)} orang).")


def far_from_history(total: int, history: list[int]) -> str | None:
    """`history`: the LKS's reported totals in the 12 months before, oldest first."""
    if len(history) < MIN_MONTHS or not is_far(total, history):
        return None
    centre = spread(history).median
    direction = "jauh di atas" if total > centre else "jauh di bawah"
    return (f"Jumlah {fmt.number(total)} orang {direction} biasanya: median {fmt.number(round(centre))} orang "
            f"dalam {len(history)} bulan terakhir yang dilaporkan.")


def drop_to_zero(total: int, history: list[int]) -> str | None:
    """A 0 right after reported months that were all above 0 (`history` oldest first)."""
    recent = history[-MIN_NONZERO_BEFORE:]
    if total != 0 or len(recent) < MIN_NONZERO_BEFORE or min(recent) == 0:
        return None
    return (f"Jumlah tiba-tiba 0, padahal bulan sebelumnya {fmt.number(recent[-1])} orang. Bila LKS berhenti "
            "melayani, catat penutupannya di halaman LKS; bila laporannya belum masuk, kosongkan barisnya.")


def beneficiary_findings(women: int, men: int, capacity: int | None, history: list[int]) -> list[Finding]:
    """Every check on one LKS-month. A drop to 0 is said once, not also as "far below usual"."""
    total = women + men
    found = []
    if message := above_capacity(women, men, capacity):
        found.append(Finding(ABOVE_CAPACITY, "total", message))
    if message := drop_to_zero(total, history):
        found.append(Finding(DROP_TO_ZERO, "total", message))
    elif message := far_from_history(total, history):
        found.append(Finding(FAR_FROM_HISTORY, "total", message))
    return found


def unusual_unit_value(value_rupiah: int, quantity: int, unit: str, history: list[float]) -> str | None:
    """`history`: value per unit of the item's stored distributions. A value of 0 (not valued) is not checked."""
    if value_rupiah <= 0 or quantity <= 0 or len(history) < MIN_DISTRIBUTIONS:
        return None
    per_unit = value_rupiah / quantity
    if not is_far(per_unit, history):
        return None
    centre = spread(history).median
    return (f"Nilai per {unit} {fmt.rupiah(round(per_unit))} jauh dari biasanya: median {fmt.rupiah(round(centre))} "
            f"per {unit} dari {fmt.number(len(history))} penyaluran barang ini. Periksa nilai dan jumlahnya.")
