"""Reads of the registry imports."""
from sqlalchemy import select

from app.extensions import db
from app.models import ImportRun


def recent_import_runs(limit: int = 10) -> list[ImportRun]:
    """The latest imports, newest first."""
    return list(db.session.scalars(select(ImportRun).order_by(ImportRun.id.desc()).limit(limit)))
