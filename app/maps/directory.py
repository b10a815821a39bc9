"""The directory's maps: a page embeds only the map's html part (its <div>); the script part is
served from a URL of ours as application/javascript, so the Content-Security-Policy forbids inline
scripts. Leaflet comes from static/vendor/; points are ONE GeoJSON layer of circle markers by type.

What a phone needs is done by static/js/map.js, which each map's script calls last
(`lsMap.enhance`): the communes' outlines under the points (static/js/communes.js), a notice and no
tile credit when the tiles do not load, taps that reach the nearest point within 22 px, popups, and
a hint that two fingers move the map. One finger scrolls the page: dragging is off on touch screens
from the start (below), so a missing helper still leaves the page scrollable."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import time
from functools import lru_cache
from typing import TYPE_CHECKING

from flask import current_app, url_for
from flask_babel import gettext as _
from markupsafe import Markup, escape

from app.labels import type_label
from app.maps.outlines import STATIC_NAME as OUTLINES_NAME

if TYPE_CHECKING:
    import folium

PROVINCE_CENTER = (21.85, 106.62)
PROVINCE_ZOOM = 9
POINT_ZOOM = 15
POINT_ZOOM_WITHOUT_TILES = 13  # the point's commune around it, when outlines are all there is
NO_TILES_MAX_ZOOM = 18  # without a tile layer Leaflet has no maxZoom of its own
POINT_BOUNDS = 0.01  # degrees (about 1 km) around a point that its page's map may show
LEAFLET_JS = "vendor/leaflet/leaflet.js"
LEAFLET_CSS = "vendor/leaflet/leaflet.css"
HELPER_JS = "js/map.js"
# Touch screens: one finger scrolls the page, two move the map (Leaflet's touch zoom pans too).
DRAG_WITH_A_MOUSE = '!(L.Browser.mobile || window.matchMedia("(pointer: coarse)").matches)'
# Colour and size per point type; the legend (HTML, in the page) and site.css use the same colours.
TYPE_STYLES = {
    "buu-cuc": {"color": "#0b5394", "radius": 8},
    "bdvhx": {"color": "#1e6b2f", "radius": 7},
    "dai-ly": {"color": "#a34700", "radius": 6},
    "kiot": {"color": "#6a1b9a", "radius": 5},
}
DEFAULT_STYLE = {"color": "#4a4a4a", "radius": 6}
ENHANCE_TEMPLATE = """{% macro script(this, kwargs) %}
    if (window.lsMap) { window.lsMap.enhance({{ this.map_name }}, {{ this.layer_name }}, {{ this.settings }}); }
{% endmacro %}"""
# The script runs only on its own, still-present, not yet drawn container: a slow script for an
# older search must not draw into the container of a newer one.
SCRIPT_WRAPPER = """(function () {{
  "use strict";
  var container = document.getElementById("{name}");
  if (!container || container._leaflet_id || typeof L === "undefined") {{ return; }}
{body}
}})();
"""


@dataclass(frozen=True)
class MapPoint:
    """A point as the directory map shows it: where, its type, and what its popup says of today."""

    slug: str
    name: str
    type: str
    lat: float
    lon: float
    address: str = ""
    status: Markup = Markup("")  # the list's "open now" line
    today: list[tuple[time, time]] = field(default_factory=list)  # today's opening ranges


def leaflet_assets() -> dict[str, str]:
    """The URLs the map frame names for site.js: vendored Leaflet's script and stylesheet, our
    map helper and the communes' outlines (loaded with the map, when it comes into view)."""
    return {"js": url_for("static", filename=LEAFLET_JS), "css": url_for("static", filename=LEAFLET_CSS),
            "helper": url_for("static", filename=HELPER_JS), "outlines": url_for("static", filename=OUTLINES_NAME)}


def map_id(key: str) -> str:
    """A stable id for a map: the page and its script, two requests, must name the same <div>."""
    return hashlib.sha1(key.encode()).hexdigest()[:12]


def new_map(ident: str, location=PROVINCE_CENTER, zoom: int = PROVINCE_ZOOM) -> folium.Map:
    """An empty map with the vendored Leaflet and the configured tiles (or none); dragged with a
    mouse, not with one finger."""
    import folium  # on the first map drawn: numpy and branca come with it, a quarter of a second
    from folium.utilities import JsCode

    fmap = folium.Map(location=list(location), zoom_start=zoom, tiles=None)
    fmap.options["dragging"] = JsCode(DRAG_WITH_A_MOUSE)
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
    # A white ring keeps the colour readable on the tiles, the outlines and the grey.
    return {"color": "#ffffff", "fillColor": style["color"], "radius": style["radius"]}


def hours_text(spans: list[tuple[time, time]]) -> str:
    """Today's opening ranges as the point page writes them, or that the point does not open."""
    if not spans:
        return _("Hôm nay nghỉ")
    ranges = ", ".join(f"{opens:%H:%M}–{closes:%H:%M}" for opens, closes in spans)
    return _("Hôm nay: %(hours)s", hours=ranges)


def popup_html(name: str, link: str, label: str) -> str:
    """A popup's head: the point's name linking to its page, and its type."""
    return f'<a href="{escape(link)}">{escape(name)}</a><br>{escape(label)}'


