#!/usr/bin/env bash
# The daily commands (deploy/systemd/lang-son-scheduled.timer), in order; one failing stops the run
# and the unit shows failed in `systemctl status`.
set -euo pipefail
cd "$(dirname "$0")/.."
flask=.venv/bin/flask
"$flask" --app wsgi erase-expired-contacts
# Staff's daily e-mail of what waits for them (says so and sends nothing while MAIL_SERVER is unset).
# A mail server that refuses it fails the run, once the deadlines below have been checked too.
digest=0
"$flask" --app wsgi send-digest || digest=$?
# Last, so the erasures and the digest above still run when a privacy request is late (this one then fails).
"$flask" --app wsgi privacy-deadlines
exit "$digest"
