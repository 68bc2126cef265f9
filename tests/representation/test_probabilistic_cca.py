"""ProbabilisticCCA: Bach & Jordan's latent model, EM, missing views."""

import numpy as np
import pytest
from scipy.stats import multivariate_normal

from skmm.datasets import make_correlated_views
from skmm.representation import CCA, ProbabilisticCCA
from skmm.translation import ModalityImputer


def _sin_largest_angle(A, B):
    Qa, Qb = np.linalg.qr(A)[0], np.linalg.qr(B)[0]
    cos = np.linalg.svd(Qa.T @ Qb, compute_uv=False).min()
    return np.sqrt(max(0.0, 1.0 - cos**2))


def _data(n=1000, seed=0):
    return make_correlated_views(
        n_samples=n, n_features=(4, 3), correlations=[0.9, 0.6], random_state=seed
    )


@pytest.mark.parametrize("init", ["cca", "random"])
def test_ml_directions_span_the_cca_directions(init):
    X, views = _data(n=600)
    cca = CCA(n_components=2, views=views).fit(X)
    pcca = ProbabilisticCCA(
        n_components=2,
        views=views,
        init=init,
        random_state=0,
        tol=1e-13,
        max_iter=5000,
    ).fit(X)
    # Bach & Jordan: Sigma_vv^{-1} W_v spans the canonical directions
    for v in range(2):
        W, Psi = pcca.components_[v], pcca.noise_covariances_[v]
        S = W @ W.T + Psi
        assert _sin_largest_angle(np.linalg.solve(S, W), cca.weights_[v]) < 1e-6
        # the model's covariance is the sample covariance (divided by n)
        block = X[:, views[f"view{v}"]]
        np.testing.assert_allclose(S, np.cov(block.T, bias=True), atol=1e-6)
    np.testing.assert_allclose(
        pcca.canonical_correlations_, cca.canonical_correlations_, atol=1e-6
    )
    # EM never lowers the likelihood
    assert np.all(np.diff(pcca.log_likelihood_) > -1e-10)
    if init == "cca":  # the closed-form start is already the maximum
        assert pcca.n_iter_ <= 3


def _hide(X, fraction, seed):
    rng = np.random.RandomState(seed)
    X = X.copy()
    rows = rng.rand(X.shape[0]) < fraction
    first = rng.rand(X.shape[0]) < 0.5
    X[rows & first, :4] = np.nan
    X[rows & ~first, 4:] = np.nan
    return X


def _held_out_correlations(model, X):
    Z1, Z2 = model.transform_view(X[:, :4], 0), model.transform_view(X[:, 4:], 1)
    return np.array([np.corrcoef(Z1[:, k], Z2[:, k])[0, 1] for k in range(2)])


def test_missing_views_keep_the_correlations_and_fill_in_beats_the_mean():
    X, views = _data(n=1000, seed=1)
    train, test = X[:700], X[700:]
    full = ProbabilisticCCA(n_components=2, views=views).fit(train)
    hidden = _hide(train, 0.3, seed=2)
    partial = ProbabilisticCCA(n_components=2, views=views).fit(hidden)
    assert partial.n_complete_ < 0.75 * 700
    gap = np.abs(
        _held_out_correlations(partial, test) - _held_out_correlations(full, test)
    )
    assert np.all(gap < 0.05)
    # EM on all rows beats CCA on the complete rows alone on the weaker pair
    # less than it matters: both are close; the log-likelihood rises throughout
    assert np.all(np.diff(partial.log_likelihood_) > -1e-10)
    # fill in the second view of held-out rows from the first
    query = test.copy()
    query[:, 4:] = np.nan
    filled = partial.infer_missing(query)
    np.testing.assert_array_equal(filled[:, :4], test[:, :4])
    mse = np.mean((filled[:, 4:] - test[:, 4:]) ** 2)
    mean_fill = np.mean((np.nanmean(hidden[:, 4:], axis=0) - test[:, 4:]) ** 2)
    assert mse < 0.85 * mean_fill
    # with every pair kept the model's cross-covariance is the sample one, so
    # the conditional mean is the least-squares regression on the other view
    every = ProbabilisticCCA(n_components=3, views=views).fit(train)
    cov = np.cov(train.T, bias=True)
    beta = np.linalg.solve(cov[:4, :4], cov[:4, 4:])
    regression = (test[:, :4] - train[:, :4].mean(0)) @ beta + train[:, 4:].mean(0)
    np.testing.assert_allclose(every.infer_missing(query)[:, 4:], regression, atol=1e-8)


