"""The directory's maps: a page embeds only the map's html part (its <div>); the script part is
served from a URL of ours as application/javascript, so the Content-Security-Policy forbids inline
scripts. Leaflet comes from static/vendor/; points are ONE GeoJSON layer of circle markers by type."""
from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from flask import current_app, url_for
from markupsafe import Markup, escape

from app.labels import type_label

if TYPE_CHECKING:
    import folium

PROVINCE_CENTER = (21.85, 106.62)
PROVINCE_ZOOM = 9
POINT_ZOOM = 15
NO_TILES_MAX_ZOOM = 18  # without a tile layer Leaflet has no maxZoom of its own
LEAFLET_JS = "vendor/leaflet/leaflet.js"
LEAFLET_CSS = "vendor/leaflet/leaflet.css"
# Colour and size per point type; the legend (HTML, in the page) and site.css use the same colours.
TYPE_STYLES = {
    "buu-cuc": {"color": "#0b5394", "radius": 8},
    "bdvhx": {"color": "#1e6b2f", "radius": 7},
    "dai-ly": {"color": "#a34700", "radius": 6},
    "kiot": {"color": "#6a1b9a", "radius": 5},
}
DEFAULT_STYLE = {"color": "#4a4a4a", "radius": 6}
# The script runs only on its own, still-present, not yet drawn container: a slow script for an
# older search must not draw into the container of a newer one.
SCRIPT_WRAPPER = """(function () {{
  "use strict";
  var container = document.getElementById("{name}");
  if (!container || container._leaflet_id || typeof L === "undefined") {{ return; }}
{body}
}})();
"""


def leaflet_assets() -> dict[str, str]:
    """The URLs of the vendored Leaflet script and stylesheet (loaded by site.js with the map)."""
    return {"js": url_for("static", filename=LEAFLET_JS), "css": url_for("static", filename=LEAFLET_CSS)}


def map_id(key: str) -> str:
    """A stable id for a map: the page and its script, two requests, must name the same <div>."""
    return hashlib.sha1(key.encode()).hexdigest()[:12]


def new_map(ident: str, location=PROVINCE_CENTER, zoom: int = PROVINCE_ZOOM) -> folium.Map:
    """An empty map with the vendored Leaflet and the configured tiles (or none)."""
    import folium  # on the first map drawn: numpy and branca come with it, a quarter of a second

    fmap = folium.Map(location=list(location), zoom_start=zoom, tiles=None)
    fmap._id = ident
    assets = leaflet_assets()
    fmap.default_js = [("leaflet", assets["js"])]
    fmap.default_css = [("leaflet_css", assets["css"])]
    tiles = current_app.config.get("MAP_TILES_URL")
    if tiles:
        folium.TileLayer(tiles=tiles, attr=current_app.config.get("MAP_TILES_ATTRIBUTION") or "",
                         max_zoom=19).add_to(fmap)
    else:
        fmap.options["max_zoom"] = NO_TILES_MAX_ZOOM
    return fmap


def marker_style(feature: dict) -> dict:
    """The circle marker's look for a feature's point type."""
    style = TYPE_STYLES.get(feature["properties"]["type"], DEFAULT_STYLE)
    return {"color": style["color"], "fillColor": style["color"], "radius": style["radius"]}


def popup_html(name: str, link: str, label: str) -> str:
    """A popup: the point's name linking to its page, and its type."""
    return f'<a href="{escape(link)}">{escape(name)}</a><br>{escape(label)}'


def points_collection(rows, popups: bool = True) -> dict:
    """The points as a GeoJSON FeatureCollection with what the layer styles and shows."""
    labels = {kind: type_label(kind) for kind in {row.type for row in rows}}  # once, not per point
    link = url_for("public.point_page", slug="SLUG")
    features = []
    for index, row in enumerate(rows):
        properties = {"type": row.type}
        if popups:
            properties["popup"] = popup_html(row.name, link.replace("SLUG", row.slug), labels[row.type])
        # A short id per feature keeps folium's style switch small (it lists every feature id).
        features.append({"type": "Feature", "id": index, "properties": properties, "geometry": {
            "type": "Point", "coordinates": [round(row.lon, 5), round(row.lat, 5)]}})
    return {"type": "FeatureCollection", "features": features}


def add_points_layer(fmap: folium.Map, rows, popups: bool = True) -> None:
    """One GeoJSON layer of circle markers (not one object per point), with popups."""
    import folium

    if not rows:
        return  # an empty search: nothing to draw (and folium refuses popups without fields)
    popup = folium.GeoJsonPopup(fields=["popup"], labels=False, localize=False) if popups else None
    folium.GeoJson(
        points_collection(rows, popups), marker=folium.CircleMarker(weight=2, fill=True, fill_opacity=0.8),
        style_function=marker_style, popup=popup, zoom_on_click=False,
    ).add_to(fmap)


def fit_to(fmap: folium.Map, rows) -> None:
    """Frame the map on the points (a single point at street level)."""
    if len(rows) == 1:
        fmap.location, fmap.options["zoom"] = [rows[0].lat, rows[0].lon], POINT_ZOOM
    elif rows:
        lats, lons = [r.lat for r in rows], [r.lon for r in rows]
        fmap.fit_bounds([[min(lats), min(lons)], [max(lats), max(lons)]], max_zoom=POINT_ZOOM)


def container(ident: str) -> Markup:
    """The <div> the map's script (served from its own URL) draws into: what folium renders for a
    Map of this id, written here so a page render builds no map (tests check it against folium)."""
    return Markup(f'<div class="folium-map" id="map_{ident}" ></div>')


def script_part(fmap: folium.Map) -> str:
    """The map's script, guarded, to serve from our own URL."""
    root = fmap.get_root()
    root.render()
    return SCRIPT_WRAPPER.format(name=fmap.get_name(), body=root.script.render().strip())


def directory_map_html(key: str) -> Markup:
    """The container of the directory map for the filters named by key."""
    return container(map_id(key))


def directory_map_script(key: str, rows) -> str:
    """The directory map's script: every matching point, framed, with popups to their pages."""
    fmap = new_map(map_id(key))
    add_points_layer(fmap, rows)
    fit_to(fmap, rows)
    return script_part(fmap)


def point_map_html(point) -> Markup:
    """The container of a point page's small map."""
    return container(map_id(f"point:{point.slug}"))


def point_map_script(point) -> str:
    """A point page's small map: the point alone, at street level."""
    fmap = new_map(map_id(f"point:{point.slug}"), (point.lat, point.lon), POINT_ZOOM)
    add_points_layer(fmap, [point], popups=False)
    return script_part(fmap)
