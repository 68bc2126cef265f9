"""Optimal-transport adaptation: the Sinkhorn kernel, the mapping adapters, JDOT."""

import sys

import numpy as np
import pytest
from scipy.optimize import linprog
from sklearn.linear_model import LogisticRegression, Ridge

from skmm._kernels._transport import (
    barycentric_map,
    plan_from_potentials,
    sinkhorn,
    sinkhorn_log,
    transport_cost,
)
from skmm.colearning import (
    ClassRegularizedTransportMapping,
    DomainAdaptationClassifier,
    JointTransportClassifier,
    JointTransportRegressor,
    LinearTransportMapping,
    OptimalTransportMapping,
)
from skmm.colearning._domain._transport import cost_matrix, transport_plan
from skmm.datasets import make_domain_shift


def _clouds(n=30, m=40, seed=0):
    rng = np.random.default_rng(seed)
    Xs = rng.normal(size=(n, 2))
    Xt = rng.normal(size=(m, 2)) * 0.7 + [1.0, 0.5]
    return Xs, Xt


def _sinkhorn(C, eps, tol=1e-12, max_iter=100000, a=None, b=None, solver=sinkhorn):
    n, m = C.shape
    a = np.full(n, 1 / n) if a is None else a
    b = np.full(m, 1 / m) if b is None else b
    f, g = np.zeros(n), np.zeros(m)
    n_iter, _ = solver(C, a, b, eps, max_iter, tol, f, g)
    return plan_from_potentials(C, f, g, eps), n_iter


def _scaling_sinkhorn(C, eps, n_iter=20000):
    """Sinkhorn-Knopp in the scaling form, plain NumPy (moderate eps only)."""
    n, m = C.shape
    a, b = np.full(n, 1 / n), np.full(m, 1 / m)
    K = np.exp(-C / eps)
    u, v = np.ones(n), np.ones(m)
    for _ in range(n_iter):
        u = a / (K @ v)
        v = b / (K.T @ u)
    return u[:, None] * K * v[None, :]


def _exact_plan(C):
    """The transport linear program by scipy's HiGHS (uniform marginals)."""
    n, m = C.shape
    rows = np.kron(np.eye(n), np.ones((1, m)))
    cols = np.kron(np.ones((1, n)), np.eye(m))
    res = linprog(
        C.ravel(),
        A_eq=np.vstack([rows, cols]),
        b_eq=np.r_[np.full(n, 1 / n), np.full(m, 1 / m)],
        bounds=(0, None),
        method="highs",
    )
    assert res.status == 0
    return res.x.reshape(n, m)


def test_sinkhorn_marginals_and_agreement_with_the_scaling_form():
    Xs, Xt = _clouds()
    C = cost_matrix(Xs, Xt)
    P, _ = _sinkhorn(C, 0.5)
    np.testing.assert_allclose(P.sum(axis=1), 1 / 30, atol=1e-8)
    np.testing.assert_allclose(P.sum(axis=0), 1 / 40, atol=1e-8)
    np.testing.assert_allclose(P, _scaling_sinkhorn(C, 0.5), atol=1e-10)
    assert transport_cost(C, P) == pytest.approx(np.sum(P * C), rel=1e-12)
    np.testing.assert_allclose(
        barycentric_map(P, Xt), (P @ Xt) / P.sum(axis=1, keepdims=True)
    )


@pytest.mark.parametrize("solver", [sinkhorn, sinkhorn_log])
def test_sinkhorn_is_stable_where_the_scaling_form_underflows(solver):
    Xs, Xt = _clouds(seed=1)
    C = 50.0 * cost_matrix(Xs, Xt)  # exp(-C / eps) underflows to 0 everywhere
    assert (np.exp(-C / 1e-3) == 0).mean() > 0.99
    P, _ = _sinkhorn(C, 1e-3, tol=1e-10, solver=solver)
    assert np.isfinite(P).all()
    np.testing.assert_allclose(P.sum(axis=1), 1 / 30, atol=1e-9)
    np.testing.assert_allclose(P.sum(axis=0), 1 / 40, atol=1e-9)


