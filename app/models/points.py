"""Service points, their opening hours and the service catalogue they offer."""
from datetime import datetime, time

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Integer, SmallInteger, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.checks import one_of
from app.clock import utcnow

POINT_TYPES = ("buu-cuc", "bdvhx", "dai-ly", "kiot")
SERVICE_CATEGORIES = ("postal", "financial", "insurance", "public_admin", "culture")
HANDLINGS = ("receive", "return", "both")  # QĐ 45/2016/QĐ-TTg: takes the dossier, returns the result
SERVICE_STATUSES = ("offered", "winding_down", "withdrawn")
COORD_QUALITIES = ("exact", "approximate")  # approximate: e.g. the centroid of the unit, not the building


class Service(db.Model):
    """An entry of the service catalogue (postal, financial, insurance, procedures, culture), with
    the legal text or official page it rests on and, for a procedure, its national portal code."""

    __tablename__ = "services"
    __table_args__ = (one_of("status", SERVICE_STATUSES),)
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    category: Mapped[str] = mapped_column(String(20), index=True)
    name_vi: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    name_folded: Mapped[str] = mapped_column(String(200))
    is_procedure: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(12), default="offered", server_default="offered")
    basis: Mapped[str | None] = mapped_column(String(300))
    basis_url: Mapped[str | None] = mapped_column(String(300))
    procedure_code: Mapped[str | None] = mapped_column(String(20))  # dichvucong.gov.vn "mã thủ tục"
    note_vi: Mapped[str | None] = mapped_column(String(400))
    note_en: Mapped[str | None] = mapped_column(String(400))


class Point(db.Model):
    """A postal service point: bưu cục, điểm BĐ-VHX, đại lý or ki-ốt."""

    __tablename__ = "points"
    __table_args__ = (one_of("coord_quality", COORD_QUALITIES),)
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(20), index=True)
    unit_code: Mapped[str] = mapped_column(ForeignKey("units.code"), index=True)
    former_commune_code: Mapped[str | None] = mapped_column(ForeignKey("former_communes.code"))
    address: Mapped[str] = mapped_column(String(300))
    address_former: Mapped[str | None] = mapped_column(String(300))
    postcode: Mapped[str | None] = mapped_column(String(10))  # the national 5-digit postcode (25xxx)
    office_code: Mapped[str | None] = mapped_column(String(6))  # VNPost office code ("Mã bưu cục")
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    coord_quality: Mapped[str] = mapped_column(String(12), default="exact", server_default="exact")
    phone: Mapped[str | None] = mapped_column(String(40))
    pension_day_from: Mapped[int | None] = mapped_column(SmallInteger)
    pension_day_to: Mapped[int | None] = mapped_column(SmallInteger)
    # Months paid on other days than the usual ones, in the registry's syntax (app/pension.py).
    pension_schedule: Mapped[str | None] = mapped_column(Text)
    # Days closed or open on other hours than the week's, in the registry's syntax (app/special_days.py).
    special_days: Mapped[str | None] = mapped_column(Text)
    # Where each fact comes from: {fact: "registry" | "illustrative" | "public:<source key>"} (app/sources.py).
    sources: Mapped[dict | None] = mapped_column(JSON)
    # Folded name, address, unit and former names: what the search matches against.
    search_text: Mapped[str] = mapped_column(Text, default="")
    is_illustrative: Mapped[bool] = mapped_column(Boolean, default=True)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    unit: Mapped["Unit"] = relationship()  # noqa: F821
    former_commune: Mapped["FormerCommune | None"] = relationship()  # noqa: F821
    hours: Mapped[list["PointHours"]] = relationship(
        back_populates="point", cascade="all, delete-orphan",
        order_by="(PointHours.weekday, PointHours.opens)",
    )
    point_services: Mapped[list["PointService"]] = relationship(
        back_populates="point", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Point {self.code} {self.name}>"


class PointSlug(db.Model):
    """A slug a point had before: its old URL (and the QR codes printed with it) redirects."""

    __tablename__ = "point_slugs"
    slug: Mapped[str] = mapped_column(String(120), primary_key=True)
    point_id: Mapped[int] = mapped_column(ForeignKey("points.id", ondelete="CASCADE"), index=True)
    retired_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    point: Mapped[Point] = relationship()


class PointHours(db.Model):
    """One opening interval of a weekday (0 = Monday); a lunch break is the gap between two."""

    __tablename__ = "point_hours"
    id: Mapped[int] = mapped_column(primary_key=True)
    point_id: Mapped[int] = mapped_column(ForeignKey("points.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[int] = mapped_column(SmallInteger)
    opens: Mapped[time] = mapped_column(Time)
    closes: Mapped[time] = mapped_column(Time)

    point: Mapped[Point] = relationship(back_populates="hours")


class PointService(db.Model):
    """A service a point offers; for a procedure, whether it takes the dossier, returns it or both."""

    __tablename__ = "point_services"
    __table_args__ = (one_of("handling", HANDLINGS),)
    point_id: Mapped[int] = mapped_column(ForeignKey("points.id", ondelete="CASCADE"), primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), primary_key=True, index=True)
    handling: Mapped[str | None] = mapped_column(String(10))

    point: Mapped[Point] = relationship(back_populates="point_services")
    service: Mapped[Service] = relationship()
