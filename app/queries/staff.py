"""Reads of the staff area's own records: the audit log and the staff accounts."""
from sqlalchemy import select

from app.extensions import db
from app.models import AdminUser, AuditLog
from app.pagination import Page, paginate

AUDIT_PER_PAGE = 50


def audit_page(page: int = 1, action: str | None = None) -> Page:
    """One page of the audit log, newest first, optionally one kind of action."""
    stmt = select(AuditLog).order_by(AuditLog.at.desc(), AuditLog.id.desc())
    if action:
        stmt = stmt.where(AuditLog.action == action)
    return paginate(stmt, page, AUDIT_PER_PAGE)


def audit_actions() -> list[str]:
    """The kinds of action the log holds, for the filter."""
    return list(db.session.scalars(select(AuditLog.action).distinct().order_by(AuditLog.action)))


def staff_accounts() -> list[AdminUser]:
    """Every staff account, by e-mail."""
    return list(db.session.scalars(select(AdminUser).order_by(AdminUser.email)))
