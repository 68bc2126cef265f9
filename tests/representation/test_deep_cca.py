import pickle

import numpy as np
import pandas as pd
import pytest
from sklearn.exceptions import ConvergenceWarning

from skmm.datasets import make_correlated_views
from skmm.representation import CCA, DeepCCA, MultiviewCCA
from skmm.representation._deep_cca import (
    _backward,
    _forward,
    _generalized_correlation,
    _init_params,
    _layer_shapes,
    _total_correlation,
    _unpack,
)

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


def _nonlinear_pair(n, seed):
    """View 0 is u, view 1 is v**2, with corr(u_0, v_0) = 0.9 in the generator.

    The relation is invisible to linear CCA (u and v**2 are uncorrelated) but
    u_0**2 and v_0**2 correlate at 0.81.
    """
    X, views, (u, v) = make_correlated_views(
        n_samples=n,
        n_features=(2, 2),
        correlations=[0.9],
        mix=False,
        return_latent=True,
        random_state=seed,
    )
    return np.hstack([u, v**2]), views


def _numeric_grad(f, x, eps=1e-6):
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        xp, xm = x.copy(), x.copy()
        xp[i] += eps
        xm[i] -= eps
        g[i] = (f(xp) - f(xm)) / (2 * eps)
    return g


def test_total_correlation_value_and_gradient():
    rng = np.random.RandomState(0)
    H1 = rng.standard_normal((40, 3))
    H2 = H1[:, :2] @ rng.standard_normal((2, 2)) + rng.standard_normal((40, 2))
    corr, d1, d2 = _total_correlation(H1, H2, 1e-12)
    # value: the sum of the canonical correlations
    ref = CCA(n_components=2, views=[slice(0, 3), slice(3, 5)]).fit(np.hstack([H1, H2]))
    assert corr == pytest.approx(ref.canonical_correlations_.sum(), abs=1e-8)
    # gradient: finite differences (with a visible ridge)
    _, d1, d2 = _total_correlation(H1, H2, 0.1)
    np.testing.assert_allclose(
        d1, _numeric_grad(lambda h: _total_correlation(h, H2, 0.1)[0], H1), atol=1e-7
    )
    np.testing.assert_allclose(
        d2, _numeric_grad(lambda h: _total_correlation(H1, h, 0.1)[0], H2), atol=1e-7
    )


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu"])
def test_network_backward_matches_finite_differences(activation):
    rng = np.random.RandomState(1)
    X = rng.standard_normal((7, 3))
    G = rng.standard_normal((7, 2))
    shapes = _layer_shapes(3, [4, 5], 2)
    theta = _init_params(rng, shapes, activation) + 0.1

    def f(t):
        params, _ = _unpack(t, shapes)
        return float(np.sum(_forward(X, params, activation)[-1] * G))

    params, _ = _unpack(theta, shapes)
    grads = _backward(_forward(X, params, activation), params, G, activation)
    flat = np.concatenate([np.concatenate([gW.ravel(), gb]) for gW, gb in grads])
    np.testing.assert_allclose(flat, _numeric_grad(f, theta), atol=1e-6)


def test_higher_held_out_correlation_than_linear_cca_on_nonlinear_views():
    X, views = _nonlinear_pair(700, seed=0)
    train, test = X[:450], X[450:]
    dcca = DeepCCA(
        n_components=1,
        views=views,
        hidden_layer_sizes=(16,),
        max_iter=100,
        random_state=0,
    ).fit(train)
    cca = CCA(n_components=1, views=views).fit(train)
    assert cca.score(test) < 0.2
    assert dcca.score(test) > cca.score(test) + 0.4
    assert dcca.score(test) < 0.81 + 0.1  # cannot beat the generator by much


def test_without_hidden_layers_matches_linear_cca():
    X, views = make_correlated_views(
        n_samples=400, n_features=(4, 3), correlations=[0.9, 0.6], random_state=2
    )
    dcca = DeepCCA(
        n_components=2,
        views=views,
        hidden_layer_sizes=(),
        reg=1e-8,
        alpha=0.0,
        max_iter=500,
        tol=1e-12,
        random_state=0,
    ).fit(X)
    cca = CCA(n_components=2, views=views).fit(X)
    np.testing.assert_allclose(
        dcca.canonical_correlations_, cca.canonical_correlations_, atol=1e-4
    )
    signs = np.sign(np.sum(dcca.transform(X) * cca.transform(X), axis=0))
    np.testing.assert_allclose(dcca.transform(X) * signs, cca.transform(X), atol=1e-2)


def test_random_state_reproducible_and_verbose(capsys):
    X, views = _nonlinear_pair(120, seed=3)
    kw = dict(n_components=1, views=views, hidden_layer_sizes=(6,), max_iter=15)
    a = DeepCCA(random_state=0, **kw).fit_transform(X)
    b = DeepCCA(random_state=0, **kw).fit_transform(X)
    c = DeepCCA(random_state=1, **kw).fit_transform(X)
    np.testing.assert_array_equal(a, b)
    assert not np.allclose(a, c)
    assert capsys.readouterr().out == ""
    DeepCCA(random_state=0, verbose=5, **kw).fit(X)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Iteration 5, total correlation")
    assert len(lines) == 3


