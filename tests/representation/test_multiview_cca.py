import pickle

import numpy as np
import pandas as pd
import pytest
from sklearn.model_selection import GridSearchCV

from skmm.datasets import load_linnerud_views, make_correlated_views
from skmm.representation import CCA, MultiviewCCA
from skmm.utils import stack_views


def _three_views(n=300, seed=0, noise=(0.5, 1.0, 2.0)):
    rng = np.random.RandomState(seed)
    shared = rng.standard_normal((n, 2))
    blocks = []
    for width, s in zip((4, 5, 3), noise):
        mixing = rng.standard_normal((2, width))
        blocks.append(shared @ mixing + s * rng.standard_normal((n, width)))
    X, views = stack_views(blocks, names=["a", "b", "c"])
    return X, views, shared


def test_two_views_agree_with_cca():
    X, _, views = load_linnerud_views()
    cca = CCA(n_components=3, views=views).fit(X)
    gcca = MultiviewCCA(n_components=3, views=views).fit(X)
    np.testing.assert_allclose(
        gcca.canonical_correlations_, cca.canonical_correlations_, atol=1e-8
    )
    np.testing.assert_allclose(gcca.eigenvalues_, 1 + cca.canonical_correlations_)
    np.testing.assert_allclose(gcca.transform(X), cca.transform(X), atol=1e-8)


def test_eigenvalues_and_shared_code_match_brute_force_projections():
    X, views, _ = _three_views(n=120)
    gcca = MultiviewCCA(n_components=2, views=views).fit(X)
    # brute force: eigenvectors of the sum of the n x n projection matrices
    P = np.zeros((X.shape[0], X.shape[0]))
    blocks = []
    for sl in views.values():
        B = X[:, sl] - X[:, sl].mean(axis=0)
        blocks.append(B)
        P += B @ np.linalg.pinv(B)
    w, V = np.linalg.eigh(P)
    np.testing.assert_allclose(gcca.eigenvalues_, w[::-1][:2], atol=1e-8)
    G = V[:, ::-1][:, :2]
    # each view's variates lie in span(P_v G), the regression of G on the view
    for v, B in enumerate(blocks):
        Z = gcca.transform_view(X[:, list(views.values())[v]], v)
        target = B @ np.linalg.pinv(B) @ G
        coef, *_ = np.linalg.lstsq(target, Z, rcond=None)
        np.testing.assert_allclose(target @ coef, Z, atol=1e-8)


def test_recovers_shared_signal_and_ranks_views_by_noise():
    X, views, shared = _three_views(n=3000, seed=1)
    gcca = MultiviewCCA(n_components=2, views=views, combine="mean").fit(X)
    code = gcca.transform(X)
    # the unsupervised code explains the shared latent nearly as well as the
    # best linear map of all columns fitted with the latent itself
    target = shared - shared.mean(axis=0)

    def unexplained(features):
        features = features - features.mean(axis=0)
        coef, *_ = np.linalg.lstsq(features, target, rcond=None)
        return np.mean((target - features @ coef) ** 2) / np.var(target)

    oracle = unexplained(X)
    per_view = MultiviewCCA(n_components=2, views=views).fit_transform(X)
    assert unexplained(per_view) < oracle + 0.02
    assert unexplained(code) < 0.2  # the plain average of the views' variates
    assert np.all(gcca.eigenvalues_ > 2.0) and np.all(gcca.eigenvalues_ <= 3.0)
    assert gcca.get_feature_names_out().tolist() == [
        "multiviewcca0",
        "multiviewcca1",
    ]


def test_invariance_to_column_scaling_and_permutation():
    X, views, _ = _three_views(n=200, seed=2)
    ref = MultiviewCCA(n_components=2, views=views, reg=0.2).fit(X)
    rng = np.random.RandomState(0)
    Xs = X * rng.uniform(0.1, 10, size=X.shape[1])
    np.testing.assert_allclose(
        MultiviewCCA(n_components=2, views=views, reg=0.2).fit_transform(Xs),
        ref.transform(X),
        atol=1e-8,
    )
    perm = np.concatenate([rng.permutation(4), 4 + rng.permutation(5), [9, 10, 11]])
    other = MultiviewCCA(n_components=2, views=views, reg=0.2).fit(X[:, perm])
    np.testing.assert_allclose(
        other.canonical_correlations_, ref.canonical_correlations_, atol=1e-10
    )


def test_int_views_dataframe_pandas_output_gridsearch_and_pickle():
    X, views, _ = _three_views(n=150, seed=3)
    frame = pd.DataFrame(X, columns=[f"f{i}" for i in range(X.shape[1])])
    named = {
        "a": [f"f{i}" for i in range(4)],
        "b": [f"f{i}" for i in range(4, 9)],
        "c": ["f9", "f10", "f11"],
    }
    gcca = MultiviewCCA(n_components=2, views=named).set_output(transform="pandas")
    out = gcca.fit_transform(frame)
    assert list(out.columns)[:3] == [
        "a_multiviewcca0",
        "a_multiviewcca1",
        "b_multiviewcca0",
    ]
    np.testing.assert_allclose(
        gcca.transform_view(frame[named["c"]], "c"), out.iloc[:, 4:].to_numpy()
    )
    search = GridSearchCV(
        MultiviewCCA(n_components=1, views=named), {"reg": [0.0, 0.5]}, cv=3
    ).fit(frame)
    assert search.best_score_ > 0.5
    clone = pickle.loads(pickle.dumps(gcca))
    np.testing.assert_allclose(clone.transform(frame), out.to_numpy())
    three = MultiviewCCA(n_components=1, views=3).fit(X)
    assert three.view_names_ == ["view0", "view1", "view2"]


