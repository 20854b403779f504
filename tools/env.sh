#!/usr/bin/env bash
# Create or refresh the pinned course environment in .venv; a no-op (under a second) when nothing changed.
# Also makes sure Graphviz's `dot` exists (chapter 02 draws a diagram with it).
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=.venv/.course-env-stamp
want=$(cat requirements-course.txt setup.py settings.ini | sha1sum | cut -d' ' -f1)
if [ ! -x .venv/bin/python ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "env: installing the course environment into .venv (about 4 min the first time)"
  [ -x .venv/bin/python ] || "${PYTHON:-python3}" -m venv .venv
  if ! .venv/bin/python -m pip install -q -r requirements-course.txt -e . >.venv/pip.log 2>&1; then
    grep -v 'is ignored: it is neither' .venv/pip.log | tail -30
    echo "env: FAILED: pip could not install requirements-course.txt (log: .venv/pip.log)"; exit 1
  fi
  echo "$want" >"$stamp"
fi
if ! command -v dot >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "env: installing Graphviz (for chapter 02's diagram)"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz) >/dev/null 2>&1 \
      || { echo "env: FAILED to install graphviz with apt-get; install it by hand"; exit 1; }
  else
    echo "env: Graphviz's 'dot' is missing; install it (apt-get install graphviz, brew install graphviz)"; exit 1
  fi
fi
