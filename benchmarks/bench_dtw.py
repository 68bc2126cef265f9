"""cdist_dtw against dtaidistance, aeon and tslearn on the same data; exact k-NN.

Run: ``python benchmarks/bench_dtw.py`` (``--quick`` for smaller data). Every
tool uses all cores for the pairwise work (numba threads for skmm, aeon and
tslearn; dtaidistance's OpenMP ``parallel=True``); BLAS is pinned to 1 thread.

Exact 1-NN search (KNeighborsDTWClassifier's UCR-suite cascade: LB_Kim and
LB_Keogh order the candidates, the reverse LB_Keogh prunes, DTW is abandoned
on the cumulative bound) is timed against brute-force cdist_dtw + argmin on
Trace and on 1,000 training series of length 512 (100 queries), checking that
both find the same neighbours.
"""

import subprocess
import sys
import time

import numpy as np
from _common import best_time, describe_threads, header, pinned_blas, report


def anchors(X, radius):
    """The tools a user would otherwise pick, as ``name -> callable``."""
    out = {}
    n, length, d = X.shape
    try:
        from dtaidistance import dtw as d_dtw
        from dtaidistance import dtw_ndim

        window = None if radius is None else radius + 1  # their window is r + 1
        d_kw = {} if window is None else {"window": window}
        if d == 1:
            series = np.ascontiguousarray(X[:, :, 0])
            out["dtaidistance"] = lambda: d_dtw.distance_matrix_fast(
                series, parallel=True, **d_kw
            )
        else:
            out["dtaidistance"] = lambda: dtw_ndim.distance_matrix_fast(
                X, parallel=True, **d_kw
            )
    except ImportError:
        pass
    try:
        from aeon.distances import dtw_pairwise_distance

        Xa = np.ascontiguousarray(X.transpose(0, 2, 1))  # aeon: (n, channels, length)
        win = None if radius is None else radius / length
        out["aeon"] = lambda: dtw_pairwise_distance(Xa, window=win, n_jobs=-1)
    except ImportError:
        pass
    try:
        from tslearn.metrics import cdist_dtw as t_cdist

        t_kw = {} if radius is None else {"sakoe_chiba_radius": radius}
        out["tslearn"] = lambda: t_cdist(X, n_jobs=-1, **t_kw)
    except ImportError:
        pass
    return out


def case(title, X, radius):
    from skmm.alignment import cdist_dtw

    n, length, _ = X.shape
    pairs = n * (n - 1) // 2
    if radius is None:
        cells = pairs * length * length
    else:
        i = np.arange(length)[:, None]
        cells = pairs * int((np.abs(i - np.arange(length)[None]) <= radius).sum())
    ours = best_time(lambda: cdist_dtw(X, radius=radius, n_jobs=-1), repeat=3)
    print(f"## {title}: skmm {ours:.3f} s, {cells / ours / 1e9:.2f} G cells/s")
    ratios = {}
    for name, fn in anchors(X, radius).items():
        fn_small = anchors(X[:4, :16], None if radius is None else 2)[name]
        fn_small()  # compile outside the timing
        other = best_time(fn, repeat=1, warmup=0)
        ratios[name] = report(
            f"{title} vs {name}",
            ours,
            other,
            name,
            f"({cells / other / 1e9:.2f} G cells/s)",
        )
    if ratios:
        fastest = min(ratios.get(k, np.inf) for k in ("dtaidistance", "aeon"))
        print(f"   ratio to the fastest of dtaidistance/aeon: {fastest:.2f}x")


def knn_case(radius):
    """Exact 1-NN on Trace: pruned search against brute force, same answers."""
    from skmm.alignment import KNeighborsDTWClassifier, cdist_dtw
    from skmm.alignment._validation import check_dataset
    from skmm.datasets import load_trace

    X_train, y_train, _ = load_trace(subset="train")
    X_test, _, _ = load_trace(subset="test")
    clf = KNeighborsDTWClassifier(radius=radius, n_jobs=-1).fit(X_train, y_train)
    data, lengths = check_dataset(X_test)
    pruned = best_time(lambda: clf._search(data, lengths), repeat=3)
    brute = best_time(
        lambda: cdist_dtw(X_test, X_train, radius=radius, n_jobs=-1).argmin(axis=1),
        repeat=3,
    )
    _, ind, n_dtw = clf._search(data, lengths)
    same = np.array_equal(
        ind[:, 0], cdist_dtw(X_test, X_train, radius=radius).argmin(axis=1)
    )
    report(
        f"Trace 1-NN, radius {radius}: pruned vs brute",
        pruned,
        brute,
        "brute force cdist",
        f"(DTW runs {n_dtw.mean():.1f} of {len(X_train)} per query; same: {same})",
    )


