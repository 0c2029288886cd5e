"""Settings from the environment and secrets, and the Indonesian formats shown everywhere."""

from datetime import date

import pytest

from kesos import fmt
from kesos.config import ConfigError, Settings, cookie_key, load_settings


def test_sqlite_is_the_default_and_runs_in_demo_mode(tmp_path):
    settings = load_settings(env={}, secrets_file=tmp_path / "none.toml")
    assert settings.database_url.startswith("sqlite:///") and settings.database_url.endswith("data/kesos.db")
    assert settings.demo_mode is True


def test_postgresql_url_turns_demo_mode_off_unless_asked(tmp_path):
    url = "postgresql+psycopg://kesos@127.0.0.1/kesos"
    assert load_settings(env={"DATABASE_URL": url}, secrets_file=tmp_path / "x").demo_mode is False
    assert load_settings(env={"DATABASE_URL": url, "KESOS_DEMO": "1"}, secrets_file=tmp_path / "x").demo_mode


def test_cookie_key_comes_from_secrets_file(tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[auth]\ncookie_key = "from-the-secrets-file-1234567890-XYZ"\n')
    settings = load_settings(env={"KESOS_DEMO": "0"}, secrets_file=secrets)
    assert cookie_key(settings) == "from-the-secrets-file-1234567890-XYZ"


def test_outside_demo_mode_the_app_refuses_to_start_without_a_cookie_key():
    settings = Settings(database_url="sqlite:///x.db", demo_mode=False, cookie_key=None)
    with pytest.raises(ConfigError, match="cookie key"):
        cookie_key(settings)


def test_a_short_cookie_key_is_refused():
    with pytest.raises(ConfigError):
        cookie_key(Settings(database_url="sqlite:///x.db", demo_mode=False, cookie_key="short"))


def test_rupiah_uses_dots_for_thousands_and_no_cents():
    assert fmt.rupiah(1_250_000) == "Rp 1.250.000"
    assert fmt.rupiah(0) == "Rp 0"
    assert fmt.rupiah(None) == "-"
    assert fmt.rupiah_short(1_350_000_000) == "Rp 1,4 miliar"
    assert fmt.rupiah_short(250_000_000) == "Rp 250 juta"


def test_dates_read_the_indonesian_way():
    assert fmt.tanggal(date(2023, 8, 10)) == "10 Agustus 2023"
    assert fmt.bulan(2014, 7) == "Juli 2014"
    assert fmt.tanggal_range(date(2023, 8, 9), date(2023, 8, 11)) == "9–11 Agustus 2023"
    assert fmt.tanggal_range(date(2023, 7, 30), date(2023, 8, 1)) == "30 Juli–1 Agustus 2023"
    assert fmt.number(1234567) == "1.234.567"


def test_numbers_past_28_digits_print_in_full():
    # An importer quotes what was typed ("sekarang 10.000..."); Babel's default precision crashed on it.
    assert fmt.number(10**28) == "10." + ".".join(["000"] * 9)
    assert fmt.number(-(10**40)).startswith("-10.000.000")
    assert fmt.rupiah(10**30) == "Rp 1." + ".".join(["000"] * 10)
    assert fmt.number(1_250_000) == "1.250.000"


def test_whole_numbers_print_as_babel_prints_them_without_its_cost():
    """fmt.number and fmt.rupiah group whole numbers themselves (Babel's `#,##0` for `id` costs tens of
    microseconds a call); each must print what Babel prints, numpy's integers and negatives included."""
    import decimal
    import random

    import numpy as np
    from babel.numbers import format_currency, format_decimal

    rng = random.Random(20)
    values = [0, 1, -1, 999, 1000, -1000, 10**12, -(10**15), 2**63 - 1]
    values += [rng.randint(-10**13, 10**13) for _ in range(300)] + [rng.randint(0, 10**4) for _ in range(100)]
    for value in values:
        with decimal.localcontext(prec=60):  # Babel's own precision is 28 digits
            babel_number = format_decimal(value, format="#,##0", locale="id")
            babel_rupiah = format_currency(value, "IDR", format="¤ #,##0", locale="id", currency_digits=False)
        for typed in (value, np.int64(value)):
            assert (fmt.number(typed), fmt.rupiah(typed)) == (babel_number, babel_rupiah), value
    assert fmt.number(2.5) == "2" and fmt.rupiah(3.5) == "Rp 4"  # floats still go through Babel
