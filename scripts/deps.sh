#!/usr/bin/env bash
# The single list of Sanctuary's dependencies: Debian 12 packages, and the npm
# packages the browser tests use. Installs only what is missing; safe to re-run.
#   scripts/deps.sh          build + run dependencies
#   scripts/deps.sh --test   also everything `make check` and `make bench` need
set -euo pipefail

BUILD_PKGS=(
  gcc make meson ninja-build pkgconf python3
  libmicrohttpd-dev libsqlite3-dev libsodium-dev libjansson-dev
  libcurl4-openssl-dev libutf8proc-dev libqrencode-dev liboath-dev libcmark-dev
)
TEST_PKGS=(
  clang libclang-rt-14-dev libcmocka-dev valgrind
  python3-pytest python3-requests python3-aiosmtpd python3-icalendar
  chromium fonts-noto-core fonts-noto-ui-core poppler-utils zbar-tools
  nodejs npm wrk nginx-light sqlite3 curl openssl
)
NPM_PKGS=(playwright-core@1.49.1 axe-core@4.10.2)

want=("${BUILD_PKGS[@]}")
[[ "${1:-}" == "--test" ]] && want+=("${TEST_PKGS[@]}")

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# node/npm may come from elsewhere on a developer machine; accept them if present.
if command -v node >/dev/null && command -v npm >/dev/null; then
  filtered=(); for p in "${missing[@]}"; do [[ "$p" == nodejs || "$p" == npm ]] || filtered+=("$p"); done
  missing=("${filtered[@]}")
fi

if ((${#missing[@]})); then
  echo "deps: installing ${missing[*]}" >&2
  SUDO=; [[ $(id -u) -ne 0 ]] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

if [[ "${1:-}" == "--test" ]]; then
  here=$(cd "$(dirname "$0")/.." && pwd)
  if [[ ! -d "$here/tests/browser/node_modules/playwright-core" || ! -d "$here/tests/browser/node_modules/axe-core" ]]; then
    echo "deps: npm install ${NPM_PKGS[*]}" >&2
    (cd "$here/tests/browser" && npm install --no-audit --no-fund --silent "${NPM_PKGS[@]}" >&2)
  fi
fi
