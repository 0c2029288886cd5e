"""Dari Berita through AppTest: paste, see each proposal beside its words, correct, confirm, saved."""

from datetime import date

from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from kesos import navigation
from kesos.db import make_engine
from kesos.models import Activity, ActivityKabKota, AidDistribution, FundingSource
from kesos.security import Actor
from tests.pages.apptest import ROOT, logged_in, texts
from tests.berita.test_drafts import ARTICLE, URL

PAGE = "pages/data/dari_berita.py"
TITLE = "LKKS Kalsel Gelar Raker di Banjarbaru, Salurkan Kursi Roda"
CONFIRM = "Konfirmasi dan simpan kegiatan"


def _read(username: str) -> AppTest:
    at = logged_in(username)
    at.switch_page(PAGE).run()
    at.text_area(key="berita_text").input(ARTICLE)
    at.text_input(key="berita_url").input(URL)
    at.date_input(key="berita_published").set_value(date(2025, 7, 18))
    _button(at, "Baca berita").click()
    return at.run()


def _button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def _widget(elements, label: str):
    return next(w for w in elements if w.label == label)


def _plain(at: AppTest) -> str:
    return texts(at).replace("\\", "")  # markdown escapes


def _saved(db_path) -> list[tuple[Activity, list[str]]]:
    """The activities saved from this article, each with the kab/kota present."""
    engine = make_engine(f"sqlite:///{db_path}")
    with Session(engine) as session:
        rows = [(row, list(session.exec(select(ActivityKabKota.kab_kota_code)
                                        .where(ActivityKabKota.activity_id == row.id))))
                for row in session.exec(select(Activity).where(Activity.source_url == URL))]
    engine.dispose()
    return rows


def test_pasted_article_is_proposed_with_its_words_and_saved_only_on_confirm(app_env):
    at = _read("sekretariat")
    assert not at.exception
    assert _widget(at.text_input, "Nama kegiatan").value == TITLE
    assert _widget(at.date_input, "Tanggal mulai").value == date(2025, 7, 17)
    assert _widget(at.number_input, "Jumlah peserta").value == 64
    assert _widget(at.selectbox, "Tuan rumah").value == "63.72"
    shown = _plain(at)
    for words in ("Dari berita: “Kamis (17/7)”", "Dari berita: “diikuti 64 orang”", "Dari berita: “Aula Gawi Sabumi”",
                  "Dari berita: “Raker”"):
        assert words in shown
    assert "Kabupaten Tanah Bumbu" in str(at.dataframe[-1].value)  # branch facts, to check
    assert _saved(app_env) == []  # reading proposes; nothing is written

    _button(at, CONFIRM).click()
    at.run()
    assert not at.exception
    [(saved, present)] = _saved(app_env)
    assert (saved.title, saved.kind, saved.start_date, saved.end_date) == (TITLE, "raker", date(2025, 7, 17),
                                                                          date(2025, 7, 17))
    assert (saved.place, saved.participants_total, saved.kab_kota_code) == ("Aula Gawi Sabumi", 64, "63.72")
    assert saved.source_text == ARTICLE.strip() and present == ["63.72"]
    assert f"Kegiatan “{TITLE}” tersimpan" in texts(at)
    assert not any(b.label == CONFIRM for b in at.button)  # one article, one save


def test_wrong_correction_is_explained_beside_the_field_and_what_was_typed_stays(app_env):
    at = _read("sekretariat")
    _widget(at.text_input, "Nama kegiatan").input("Raker LKKS Kalsel 2025")
    _widget(at.date_input, "Tanggal selesai (kosongkan bila satu hari)").set_value(date(2025, 7, 10))
    _button(at, CONFIRM).click()
    at.run()
    assert not at.exception
    assert ":red[Tanggal selesai tidak boleh sebelum tanggal mulai.]" in [m.value for m in at.markdown]
    assert not at.error  # one problem, one message: the one beside the field (issue 19)
    assert _widget(at.text_input, "Nama kegiatan").value == "Raker LKKS Kalsel 2025"
    assert _widget(at.date_input, "Tanggal selesai (kosongkan bila satu hari)").value == date(2025, 7, 10)
    assert _saved(app_env) == []


def test_operator_sees_why_it_may_save_only_its_own_kab_kota(app_env):
    at = _read("operator")
    assert not at.exception
    assert "Sebagai operator Kota Banjarmasin, Anda hanya dapat menyimpan kegiatan kab/kota Anda sendiri" in texts(at)
    assert _widget(at.selectbox, "Tuan rumah").options == ["Kota Banjarmasin"]


