"""Staff accounts, quarterly internal assessments, the audit log and registry imports."""
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.checks import one_of
from app.clock import utcnow

ROLES = ("admin", "reviewer")


class AdminUser(UserMixin, db.Model):
    """A member of staff: an administrator (everything) or a reviewer (read and moderate)."""

    __tablename__ = "admin_users"
    __table_args__ = (one_of("role", ROLES),)
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(200), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20), default="reviewer")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Every session carries the version it began with; raising it ends them all (sign-out,
    # a password or role change, "sign out everywhere").
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Two-factor sign-in (app/services/two_factor.py): the TOTP secret, the last time step used (a
    # code works once), and the SHA-256 hashes of the unused recovery codes, ";"-joined.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    recovery_codes: Mapped[str | None] = mapped_column(Text)

    @property
    def has_two_factor(self) -> bool:
        return bool(self.totp_secret)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    @property
    def is_active(self) -> bool:  # Flask-Login asks this
        return self.active


class SignInFailure(db.Model):
    """A refused sign-in: the address typed (there may be no such account), the network it came
    from (a keyed hash, app/clients.py) and when. Read by app/services/sign_in_guard.py."""

    __tablename__ = "sign_in_failures"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    email: Mapped[str] = mapped_column(String(200), index=True)
    network: Mapped[str] = mapped_column(String(32), index=True)


class Assessment(db.Model):
    """The post office's own quarterly grades of a point (0–100 each), with notes."""

    __tablename__ = "assessments"
    __table_args__ = (UniqueConstraint("point_id", "quarter"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    point_id: Mapped[int] = mapped_column(ForeignKey("points.id", ondelete="CASCADE"))
    quarter: Mapped[int] = mapped_column(Integer, index=True)
    delivery: Mapped[float | None] = mapped_column(Float)  # chất lượng khâu phát
    public_utility: Mapped[float | None] = mapped_column(Float)  # dịch vụ bưu chính công ích
    model_office: Mapped[float | None] = mapped_column(Float)  # bưu cục kiểu mẫu – GDV chuyên nghiệp
    note: Mapped[str | None] = mapped_column(Text)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("admin_users.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    point: Mapped["Point"] = relationship()  # noqa: F821


class AuditLog(db.Model):
    """One admin write: who, when, what, and the state before and after (JSON)."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("admin_users.id"))
    actor: Mapped[str] = mapped_column(String(200))  # e-mail or "cli", kept if the user goes
    action: Mapped[str] = mapped_column(String(60), index=True)
    target_type: Mapped[str | None] = mapped_column(String(40))
    target_id: Mapped[str | None] = mapped_column(String(60))
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)


class ImportRun(db.Model):
    """A registry import: what came in and what it changed."""

    __tablename__ = "import_runs"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    filename: Mapped[str] = mapped_column(String(300))
    actor: Mapped[str] = mapped_column(String(200))
    created: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    deactivated: Mapped[int] = mapped_column(Integer, default=0)
