# Sourced by scan.sh and audit.sh: start scripts/serve_for_checks.py in the background, wait for
# its BASE_URL (and ADMIN_EMAIL/ADMIN_PASSWORD when the app has `flask create-admin`), and stop it
# by its PID when the calling script exits. Needs WORK (a temporary folder the caller removes).
PY="${PY:-.venv/bin/python}"

stop_checks_server() {
  if [ -s "$WORK/server.pid" ]; then
    kill "$(cat "$WORK/server.pid")" 2>/dev/null || true
    wait "$CHECKS_SERVER_JOB" 2>/dev/null || true
  fi
}

start_checks_server() {
  "$PY" scripts/serve_for_checks.py --pid-file "$WORK/server.pid" --env-file "$WORK/server.env" \
    --log-file "$WORK/server.log" "$@" >/dev/null &
  CHECKS_SERVER_JOB=$!
  for _ in $(seq 600); do
    [ -f "$WORK/server.env" ] && break
    if ! kill -0 "$CHECKS_SERVER_JOB" 2>/dev/null; then
      echo "the site for the checks did not start:" >&2
      cat "$WORK/server.log" >&2 2>/dev/null || true
      return 1
    fi
    sleep 0.2
  done
  [ -f "$WORK/server.env" ] || { echo "the site for the checks did not start in time" >&2; return 1; }
  # shellcheck disable=SC1091
  . "$WORK/server.env"
  PORT="${BASE_URL##*:}"
  PORT="${PORT%/}"
  export BASE_URL PORT
}
