"""Plain-Python geometry on GeoJSON lon/lat data: containment, sampling, distances.

No third-party imports on purpose: the seed and the import command must run on a bare
install, and 65 simplified commune polygons do not need GEOS.
"""
import json
import math
import random
from pathlib import Path

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)
MAX_SAMPLING_TRIES = 100_000


def _rings_of(geometry: dict) -> list[list]:
    """Return the polygons of a Polygon/MultiPolygon as lists of rings (outer ring first)."""
    kind = geometry.get("type")
    if kind == "Polygon":
        return [geometry["coordinates"]]
    if kind == "MultiPolygon":
        return list(geometry["coordinates"])
    raise ValueError(f"unsupported geometry type: {kind!r}")


def _in_ring(lon: float, lat: float, ring: list) -> bool:
    """Even-odd ray casting test of a point against one closed ring."""
    inside = False
    x1, y1 = ring[-1][0], ring[-1][1]
    for vertex in ring:
        x2, y2 = vertex[0], vertex[1]
        # Half-open rule on y so a ray through a vertex is counted once.
        if (y2 > lat) != (y1 > lat):
            x_cross = x2 + (lat - y2) * (x1 - x2) / (y1 - y2)
            if lon < x_cross:
                inside = not inside
        x1, y1 = x2, y2
    return inside


def point_in_polygon(lon: float, lat: float, geometry: dict) -> bool:
    """True if (lon, lat) lies inside a GeoJSON Polygon or MultiPolygon, outside its holes."""
    for rings in _rings_of(geometry):
        if _in_ring(lon, lat, rings[0]) and not any(_in_ring(lon, lat, h) for h in rings[1:]):
            return True
    return False


def bbox(geometry: dict) -> tuple[float, float, float, float]:
    """Bounding box of a Polygon/MultiPolygon as (min_lon, min_lat, max_lon, max_lat)."""
    lons, lats = [], []
    for rings in _rings_of(geometry):
        for vertex in rings[0]:  # holes lie inside the outer ring
            lons.append(vertex[0])
            lats.append(vertex[1])
    return min(lons), min(lats), max(lons), max(lats)


def random_point_in(geometry: dict, rng: random.Random) -> tuple[float, float]:
    """Uniform random (lat, lon) inside the geometry, by rejection sampling in its bbox."""
    min_lon, min_lat, max_lon, max_lat = bbox(geometry)
    for _ in range(MAX_SAMPLING_TRIES):
        lon = rng.uniform(min_lon, max_lon)
        lat = rng.uniform(min_lat, max_lat)
        if point_in_polygon(lon, lat, geometry):
            return lat, lon
    raise ValueError("could not sample a point inside the geometry (degenerate polygon?)")


def load_unit_geometries(path: Path | str) -> dict[str, dict]:
    """Map each feature's `code` property to its geometry, from a GeoJSON FeatureCollection."""
    with open(path, encoding="utf-8") as handle:
        collection = json.load(handle)
    return {f["properties"]["code"]: f["geometry"] for f in collection["features"]}


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in kilometres between two lat/lon points."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def _nearest_km(lat: float, lon: float, others: list[tuple[float, float]]) -> float:
    """Distance to the nearest of the other (lat, lon) points; infinity when there are none."""
    return min((distance_km(lat, lon, a, b) for a, b in others), default=math.inf)


def random_point_apart(geometry: dict, rng: random.Random, others: list[tuple[float, float]],
                       min_km: float, tries: int = 60) -> tuple[float, float]:
    """Random (lat, lon) inside the geometry at least min_km from others, or the farthest tried."""
    best, best_gap = None, -1.0
    for _ in range(tries):
        lat, lon = (round(v, 6) for v in random_point_in(geometry, rng))  # ~0.1 m, stable text
        if not point_in_polygon(lon, lat, geometry):  # rounding crossed the edge
            continue
        gap = _nearest_km(lat, lon, others)
        if gap > best_gap:
            best, best_gap = (lat, lon), gap
        if gap >= min_km:
            break
    return best if best else random_point_in(geometry, rng)


def nearby_point_in(geometry: dict, lat: float, lon: float, others: list[tuple[float, float]],
                    min_km: float, radii_km: tuple[float, ...] = (1.0, 1.5, 0.6)) -> tuple[float, float]:
    """First spot on rings around (lat, lon) inside the geometry and min_km from others."""
    for km in radii_km:
        for bearing in range(0, 360, 45):  # fixed compass points: deterministic without an rng
            rad = math.radians(bearing)
            cand_lat = round(lat + km / 111.32 * math.cos(rad), 6)
            cand_lon = round(lon + km / (111.32 * math.cos(math.radians(lat))) * math.sin(rad), 6)
            if point_in_polygon(cand_lon, cand_lat, geometry) and \
                    _nearest_km(cand_lat, cand_lon, others) >= min_km:
                return cand_lat, cand_lon
    return lat, lon