def test_inverse_transform_and_bad_input():
    X, views = make_correlated_views(n_samples=80, n_features=(3, 3), random_state=4)
    gcca = MultiviewCCA(n_components=3, views=views).fit(X)
    np.testing.assert_allclose(gcca.inverse_transform(gcca.transform(X)), X, atol=1e-8)
    with pytest.raises(ValueError, match="larger than the number of columns of view"):
        MultiviewCCA(n_components=2, views=[[0], [1, 2], [3, 4, 5]]).fit(X)
    with pytest.raises(ValueError, match="more samples than components"):
        MultiviewCCA(n_components=2, views=views).fit(X[:2])
    with pytest.raises(ValueError, match="features"):
        gcca.transform(X[:, 1:])
    X_nan = X.copy()
    X_nan[3, 3] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        gcca.fit(X_nan)


def test_sumcor_two_views_equals_cca():
    X, _, views = load_linnerud_views()
    cca = CCA(n_components=3, views=views).fit(X)
    sumcor = MultiviewCCA(n_components=3, views=views, method="sumcor").fit(X)
    np.testing.assert_allclose(
        sumcor.canonical_correlations_, cca.canonical_correlations_, atol=1e-8
    )
    np.testing.assert_allclose(sumcor.objective_, cca.canonical_correlations_)
    np.testing.assert_allclose(sumcor.transform(X), cca.transform(X), atol=1e-6)
    assert not hasattr(sumcor, "eigenvalues_")


def _whitened(X, views):
    from skmm.utils._linalg import whiten

    blocks = [X[:, sl] - X[:, sl].mean(axis=0) for sl in views.values()]
    pairs = [whiten(B) for B in blocks]
    Y = np.hstack([Yv for _, Yv in pairs])
    return blocks, [W for W, _ in pairs], Y.T @ Y / (X.shape[0] - 1)


@pytest.mark.parametrize("view_weights", [None, [1.0, 2.0, 0.5]])
def test_sumcor_increases_its_objective_monotonically(view_weights):
    from skmm.utils._linalg import sumcor_directions

    X, views, _ = _three_views(n=200, seed=4)
    blocks, whiteners, R = _whitened(X, views)
    rng = np.random.RandomState(0)
    init = [rng.standard_normal((W.shape[1], 2)) for W in whiteners]
    weights, objective, _, history = sumcor_directions(
        R, whiteners, 2, view_weights=view_weights, init=init, tol=1e-14
    )
    w = np.ones(3) if view_weights is None else np.asarray(view_weights)
    for k, trace in enumerate(history):
        assert len(trace) > 3
        assert np.all(np.diff(trace) >= -1e-12)
        # the reported objective is the weighted sum of pairwise correlations
        Z = [B @ W[:, k] for B, W in zip(blocks, weights)]
        pairs = [
            w[i] * w[j] * np.corrcoef(Z[i], Z[j])[0, 1]
            for i in range(3)
            for j in range(i + 1, 3)
        ]
        assert objective[k] == pytest.approx(sum(pairs), abs=1e-8)
    # later components are uncorrelated with earlier ones within each view
    for B, W in zip(blocks, weights):
        C = np.corrcoef((B @ W).T)
        assert abs(C[0, 1]) < 1e-8
    # from a random start it reaches the objective it reaches from MAXVAR
    _, from_maxvar, _, _ = sumcor_directions(
        R, whiteners, 2, view_weights=view_weights, tol=1e-14
    )
    np.testing.assert_allclose(objective, from_maxvar, atol=1e-6)


def test_sumcor_beats_maxvar_on_its_own_criterion():
    X, views, _ = _three_views(n=300, seed=0)
    results = {}
    for method in ("maxvar", "sumcor"):
        est = MultiviewCCA(n_components=2, views=views, method=method).fit(X)
        results[method] = est.canonical_correlations_ * 3  # three pairs
    # the first component maximizes the sum of correlations under SUMCOR only
    assert results["sumcor"][0] > results["maxvar"][0] + 1e-6


def test_view_weights():
    X, views, _ = _three_views(n=250, seed=5)
    two = {k: views[k] for k in ("a", "b")}
    X_two = np.hstack([X[:, two["a"]], X[:, two["b"]]])
    ref = MultiviewCCA(n_components=2, views=[slice(0, 4), slice(4, 9)]).fit(X_two)
    # a view of weight 0 does not shape the MAXVAR code
    zero = MultiviewCCA(n_components=2, views=views, view_weights=[1, 1, 0]).fit(X)
    np.testing.assert_allclose(zero.eigenvalues_, ref.eigenvalues_, atol=1e-8)
    np.testing.assert_allclose(
        zero.transform(X)[:, :4], ref.transform(X_two), atol=1e-8
    )
    # a dict names views; missing names weigh 1
    by_name = MultiviewCCA(n_components=2, views=views, view_weights={"c": 0}).fit(X)
    np.testing.assert_allclose(by_name.transform(X), zero.transform(X))
    # equal weights are no weights; the criterion scales with them
    same = MultiviewCCA(n_components=2, views=views, view_weights=[2, 2, 2]).fit(X)
    plain = MultiviewCCA(n_components=2, views=views).fit(X)
    np.testing.assert_allclose(same.transform(X), plain.transform(X), atol=1e-8)
    np.testing.assert_allclose(same.eigenvalues_, 2 * plain.eigenvalues_)
    for bad, message in [
        ([1, 1], "view_weights has 2 entries but there are 3 views"),
        ([1, -1, 1], "non-negative"),
        ([0, 0, 0], "at least one positive"),
        ({"d": 1}, r"unknown view\(s\) \['d'\]"),
    ]:
        with pytest.raises(ValueError, match=message):
            MultiviewCCA(views=views, view_weights=bad).fit(X)