def test_leader_cannot_open_the_page(app_env):
    at = AppTest.from_file(str(ROOT / PAGE), default_timeout=60)
    at.session_state["kesos_actor"] = Actor("pimpinan", "pimpinan")
    at.run()
    assert [e.value for e in at.error] == ["Anda tidak punya akses ke halaman ini."]
    assert not at.text_area
    assert "dari-berita" not in [p.key for p in navigation.pages_for("pimpinan")]


def test_aid_line_is_saved_as_a_distribution_only_with_what_the_service_requires(app_env):
    at = _read("sekretariat")
    save = "Konfirmasi dan simpan penyaluran"
    _button(at, save).click()
    at.run()
    assert ":red[Sumber dana wajib dipilih.]" in [m.value for m in at.markdown]
    assert _distributions(app_env) == []
    _widget(at.selectbox, "Sumber dana").select(_csr_source_id(app_env))
    at.run()
    _widget(at.selectbox, "Kelompok penerima").select("lansia")
    _widget(at.text_input, "Nilai (Rp)").input("4.500.000")
    at.run()
    _button(at, save).click()
    at.run()
    assert not at.exception
    assert _distributions(app_env) == [(3, 4_500_000, "kelompok", "lansia", "63.72", date(2025, 7, 17),
                                        f"Dari berita: {URL}")]
    assert "Penyaluran tersimpan" in texts(at)


def _distributions(db_path) -> list[tuple]:
    engine = make_engine(f"sqlite:///{db_path}")
    with Session(engine) as session:
        rows = session.exec(select(AidDistribution.quantity, AidDistribution.value_rupiah,
                                   AidDistribution.recipient_kind, AidDistribution.recipient_group,
                                   AidDistribution.kab_kota_code, AidDistribution.distributed_on,
                                   AidDistribution.note).where(AidDistribution.note.like("Dari berita%"))).all()
    engine.dispose()
    return [tuple(r) for r in rows]


def _csr_source_id(db_path) -> int:
    engine = make_engine(f"sqlite:///{db_path}")
    with Session(engine) as session:
        source_id = session.exec(select(FundingSource.id).where(FundingSource.province_code == "63",
                                                                FundingSource.kind == "csr")).first()
    engine.dispose()
    return source_id


def test_an_article_pasted_again_is_flagged_and_not_saved_twice(app_env):
    at = _read("sekretariat")
    _button(at, CONFIRM).click()
    at.run()
    assert len(_saved(app_env)) == 1

    again = _read("sekretariat")  # someone pastes the same release later
    assert "sudah tercatat sebagai kegiatan “LKKS Kalsel Gelar Raker" in texts(again)
    _button(again, CONFIRM).click()
    again.run()
    assert not again.exception
    assert "Tautan ini sudah tercatat sebagai kegiatan" in _plain(again)  # beside the link field
    assert _widget(again.text_input, "Tautan sumber").value == URL  # what was there stays
    assert len(_saved(app_env)) == 1


GUESSED = (
    "Kursi Roda untuk Warga Kalsel\n\n"
    "Ketua LKKS Kalsel menyerahkan 10 unit kursi roda di Aula Dinas Sosial Provinsi Kalimantan Selatan, "
    "Kota Banjarbaru, Kamis (17/7).\n\nBaca juga: Bupati Tanah Bumbu Resmikan Jembatan\n"
)


def test_a_guessed_year_and_a_guessed_kind_are_shown_to_check_and_the_new_kind_saves(app_env):
    at = logged_in("sekretariat")
    at.switch_page(PAGE).run()
    at.text_area(key="berita_text").input(GUESSED)
    at.text_input(key="berita_url").input(URL)
    _button(at, "Baca berita").click()
    at.run()
    assert not at.exception
    warning = " ".join(w.value for w in at.warning).replace("\\", "")  # markdown escapes
    assert "Tahun ditebak" in warning and "Kamis (17/7)" in warning
    assert "Jenis ditebak dari kata “menyerahkan”" in warning
    assert _widget(at.selectbox, "Jenis kegiatan").value == "penyerahan_bantuan"
    start = _widget(at.date_input, "Tanggal mulai").value
    assert (start.month, start.day, start.weekday()) == (7, 17, 3)  # a Thursday 17 July
    _widget(at.text_input, "Nama kegiatan").input("Penyerahan kursi roda LKKS Kalsel")
    _button(at, CONFIRM).click()
    at.run()
    assert not at.exception
    [(saved, present)] = _saved(app_env)
    assert saved.kind == "penyerahan_bantuan" and present == ["63.72"]
