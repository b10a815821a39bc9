"""The audit log as staff read it: each entry's action in words, with the state it moved between
("Ẩn ý kiến (đã công bố → đã ẩn)"), its target by name with a link to its staff page, and the
changed fields by their labels with readable values. The log itself stores codes."""
import json
from dataclasses import dataclass
from datetime import datetime

from flask import url_for

from app.admin.formatting import local_time
from app.admin.params import quarter_arg
from app.labels import (AUDIT_ACTION_LABELS, AUDIT_TARGET_LABELS, CONTACT_ERASE_LABELS, FIELD_LABELS,
                        LOGIN_FAILURE_LABELS, QUARTER_STATE_LABELS, REQUEST_KIND_LABELS,
                        REQUEST_STATUS_LABELS, ROLE_LABELS, STATUS_LABELS, YES_NO_LABELS, label)
from app.queries.audit import TargetName, target_names
from app.scoring import quarter_label
from app.templating import number_text

# A change of one of these is said with the action, not among the changed fields.
STATE_FIELDS = {"comment_status": STATUS_LABELS, "status": REQUEST_STATUS_LABELS,
                "state": QUARTER_STATE_LABELS}
# Fields whose stored values are codes.
VALUE_LABELS = {"role": ROLE_LABELS, "kind": REQUEST_KIND_LABELS,
                "reason": {**LOGIN_FAILURE_LABELS, **CONTACT_ERASE_LABELS}}
MOMENT_FIELDS = {"last_login_at", "locked_until", "expires_at"}


@dataclass(frozen=True)
class AuditRow:
    """One entry as the page shows it."""

    at: str
    actor: str
    action: str
    target: str | None
    target_url: str | None
    changes: list[tuple[str, str, str]]


def audit_rows(entries) -> list[AuditRow]:
    """The entries of a page of the log, ready to show (one query per kind of target)."""
    names = target_names(entries)
    rows = []
    for entry in entries:
        before, after = json.loads(entry.before or "{}"), json.loads(entry.after or "{}")
        target, url = _target(entry, names.get((entry.target_type, entry.target_id)))
        rows.append(AuditRow(local_time(entry.at), entry.actor, _action(entry.action, before, after),
                             target, url, _changes(before, after)))
    return rows


def _action(code: str, before: dict, after: dict) -> str:
    """The action's label, with the state it changed: "Ẩn ý kiến (đã công bố → đã ẩn)"."""
    text = label(AUDIT_ACTION_LABELS, code)
    for field, labels in STATE_FIELDS.items():
        if before.get(field) and after.get(field) and before[field] != after[field]:
            old, new = (label(labels, before[field]).lower(), label(labels, after[field]).lower())
            return f"{text} ({old} → {new})"
    return text


def _changes(before: dict, after: dict) -> list[tuple[str, str, str]]:
    """(field, before, after) of the fields not said with the action."""
    said = {f for f in STATE_FIELDS if before.get(f) and after.get(f)}
    return [(label(FIELD_LABELS, key), _value(key, before.get(key)), _value(key, after.get(key)))
            for key in sorted((set(before) | set(after)) - said)]


def _value(field: str, value) -> str:
    """A stored value as staff read it."""
    if value is None:
        return "∅"
    if isinstance(value, bool):
        return label(YES_NO_LABELS, value)
    if field in VALUE_LABELS or field in STATE_FIELDS:
        return label(VALUE_LABELS.get(field) or STATE_FIELDS[field], value)
    if field == "quarter" and isinstance(value, int):
        return quarter_label(value)
    if field in MOMENT_FIELDS and isinstance(value, str):
        return local_time(datetime.fromisoformat(value))
    if isinstance(value, (int, float)):
        return number_text(value)
    return str(value)


def _target(entry, found: TargetName | None) -> tuple[str | None, str | None]:
    """The target as "Kind: name" and its staff page (the kind alone once the row is gone)."""
    kind, ident = entry.target_type, entry.target_id
    if not kind:
        return None, None
    heading = label(AUDIT_TARGET_LABELS, kind)
    if kind == "quarter_closings" and (ident or "").isdigit():
        quarter = int(ident)
        return f"{heading}: {quarter_label(quarter)}", url_for("admin.ranking", quarter=quarter_arg(quarter))
    if found is None:
        return heading, None
    name, url = found.name, None
    if kind == "feedback":
        url = url_for("admin.point", slug=found.slug, _anchor=f"fb-{ident}")
    elif kind == "points":
        url = url_for("admin.point", slug=found.slug)
    elif kind == "assessments":
        name = f"{found.name} ({quarter_label(found.quarter)})"
        url = url_for("admin.assessment", slug=found.slug, quarter=quarter_arg(found.quarter))
    elif kind == "admin_users":
        url = url_for("admin.users")
    elif kind == "import_run":
        url = url_for("registry_admin.run_detail", run_id=int(ident))
    elif kind == "privacy_requests":
        name, url = label(REQUEST_KIND_LABELS, found.name), url_for("admin.privacy_queue")
    return f"{heading}: {name}", url
