/* Site behaviour that enhances plain links and forms; nothing here is required to use the site. */
(function () {
  "use strict";

  var requested = {};  // library URL → true once asked for (each loads once per page)

  /* Scripts inserted this way download in parallel and run in the order inserted: Leaflet, our
     map helper and the outlines, then the map's own script, in one round trip on a slow line. */
  function insertScript(src, done, failed) {
    var script = document.createElement("script");
    script.src = src;
    script.async = false;
    script.onload = function () { script.remove(); if (done) { done(); } };
    script.onerror = function () { script.remove(); if (failed) { failed(); } };
    document.head.appendChild(script);
  }

  var stylesheets = {};  // stylesheet URL → a promise of its having loaded

  function loadStylesheet(href) {
    if (!stylesheets[href] && document.querySelector('link[rel="stylesheet"][href="' + href + '"]')) {
      stylesheets[href] = Promise.resolve();  // the page has it already
    }
    if (!stylesheets[href]) {
      stylesheets[href] = new Promise(function (resolve) {
        var link = document.createElement("link");
        link.rel = "stylesheet";
        link.href = href;
        link.onload = link.onerror = function () { resolve(); };
        document.head.appendChild(link);
      });
    }
    return stylesheets[href];
  }

  /* Leaflet, the helper, the outlines and the map's script (served by us, per filters) load only
     once the map is in view: a phone that never scrolls to the map never downloads them. The map's
     script runs once Leaflet's stylesheet is there, so that nothing moves after it is drawn. */
  function drawMap(frame) {
    var styled = loadStylesheet(frame.dataset.leafletCss);
    var libraries = [[frame.dataset.leafletJs, "L"], [frame.dataset.mapHelper, "lsMap"],
                     [frame.dataset.mapOutlines, "lsCommunes"]];
    libraries.forEach(function (library) {
      var src = library[0];
      if (!src || requested[src] || window[library[1]]) { return; }
      requested[src] = true;
      insertScript(src, null, function () { delete requested[src]; });  // asked again by the next map
    });
    styled.then(function () {
      if (!frame.isConnected) { return; }
      insertScript(frame.dataset.mapScript, function () {
        if (frame.isConnected && window.L) { frame.dataset.mapDrawn = "1"; }
      });
    });
  }

  function within(root, selector) {
    var found = Array.prototype.slice.call(root.querySelectorAll(selector));
    if (root.matches && root.matches(selector)) { found.unshift(root); }
    return found;
  }

  function watchMaps(root) {
    within(root, "[data-map-script]").forEach(function (frame) {
      if (frame.dataset.mapWatched) { return; }
      frame.dataset.mapWatched = "1";
      if (!("IntersectionObserver" in window)) { drawMap(frame); return; }
      var observer = new IntersectionObserver(function (entries) {
        if (entries.some(function (entry) { return entry.isIntersecting; })) {
          observer.disconnect();
          drawMap(frame);
        }
      }, { rootMargin: "200px" });
      observer.observe(frame);
    });
  }

  /* "Near me": the browser's position fills near=LAT,LON and the form is submitted. Three
     decimals (about 100 m) sort the points as well and say less about where someone is, in a
     URL that may be shared or logged. */
  function setupNearMe(root) {
    within(root, "[data-near-me]").forEach(function (button) {
      if (!navigator.geolocation || button.dataset.ready) { return; }
      button.dataset.ready = "1";
      button.hidden = false;
      var message = button.form.querySelector("[data-near-message]");
      button.addEventListener("click", function () {
        if (message) { message.textContent = button.dataset.locating; }
        navigator.geolocation.getCurrentPosition(function (position) {
          if (message) { message.textContent = ""; }
          button.form.elements.near.value =
            position.coords.latitude.toFixed(3) + "," + position.coords.longitude.toFixed(3);
          if (button.form.requestSubmit) { button.form.requestSubmit(); } else { button.form.submit(); }
        }, function () {
          if (message) { message.textContent = button.dataset.failed; }
        }, { timeout: 15000, maximumAge: 300000 });
      });
    });
  }

  /* The filters fold into one line on a phone: its summary names the chosen ones, kept current
     as they change (the server words it the same way). Wider screens show them open. */
  function filterSummary(panel, summary) {
    var chosen = [];
    panel.querySelectorAll("select").forEach(function (select) {
      if (select.value) { chosen.push(select.options[select.selectedIndex].text.trim()); }
    });
    panel.querySelectorAll("input[type=checkbox][data-summary]:checked").forEach(function (box) {
      chosen.push(box.dataset.summary);
    });
    return summary.dataset.label + (chosen.length ? ": " + chosen.join(" · ") : "");
  }

  function setupFilters(root) {
    within(root, "[data-filter-panel]").forEach(function (panel) {
      if (panel.dataset.ready) { return; }
      panel.dataset.ready = "1";
      if (window.matchMedia("(min-width: 48rem)").matches) { panel.open = true; }
      var summary = panel.querySelector("[data-filter-summary]");
      panel.addEventListener("change", function () { summary.textContent = filterSummary(panel, summary); });
    });
  }

  /* Shared URLs stay short: leave empty filters out of htmx GET requests (and the pushed URL). */
  document.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.verb !== "get") { return; }
    var params = event.detail.parameters;
    Object.keys(params).forEach(function (key) {
      if (params[key] === "") { delete params[key]; }
    });
  });

  /* The language switch returns to the page as it is now, query included. */
  function updateLanguageLinks() {
    var here = location.pathname + location.search;
    document.querySelectorAll(".lang-switch input[name='next']").forEach(function (field) {
      field.value = here;
    });
  }
  document.addEventListener("htmx:pushedIntoHistory", updateLanguageLinks);
  document.addEventListener("htmx:historyRestore", updateLanguageLinks);

  /* A part of the page that could not be loaded (no connection): say so, until one loads. */
  function connectionLost(lost) {
    var notice = document.querySelector("[data-connection-lost]");
    if (notice) { notice.hidden = !lost; }
  }
  document.addEventListener("htmx:sendError", function () { connectionLost(true); });
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.successful) { connectionLost(false); }
  });

  /* Pages this phone has opened stay readable offline (the worker is served at the site's root). */
  function registerWorker() {
    var url = document.body.dataset.serviceWorker;
    if (url && "serviceWorker" in navigator && window.isSecureContext) {
      navigator.serviceWorker.register(url).catch(function () { /* the site works without it */ });
    }
  }
  if (document.readyState === "complete") { registerWorker(); } else { window.addEventListener("load", registerWorker); }

  function enhance(root) {
    watchMaps(root);
    setupNearMe(root);
    setupFilters(root);
  }
  document.addEventListener("htmx:load", function (event) { enhance(event.target); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  } else {
    enhance(document);
  }
})();
