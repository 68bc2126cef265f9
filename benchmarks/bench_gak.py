"""cdist_gak and cdist_soft_dtw against tslearn's on the same series.

Run: ``python benchmarks/bench_gak.py``. skmm runs its numba kernel on one
thread and then on every core; tslearn runs its default (one job).
"""

import warnings

import numpy as np
from _common import best_time, describe_threads, header, pinned_blas, report


def main():
    from tslearn.metrics import cdist_gak as tslearn_gak
    from tslearn.metrics import cdist_soft_dtw as tslearn_soft

    from skmm.alignment import cdist_gak, cdist_soft_dtw

    warnings.simplefilter("ignore", UserWarning)
    header("all-pairs GAK and soft-DTW: skmm vs tslearn")
    rng = np.random.default_rng(0)
    with pinned_blas(1):
        print(f"# BLAS: {describe_threads()}")
        for n_series, length in ((100, 64), (40, 256)):
            X = rng.standard_normal((n_series, length, 1)).cumsum(axis=1)
            sigma = 0.5 * np.sqrt(length)
            expected = tslearn_gak(X, sigma=sigma)
            np.testing.assert_allclose(cdist_gak(X, sigma=sigma), expected, rtol=1e-9)
            b = best_time(lambda X=X, s=sigma: tslearn_gak(X, sigma=s), repeat=2)
            for n_jobs in (None, -1):
                a = best_time(
                    lambda X=X, n=n_jobs, s=sigma: cdist_gak(X, sigma=s, n_jobs=n),
                    repeat=3,
                )
                threads = "1 thread" if n_jobs is None else "all cores"
                report(f"cdist_gak {n_series} x {length} ({threads})", a, b, "tslearn")
            expected = tslearn_soft(X, gamma=1.0)
            np.testing.assert_allclose(
                cdist_soft_dtw(X, gamma=1.0), expected, rtol=1e-9
            )
            b = best_time(lambda X=X: tslearn_soft(X, gamma=1.0), repeat=2)
            for n_jobs in (None, -1):
                a = best_time(
                    lambda X=X, n=n_jobs: cdist_soft_dtw(X, gamma=1.0, n_jobs=n),
                    repeat=3,
                )
                threads = "1 thread" if n_jobs is None else "all cores"
                report(
                    f"cdist_soft_dtw {n_series} x {length} ({threads})", a, b, "tslearn"
                )


if __name__ == "__main__":
    main()
