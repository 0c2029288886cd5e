"""Confirming a save (issue 19, item 4): the confirmation is drawn right under the button pressed and names what
was saved, and the saved record is in the list even when the list's filters would have hidden it."""

from datetime import date

from sqlmodel import select

from kesos import clock, fmt
from kesos.models import AidItem, FundingSource, Lks
from tests.pages.datapage import db, in_order, open_page, submit
from tests.pages.test_data_penerima_manfaat import _type
from tests.pages.test_record_lists import _open_with_url, count_line, table


def after_button(at, label: str) -> str | None:
    """The success message drawn right after the (last drawn) button with this label, or None."""
    elements = list(in_order(at.main))
    positions = [i for i, e in enumerate(elements) if e.type == "button" and getattr(e, "label", None) == label]
    assert positions, f"no button {label!r}"
    following = elements[positions[-1] + 1] if positions[-1] + 1 < len(elements) else None
    return str(following.value) if following is not None and following.type == "success" else None


def _successes(at) -> list[str]:
    return [s.value for s in at.success]


def test_an_aid_saved_for_an_earlier_year_is_confirmed_under_simpan_and_shown_though_the_list_showed_this_year(
        app_env):
    this_year = clock.today().year
    earlier = date(this_year - 3, 3, 15)
    with db(app_env) as session:
        item = session.exec(select(AidItem).where(AidItem.name == "Paket PMT")).one()
        source = session.exec(select(FundingSource).where(FundingSource.province_code == "63",
                                                          FundingSource.kind == "csr")).first()
        home = session.exec(select(Lks).where(Lks.kab_kota_code == "63.71", Lks.closed_on.is_(None),
                                              Lks.deleted_at.is_(None))).first()
    at = _open_with_url(app_env, "pages/data/bantuan.py", "sekretariat", tahun=str(this_year))
    assert at.selectbox(key="bantuan_table_tahun").value == this_year
    shown_before, total_before = count_line(at)
    at.selectbox(key="bantuan_add_0_kab_kota_code").set_value("63.71").run()
    at.date_input(key="bantuan_add_0_distributed_on").set_value(earlier)
    at.selectbox(key="bantuan_add_0_aid_item_id").set_value(item.id)
    at.number_input(key="bantuan_add_0_quantity").set_value(12)
    at.text_input(key="bantuan_add_0_value_rupiah").input("1.234.567")
    at.selectbox(key="bantuan_add_0_funding_source_id").set_value(source.id)
    at.radio(key="bantuan_add_0_recipient_kind").set_value("lks").run()
    at.selectbox(key="bantuan_add_0_recipient_lks_id").set_value(home.id)
    at = submit(at)
    assert not at.exception
    message = f"Bantuan 12 paket PMT untuk {home.name} tersimpan."
    assert (after_button(at, "Simpan") or "").startswith(message)  # under the button pressed, naming it
    # The list moved to the saved record's year and says so; the record stands on top.
    assert at.selectbox(key="bantuan_table_tahun").value == earlier.year
    assert at.query_params["tahun"] == str(earlier.year)
    assert "Filter Tahun diubah agar data yang baru disimpan terlihat di daftar." in [i.value for i in at.info]
    first = table(at).iloc[0]
    assert (first["nilai"], first["tanggal"], first["recipient"]) == ("Rp 1.234.567", fmt.tanggal(earlier), home.name)
    assert count_line(at)[1] == total_before + 1
    # Picking a row afterwards opens that row, not its neighbour: the order stays while the filters do.
    at = at.run()
    assert table(at).iloc[0]["nilai"] == "Rp 1.234.567"
    # The next line starts fresh: no second confirmation.
    assert after_button(at, "Simpan") is None


def test_an_activity_is_confirmed_by_name_under_its_simpan(app_env):
    at = open_page(app_env, "pages/data/kegiatan.py", "sekretariat")
    at.text_input(key="keg_add_0_title").input("Rakor LKKS konfirmasi")
    at.selectbox(key="keg_add_0_kind").set_value("rakor")
    at = submit(at)
    assert after_button(at, "Simpan") == "Kegiatan \u201cRakor LKKS konfirmasi\u201d tersimpan."
    assert table(at).iloc[0]["title"] == "Rakor LKKS konfirmasi"


def test_a_month_of_counts_is_confirmed_under_simpan_tabel_naming_month_and_kab_kota(app_env):
    at = open_page(app_env, "pages/data/penerima_manfaat.py", "operator")
    year, month = at.selectbox(key="pm_year").value, at.selectbox(key="pm_month").value
    at = _type(at, 0, 17)
    at = submit(at, "Simpan tabel")
    assert not at.exception
    said = after_button(at, "Simpan tabel") or ""
    assert said.startswith(f"Laporan {fmt.bulan(year, month)} Kota Banjarmasin tersimpan: "), _successes(at)
