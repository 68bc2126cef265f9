"""Co-training family: skmm beside what a user would otherwise run.

1. ``CoTrainingRegressor`` (COREG) against the same algorithm computing each
   candidate's labeling confidence the literal way of Zhou & Li's pseudo-code
   (a kNN regressor refitted on the labeled set plus the candidate, with
   scikit-learn's ``KNeighborsRegressor``). Both runs must pick the same rows;
   the ratio is the fit time.
2. ``CoTrainingClassifier`` (three views, 5% labels) against scikit-learn's
   ``SelfTrainingClassifier`` on the concatenated views, same base estimator:
   fit time and held-out accuracy (different algorithms; the accuracy is the
   point, the time shows the cost).

Run: ``python benchmarks/bench_cotraining.py [--threads N] [--quick]``.
"""

import argparse
from unittest import mock

import numpy as np
from _common import best_time, describe_threads, header, pinned_blas, report
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsRegressor
from sklearn.semi_supervised import SelfTrainingClassifier

import skmm.colearning._coreg as coreg_module
from skmm.colearning import CoTrainingClassifier, CoTrainingRegressor
from skmm.datasets import make_multiview_classification


def literal_gains(X_labeled, y_labeled, X_pool, k, p):
    """COREG's confidence by refitting a kNN regressor for every candidate."""
    h = KNeighborsRegressor(n_neighbors=k, p=p).fit(X_labeled, y_labeled)
    y_hat = h.predict(X_pool)
    omega = h.kneighbors(X_pool, return_distance=False)
    gains = np.empty(X_pool.shape[0])
    for u in range(X_pool.shape[0]):
        h_new = KNeighborsRegressor(n_neighbors=k, p=p).fit(
            np.vstack([X_labeled, X_pool[u]]), np.append(y_labeled, y_hat[u])
        )
        neighbours = X_labeled[omega[u]]
        before = (y_labeled[omega[u]] - h.predict(neighbours)) ** 2
        after = (y_labeled[omega[u]] - h_new.predict(neighbours)) ** 2
        gains[u] = np.sum(before - after)
    return gains, y_hat


def gabor(n, seed):
    rng = np.random.RandomState(seed)
    X = rng.uniform(0, 1, (n, 2))
    y = np.pi / 2 * np.exp(-2 * (X**2).sum(1)) * np.cos(2 * np.pi * X.sum(1))
    return X, y + rng.normal(0, 0.05, n)


def bench_coreg(quick):
    n, rounds = (600, 10) if quick else (1500, 30)
    X, y = gabor(n, 0)
    y_partial = np.where(np.random.RandomState(0).rand(n) < 0.1, y, np.nan)
    params = dict(views=[slice(None), slice(None)], max_iter=rounds, random_state=0)
    fast = CoTrainingRegressor(**params).fit(X, y_partial)
    with mock.patch.object(coreg_module, "coreg_gains", literal_gains):
        slow = CoTrainingRegressor(**params).fit(X, y_partial)
        t_literal = best_time(
            lambda: CoTrainingRegressor(**params).fit(X, y_partial),
            repeat=1,
            warmup=0,
        )
    same = np.array_equal(fast.labeled_iter_, slow.labeled_iter_) and np.allclose(
        fast.transduction_, slow.transduction_, equal_nan=True
    )
    t_skmm = best_time(lambda: CoTrainingRegressor(**params).fit(X, y_partial))
    report(
        f"COREG fit, n={n}, {rounds} rounds, pool 100",
        t_skmm,
        t_literal,
        "literal refits",
        extra=f"(same picks: {same})",
    )


def bench_classifier(quick):
    n = 1200 if quick else 6000
    X, y, views = make_multiview_classification(
        n_samples=2 * n, n_classes=3, informativeness=(1.0, 0.8, 0.6), random_state=0
    )
    X_test, y_test, X, y = X[n:], y[n:], X[:n], y[:n]
    y_partial = np.where(np.random.RandomState(0).rand(n) < 0.05, y, -1)
    cot = CoTrainingClassifier(views=views, random_state=0)
    self_training = SelfTrainingClassifier(
        GaussianNB(), criterion="k_best", k_best=9, max_iter=30
    )
    t_cot = best_time(lambda: cot.fit(X, y_partial))
    t_self = best_time(lambda: self_training.fit(X, y_partial))
    report(
        f"3 views, n={n}, 5% labels, 30 rounds",
        t_cot,
        t_self,
        "SelfTraining",
        extra=(
            f"(accuracy: co-training {cot.score(X_test, y_test):.3f}, "
            f"self-training {self_training.score(X_test, y_test):.3f})"
        ),
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    header("co-training: COREG and CoTrainingClassifier")
    with pinned_blas(args.threads):
        print(f"# BLAS: {describe_threads()} on both sides")
        bench_coreg(args.quick)
        bench_classifier(args.quick)


if __name__ == "__main__":
    main()
