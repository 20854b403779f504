#!/usr/bin/env bash
# Run lessons 01-08 with every exercise answered by its reference solution, as a learner who did them all would,
# with a failed check raising (MNIST_BASICS_EXERCISES=strict). The lessons run on copies; the checkout is untouched.
#   bash tools/try_answers.sh        (about as long as the lessons' gate of `make test`)
set -euo pipefail
source "$(dirname "$0")/common.sh"
tmp=$(mktemp -d); cp settings.ini "$tmp/"; mkdir "$tmp/nbs"; cp nbs/0[1-8]_*.ipynb nbs/_quarto.yml "$tmp/nbs/"
python tools/nbtools.py answers "$tmp/nbs"
( cd "$tmp" && MNIST_BASICS_EXERCISES=strict MNIST_BASICS_RESULTS="$tmp/results.json" OMP_NUM_THREADS=1 nbdev_test --timing ) \
  || { echo "try_answers: a lesson failed with the reference answers filled in (copy kept in $tmp)"; exit 1; }
rm -rf "$tmp"; echo "try_answers: every lesson ran with every exercise answered and checked"
