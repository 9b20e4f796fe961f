#!/usr/bin/env bash
# The two commands of the README's Quick start:
#   ./dev.sh app    start the app on an embedded DuckDB with sample data
#   ./dev.sh test   run the whole test suite (unit, app and browser tests)
# Both create .venv and install requirements.txt first when needed.
set -euo pipefail
cd "$(dirname "$0")"

PYTHON=${PYTHON:-python3}
VENV=.venv

ensure_venv() {
  if ! "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
    echo "Python 3.11 of nieuwer is nodig (gevonden: $("$PYTHON" --version 2>&1))." >&2
    echo "Python 3.11 or newer is required. On Debian/Ubuntu: sudo apt-get install python3" >&2
    exit 1
  fi
  if [ ! -x "$VENV/bin/python" ]; then
    if ! "$PYTHON" -m venv "$VENV"; then
      echo "Kan geen virtuele omgeving maken. Installeer: sudo apt-get install python3-venv" >&2
      exit 1
    fi
  fi
  local stamp="$VENV/.requirements.sha256"
  local want
  want=$(sha256sum requirements.txt | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    "$VENV/bin/python" -m pip install --quiet -r requirements.txt
    echo "$want" > "$stamp"
  fi
}

find_chromium() {
  if [ -n "${WISSELAAR_CHROMIUM:-}" ] && [ -x "$WISSELAAR_CHROMIUM" ]; then
    echo "$WISSELAAR_CHROMIUM"; return
  fi
  for candidate in chromium chromium-browser google-chrome; do
    if command -v "$candidate" >/dev/null 2>&1; then command -v "$candidate"; return; fi
  done
}

case "${1:-}" in
  app)
    shift
    ensure_venv
    # serve.py: app.py behind the upload guard and the error handler (see serve.py)
    exec "$VENV/bin/streamlit" run serve.py --server.headless true "$@"
    ;;
  test)
    shift
    ensure_venv
    chromium=$(find_chromium || true)
    if [ -z "$chromium" ]; then
      echo "Geen Chromium gevonden voor de browsertests." >&2
      echo "No Chromium found for the browser tests. Install it: sudo apt-get install chromium" >&2
      echo "(or point WISSELAAR_CHROMIUM at a Chromium or Chrome binary)." >&2
      exit 1
    fi
    export WISSELAAR_CHROMIUM="$chromium"
    "$VENV/bin/ruff" check .
    "$VENV/bin/ruff" format --check .
    exec "$VENV/bin/python" -m pytest "$@"
    ;;
  *)
    echo "gebruik: ./dev.sh app | ./dev.sh test [pytest-opties]" >&2
    exit 2
    ;;
esac
