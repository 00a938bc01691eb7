#!/usr/bin/env bash
# deps.sh - install the Debian 12 packages Paydesk needs to build, test and run
#
# Copyright 2026 The Paydesk authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs only what is missing, so a second run costs a second. Needs root
# or sudo when something is missing.
set -euo pipefail

packages=(
  # build
  build-essential pkg-config meson ninja-build gettext git
  libglib2.0-dev libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev libjson-glib-dev
  libsecret-1-dev libsqlite3-dev
  # run
  glib-networking libglib2.0-bin sqlite3 ca-certificates
  # validate data files
  desktop-file-utils appstream-util libxml2-utils
  # tests: private session bus, keyring, display, fonts, locales, PDF tools
  dbus dbus-x11 gnome-keyring libsecret-tools xvfb xauth
  fonts-dejavu-core locales poppler-utils imagemagick
  # statement exports: cairo + Pango PDFs (core), non-Latin fonts, libofx's ofxdump
  libcairo2-dev libpango1.0-dev fonts-noto-core ofx
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -q
  as_root apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The money tests format amounts in a comma-decimal locale too.
need_locales=()
for l in en_US.UTF-8 de_DE.UTF-8; do
  locale -a 2>/dev/null | grep -qi "^${l%%.*}\.utf-\?8$" || need_locales+=("$l")
done
if [ ${#need_locales[@]} -gt 0 ]; then
  for l in "${need_locales[@]}"; do
    as_root sed -i "s/^# *\(${l} UTF-8\)/\1/" /etc/locale.gen
    grep -q "^${l} UTF-8" /etc/locale.gen || echo "${l} UTF-8" | as_root tee -a /etc/locale.gen >/dev/null
  done
  as_root locale-gen >/dev/null
fi
