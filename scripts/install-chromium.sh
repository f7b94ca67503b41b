#!/usr/bin/env bash
# Installs Debian's Chromium and ChromeDriver for the browser tests, once. Playwright's own
# browser download does not work here; the tests point Playwright at /usr/bin/chromium.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != "0" ] && ! command -v sudo >/dev/null 2>&1; then
  echo "install-chromium: not root and no sudo; browser tests will be skipped" >&2
  exit 0
fi
SUDO=""
[ "$(id -u)" != "0" ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
if ! { $SUDO apt-get update -qq >/dev/null && \
       $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null; }; then
  echo "install-chromium: apt-get could not install chromium; the browser tests will skip" >&2
  exit 0
fi
command -v chromium
