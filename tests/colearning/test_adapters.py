import warnings

import numpy as np
import pytest
from scipy import linalg, optimize
from sklearn.base import clone
from sklearn.decomposition import PCA
from sklearn.linear_model import LogisticRegression
from sklearn.metrics.pairwise import rbf_kernel

from skmm._kernels._kmm import kmm_objective, kmm_solve, project_box_slab
from skmm.colearning import (
    CORAL,
    DiscriminativeReweighting,
    KernelMeanMatching,
    NoTargetDomainWarning,
    SubspaceAlignment,
    TransferComponentAnalysis,
)
from skmm.colearning._domain._reweighting import kmm_weights
from skmm.datasets import make_domain_shift

ADAPTERS = [
    CORAL(),
    SubspaceAlignment(),
    TransferComponentAnalysis(n_components=2),
    KernelMeanMatching(max_iter=100),
    DiscriminativeReweighting(),
]


def _data(n_features=3, seed=0, shift="affine", ns=60, nt=50):
    X, y, domain = make_domain_shift(
        ns, nt, n_features=n_features, shift=shift, random_state=seed
    )
    return X, y, X[:, -1] >= 0


# ---------------------------------------------------------------- CORAL


def test_coral_matches_target_covariance_and_mean():
    X, _, source = _data(n_features=4)
    Z = CORAL(reg=0.0, domain=-1).fit_transform(X)
    np.testing.assert_allclose(np.cov(Z[source].T), np.cov(Z[~source].T), atol=1e-10)
    np.testing.assert_allclose(Z[source].mean(0), Z[~source].mean(0), atol=1e-10)
    # target rows pass unchanged
    np.testing.assert_array_equal(Z[~source], X[~source, :-1])


def test_coral_is_the_papers_algorithm():
    # Sun et al. 2016, Algorithm 1: Cs = cov(Ds) + eye, Ct = cov(Dt) + eye,
    # Ds = Ds * Cs^(-1/2), Ds* = Ds * Ct^(1/2).
    X, _, source = _data(n_features=3, seed=1)
    Xs, Xt = X[source, :-1], X[~source, :-1]
    Cs = np.cov(Xs.T) + np.eye(3)
    Ct = np.cov(Xt.T) + np.eye(3)
    expected = Xs @ linalg.inv(linalg.sqrtm(Cs)).real @ linalg.sqrtm(Ct).real
    coral = CORAL(reg=1.0, match_mean=False, domain=-1).fit(X)
    np.testing.assert_allclose(coral.transform(X)[source], expected, atol=1e-10)
    # the regularised closed form: A' Cs A = Ct
    A = coral.coral_map_
    np.testing.assert_allclose(A.T @ Cs @ A, Ct, atol=1e-10)


def test_coral_auto_reg_uses_ledoit_wolf():
    from sklearn.covariance import ledoit_wolf

    X, _, source = _data(n_features=3, seed=2)
    coral = CORAL(domain=-1).fit(X)
    np.testing.assert_allclose(coral.covariance_source_, ledoit_wolf(X[source, :-1])[0])


# ------------------------------------------------------- SubspaceAlignment


def test_subspace_alignment_agrees_with_pca_reference():
    X, _, source = _data(n_features=5, seed=3)
    Xs, Xt = X[source, :-1], X[~source, :-1]
    k = 3
    sa = SubspaceAlignment(n_components=k, domain=-1).fit(X)
    Ps = PCA(k).fit(Xs).components_.T
    Pt = PCA(k).fit(Xt).components_.T
    # P_t and the outputs are defined up to the sign of each target direction
    signs = np.sign(np.sum(Pt * sa.components_target_, axis=0))
    M = Ps.T @ Pt
    # M minimises ||Ps M - Pt||_F (least squares)
    np.testing.assert_allclose(M, np.linalg.lstsq(Ps, Pt, rcond=None)[0], atol=1e-10)
    Z = sa.transform(X)
    np.testing.assert_allclose(
        Z[source] * signs, (Xs - Xs.mean(0)) @ Ps @ M, atol=1e-10
    )
    np.testing.assert_allclose(
        Z[~source] * signs, PCA(k).fit(Xt).transform(Xt), atol=1e-10
    )


