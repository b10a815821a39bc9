#!/usr/bin/env bash
# Print the sha256 of every vendored file, for static/vendor/VENDOR.md and its test.
set -euo pipefail
cd "$(dirname "$0")/../static/vendor"
find . -type f ! -name VENDOR.md | sort | xargs sha256sum | sed 's#  \./#  #'
