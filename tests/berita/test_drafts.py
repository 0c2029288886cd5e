"""Dari Berita drafts: what the page proposes from an article, and that only the services write, in scope."""

from datetime import date

import pytest
from sqlmodel import Session, func, select

from kesos.berita import drafts, extract
from kesos.errors import PermissionDenied, ValidationError
from kesos.models import Activity, AidDistribution, AuditLog, Branch, Lks
from kesos.security import Actor
from kesos.services import activity as activity_service
from kesos.services import aid as aid_service

SEKRETARIAT = Actor("sekretariat", "sekretariat", province_code="63")
OPERATOR = Actor("operator", "operator", province_code="63", kab_kota_code="63.71")
SEKRETARIAT_BALI = Actor("sekretariat_bali", "sekretariat", province_code="51")

ARTICLE = """LKKS Kalsel Gelar Raker di Banjarbaru, Salurkan Kursi Roda

BANJARBARU, kalselprov.go.id - Lembaga Koordinasi Kesejahteraan Sosial (LKKS) Provinsi Kalimantan Selatan \
menggelar rapat kerja di Aula Gawi Sabumi, Kota Banjarbaru, Kamis (17/7).

Raker diikuti 64 orang peserta dari pengurus LKKS kabupaten/kota, Dinas Sosial dan Bappeda.

Pada kesempatan itu diserahkan kursi roda 3 unit dan 40 paket sembako bagi lansia, bersumber dari dana CSR \
perusahaan.

Saat ini tercatat 199 LKS di Kalsel, terdiri dari LKS anak 170, LKS lanjut usia 12, LKS disabilitas 10 dan \
LKS korban NAPZA 7.

LKKS sudah terbentuk di 11 kabupaten/kota, sedangkan Kabupaten Tanah Bumbu dan Kabupaten Kotabaru belum \
terbentuk.
"""
URL = "https://kalselprov.go.id/berita/raker-lkks-2025"


@pytest.fixture
def result():
    return extract(ARTICLE, published=date(2025, 7, 18), url=URL)


def _count(session: Session, model) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def test_the_draft_is_the_activity_form_with_the_article_words_for_each_field(result):
    draft = drafts.activity_draft(result, SEKRETARIAT)
    assert draft.values | {"source_text": None} == {
        "title": "LKKS Kalsel Gelar Raker di Banjarbaru, Salurkan Kursi Roda", "kind": "raker",
        "start_date": date(2025, 7, 17), "end_date": date(2025, 7, 17), "place": "Aula Gawi Sabumi",
        "participants_total": 64, "province_code": "63", "kab_kota_code": "63.72",
        "kab_kota_present": ["63.72"], "agencies": "Dinas Sosial dan Bappeda", "source_text": None,
        "source_url": URL,
    }
    assert draft.values["source_text"] == ARTICLE
    assert draft.evidence["start_date"] == ["Kamis (17/7)"]
    assert draft.evidence["participants_total"] == ["diikuti 64 orang"]
    assert draft.evidence["kab_kota_code"] == ["Kota Banjarbaru"]  # the venue's kab/kota before the dateline's
    for words in draft.evidence.values():
        assert all(w in ARTICLE for w in words)


def test_confirmed_draft_is_saved_by_the_service_with_its_article_and_url(demo_session, result):
    record = activity_service.create_activity(session=demo_session, actor=SEKRETARIAT,
                                              data=drafts.activity_draft(result, SEKRETARIAT).values)
    demo_session.commit()
    saved = demo_session.get(Activity, record.id)
    assert (saved.source_text, saved.source_url, saved.kab_kota_code) == (ARTICLE.strip(), URL, "63.72")
    assert activity_service.present_codes(demo_session, record.id) == ["63.72"]


def test_editing_the_activity_elsewhere_keeps_its_article(demo_session, result):
    data = drafts.activity_draft(result, SEKRETARIAT).values
    record = activity_service.create_activity(session=demo_session, actor=SEKRETARIAT, data=data)
    edited = {k: v for k, v in data.items() if k != "source_text"} | {"participants_total": 70}
    activity_service.update_activity(session=demo_session, actor=SEKRETARIAT, activity_id=record.id, data=edited,
                                     expected_version=record.version)
    assert demo_session.get(Activity, record.id).source_text == ARTICLE.strip()


def test_operator_is_told_and_refused_for_another_kab_kota(demo_session, result):
    values = drafts.activity_draft(result, OPERATOR).values
    assert "hanya dapat menyimpan kegiatan kab/kota Anda sendiri" in drafts.scope_problem(OPERATOR, values)
    before = _count(demo_session, Activity)
    with pytest.raises(PermissionDenied):  # a crafted call, whatever the page shows
        activity_service.create_activity(session=demo_session, actor=OPERATOR, data=values)
    demo_session.rollback()
    assert _count(demo_session, Activity) == before
    assert drafts.scope_problem(OPERATOR, values | {"kab_kota_code": "63.71"}) is None
    assert "di luar wilayah Anda" in drafts.scope_problem(SEKRETARIAT_BALI, values)


def test_an_overlong_article_is_refused_beside_its_field(demo_session, result):
    values = drafts.activity_draft(result, SEKRETARIAT).values | {"source_text": "kata " * 30_000}
    with pytest.raises(ValidationError) as refused:
        activity_service.create_activity(session=demo_session, actor=SEKRETARIAT, data=values)
    assert refused.value.errors == {"source_text": "Teks berita paling banyak 100.000 karakter."}