def test_subspace_alignment_undoes_a_translation():
    # Target = source moved: same principal directions with the same signs and
    # M = I, so every source row maps exactly onto its moved twin.
    rng = np.random.RandomState(0)
    Xs = rng.randn(80, 3) * [3.0, 2.0, 1.0]
    X = np.r_[Xs, Xs + [5.0, -2.0, 1.0]]
    sd = np.r_[np.zeros(80), -np.ones(80)]
    sa = SubspaceAlignment(n_components=2).fit(X, sample_domain=sd)
    np.testing.assert_allclose(sa.alignment_, np.eye(2), atol=1e-10)
    Z = sa.transform(X, sample_domain=sd)
    np.testing.assert_allclose(Z[:80], Z[80:], atol=1e-8)


def test_subspace_alignment_too_many_components():
    X, _, _ = _data(n_features=3)
    with pytest.raises(ValueError, match="n_components=4 must be at most"):
        SubspaceAlignment(n_components=4, domain=-1).fit(X)


# ---------------------------------------------- TransferComponentAnalysis


@pytest.mark.parametrize("kernel", ["linear", "rbf"])
def test_tca_solves_the_papers_eigenproblem(kernel):
    # Pan et al. 2011: W = leading eigenvectors of (K L K + mu I)^-1 K H K.
    X, _, source = _data(n_features=3, seed=4, ns=25, nt=20)
    Xr = X[:, :-1]
    n, ns, nt = Xr.shape[0], source.sum(), (~source).sum()
    mu, m = 0.5, 2
    tca = TransferComponentAnalysis(
        n_components=m, kernel=kernel, gamma=0.3, mu=mu, domain=-1
    ).fit(X)
    K = Xr @ Xr.T if kernel == "linear" else rbf_kernel(Xr, gamma=0.3)
    L = np.where(
        np.outer(source, source),
        1 / ns**2,
        np.where(np.outer(~source, ~source), 1 / nt**2, -1 / (ns * nt)),
    )
    H = np.eye(n) - np.ones((n, n)) / n
    A = linalg.solve(K @ L @ K + mu * np.eye(n), K @ H @ K)
    w, V = linalg.eig(A)
    order = np.argsort(-w.real)[:m]
    np.testing.assert_allclose(tca.eigenvalues_, w.real[order], rtol=1e-6)
    # same subspace: each reference vector lies in the span of components_
    W = tca.components_
    for v in V[:, order].real.T:
        residual = v - W @ np.linalg.lstsq(W, v, rcond=None)[0]
        assert np.linalg.norm(residual) < 1e-6 * np.linalg.norm(v)
    np.testing.assert_allclose(tca.transform(X), K @ W, atol=1e-8)


def test_tca_shrinks_the_mean_discrepancy_compared_with_kernel_pca():
    X, _, source = _data(n_features=4, seed=5)
    Z = TransferComponentAnalysis(n_components=2, mu=0.1, domain=-1).fit_transform(X)
    P = PCA(2).fit_transform(X[:, :-1])
    gap_tca = np.linalg.norm(Z[source].mean(0) - Z[~source].mean(0)) / Z.std()
    gap_pca = np.linalg.norm(P[source].mean(0) - P[~source].mean(0)) / P.std()
    assert gap_tca < 0.05 * gap_pca


# ------------------------------------------------------------------- KMM


def test_projection_onto_box_and_slab_is_the_euclidean_projection():
    rng = np.random.RandomState(0)
    for _ in range(20):
        n = rng.randint(2, 30)
        v = rng.randn(n) * 3
        upper, lo = 2.0, rng.uniform(0, n)
        hi = lo + rng.uniform(0, 2)
        p = project_box_slab(v, upper, lo, hi)
        assert (p >= 0).all() and (p <= upper).all()
        assert lo - 1e-9 <= p.sum() <= hi + 1e-9
        # variational inequality: (v - p) . (z - p) <= 0 for feasible z
        for _ in range(20):
            z = project_box_slab(rng.randn(n) * 3, upper, lo, hi)
            assert np.dot(v - p, z - p) <= 1e-8


