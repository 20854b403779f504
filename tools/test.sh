#!/usr/bin/env bash
# The test command: every gate in order, stopping at the first that fails.
set -euo pipefail
source "$(dirname "$0")/common.sh"
t0=$SECONDS
# Notebooks record their results; under test they go to a scratch file, not the course's results table.
export MNIST_BASICS_RESULTS="$(mktemp -d)/results.json"
gate() { echo; echo "== gate: $*"; }
fail() { echo; echo "FAILED gate: $*"; exit 1; }

gate "library in sync with notebooks (nbdev_export changes nothing in mnist_basics/)"
snap=$(mktemp -d); cp -a mnist_basics "$snap/"
nbdev_export
if ! diff -r -x __pycache__ "$snap/mnist_basics" mnist_basics >"$snap/diff"; then
  head -40 "$snap/diff"; rm -rf mnist_basics; cp -a "$snap/mnist_basics" .; rm -rf "$snap"
  fail "mnist_basics/ differs from what the notebooks export: run nbdev_export and commit the result"
fi
rm -rf "$snap"

gate "notebooks clean (nbdev_clean changes nothing in nbs/)"
snap=$(mktemp -d); cp -a nbs "$snap/"
nbdev_clean
if ! diff -r -x _proc -x .ipynb_checkpoints "$snap/nbs" nbs >"$snap/diff"; then
  head -40 "$snap/diff"; rm -rf nbs; cp -a "$snap/nbs" .; rm -rf "$snap"
  fail "notebooks are not clean: run nbdev_clean and commit the result"
fi
rm -rf "$snap"

gate "derived parts in sync: lesson table, questions, folded answers, links, README (tools/nbtools.py)"
python tools/nbtools.py check || fail "run: python tools/nbtools.py sync"

gate "every notebook runs (nbdev_test)"
# one torch thread per notebook: nbdev_test runs two notebooks at once on our 2 cores
OMP_NUM_THREADS=1 nbdev_test --timing || fail "nbdev_test: a notebook failed (see above)"

gate "every lesson runs offline, on the embedded subset (no data files, no downloads)"
# A learner without the download gets the 10,000 digits shipped in the package; the floors of that data apply.
off=$(mktemp -d)
env -u MNIST_BASICS_ARCHIVES FASTAI_HOME="$off/fastai" MNIST_BASICS_CACHE="$off/cache" MNIST_BASICS_OFFLINE=1 \
  MNIST_BASICS_RESULTS="$off/results.json" OMP_NUM_THREADS=1 nbdev_test --timing --file_re '^0[1-9]b?_.*\.ipynb$' \
  || fail "a lesson failed offline, on the embedded subset (see above)"
rm -rf "$off"

gate "docs pipeline: notebooks processed for Quarto (the steps of nbdev_proc_nbs)"
python tools/docs.py proc || fail "processing notebooks for the docs failed"
if command -v quarto >/dev/null 2>&1; then
  gate "docs site (nbdev_docs)"; nbdev_docs || fail "nbdev_docs"
else
  echo "nbdev_docs skipped: no 'quarto' binary on PATH (Quarto cannot be installed on our machines)"
fi

gate "pytest (tests/)"
echo "(gates so far took $((SECONDS-t0)) s)"
python -m pytest -q --durations=8 tests
