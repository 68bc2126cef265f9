"""CCA family: skmm beside the tools a user would otherwise pick.

1. Closed-form ``CCA`` against scikit-learn's iterative ``CCA`` (n=5000,
   p=q=100, 10 components): fit time and the canonical correlations reached;
   then ``CCA.fit`` against a bare closed-form CCA in a few lines of NumPy on
   the same arrays (centre, three covariance products, two inverse square
   roots, one SVD), the floor a user could write by hand: ``CCA.fit`` adds
   input validation, the views, standardisation and the loadings.
2. ``KernelCCA`` with Nyström landmarks against scikit-learn's ``Nystroem`` on
   each view followed by scikit-learn's ``CCA``; then skmm alone at n=50,000.
3. ``DeepCCA`` against linear ``CCA`` on the digit halves: held-out mean
   canonical correlation and fit time.

Run: ``python benchmarks/bench_cca.py [--threads N] [--quick]``.
"""

import argparse
import time
import tracemalloc
import warnings

import numpy as np
from _common import best_time, describe_threads, header, pinned_blas, report
from sklearn.cross_decomposition import CCA as SklearnCCA
from sklearn.exceptions import ConvergenceWarning
from sklearn.kernel_approximation import Nystroem

from skmm.datasets import load_digit_halves, make_correlated_views
from skmm.representation import CCA, DeepCCA, KernelCCA


def _pair_correlations(Z1, Z2):
    Z1 = Z1 - Z1.mean(axis=0)
    Z2 = Z2 - Z2.mean(axis=0)
    return np.sum(Z1 * Z2, axis=0) / np.sqrt(
        np.sum(Z1 * Z1, axis=0) * np.sum(Z2 * Z2, axis=0)
    )


def bench_linear(quick):
    n, p, k = (2000 if quick else 5000), 100, 10
    rho = np.linspace(0.95, 0.5, k)
    X, views = make_correlated_views(
        n_samples=n, n_features=(p, p), correlations=rho, random_state=0
    )
    X1, X2 = X[:, views["view0"]], X[:, views["view1"]]
    ours = CCA(n_components=k, views=views)
    t_ours = best_time(lambda: ours.fit(X), repeat=5)
    sk = SklearnCCA(n_components=k)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        t_sk = best_time(lambda: sk.fit(X1, X2), repeat=1, warmup=0)
    sk_corr = _pair_correlations(*sk.transform(X1, X2))
    gap = np.abs(ours.canonical_correlations_ - sk_corr).max()
    report(
        f"CCA fit n={n} p=q={p} k={k}",
        t_ours,
        t_sk,
        "sklearn CCA",
        f"(max |corr diff| {gap:.1e}; "
        f"first corr {ours.canonical_correlations_[0]:.4f})",
    )


def _bare_cca(X1, X2, k):
    """Closed-form CCA with nothing around it: what a user writes by hand."""
    n = X1.shape[0]
    X1 = X1 - X1.mean(axis=0)
    X2 = X2 - X2.mean(axis=0)
    C11, C22, C12 = X1.T @ X1 / (n - 1), X2.T @ X2 / (n - 1), X1.T @ X2 / (n - 1)
    w, V = np.linalg.eigh(C11)
    W1 = (V / np.sqrt(w)) @ V.T
    w, V = np.linalg.eigh(C22)
    W2 = (V / np.sqrt(w)) @ V.T
    U, s, Vt = np.linalg.svd(W1 @ C12 @ W2)
    return W1 @ U[:, :k], W2 @ Vt[:k].T, s[:k]


