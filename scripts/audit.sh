#!/usr/bin/env bash
# `make audit`: Lighthouse 12.2.3 (tools/lighthouse, npm ci from its lock file) in Debian's
# Chromium, mobile (Lighthouse's default), on `/` and the first point's page of the site served on
# loopback with production settings and no map tiles. Passes only with performance >= 0.95 and
# accessibility, best practices and SEO at 1.00 on every page.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
LIGHTHOUSE=tools/lighthouse/node_modules/.bin/lighthouse
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
CHROME_FLAGS="--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run"

if [ ! -x "$LIGHTHOUSE" ] || ! "$LIGHTHOUSE" --version | grep -qx 12.2.3; then
  echo "== npm ci in tools/lighthouse"
  npm ci --prefix tools/lighthouse --no-audit --no-fund --loglevel=error >/dev/null
fi

WORK="$(mktemp -d -t audit-XXXXXX)"
. scripts/checks_server.sh
trap 'stop_checks_server; rm -rf "$WORK"' EXIT
start_checks_server

# Performance is measured on a shared 2-core machine: each page is run LH_RUNS times and the
# median run (by performance, as Lighthouse's own docs advise) is the one judged.
LH_RUNS="${LH_RUNS:-3}"
reports=()
n=0
while IFS= read -r url; do
  case "$url" in "#"*) echo "== note:${url#\#}"; continue ;; esac
  n=$((n + 1))
  echo "== lighthouse $url ($LH_RUNS runs)"
  for run in $(seq "$LH_RUNS"); do
    # HOME: Chromium's profile and crash files go to the temporary folder, not the user's.
    HOME="$WORK" "$LIGHTHOUSE" "$url" --chrome-flags="$CHROME_FLAGS" --output=json \
      --output-path="$WORK/page$n-run$run.json" --quiet \
      --only-categories=performance,accessibility,best-practices,seo
    reports+=("$WORK/page$n-run$run.json")
  done
done < <("$PY" scripts/audit_report.py pages "$BASE_URL")

status=0
"$PY" scripts/audit_report.py summary "${reports[@]}" || status=$?
echo "audit took $(( $(date +%s) - started )) s"
exit $status
