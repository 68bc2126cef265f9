import pickle

import numpy as np
import pandas as pd
import pytest
from scipy.linalg import eigh
from sklearn.cross_decomposition import CCA as SklearnCCA
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, KFold
from sklearn.pipeline import make_pipeline

from skmm.datasets import load_digit_halves, load_linnerud_views, make_correlated_views
from skmm.representation import CCA
from skmm.utils._linalg import cca_directions as _cca_directions
from skmm.utils._linalg import correlations as _correlations


def _reference_correlations(X1, X2):
    """Canonical correlations from the generalized eigenproblem, independently.

    C12 C22^{-1} C21 a = rho^2 C11 a, solved by scipy's generalized eigh.
    """
    X1 = X1 - X1.mean(axis=0)
    X2 = X2 - X2.mean(axis=0)
    C11, C22, C12 = X1.T @ X1, X2.T @ X2, X1.T @ X2
    M = C12 @ np.linalg.solve(C22, C12.T)
    rho2 = eigh(M, C11, eigvals_only=True)[::-1]
    return np.sqrt(np.clip(rho2, 0, None))


def _linnerud():
    X, _, views = load_linnerud_views()
    return X, views


def test_correlations_match_eigen_reference_and_sklearn_on_linnerud():
    X, views = _linnerud()
    cca = CCA(n_components=3, views=views).fit(X)
    ref = _reference_correlations(X[:, views["exercise"]], X[:, views["physiological"]])
    np.testing.assert_allclose(cca.canonical_correlations_, ref, atol=1e-6)
    sk = SklearnCCA(n_components=2, max_iter=10000, tol=1e-14).fit(
        X[:, views["exercise"]], X[:, views["physiological"]]
    )
    a, b = sk.transform(X[:, views["exercise"]], X[:, views["physiological"]])
    sk_corr = [np.corrcoef(a[:, k], b[:, k])[0, 1] for k in range(2)]
    np.testing.assert_allclose(cca.canonical_correlations_[:2], sk_corr, atol=1e-6)
    # the variates agree with sklearn's up to scale and sign
    Z = cca.transform(X)
    for k in range(2):
        assert abs(np.corrcoef(Z[:, k], a[:, k])[0, 1]) == pytest.approx(1, abs=1e-6)


def test_correlations_match_reference_and_ground_truth_on_generator():
    rho = np.array([0.9, 0.6, 0.3])
    X, views = make_correlated_views(
        n_samples=20000, n_features=(6, 5), correlations=rho, random_state=0
    )
    cca = CCA(n_components=3, views=views).fit(X)
    ref = _reference_correlations(X[:, views["view0"]], X[:, views["view1"]])
    np.testing.assert_allclose(cca.canonical_correlations_, ref[:3], atol=1e-6)
    np.testing.assert_allclose(cca.canonical_correlations_, rho, atol=0.02)
    sk = SklearnCCA(n_components=3, max_iter=10000, tol=1e-14).fit(
        X[:, views["view0"]], X[:, views["view1"]]
    )
    a, b = sk.transform(X[:, views["view0"]], X[:, views["view1"]])
    sk_corr = [np.corrcoef(a[:, k], b[:, k])[0, 1] for k in range(3)]
    np.testing.assert_allclose(cca.canonical_correlations_, sk_corr, atol=1e-6)


def test_private_closed_form_on_plain_arrays():
    rng = np.random.RandomState(0)
    X1 = rng.standard_normal((200, 4))
    X2 = X1[:, :3] @ rng.standard_normal((3, 3)) + rng.standard_normal((200, 3))
    X1 -= X1.mean(axis=0)
    X2 -= X2.mean(axis=0)
    A, B, corr = _cca_directions(X1, X2, 3)
    np.testing.assert_allclose(corr, _reference_correlations(X1, X2)[:3], atol=1e-10)
    Z1, Z2 = X1 @ A, X2 @ B
    np.testing.assert_allclose(np.cov(Z1.T), np.eye(3), atol=1e-10)
    np.testing.assert_allclose(np.cov(Z2.T), np.eye(3), atol=1e-10)
    np.testing.assert_allclose(_correlations([Z1, Z2]), corr, atol=1e-10)


