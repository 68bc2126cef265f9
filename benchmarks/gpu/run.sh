#!/usr/bin/env bash
# GPU validation and benchmark of skmm, in one go, on a machine without network.
#
#   bash benchmarks/gpu/run.sh OUTDIR
#
# 1. Installs the wheels found in .whl/ (pure-Python dependencies missing on the
#    GPU machine, e.g. tslearn) into /tmp/site and puts it on PYTHONPATH.
# 2. Installs skmm with `pip install --no-deps --no-build-isolation -e .` unless
#    this checkout is already the importable skmm (falls back to PYTHONPATH).
# 3. Runs `pytest tests/gpu` (GPU results against the CPU paths; they skip with
#    the reason when CuPy or a device is absent).
# 4. Runs benchmarks/gpu/bench_gpu.py (cdist_dtw 2048 x 2048 x 256 float32 and
#    CCA 1,000,000 x 512 per view, GPU against the CPU on all cores).
#
# Writes into OUTDIR: run.log (everything), versions.txt, pytest.log,
# bench.log, results.json and status.txt. Exit codes: 0 when every step ran
# (also on a machine without a GPU: status.txt then starts with "no GPU" and the
# GPU tests are skipped), 1 when the GPU tests failed, 2 when the benchmark
# failed, 64 for a usage error. Finishes in well under 5 minutes on an H100/H200
# (cold numba compilation included).
#
# Without a GPU, benchmarks/gpu/fake_cupy (a NumPy stand-in for CuPy whose
# RawModule compiles the kernel as host C++) dry-runs the same Python paths:
#   PYTHONPATH=benchmarks/gpu/fake_cupy python -m pytest tests/gpu/test_gpu.py
#
# Device-tool call from a workplace session (the .whl folder travels with carry):
#   run(command="bash benchmarks/gpu/run.sh $OUT", carry=[".whl"], timeout_s=420)
set -u
if [ $# -ne 1 ]; then
    echo "usage: bash benchmarks/gpu/run.sh OUTDIR" >&2
    exit 64
fi
OUT=$1
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
PY=${PYTHON:-python3}
export PYTHONUNBUFFERED=1
exec > >(tee "$OUT/run.log") 2>&1
start=$(date +%s)
step() { echo "== [$(($(date +%s) - start)) s] $*"; }

step "wheels"
if compgen -G ".whl/*.whl" > /dev/null; then
    mkdir -p /tmp/site
    if "$PY" -m pip install -q --no-index --no-deps --no-compile --no-cache-dir \
        --upgrade --target /tmp/site .whl/*.whl; then
        export PYTHONPATH=/tmp/site${PYTHONPATH:+:$PYTHONPATH}
        echo "installed into /tmp/site: $(ls .whl)"
    else
        echo "warning: the wheels in .whl/ did not install"
    fi
else
    echo "no .whl/ folder: using the installed packages"
fi

step "skmm"
here=$("$PY" -c "import skmm, os; print(os.path.dirname(os.path.dirname(os.path.abspath(skmm.__file__))))" 2>/dev/null)
if [ "$here" = "$ROOT" ]; then
    echo "skmm already imports from $ROOT"
elif "$PY" -m pip install -q --no-deps --no-build-isolation -e . ; then
    echo "installed skmm (editable) from $ROOT"
else
    echo "pip install failed: using PYTHONPATH=$ROOT"
    export PYTHONPATH=$ROOT${PYTHONPATH:+:$PYTHONPATH}
fi

step "versions"
{
    "$PY" - <<'EOF'
import importlib, platform, os
print("python", platform.python_version(), "cpus", os.cpu_count())
for name in ["numpy", "scipy", "sklearn", "numba", "joblib", "tslearn", "cupy", "skmm"]:
    try:
        mod = importlib.import_module(name)
        print(name, getattr(mod, "__version__", "?"), os.path.dirname(mod.__file__))
    except Exception as exc:  # noqa: BLE001
        print(name, "NOT IMPORTABLE:", type(exc).__name__, exc)
try:
    import cupy
    n = cupy.cuda.runtime.getDeviceCount()
    props = cupy.cuda.runtime.getDeviceProperties(0)
    print("cuda devices", n, props["name"], "runtime", cupy.cuda.runtime.runtimeGetVersion())
except Exception as exc:  # noqa: BLE001
    print("no GPU:", type(exc).__name__, exc)
EOF
    nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv 2>&1 | head -3
} | tee "$OUT/versions.txt"

gpu=$("$PY" -c "from skmm.utils import cupy_available; print(int(cupy_available()))" 2>/dev/null || echo 0)
if [ "$gpu" = "1" ]; then
    echo "GPU found" > "$OUT/status.txt"
else
    echo "no GPU: CuPy missing or no CUDA device; GPU tests skip, benchmark reports no GPU" \
        | tee "$OUT/status.txt"
fi

step "pytest tests/gpu"
# Deprecation warnings of a newer stack on the GPU machine are reported, not
# turned into errors: this run checks the GPU numerics.
"$PY" -m pytest -q -p no:cacheprovider -rs tests/gpu \
    -W default::DeprecationWarning -W default::FutureWarning 2>&1 | tee "$OUT/pytest.log"
test_rc=${PIPESTATUS[0]}
echo "pytest exit code $test_rc" | tee -a "$OUT/status.txt"

step "benchmark"
# BENCH_ARGS passes options through, e.g. BENCH_ARGS=--smoke for a dry run
# shellcheck disable=SC2086
"$PY" benchmarks/gpu/bench_gpu.py --out "$OUT" ${BENCH_ARGS:-} 2>&1 | tee "$OUT/bench.log"
bench_rc=${PIPESTATUS[0]}
echo "benchmark exit code $bench_rc" | tee -a "$OUT/status.txt"

step "done"
if [ "$test_rc" -ne 0 ]; then
    exit 1
fi
if [ "$bench_rc" -ne 0 ]; then
    exit 2
fi
exit 0
