#!/usr/bin/env bash
# demo.sh - install what is missing, build, and start Paydesk on its demo data
#
# Copyright 2026 The Paydesk authors
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

bash build-aux/deps.sh
[ -f build/build.ninja ] || meson setup build >/dev/null
meson compile -C build

if [ -x build/src/app/paydesk ]; then
  exec build/src/app/paydesk --demo "$@"
elif [ -x build/src/cli/paydesk-cli ]; then
  exec build/src/cli/paydesk-cli --demo list charges "$@"
else
  # The window and the command-line tool are not built yet: serve the
  # simulated providers on loopback with their seeded demo data, so any HTTP
  # client can be pointed at them.
  echo "Paydesk demo: the provider simulator with seeded data (Ctrl+C stops it)."
  echo "Base URLs and demo credentials:"
  exec build/src/sandbox/paydesk-sandbox --port 0 --seed 1 "$@"
fi
