#!/usr/bin/env bash
# test.sh - install what is missing, build, and run every Paydesk test
#
# Copyright 2026 The Paydesk authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The suite runs twice: once in a normal build with warnings as errors, and
# once with AddressSanitizer and UndefinedBehaviorSanitizer. Both runs happen
# inside a private D-Bus session with an unlocked gnome-keyring (never the
# user's own) and on a virtual X display. The last line is "N passed, N failed".
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
start=$(date +%s)

bash build-aux/deps.sh || { echo "0 passed, 1 failed"; echo "could not install the build dependencies" >&2; exit 1; }

jobs=$(nproc 2>/dev/null || echo 2)

configure() {
  local dir=$1; shift
  if [ -f "$dir/build.ninja" ]; then
    meson configure "$dir" "$@" >/dev/null
  else
    meson setup "$dir" "$@" >/dev/null
  fi
}

# A throw-away home for everything the tests and the keyring write.
scratch=$(mktemp -d /tmp/paydesk-test.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/runtime" "$scratch/home" "$scratch/data" "$scratch/config" "$scratch/cache"
chmod 700 "$scratch/runtime"

run_suite() {
  local dir=$1; shift
  env -u DBUS_SESSION_BUS_ADDRESS \
    XDG_RUNTIME_DIR="$scratch/runtime" HOME="$scratch/home" \
    XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config" XDG_CACHE_HOME="$scratch/cache" \
    xvfb-run -a -s '-screen 0 1280x800x24' \
    dbus-run-session -- bash -c '
      echo -n paydesk-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
      exec meson test -C "$0" --no-rebuild --print-errorlogs "$@"' "$dir" "$@"
}

count() {
  # Each line of testlog.json is one test program's result.
  python3 - "$1/meson-logs/testlog.json" <<'PY'
import json, sys
ok = bad = 0
try:
    with open(sys.argv[1]) as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            r = json.loads(line).get("result")
            if r in ("OK", "EXPECTEDFAIL"):
                ok += 1
            else:
                bad += 1
except FileNotFoundError:
    bad += 1
print(ok, bad)
PY
}

passed=0
failed=0
status=0

echo "== build (warnings are errors)"
if configure build -Dwerror=true && meson compile -C build -j "$jobs"; then
  echo "== tests"
  run_suite build || status=1
  read -r p f < <(count build)
  passed=$((passed + p)); failed=$((failed + f))
else
  echo "build failed" >&2
  failed=$((failed + 1)); status=1
fi

echo "== build with AddressSanitizer and UndefinedBehaviorSanitizer"
if configure build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug &&
   meson compile -C build-asan -j "$jobs"; then
  echo "== tests under the sanitizers (drawing and data-file suites excluded)"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    run_suite build-asan --no-suite ui --no-suite data --timeout-multiplier 4 || status=1
  read -r p f < <(count build-asan)
  passed=$((passed + p)); failed=$((failed + f))
else
  echo "sanitizer build failed" >&2
  failed=$((failed + 1)); status=1
fi

echo "took $(( $(date +%s) - start )) s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
