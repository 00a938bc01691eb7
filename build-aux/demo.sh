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

# Run from the build tree: the schema is compiled into build/data, and
# paydesk finds paydesk-sandbox beside it.
export GSETTINGS_SCHEMA_DIR="$top/build/data${GSETTINGS_SCHEMA_DIR:+:$GSETTINGS_SCHEMA_DIR}"
exec build/src/app/paydesk --demo "$@"