def test_the_two_solvers_agree():
    Xs, Xt = _clouds(60, 50, seed=6)
    C = cost_matrix(Xs, Xt, norm="max")
    for eps in (0.1, 0.01, 0.002):
        P, n_iter = _sinkhorn(C, eps, solver=sinkhorn)
        Q, m_iter = _sinkhorn(C, eps, solver=sinkhorn_log)
        np.testing.assert_allclose(P, Q, atol=1e-12)
        assert n_iter == m_iter


def test_entropic_plan_approaches_the_exact_one():
    rng = np.random.default_rng(2)
    angles = np.linspace(0, 2 * np.pi, 10, endpoint=False)
    Xs = np.c_[np.cos(angles), np.sin(angles)] + 0.05 * rng.normal(size=(10, 2))
    Xt = Xs[rng.permutation(10)] + 0.05 * rng.normal(size=(10, 2))
    C = cost_matrix(Xs, Xt, norm="max")
    exact = _exact_plan(C)  # a permutation: each row to its perturbed copy
    assert (exact > 1e-12).sum() == 10
    optimum = np.sum(exact * C)
    gaps, distances = [], []
    for eps in (0.1, 0.03, 0.01, 0.003, 0.001):
        P, _ = _sinkhorn(C, eps, tol=1e-11)
        gaps.append(np.sum(P * C) - optimum)
        distances.append(np.abs(P - exact).sum())
    assert all(g > -1e-12 for g in gaps)  # never below the exact optimum
    assert np.all(np.diff(gaps) < 0) and np.all(np.diff(distances) < 0)
    assert gaps[-1] < 1e-12 and distances[-1] < 1e-12


def test_exact_transport_with_pot_and_a_clear_message_without_it(monkeypatch):
    Xs, Xt = _clouds(12, 12, seed=3)
    C = cost_matrix(Xs, Xt)
    pytest.importorskip("ot")
    plan, n_iter = transport_plan(C, reg_e=0)
    assert n_iter == 0
    assert np.sum(plan * C) == pytest.approx(np.sum(_exact_plan(C) * C), rel=1e-9)
    monkeypatch.setitem(sys.modules, "ot", None)  # as if POT were not installed
    with pytest.raises(ImportError, match=r"skmm\[ot\]"):
        transport_plan(C, reg_e=0)
    # the entropic path needs no POT
    assert np.isfinite(transport_plan(C, reg_e=0.1)[0]).all()


def test_sinkhorn_agrees_with_pot():
    ot = pytest.importorskip("ot")
    Xs, Xt = _clouds(50, 60, seed=4)
    C = cost_matrix(Xs, Xt)
    for eps in (1.0, 0.05):
        P, _ = _sinkhorn(C, eps)
        expected = ot.sinkhorn(
            np.full(50, 1 / 50),
            np.full(60, 1 / 60),
            C,
            eps,
            method="sinkhorn_log",
            numItermax=100000,
            stopThr=1e-12,
        )
        np.testing.assert_allclose(P, expected, atol=1e-9)


def _rigid_shift(seed):
    return make_domain_shift(
        200,
        200,
        n_classes=3,
        shift="rigid",
        shift_strength=0.67,
        class_sep=3.0,
        random_state=seed,
    )


ADAPTERS = {
    "entropic": OptimalTransportMapping(reg_e=0.01, norm="median", max_iter=10000),
    "class-regularised": ClassRegularizedTransportMapping(
        reg_e=0.05, reg_cl=1.0, norm="median"
    ),
    "linear": LinearTransportMapping(),
}


@pytest.mark.parametrize("name", list(ADAPTERS))
def test_each_transport_adapter_raises_target_accuracy(name):
    gains = []
    for seed in range(4):
        X, y, domain = _rigid_shift(seed)
        target = X[:, domain] < 0
        y_fit = np.where(target, -1, y)  # no target label reaches fit
        plain = DomainAdaptationClassifier(domain=domain).fit(X, y_fit)
        adapted = DomainAdaptationClassifier(adapter=ADAPTERS[name], domain=domain).fit(
            X, y_fit
        )
        gains.append(
            adapted.score(X[target], y[target]) - plain.score(X[target], y[target])
        )
    assert min(gains) > 0 and np.mean(gains) > 0.04