def bench_bare(quick, rounds=30):
    n, p, k = (2000 if quick else 5000), 100, 10
    X, views = make_correlated_views(
        n_samples=n,
        n_features=(p, p),
        correlations=np.linspace(0.95, 0.5, k),
        random_state=0,
    )
    X1, X2 = X[:, views["view0"]], X[:, views["view1"]]
    ours = CCA(n_components=k, views=views)
    # interleaved rounds: both sides see the same load on a shared machine
    t_ours, t_bare = [], []
    for _ in range(rounds):
        start = time.perf_counter()
        ours.fit(X)
        t_ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        _, _, corr = _bare_cca(X1, X2, k)
        t_bare.append(time.perf_counter() - start)
    gap = np.abs(ours.canonical_correlations_ - corr).max()
    best_ours, best_bare = min(t_ours), min(t_bare)
    print(
        f"{'CCA fit vs bare closed form n=' + str(n):<40} skmm {best_ours:9.4f} s | "
        f"bare NumPy {best_bare:9.4f} s | CCA.fit / bare "
        f"{best_ours / best_bare:5.2f}x (median {np.median(t_ours):.4f} s vs "
        f"{np.median(t_bare):.4f} s; max |corr diff| {gap:.1e})"
    )


def bench_kernel(quick):
    n, m = (2000 if quick else 5000), 200
    X, views = make_correlated_views(
        n_samples=n, n_features=(10, 10), correlations=[0.9, 0.7], random_state=1
    )
    X1, X2 = X[:, views["view0"]], X[:, views["view1"]]
    gamma = 1.0 / (10 * X1.var())
    ours = KernelCCA(
        n_components=2,
        views=views,
        gamma=gamma,
        approximation="nystroem",
        n_approx_features=m,
        reg=0.1,
        random_state=0,
    )
    t_ours = best_time(lambda: ours.fit(X), repeat=3)

    def sklearn_side():
        F1 = Nystroem(gamma=gamma, n_components=m, random_state=0).fit_transform(X1)
        F2 = Nystroem(gamma=gamma, n_components=m, random_state=0).fit_transform(X2)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            return SklearnCCA(n_components=2).fit(F1, F2), F1, F2

    start = time.perf_counter()
    _, _, _ = sklearn_side()
    t_sk = time.perf_counter() - start
    report(
        f"KernelCCA Nystroem n={n} m={m}",
        t_ours,
        t_sk,
        "Nystroem+sklearn CCA",
        f"(skmm corr {np.round(ours.canonical_correlations_, 3).tolist()})",
    )
    big = 10000 if quick else 50000
    Xb, views_b = make_correlated_views(
        n_samples=big, n_features=(10, 10), correlations=[0.9, 0.7], random_state=2
    )
    tracemalloc.start()
    start = time.perf_counter()
    kcca = KernelCCA(
        n_components=2,
        views=views_b,
        approximation="nystroem",
        n_approx_features=500,
        random_state=0,
    ).fit(Xb)
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    print(
        f"KernelCCA Nystroem n={big} m=500: fit {elapsed:.2f} s, peak NumPy memory "
        f"{peak:.0f} MiB, corr {np.round(kcca.canonical_correlations_, 3).tolist()}"
    )


def bench_deep(quick):
    X, _, views = load_digit_halves()
    rng = np.random.RandomState(0)
    order = rng.permutation(X.shape[0])
    train, test = X[order[:1200]], X[order[1200:]]
    k = 10
    start = time.perf_counter()
    lin = CCA(n_components=k, views=views, reg=0.1).fit(train)
    t_lin = time.perf_counter() - start
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        deep = DeepCCA(
            n_components=k,
            views=views,
            hidden_layer_sizes=(64,),
            alpha=1e-2,
            max_iter=50 if quick else 200,
            random_state=0,
        ).fit(train)
    t_deep = time.perf_counter() - start
    print(
        f"digit halves, {k} components, held-out mean canonical correlation: "
        f"DeepCCA {deep.score(test):.3f} (fit {t_deep:.2f} s, {deep.n_iter_} "
        f"L-BFGS iterations) | linear CCA {lin.score(test):.3f} (fit {t_lin:.3f} s)"
        f" | correlation ratio {deep.score(test) / lin.score(test):.2f}x"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=1, help="BLAS threads")
    parser.add_argument("--quick", action="store_true", help="smaller sizes")
    args = parser.parse_args()
    header("skmm CCA family vs scikit-learn")
    with pinned_blas(args.threads):
        print(f"# BLAS threads (both sides): {describe_threads()}")
        bench_linear(args.quick)
        bench_bare(args.quick)
        bench_kernel(args.quick)
        bench_deep(args.quick)


if __name__ == "__main__":
    main()
