"""The audit log: who changed what, when, and the fields before and after.

record() only adds the entry to the session; the service that makes the change commits both
together, so a change is never saved without its entry (nor the entry without the change)."""
import json
import re
from datetime import date, datetime

from sqlalchemy import inspect

from app.extensions import db
from app.models import AdminUser, AuditLog

# Never logged, whatever a caller passes: passwords, their hashes, client hashes, tokens, and
# raters' contacts (the log says a contact was seen or erased, never what it was).
SECRET_FIELD = re.compile(r"password|hash|secret|token|contact", re.IGNORECASE)
CLI_ACTOR = "cli"


def snapshot(obj, fields: tuple[str, ...]) -> dict:
    """The current values of some attributes of a row, to pass as before or after."""
    return {name: getattr(obj, name) for name in fields}


def changed_fields(before: dict | None, after: dict | None) -> tuple[dict | None, dict | None]:
    """Keep only the fields that differ (all of them for a creation), minus any secret."""
    before = {k: v for k, v in (before or {}).items() if not SECRET_FIELD.search(k)}
    after = {k: v for k, v in (after or {}).items() if not SECRET_FIELD.search(k)}
    if not before or not after:
        return before or None, after or None
    keys = [k for k in sorted(set(before) | set(after)) if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys} or None, {k: after.get(k) for k in keys} or None


def _json(values: dict | None) -> str | None:
    if values is None:
        return None
    return json.dumps(values, ensure_ascii=False, sort_keys=True, default=_plain)


def _plain(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value)


def _target(target) -> tuple[str | None, str | None]:
    """(type, id) of a row, or of a ("type", id) pair; the row is flushed to get its id."""
    if target is None:
        return None, None
    if isinstance(target, tuple):
        kind, ident = target
        return kind, None if ident is None else str(ident)
    if inspect(target).identity is None:
        db.session.flush()
    ident = inspect(target).identity
    return target.__tablename__, ",".join(str(part) for part in ident)


def record(actor, action: str, target=None, before: dict | None = None,
           after: dict | None = None) -> AuditLog:
    """Add an audit entry for a write by a staff member (or "cli", or a typed e-mail)."""
    if isinstance(actor, AdminUser):
        user_id, actor_name = actor.id, actor.email
    else:
        user_id, actor_name = None, str(actor or CLI_ACTOR)[:200]
    target_type, target_id = _target(target)
    before, after = changed_fields(before, after)
    entry = AuditLog(user_id=user_id, actor=actor_name, action=action, target_type=target_type,
                     target_id=target_id, before=_json(before), after=_json(after))
    db.session.add(entry)
    return entry
