#!/usr/bin/env bash
# The main job on a fresh Debian machine: installs the Debian packages that are missing, builds in
# release mode, imports the bundled CUCM sample into ./tollbook.db (or $DEMO_DB) and prints its calls.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
exec make --no-print-directory run