def test_barycentric_mapping_and_rows_unseen_in_fit():
    X, y, domain = _rigid_shift(0)
    source, target = X[:, domain] >= 0, X[:, domain] < 0
    X_before = X.copy()
    adapter = OptimalTransportMapping(reg_e=0.05, norm="median", domain=domain)
    Z = adapter.fit_transform(X)
    np.testing.assert_array_equal(X, X_before)
    np.testing.assert_array_equal(Z[target], X[target, :-1])  # target unchanged
    # the images of the source rows average to the target mean (column masses)
    np.testing.assert_allclose(
        Z[source].mean(axis=0), X[target, :-1].mean(axis=0), atol=1e-7
    )
    # a source row near a fit row moves by that row's displacement
    new = X[source][:5].copy()
    new[:, :-1] += 1e-3
    np.testing.assert_allclose(
        adapter.transform(new), Z[source][:5] + 1e-3, rtol=0, atol=1e-12
    )


def test_class_regularization_keeps_classes_apart_and_agrees_with_pot():
    X, y, domain = _rigid_shift(1)
    source = X[:, domain] >= 0
    Xs, Xt = X[source, :-1], X[~source, :-1]

    def purity(plan):
        mass = np.stack([plan[y[source] == c].sum(axis=0) for c in range(3)])
        return (mass.max(axis=0) / mass.sum(axis=0)).mean()

    plain = OptimalTransportMapping(reg_e=0.1, norm="median", domain=domain).fit(X)
    regular = ClassRegularizedTransportMapping(
        reg_e=0.1, reg_cl=1.0, norm="median", domain=domain
    ).fit(X, y)
    assert purity(regular.plan_) > purity(plain.plan_) + 0.02
    assert purity(regular.plan_) > 0.97
    ot = pytest.importorskip("ot")
    rows = np.r_[np.flatnonzero(source)[:60], np.flatnonzero(~source)[:50]]
    small = ClassRegularizedTransportMapping(
        reg_e=0.5, reg_cl=1.0, norm="median", domain=domain
    ).fit(X[rows], y[rows])
    labels = y[rows][X[rows, domain] >= 0]
    C = cost_matrix(Xs[:60], Xt[:50], norm="median")
    expected = ot.da.sinkhorn_lpl1_mm(
        np.full(60, 1 / 60),
        labels,
        np.full(50, 1 / 50),
        C,
        reg=0.5,
        eta=1.0,
        numInnerItermax=100000,
        stopInnerThr=1e-12,
    )
    np.testing.assert_allclose(small.plan_, expected, atol=1e-8)


def test_linear_transport_is_the_gaussian_monge_map():
    rng = np.random.default_rng(5)
    Ls, Lt = rng.normal(size=(3, 3)), rng.normal(size=(3, 3))
    Xs = rng.normal(size=(500, 3)) @ Ls + 1.0
    Xt = rng.normal(size=(400, 3)) @ Lt - 2.0
    X = np.r_[Xs, Xt]
    sd = np.r_[np.zeros(500), -np.ones(400)]
    adapter = LinearTransportMapping(reg=0.0).fit(X, sample_domain=sd)
    A = adapter.A_
    np.testing.assert_allclose(A, A.T, atol=1e-12)
    assert np.linalg.eigvalsh(A).min() > 0  # the gradient of a convex function
    Z = adapter.transform(X, sample_domain=sd)
    np.testing.assert_allclose(
        np.cov(Z[:500].T, bias=True), np.cov(Xt.T, bias=True), atol=1e-9
    )
    np.testing.assert_allclose(Z[:500].mean(0), Xt.mean(0), atol=1e-12)
    ot = pytest.importorskip("ot")
    reference = ot.da.LinearTransport(reg=0.0).fit(Xs=Xs, Xt=Xt)
    np.testing.assert_allclose(Z[:500], reference.transform(Xs=Xs), atol=1e-8)