def test_kmm_solution_agrees_with_scipy_slsqp():
    rng = np.random.RandomState(1)
    Xs, Xt = rng.randn(30, 2), rng.randn(25, 2) + [0.8, 0.0]
    B, eps = 5.0, 0.2
    # tol: the objective settles to 1e-12 (relative) over the solver's window
    w, _ = kmm_weights(Xs, Xt, gamma=0.5, B=B, eps=eps, max_iter=5000, tol=1e-12)
    K = rbf_kernel(Xs, gamma=0.5)
    kappa = 30 / 25 * rbf_kernel(Xs, Xt, gamma=0.5).sum(1)
    ref = optimize.minimize(
        lambda b: 0.5 * b @ K @ b - kappa @ b,
        np.ones(30),
        jac=lambda b: K @ b - kappa,
        bounds=[(0, B)] * 30,
        constraints=[
            {"type": "ineq", "fun": lambda b: 30 * (1 + eps) - b.sum()},
            {"type": "ineq", "fun": lambda b: b.sum() - 30 * (1 - eps)},
        ],
        method="SLSQP",
        options={"ftol": 1e-12, "maxiter": 1000},
    )
    assert ref.success
    f_ours = kmm_objective(K, kappa, w)
    assert f_ours <= ref.fun + 1e-9 * abs(ref.fun)
    np.testing.assert_allclose(w, ref.x, atol=1e-3)


def test_kmm_solver_reports_its_iterations():
    K = np.eye(3)
    b, n_iter = kmm_solve(K, np.array([1.0, 2.0, 3.0]), 10.0, 0.0, 100.0, 1.0, 50, 0.0)
    # unconstrained optimum K^-1 kappa lies inside the box
    np.testing.assert_allclose(b, [1.0, 2.0, 3.0])
    assert 1 <= n_iter <= 50


def test_kmm_weights_recover_a_known_density_ratio():
    # Source N(0, 1), target N(1, 1): p_t/p_s = exp(x - 1/2) grows with x.
    from scipy.stats import spearmanr

    rng = np.random.RandomState(2)
    xs, xt = rng.randn(300, 1), rng.randn(300, 1) + 1
    w, _ = kmm_weights(xs, xt, gamma=0.5, max_iter=5000)
    ratio = np.exp(xs[:, 0] - 0.5)
    assert spearmanr(w, ratio)[0] > 0.9
    assert abs(w.mean() - 1) < 0.05
    # binned means follow the true ratio where the source has mass (x < 2)
    bins = np.digitize(xs[:, 0], [-1, 0, 1, 2])
    for b in range(4):
        assert abs(w[bins == b].mean() / ratio[bins == b].mean() - 1) < 0.3


def test_kmm_sample_weight_is_zero_on_target_rows():
    X, _, source = _data(shift="covariate")
    kmm = KernelMeanMatching(domain=-1).fit(X)
    assert (kmm.sample_weight_[~source] == 0).all()
    assert (kmm.sample_weight_[source] >= 0).all()
    np.testing.assert_array_equal(kmm.transform(X), X[:, :-1])


def test_kmm_rejects_too_small_bound():
    X, _, _ = _data(shift="covariate")
    with pytest.raises(ValueError, match="B=0.01 is too small"):
        KernelMeanMatching(B=0.01, eps=0.0, domain=-1).fit(X)


def test_discriminative_weights_recover_a_known_density_ratio():
    # Source N(0, 1), target N(1, 1): the logistic model is exact and the true
    # ratio is exp(x - 1/2).
    rng = np.random.RandomState(3)
    x = np.r_[rng.randn(3000), rng.randn(3000) + 1][:, None]
    sd = np.r_[np.zeros(3000), -np.ones(3000)]
    dr = DiscriminativeReweighting().fit(x, sample_domain=sd)
    w = dr.sample_weight_[:3000]
    inside = np.abs(x[:3000, 0]) < 2
    np.testing.assert_allclose(w[inside], np.exp(x[:3000, 0][inside] - 0.5), rtol=0.15)
    assert (dr.sample_weight_[3000:] == 0).all()
    # out of sample: compute_weights agrees with the fit rows' weights
    np.testing.assert_allclose(dr.compute_weights(x[:3000]), w)
    clipped = DiscriminativeReweighting(max_weight=2.0).fit(x, sample_domain=sd)
    assert clipped.sample_weight_.max() == pytest.approx(2.0)


def test_discriminative_weights_with_a_domain_column_ignore_its_values():
    X, _, source = _data(shift="covariate")
    dr = DiscriminativeReweighting(domain=-1).fit(X)
    X_flipped = X.copy()
    X_flipped[:, -1] = -X_flipped[:, -1] - 1
    np.testing.assert_allclose(
        dr.compute_weights(X_flipped)[source], dr.sample_weight_[source]
    )


# ------------------------------------------------------- shared behaviour