def _znorm(X):
    return (X - X.mean(axis=1, keepdims=True)) / X.std(axis=1, keepdims=True)


def _random_walks(n, length, rng):
    return _znorm(rng.standard_normal((n, length)).cumsum(axis=1))


def _cylinder_bell_funnel(n, length, rng):
    """Saito's three shapes on a random support, unit Gaussian noise."""
    t = np.arange(length)
    out = np.empty((n, length))
    for s in range(n):
        a = rng.integers(length // 8, length // 4)
        b = a + rng.integers(length // 4, 3 * length // 4)
        on = ((t >= a) & (t <= b)).astype(float)
        shape = (on, on * (t - a) / (b - a), on * (b - t) / (b - a))[s % 3]
        out[s] = (6 + rng.standard_normal()) * shape + rng.standard_normal(length)
    return _znorm(out)


def ucr_case(title, make, radius, n_train=1000, n_query=100, length=512):
    """Exact 1-NN: the UCR-suite cascade against brute-force cdist_dtw."""
    from skmm.alignment import KNeighborsDTWClassifier, cdist_dtw
    from skmm.alignment._validation import check_dataset

    rng = np.random.default_rng(1)
    train, test = make(n_train, length, rng), make(n_query, length, rng)
    clf = KNeighborsDTWClassifier(radius=radius, n_jobs=-1).fit(
        train, np.zeros(n_train)
    )
    data, lengths = check_dataset(test)
    pruned = best_time(lambda: clf._search(data, lengths), repeat=3)
    cdist_dtw(test[:2], train[:16], radius=radius, n_jobs=-1)  # compile
    start = time.perf_counter()
    brute = cdist_dtw(test, train, radius=radius, n_jobs=-1).argmin(axis=1)
    brute_time = time.perf_counter() - start
    _, ind, n_dtw = clf._search(data, lengths)
    report(
        f"{title}, radius {radius}: cascade vs brute",
        pruned,
        brute_time,
        "brute force cdist",
        f"(DTW runs {n_dtw.mean():.1f} of {n_train} per query; "
        f"same: {np.array_equal(ind[:, 0], brute)})",
    )


def second_process_compile():
    code = (
        "import time, numpy as np; t0 = time.perf_counter();"
        "from skmm.alignment import cdist_dtw, dtw_path, soft_dtw;"
        "t1 = time.perf_counter();"
        "X = np.random.rand(40, 20, 2); cdist_dtw(X, n_jobs=-1);"
        "cdist_dtw(X, radius=2);"
        "dtw_path(X[0], X[1]); soft_dtw(X[0], X[1], return_gradient=True);"
        "print(t1 - t0, time.perf_counter() - t1)"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
    imp, first = map(float, out.stdout.split())
    print(
        f"## a second process: first kernel calls {first:.2f} s from numba's cache "
        f"(imports of skmm/sklearn/scipy before them: {imp:.2f} s)"
    )


def main():
    quick = "--quick" in sys.argv
    header("DTW pairwise distances: skmm.alignment.cdist_dtw vs the anchors")
    rng = np.random.default_rng(0)
    n1, n2 = (100, 80) if quick else (300, 200)
    with pinned_blas(1):
        print(f"# BLAS: {describe_threads()}")
        import numba

        print(f"# numba threads: {numba.config.NUMBA_NUM_THREADS}")
        start = time.perf_counter()
        X = rng.standard_normal((n1, 256, 1)).cumsum(axis=1)
        case(f"{n1} x 256 univariate, all pairs", X, None)
        case(f"{n1} x 256 univariate, 10% band (radius 26)", X, 26)
        X6 = rng.standard_normal((n2, 128, 6)).cumsum(axis=1)
        case(f"{n2} x 128 x 6 channels, all pairs", X6, None)
        knn_case(10)
        knn_case(None)
        walks = "1,000 random walks x 512"
        ucr_case(walks, _random_walks, 25)
        ucr_case(walks, _random_walks, 51)
        # unit noise on every frame loosens every lower bound: little pruning
        ucr_case("1,000 noisy CBF x 512", _cylinder_bell_funnel, 25)
        second_process_compile()
        print(f"# total {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
