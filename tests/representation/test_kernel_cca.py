import pickle

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics.pairwise import rbf_kernel

from skmm.datasets import make_correlated_views
from skmm.representation import CCA, KernelCCA, MultiviewCCA
from skmm.utils import stack_views


def _quadratic_pair(n, seed):
    """View 1 sees t, view 2 sees t**2: no linear correlation, strong nonlinear."""
    rng = np.random.RandomState(seed)
    t = rng.uniform(-2, 2, size=(n, 1))
    X1 = np.hstack([t, rng.standard_normal((n, 1))]) + 0.1 * rng.standard_normal((n, 2))
    X2 = np.hstack([t**2, rng.standard_normal((n, 1))]) + 0.1 * rng.standard_normal(
        (n, 2)
    )
    return stack_views([X1, X2])


def _same_up_to_sign(A, B, atol):
    signs = np.sign(np.sum(A * B, axis=0))
    np.testing.assert_allclose(A * signs, B, atol=atol)


def test_linear_kernel_with_small_reg_agrees_with_cca():
    X, views = make_correlated_views(n_samples=150, n_features=(4, 3), random_state=0)
    cca = CCA(n_components=3, views=views).fit(X)
    kcca = KernelCCA(
        n_components=3, views=views, kernel="linear", reg=1e-10, approximation="exact"
    ).fit(X)
    np.testing.assert_allclose(
        kcca.canonical_correlations_, cca.canonical_correlations_, atol=1e-6
    )
    _same_up_to_sign(kcca.transform(X), cca.transform(X), atol=1e-5)
    X_new, _ = make_correlated_views(n_samples=20, n_features=(4, 3), random_state=1)
    _same_up_to_sign(kcca.transform(X_new), cca.transform(X_new), atol=1e-5)


def test_nystroem_converges_to_exact_as_landmarks_grow():
    X, views = make_correlated_views(n_samples=200, random_state=2)
    exact = KernelCCA(n_components=2, views=views, approximation="exact").fit(X)
    errors = []
    for m in (10, 50, 200):
        approx = KernelCCA(
            n_components=2,
            views=views,
            approximation="nystroem",
            n_approx_features=m,
            random_state=0,
        ).fit(X)
        errors.append(
            np.abs(approx.canonical_correlations_ - exact.canonical_correlations_).max()
        )
    assert errors[0] > errors[1] > errors[2]
    assert errors[2] < 1e-8  # every sample a landmark: the exact feature map
    _same_up_to_sign(approx.transform(X), exact.transform(X), atol=1e-6)


def test_random_features_approach_exact_rbf():
    X, views = make_correlated_views(n_samples=200, random_state=3)
    exact = KernelCCA(n_components=2, views=views, reg=0.3, approximation="exact")
    exact.fit(X)
    errors = []
    for D in (20, 1000):
        approx = KernelCCA(
            n_components=2,
            views=views,
            reg=0.3,
            approximation="random_features",
            n_approx_features=D,
            random_state=0,
        ).fit(X)
        errors.append(
            np.abs(approx.canonical_correlations_ - exact.canonical_correlations_).max()
        )
    assert errors[1] < errors[0]
    assert errors[1] < 0.02


@pytest.mark.parametrize("approximation", ["exact", "nystroem"])
def test_precomputed_kernel_matches_rbf(approximation):
    X, views = make_correlated_views(
        n_samples=120, n_features=(3, 2), correlations=[0.8], random_state=4
    )
    gamma = 0.3
    ref = KernelCCA(
        n_components=2,
        views=views,
        gamma=gamma,
        approximation=approximation,
        n_approx_features=60,
        random_state=0,
    ).fit(X)
    X1, X2 = X[:, views["view0"]], X[:, views["view1"]]
    K, kviews = stack_views([rbf_kernel(X1, gamma=gamma), rbf_kernel(X2, gamma=gamma)])
    pre = KernelCCA(
        n_components=2,
        views=kviews,
        kernel="precomputed",
        approximation=approximation,
        n_approx_features=60,
        random_state=0,
    ).fit(K)
    np.testing.assert_allclose(
        pre.canonical_correlations_, ref.canonical_correlations_, atol=1e-8
    )
    X_new, _ = make_correlated_views(
        n_samples=10, n_features=(3, 2), correlations=[0.8], random_state=5
    )
    K_new, _ = stack_views(
        [
            rbf_kernel(X_new[:, views["view0"]], X1, gamma=gamma),
            rbf_kernel(X_new[:, views["view1"]], X2, gamma=gamma),
        ]
    )
    np.testing.assert_allclose(pre.transform(K_new), ref.transform(X_new), atol=1e-6)


def test_nonlinear_relation_found_held_out_where_linear_cca_fails():
    X, views = _quadratic_pair(400, seed=6)
    train, test = X[:250], X[250:]
    kcca = KernelCCA(n_components=1, views=views, reg=0.1).fit(train)
    cca = CCA(n_components=1, views=views).fit(train)
    assert kcca.score(test) > 0.9
    assert cca.score(test) < 0.3
    # the variates of both views agree sample by sample
    Z = kcca.transform(test)
    assert np.corrcoef(Z[:, 0], Z[:, 1])[0, 1] > 0.9


def test_auto_uses_nystroem_for_many_samples_and_is_reproducible():
    X, views = make_correlated_views(n_samples=2100, n_features=(3, 3), random_state=7)
    kcca = KernelCCA(n_components=2, views=views, n_approx_features=40, random_state=0)
    Z = kcca.fit_transform(X)
    assert kcca.approximation_ == "nystroem"
    again = KernelCCA(n_components=2, views=views, n_approx_features=40, random_state=0)
    np.testing.assert_array_equal(again.fit_transform(X), Z)
    small = KernelCCA(n_components=2, views=views).fit(X[:100])
    assert small.approximation_ == "exact"