def _regression_shift(seed, n=200):
    rng = np.random.RandomState(seed)
    x = np.r_[rng.uniform(-1, 1, n), rng.uniform(-1, 1, n) + 1.0]
    y = np.r_[x[:n], x[n:] - 1.0] ** 2 + 0.05 * rng.standard_normal(2 * n)
    X = np.c_[x, np.r_[np.zeros(n), -np.ones(n)]]
    return X, y


def test_jdot_regressor_beats_source_only():
    for seed in range(3):
        X, y = _regression_shift(seed)
        t = X[:, -1] < 0
        y_fit = np.where(t, np.nan, y)
        features = np.c_[X[:, :1], X[:, :1] ** 2]  # a model that can fit x^2
        Xf = np.c_[features, X[:, -1]]
        jdot = JointTransportRegressor(Ridge(alpha=1e-3), domain=-1).fit(Xf, y_fit)
        plain = Ridge(alpha=1e-3).fit(features[~t], y[~t])
        assert jdot.score(Xf[t], y[t]) > plain.score(features[t], y[t]) + 0.3
        assert jdot.loss_[-1] <= jdot.loss_[0]


def test_jdot_classifier_beats_source_only():
    gains = []
    for seed in range(3):
        X, y, domain = _rigid_shift(seed)
        target = X[:, domain] < 0
        y_fit = np.where(target, -1, y)
        jdot = JointTransportClassifier(LogisticRegression(), domain=domain)
        plain = DomainAdaptationClassifier(domain=domain).fit(X, y_fit)
        gains.append(
            jdot.fit(X, y_fit).score(X[target], y[target])
            - plain.score(X[target], y[target])
        )
        proba = jdot.predict_proba(X[target])
        np.testing.assert_allclose(proba.sum(axis=1), 1.0)
        np.testing.assert_array_equal(
            jdot.classes_[proba.argmax(1)], jdot.predict(X[target])
        )
    assert min(gains) > 0 and np.mean(gains) > 0.04


@pytest.mark.parametrize(
    "make",
    [
        lambda d: DomainAdaptationClassifier(
            adapter=ClassRegularizedTransportMapping(reg_e=0.5), domain=d
        ),
        lambda d: JointTransportClassifier(max_iter=3, domain=d),
        lambda d: JointTransportRegressor(max_iter=3, domain=d),
    ],
)
def test_target_labels_never_reach_fit(make):
    X, y, domain = _rigid_shift(2)
    y = y.astype(float)
    target = X[:, domain] < 0
    scrambled = y.copy()
    scrambled[target] = np.random.default_rng(0).permutation(y[target])
    X_before, y_before = X.copy(), y.copy()
    a = make(domain).fit(X, y)
    b = make(domain).fit(X, scrambled)
    np.testing.assert_array_equal(a.predict(X), b.predict(X))
    np.testing.assert_array_equal(X, X_before)
    np.testing.assert_array_equal(y, y_before)


def test_transport_errors_are_named():
    X, y, domain = _rigid_shift(0)
    with pytest.raises(ValueError, match="requires y"):
        ClassRegularizedTransportMapping(domain=domain).fit(X)
    with pytest.raises(ValueError, match="No target rows"):
        OptimalTransportMapping(domain=domain).fit(X[X[:, domain] >= 0])
    with pytest.raises(ValueError, match="uses the classes of source rows"):
        from skmm.colearning import DomainAdaptationRegressor

        DomainAdaptationRegressor(
            adapter=ClassRegularizedTransportMapping(), domain=domain
        ).fit(X, y.astype(float))
    with pytest.raises(ValueError, match="reg_e"):
        ClassRegularizedTransportMapping(reg_e=0.0, domain=domain).fit(X, y)
    one_class = np.where(X[:, domain] >= 0, 0, y)
    with pytest.raises(ValueError, match="only one class"):
        JointTransportClassifier(domain=domain).fit(X, one_class)