def _scaled_and_moved(seed):
    """Two Gaussian classes; the target's features are rescaled and moved.

    A per-feature affine shift is CORAL's model of a domain shift.
    """
    rng = np.random.RandomState(seed)
    n, d = 150, 4
    y = rng.randint(0, 2, 2 * n)
    centres = rng.randn(2, d) * 1.5
    X = centres[y] + rng.randn(2 * n, d)
    X[n:] = X[n:] * [3.0, 0.3, 2.0, 0.5] + rng.randn(d) * 2
    return np.c_[X, np.r_[np.zeros(n), -np.ones(n)]], y


def _target_accuracy(adapter, data, seed):
    if data == "scaled":
        X, y = _scaled_and_moved(seed)
    else:
        X, y, _ = make_domain_shift(
            100,
            100,
            n_features=5 if data == "affine" else 2,
            shift=data,
            shift_strength=1.5 if data == "affine" else 1.0,
            random_state=seed,
        )
    source = X[:, -1] >= 0
    target = ~source
    plain = LogisticRegression().fit(X[source, :-1], y[source])
    base = plain.score(X[target, :-1], y[target])
    if isinstance(adapter, (KernelMeanMatching, DiscriminativeReweighting)):
        w = adapter.fit(X).sample_weight_[source]
        clf = LogisticRegression().fit(X[source, :-1], y[source], sample_weight=w)
        return base, clf.score(X[target, :-1], y[target])
    Z = adapter.fit_transform(X)
    clf = LogisticRegression().fit(Z[source], y[source])
    return base, clf.score(Z[target], y[target])


@pytest.mark.parametrize(
    "adapter, data",
    [
        (CORAL(domain=-1), "scaled"),
        (SubspaceAlignment(domain=-1), "affine"),
        (TransferComponentAnalysis(n_components=1, domain=-1), "affine"),
        (KernelMeanMatching(domain=-1), "covariate"),
        (DiscriminativeReweighting(domain=-1), "covariate"),
    ],
    ids=["CORAL", "SA", "TCA", "KMM", "discriminative"],
)
def test_each_adapter_raises_target_accuracy(adapter, data):
    scores = np.array([_target_accuracy(adapter, data, seed) for seed in range(6)])
    base, adapted = scores.mean(axis=0)
    assert adapted > base + 0.02, (base, adapted)
    assert (scores[:, 1] >= scores[:, 0]).sum() >= 4, scores


@pytest.mark.parametrize("adapter", ADAPTERS, ids=lambda a: type(a).__name__)
def test_domain_column_and_sample_domain_agree(adapter):
    X, _, source = _data()
    sd = X[:, -1].copy()
    X_copy = X.copy()
    by_column = adapter.set_params(domain=-1).fit_transform(X)
    by_array = adapter.set_params(domain=None).fit_transform(
        X[:, :-1], sample_domain=sd
    )
    np.testing.assert_allclose(by_column, by_array)
    np.testing.assert_array_equal(X, X_copy)  # the caller's array is unchanged
    # transform without domain information treats every row as a target row
    as_target = adapter.transform(X[:, :-1])
    np.testing.assert_allclose(as_target[~source], by_array[~source])


@pytest.mark.parametrize("adapter", ADAPTERS, ids=lambda a: type(a).__name__)
def test_dataframe_with_named_domain_column_and_pandas_output(adapter):
    pd = pytest.importorskip("pandas")
    X, _, _ = _data()
    df = pd.DataFrame(X, columns=["a", "b", "c", "dom"])
    adapter = adapter.set_params(domain="dom").set_output(transform="pandas")
    out = adapter.fit_transform(df)
    assert isinstance(out, pd.DataFrame)
    assert list(out.columns) == list(adapter.get_feature_names_out())
    assert "dom" not in out.columns
    np.testing.assert_allclose(
        out.to_numpy(), adapter.set_output(transform="default").transform(df)
    )