def test_transform_view_dataframe_pandas_output_and_pickle():
    X, views = _quadratic_pair(120, seed=8)
    frame = pd.DataFrame(X, columns=["t", "noise_a", "t2", "noise_b"])
    named = {"x": ["t", "noise_a"], "y": ["t2", "noise_b"]}
    kcca = KernelCCA(
        n_components=2,
        views=named,
        approximation="nystroem",
        n_approx_features=50,
        random_state=0,
    )
    out = kcca.set_output(transform="pandas").fit_transform(frame)
    assert list(out.columns) == [
        "x_kernelcca0",
        "x_kernelcca1",
        "y_kernelcca0",
        "y_kernelcca1",
    ]
    np.testing.assert_allclose(
        kcca.transform_view(frame[named["y"]], "y"), out.iloc[:, 2:]
    )
    clone = pickle.loads(pickle.dumps(kcca))
    np.testing.assert_allclose(clone.transform(frame), out.to_numpy())
    assert not hasattr(kcca, "inverse_transform")


def test_bad_input_raises_clear_errors():
    X, views = make_correlated_views(
        n_samples=40, n_features=(3, 2), correlations=[0.8], random_state=9
    )
    with pytest.raises(ValueError, match="supports only kernel='rbf'"):
        KernelCCA(views=views, kernel="poly", approximation="random_features").fit(X)
    with pytest.raises(ValueError, match="square"):
        KernelCCA(views=views, kernel="precomputed").fit(X)
    with pytest.raises(ValueError, match="kernel has 3 entries but there are 2"):
        KernelCCA(views=views, kernel=["rbf", "rbf", "linear"]).fit(X)
    with pytest.raises(ValueError, match="kernel entries must be among"):
        KernelCCA(views=views, kernel=["rbf", "cosine"]).fit(X)
    with pytest.raises(ValueError, match="gamma must be a positive float"):
        KernelCCA(views=views, gamma=[1.0, -2.0]).fit(X)
    with pytest.raises(ValueError, match="dimension of the feature map of view 'a'"):
        KernelCCA(n_components=2, views={"a": [0], "b": [1, 2]}, kernel="linear").fit(X)
    with pytest.raises(ValueError, match="more samples than components"):
        KernelCCA(n_components=2, views=views).fit(X[:2])
    X_nan = X.copy()
    X_nan[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        KernelCCA(views=views).fit(X_nan)
    kcca = KernelCCA(n_components=1, views=views).fit(X)
    with pytest.raises(ValueError, match="features"):
        kcca.transform(X[:, :4])
    with pytest.raises(ValueError, match="has 3 columns but view 'view1' has 2"):
        kcca.transform_view(X[:, :3], "view1")


def _three_nonlinear_views(n=200, seed=0):
    rng = np.random.RandomState(seed)
    t = rng.uniform(-2, 2, size=(n, 1))
    blocks = [
        np.hstack([t, rng.standard_normal((n, 1))]) + 0.1 * rng.standard_normal((n, 2)),
        np.hstack([t**2, rng.standard_normal((n, 2))])
        + 0.1 * rng.standard_normal((n, 3)),
        np.hstack([np.abs(t), rng.standard_normal((n, 1))])
        + 0.1 * rng.standard_normal((n, 2)),
    ]
    return stack_views(blocks, names=["a", "b", "c"])


def test_three_views_linear_kernel_equals_maxvar():
    X, views = _three_nonlinear_views(n=120)
    kcca = KernelCCA(
        n_components=2, views=views, kernel="linear", reg=0.0, approximation="exact"
    ).fit(X)
    gcca = MultiviewCCA(n_components=2, views=views, reg=0.0, scale=False).fit(X)
    assert kcca.n_views_ == 3
    np.testing.assert_allclose(kcca.eigenvalues_, gcca.eigenvalues_, atol=1e-6)
    np.testing.assert_allclose(
        kcca.canonical_correlations_, gcca.canonical_correlations_, atol=1e-6
    )
    Zk, Zg = kcca.transform(X), gcca.transform(X)
    signs = np.sign(np.sum(Zk * Zg, axis=0))  # the weights live in other bases
    np.testing.assert_allclose(Zk * signs, Zg, atol=1e-6)
    # Nystroem with every sample a landmark is the exact map
    nys = KernelCCA(
        n_components=2,
        views=views,
        kernel="linear",
        reg=0.0,
        approximation="nystroem",
        n_approx_features=120,
        random_state=0,
    ).fit(X)
    np.testing.assert_allclose(nys.eigenvalues_, gcca.eigenvalues_, atol=1e-6)


def test_three_views_per_view_kernels_find_the_nonlinear_link():
    X, views = _three_nonlinear_views(n=400, seed=1)
    train, test = X[:300], X[300:]
    linear = MultiviewCCA(n_components=1, views=views, reg=0.1).fit(train)
    kcca = KernelCCA(
        n_components=1,
        views=views,
        kernel=["rbf", "linear", "poly"],  # t, t**2 and |t| all give t**2
        degree=2,
        reg=0.1,
        random_state=0,
    ).fit(train)
    assert kcca.kernels_ == ["rbf", "linear", "poly"]
    assert kcca.gammas_[1] is None and kcca.gammas_[0] > 0
    assert kcca.transform(test).shape == (100, 3)
    assert kcca.score(test) > 0.8 > linear.score(test) + 0.3
