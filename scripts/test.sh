#!/usr/bin/env bash
# The test command: installs what the tests need (Chromium from Debian, the package with its
# dev extras, a Jupyter kernel), then runs every test: unit, app, browser, notebook, Hub.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)

if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  echo "== installing Chromium from Debian's packages"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
echo "== installing depth-core with its dev extras"
"$PYTHON" -m pip install -q --disable-pip-version-check -e ".[dev]"
"$PYTHON" -m ipykernel install --user --name python3 >/dev/null

echo "== linting (ruff)"
"$PYTHON" -m ruff check --quiet .

echo "== running the tests"
set +e
"$PYTHON" -m pytest -v -rfEs --durations=15 "$@"
status=$?
set -e
if [ "$status" = 5 ]; then
  echo "pytest collected no tests: that is a failure here" >&2
  exit 1
fi
exit "$status"
