"""Permutation tests of canonical correlations and the redundancy index."""

import numpy as np
import pytest
from scipy.stats import kstest

from skmm.datasets import make_correlated_views
from skmm.representation import (
    CCA,
    SparseCCA,
    permutation_test_score,
    redundancy_index,
)


def test_pvalues_are_uniform_under_independence():
    pvalues = []
    for seed in range(150):
        X, views = make_correlated_views(
            n_samples=40, n_features=(3, 2), correlations=[], random_state=seed
        )
        _, null, p = permutation_test_score(
            CCA(n_components=1, views=views), X, n_permutations=99, random_state=seed
        )
        assert null.shape == (99, 1)
        pvalues.append(p[0])
    # discrete uniform on {1/100, ..., 1}: compare with a continuous uniform
    assert kstest(pvalues, "uniform").pvalue > 0.01
    assert 0.02 < np.mean(np.asarray(pvalues) <= 0.05) < 0.1


def test_a_correlation_of_half_is_detected_and_later_pairs_are_not():
    X, views = make_correlated_views(
        n_samples=200, n_features=(5, 4), correlations=[0.5], random_state=0
    )
    score, null, p = permutation_test_score(
        CCA(n_components=3, views=views), X, n_permutations=499, random_state=0
    )
    cca = CCA(n_components=3, views=views).fit(X)
    np.testing.assert_allclose(score, cca.canonical_correlations_, atol=1e-10)
    assert p[0] < 0.01
    assert p[1] > 0.05
    assert np.all(np.diff(p) >= 0)
    # the null of the first step is the top correlation of permuted data
    rng = np.random.RandomState(0)
    order = rng.permutation(200)
    X_perm = X.copy()
    X_perm[:, 5:] = X[order, 5:]
    assert null[0, 0] == pytest.approx(
        CCA(n_components=1, views=views).fit(X_perm).canonical_correlations_[0]
    )


def test_refitting_path_for_other_estimators_and_two_array_form():
    X, views = make_correlated_views(
        n_samples=120, n_features=(6, 5), correlations=[0.7], random_state=1
    )
    score, null, p = permutation_test_score(
        SparseCCA(n_components=2, views=views, l1_bound=0.5),
        X,
        n_permutations=39,
        random_state=0,
    )
    assert null.shape == (39, 2) and p[0] == pytest.approx(1 / 40)
    assert p[1] > 0.05
    X1, X2 = X[:, views["view0"]], X[:, views["view1"]]
    s2, _, p2 = permutation_test_score(
        CCA(n_components=1), X1, X2, n_permutations=39, random_state=0
    )
    assert s2[0] == pytest.approx(score[0], abs=0.2) and p2[0] == pytest.approx(1 / 40)
    with pytest.raises(ValueError, match="tests two views"):
        from skmm.representation import MultiviewCCA

        permutation_test_score(
            MultiviewCCA(n_components=1, views=3), np.hstack([X, X[:, :3]])
        )


def test_redundancy_index_follows_stewart_and_love():
    X, views = make_correlated_views(
        n_samples=400, n_features=(4, 3), correlations=[0.9, 0.5, 0.2], random_state=2
    )
    cca = CCA(n_components=3, views=views).fit(X)
    R = redundancy_index(cca, X)
    rho = cca.canonical_correlations_
    # redundancy = squared canonical correlation times the adequacy
    np.testing.assert_allclose(R[0, 1], rho**2 * R[0, 0], atol=1e-10)
    np.testing.assert_allclose(R[1, 0], rho**2 * R[1, 1], atol=1e-10)
    # brute force: mean squared correlation of each column with each variate
    Z = cca.transform(X)
    left = X[:, views["view0"]]
    brute = [
        np.mean([np.corrcoef(left[:, j], Z[:, 3 + k])[0, 1] ** 2 for j in range(4)])
        for k in range(3)
    ]
    np.testing.assert_allclose(R[0, 1], brute, atol=1e-10)
    # the three variates of the 3-column view span it
    assert R[1, 1].sum() == pytest.approx(1.0)