def test_transform_handles_missing_views_and_imputer_uses_it():
    X, views = _data(n=500, seed=3)
    hidden = _hide(X, 0.3, seed=4)
    pcca = ProbabilisticCCA(n_components=2, views=views).fit(hidden)
    Z = pcca.transform(hidden)
    assert Z.shape == (500, 2) and np.all(np.isfinite(Z))
    # posterior mean from one view: P^{1/2} times its canonical variates
    missing_second = np.isnan(hidden[:, 4])
    c1 = pcca.transform_view(hidden[missing_second][:, :4], 0)
    np.testing.assert_allclose(
        Z[missing_second], c1 * np.sqrt(pcca.canonical_correlations_), atol=1e-8
    )
    concat = pcca.set_params(combine="concat").transform(hidden)
    assert concat.shape == (500, 4) and np.all(np.isfinite(concat))
    np.testing.assert_allclose(
        concat[missing_second, 2:], c1 * pcca.canonical_correlations_, atol=1e-8
    )
    ll = pcca.score_samples(hidden)
    assert ll.shape == (500,) and np.all(np.isfinite(ll))
    # the Gaussian density of the model, marginal for a row missing a view
    W = np.vstack(pcca.components_)
    Psi = np.zeros((7, 7))
    Psi[:4, :4], Psi[4:, 4:] = pcca.noise_covariances_
    mean, cov = np.concatenate(pcca.means_), W @ W.T + Psi
    complete = np.flatnonzero(~np.isnan(hidden).any(axis=1))[:5]
    np.testing.assert_allclose(
        ll[complete],
        multivariate_normal(mean, cov).logpdf(hidden[complete]),
        atol=1e-8,
    )
    rows = np.flatnonzero(missing_second)[:5]
    np.testing.assert_allclose(
        ll[rows],
        multivariate_normal(mean[:4], cov[:4, :4]).logpdf(hidden[rows][:, :4]),
        atol=1e-8,
    )
    imputer = ModalityImputer(model=ProbabilisticCCA(n_components=2), views=views).fit(
        hidden
    )
    filled = imputer.transform(hidden)
    assert not np.isnan(filled).any()
    first = ~np.isnan(hidden[:, 0])
    np.testing.assert_array_equal(filled[first, :4], hidden[first, :4])


def test_bad_input():
    X, views = _data(n=50, seed=5)
    before = X.copy()
    with pytest.raises(ValueError, match="larger than the number of columns"):
        ProbabilisticCCA(n_components=4, views=views).fit(X)
    wide = np.hstack([X[:6, :4], np.random.RandomState(0).randn(6, 8)])
    with pytest.raises(ValueError, match="more rows holding view 'view1' .* Set reg"):
        ProbabilisticCCA(n_components=1, views=[slice(0, 4), slice(4, 12)]).fit(wide)
    ProbabilisticCCA(n_components=1, reg=0.5, views=[slice(0, 4), slice(4, 12)]).fit(
        wide
    )
    constant = X.copy()
    constant[:, 5] = 2.0
    with pytest.raises(ValueError, match="Column 5 .* is constant"):
        ProbabilisticCCA(n_components=1, views=views).fit(constant)
    with pytest.raises(ValueError, match="holding both views"):
        ProbabilisticCCA(n_components=1, views=views).fit(_hide(X, 0.99, 0)[:3])
    with pytest.raises(ValueError, match="exactly 2 views|takes exactly 2|at most 2"):
        ProbabilisticCCA(views=[[0], [1, 2], [3, 4]]).fit(X)
    np.testing.assert_array_equal(X, before)
