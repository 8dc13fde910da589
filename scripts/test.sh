#!/usr/bin/env bash
# The whole test suite from a fresh clone: installs what the tests need when it is missing
# (npm packages; Debian's gdal-bin so tests can check that GDAL/QGIS readers open our output),
# builds the CLI, then runs every test. `.ci/run` and `npm test` both call this.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v ogrinfo >/dev/null 2>&1 || need_apt+=(gdal-bin)
command -v redis-server >/dev/null 2>&1 || need_apt+=(redis-server)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "test.sh: installing ${need_apt[*]} (Debian packages the tests use)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci
fi
npm run build --silent
npx tsc -p tsconfig.json --noEmit
npx vitest run "$@"
