"""Reads of the staff area's own records: the audit log and the staff accounts."""
import math
from dataclasses import dataclass

from sqlalchemy import func, select

from app.extensions import db
from app.models import AdminUser, AuditLog

AUDIT_PER_PAGE = 50


@dataclass
class AuditPage:
    """One page of the audit log, newest first."""

    entries: list[AuditLog]
    total: int
    page: int

    @property
    def pages(self) -> int:
        """How many pages the total makes."""
        return max(1, math.ceil(self.total / AUDIT_PER_PAGE))


def audit_page(page: int = 1, action: str | None = None) -> AuditPage:
    """The audit log, newest first, optionally one kind of action."""
    stmt = select(AuditLog)
    if action:
        stmt = stmt.where(AuditLog.action == action)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
    page_stmt = (stmt.order_by(AuditLog.at.desc(), AuditLog.id.desc())
                 .limit(AUDIT_PER_PAGE).offset((page - 1) * AUDIT_PER_PAGE))
    return AuditPage(list(db.session.scalars(page_stmt)), total, page)


def audit_actions() -> list[str]:
    """The kinds of action the log holds, for the filter."""
    return list(db.session.scalars(select(AuditLog.action).distinct().order_by(AuditLog.action)))


def staff_accounts() -> list[AdminUser]:
    """Every staff account, by e-mail."""
    return list(db.session.scalars(select(AdminUser).order_by(AdminUser.email)))
