"""How each family's time and memory grow: the measured exponents of the scaling table.

For each family the script times a fit (or the pairwise computation) at three
sizes of one dimension, the others fixed, and prints the exponent of a
least-squares fit of log(time) on log(size), with the peak memory NumPy
allocated at the largest size (tracemalloc). The user guide's "Scaling" table
quotes these exponents. BLAS is pinned to one thread; numba kernels are warmed
up before timing. Exponents from a loaded machine are rough: rerun it quietly.

Run: ``python bench_scaling.py``.
"""

import time
import tracemalloc

import numpy as np
from _common import describe_threads, header, pinned_blas


def _timed(fn):
    tracemalloc.start()
    start = time.perf_counter()
    fn()
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return seconds, peak


def measure(name, sizes, make_run, repeat=2):
    """Time ``make_run(size)()`` at each size; print the growth exponent."""
    make_run(sizes[0])()  # warm-up (numba compilation, caches)
    times, peak = [], 0.0
    for size in sizes:
        run = make_run(size)
        best = min(_timed(run) for _ in range(repeat))
        times.append(best[0])
        peak = best[1]
    slope = np.polyfit(np.log(sizes), np.log(times), 1)[0]
    spans = ", ".join(f"{s}: {t:.3f} s" for s, t in zip(sizes, times))
    print(f"{name:<46} exponent {slope:4.2f} ({spans}; peak {peak:.0f} MiB)")


def main():
    from skmm.alignment import cdist_dtw
    from skmm.colearning import DiscriminativeReweighting, KernelMeanMatching
    from skmm.datasets import make_correlated_views, make_multiview_classification
    from skmm.fusion import LateFusionClassifier
    from skmm.representation import CCA, KernelCCA, MultimodalRBM

    rng = np.random.default_rng(0)
    header("Scaling exponents of each family")
    with pinned_blas(1):
        print(f"# BLAS: {describe_threads()}")

        def cca_n(n):
            X, views = make_correlated_views(
                n_samples=n, n_features=(50, 50), random_state=0
            )
            return lambda: CCA(n_components=5, views=views).fit(X)

        def cca_p(p):
            X, views = make_correlated_views(
                n_samples=5000, n_features=(p, p), random_state=0
            )
            return lambda: CCA(n_components=5, views=views).fit(X)

        measure("CCA fit, samples (p = q = 50)", (5000, 10000, 20000), cca_n)
        measure("CCA fit, features per view (n = 5000)", (50, 100, 200), cca_p)

        def kcca(approximation, n):
            X, views = make_correlated_views(
                n_samples=n, n_features=(5, 5), random_state=0
            )
            est = KernelCCA(
                n_components=2,
                views=views,
                approximation=approximation,
                n_approx_features=200,
                random_state=0,
            )
            return lambda: est.fit(X)

        measure(
            "KernelCCA exact, samples",
            (500, 1000, 2000),
            lambda n: kcca("exact", n),
        )
        measure(
            "KernelCCA Nystroem (200 landmarks), samples",
            (5000, 10000, 20000),
            lambda n: kcca("nystroem", n),
        )

        def dtw_n(n):
            X = rng.normal(size=(n, 128, 1))
            return lambda: cdist_dtw(X)

        def dtw_len(length):
            X = rng.normal(size=(100, length, 1))
            return lambda: cdist_dtw(X)

        measure("cdist_dtw, series (length 128)", (50, 100, 200), dtw_n)
        measure("cdist_dtw, length (100 series)", (64, 128, 256), dtw_len)

        def late(n):
            X, y, views = make_multiview_classification(
                n_samples=n,
                n_features=(10, 10),
                informativeness=(1.0, 0.5),
                random_state=0,
            )
            return lambda: LateFusionClassifier(views=views).fit(X, y)

        measure("LateFusionClassifier fit, samples", (2000, 4000, 8000), late)

        def rbm(n):
            X = rng.random((n, 64))
            views = {"a": slice(0, 32), "b": slice(32, 64)}
            est = MultimodalRBM(
                views=views, n_view_components=32, n_components=32, n_iter=2
            )
            return lambda: est.fit(X)

        measure("MultimodalRBM fit, samples", (1000, 2000, 4000), rbm)

        def kmm(n):
            X = np.vstack([rng.normal(size=(n, 5)), rng.normal(size=(n, 5)) + 0.5])
            sd = np.r_[np.zeros(n), -np.ones(n)]
            return lambda: KernelMeanMatching(gamma=0.2).fit(X, sample_domain=sd)

        def discr(n):
            X = np.vstack([rng.normal(size=(n, 5)), rng.normal(size=(n, 5)) + 0.5])
            sd = np.r_[np.zeros(n), -np.ones(n)]
            return lambda: DiscriminativeReweighting().fit(X, sample_domain=sd)

        measure("KernelMeanMatching fit, source rows", (1000, 2000, 4000), kmm)
        measure(
            "DiscriminativeReweighting fit, source rows",
            (10000, 20000, 40000),
            discr,
        )


if __name__ == "__main__":
    main()
