#!/usr/bin/env bash
# Idempotent setup on Debian bookworm: Debian's QGIS 3.22, Xvfb, Qt's lrelease, and a venv
# with the pinned Python packages. Fast when everything is already there.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

need_apt=()
[ -x /usr/bin/qgis ] || need_apt+=(qgis)
/usr/bin/python3 -c "import qgis.core" 2>/dev/null || need_apt+=(python3-qgis)
[ -d /usr/lib/qgis/plugins ] && ls /usr/lib/qgis/plugins | grep -q libprovider_postgres || need_apt+=(qgis-providers)
command -v Xvfb >/dev/null || need_apt+=(xvfb)
command -v lrelease >/dev/null || need_apt+=(qttools5-dev-tools)
fc-list 2>/dev/null | grep -qi "wqy" || need_apt+=(fonts-wqy-microhei)  # Chinese labels
/usr/bin/python3 -c "import ensurepip" 2>/dev/null || need_apt+=(python3-venv)
if [ ${#need_apt[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "setup: installing Debian packages: ${need_apt[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    qgis python3-qgis qgis-providers xvfb xauth qttools5-dev-tools python3-venv \
    fonts-wqy-microhei >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv (with Debian's system site packages for qgis and GDAL)"
  /usr/bin/python3 -m venv --system-site-packages .venv
fi
stamp=.venv/.requirements.sha
want=$(sha256sum requirements-dev.txt | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: installing Python packages from requirements-dev.txt"
  .venv/bin/pip install -q --disable-pip-version-check -r requirements-dev.txt
  echo "$want" > "$stamp"
fi
