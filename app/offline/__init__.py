"""Pages that open without a connection: the service worker (/sw.js), the web app manifest and
the page shown offline for a page this phone never saved."""
