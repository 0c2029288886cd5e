"""SQLModel tables: every record the coordination body keeps, with its constraints in the database."""

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Column, Index, LargeBinary, Text, UniqueConstraint, and_, or_
from sqlmodel import Field, SQLModel

from kesos import clock, vocab

# Stable constraint names, so Alembic migrations are the same on SQLite and PostgreSQL.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return clock.now()


def _in(column: str, values) -> str:
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"


# --- Numeric limits ------------------------------------------------------------------------------
# Every number a person types has a largest value, kept on its column (`maximum`): the validators
# of forms and imports read it from there. Money is whole rupiah up to Rp 1 triliun, beyond any one
# distribution or donation and beyond PostgreSQL's INTEGER (2.147.483.647), hence BIGINT.

RUPIAH_MAX = 10**12
PEOPLE_MAX = 100_000  # people in one LKS, one month's count of an LKS, or one activity
QUANTITY_MAX = 1_000_000  # units of an aid item in one distribution or donation


def _limited(maximum: int, *, default=None, big: bool = False):
    """A numeric field whose column knows its largest allowed value (BIGINT for money)."""
    extra = {"sa_type": BigInteger} if big else {}
    return Field(default=default, sa_column_kwargs={"info": {"maximum": maximum}}, **extra)


def maximum(model: type[SQLModel], field: str) -> int:
    """The largest value a person may enter in this column (see `_limited`)."""
    return model.__table__.c[field].info["maximum"]


def limited_columns() -> list[tuple[type[SQLModel], str]]:
    """Every (model, field) that carries a maximum: what the limit tests walk through."""
    return [(mapper.class_, column.name) for mapper in SQLModel._sa_registry.mappers
            for column in mapper.local_table.columns if "maximum" in column.info]


class Record(SQLModel):
    """Columns every user-entered record carries: demo flag, optimistic-lock version, soft delete."""

    is_demo: bool = Field(default=False, index=True)
    version: int = Field(default=1)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    deleted_at: datetime | None = Field(default=None)


# --- Regions -------------------------------------------------------------------------------------


class Province(SQLModel, table=True):
    code: str = Field(primary_key=True, max_length=2)
    name: str = Field(max_length=100)


class KabKota(SQLModel, table=True):
    __tablename__ = "kab_kota"

    code: str = Field(primary_key=True, max_length=5)
    province_code: str = Field(foreign_key="province.code", index=True, max_length=2)
    name: str = Field(max_length=100)


# --- The coordination body and its branches -----------------------------------------------------


class Organisation(Record, table=True):
    """The provincial coordination body of a deployment (BKKKS, BK3S, LKKS, LKKKS)."""

    __table_args__ = (CheckConstraint(_in("acronym", vocab.ORGANISATION_ACRONYMS), "acronym"),)

    id: int | None = Field(default=None, primary_key=True)
    province_code: str = Field(foreign_key="province.code", unique=True, max_length=2)
    acronym: str = Field(max_length=10)
    name: str = Field(max_length=200)
    address: str | None = Field(default=None, max_length=300)
    # The letterhead (kop surat) and signature block of its reports and rakor deck (migration 0013).
    chair_name: str | None = Field(default=None, max_length=150)  # the Ketua who signs
    signature_place: str | None = Field(default=None, max_length=100)  # "Banjarmasin, 2 Desember 2026"
    # The logo an admin uploaded (PNG or JPEG, checked by kesos.logo); the audit row keeps its hash only.
    logo: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    logo_mime: str | None = Field(default=None, max_length=20)
    logo_sha256: str | None = Field(default=None, max_length=64)


