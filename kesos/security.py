"""Users, roles and kab/kota scope, without Streamlit: who may read and write what."""

from dataclasses import dataclass

import bcrypt
from sqlmodel import Session, select

from kesos import vocab
from kesos.errors import PermissionDenied
from kesos.models import KabKota, User

# Every role set lives here; navigation, services and web import them.
ALL_ROLES = frozenset({"admin", "sekretariat", "operator", "pimpinan"})
WRITER_ROLES = frozenset({"admin", "sekretariat", "operator"})
ADMIN_ROLES = frozenset({"admin"})
# The province's own staff: they bring back deleted records and write the funding sources and
# donations (donors give to the provincial body, not to a kab/kota).
PROVINCE_STAFF_ROLES = frozenset({"admin", "sekretariat"})
RESTORER_ROLES = PROVINCE_STAFF_ROLES
DONATION_WRITER_ROLES = PROVINCE_STAFF_ROLES
# Who approves or reopens a kab/kota's monthly report (Kelengkapan laporan).
REPORT_DECIDER_ROLES = PROVINCE_STAFF_ROLES
# Who closes a validasi warning on the Tindak lanjut list (an operator reads its own kab/kota's).
WARNING_CLOSER_ROLES = PROVINCE_STAFF_ROLES
# Who works with an applicant and so sees a request's personal data unmasked (within their scope).
PERSONAL_DATA_ROLES = WRITER_ROLES
# Who edits the body's own settings (name, address, chair, logo: the letterhead of its reports).
ORGANISATION_EDITOR_ROLES = ADMIN_ROLES
ROLE_LABELS = vocab.ROLES


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt()).decode("ascii")


def verify_password(password: str, password_hash: str) -> bool:
    try:
        return bcrypt.checkpw(password.encode("utf-8"), password_hash.encode("ascii"))
    except ValueError:
        return False


@dataclass(frozen=True)
class Actor:
    """The user acting: every read and write is scoped by this."""

    username: str
    role: str
    province_code: str | None = None  # None: every province of the deployment
    kab_kota_code: str | None = None  # set for operators

    @classmethod
    def from_user(cls, user: User) -> "Actor":
        province = user.province_code
        if user.kab_kota_code and not province:
            province = user.kab_kota_code.split(".")[0]
        return cls(user.username, user.role, province, user.kab_kota_code)

    @property
    def can_write(self) -> bool:
        return self.role in WRITER_ROLES

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def may_see_province(self, province_code: str) -> bool:
        return self.province_code is None or self.province_code == province_code

    def may_see_kab_kota(self, kab_kota_code: str) -> bool:
        if self.kab_kota_code is not None:
            return kab_kota_code == self.kab_kota_code
        return self.may_see_province(kab_kota_code.split(".")[0])


SYSTEM = Actor(username="system", role="admin")


def require_writer(actor: Actor) -> None:
    if not actor.can_write:
        raise PermissionDenied("Peran Anda hanya boleh melihat data, tidak boleh mengubahnya.")


def require_admin(actor: Actor) -> None:
    if not actor.is_admin:
        raise PermissionDenied("Hanya admin yang boleh melakukan ini.")


def require_kab_kota(actor: Actor, kab_kota_code: str) -> None:
    """Refuse a write (or read) of a kab/kota outside the actor's scope."""
    require_writer(actor)
    if not actor.may_see_kab_kota(kab_kota_code):
        raise PermissionDenied("Anda hanya boleh mengubah data kab/kota Anda sendiri.")


def require_province(actor: Actor, province_code: str) -> None:
    """Refuse a province-level write to operators and to users of another province."""
    require_writer(actor)
    if actor.kab_kota_code is not None or not actor.may_see_province(province_code):
        raise PermissionDenied("Data tingkat provinsi hanya boleh diubah oleh sekretariat atau admin.")


def require_organisation_editor(actor: Actor, province_code: str) -> None:
    """Only an admin edits the body's settings, and an admin of a province only that province's body."""
    if actor.role not in ORGANISATION_EDITOR_ROLES:
        raise PermissionDenied("Hanya admin yang boleh mengubah pengaturan organisasi.")
    if actor.kab_kota_code is not None or not actor.may_see_province(province_code):
        raise PermissionDenied("Anda hanya boleh mengubah pengaturan organisasi provinsi Anda sendiri.")


def visible_kab_kota(session: Session, actor: Actor, province_code: str | None = None) -> list[KabKota]:
    """The kab/kota this actor may see, optionally within one province, in code order."""
    stmt = select(KabKota).order_by(KabKota.code)
    if actor.kab_kota_code:
        stmt = stmt.where(KabKota.code == actor.kab_kota_code)
    elif actor.province_code:
        stmt = stmt.where(KabKota.province_code == actor.province_code)
    if province_code:
        stmt = stmt.where(KabKota.province_code == province_code)
    return list(session.exec(stmt))
