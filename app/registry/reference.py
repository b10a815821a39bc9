"""The reference data rows are checked against, read from the database in a few small queries."""
import json

from sqlalchemy import select

from app.catalogue import WITHDRAWN
from app.extensions import db
from app.models import FormerCommune, FormerDistrict, Service, Unit, former_commune_units
from app.registry.units import FormerCommuneRef, UnitDirectory
from app.registry.validation import Reference


def load_reference() -> Reference:
    """Units with their polygons, former districts and communes, and the service catalogue."""
    units = db.session.execute(select(Unit.code, Unit.name, Unit.geometry)).all()
    districts = dict(db.session.execute(select(FormerDistrict.code, FormerDistrict.name)).all())
    links: dict[str, list[str]] = {}
    for commune_code, unit_code in db.session.execute(
            select(former_commune_units.c.former_commune_code, former_commune_units.c.unit_code)
            .order_by(former_commune_units.c.unit_code)):
        links.setdefault(commune_code, []).append(unit_code)
    communes = [FormerCommuneRef(code, name, district, tuple(links.get(code, ())))
                for code, name, district in db.session.execute(
                    select(FormerCommune.code, FormerCommune.name, FormerCommune.district_code))]
    # code → is a procedure; None for a withdrawn entry, which fields.handling refuses
    catalogue = {code: None if status == WITHDRAWN else is_procedure for code, is_procedure, status
                 in db.session.execute(select(Service.code, Service.is_procedure, Service.status))}
    return Reference(
        directory=UnitDirectory({code: name for code, name, _ in units}, districts, communes),
        catalogue=catalogue,
        geometries={code: json.loads(geometry) for code, _, geometry in units},
    )