@pytest.mark.parametrize("adapter", ADAPTERS, ids=lambda a: type(a).__name__)
def test_bad_domain_input(adapter):
    X, _, _ = _data()
    only_source = X.copy()
    only_source[:, -1] = 0
    with pytest.raises(ValueError, match="No target rows"):
        adapter.set_params(domain=-1).fit(only_source)
    only_target = X.copy()
    only_target[:, -1] = -1
    with pytest.raises(ValueError, match="No source rows"):
        adapter.set_params(domain=-1).fit(only_target)
    with pytest.raises(ValueError, match="refers to column"):
        adapter.set_params(domain=7).fit(X)
    with pytest.raises(ValueError, match="whole numbers"):
        adapter.set_params(domain=0).fit(X)
    # the one precedence rule: a sample_domain given with the column must equal it
    flipped = -1 - X[:, -1]
    with pytest.raises(ValueError, match=f"and sample_domain disagree on {len(X)} row"):
        adapter.set_params(domain=-1).fit(X, sample_domain=flipped)
    agreeing = clone(adapter).set_params(domain=-1).fit(X, sample_domain=X[:, -1])
    reference = clone(adapter).set_params(domain=-1).fit(X)
    np.testing.assert_allclose(agreeing.transform(X), reference.transform(X))
    with pytest.raises(ValueError, match="sample_domain has 5 entries but X has"):
        adapter.set_params(domain=None).fit(X, sample_domain=X[:5, -1])
    with pytest.raises(ValueError, match="only the domain column"):
        adapter.set_params(domain=-1).fit(X[:, -1:])


@pytest.mark.parametrize("adapter", ADAPTERS, ids=lambda a: type(a).__name__)
def test_fit_without_domain_information_warns(adapter):
    X, _, _ = _data()
    with pytest.warns(NoTargetDomainWarning, match="identity adaptation"):
        adapter.set_params(domain=None).fit(X[:, :-1])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        adapter.fit(X[:, :-1], sample_domain=X[:, -1])


@pytest.mark.parametrize("adapter", ADAPTERS, ids=lambda a: type(a).__name__)
def test_rotating_both_domains_rotates_or_keeps_the_result(adapter):
    # An orthogonal change of coordinates applied to every row: CORAL's output
    # turns with it, subspace and kernel methods (linear or RBF kernels) see
    # the same geometry, so their outputs are unchanged up to the sign of each
    # component, and importance weights are unchanged.
    X, _, _ = _data(n_features=3, seed=7)
    sd = X[:, -1].copy()
    Q = linalg.qr(np.random.RandomState(1).randn(3, 3))[0]
    adapter = adapter.set_params(domain=None)
    Z = adapter.fit_transform(X[:, :-1], sample_domain=sd)
    w = getattr(adapter, "sample_weight_", None)
    Z_rot = adapter.fit_transform(X[:, :-1] @ Q, sample_domain=sd)
    if isinstance(adapter, CORAL):
        np.testing.assert_allclose(Z_rot, Z @ Q, atol=1e-8)
    elif w is not None:
        np.testing.assert_allclose(adapter.sample_weight_, w, rtol=1e-4, atol=1e-6)
        np.testing.assert_allclose(Z_rot, X[:, :-1] @ Q)
    else:
        signs = np.sign(np.sum(Z * Z_rot, axis=0))
        np.testing.assert_allclose(Z_rot * signs, Z, atol=1e-8)


def test_kmm_step_bound_is_tight_and_solver_stops_before_max_iter():
    from skmm._kernels._kmm import gershgorin_bound, symmetrize_inplace
    from skmm.colearning._domain._reweighting import _largest_eigenvalue_bound

    rng = np.random.RandomState(0)
    Xs, Xt = rng.randn(400, 3), rng.randn(200, 3) * 0.7 + 0.5
    K = rbf_kernel(Xs, gamma=1 / 3)
    top = np.linalg.eigvalsh(K)[-1]
    bound = _largest_eigenvalue_bound(K)
    # a valid upper bound (the step is its inverse), and a tight one
    assert top <= bound <= top * (1 + 1e-5) + 1e-9
    assert gershgorin_bound(K) == pytest.approx(np.abs(K).sum(axis=1).max())
    asym = K + np.triu(rng.rand(400, 400) * 1e-9, 1)
    expected = (asym + asym.T) / 2
    symmetrize_inplace(asym)
    np.testing.assert_allclose(asym, expected, rtol=0, atol=1e-15)
    w, n_iter = kmm_weights(Xs, Xt, gamma=1 / 3)
    assert n_iter < 1000  # the objective settles well before max_iter
    kappa = 2 * rbf_kernel(Xs, Xt, gamma=1 / 3).sum(axis=1)
    longer, _ = kmm_weights(Xs, Xt, gamma=1 / 3, max_iter=20000, tol=1e-12)
    f, f_best = kmm_objective(K, kappa, w), kmm_objective(K, kappa, longer)
    assert f - f_best <= 1e-4 * abs(f_best)  # measured 2e-5 at the default tol