def points_collection(rows) -> dict:
    """The points as a GeoJSON FeatureCollection with what the layer styles (the type)."""
    # A short id per feature keeps folium's style switch small (it lists every feature id); it
    # also names the feature's popup in the list the helper gets.
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": index, "properties": {"type": row.type}, "geometry": {
            "type": "Point", "coordinates": [round(row.lon, 5), round(row.lat, 5)]}}
        for index, row in enumerate(rows)]}


def popups_of(rows) -> dict:
    """Each point's popup, in the order of the layer's features: its head (popup_html), an index
    into `texts` for its open-now line and for its hours today (few differ: sent once each), and
    its address. static/js/map.js joins them, a line each."""
    labels = {kind: type_label(kind) for kind in {row.type for row in rows}}  # once, not per point
    link = url_for("public.point_page", slug="SLUG")
    texts: dict[str, int] = {}

    def text(html: str) -> int:
        return texts.setdefault(html, len(texts))

    points = [[popup_html(row.name, link.replace("SLUG", row.slug), labels[row.type]), text(str(row.status)),
               text(str(escape(hours_text(row.today)))), str(escape(row.address))] for row in rows]
    return {"texts": list(texts), "points": points}


def add_points_layer(fmap: folium.Map, rows) -> folium.GeoJson | None:
    """One GeoJSON layer of circle markers (not one object per point); static/js/map.js opens
    their popups, for a tap on or near a point."""
    import folium

    if not rows:
        return None  # an empty search: nothing to draw
    layer = folium.GeoJson(points_collection(rows), marker=folium.CircleMarker(weight=2, fill=True, fill_opacity=0.9),
                           style_function=marker_style, zoom_on_click=False)
    layer.add_to(fmap)
    return layer


@lru_cache(maxsize=1)
def enhance_template():
    """The template of the call to static/js/map.js, compiled once."""
    from folium.template import Template

    return Template(ENHANCE_TEMPLATE)


def enhance(fmap: folium.Map, layer: folium.GeoJson | None, kind: str, popups: dict | None = None) -> None:
    """Call static/js/map.js on the map, last in its script, with the texts it shows and the
    points' popups (in UTF-8: Vietnamese escaped as folium does would double their size)."""
    from folium.elements import MacroElement

    settings = {"kind": kind, "tiles": bool(current_app.config.get("MAP_TILES_URL")),
                "notice": _("Không tải được nền bản đồ; vẫn xem được ranh giới xã và các điểm"),
                "hint": _("Dùng hai ngón tay để di chuyển bản đồ"), "popups": popups}
    call = MacroElement()
    call._template = enhance_template()
    call.map_name, call.layer_name = fmap.get_name(), layer.get_name() if layer else "null"
    text = json.dumps(settings, ensure_ascii=False, separators=(",", ":"))
    # No "</script>" nor HTML comment can start in it, whatever a name holds; U+2028/9 end a JS line.
    call.settings = (text.replace("<", "\\u003c").replace(">", "\\u003e")
                     .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
    call.add_to(fmap)


def fit_to(fmap: folium.Map, rows) -> None:
    """Frame the map on the points (a single point at street level), at once: a zoom animated
    from the province's view costs a phone frames, and a tap during it would miss its dot."""
    from folium.map import FitBounds

    if len(rows) == 1:
        fmap.location, fmap.options["zoom"] = [rows[0].lat, rows[0].lon], POINT_ZOOM
    elif rows:
        lats, lons = [r.lat for r in rows], [r.lon for r in rows]
        framing = FitBounds([[min(lats), min(lons)], [max(lats), max(lons)]], max_zoom=POINT_ZOOM)
        framing.options["animate"] = False
        fmap.add_child(framing)


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


def directory_map_script(key: str, rows: list[MapPoint]) -> str:
    """The directory map's script: every matching point, framed, with popups to their pages."""
    fmap = new_map(map_id(key))
    layer = add_points_layer(fmap, rows)
    fit_to(fmap, rows)
    enhance(fmap, layer, "directory", popups_of(rows))
    return script_part(fmap)


def point_map_html(point) -> Markup:
    """The container of a point page's small map."""
    return container(map_id(f"point:{point.slug}"))


def point_map_script(point) -> str:
    """A point page's small map: the point alone, at street level, held in the middle (no dragging,
    zooms about the centre, the view kept within about a kilometre of it)."""
    zoom = POINT_ZOOM if current_app.config.get("MAP_TILES_URL") else POINT_ZOOM_WITHOUT_TILES
    fmap = new_map(map_id(f"point:{point.slug}"), (point.lat, point.lon), zoom)
    fmap.options.update(
        dragging=False, keyboard=False, scroll_wheel_zoom="center", touch_zoom="center",
        double_click_zoom="center", max_bounds_viscosity=1.0,
        max_bounds=[[point.lat - POINT_BOUNDS, point.lon - POINT_BOUNDS],
                    [point.lat + POINT_BOUNDS, point.lon + POINT_BOUNDS]])
    layer = add_points_layer(fmap, [point])
    enhance(fmap, layer, "point")
    return script_part(fmap)
