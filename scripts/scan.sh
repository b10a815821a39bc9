#!/usr/bin/env bash
# `make scan`: wapiti, from its own virtual environment, against the site served on loopback
# (production settings, seeded SQLite): the public site, then the staff area logged in when the
# app has a login page and `flask create-admin`. Passes only with zero vulnerabilities and zero
# anomalies (internal errors). Nothing leaves the machine: wapiti's DNS and callback endpoints
# point at loopback. The site runs over TLS with BEHIND_HTTPS=1 (Secure cookies, HSTS) as behind the
# production proxy; its certificate is a throw-away self-signed one, so wapiti's ssl module (which
# would judge that certificate, the proxy's job in production) is left out. SCAN_TIME (seconds
# per scan, default 120) bounds the run.
set -euo pipefail
cd "$(dirname "$0")/.."

WAPITI_VERSION=3.2.3  # the last release for Python 3.11 (3.3 needs Python 3.12)
WAPITI_VENV=.venv-wapiti
SCAN_TIME="${SCAN_TIME:-120}"
ATTACK_TIME="${ATTACK_TIME:-20}"
PYTHON="${PYTHON:-$(command -v python3.11 || command -v python3)}"
started=$(date +%s)

if ! "$WAPITI_VENV/bin/wapiti" --version 2>/dev/null | grep -qx "$WAPITI_VERSION"; then
  echo "== installing wapiti3==$WAPITI_VERSION into $WAPITI_VENV"
  rm -rf "$WAPITI_VENV"
  "$PYTHON" -m venv "$WAPITI_VENV"
  "$WAPITI_VENV/bin/pip" install -q --disable-pip-version-check "wapiti3==$WAPITI_VERSION"
fi

WORK="$(mktemp -d -t scan-XXXXXX)"
. scripts/checks_server.sh
trap 'stop_checks_server; rm -rf "$WORK"' EXIT
start_checks_server --https
mkdir -p "$WORK/home"

wapiti() {
  HOME="$WORK/home" "$WAPITI_VENV/bin/wapiti" --dns-endpoint localhost --endpoint "$BASE_URL" \
    --scope folder --max-scan-time "$SCAN_TIME" --max-attack-time "$ATTACK_TIME" \
    --flush-session --store-session "$WORK/session" --store-config "$WORK/config" \
    -x "${BASE_URL}*logout*" -x "${BASE_URL}*dang-xuat*" -x "${BASE_URL}static/*" \
    -m "common,-ssl" --no-bugreport -v 0 -f json "$@"
}

# scan NAME WAPITI-ARGS...: one wapiti run, its report in $WORK/NAME.json. wapiti 3.2.3 can die on
# its own session store, "database is locked", when --max-attack-time cuts a module off in the
# middle of a write; that is the tool failing, not a finding, and the run left no report, so it is
# run again from scratch (--flush-session), once. Any other failure stops the scan.
scan() {
  local name=$1; shift
  local attempt status
  for attempt in 1 2; do
    rm -f "$WORK/$name.json"
    status=0
    wapiti "$@" -o "$WORK/$name.json" >/dev/null 2>"$WORK/$name.err" || status=$?
    cat "$WORK/$name.err" >&2
    [ "$status" = 0 ] && return 0
    [ "$attempt" = 1 ] && grep -q "sqlite3.OperationalError) database is locked" "$WORK/$name.err" || return 1
    echo "== wapiti's own session store was locked (a wapiti fault, no report written): running this scan again"
  done
}

# wapiti follows links and forms, not hx-get: give it those URLs as starting points.
starts=()
while IFS= read -r url; do
  [ -n "$url" ] && starts+=(-s "$url")
done < <("$PY" scripts/scan_report.py start-urls "$BASE_URL" ${ADMIN_EMAIL:+"$ADMIN_EMAIL" "$ADMIN_PASSWORD"})
echo "== wapiti $WAPITI_VERSION on the public site $BASE_URL (${#starts[@]} hx-get URLs added)"
scan public -u "$BASE_URL" "${starts[@]}"
reports=("$WORK/public.json")

login_status=$(curl -sk -o /dev/null -w '%{http_code}' "${BASE_URL}admin/login" || true)
if [ "$login_status" = 200 ] && [ -n "${ADMIN_EMAIL:-}" ]; then
  echo "== wapiti on the staff area ${BASE_URL}admin/, logged in as $ADMIN_EMAIL"
  # `--option=value`: a password may begin with "-", which argparse would otherwise take for an option.
  scan admin -u "${BASE_URL}admin/" --form-url "${BASE_URL}admin/login" \
    --form-user="$ADMIN_EMAIL" --form-password="$ADMIN_PASSWORD" -dr 1
  reports+=("$WORK/admin.json")
else
  echo "== no staff area scan: /admin/login answers $login_status, admin account: ${ADMIN_EMAIL:-none}"
fi

status=0
"$PY" scripts/scan_report.py summary "${reports[@]}" || status=$?
echo "scan took $(( $(date +%s) - started )) s"
exit $status
