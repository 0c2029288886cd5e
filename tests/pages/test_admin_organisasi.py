"""Organisasi & kop surat (admins) through AppTest: the chair and place saved, a bad logo refused beside the
uploader with what is stored kept, a good one stored; other roles cannot open the page."""

from sqlmodel import select

from kesos.models import Organisation
from tests.pages.apptest import texts
from tests.pages.datapage import beside, button, db, open_page, submit, widget
from tests.services.test_organisation import image_bytes

PAGE = "pages/admin/organisasi.py"


def _kalsel(path) -> Organisation:
    with db(path) as session:
        return session.exec(select(Organisation).where(Organisation.province_code == "63")).one()


def _open_kalsel(app_env):
    at = open_page(app_env, PAGE, "admin")
    assert not at.exception
    body = _kalsel(app_env)
    widget(at.selectbox, "Organisasi").set_value(body.id)  # the national admin picks one of the three
    return at.run(), body


def test_the_admin_saves_the_chair_and_the_place_of_signing(app_env):
    at, body = _open_kalsel(app_env)
    assert widget(at.text_input, "Nama ketua (penanda tangan)").value == "Hj. Rahmawati Syahrani"
    widget(at.text_input, "Nama ketua (penanda tangan)").input("Hj. Siti Rahmah")
    widget(at.text_input, "Tempat penandatanganan").input("Martapura")
    at = submit(at)
    assert not at.exception
    stored = _kalsel(app_env)
    assert (stored.chair_name, stored.signature_place, stored.version) == ("Hj. Siti Rahmah", "Martapura",
                                                                          body.version + 1)
    assert "Pengaturan LKKS tersimpan." in texts(at)


def test_an_empty_name_is_refused_beside_its_field_and_the_typed_values_stay(app_env):
    at, body = _open_kalsel(app_env)
    widget(at.text_input, "Nama organisasi").input("")
    widget(at.text_input, "Tempat penandatanganan").input("Martapura")
    at = submit(at)
    assert beside(at, f"organisasi_{body.id}_name") == "Nama organisasi wajib diisi."
    assert widget(at.text_input, "Tempat penandatanganan").value == "Martapura"
    assert _kalsel(app_env).signature_place == "Banjarmasin"


def test_a_bad_logo_is_refused_beside_the_uploader_and_a_good_one_is_stored(app_env):
    at, body = _open_kalsel(app_env)
    key = f"organisasi_logo_{body.id}"
    assert "Belum ada logo: kop surat dicetak tanpa logo." in texts(at)
    at.file_uploader[0].set_value(("logo.png", b"<script>alert(1)</script>", "image/png"))
    at.run()
    button(at, "Simpan logo").click()
    at.run()
    assert not at.exception
    assert beside(at, f"{key}_logo") == "Logo harus berupa gambar PNG atau JPEG."
    assert _kalsel(app_env).logo is None

    at.file_uploader[0].set_value(("logo.jpg", image_bytes((240, 240), format="JPEG"), "image/jpeg"))
    at.run()
    button(at, "Simpan logo").click()
    at.run()
    assert not at.exception and "Logo tersimpan." in texts(at)
    assert _kalsel(app_env).logo.startswith(b"\x89PNG")
    assert "Belum ada logo" not in texts(at)  # the stored logo is shown instead


def test_other_roles_cannot_open_the_page(app_env):
    for username in ("sekretariat", "operator", "pimpinan"):
        at = open_page(app_env, PAGE, username)
        assert "Anda tidak punya akses ke halaman ini." in texts(at) and not at.text_input