def test_variates_of_different_components_are_uncorrelated():
    X, views = make_correlated_views(n_samples=500, n_features=(8, 6), random_state=1)
    Z = CCA(n_components=4, views=views).fit_transform(X)
    C = np.corrcoef(Z.T)
    k = 4
    within = [C[:k, :k], C[k:, k:]]
    for block in within:
        np.testing.assert_allclose(block, np.eye(k), atol=1e-10)
    cross = C[:k, k:]
    np.testing.assert_allclose(cross - np.diag(np.diag(cross)), 0, atol=1e-10)


@pytest.mark.parametrize("scale, reg", [(True, 0.0), (True, 0.3), (False, 0.0)])
def test_invariance_to_column_scaling_and_permutation_within_a_view(scale, reg):
    X, views = make_correlated_views(n_samples=300, n_features=(5, 4), random_state=2)
    rng = np.random.RandomState(0)
    ref = CCA(n_components=3, views=views, reg=reg, scale=scale).fit(X)
    Z = ref.transform(X)
    # per-column scaling
    Xs = X * rng.uniform(0.01, 100, size=X.shape[1])
    Zs = CCA(n_components=3, views=views, reg=reg, scale=scale).fit_transform(Xs)
    np.testing.assert_allclose(Zs, Z, atol=1e-7)
    # permuting columns within each view
    perm = np.concatenate([rng.permutation(5), 5 + rng.permutation(4)])
    Xp = X[:, perm]
    cca_p = CCA(n_components=3, views=views, reg=reg, scale=scale).fit(Xp)
    np.testing.assert_allclose(
        cca_p.canonical_correlations_, ref.canonical_correlations_, atol=1e-10
    )
    # same variates up to the sign of each pair
    Zp = cca_p.transform(Xp)
    signs = np.sign(np.sum(Zp * Z, axis=0))
    np.testing.assert_allclose(Zp * signs, Z, atol=1e-7)


def test_transform_view_matches_blocks_of_transform_and_named_views():
    X, views = make_correlated_views(n_samples=200, random_state=3)
    cca = CCA(n_components=2, views=views).fit(X)
    Z = cca.transform(X)
    np.testing.assert_allclose(
        cca.transform_view(X[:, views["view0"]], "view0"), Z[:, :2]
    )
    np.testing.assert_allclose(cca.transform_view(X[:, views["view1"]], 1), Z[:, 2:])
    np.testing.assert_allclose(cca.transform_view(X[:, views["view1"]], -1), Z[:, 2:])
    cca_mean = CCA(n_components=2, views=views, combine="mean").fit(X)
    np.testing.assert_allclose(cca_mean.transform(X), (Z[:, :2] + Z[:, 2:]) / 2)
    with pytest.raises(ValueError, match="has 10 columns but view 'view1' has 8"):
        cca.transform_view(X[:, views["view0"]], "view1")
    with pytest.raises(ValueError, match="Unknown view 'audio'"):
        cca.transform_view(X[:, views["view0"]], "audio")
    with pytest.raises(ValueError, match="out of range"):
        cca.transform_view(X[:, views["view0"]], 2)


def test_dataframe_named_views_pandas_output_and_transform_view_columns():
    X, _, views = load_linnerud_views(as_frame=True)
    cca = CCA(n_components=2, views=views).set_output(transform="pandas").fit(X)
    out = cca.transform(X)
    assert isinstance(out, pd.DataFrame)
    assert list(out.columns) == [
        "exercise_cca0",
        "exercise_cca1",
        "physiological_cca0",
        "physiological_cca1",
    ]
    Zv = cca.transform_view(X[views["physiological"]], "physiological")
    np.testing.assert_allclose(Zv, out.iloc[:, 2:].to_numpy())
    with pytest.raises(ValueError, match="do not match view 'physiological'"):
        cca.transform_view(X[views["exercise"]], "physiological")
    mean = CCA(n_components=2, views=views, combine="mean").fit(X)
    assert mean.get_feature_names_out().tolist() == ["cca0", "cca1"]


