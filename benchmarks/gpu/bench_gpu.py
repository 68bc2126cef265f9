"""GPU against CPU, side by side on one machine: cdist_dtw and closed-form CCA.

Usage::

    python benchmarks/gpu/bench_gpu.py [--out DIR] [--dtw-cpu-rows N] [--smoke]

1. ``cdist_dtw`` on 2048 x 2048 pairs of univariate float32 series of length
   256, no band: the CUDA kernel (public function, and the kernel alone at
   strip widths 16 and 32) against the numba CPU path on all cores. The CPU
   path times the first ``--dtw-cpu-rows`` query rows against all 2048 gallery
   series and scales the time to the full matrix (it says so); G cells/s counts
   ``n_x * n_y * 256 * 256`` cells.
2. ``CCA`` fit on 1,000,000 samples x 512 features per view, float64 on both
   sides (the CPU path always computes in float64), plus a float32 GPU fit.
   The data are drawn on the GPU and copied to the host for the CPU side.

Prints the ratios and writes ``results.json`` into ``--out``. Exits 0 with a
"no GPU" line (and ``results.json`` saying so) where CuPy or a device is
missing.
"""

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from _common import describe_threads  # noqa: E402

N_SERIES, LENGTH = 2048, 256
CCA_SAMPLES, CCA_WIDTH, CCA_COMPONENTS = 1_000_000, 512, 8


def _gpu_time(cp, fn, repeat=3):
    """Best wall time of ``fn()`` with the device synchronised, after a warm-up."""
    fn()
    cp.cuda.Device().synchronize()
    best = np.inf
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        cp.cuda.Device().synchronize()
        best = min(best, time.perf_counter() - start)
    return best


def bench_dtw(cp, results, cpu_rows):
    from skmm._kernels._cuda_dtw import cdist_dtw_cupy
    from skmm.alignment import cdist_dtw

    rng = np.random.default_rng(0)
    X = rng.standard_normal((N_SERIES, LENGTH, 1)).astype(np.float32)
    Y = rng.standard_normal((N_SERIES, LENGTH, 1)).astype(np.float32)
    Xd, Yd = cp.asarray(X), cp.asarray(Y)
    cells = float(N_SERIES) * N_SERIES * LENGTH * LENGTH
    print(
        f"\n## cdist_dtw: {N_SERIES} x {N_SERIES} pairs, length {LENGTH}, "
        "float32, no band"
    )
    t_gpu = _gpu_time(cp, lambda: cdist_dtw(Xd, Yd, squared=True))
    gpu_rate = cells / t_gpu / 1e9
    print(
        f"GPU cdist_dtw (public, validation included): {t_gpu:8.4f} s = "
        f"{gpu_rate:7.0f} G cells/s"
    )
    lens = cp.full(N_SERIES, LENGTH, dtype=cp.int32)
    strips = {}
    for strip in (16, 32):
        t = _gpu_time(
            cp, lambda s=strip: cdist_dtw_cupy(Xd, Yd, lens, lens, -1, strip=s)
        )
        strips[strip] = cells / t / 1e9
        print(
            f"GPU kernel alone, strip {strip:2d}: {t:8.4f} s = "
            f"{strips[strip]:7.0f} G cells/s"
        )

    import numba

    rows = min(cpu_rows, N_SERIES)
    cdist_dtw(X[:2], Y[:16], n_jobs=-1)  # compile (numba cache) outside timing
    start = time.perf_counter()
    cpu_part = cdist_dtw(X[:rows], Y, squared=True, n_jobs=-1)
    t_part = time.perf_counter() - start
    t_cpu = t_part * N_SERIES / rows
    cpu_rate = cells / t_cpu / 1e9
    print(
        f"CPU cdist_dtw (numba, {numba.get_num_threads()} threads): {rows} of "
        f"{N_SERIES} rows took {t_part:.2f} s; scaled to the full matrix "
        f"{t_cpu:.2f} s = {cpu_rate:.1f} G cells/s"
    )
    ratio = t_cpu / t_gpu
    print(f"ratio CPU / GPU: {ratio:.1f}x (target: >= 3,000 G cells/s on the GPU)")
    gpu_part = cp.asnumpy(cdist_dtw(Xd[:rows], Yd, squared=True))
    err = float(np.max(np.abs(gpu_part - cpu_part) / cpu_part))
    print(f"max relative difference GPU float32 vs CPU float64 (those rows): {err:.2e}")
    results["dtw"] = {
        "shape": [N_SERIES, N_SERIES, LENGTH],
        "gpu_seconds": t_gpu,
        "gpu_gcells_per_s": gpu_rate,
        "gpu_kernel_gcells_per_s_by_strip": strips,
        "cpu_rows_timed": rows,
        "cpu_seconds_scaled": t_cpu,
        "cpu_threads": numba.get_num_threads(),
        "cpu_gcells_per_s": cpu_rate,
        "ratio": ratio,
        "max_rel_diff": err,
    }


