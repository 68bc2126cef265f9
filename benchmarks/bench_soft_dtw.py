"""soft_dtw value + gradient against tslearn on one pair of length 512.

Run: ``python benchmarks/bench_soft_dtw.py``. Both sides run one thread.
"""

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


if __name__ == "__main__":
    main()
