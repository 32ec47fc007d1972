#!/usr/bin/env bash
# Every test on a fresh Debian machine: installs the Debian packages that are missing, builds
# (debug) and runs all unit, plugin, store and end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
exec make --no-print-directory test