def test_score_is_mean_correlation_and_gridsearch_tunes_reg_on_dataframe():
    X, views = make_correlated_views(
        n_samples=2000, n_features=(6, 5), correlations=[0.8, 0.5], random_state=4
    )
    cca = CCA(n_components=2, views=views).fit(X)
    assert cca.score(X) == pytest.approx(cca.canonical_correlations_.mean(), abs=1e-10)
    # few samples, many noisy columns: plain CCA overfits, the ridge helps
    rng = np.random.RandomState(0)
    latent = rng.standard_normal((60, 1))
    X1 = latent @ rng.standard_normal((1, 40)) + 2 * rng.standard_normal((60, 40))
    X2 = latent @ rng.standard_normal((1, 40)) + 2 * rng.standard_normal((60, 40))
    frame = pd.DataFrame(
        np.hstack([X1, X2]),
        columns=[f"a{i}" for i in range(40)] + [f"b{i}" for i in range(40)],
    )
    named = {"a": [f"a{i}" for i in range(40)], "b": [f"b{i}" for i in range(40)]}
    train = CCA(n_components=1, views=named).fit(frame)
    assert train.canonical_correlations_[0] > 0.99  # overfit in-sample
    search = GridSearchCV(
        CCA(n_components=1, views=named),
        {"reg": [0.0, 0.5, 0.9]},
        cv=KFold(3, shuffle=True, random_state=0),
    ).fit(frame)
    assert search.best_params_["reg"] > 0
    scores = search.cv_results_["mean_test_score"]
    assert scores[0] < scores[1]


def test_pipeline_classifier_on_digit_halves_and_pickle():
    X, y, views = load_digit_halves()
    X, y = X[:800], y[:800]
    pipe = make_pipeline(
        CCA(n_components=12, views=views, reg=0.5),
        LogisticRegression(max_iter=2000),
    ).fit(X[:500], y[:500])
    # the coordinated space of the two halves keeps the digit's identity
    assert pipe.score(X[500:], y[500:]) > 0.8  # chance is 0.1
    clone = pickle.loads(pickle.dumps(pipe))
    np.testing.assert_allclose(
        clone.predict_proba(X[500:]), pipe.predict_proba(X[500:])
    )


def test_rank_deficient_views_constant_columns_and_more_columns_than_samples():
    X, _, views = load_digit_halves()  # several pixels are constant
    cca = CCA(n_components=5, views=views).fit(X[:300])
    assert np.all(np.isfinite(cca.transform(X[300:400])))
    assert np.all(np.diff(cca.canonical_correlations_) <= 1e-12)
    rng = np.random.RandomState(0)
    Xw = rng.standard_normal((20, 60))
    plain = CCA(n_components=2, views=[slice(0, 30), slice(30, 60)]).fit(Xw)
    np.testing.assert_allclose(plain.canonical_correlations_, 1.0, atol=1e-6)
    ridge = CCA(n_components=2, views=[slice(0, 30), slice(30, 60)], reg=0.5).fit(Xw)
    assert np.all(np.isfinite(ridge.transform(Xw)))
    assert np.all(ridge.canonical_correlations_ < 0.999)


def test_inverse_transform_recovers_views_when_components_span_them():
    X, views = make_correlated_views(n_samples=100, n_features=(3, 3), random_state=5)
    cca = CCA(n_components=3, views=views).fit(X)
    np.testing.assert_allclose(cca.inverse_transform(cca.transform(X)), X, atol=1e-8)
    low = CCA(n_components=1, views=views, combine="mean").fit(X)
    assert low.inverse_transform(low.transform(X)).shape == X.shape
    with pytest.raises(ValueError, match="transform returns 1"):
        low.inverse_transform(np.zeros((2, 2)))


def test_input_is_not_modified():
    X, views = make_correlated_views(n_samples=50, random_state=6)
    X_copy = X.copy()
    cca = CCA(n_components=2, views=views, reg=0.2).fit(X)
    cca.transform(X)
    cca.transform_view(X[:, views["view0"]], 0)
    np.testing.assert_array_equal(X, X_copy)


