#!/usr/bin/env bash
# The main job: build the course. Environment, data, every notebook run and saved with outputs, results table.
set -euo pipefail
source "$(dirname "$0")/common.sh"
t0=$SECONDS
export MNIST_BASICS_RESULTS="$PWD/_results/results.json"
# a result under its floor stops the build (as it fails the test command), instead of a note in the notebook
export MNIST_BASICS_STRICT=1
echo "== data"
python -c "from mnist_basics.data import mnist_path, data_source; p = mnist_path(); print('data:', data_source(p), 'at', p)"
echo "== notebooks"
python tools/run_course.py "$@"
nbdev_clean
python tools/nbtools.py results "$MNIST_BASICS_RESULTS"
nbdev_export
echo; echo "== results (also in nbs/index.ipynb and README.md)"
python -c "
from mnist_basics.results import load_results, results_table
import pandas as pd; pd.set_option('display.width', 200)
print(results_table(load_results()).to_string(index=False))"
echo "course built in $((SECONDS-t0)) s"
