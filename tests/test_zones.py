"""Times in the province's zone (issue 19 item 8, DOMAIN.md "time zones"): WIB, WITA or WIT with the
zone's name, in reports and on screens, checked at a zone edge (23.30 UTC on 31 December)."""

import subprocess
from datetime import datetime, timedelta, timezone

import pytest
import time_machine

from kesos import clock, fmt
from kesos.db import session_scope
from kesos.reports import ReportRequest, collect, generate
from kesos.security import Actor

EDGE = datetime(2026, 12, 31, 23, 30, tzinfo=timezone.utc)  # already 1 January everywhere in Indonesia
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]
# From DOMAIN.md, province by province (BPS codes), written out rather than derived from ranges.
ZONES = {"11": "WIB", "12": "WIB", "31": "WIB", "32": "WIB", "35": "WIB", "36": "WIB", "61": "WIB", "62": "WIB",
         "51": "WITA", "52": "WITA", "53": "WITA", "63": "WITA", "64": "WITA", "65": "WITA", "71": "WITA",
         "73": "WITA", "76": "WITA", "81": "WIT", "82": "WIT", "91": "WIT", "92": "WIT", "94": "WIT", "96": "WIT"}
OFFSET = {"WIB": 7, "WITA": 8, "WIT": 9}


def _expected(moment: datetime, zone: str) -> str:
    local = moment.astimezone(timezone.utc).replace(tzinfo=None) + timedelta(hours=OFFSET[zone])
    return f"{local.day} {MONTHS[local.month - 1]} {local.year} {local.hour:02d}.{local.minute:02d} {zone}"


@pytest.mark.parametrize("province_code", sorted(ZONES))
def test_each_province_has_its_zone(province_code):
    assert clock.zone(province_code).tzname(None) == ZONES[province_code]
    assert clock.zone(f"{province_code}.01").tzname(None) == ZONES[province_code]  # a kab/kota code too


def test_a_national_view_reads_wib():
    assert clock.zone(None).tzname(None) == "WIB"


@pytest.mark.parametrize("province_code", ["61", "63", "94"])
@pytest.mark.parametrize("moment", [EDGE, datetime(2027, 2, 28, 16, 59, tzinfo=timezone.utc),
                                    datetime(2028, 2, 28, 16, 30, tzinfo=timezone.utc)])
def test_a_time_prints_in_the_provinces_zone_with_its_name(province_code, moment):
    assert fmt.waktu(moment, province_code) == _expected(moment, ZONES[province_code])
    assert fmt.waktu(moment.replace(tzinfo=None), province_code) == _expected(moment, ZONES[province_code])  # stored


def test_local_now_is_the_provinces_wall_clock():
    with time_machine.travel(EDGE, tick=False):
        assert clock.local_now("63").strftime("%Y-%m-%d %H:%M %Z") == "2027-01-01 07:30 WITA"
        assert clock.local_now("61").strftime("%Y-%m-%d %H:%M %Z") == "2027-01-01 06:30 WIB"
        assert clock.local_now("81").strftime("%Y-%m-%d %H:%M %Z") == "2027-01-01 08:30 WIT"


def test_a_report_made_at_23_30_utc_prints_its_provinces_time(demo_engine):
    with time_machine.travel(EDGE, tick=False), session_scope(demo_engine) as session:
        kalsel = collect(session, Actor("sekretariat", "sekretariat", "63"), ReportRequest("63", None, 2025, 2025))
        kalbar = collect(session, Actor("sekretariat_kalbar", "sekretariat", "61"),
                         ReportRequest("61", None, 2025, 2025))
        pdf = generate(session, Actor("sekretariat", "sekretariat", "63"), ReportRequest("63", None, 2025, 2025),
                       "pdf")
    assert kalsel.meta["source"].endswith("data per 1 Januari 2027 07.30 WITA")
    assert kalbar.meta["source"].endswith("data per 1 Januari 2027 06.30 WIB")
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf.content, capture_output=True,
                          check=True).stdout.decode("utf-8")
    flat = " ".join(text.split())
    assert "dibuat 1 Januari 2027 07.30 WITA" in flat and "data per 1 Januari 2027 07.30 WITA" in flat