def test_bad_input_raises_clear_errors():
    X, views = make_correlated_views(n_samples=50, n_features=(4, 3), random_state=7)
    X_nan = X.copy()
    X_nan[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        CCA(n_components=1, views=views).fit(X_nan)
    X_inf = X.copy()
    X_inf[1, 5] = np.inf
    with pytest.raises(ValueError, match="infinity"):
        CCA(n_components=1, views=views).fit(X_inf)
    one_column = {"a": [0], "b": [1, 2, 3]}
    with pytest.raises(
        ValueError, match="larger than the number of columns of view 'a'"
    ):
        CCA(n_components=2, views=one_column).fit(X)
    with pytest.raises(ValueError, match="more samples than components"):
        CCA(n_components=3, views=views).fit(X[:3])
    cca = CCA(n_components=2, views=views).fit(X)
    with pytest.raises(ValueError, match="features"):
        cca.transform(X[:, :-1])
    with pytest.raises(ValueError, match="NaN"):
        cca.transform_view(X_nan[:, :4], 0)
    with pytest.raises(ValueError, match="exactly 2 views"):
        CCA(n_components=1, views=3).fit(X)
    with pytest.raises(ValueError, match="reg"):
        CCA(reg=2.0, views=views).fit(X)


@pytest.mark.parametrize("reg", [0.0, 0.3])
def test_wide_views_use_thin_svd_with_the_same_result_as_the_covariance_route(reg):
    # more columns than samples: the SVD route must equal the p x p covariance route
    from skmm.utils._linalg import shrink as _shrink
    from skmm.utils._linalg import sym_power
    from skmm.utils._linalg import whiten as _whiten

    def _inv_sqrt(C):
        return sym_power(C, -0.5)

    rng = np.random.RandomState(3)
    X = rng.standard_normal((15, 25))
    X -= X.mean(axis=0)
    W, Y = _whiten(X, reg)
    assert W.shape[1] <= 15
    W_ref = _inv_sqrt(_shrink(X.T @ X / 14, reg))
    Y_ref = X @ W_ref
    # same whitened column space and the same Gram (whitened cross-products)
    np.testing.assert_allclose(Y @ Y.T, Y_ref @ Y_ref.T, atol=1e-8)
    X2 = rng.standard_normal((15, 20))
    X2 -= X2.mean(axis=0)
    A, B, corr = _cca_directions(X, X2, 3, reg)
    # reference: the covariance route (p x p inverse square roots, one SVD)
    C12 = X.T @ X2 / 14
    s = np.linalg.svd(
        _inv_sqrt(_shrink(X.T @ X / 14, reg))
        @ C12
        @ _inv_sqrt(_shrink(X2.T @ X2 / 14, reg)),
        compute_uv=False,
    )[:3]
    Z1, Z2 = X @ A, X2 @ B
    # the variates of the SVD route reach the reference objective
    obj = (
        np.sum(Z1 * Z2, axis=0)
        / 14
        / np.sqrt(
            np.diag(A.T @ _shrink(X.T @ X / 14, reg) @ A)
            * np.diag(B.T @ _shrink(X2.T @ X2 / 14, reg) @ B)
        )
    )
    np.testing.assert_allclose(obj, s, atol=1e-8)


@pytest.mark.parametrize("shape", [(300, 250), (250, 300)])
def test_top_singular_pairs_of_large_matrices_match_the_full_svd(shape):
    from skmm.utils._linalg import top_singular_pairs as _top_singular_pairs

    rng = np.random.RandomState(0)
    T = rng.standard_normal(shape) / 20
    T += (
        0.8
        * np.outer(rng.standard_normal(shape[0]), rng.standard_normal(shape[1]))
        / 200
    )
    U, s, V = _top_singular_pairs(T, 3)
    U_ref, s_ref, Vt_ref = np.linalg.svd(T)
    np.testing.assert_allclose(s, s_ref[:3], rtol=1e-10)
    np.testing.assert_allclose(np.abs(U.T @ U_ref[:, :3]), np.eye(3), atol=1e-8)
    np.testing.assert_allclose(np.abs(V.T @ Vt_ref[:3].T), np.eye(3), atol=1e-8)
    np.testing.assert_allclose(U.T @ T @ V, np.diag(s), atol=1e-10)
