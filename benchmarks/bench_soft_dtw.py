"""soft_dtw value + gradient against tslearn on one pair of length 512, and
soft_dtw_barycenter against tslearn's softdtw_barycenter.

Run: ``python benchmarks/bench_soft_dtw.py``. Both sides run one thread.
"""

import warnings

import numpy as np
from _common import best_time, describe_threads, header, pinned_blas, report


def main():
    from tslearn.metrics import SoftDTW, SquaredEuclidean

    from skmm.alignment import soft_dtw

    header("soft-DTW value + gradient: skmm.alignment.soft_dtw vs tslearn")
    rng = np.random.default_rng(0)
    with pinned_blas(1):
        print(f"# BLAS: {describe_threads()}")
        for length, d in ((512, 1), (256, 3)):
            x = rng.standard_normal((length, d)).cumsum(axis=0)
            y = rng.standard_normal((length, d)).cumsum(axis=0)

            def ours(x=x, y=y):
                return soft_dtw(x, y, 1.0, return_gradient=True)

            def theirs(x=x, y=y):
                cost = SquaredEuclidean(x, y)
                sdtw = SoftDTW(cost, gamma=1.0)
                value = sdtw.compute()
                return value, cost.jacobian_product(sdtw.grad())

            v1, g1, _ = ours()
            v2, g2 = theirs()
            assert np.isclose(v1, v2, rtol=1e-9) and np.allclose(g1, g2, rtol=1e-7)
            a = best_time(ours, repeat=5)
            b = best_time(theirs, repeat=5)
            cells = length * length
            report(
                f"length {length}, {d} channel(s)",
                a,
                b,
                "tslearn",
                f"(skmm {cells / a / 1e6:.0f} M cells/s)",
            )
        barycenter(rng)


def barycenter(rng):
    """Both sides start from the Euclidean mean and run the same L-BFGS-B."""
    from tslearn.barycenters import softdtw_barycenter

    from skmm.alignment import soft_dtw, soft_dtw_barycenter

    for n_series, length in ((30, 128), (10, 256)):
        X = rng.standard_normal((n_series, length, 1)).cumsum(axis=1)
        init = X.mean(axis=0)

        def ours(X=X, init=init):
            return soft_dtw_barycenter(X, 1.0, init=init, max_iter=30)

        def theirs(X=X, init=init):
            with warnings.catch_warnings():
                # tslearn still passes ``disp`` to scipy's L-BFGS-B
                warnings.simplefilter("ignore", DeprecationWarning)
                return softdtw_barycenter(X, gamma=1.0, init=init, max_iter=30)

        z1, z2 = ours(), theirs()
        f1 = sum(soft_dtw(z1, x, 1.0) for x in X)
        f2 = sum(soft_dtw(z2, x, 1.0) for x in X)
        assert abs(f1 - f2) <= 1e-6 * abs(f2), (f1, f2)
        a = best_time(ours, repeat=3)
        b = best_time(theirs, repeat=3)
        report(f"barycenter {n_series} x {length}", a, b, "tslearn")


if __name__ == "__main__":
    main()
