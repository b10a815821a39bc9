"""Site-wide state shared by every app server."""
from sqlalchemy import BigInteger, Integer
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class DataVersion(db.Model):
    """A counter bumped by every write that changes what public pages show: the cache key."""

    __tablename__ = "data_version"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)
