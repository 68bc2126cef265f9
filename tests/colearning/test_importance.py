"""KLIEP: importance weights as a mixture of kernel bumps."""

import numpy as np
import pytest
from scipy.optimize import minimize
from scipy.stats import multivariate_normal

from skmm._kernels._density_ratio import kliep_log_likelihood, kliep_solve
from skmm.colearning import (
    DomainAdaptationRegressor,
    KullbackLeiblerImportanceEstimation,
)


def _gaussians(n, d=2, seed=0):
    """Source N(0, I), target N(0.5, 0.36 I): a bounded density ratio."""
    rng = np.random.RandomState(seed)
    Xs = rng.randn(n, d)
    Xt = 0.6 * rng.randn(n, d) + 0.5
    ratio = multivariate_normal(np.full(d, 0.5), 0.36 * np.eye(d)).pdf(
        Xs
    ) / multivariate_normal(np.zeros(d), np.eye(d)).pdf(Xs)
    X = np.r_[Xs, Xt]
    sd = np.r_[np.zeros(n), -np.ones(n)]
    return X, sd, ratio


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_weights_match_the_true_density_ratio(seed):
    X, sd, ratio = _gaussians(1000, seed=seed)
    kliep = KullbackLeiblerImportanceEstimation(random_state=0)
    w = kliep.fit(X, sample_domain=sd).sample_weight_[:1000]
    assert np.corrcoef(w, ratio)[0, 1] >= 0.95
    np.testing.assert_array_equal(kliep.sample_weight_[1000:], 0.0)
    # the model's own normalisation: the weights average to one on the source
    assert w.mean() == pytest.approx(1.0, rel=1e-9)
    np.testing.assert_allclose(kliep.compute_weights(X[:1000]), w, rtol=1e-12)


def test_runs_on_a_hundred_thousand_rows():
    X, sd, ratio = _gaussians(100_000, seed=3)
    kliep = KullbackLeiblerImportanceEstimation(random_state=0)
    w = kliep.fit(X, sample_domain=sd).sample_weight_[:100_000]
    assert np.corrcoef(w, ratio)[0, 1] >= 0.98
    assert kliep.n_iter_ < kliep.max_iter


def test_likelihood_cross_validation_picks_the_best_candidate():
    X, sd, _ = _gaussians(600, seed=4)
    kliep = KullbackLeiblerImportanceEstimation(random_state=0).fit(X, sample_domain=sd)
    scores = kliep.cv_log_likelihood_
    assert scores.shape == kliep.gamma_candidates_.shape == (5,)
    assert kliep.gamma_ == kliep.gamma_candidates_[np.argmax(scores)]
    # very narrow and very wide bumps both fit the held-out rows worse
    assert scores[0] < scores.max() and scores[-1] < scores.max()
    one = KullbackLeiblerImportanceEstimation(gamma=0.7, random_state=0)
    one.fit(X, sample_domain=sd)
    assert one.cv_log_likelihood_ is None and one.gamma_ == 0.7


def test_em_kernel_reaches_the_optimum_of_an_independent_solver():
    rng = np.random.default_rng(0)
    Phi = rng.gamma(2.0, size=(300, 6))
    beta = np.full(6, 1 / 6)
    kliep_solve(Phi, beta, 100000, 1e-14)

    def objective(v):
        return -np.mean(np.log(Phi @ v))

    best = minimize(
        objective,
        np.full(6, 1 / 6),
        method="SLSQP",
        bounds=[(0, 1)] * 6,
        constraints=[{"type": "eq", "fun": lambda v: v.sum() - 1}],
        options={"ftol": 1e-14, "maxiter": 1000},
    )
    assert beta.sum() == pytest.approx(1.0, abs=1e-12) and (beta >= 0).all()
    assert kliep_log_likelihood(Phi, beta) == pytest.approx(-best.fun, abs=1e-9)
    # the likelihood only grows along the iterations
    beta = np.full(6, 1 / 6)
    values = []
    for _ in range(20):
        kliep_solve(Phi, beta, 1, 0.0)
        values.append(kliep_log_likelihood(Phi, beta))
    assert np.all(np.diff(values) >= -1e-15)


def test_importance_weights_help_a_misspecified_regressor():
    rng = np.random.RandomState(0)
    x = np.r_[rng.normal(0, 1, 300), rng.normal(1.5, 0.4, 300)]
    y = np.sin(x) + 0.05 * rng.randn(600)
    X = np.c_[x, np.r_[np.zeros(300), -np.ones(300)]]
    y_fit = np.where(X[:, 1] < 0, np.nan, y)
    t = X[:, 1] < 0
    plain = DomainAdaptationRegressor(domain=-1).fit(X, y_fit)
    weighted = DomainAdaptationRegressor(
        adapter=KullbackLeiblerImportanceEstimation(random_state=0), domain=-1
    ).fit(X, y_fit)
    assert weighted.score(X[t], y[t]) > plain.score(X[t], y[t]) + 0.1


def test_kliep_errors_are_named():
    X, sd, _ = _gaussians(50)
    with pytest.raises(ValueError, match="gamma must be positive"):
        KullbackLeiblerImportanceEstimation(gamma=[1.0, -1.0]).fit(X, sample_domain=sd)
    with pytest.raises(ValueError, match="too large"):
        KullbackLeiblerImportanceEstimation(gamma=1e6).fit(X * 100, sample_domain=sd)
    with pytest.raises(ValueError, match="No target rows"):
        KullbackLeiblerImportanceEstimation().fit(X, sample_domain=np.zeros(100))
