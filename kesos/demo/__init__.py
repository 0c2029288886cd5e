"""The demo data set: the facts from the field (DOMAIN.md) plus deterministic synthetic records.

`load_demo` fills a new database at the first start in demo mode; `remove_demo` takes every demo
row out again in one step (`python -m kesos demo-remove`). Every row it inserts has is_demo=True.

- `facts.py`   the table "Facts from the field", exactly
- `bodies.py`  organisations, branches, board terms, activities
- `lks.py`     LKS and the people they serve each month
- `aid.py`     aid catalogue, funding sources, donations, requests, distributions
- `validation.py` a few validasi warnings for the tindak lanjut list, one closed
- `reporting.py` the monthly reporting cycle: approved, sent, returned and late months
- `pusat_data.py` PPKS and PSKS per kab/kota and year, 2021-2025
- `names.py`   word lists: made-up people, LKS, companies; streets
- `base.py`    the fixed seed and end date, row helpers, what the parts share
"""

from datetime import date

from sqlalchemy import Table, delete, exists
from sqlmodel import Session, SQLModel, select

from kesos import vocab
from kesos.config import DEMO_PASSWORD
from kesos.demo import aid, base, bodies, facts, lks, reporting, validation
from kesos.demo import pusat_data
from kesos.models import Activity, ActivityKabKota, KabKota, Province, User
from kesos.security import hash_password

# username, role, province, kab/kota, name, scope in the words of the login page
_USERS = [
    ("admin", "admin", None, None, "Andi Pratama", "semua provinsi"),
    ("sekretariat", "sekretariat", "63", None, "Noor Hasanah", "Provinsi Kalimantan Selatan"),
    ("operator", "operator", "63", "63.71", "Muhammad Rizky Ramadhan", "Kota Banjarmasin, Kalimantan Selatan"),
    ("pimpinan", "pimpinan", None, None, "Hj. Rahmi Handayani", "semua provinsi, hanya melihat"),
    ("sekretariat_kalbar", "sekretariat", "61", None, "Yuliana Marlina", "Provinsi Kalimantan Barat"),
    ("sekretariat_bali", "sekretariat", "51", None, "Ni Luh Putu Ayu Lestari", "Provinsi Bali"),
    ("operator_pontianak", "operator", "61", "61.71", "Syarif Hamdani", "Kota Pontianak, Kalimantan Barat"),
]
DEMO_USERS: list[tuple[str, str, str]] = [(username, role, scope) for username, role, _, _, _, scope in _USERS]


def login_hint() -> str:
    """How to log in to the demo, for the terminal and the login page."""
    lines = [f"Mode demo: masuk dengan salah satu akun berikut. Kata sandi semua akun: {DEMO_PASSWORD}"]
    lines += [f"- {username}: {vocab.ROLES[role]}, {scope}" for username, role, scope in DEMO_USERS]
    return "\n".join(lines)


def load_demo(session: Session) -> None:
    """Insert the demo data set; the regions must be loaded already. Prints nothing."""
    ctx = base.DemoContext(
        session=session,
        province_names=dict(session.exec(select(Province.code, Province.name)).all()),
        kab_kota={},
    )
    for code, province_code, name in session.exec(
        select(KabKota.code, KabKota.province_code, KabKota.name)
        .where(KabKota.province_code.in_(facts.ORGANISATIONS))
        .order_by(KabKota.code)
    ):
        ctx.kab_kota.setdefault(province_code, []).append((code, name))

    confirmations, formed_on = bodies.insert_bodies(ctx)
    aid.insert_aid_items(ctx)
    aid.insert_funding_sources(ctx)

    used_names: set[str] = set()
    rng = base.rng_for("lks")
    kalsel = facts.kalsel_lks_plan(base.rng_for("lks-kalsel"))
    kalbar = lks.growing_lks_plan(rng, before=110, first_year=2019, new_per_year=[8, 7, 9, 8, 6, 8, 7, 4], closures=5)
    bali = lks.growing_lks_plan(rng, before=80, first_year=2013,
                                new_per_year=[4, 5, 3, 4, 5, 4, 3, 2, 4, 5, 5, 4, 3, 2], closures=6)
    for province, plan in (("63", kalsel), ("61", kalbar), ("51", bali)):
        lks.insert_lks(ctx, province, plan, rng, used_names)
    lks.insert_beneficiary_counts(ctx)
    reporting.insert_reports(ctx)

    aid.insert_donations(ctx)
    facts.insert_bali_aid_2014(ctx)
    aid.insert_requests_and_distributions(ctx, skip_years={"51": {2014}})
    validation.insert_validation_warnings(ctx)
    bodies.insert_activities(ctx, confirmations, formed_on)
    pusat_data.insert_welfare_counts(ctx)
    pusat_data.insert_accreditation_dates(ctx)
    insert_demo_users(session)


def insert_demo_users(session: Session) -> None:
    """The demo accounts (one password for all); the generator adds them to a database that has no users."""
    password_hash = hash_password(DEMO_PASSWORD)  # bcrypt is slow on purpose: hash once for all
    moment = base.stamp(date(2019, 1, 2))
    base.insert_rows(session, User, [
        {"username": username, "name": name, "email": None, "password_hash": password_hash, "role": role,
         "province_code": province, "kab_kota_code": kab_kota, "is_active": True, "is_demo": True,
         "failed_logins": 0, "locked_until": None, "sessions_valid_after": None, "version": 1, "created_at": moment}
        for username, role, province, kab_kota, name, _scope in _USERS
    ])


def remove_demo(session: Session) -> int:
    """Delete every demo row, children before parents; return how many rows were removed.

    A demo row that a real (non-demo) row still points at is kept rather than failing: a demo LKS
    with real beneficiary counts, a demo funding source named on a real distribution, a demo branch
    with a real board term. The kab/kota present at a demo activity go with the activity. Regions
    and the audit log are never removed. Demo users go too, so create a real admin first.
    """
    demo_activities = select(Activity.id).where(Activity.is_demo)
    removed = session.exec(
        delete(ActivityKabKota.__table__).where(ActivityKabKota.__table__.c.activity_id.in_(demo_activities))
    ).rowcount
    for table in reversed(SQLModel.metadata.sorted_tables):
        if "is_demo" not in table.c:
            continue
        still_referenced = [exists().where(column == key) for key, column in _references_to(table)]
        stmt = delete(table).where(table.c.is_demo.is_(True), *[~clause for clause in still_referenced])
        removed += session.exec(stmt).rowcount
    return removed


def _references_to(table: Table):
    """(this table's column, the column of another table pointing at it) for every foreign key."""
    for other in SQLModel.metadata.tables.values():
        for foreign_key in other.foreign_keys:
            if foreign_key.column.table is table:
                yield foreign_key.column, foreign_key.parent
