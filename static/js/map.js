/* The public maps on a phone. Each map's script (app/maps/directory.py) ends with
   lsMap.enhance(map, pointsLayer, settings); site.js loads this file and the outlines
   (static/js/communes.js) before that script, with Leaflet.

   - The 65 communes' and wards' outlines are drawn under the points, always: without tiles they
     are what the map shows.
   - Without tiles (none set, or none loaded), a notice says so and no tile credit is shown.
   - A tap reaches the nearest point within 22 px of it (a 44-px target around each dot); where
     several share that reach, the map zooms in on them instead.
   - One finger scrolls the page (dragging is off on touch screens, see DRAG_WITH_A_MOUSE); a
     one-finger swipe on the directory's map says that two fingers move it.
   - The mouse wheel scrolls the page over the directory's map until the map is clicked (or gets
     the keyboard's focus); then it zooms the map, until the pointer leaves it. */
(function () {
  "use strict";

  var HIT_RADIUS = 22;
  var CROWD_ZOOM_STEP = 2;
  var TILE_PATIENCE_MS = 8000;  // patchy 3G: no tile by then, say so (and take it back if one comes)
  var HINT_MS = 1500;
  var POINT_ZOOM_WITHOUT_TILES = 13;  // as app/maps/directory.py draws a point's map without tiles
  var OUTLINE = { color: "#56656f", weight: 1, opacity: 0.9, fillColor: "#fbfaf4" };

  function decodeRing(flat, scale) {
    var ring = [], x = 0, y = 0;
    for (var i = 0; i < flat.length; i += 2) {
      x += flat[i];
      y += flat[i + 1];
      ring.push([y * scale, x * scale]);
    }
    return ring;
  }

  function drawOutlines(map) {
    var data = window.lsCommunes;
    if (!data) { return null; }
    var pane = map.createPane("outlines");
    pane.style.zIndex = 350;  // above the tiles (200), under the points (overlayPane, 400)
    var options = L.extend({ pane: "outlines", renderer: L.svg({ pane: "outlines" }),
                             className: "commune-outline", interactive: false, fillOpacity: 0 }, OUTLINE);
    var group = L.featureGroup();
    data.units.forEach(function (unit) {
      var rings = unit.rings.map(function (flat) { return decodeRing(flat, data.scale); });
      L.polygon(rings, options).addTo(group);
    });
    return group.addTo(map);
  }

  /* Under the map, not over it: on a phone's small map a box would hide points. The live region
     is in the page before its text, so that screen readers announce it. */
  function showNotice(map, text) {
    var frame = map.getContainer().parentNode, notice = document.createElement("p");
    notice.className = "map-notice";
    notice.setAttribute("role", "status");
    frame.parentNode.insertBefore(notice, frame.nextSibling);
    window.setTimeout(function () { notice.textContent = text; }, 50);
    return notice;
  }

  /* No tiles: the notice, no credit for tiles not shown, and the land filled so that the
     outlines read as a map. Tiles back: all undone. */
  function watchTiles(map, settings, outlines) {
    var tiles = null, notice = null, failed = false, loaded = false;
    map.eachLayer(function (layer) { if (layer instanceof L.TileLayer) { tiles = layer; } });

    function sayFailure(on) {
      if (on === failed) { return; }
      failed = on;
      if (on) {
        notice = showNotice(map, settings.notice);
      } else if (notice) {
        notice.remove();
        notice = null;
      }
      if (tiles && map.attributionControl && tiles.getAttribution()) {
        map.attributionControl[on ? "removeAttribution" : "addAttribution"](tiles.getAttribution());
      }
      if (outlines) { outlines.setStyle({ fillOpacity: on ? 1 : 0 }); }
      if (on && settings.kind === "point" && map.getZoom() > POINT_ZOOM_WITHOUT_TILES) {
        map.setZoom(POINT_ZOOM_WITHOUT_TILES, { animate: false });  // its commune around it
      }
    }

    if (!tiles) { sayFailure(true); return; }
    tiles.on("tileload", function () { loaded = true; sayFailure(false); });
    tiles.on("tileerror", function () { if (!loaded) { sayFailure(true); } });
    window.setTimeout(function () { if (!loaded) { sayFailure(true); } }, TILE_PATIENCE_MS);
  }

  function popupHtml(popups, id) {
    var point = popups.points[id];
    return [point[0], popups.texts[point[1]], popups.texts[point[2]], point[3]].join("<br>");
  }

  /* Every click or tap on the map (the dots have no handler of their own) goes to the nearest
     point within reach. */
  function tapNearest(map, points, popups) {
    map.on("click", function (event) {
      var near = [];
      points.eachLayer(function (marker) {
        var distance = map.latLngToContainerPoint(marker.getLatLng()).distanceTo(event.containerPoint);
        if (distance <= Math.max(HIT_RADIUS, marker.getRadius())) { near.push({ marker: marker, distance: distance }); }
      });
      if (!near.length) { return; }
      near.sort(function (a, b) { return a.distance - b.distance; });
      var onTheDot = near[0].distance <= near[0].marker.getRadius() + 2;
      if (near.length > 1 && !onTheDot && map.getZoom() < map.getMaxZoom()) {
        map.setZoomAround(event.containerPoint, Math.min(map.getZoom() + CROWD_ZOOM_STEP, map.getMaxZoom()));
        return;
      }
      var marker = near[0].marker;
      // Kept clear of the zoom buttons (top left, 44 px) as it slides into view.
      L.popup({ className: "map-popup", maxWidth: 200, autoPanPaddingTopLeft: [64, 12],
                autoPanPaddingBottomRight: [12, 12] })
        .setLatLng(marker.getLatLng())
        .setContent(popupHtml(popups, marker.feature.id))
        .openOn(map);
    });
  }

  /* A one-finger swipe scrolls the page; say once it happens that two fingers move the map. */
  function hintTwoFingers(map, text) {
    var container = map.getContainer(), timer = null;
    container.setAttribute("data-hint", text);
    container.addEventListener("touchmove", function (event) {
      if (event.touches.length !== 1) { return; }
      container.classList.add("map-hint-on");
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { container.classList.remove("map-hint-on"); }, HINT_MS);
    }, { passive: true });
    container.addEventListener("touchstart", function (event) {
      if (event.touches.length > 1) { container.classList.remove("map-hint-on"); }
    }, { passive: true });
  }

  function wheelAfterClick(map) {
    map.scrollWheelZoom.disable();
    map.on("click focus", function () { map.scrollWheelZoom.enable(); });
    map.on("mouseout blur", function () { map.scrollWheelZoom.disable(); });
  }

  function enhance(map, points, settings) {
    var outlines = drawOutlines(map);
    watchTiles(map, settings, outlines);
    if (points && settings.popups) { tapNearest(map, points, settings.popups); }
    if (settings.kind === "directory" && !map.dragging.enabled()) { hintTwoFingers(map, settings.hint); }
    if (settings.kind === "directory") { wheelAfterClick(map); }
  }

  window.lsMap = { enhance: enhance };
})();
