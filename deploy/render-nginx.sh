#!/usr/bin/env bash
# Fill in deploy/nginx-site.conf's placeholders; prints the site to standard output.
#   SITE_URL=https://buudien.langson.vn CERT=/etc/ssl/lang-son.pem KEY=/etc/ssl/lang-son.key \
#     deploy/render-nginx.sh > /etc/nginx/sites-available/lang-son
# Optional: HTTP_PORT (80), HTTPS_PORT (443), UPSTREAM (127.0.0.1:8000), STATIC_ROOT and PAGES
# (this checkout's static/ and deploy/pages/), CACHE_DIR (/var/cache/nginx/lang-son).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
: "${SITE_URL:?SITE_URL is needed (https://host)}" "${CERT:?CERT is needed}" "${KEY:?KEY is needed}"
server_name="${SITE_URL#*://}"; server_name="${server_name%%[:/]*}"
sed -e "s|@@SERVER_NAME@@|$server_name|g" -e "s|@@SITE_URL@@|${SITE_URL%/}|g" \
    -e "s|@@HTTP_PORT@@|${HTTP_PORT:-80}|g" -e "s|@@HTTPS_PORT@@|${HTTPS_PORT:-443}|g" \
    -e "s|@@CERT@@|$CERT|g" -e "s|@@KEY@@|$KEY|g" -e "s|@@UPSTREAM@@|${UPSTREAM:-127.0.0.1:8000}|g" \
    -e "s|@@STATIC_ROOT@@|${STATIC_ROOT:-$(dirname "$here")/static}|g" -e "s|@@PAGES@@|${PAGES:-$here/pages}|g" \
    -e "s|@@CACHE_DIR@@|${CACHE_DIR:-/var/cache/nginx/lang-son}|g" \
    "$here/nginx-site.conf"
