#!/usr/bin/env bash
# Run lessons 01-08 under the test command's checks with seeds of your own instead of 42, as a learner who edits
# `set_seed(42)` would. Each seed runs on a copy of nbs/ in a scratch folder; the checkout is not touched.
#   bash tools/try_seeds.sh 7 2024 31337     (about 7 minutes per seed on 2 CPU cores; WORKERS=1 for one notebook at a time)
set -euo pipefail
source "$(dirname "$0")/common.sh"
[ $# -gt 0 ] || { echo "usage: bash tools/try_seeds.sh SEED [SEED ...]"; exit 2; }
for seed in "$@"; do
  [[ "$seed" =~ ^[0-9]+$ ]] || { echo "try_seeds: '$seed' is not a whole number"; exit 2; }
  tmp=$(mktemp -d); cp settings.ini "$tmp/"; mkdir "$tmp/nbs"; cp nbs/0[1-8]_*.ipynb nbs/_quarto.yml "$tmp/nbs/" 2>/dev/null || true
  sed -i "s/set_seed(42)/set_seed($seed)/g" "$tmp"/nbs/0*.ipynb
  n=$(grep -o "set_seed($seed)" "$tmp"/nbs/0*.ipynb | wc -l)
  echo "== seed $seed: $n set_seed calls in lessons 01-08"
  ( cd "$tmp" && MNIST_BASICS_RESULTS="$tmp/results.json" OMP_NUM_THREADS=1 nbdev_test --timing ${WORKERS:+--n_workers $WORKERS} ) \
    || { echo "try_seeds: a lesson failed with seed $seed (copy kept in $tmp)"; exit 1; }
  python -c "
import json; r = json.load(open('$tmp/results.json'))
print('  ' + '\n  '.join(f\"{k:<24} {v['accuracy']:.4f}\" for k, v in r.items()))"
  rm -rf "$tmp"
done
