#!/usr/bin/env bash
# Installs Debian's Chromium (and Korean fonts, so the page's Korean text renders) when missing:
# the browser tests drive /usr/bin/chromium through playwright-core, which cannot download a
# browser of its own here. Runs apt-get as root, or through sudo when that is available; fails
# loudly otherwise (the browser stage never skips silently).
set -euo pipefail

CHROMIUM=${CHROMIUM_PATH:-/usr/bin/chromium}
packages=()
[ -x "$CHROMIUM" ] || packages+=(chromium)
installed() { dpkg-query -W -f='${Status}' "$1" 2> /dev/null | grep -q 'install ok installed'; }
installed fonts-nanum || packages+=(fonts-nanum)

if [ ${#packages[@]} -eq 0 ]; then
  echo "[chromium] $("$CHROMIUM" --version 2> /dev/null || echo "$CHROMIUM")"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo > /dev/null && sudo -n true 2> /dev/null; then
  as_root=(sudo -n)
else
  echo "[chromium] missing ${packages[*]}, and installing needs root (or passwordless sudo): apt-get install ${packages[*]}" >&2
  exit 1
fi

echo "[chromium] installing ${packages[*]} with apt-get…"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}" > /dev/null
[ -x "$CHROMIUM" ] || { echo "[chromium] $CHROMIUM is still missing after the install" >&2; exit 1; }
echo "[chromium] $("$CHROMIUM" --version 2> /dev/null)"
