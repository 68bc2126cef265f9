"""Kernel mean matching: how skmm's fit grows with the number of source rows.

Time and memory of ``KernelMeanMatching.fit`` at n = 1k, 2k, 4k and 8k source
rows (and half as many target rows), the FISTA iterations it ran, and the growth
exponent of the time fitted on a log-log scale. The step size comes from a few
Lanczos products with the kernel matrix (O(n^2)); the solver stops when its
objective has settled. skada's ``KMMReweightAdapter`` (``pip install skada``,
not a dependency of skmm) runs on the same data where it is installed, up to
2k rows, with the KMM objective each side reached (lower is better).

Run: ``python bench_kmm.py`` (BLAS pinned to one thread on both sides).
"""

import time
import tracemalloc

import numpy as np
from _common import describe_threads, header, pinned_blas
from sklearn.metrics.pairwise import rbf_kernel

from skmm._kernels._kmm import kmm_objective
from skmm.colearning import KernelMeanMatching

try:
    import skada
except ImportError:  # optional comparison
    skada = None

SIZES = (1000, 2000, 4000, 8000)
SKADA_MAX = 2000
D = 5


def data(n_source, seed=0):
    rng = np.random.default_rng(seed)
    Xs = rng.normal(size=(n_source, D))
    Xt = rng.normal(size=(n_source // 2, D)) * 0.7 + 0.5
    X = np.vstack([Xs, Xt])
    sd = np.r_[np.zeros(n_source, dtype=int), -np.ones(n_source // 2, dtype=int)]
    return X, sd


def objective(X, sd, w, gamma):
    s = sd >= 0
    K = rbf_kernel(X[s], gamma=gamma)
    kappa = s.sum() / (~s).sum() * rbf_kernel(X[s], X[~s], gamma=gamma).sum(1)
    return kmm_objective(K, kappa, w[s] if w.shape[0] == X.shape[0] else w)


def main():
    header("KernelMeanMatching: growth with the number of source rows")
    gamma = 1.0 / D
    with pinned_blas(1):
        print(f"# BLAS (both sides): {describe_threads()}")
        KernelMeanMatching(max_iter=2).fit(*data(50)[:1], sample_domain=data(50)[1])
        times = []
        for n in SIZES:
            X, sd = data(n)
            kmm = KernelMeanMatching(gamma=gamma)
            tracemalloc.start()
            start = time.perf_counter()
            kmm.fit(X, sample_domain=sd)
            seconds = time.perf_counter() - start
            peak = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
            times.append(seconds)
            line = (
                f"n_source={n:<5} skmm {seconds:8.2f} s, {kmm.n_iter_:4d} iterations "
                f"(max_iter={kmm.max_iter}), peak {peak:7.0f} MiB"
            )
            if skada is not None and n <= SKADA_MAX:
                theirs = skada.KMMReweightAdapter(gamma=gamma)
                start = time.perf_counter()
                theirs.fit(X, sample_domain=sd)
                t_theirs = time.perf_counter() - start
                f_ours = objective(X, sd, kmm.sample_weight_, gamma)
                f_theirs = objective(
                    X, sd, np.asarray(theirs.source_weights_), gamma
                )
                line += (
                    f" | skada {t_theirs:8.2f} s, ratio {t_theirs / seconds:5.2f}x, "
                    f"objective {f_ours:.4e} vs {f_theirs:.4e}"
                )
            print(line, flush=True)
        slope = np.polyfit(np.log(SIZES), np.log(times), 1)[0]
        print(f"time grows as n^{slope:.2f} from {SIZES[0]} to {SIZES[-1]} source rows")


if __name__ == "__main__":
    main()
