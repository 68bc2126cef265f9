"""cdist_elastic against aeon's ``*_pairwise_distance`` on the same data.

Run: ``python benchmarks/bench_elastic.py`` (``--quick`` for 100 series,
``--metrics msm,twe`` for a subset). 300 random walks of length 256, one
channel, every measure at aeon's default parameters (skmm's defaults are the
same), all pairs of the set with itself. Both sides use every core (numba
threads; aeon's ``n_jobs=-1``); BLAS is pinned to 1 thread. aeon's functions
are compiled on a small input before the timing; each side runs once for
the slow anchors, the best of three for skmm.

Each row also prints the largest relative difference between the two
matrices: ~1e-15 where aeon follows the papers. ERP and EDR differ by design
(aeon's border rows, see tests/alignment/test_elastic.py), and shape DTW on
the pairs whose path runs along the first row or column: aeon's backtracking
then reads index -1, the last row or column (skmm equals the slow reference
of tests/alignment/_elastic_reference.py on those pairs).
"""

import sys
import time
import warnings

import numpy as np
from _common import best_time, describe_threads, header, pinned_blas, report

METRICS = [
    "dtw",
    "wdtw",
    "ddtw",
    "wddtw",
    "adtw",
    "erp",
    "edr",
    "lcss",
    "msm",
    "twe",
    "shape_dtw",
]


def _aeon(metric):
    try:
        from aeon import distances
    except ImportError:
        return None
    return getattr(distances, f"{metric}_pairwise_distance")


def case(metric, X, ratios):
    from skmm.alignment import cdist_elastic

    cdist_elastic(X[:8, :32], metric=metric, n_jobs=-1)  # compile outside the timing
    ours = best_time(lambda: cdist_elastic(X, metric=metric, n_jobs=-1), repeat=3)
    mine = cdist_elastic(X, metric=metric, n_jobs=-1)
    fn = _aeon(metric)
    if fn is None:
        print(f"{metric:<10} skmm {ours:9.4f} s (aeon not installed)")
        return
    Xa = np.ascontiguousarray(X.transpose(0, 2, 1))  # aeon: (n, channels, length)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fn(Xa[:8, :, :32], n_jobs=-1)
        start = time.perf_counter()
        theirs = fn(Xa, n_jobs=-1)
        other = time.perf_counter() - start
    scale = np.maximum(np.abs(theirs), 1e-12)
    diff = float(np.max(np.abs(mine - theirs) / scale))
    ratios[metric] = report(
        f"{metric} ({len(X)} x {X.shape[1]})",
        ours,
        other,
        "aeon",
        f"(max rel. difference {diff:.1e})",
    )


def main():
    quick = "--quick" in sys.argv
    metrics = METRICS
    for arg in sys.argv[1:]:
        if arg.startswith("--metrics"):
            metrics = arg.split("=", 1)[1].split(",")
    header("Elastic distances, all pairs: skmm.alignment.cdist_elastic vs aeon")
    n = 100 if quick else 300
    X = np.random.default_rng(0).standard_normal((n, 256, 1)).cumsum(axis=1)
    ratios = {}
    with pinned_blas(1):
        import numba

        print(f"# BLAS: {describe_threads()}")
        print(f"# numba threads: {numba.config.NUMBA_NUM_THREADS} (both sides)")
        start = time.perf_counter()
        for metric in metrics:
            case(metric, X, ratios)
        if ratios:
            worst = min(ratios, key=ratios.get)
            print(f"   smallest ratio: {ratios[worst]:.2f}x ({worst})")
        print(f"# total {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