def test_lks_counts_are_shown_beside_the_register_and_never_written(demo_session, result):
    lks, audits = _count(demo_session, Lks), _count(demo_session, AuditLog)
    frame = drafts.lks_comparison(demo_session, SEKRETARIAT, result, 2025)
    assert list(frame["lks_type"]) == ["anak", "lansia", "disabilitas", "napza", "total"]
    assert list(frame["article"]) == [170, 12, 10, 7, 199]
    total = demo_session.exec(select(func.count()).select_from(Lks).where(
        Lks.kab_kota_code.startswith("63."), Lks.deleted_at.is_(None), Lks.registered_on <= date(2025, 12, 31),
        (Lks.closed_on.is_(None)) | (Lks.closed_on > date(2025, 12, 31)))).one()
    assert frame.iloc[-1]["register"] == total
    assert (_count(demo_session, Lks), _count(demo_session, AuditLog)) == (lks, audits)
    assert drafts.lks_comparison(demo_session, SEKRETARIAT_BALI, result, 2025)["register"].isna().all()


def test_aid_line_drafts_the_catalogue_item_and_leaves_recipient_source_and_value_to_the_person(
        demo_session, result):
    wheelchairs, sembako = result.aid
    draft = drafts.aid_draft(demo_session, result, wheelchairs, SEKRETARIAT)
    assert draft["quantity"] == 3 and draft["kab_kota_code"] == "63.72"
    assert draft["distributed_on"] == date(2025, 7, 17) and draft["note"] == f"Dari berita: {URL}"
    items = aid_service.item_options(demo_session).set_index("id")["name"]
    assert items[draft["aid_item_id"]] == "Kursi roda"
    assert items[drafts.aid_draft(demo_session, result, sembako, SEKRETARIAT)["aid_item_id"]] == "Paket sembako"
    with pytest.raises(ValidationError) as refused:
        aid_service.create_distribution(session=demo_session, actor=SEKRETARIAT, data=draft)
    assert {"recipient_kind", "funding_source_id", "value_rupiah"} <= set(refused.value.errors)
    demo_session.rollback()
    source = aid_service.funding_source_options(demo_session, "63").query("kind == 'csr'").iloc[0]
    record = aid_service.create_distribution(session=demo_session, actor=SEKRETARIAT, data=draft | {
        "recipient_kind": "kelompok", "recipient_group": "lansia", "funding_source_id": int(source["id"]),
        "value_rupiah": "4.500.000"})
    assert demo_session.get(AidDistribution, record.id).quantity == 3


def test_branch_fact_is_recorded_only_where_the_register_has_none(empty_engine, demo_session, result):
    facts = drafts.branch_facts(demo_session, SEKRETARIAT, result)
    assert list(zip(facts["kab_kota_code"], facts["state"])) == [("63.02", "belum"), ("63.10", "belum")]
    assert list(drafts.branch_facts(demo_session, OPERATOR, result)["state"]) == ["di_luar", "di_luar"]
    with pytest.raises(ValidationError, match="sudah terbentuk"):  # a formed branch is not overwritten
        drafts.record_branch_not_formed(session=demo_session, actor=SEKRETARIAT, kab_kota_code="63.71")
    with pytest.raises(PermissionDenied):
        drafts.record_branch_not_formed(session=demo_session, actor=OPERATOR, kab_kota_code="63.10")
    with Session(empty_engine) as fresh:  # no branch rows yet
        assert list(drafts.branch_facts(fresh, SEKRETARIAT, result)["state"]) == ["tidak_ada", "tidak_ada"]
        branch = drafts.record_branch_not_formed(session=fresh, actor=SEKRETARIAT, kab_kota_code="63.10")
        fresh.commit()
        assert (branch.kab_kota_code, branch.is_formed) == ("63.10", False)
        assert _count(fresh, Branch) == 1 and _count(fresh, AuditLog) == 1


def test_the_same_article_is_not_saved_twice_by_link_or_by_text(demo_session, result):
    values = drafts.activity_draft(result, SEKRETARIAT).values
    first = activity_service.create_activity(session=demo_session, actor=SEKRETARIAT, data=values)
    demo_session.commit()
    before = (_count(demo_session, Activity), _count(demo_session, AuditLog))

    with pytest.raises(ValidationError) as by_link:
        activity_service.create_activity(session=demo_session, actor=SEKRETARIAT,
                                         data=values | {"source_text": "Teks lain dari laman yang sama."})
    demo_session.rollback()
    assert by_link.value.errors == {"source_url": "Tautan ini sudah tercatat sebagai kegiatan “LKKS Kalsel Gelar Raker "
                                    "di Banjarbaru, Salurkan Kursi Roda” (17 Juli 2025); ubah di halaman Kegiatan bila "
                                    "perlu. Berita yang sama tidak disimpan dua kali."}
    with pytest.raises(ValidationError) as by_text:  # pasted again without its link, extra spaces around it
        activity_service.create_activity(session=demo_session, actor=SEKRETARIAT,
                                         data=values | {"source_url": "", "source_text": f"\n  {ARTICLE}  \n"})
    demo_session.rollback()
    assert list(by_text.value.errors) == ["_form"] and "Teks berita ini sudah tercatat" in by_text.value.errors["_form"]
    assert (_count(demo_session, Activity), _count(demo_session, AuditLog)) == before

    # Someone who may not see the first record is refused without being told its name.
    hidden = activity_service.same_source(demo_session, SEKRETARIAT_BALI, URL, None)
    assert hidden == {"source_url": "Tautan ini sudah tercatat sebagai kegiatan di wilayah lain. Berita yang sama "
                                    "tidak disimpan dua kali."}

    # Once the first record is deleted, the article may be saved again.
    activity_service.delete_activity(session=demo_session, actor=SEKRETARIAT, activity_id=first.id,
                                     expected_version=first.version)
    demo_session.commit()
    again = activity_service.create_activity(session=demo_session, actor=SEKRETARIAT, data=values)
    assert again.id != first.id