class Branch(Record, table=True):
    """A kab/kota branch (KKKS / LKKS Kabupaten/Kota): formed or not yet."""

    __table_args__ = (
        CheckConstraint("is_formed OR (decree_number IS NULL AND decree_date IS NULL)", "formed_decree"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kab_kota_code: str = Field(foreign_key="kab_kota.code", unique=True, max_length=5)
    is_formed: bool = Field(default=False)
    name: str | None = Field(default=None, max_length=200)
    decree_number: str | None = Field(default=None, max_length=100)
    decree_date: date | None = None
    chair_name: str | None = Field(default=None, max_length=150)
    # Who the secretariat reminds when the kab/kota's monthly report is late (Pengingat).
    contact_name: str | None = Field(default=None, max_length=150)
    contact_phone: str | None = Field(default=None, max_length=20)  # 62…, as wa.me wants it


class BoardTerm(Record, table=True):
    """A board (pengurus) term of the provincial body or of a branch, confirmed in a pengukuhan."""

    __tablename__ = "board_term"
    __table_args__ = (
        CheckConstraint("term_end > term_start", "term_order"),
        CheckConstraint(
            "(organisation_id IS NULL) <> (branch_id IS NULL)", "one_owner"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id", index=True)
    branch_id: int | None = Field(default=None, foreign_key="branch.id", index=True)
    chair_name: str | None = Field(default=None, max_length=150)
    confirmed_on: date | None = None
    term_start: date
    term_end: date


# --- LKS and beneficiaries ----------------------------------------------------------------------


class Lks(Record, table=True):
    """A social-welfare institution (Lembaga Kesejahteraan Sosial) in a kab/kota."""

    __table_args__ = (
        CheckConstraint(_in("lks_type", vocab.LKS_TYPES), "lks_type"),
        CheckConstraint(_in("registration_status", vocab.REGISTRATION_STATUSES), "registration"),
        CheckConstraint(_in("accreditation", vocab.ACCREDITATIONS), "accreditation"),
        CheckConstraint("capacity IS NULL OR capacity >= 0", "capacity"),
        CheckConstraint("closed_on IS NULL OR closed_on >= registered_on", "closed_after_registered"),
        CheckConstraint("growth_grade IS NULL OR " + _in("growth_grade", vocab.LKS_GROWTH_GRADES), "growth_grade"),
        CheckConstraint("accreditation_expires_on IS NULL OR accredited_on IS NULL OR "
                        "accreditation_expires_on > accredited_on", "accreditation_expiry"),
        Index("ix_lks_kab_kota_type", "kab_kota_code", "lks_type"),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    lks_type: str = Field(max_length=20)
    kab_kota_code: str = Field(foreign_key="kab_kota.code", index=True, max_length=5)
    address: str | None = Field(default=None, max_length=300)
    registration_status: str = Field(default="terdaftar", max_length=20)
    registration_number: str | None = Field(default=None, max_length=100)
    accreditation: str = Field(default="belum", max_length=10)
    capacity: int | None = _limited(PEOPLE_MAX)
    # The registry counts an LKS in every year from its registration until it closes.
    registered_on: date
    closed_on: date | None = None
    is_active: bool = Field(default=True)
    # Accreditation (grade above): its date and expiry (5, 3, 2 years for A, B, C; editable for exceptions).
    accredited_on: date | None = None
    accreditation_expires_on: date | None = None
    growth_grade: str | None = Field(default=None, max_length=12)  # embrio, tumbuh, berkembang, mandiri
    growth_assessed_on: date | None = None


def lks_alive_at(day: date):
    """The WHERE clause of an LKS in the registry on `day`: not deleted, registered by then, not yet
    closed. Here, beside the table, so the reads (queries) and the writes' checks (services) agree."""
    return and_(Lks.deleted_at.is_(None), Lks.registered_on <= day,
                or_(Lks.closed_on.is_(None), Lks.closed_on > day))


class BeneficiaryCount(Record, table=True):
    """People served by one LKS in one month, women and men."""

    __tablename__ = "beneficiary_count"
    __table_args__ = (
        UniqueConstraint("lks_id", "year", "month"),
        CheckConstraint("month BETWEEN 1 AND 12", "month"),
        CheckConstraint("year BETWEEN 1990 AND 2100", "year"),
        CheckConstraint("women >= 0 AND men >= 0", "non_negative"),
        Index("ix_beneficiary_count_year_month", "year", "month"),
    )

    id: int | None = Field(default=None, primary_key=True)
    lks_id: int = Field(foreign_key="lks.id", index=True)
    year: int
    month: int
    women: int = _limited(PEOPLE_MAX, default=0)
    men: int = _limited(PEOPLE_MAX, default=0)


# --- Aid, funding and donations -----------------------------------------------------------------


class AidItem(Record, table=True):
    """A catalogue item of aid with its unit (PMT paket, kursi roda unit, pakaian olahraga stel)."""

    __tablename__ = "aid_item"
    __table_args__ = (CheckConstraint(_in("unit", vocab.UNITS), "unit"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, max_length=150)
    unit: str = Field(max_length=20)


class FundingSource(Record, table=True):
    """Where aid money or goods come from: a CSR company, a donation box, an agency, a donor."""

    __tablename__ = "funding_source"
    __table_args__ = (
        CheckConstraint(_in("kind", vocab.FUNDING_SOURCE_KINDS), "kind"),
        UniqueConstraint("province_code", "kind", "name"),
    )

    id: int | None = Field(default=None, primary_key=True)
    province_code: str = Field(foreign_key="province.code", index=True, max_length=2)
    kind: str = Field(max_length=20)
    name: str = Field(max_length=200)
    location: str | None = Field(default=None, max_length=300)  # where a donation box stands
    contact: str | None = Field(default=None, max_length=200)
    is_active: bool = Field(default=True)


class Donation(Record, table=True):
    """Money or goods received from a funding source; cash and in-kind are never added together."""

    __table_args__ = (
        CheckConstraint(_in("kind", vocab.DONATION_KINDS), "kind"),
        CheckConstraint(
            "(kind = 'tunai' AND amount_rupiah IS NOT NULL AND amount_rupiah > 0"
            " AND aid_item_id IS NULL AND quantity IS NULL)"
            " OR (kind = 'barang' AND aid_item_id IS NOT NULL AND quantity IS NOT NULL"
            " AND quantity > 0 AND amount_rupiah IS NULL)",
            "cash_or_in_kind",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    funding_source_id: int = Field(foreign_key="funding_source.id", index=True)
    received_on: date = Field(index=True)
    kind: str = Field(max_length=10)
    amount_rupiah: int | None = _limited(RUPIAH_MAX, big=True)
    aid_item_id: int | None = Field(default=None, foreign_key="aid_item.id")
    quantity: int | None = _limited(QUANTITY_MAX)
    batch_ref: str | None = Field(default=None, max_length=50)  # a donation-box collection round
    note: str | None = Field(default=None, sa_column=Column(Text))


class AidRequest(Record, table=True):
    """A request (permohonan) from the public, received by a kab/kota branch."""

    __tablename__ = "aid_request"
    __table_args__ = (
        CheckConstraint(_in("status", vocab.REQUEST_STATUSES), "status"),
        CheckConstraint("nik IS NULL OR length(nik) = 16", "nik_length"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kab_kota_code: str = Field(foreign_key="kab_kota.code", index=True, max_length=5)
    received_on: date
    applicant_name: str = Field(max_length=150)
    nik: str | None = Field(default=None, max_length=16)
    address: str | None = Field(default=None, max_length=300)
    phone: str | None = Field(default=None, max_length=20)
    need: str = Field(sa_column=Column(Text, nullable=False))
    status: str = Field(default="diterima", max_length=20, index=True)
    status_changed_on: date | None = None
    closed_on: date | None = None


class AidDistribution(Record, table=True):
    """Aid handed out: an item, a quantity in its unit, a value, a recipient, a funding source."""

    __tablename__ = "aid_distribution"
    __table_args__ = (
        CheckConstraint("quantity > 0", "quantity"),
        CheckConstraint("value_rupiah >= 0", "value"),
        CheckConstraint(_in("recipient_kind", vocab.RECIPIENT_KINDS), "recipient_kind"),
        CheckConstraint(
            "(recipient_kind = 'lks' AND recipient_lks_id IS NOT NULL)"
            " OR (recipient_kind = 'kelompok' AND recipient_group IS NOT NULL)"
            " OR (recipient_kind = 'rumah_tangga' AND recipient_name IS NOT NULL)",
            "recipient",
        ),
        Index("ix_aid_distribution_kab_kota_date", "kab_kota_code", "distributed_on"),
        Index("ix_aid_distribution_source_date", "funding_source_id", "distributed_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    distributed_on: date = Field(index=True)
    aid_item_id: int = Field(foreign_key="aid_item.id", index=True)
    quantity: int = _limited(QUANTITY_MAX, default=...)
    value_rupiah: int = _limited(RUPIAH_MAX, default=0, big=True)
    recipient_kind: str = Field(max_length=20)
    # Indexed: without it, removing an LKS makes the database scan every distribution for it.
    recipient_lks_id: int | None = Field(default=None, foreign_key="lks.id", index=True)
    recipient_group: str | None = Field(default=None, max_length=20)
    recipient_name: str | None = Field(default=None, max_length=150)
    kab_kota_code: str = Field(foreign_key="kab_kota.code", max_length=5)
    funding_source_id: int = Field(foreign_key="funding_source.id", index=True)
    aid_request_id: int | None = Field(default=None, foreign_key="aid_request.id", index=True)
    note: str | None = Field(default=None, sa_column=Column(Text))


# --- Activities ----------------------------------------------------------------------------------


class Activity(Record, table=True):
    """A meeting or event: rakor, raker, workshop, training, pengukuhan, social service."""

    __table_args__ = (
        CheckConstraint(_in("kind", vocab.ACTIVITY_KINDS), "kind"),
        CheckConstraint("end_date >= start_date", "date_order"),
        CheckConstraint("participants_total IS NULL OR participants_total >= 0", "participants"),
        CheckConstraint(
            "participants_total IS NULL OR"
            " coalesce(participants_women, 0) + coalesce(participants_men, 0) <= participants_total",
            "participants_split",
        ),
        Index("ix_activity_province_start", "province_code", "start_date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    province_code: str = Field(foreign_key="province.code", max_length=2)
    # The host kab/kota; empty for a provincial event.
    kab_kota_code: str | None = Field(default=None, foreign_key="kab_kota.code", max_length=5)
    kind: str = Field(max_length=20)
    title: str = Field(max_length=300)
    start_date: date
    end_date: date
    place: str | None = Field(default=None, max_length=300)
    participants_total: int | None = _limited(PEOPLE_MAX)
    participants_women: int | None = _limited(PEOPLE_MAX)
    participants_men: int | None = _limited(PEOPLE_MAX)
    agencies: str | None = Field(default=None, sa_column=Column(Text))  # agencies present
    conclusions: str | None = Field(default=None, sa_column=Column(Text))
    source_text: str | None = Field(default=None, sa_column=Column(Text))  # a news article
    source_url: str | None = Field(default=None, max_length=500)


class ActivityParticipant(Record, table=True):
    """A person on an activity's attendance list (daftar hadir); the name is personal data (kesos.personal_data)."""

    __tablename__ = "activity_participant"

    id: int | None = Field(default=None, primary_key=True)
    activity_id: int = Field(foreign_key="activity.id", index=True)
    name: str = Field(max_length=150)
    agency: str = Field(max_length=200)  # instansi
    # The kab/kota the person came from; empty for the province's own agencies.
    kab_kota_code: str | None = Field(default=None, foreign_key="kab_kota.code", max_length=5)
    position: str | None = Field(default=None, max_length=150)  # jabatan


class ActivityKabKota(SQLModel, table=True):
    """The kab/kota present at an activity."""

    __tablename__ = "activity_kab_kota"

    activity_id: int = Field(foreign_key="activity.id", primary_key=True)
    kab_kota_code: str = Field(foreign_key="kab_kota.code", primary_key=True, max_length=5)


# --- Users and audit -----------------------------------------------------------------------------


class User(SQLModel, table=True):
    __tablename__ = "app_user"
    __table_args__ = (
        CheckConstraint(_in("role", vocab.ROLES), "role"),
        CheckConstraint("role <> 'operator' OR kab_kota_code IS NOT NULL", "operator_kab_kota"),
    )

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(unique=True, max_length=50)
    name: str = Field(max_length=150)
    email: str | None = Field(default=None, max_length=200)
    password_hash: str = Field(max_length=200)
    role: str = Field(max_length=20)
    # Scope: a province (None = every province of the deployment) and, for operators, a kab/kota.
    province_code: str | None = Field(default=None, foreign_key="province.code", max_length=2)
    kab_kota_code: str | None = Field(default=None, foreign_key="kab_kota.code", max_length=5)
    is_active: bool = Field(default=True)
    is_demo: bool = Field(default=False)
    failed_logins: int = Field(default=0)
    locked_until: datetime | None = None
    # A re-login cookie issued before this moment is refused (server-side logout).
    sessions_valid_after: datetime | None = None
    version: int = Field(default=1)
    created_at: datetime = Field(default_factory=utcnow)


class AuditLog(SQLModel, table=True):
    __tablename__ = "audit_log"
    __table_args__ = (
        CheckConstraint(_in("action", vocab.AUDIT_ACTIONS), "action"),
        Index("ix_audit_log_record", "table_name", "record_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    username: str = Field(max_length=50)
    action: str = Field(max_length=10)
    table_name: str = Field(max_length=50)
    record_id: str = Field(max_length=50)
    before: str | None = Field(default=None, sa_column=Column(Text))  # JSON
    after: str | None = Field(default=None, sa_column=Column(Text))  # JSON


# --- Reports -------------------------------------------------------------------------------------


class ReportSnapshot(SQLModel, table=True):
    """A generated laporan wilayah, kept unchanged so a figure quoted in minutes can be found again.

    The id is the report's number. Never updated or deleted by the app.
    """

    __tablename__ = "report_snapshot"
    __table_args__ = (CheckConstraint("format IN ('pdf', 'xlsx', 'json')", "format"),)

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    username: str = Field(max_length=50)
    province_code: str = Field(foreign_key="province.code", max_length=2)
    kab_kota_code: str | None = Field(default=None, foreign_key="kab_kota.code", max_length=5)
    period_start: date
    period_end: date
    filters: str = Field(sa_column=Column(Text, nullable=False))  # JSON: every choice behind the report
    format: str = Field(max_length=5)
    filename: str = Field(max_length=200)
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    sha256: str = Field(max_length=64)


# --- Summaries for the dashboards ----------------------------------------------------------------
# Kept up to date by kesos.summaries in the same transaction as every write (and rebuilt whole
# after bulk loads), so a national dashboard groups thousands of rows instead of millions.
# Only live rows count: a soft-deleted count, LKS or distribution is left out, as the queries did.


class BeneficiaryMonthly(SQLModel, table=True):
    """People served per kab/kota, LKS type and month: the sum of the live counts of live LKS."""

    __tablename__ = "beneficiary_monthly"
    __table_args__ = (Index("ix_beneficiary_monthly_province_year", "province_code", "year"),
                      # The whole country's months: read from the index alone, not the table.
                      Index("ix_beneficiary_monthly_year_month", "year", "month", "lks_type", "kab_kota_code",
                            "reports", "women", "men"))

    kab_kota_code: str = Field(primary_key=True, max_length=5)
    lks_type: str = Field(primary_key=True, max_length=20)
    year: int = Field(primary_key=True)
    month: int = Field(primary_key=True)
    province_code: str = Field(max_length=2)
    women: int = Field(sa_column=Column(BigInteger, nullable=False))
    men: int = Field(sa_column=Column(BigInteger, nullable=False))
    reports: int  # LKS counted


class AidYearly(SQLModel, table=True):
    """Aid handed out per kab/kota, year, item and kind of funding source."""

    __tablename__ = "aid_yearly"
    __table_args__ = (Index("ix_aid_yearly_province_year", "province_code", "year"),)

    kab_kota_code: str = Field(primary_key=True, max_length=5)
    year: int = Field(primary_key=True)
    aid_item_id: int = Field(primary_key=True)
    source_kind: str = Field(primary_key=True, max_length=20)
    province_code: str = Field(max_length=2)
    value: int = Field(sa_column=Column(BigInteger, nullable=False))
    quantity: int = Field(sa_column=Column(BigInteger, nullable=False))
    distributions: int


class AidMonthly(SQLModel, table=True):
    """Aid handed out per kab/kota, month and kind of funding source: what a year not over yet is compared
    with (the same months of another year) without reading the distributions."""

    __tablename__ = "aid_monthly"
    __table_args__ = (Index("ix_aid_monthly_province_year", "province_code", "year"),)

    kab_kota_code: str = Field(primary_key=True, max_length=5)
    year: int = Field(primary_key=True)
    month: int = Field(primary_key=True)
    source_kind: str = Field(primary_key=True, max_length=20)
    province_code: str = Field(max_length=2)
    value: int = Field(sa_column=Column(BigInteger, nullable=False))
    distributions: int


class LksRegistryMonthly(SQLModel, table=True):
    """The registry's changes per kab/kota and month: how many live LKS are first expected to report in it
    (registered that month) and how many for the last time (closed that month).

    The LKS expected in a month are those opened in or before it less those closed before it
    (kesos.queries.reporting.month_status).
    """

    __tablename__ = "lks_registry_monthly"
    __table_args__ = (Index("ix_lks_registry_monthly_province_year", "province_code", "year"),)

    kab_kota_code: str = Field(primary_key=True, max_length=5)
    year: int = Field(primary_key=True)
    month: int = Field(primary_key=True)
    province_code: str = Field(max_length=2)
    opened: int
    closed: int


class AidSourceYearly(SQLModel, table=True):
    """Aid handed out per funding source and year (CSR per company), in the source's province."""

    __tablename__ = "aid_source_yearly"
    __table_args__ = (Index("ix_aid_source_yearly_kind_province_year", "source_kind", "province_code", "year"),)

    funding_source_id: int = Field(primary_key=True)
    year: int = Field(primary_key=True)
    province_code: str = Field(primary_key=True, max_length=2)  # of the kab/kota the aid went to
    source_kind: str = Field(max_length=20)
    value: int = Field(sa_column=Column(BigInteger, nullable=False))
    distributions: int


# --- Data versions for the caches ----------------------------------------------------------------


class DataVersion(SQLModel, table=True):
    """How many committed writes have touched a province's data: part of every cached read's key.

    Moved on by kesos.data_versions inside the writing transaction (an UPDATE of this row), so it
    follows commit order on both databases and a save in one province leaves the others' caches
    warm. A national read is keyed by the sum over the provinces. No foreign key: a counter, never
    joined, whose row appears with the province's first write.
    """

    __tablename__ = "data_version"

    province_code: str = Field(primary_key=True, max_length=2)
    version: int = Field(default=0)


# --- Validasi: warnings saved with a reason, followed up by the secretariat ---------------------


class ValidationWarning(Record, table=True):
    """A check beyond one field (kesos.validation_rules) that fired on a saved record, with the reason
    the person gave for saving anyway; open until the secretariat closes it with a note (tindak lanjut)."""

    __tablename__ = "validation_warning"
    __table_args__ = (
        CheckConstraint("record_kind IN ('beneficiary_count', 'aid_distribution')", "record_kind"),
        CheckConstraint("rule IN ('above_capacity', 'far_from_history', 'drop_to_zero', 'unusual_unit_value')",
                        "rule"),
        CheckConstraint("status IN ('open', 'closed')", "status"),
        CheckConstraint("month BETWEEN 1 AND 12", "month"),
        CheckConstraint(
            "(status = 'open' AND closed_at IS NULL AND closed_by IS NULL AND closing_note IS NULL)"
            " OR (status = 'closed' AND closed_at IS NOT NULL AND closed_by IS NOT NULL AND closing_note IS NOT NULL)",
            "closed_fields",
        ),
        Index("ix_validation_warning_status_kab_kota", "status", "kab_kota_code"),
        Index("ix_validation_warning_record", "record_kind", "record_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    record_kind: str = Field(max_length=30)  # the table of the record warned about
    record_id: int
    kab_kota_code: str = Field(foreign_key="kab_kota.code", max_length=5)
    year: int  # the period: the count's month, or the month of the distribution
    month: int
    rule: str = Field(max_length=30)
    message: str = Field(sa_column=Column(Text, nullable=False))
    reason: str = Field(sa_column=Column(Text, nullable=False))
    created_by: str = Field(max_length=50)
    status: str = Field(default="open", max_length=10)
    closing_note: str | None = Field(default=None, sa_column=Column(Text))
    closed_by: str | None = Field(default=None, max_length=50)
    closed_at: datetime | None = None


# --- The monthly reporting cycle ------------------------------------------------------------------


class MonthlyReport(Record, table=True):
    """The state of a kab/kota's beneficiary report for one month: sent, approved, returned or open again.

    No row means the month is open (terbuka). An approved month is locked against edits and imports.
    """

    __tablename__ = "monthly_report"
    __table_args__ = (
        UniqueConstraint("kab_kota_code", "year", "month"),
        CheckConstraint("month BETWEEN 1 AND 12", "month"),
        CheckConstraint(_in("state", vocab.REPORT_STATES), "state"),
        Index("ix_monthly_report_year_month", "year", "month"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kab_kota_code: str = Field(foreign_key="kab_kota.code", max_length=5)
    year: int
    month: int
    state: str = Field(default="terbuka", max_length=15)
    note: str | None = Field(default=None, sa_column=Column(Text))  # why it was returned or unlocked
    sent_at: datetime | None = None
    sent_by: str | None = Field(default=None, max_length=50)
    decided_at: datetime | None = None
    decided_by: str | None = Field(default=None, max_length=50)


# --- The data centre: PPKS and PSKS per kab/kota and year -------------------------------------------

WELFARE_COUNT_MAX = 10_000_000  # people (PPKS) or resources (PSKS) of one category in one kab/kota


class WelfareCount(Record, table=True):
    """A kab/kota's yearly count of one PPKS or PSKS category (Permensos 08/2012), with its source and date."""

    __tablename__ = "welfare_count"
    __table_args__ = (
        UniqueConstraint("kind", "kab_kota_code", "year", "category"),
        CheckConstraint(_in("kind", vocab.WELFARE_KINDS), "kind"),
        CheckConstraint(_in("category", {**vocab.PPKS_CATEGORIES, **vocab.PSKS_CATEGORIES}), "category"),
        CheckConstraint(_in("source", vocab.WELFARE_SOURCES), "source"),
        CheckConstraint("year BETWEEN 1990 AND 2100", "year"),
        CheckConstraint("count >= 0", "non_negative"),
        Index("ix_welfare_count_kind_year", "kind", "year"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=10)
    kab_kota_code: str = Field(foreign_key="kab_kota.code", index=True, max_length=5)
    year: int
    category: str = Field(max_length=30)
    count: int = _limited(WELFARE_COUNT_MAX, default=0)
    source: str = Field(max_length=10)
    figures_on: date  # the date of the figures (as the source dates them)
