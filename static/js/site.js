/* Site behaviour that enhances plain links and forms; nothing here is required to use the site. */
(function () {
  "use strict";

  var leafletReady = null;

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = function () { script.remove(); resolve(); };
      script.onerror = function () { script.remove(); reject(new Error("could not load " + src)); };
      document.head.appendChild(script);
    });
  }

  function loadStylesheet(href) {
    if (document.querySelector('link[rel="stylesheet"][href="' + href + '"]')) { return; }
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    document.head.appendChild(link);
  }

  /* Leaflet and the map's script (served by us, per filters) load only once the map is in view:
     a phone that never scrolls to the map never downloads them. */
  function drawMap(frame) {
    loadStylesheet(frame.dataset.leafletCss);
    if (!leafletReady) {
      leafletReady = window.L ? Promise.resolve() : loadScript(frame.dataset.leafletJs);
    }
    leafletReady.then(function () {
      if (frame.isConnected) { return loadScript(frame.dataset.mapScript); }
    }).then(function () {
      if (frame.isConnected) { frame.dataset.mapDrawn = "1"; }
    }).catch(function () { leafletReady = null; });
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

  function enhance(root) {
    watchMaps(root);
    setupNearMe(root);
  }
  document.addEventListener("htmx:load", function (event) { enhance(event.target); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  } else {
    enhance(document);
  }
})();
