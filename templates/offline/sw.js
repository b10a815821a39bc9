/* The site's service worker: pages a phone has opened stay readable without a connection.
   Pages come from the network first and a copy is kept; without a connection the copy is shown,
   with its date. Fingerprinted static files (their URL changes with their content) come from the
   phone's copy. Staff pages, personal pages (no-store), forms sent and htmx fragments are never
   kept. Rendered by app/offline/routes.py. */
"use strict";

var VERSION = {{ version|tojson }};
var SHELL = {{ shell|tojson }};
var PAGES = {{ pages|tojson }};
var OFFLINE_URL = {{ offline_url|tojson }};
var STATIC_CACHE = "static-" + VERSION;
var PAGE_CACHE = "pages";
var MAX_PAGES = 80;  // the oldest visited pages are let go past this many
var STAFF_PATHS = /^\/admin(\/|$)/;

self.addEventListener("install", function (event) {
  event.waitUntil(Promise.all([
    caches.open(STATIC_CACHE).then(function (cache) { return cache.addAll(SHELL); }),
    caches.open(PAGE_CACHE).then(function (cache) {
      return Promise.all(PAGES.map(function (url) {
        return fetch(url, { credentials: "same-origin" }).then(function (response) {
          return keepable(response) ? stamped(response).then(function (copy) { return cache.put(url, copy); }) : null;
        });
      }));
    })
  ]).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("static-") === 0 && name !== STATIC_CACHE;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

/* A response anyone may keep: a full page or file, neither personal nor staff's. */
function keepable(response) {
  var control = response.headers.get("Cache-Control") || "";
  return response.status === 200 && response.type === "basic" && !/no-store|private/.test(control);
}

/* The response with the time it was kept (the Date header when the server sent one). */
function stamped(response) {
  var headers = new Headers(response.headers);
  if (!headers.get("Date")) { headers.set("Date", new Date().toUTCString()); }
  return response.blob().then(function (body) {
    return new Response(body, { status: response.status, statusText: response.statusText, headers: headers });
  });
}

function keep(cacheName, request, response) {
  return stamped(response).then(function (copy) {
    return caches.open(cacheName).then(function (cache) { return cache.put(request, copy); });
  }).then(function () {
    return cacheName === PAGE_CACHE ? trim() : null;
  });
}

function trim() {
  return caches.open(PAGE_CACHE).then(function (cache) {
    return cache.keys().then(function (keys) {
      var kept = keys.filter(function (key) { return PAGES.indexOf(new URL(key.url).pathname) < 0; });
      return Promise.all(kept.slice(0, Math.max(0, kept.length - MAX_PAGES)).map(function (key) {
        return cache.delete(key);
      }));
    });
  });
}

/* A kept page as shown offline: the notice (hidden in every page) shown, with the copy's date. */
function offlineCopy(response) {
  var saved = new Date(response.headers.get("Date") || Date.now());
  var date = new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Ho_Chi_Minh", day: "2-digit",
                                                month: "2-digit", year: "numeric" }).format(saved);
  return response.text().then(function (html) {
    html = html.replace(" data-offline-notice hidden>", " data-offline-notice>")
               .replace("<span data-offline-date></span>",
                        '<time data-offline-date datetime="' + saved.toISOString() + '">' + date + "</time>");
    return new Response(html, { status: 200, headers: response.headers });
  });
}

/* Offline, a navigation gets the page's kept copy marked as such, or the offline page. */
function fromCopy(request) {
  return caches.match(request, { ignoreVary: true }).then(function (copy) {
    if (copy) { return offlineCopy(copy); }
    return caches.match(OFFLINE_URL, { ignoreVary: true }).then(function (page) {
      return page || Response.error();
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin || STAFF_PATHS.test(url.pathname) || url.pathname === "/sw.js") {
    return;
  }
  if (request.method !== "GET") {
    /* A form sent without a connection: the offline page says it was not sent (the form's page,
       one step back, still holds what was typed). */
    if (request.mode === "navigate") {
      event.respondWith(fetch(request).catch(function () {
        return caches.match(OFFLINE_URL, { ignoreVary: true }).then(function (page) { return page || Response.error(); });
      }));
    }
    return;
  }
  if (request.headers.get("HX-Request")) {
    return;  // fragments of a page: htmx says when one cannot be loaded
  }
  if (url.pathname.indexOf("/static/") === 0 && url.searchParams.get("v")) {
    event.respondWith(caches.match(request).then(function (copy) {
      return copy || fetch(request).then(function (response) {
        if (keepable(response)) { event.waitUntil(keep(STATIC_CACHE, request, response.clone())); }
        return response;
      });
    }));
    return;
  }
  /* Pages are always asked again (a 304 when unchanged): a copy kept by the browser's own cache
     for a few seconds would show without its offline notice. */
  var asked = request.mode === "navigate" ? fetch(request, { cache: "no-cache" }) : fetch(request);
  event.respondWith(asked.then(function (response) {
    if (keepable(response)) { event.waitUntil(keep(PAGE_CACHE, request, response.clone())); }
    return response;
  }).catch(function () {
    return request.mode === "navigate" ? fromCopy(request)
      : caches.match(request, { ignoreVary: true }).then(function (copy) { return copy || Response.error(); });
  }));
});
