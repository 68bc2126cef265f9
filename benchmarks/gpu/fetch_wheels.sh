#!/usr/bin/env bash
# Prepare .whl/ with the pure-Python dependencies that the GPU machine lacks
# (tslearn), for Python 3.12 on x86-64, and keep the folder out of git.
# Run it here (where PyPI is reachable) before the device call:
#   bash benchmarks/gpu/fetch_wheels.sh
#   run(command="bash benchmarks/gpu/run.sh $OUT", carry=[".whl"], timeout_s=420)
set -euo pipefail
cd "$(dirname "$0")/../.."
grep -qxF "/.whl/" .git/info/exclude 2>/dev/null || echo "/.whl/" >> .git/info/exclude
python3 -m pip download --no-deps --only-binary=:all: --python-version 3.12 \
    --implementation cp --platform manylinux_2_28_x86_64 \
    --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 \
    -d .whl "tslearn==$(python3 -c 'import tslearn; print(tslearn.__version__)')"
ls -l .whl
