"""Entropic optimal transport: skmm's numba Sinkhorn against POT's.

skmm solves entropic transport with a log-domain Sinkhorn kernel
(``skmm/_kernels/_transport.py``); POT, the library a user would otherwise pick
(``pip install pot``, skmm's optional ``[ot]`` extra), offers the scaling form
(``method="sinkhorn"``, matrix-vector products) and a log-domain form
(``method="sinkhorn_log"``, NumPy log-sum-exp). skmm's ``sinkhorn`` (scaling
iterations on an absorbed kernel, what the adapters use) runs against the
first, its jitted ``sinkhorn_log`` (potentials only) against the second.
Both sides get the same cost
matrix (squared Euclidean, divided by its largest entry), uniform marginals
and the same stopping rule: L1 violation of the marginals at most 1e-9, at
most 10,000 iterations. Each row prints the time ratio (POT / skmm, above 1
means skmm is faster), the iterations each side ran, and the largest absolute
difference of the plans; "fail" marks a solver that returned NaN (the scaling
form divides by zero once ``exp(-C / eps)`` underflows).

Run: ``python benchmarks/bench_transport.py`` (BLAS pinned to one thread on
both sides).
"""

import sys
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import best_time, describe_threads, header, pinned_blas, report

from skmm._kernels._transport import plan_from_potentials, sinkhorn, sinkhorn_log
from skmm.colearning._domain._transport import cost_matrix

try:
    import ot
except ImportError:  # pragma: no cover - the benchmark needs it
    sys.exit("This benchmark compares with POT: pip install pot")

TOL, MAX_ITER = 1e-9, 10_000


def data(n, d=5, seed=0):
    rng = np.random.default_rng(seed)
    Xs = rng.normal(size=(n, d))
    Xt = rng.normal(size=(n, d)) * 0.8 + 0.5
    return cost_matrix(Xs, Xt, norm="max")


def ours(C, eps, solver=sinkhorn):
    n, m = C.shape
    a, b = np.full(n, 1 / n), np.full(m, 1 / m)
    f, g = np.zeros(n), np.zeros(m)
    n_iter, _ = solver(C, a, b, eps, MAX_ITER, TOL, f, g)
    return plan_from_potentials(C, f, g, eps), n_iter


def pot(C, eps, method):
    n, m = C.shape
    a, b = np.full(n, 1 / n), np.full(m, 1 / m)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        plan, log = ot.sinkhorn(
            a, b, C, eps, method=method, numItermax=MAX_ITER, stopThr=TOL, log=True
        )
    return plan, log["niter"]


def bench(n, eps, method):
    C = data(n)
    # the adapters' solver against POT's scaling form; the jitted log-domain
    # solver (no second n x m array) against POT's log-domain form
    solver = sinkhorn if method == "sinkhorn" else sinkhorn_log
    t_ours = best_time(lambda: ours(C, eps, solver), repeat=3)
    t_pot = best_time(lambda: pot(C, eps, method), repeat=1 if n > 1000 else 3)
    P, it_ours = ours(C, eps, solver)
    Q, it_pot = pot(C, eps, method)
    diff = "fail" if not np.isfinite(Q).all() else f"{np.abs(P - Q).max():.1e}"
    report(
        f"n={n} eps={eps:g} vs {method}",
        t_ours,
        t_pot,
        "POT",
        f"| iterations {it_ours} vs {it_pot} | max |plan diff| {diff}",
    )


if __name__ == "__main__":
    header(f"Entropic transport: skmm's Sinkhorn vs POT {ot.__version__}")
    with pinned_blas(1):
        print(f"# BLAS (both sides): {describe_threads()}; numba kernel serial")
        ours(data(10), 0.1)  # compile outside the timings
        ours(data(10), 0.1, sinkhorn_log)
        for n in (500, 2000):
            for eps in (0.05, 0.01):
                bench(n, eps, "sinkhorn")
                bench(n, eps, "sinkhorn_log")
        bench(500, 1e-3, "sinkhorn")
        bench(500, 1e-3, "sinkhorn_log")