def _cca_data(cp):
    """Two views of 512 columns sharing 8 latent signals, drawn on the GPU."""
    rs = cp.random.RandomState(0)
    latent = rs.standard_normal((CCA_SAMPLES, CCA_COMPONENTS), dtype=cp.float64)
    X = rs.standard_normal((CCA_SAMPLES, 2 * CCA_WIDTH), dtype=cp.float64)
    mix = rs.standard_normal((CCA_COMPONENTS, 2 * CCA_WIDTH), dtype=cp.float64)
    X += 0.3 * (latent @ mix)
    del latent
    return X


def _fit_float32(cp, make, Xd):
    Xd32 = Xd.astype(cp.float32)
    return _gpu_time(cp, lambda: make().fit(Xd32), repeat=2)


def bench_cca(cp, results):
    from skmm.representation import CCA

    print(
        f"\n## CCA fit: {CCA_SAMPLES:,} samples x {CCA_WIDTH} features per view, "
        f"{CCA_COMPONENTS} components"
    )
    Xd = _cca_data(cp)
    views = {"a": slice(0, CCA_WIDTH), "b": slice(CCA_WIDTH, 2 * CCA_WIDTH)}

    def make():
        return CCA(n_components=CCA_COMPONENTS, views=views)

    make().fit(Xd[:5000])  # load cuBLAS / cuSOLVER outside the timing
    t_gpu = _gpu_time(cp, lambda: make().fit(Xd), repeat=2)
    gpu_corr = cp.asnumpy(make().fit(Xd).canonical_correlations_)
    print(f"GPU CCA fit, float64: {t_gpu:8.3f} s")
    t_gpu32 = _fit_float32(cp, make, Xd)
    print(f"GPU CCA fit, float32: {t_gpu32:8.3f} s")
    X = cp.asnumpy(Xd)
    Xd = None
    cp.get_default_memory_pool().free_all_blocks()
    print(f"CPU BLAS: {describe_threads()}")
    start = time.perf_counter()
    cpu = make().fit(X)
    t_cpu = time.perf_counter() - start
    print(f"CPU CCA fit, float64 (one run): {t_cpu:8.3f} s")
    ratio = t_cpu / t_gpu
    print(f"ratio CPU / GPU (float64): {ratio:.1f}x (target >= 20x)")
    diff = float(np.max(np.abs(gpu_corr - cpu.canonical_correlations_)))
    print(f"max |canonical correlation GPU - CPU|: {diff:.2e}")
    results["cca"] = {
        "shape": [CCA_SAMPLES, CCA_WIDTH, CCA_WIDTH],
        "gpu_seconds_float64": t_gpu,
        "gpu_seconds_float32": t_gpu32,
        "cpu_seconds_float64": t_cpu,
        "cpu_blas": describe_threads(),
        "ratio_float64": ratio,
        "max_corr_diff": diff,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=None, help="folder for results.json")
    parser.add_argument("--dtw-cpu-rows", type=int, default=256)
    parser.add_argument("--skip-cca", action="store_true")
    parser.add_argument(
        "--smoke", action="store_true", help="tiny sizes, to check the script runs"
    )
    args = parser.parse_args(argv)
    if args.smoke:
        global N_SERIES, LENGTH, CCA_SAMPLES, CCA_WIDTH
        N_SERIES, LENGTH, CCA_SAMPLES, CCA_WIDTH = 64, 40, 20_000, 16
    out = Path(args.out) if args.out else None
    if out:
        out.mkdir(parents=True, exist_ok=True)
    results = {
        "machine": {
            "cpu": platform.processor() or platform.machine(),
            "cpu_count": os.cpu_count(),
            "python": platform.python_version(),
            "numpy": np.__version__,
        }
    }
    print("# skmm GPU benchmark")
    from skmm.utils import cupy_available

    if not cupy_available():
        why = (
            "CuPy is not installed"
            if not _has_cupy()
            else "CuPy sees no usable CUDA device"
        )
        print(f"no GPU: {why}; nothing to benchmark.")
        results["status"] = f"no GPU: {why}"
        if out:
            (out / "results.json").write_text(json.dumps(results, indent=2))
        return 0
    import cupy as cp

    props = cp.cuda.runtime.getDeviceProperties(0)
    name = props["name"].decode() if isinstance(props["name"], bytes) else props["name"]
    results["machine"].update(
        gpu=name, cupy=cp.__version__, cuda_runtime=cp.cuda.runtime.runtimeGetVersion()
    )
    print(f"# GPU {name}, CuPy {cp.__version__}, {os.cpu_count()} CPU cores")
    bench_dtw(cp, results, args.dtw_cpu_rows)
    if not args.skip_cca:
        bench_cca(cp, results)
    results["status"] = "ok"
    if out:
        (out / "results.json").write_text(json.dumps(results, indent=2, default=str))
    return 0


def _has_cupy():
    import importlib.util

    return importlib.util.find_spec("cupy") is not None


if __name__ == "__main__":
    sys.exit(main())