def test_convergence_warning_when_max_iter_is_reached():
    X, views = _nonlinear_pair(80, seed=4)
    with pytest.warns(ConvergenceWarning, match="max_iter=2"):
        DeepCCA(n_components=1, views=views, hidden_layer_sizes=(4,), max_iter=2).fit(X)


def test_transform_view_dataframe_pandas_output_and_pickle():
    X, _ = _nonlinear_pair(100, seed=5)
    frame = pd.DataFrame(X, columns=["u0", "u1", "v0_sq", "v1_sq"])
    named = {"u": ["u0", "u1"], "v": ["v0_sq", "v1_sq"]}
    dcca = DeepCCA(
        n_components=2,
        views=named,
        hidden_layer_sizes=(5,),
        max_iter=10,
        random_state=0,
    )
    out = dcca.set_output(transform="pandas").fit_transform(frame)
    assert list(out.columns) == ["u_deepcca0", "u_deepcca1", "v_deepcca0", "v_deepcca1"]
    np.testing.assert_allclose(
        dcca.transform_view(frame[named["u"]], "u"), out.iloc[:, :2]
    )
    clone = pickle.loads(pickle.dumps(dcca))
    np.testing.assert_allclose(clone.transform(frame), out.to_numpy())
    assert dcca.score(frame) == pytest.approx(dcca.canonical_correlations_.mean())


def test_bad_input_raises_clear_errors():
    X, views = _nonlinear_pair(30, seed=6)
    with pytest.raises(ValueError, match="DeepCCA takes at least 2 views; got 1"):
        DeepCCA(n_components=1, views=[[0, 1, 2, 3]]).fit(X)
    with pytest.raises(ValueError, match="output_size=1 must be at least"):
        DeepCCA(n_components=2, views=views, output_size=1).fit(X)
    with pytest.raises(ValueError, match="more samples than outputs"):
        DeepCCA(n_components=2, views=views).fit(X[:2])
    with pytest.raises(ValueError, match="hidden_layer_sizes"):
        DeepCCA(views=views, hidden_layer_sizes=(4, 0)).fit(X)
    X_inf = X.copy()
    X_inf[2, 2] = np.inf
    with pytest.raises(ValueError, match="infinity"):
        DeepCCA(views=views).fit(X_inf)
    dcca = DeepCCA(n_components=1, views=views, max_iter=2).fit(X)
    with pytest.raises(ValueError, match="features"):
        dcca.transform(X[:, :3])
    with pytest.raises(ValueError, match="Unknown view"):
        dcca.transform_view(X[:, :2], "audio")


def test_generalized_correlation_value_and_gradient():
    rng = np.random.RandomState(2)
    shared = rng.standard_normal((40, 2))
    Hs = [
        shared @ rng.standard_normal((2, w)) + rng.standard_normal((40, w))
        for w in (3, 2, 4)
    ]
    value, grads = _generalized_correlation(Hs, 1e-12, 2)
    # value: the sum of the top MAXVAR eigenvalues
    X = np.hstack(Hs)
    views = [slice(0, 3), slice(3, 5), slice(5, 9)]
    ref = MultiviewCCA(n_components=2, views=views, scale=False).fit(X)
    assert value == pytest.approx(ref.eigenvalues_.sum(), abs=1e-8)
    # gradient: finite differences (with a visible ridge)
    _, grads = _generalized_correlation(Hs, 0.1, 2)
    for v in range(3):

        def f(h, v=v):
            return _generalized_correlation([*Hs[:v], h, *Hs[v + 1 :]], 0.1, 2)[0]

        np.testing.assert_allclose(grads[v], _numeric_grad(f, Hs[v]), atol=1e-6)


def _nonlinear_three(n, seed):
    """Views (t, noise), (t**2, noise), (|t|, noise): t**2 links them all."""
    rng = np.random.RandomState(seed)
    t = rng.standard_normal((n, 1))
    blocks = [
        np.hstack([t, rng.standard_normal((n, 1))]),
        np.hstack([t**2, rng.standard_normal((n, 1))]),
        np.hstack([np.abs(t), rng.standard_normal((n, 1))]),
    ]
    X = np.hstack(blocks) + 0.1 * rng.standard_normal((n, 6))
    return X, {"a": [0, 1], "b": [2, 3], "c": [4, 5]}


def test_three_views_beat_linear_maxvar_on_a_nonlinear_problem():
    X, views = _nonlinear_three(500, seed=0)
    X_test, _ = _nonlinear_three(300, seed=1)
    linear = MultiviewCCA(n_components=1, views=views).fit(X)
    deep = DeepCCA(
        n_components=1, views=views, hidden_layer_sizes=(8,), random_state=0
    ).fit(X)
    assert deep.n_views_ == 3 and len(deep.coefs_) == 3
    assert deep.transform(X_test).shape == (300, 3)
    # linear MAXVAR links b and c only (t vs t**2 are uncorrelated)
    assert deep.score(X_test) > 0.85
    assert deep.score(X_test) > linear.score(X_test) + 0.2
