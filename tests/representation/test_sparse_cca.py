"""SparseCCA: the penalized matrix decomposition of Witten, Tibshirani & Hastie."""

import numpy as np
import pytest
from sklearn.model_selection import GridSearchCV, KFold

from skmm.representation import CCA, SparseCCA
from skmm.representation._sparse_cca import l1_threshold, pmd_pair


def _sparse_model(n=150, p=120, q=90, support=8, seed=0):
    """Two wide views sharing one latent signal through a few columns each."""
    rng = np.random.RandomState(seed)
    z = rng.standard_normal((n, 1))
    X1 = rng.standard_normal((n, p))
    X2 = rng.standard_normal((n, q))
    S1 = rng.choice(p, support, replace=False)
    S2 = rng.choice(q, support, replace=False)
    X1[:, S1] += z * rng.uniform(0.8, 1.2, support)
    X2[:, S2] += z * rng.uniform(0.8, 1.2, support)
    return np.hstack([X1, X2]), [slice(0, p), slice(p, p + q)], S1, S2


def _soft(a, t):
    return np.sign(a) * np.maximum(np.abs(a) - t, 0.0)


def _binary_search(a, c, n_iter=60):
    """PMA's BinarySearch: the threshold by bisection (Witten et al., 2009)."""
    if np.abs(a / np.linalg.norm(a)).sum() <= c:
        return 0.0
    lo, hi = 0.0, np.abs(a).max()
    for _ in range(n_iter):
        mid = (lo + hi) / 2
        s = _soft(a, mid)
        if np.abs(s).sum() / np.linalg.norm(s) < c:
            hi = mid
        else:
            lo = mid
    return (lo + hi) / 2


def _reference_pmd(Z, c1, c2, v, n_iter=300):
    """The PMD(L1, L1) iteration of the paper, with the bisection threshold."""
    for _ in range(n_iter):
        a = Z @ v
        u = _soft(a, _binary_search(a, c1))
        u /= np.linalg.norm(u)
        b = Z.T @ u
        v = _soft(b, _binary_search(b, c2))
        v /= np.linalg.norm(v)
    return u, v


def test_threshold_matches_bisection():
    rng = np.random.RandomState(0)
    for _ in range(100):
        a = rng.standard_normal(rng.randint(2, 40))
        c = rng.uniform(1.0, np.sqrt(a.shape[0]))
        t = l1_threshold(a, c)
        assert t == pytest.approx(_binary_search(a, c), abs=1e-9)
        s = _soft(a, t)
        ratio = np.abs(a).sum() / np.linalg.norm(a)
        assert np.abs(s).sum() / np.linalg.norm(s) == pytest.approx(min(c, ratio))


def test_pmd_fixed_point_on_tiny_data():
    rng = np.random.RandomState(1)
    Z = rng.standard_normal((6, 5))
    v0 = np.linalg.svd(Z)[2][0]
    u, v, d, _ = pmd_pair(Z, 1.6, 1.4, v0=v0, tol=1e-14, max_iter=5000)
    u_ref, v_ref = _reference_pmd(Z, 1.6, 1.4, v0)
    np.testing.assert_allclose(u, u_ref, atol=1e-8)
    np.testing.assert_allclose(v, v_ref, atol=1e-8)
    assert d == pytest.approx(u_ref @ Z @ v_ref)
    # a fixed point: one more step of the paper's update leaves it in place
    a = Z @ v
    u_next = _soft(a, _binary_search(a, 1.6))
    np.testing.assert_allclose(u_next / np.linalg.norm(u_next), u, atol=1e-8)
    assert np.abs(u).sum() == pytest.approx(1.6) and np.abs(v).sum() <= 1.4 + 1e-9


def test_largest_bound_equals_cca_with_full_ridge():
    X, views, _, _ = _sparse_model(n=80, p=12, q=9, support=4, seed=2)
    sparse = SparseCCA(n_components=3, views=views, l1_bound=1.0).fit(X)
    pls = CCA(n_components=3, views=views, reg=1.0).fit(X)
    for a, b in zip(sparse.weights_, pls.weights_):
        np.testing.assert_allclose(a, b, atol=1e-6)
    np.testing.assert_allclose(sparse.transform(X), pls.transform(X), atol=1e-6)
    np.testing.assert_allclose(
        sparse.canonical_correlations_, pls.canonical_correlations_, atol=1e-6
    )
    np.testing.assert_allclose(sparse.l1_bounds_, np.sqrt([12, 9]))


def test_small_bound_recovers_the_support():
    X, views, S1, S2 = _sparse_model(n=300, seed=3)
    # bounds near sqrt(8), the L1/L2 ratio of eight equal weights
    scca = SparseCCA(n_components=1, views=views, l1_bound=[0.17, 0.2]).fit(X)
    for W, truth in zip(scca.weights_, (S1, S2)):
        found = np.flatnonzero(W[:, 0])
        hits = np.intersect1d(found, truth).size
        assert hits / found.size >= 0.9  # precision
        assert hits / truth.size >= 0.9  # recall
        assert np.all(W[np.setdiff1d(np.arange(W.shape[0]), found), 0] == 0.0)
    Z = scca.transform(X)
    np.testing.assert_allclose(Z.std(axis=0, ddof=1), 1.0)


def test_gridsearch_picks_a_sparse_model_on_wide_views():
    X, views, _, _ = _sparse_model(n=100, seed=4)
    search = GridSearchCV(
        SparseCCA(n_components=1, views=views),
        {"l1_bound": [0.1, 0.2, 0.5, 1.0]},
        cv=KFold(4, shuffle=True, random_state=0),
    ).fit(X)
    scores = search.cv_results_["mean_test_score"]
    assert search.best_params_["l1_bound"] <= 0.2
    assert scores.max() > scores[-1] + 0.05  # dense weights overfit


def test_per_view_bounds_and_two_array_form():
    X, views, _, _ = _sparse_model(n=90, p=40, q=30, seed=5)
    X1, X2 = X[:, views[0]], X[:, views[1]]
    scca = SparseCCA(n_components=2, l1_bound=[0.1, 1.0]).fit(X1, X2)
    assert np.count_nonzero(scca.weights_[0][:, 0]) < 10
    assert np.count_nonzero(scca.weights_[1][:, 0]) == 30
    Z1, Z2 = scca.transform(X1, X2)
    assert Z1.shape == Z2.shape == (90, 2)


def test_constant_column_gets_zero_weight_and_bad_input():
    X, views, _, _ = _sparse_model(n=60, p=10, q=8, seed=6)
    X[:, 3] = 5.0
    before = X.copy()
    scca = SparseCCA(n_components=2, views=views, l1_bound=0.5).fit(X)
    np.testing.assert_array_equal(X, before)
    assert np.all(scca.weights_[0][3] == 0.0)
    for bad in (-0.1, 1.5, [0.5, 2.0], [0.5]):
        with pytest.raises(ValueError, match="l1_bound"):
            SparseCCA(views=views, l1_bound=bad).fit(X)
    with pytest.raises(ValueError, match="larger than the number of columns"):
        SparseCCA(n_components=3, views=[slice(0, 2), slice(2, 18)]).fit(X)
    with pytest.raises(ValueError, match="more samples than components"):
        SparseCCA(n_components=2, views=views).fit(X[:2])
    np.testing.assert_array_equal(X, before)
