"""The body's settings (letterhead, chair, place of signing, logo): admins only, each of its own province; a logo
is refused unless it is a real PNG or JPEG of a sensible size; every change versioned and audited."""

import io
import json
import struct
import zlib

import pytest
from PIL import Image
from sqlmodel import Session, select

from kesos import logo
from kesos.errors import ConflictError, PermissionDenied, ValidationError
from kesos.models import AuditLog, Organisation
from kesos.security import Actor
from kesos.services import base, organisation

ADMIN = Actor("admin", "admin")  # a national admin: every province of the deployment
ADMIN_KALSEL = Actor("admin_kalsel", "admin", "63")
ADMIN_KALBAR = Actor("admin_kalbar", "admin", "61")
SEKRETARIAT = Actor("sekretariat", "sekretariat", "63")
OPERATOR = Actor("operator", "operator", "63", "63.71")
PIMPINAN = Actor("pimpinan", "pimpinan")


def image_bytes(size=(200, 120), format="PNG", mode="RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, (0, 84, 147) if mode == "RGB" else (0, 84, 147, 200)).save(out, format=format)
    return out.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_claiming(width: int, height: int) -> bytes:
    """A valid PNG header that claims any size, with a tiny body (a decompression bomb's shape)."""
    header = _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    return b"\x89PNG\r\n\x1a\n" + header + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + _png_chunk(b"IEND", b"")


@pytest.fixture
def session(demo_engine):
    with Session(demo_engine) as s:
        yield s


def _kalsel(s: Session) -> Organisation:
    return s.exec(select(Organisation).where(Organisation.province_code == "63")).one()


def _form(record: Organisation, **changes) -> dict:
    return {field: getattr(record, field) for field in organisation.FIELDS} | changes


def test_an_admin_of_the_province_changes_chair_and_place_and_the_change_is_audited(session):
    record = _kalsel(session)
    version = record.version
    organisation.update_organisation(session=session, actor=ADMIN_KALSEL, organisation_id=record.id,
                                     data=_form(record, chair_name="  Hj. Siti   Rahmah ", signature_place="Martapura"),
                                     expected_version=version)
    session.commit()
    stored = _kalsel(session)
    assert (stored.chair_name, stored.signature_place, stored.version) == ("Hj. Siti Rahmah", "Martapura", version + 1)
    row = session.exec(select(AuditLog).where(AuditLog.table_name == "organisation").order_by(AuditLog.id.desc())).first()
    assert row.username == "admin_kalsel" and row.action == "update"
    assert json.loads(row.after)["signature_place"] == "Martapura" and json.loads(row.before)["signature_place"] != "Martapura"


@pytest.mark.parametrize("actor", [ADMIN_KALBAR, SEKRETARIAT, OPERATOR, PIMPINAN], ids=lambda a: a.username)
def test_only_an_admin_of_that_province_may_change_its_body(session, actor):
    record = _kalsel(session)
    before = (record.name, record.chair_name, record.version)
    with pytest.raises(PermissionDenied):
        organisation.update_organisation(session=session, actor=actor, organisation_id=record.id,
                                         data=_form(record, name="Diambil alih"), expected_version=record.version)
    with pytest.raises(PermissionDenied):
        organisation.set_logo(session=session, actor=actor, organisation_id=record.id, content=image_bytes(),
                              expected_version=record.version)
    session.rollback()
    record = _kalsel(session)
    assert (record.name, record.chair_name, record.version) == before and record.logo is None
    assert organisation.editable(session, actor).empty or actor is ADMIN_KALBAR
    assert "63" not in set(organisation.editable(session, actor)["province_code"])


def test_a_national_admin_may_change_every_body_and_sees_them_all(session):
    assert set(organisation.editable(session, ADMIN)["province_code"]) == {"51", "61", "63"}
    assert list(organisation.editable(session, ADMIN_KALSEL)["province_code"]) == ["63"]
    record = _kalsel(session)
    organisation.update_organisation(session=session, actor=ADMIN, organisation_id=record.id,
                                     data=_form(record, address="Jl. Baru No. 1, Banjarmasin"),
                                     expected_version=record.version)
    assert _kalsel(session).address == "Jl. Baru No. 1, Banjarmasin"


def test_bad_settings_are_refused_beside_their_field(session):
    record = _kalsel(session)
    with pytest.raises(ValidationError) as refused:
        organisation.update_organisation(session=session, actor=ADMIN_KALSEL, organisation_id=record.id,
                                         data=_form(record, name="", acronym="XYZ", chair_name="x" * 151),
                                         expected_version=record.version)
    assert set(refused.value.errors) == {"name", "acronym", "chair_name"}
    assert "Nama organisasi" in refused.value.errors["name"]


def test_a_stale_save_is_refused(session):
    record = _kalsel(session)
    loaded = record.version
    organisation.update_organisation(session=session, actor=ADMIN_KALSEL, organisation_id=record.id,
                                     data=_form(record, chair_name="Pertama"), expected_version=loaded)
    with pytest.raises(ConflictError):
        organisation.update_organisation(session=session, actor=ADMIN_KALSEL, organisation_id=record.id,
                                         data=_form(record, chair_name="Kedua"), expected_version=loaded)
    with pytest.raises(ConflictError):
        organisation.set_logo(session=session, actor=ADMIN_KALSEL, organisation_id=record.id,
                              content=image_bytes(), expected_version=loaded)


@pytest.mark.parametrize("format,mode", [("PNG", "RGB"), ("PNG", "RGBA"), ("JPEG", "RGB")])
def test_a_png_or_jpeg_logo_is_stored_as_png_and_the_audit_keeps_its_hash_not_its_bytes(session, format, mode):
    record = _kalsel(session)
    organisation.set_logo(session=session, actor=ADMIN_KALSEL, organisation_id=record.id,
                          content=image_bytes(format=format, mode=mode), expected_version=record.version)
    session.commit()
    stored = _kalsel(session)
    assert stored.logo.startswith(b"\x89PNG") and stored.logo_mime == "image/png"
    assert Image.open(io.BytesIO(stored.logo)).size == (200, 120)
    row = session.exec(select(AuditLog).where(AuditLog.table_name == "organisation").order_by(AuditLog.id.desc())).first()
    after = json.loads(row.after)
    assert after["logo_sha256"] == stored.logo_sha256 and "logo" not in after
    assert len(row.after) < 2000
    history = base.history(session, "organisation", stored.id)
    assert "logo_sha256" in history.iloc[0]["changes"]
    organisation.remove_logo(session=session, actor=ADMIN_KALSEL, organisation_id=stored.id,
                             expected_version=stored.version)
    assert _kalsel(session).logo is None


BAD_LOGOS = {
    "too big": (b"\x89PNG\r\n\x1a\n" + b"\x00" * (logo.MAX_BYTES + 1), "terlalu besar"),
    "not an image": (b"%PDF-1.7 bukan gambar", "PNG atau JPEG"),
    "a script named .png": (b"<script>alert(1)</script>", "PNG atau JPEG"),
    "empty": (b"", "kosong"),
    "truncated PNG": (image_bytes()[:120], "rusak"),
    "PNG signature then garbage": (b"\x89PNG\r\n\x1a\n" + b"garbage" * 50, "rusak"),
    "huge claimed size": (png_claiming(40_000, 40_000), "piksel"),
    "too small": (image_bytes((8, 8)), "piksel"),
    "GIF": (image_bytes(format="GIF", mode="RGB"), "PNG atau JPEG"),
    "JPEG signature on a PNG body": (b"\xff\xd8\xff" + image_bytes()[3:], "rusak"),
}


@pytest.mark.parametrize("name", list(BAD_LOGOS))
def test_a_bad_logo_is_refused_with_an_indonesian_message_beside_the_uploader(session, name):
    content, words = BAD_LOGOS[name]
    record = _kalsel(session)
    with pytest.raises(ValidationError) as refused:
        organisation.set_logo(session=session, actor=ADMIN_KALSEL, organisation_id=record.id, content=content,
                              expected_version=record.version)
    assert list(refused.value.errors) == ["logo"] and words in refused.value.errors["logo"]
    session.rollback()
    assert _kalsel(session).logo is None
