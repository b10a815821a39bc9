"""The maps, drawn with Folium: this package is the only code that imports it."""
from app.maps.directory import (
    TYPE_STYLES, MapPoint, directory_map_html, directory_map_script, leaflet_assets, point_map_html,
    point_map_script, popup_html,
)
from app.maps.staff import (
    ADMIN_SCORE_BANDS, admin_map_name, admin_map_token, admin_quality_map_script, valid_map_token,
)

__all__ = [
    "TYPE_STYLES", "MapPoint", "directory_map_html", "directory_map_script", "leaflet_assets", "point_map_html",
    "point_map_script", "popup_html", "ADMIN_SCORE_BANDS", "admin_map_name", "admin_map_token",
    "admin_quality_map_script", "valid_map_token",
]
