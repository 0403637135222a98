#!/usr/bin/env bash
# Prepares this checkout on Debian 12: system packages, a Python virtual
# environment in .venv and the front-end libraries in node_modules.
#   scripts/setup.sh          what the server needs
#   scripts/setup.sh --test   also what the tests need (Chromium, a Korean font)
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

apt_packages=()
need_deb() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed" || apt_packages+=("$1"); }

python3 -c 'import ensurepip, venv' 2>/dev/null || need_deb python3-venv
command -v node >/dev/null || need_deb nodejs
command -v npm >/dev/null || need_deb npm
# espeak-ng renders the board's spoken announcements when a screen has no Korean voice.
command -v espeak-ng >/dev/null || need_deb espeak-ng
# A full Korean font for printed tickets (the KRDS font is a subset).
need_deb fonts-nanum
# USB ticket printers (libusb) and CUPS raw queues (lp).
need_deb libusb-1.0-0
need_deb cups-client
if [ "$want_test" = 1 ]; then
  [ -x /usr/bin/chromium ] || need_deb chromium
  # The only system font of the browser that checks our shipped fonts draw every glyph.
  need_deb fonts-dejavu-core
  # The tests start throwaway instances of both (tests/support/postgres.py): the engine
  # and API tests run on PostgreSQL too; Redis is the message queue of several processes.
  need_deb postgresql
  need_deb redis-server
  # The cluster test runs two server processes behind nginx (tests/support/proxy.py).
  need_deb nginx
fi

if [ ${#apt_packages[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "Needs these Debian packages (run as root to install them): ${apt_packages[*]}" >&2
    exit 1
  fi
  echo "Installing Debian packages: ${apt_packages[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${apt_packages[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
extras=""
[ "$want_test" = 1 ] && extras="[test]"
# Reinstall only when the project's dependencies changed.
stamp=".venv/.installed$extras"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/pip install -q --disable-pip-version-check -e ".$extras" 2> >(grep -v "^WARNING: Location" >&2)
  touch "$stamp"
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  npm ci --no-audit --no-fund --silent
  touch node_modules
fi
