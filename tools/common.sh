# Sourced by the course and test scripts: the environment and where the data comes from.
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash tools/env.sh
export PATH="$PWD/.venv/bin:$PATH" PYTHONWARNINGS="${PYTHONWARNINGS:-ignore::FutureWarning}"
# Offline machines: a folder of fastai archives (mnist_sample.tgz, mnist_png.tgz) beside the project.
if [ -z "${MNIST_BASICS_ARCHIVES:-}" ] && [ -d ../shared/data ]; then export MNIST_BASICS_ARCHIVES="$(cd ../shared/data && pwd)"; fi
