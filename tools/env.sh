#!/usr/bin/env bash
# Create or refresh the pinned course environment in .venv; a no-op (under a second) when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=.venv/.course-env-stamp
want=$(cat requirements-course.txt setup.py settings.ini | sha1sum | cut -d' ' -f1)
if [ ! -x .venv/bin/python ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "env: installing the course environment into .venv (about 4 min the first time)"
  [ -x .venv/bin/python ] || "${PYTHON:-python3}" -m venv .venv
  if ! .venv/bin/python -m pip install -q -r requirements-course.txt -e ".[dev]" >.venv/pip.log 2>&1; then
    grep -v 'is ignored: it is neither' .venv/pip.log | tail -30
    echo "env: FAILED: pip could not install requirements-course.txt (log: .venv/pip.log)"; exit 1
  fi
  echo "$want" >"$stamp"
fi
# The widget tests drive a real browser: Debian's Chromium (Playwright uses it as it is; no browser download).
if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  echo "env: installing Chromium for the widget tests (apt-get, about a minute)"
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  { $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium || { $sudo apt-get update -q && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; }; } >.venv/apt.log 2>&1 \
    || { tail -20 .venv/apt.log; echo "env: could not install chromium (log: .venv/apt.log); the widget tests need it"; }
fi
