"""Administrative geography: the current communes/wards and the units before the 2025 reform."""
from sqlalchemy import Column, Float, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db

# A former commune became part of one current unit, or (two cases) was split between two.
former_commune_units = Table(
    "former_commune_units",
    db.metadata,
    Column("former_commune_code", String(5), ForeignKey("former_communes.code"), primary_key=True),
    Column("unit_code", String(5), ForeignKey("units.code"), primary_key=True),
)


class Unit(db.Model):
    """A commune (xã) or ward (phường) in force since 1 July 2025."""

    __tablename__ = "units"
    code: Mapped[str] = mapped_column(String(5), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    name_folded: Mapped[str] = mapped_column(String(120), index=True)
    type: Mapped[str] = mapped_column(String(10))  # xa | phuong
    former_districts: Mapped[str] = mapped_column(String(255), default="")
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    area_km2: Mapped[float] = mapped_column(Float)
    population: Mapped[int] = mapped_column(Integer)
    geometry: Mapped[str] = mapped_column(Text)  # GeoJSON geometry, as text

    former_communes: Mapped[list["FormerCommune"]] = relationship(
        secondary=former_commune_units, back_populates="units", order_by="FormerCommune.name"
    )

    def __repr__(self) -> str:
        return f"<Unit {self.code} {self.name}>"


class FormerDistrict(db.Model):
    """A district (huyện / thành phố) as it was before 1 July 2025."""

    __tablename__ = "former_districts"
    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    name_folded: Mapped[str] = mapped_column(String(120))
    type: Mapped[str] = mapped_column(String(20))


class FormerCommune(db.Model):
    """A commune, ward or town as it was before 1 July 2025, mapped to the unit(s) it became."""

    __tablename__ = "former_communes"
    code: Mapped[str] = mapped_column(String(5), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    name_folded: Mapped[str] = mapped_column(String(120), index=True)
    type: Mapped[str] = mapped_column(String(20))
    district_code: Mapped[str] = mapped_column(ForeignKey("former_districts.code"))

    district: Mapped[FormerDistrict] = relationship()
    units: Mapped[list[Unit]] = relationship(
        secondary=former_commune_units, back_populates="former_communes"
    )
