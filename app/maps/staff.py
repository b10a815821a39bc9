"""The staff overview's map: points coloured by score and communes/wards shaded by their mean
score, served as a script from our own URL like the directory's maps."""
from __future__ import annotations

import json
import secrets
from functools import lru_cache
from html import escape as html_escape
from typing import TYPE_CHECKING

from app.maps.directory import leaflet_assets, script_part

if TYPE_CHECKING:
    import folium

ADMIN_MAP_CENTRE = (21.85, 106.62)  # the middle of Lạng Sơn province

# The page names the map's div and passes the name to the script's URL, so both parts match. A new
# name per render: htmx copies attributes between old and new elements of the same id when it
# swaps, and copying Leaflet's inline style onto the new div is what a strict CSP blocks.
ADMIN_MAP_PREFIX = "quality_"
# (lower bound of the 1..5 score, colour, label): a diverging scale readable by most colour-blind eyes.
ADMIN_SCORE_BANDS = (
    (4.5, "#1a9850", "≥ 4,5"),
    (4.0, "#91cf60", "4,0 – 4,5"),
    (3.5, "#d9ef8b", "3,5 – 4,0"),
    (3.0, "#fee08b", "3,0 – 3,5"),
    (2.5, "#fc8d59", "2,5 – 3,0"),
    (0.0, "#d73027", "< 2,5"),
)
ADMIN_NO_SCORE_COLOUR = "#bdbdbd"


def admin_score_colour(value: float | None) -> str:
    """The colour of a 1..5 score on the maps and their legend (grey without enough ratings)."""
    if value is None:
        return ADMIN_NO_SCORE_COLOUR
    return next(colour for bound, colour, _ in ADMIN_SCORE_BANDS if value >= bound)


def admin_map_token() -> str:
    """A fresh token naming one render of the overview map."""
    return secrets.token_hex(4)


def valid_map_token(token: str | None) -> bool:
    """Whether a token from a URL is one admin_map_token() could have made."""
    return bool(token) and len(token) == 8 and all(c in "0123456789abcdef" for c in token)


def admin_map_name(token: str) -> str:
    """The id of the overview map's div (what folium calls the map's name)."""
    return f"map_{ADMIN_MAP_PREFIX}{token}"


ADMIN_SIMPLIFY_TOLERANCE = 0.002  # degrees, about 200 m: under a pixel at the zoom that shows the province


def _admin_simplify_ring(ring: list[list[float]], tolerance: float) -> list[list[float]]:
    """Douglas–Peucker on one closed ring, keeping at least a triangle."""
    keep = {0, len(ring) - 1}
    stack = [(0, len(ring) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = ring[first][:2], ring[last][:2]
        length = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
        best, index = 0.0, None
        for i in range(first + 1, last):
            x, y = ring[i][:2]
            # A closed ring starts where it ends: measure from that point instead of a segment.
            distance = (abs((y2 - y1) * x - (x2 - x1) * y + x2 * y1 - y2 * x1) / length if length
                        else ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5)
            if distance > best:
                best, index = distance, i
        if index is not None and (best > tolerance or len(keep) < 4):
            keep.add(index)
            stack += [(first, index), (index, last)]
    return [[round(c, 4) for c in ring[i][:2]] for i in sorted(keep)]


@lru_cache(maxsize=128)
def _admin_simplified_geometry(geometry_text: str) -> dict:
    """A unit's (multi)polygon simplified for the overview map: a fraction of the bytes."""
    geometry = json.loads(geometry_text)
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    simplified = [[_admin_simplify_ring(ring, ADMIN_SIMPLIFY_TOLERANCE) for ring in polygon]
                  for polygon in polygons]
    if geometry["type"] == "MultiPolygon":
        return {"type": "MultiPolygon", "coordinates": simplified}
    return {"type": "Polygon", "coordinates": simplified[0]}


def _admin_base_map(token: str, tiles_url: str, attribution: str) -> folium.Map:
    import folium

    fmap = folium.Map(location=ADMIN_MAP_CENTRE, zoom_start=9, tiles=None, control_scale=True)
    fmap._id = ADMIN_MAP_PREFIX + token
    assets = leaflet_assets()
    fmap.default_js = [("leaflet", assets["js"])]
    fmap.default_css = [("leaflet_css", assets["css"])]
    fmap.options["max_zoom"] = 18
    if tiles_url:
        folium.TileLayer(tiles=tiles_url, attr=attribution, max_zoom=18).add_to(fmap)
    return fmap


def _admin_units_layer(units: list[dict]) -> folium.GeoJson:
    import folium

    features = [{"type": "Feature", "geometry": _admin_simplified_geometry(u["geometry"]),
                 "properties": {"code": u["code"], "name": html_escape(u["name"]), "score": u["label"],
                                "colour": admin_score_colour(u["score"])}} for u in units]
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": features}, name="units",
        style_function=lambda f: {"fillColor": f["properties"]["colour"], "color": "#555555",
                                  "weight": 1, "fillOpacity": 0.55},
        tooltip=folium.GeoJsonTooltip(fields=["name", "score"], aliases=["", ""], labels=False),
    )


def _admin_points_layer(points: list[dict]) -> folium.GeoJson:
    import folium

    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [p["lon"], p["lat"]]},
                 "properties": {"slug": p["slug"], "name": html_escape(p["name"]), "score": p["label"],
                                "colour": admin_score_colour(p["score"])}} for p in points]
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": features}, name="points",
        marker=folium.CircleMarker(radius=6),
        style_function=lambda f: {"fillColor": f["properties"]["colour"], "color": "#1b1b1b",
                                  "weight": 1, "fillOpacity": 0.95, "fill": True},
        tooltip=folium.GeoJsonTooltip(fields=["name", "score"], aliases=["", ""], labels=False),
    )


def admin_quality_map_script(token: str, points: list[dict], units: list[dict], tiles_url: str = "",
                             attribution: str = "") -> str:
    """The overview map's script: units shaded by mean score, points coloured by score.

    token: names the map's div (admin_map_name);
    points: dicts with slug, name, lat, lon, score (1..5 or None) and label (text shown);
    units: dicts with code, name, geometry (GeoJSON text), score and label."""
    fmap = _admin_base_map(token, tiles_url, attribution)
    _admin_units_layer(units).add_to(fmap)
    _admin_points_layer(points).add_to(fmap)
    # Guarded like the directory's maps: an htmx sort may have replaced the container (a new token)
    # before this script arrived; it must then draw nothing rather than fail.
    return script_part(fmap)
