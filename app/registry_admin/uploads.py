"""Uploaded registry files, read once, kept server-side between the preview and the confirmation.

What is kept is the file as read (header, rows, issues: app.registry.reader.RawTable), so neither
the preview nor the confirmation parses the file again; the confirmation takes it from here, never
from the browser, and only the member of staff who uploaded it can use its random token."""
import json
import os
import re
import secrets
import time

from flask import current_app

from app.registry.reader import RawTable

TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{32}")
MAX_AGE_SECONDS = 24 * 3600


def upload_dir() -> str:
    """Where uploads wait: IMPORT_UPLOAD_DIR, or instance/imports."""
    path = current_app.config.get("IMPORT_UPLOAD_DIR") or os.path.join(current_app.instance_path, "imports")
    os.makedirs(path, exist_ok=True)
    return path


def _paths(token: str) -> tuple[str, str]:
    base = os.path.join(upload_dir(), token)
    return base + ".data", base + ".json"


def save_upload(user_id: int, filename: str, table: RawTable, deactivate_missing: bool) -> str:
    """Keep the file as read under a new random token; forget uploads older than a day."""
    purge_old()
    token = secrets.token_urlsafe(24)
    data_path, meta_path = _paths(token)
    with open(data_path, "w", encoding="utf-8") as handle:
        json.dump(table.to_json(), handle, ensure_ascii=False)
    with open(meta_path, "w", encoding="utf-8") as handle:
        json.dump({"user_id": user_id, "filename": filename, "deactivate_missing": deactivate_missing}, handle)
    return token


def load_upload(token: str, user_id: int) -> tuple[dict, RawTable] | None:
    """The upload's details and table, if the token is well formed, known and this user's."""
    if not TOKEN_PATTERN.fullmatch(token):
        return None
    data_path, meta_path = _paths(token)
    try:
        with open(meta_path, encoding="utf-8") as handle:
            meta = json.load(handle)
        if meta.get("user_id") != user_id:
            return None
        meta["deactivate_missing"] = meta.get("deactivate_missing") is True  # older uploads: keep them
        with open(data_path, encoding="utf-8") as handle:
            return meta, RawTable.from_json(json.load(handle))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def discard_upload(token: str) -> None:
    """Remove an upload once it is imported."""
    for path in _paths(token):
        if os.path.exists(path):
            os.remove(path)


def purge_old(now: float | None = None) -> None:
    """Remove uploads nobody confirmed within a day."""
    limit = (now or time.time()) - MAX_AGE_SECONDS
    for entry in os.scandir(upload_dir()):
        if entry.name.endswith((".data", ".json")) and entry.stat().st_mtime < limit:
            os.remove(entry.path)
