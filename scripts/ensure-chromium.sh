#!/usr/bin/env bash
# Browser tests use Debian's Chromium at /usr/bin/chromium (or $CHROMIUM_PATH); no test ever downloads a browser.
# Installs it with apt-get when it is missing and we are allowed to (root, or passwordless sudo).
set -euo pipefail
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$chromium" ]; then exit 0; fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "[lifeline] Browser tests need Chromium at $chromium. Install Chromium, or set CHROMIUM_PATH to its binary." >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" != 0 ]; then
  if sudo -n true 2>/dev/null; then sudo="sudo -n"; else
    echo "[lifeline] Chromium is missing. Run: sudo apt-get install -y chromium   (or set CHROMIUM_PATH)" >&2
    exit 1
  fi
fi
echo "[lifeline] Installing Debian's chromium with apt-get…"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
echo "[lifeline] $("$chromium" --version 2>/dev/null | tail -1)"
