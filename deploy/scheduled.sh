#!/usr/bin/env bash
# The daily commands (deploy/systemd/lang-son-scheduled.timer), in order; one failing stops the run
# and the unit shows failed in `systemctl status`.
set -euo pipefail
cd "$(dirname "$0")/.."
flask=.venv/bin/flask
"$flask" --app wsgi erase-expired-contacts
# Last, so the erasures above still run when a privacy request is late (this one then fails).
"$flask" --app wsgi privacy-deadlines
