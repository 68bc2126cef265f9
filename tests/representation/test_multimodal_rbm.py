import itertools

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from scipy.special import expit, logsumexp
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.neighbors import KNeighborsRegressor
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from skmm._kernels._rbm import (
    dropout_gradient,
    multimodal_elbo,
    multimodal_gibbs,
    multimodal_log_partition,
    multimodal_mean_field,
)
from skmm.datasets import load_digit_halves
from skmm.representation import MultimodalRBM
from skmm.translation import CrossModalRetriever, recall_at_k


@pytest.fixture(autouse=True)
def _one_blas_thread():
    # Small products with several BLAS threads on a busy 2-core machine run
    # up to 50x slower (see benchmarks/_common.py); results do not change.
    with threadpool_limits(limits=1, user_api="blas"):
        yield


def _left_only(X):
    X = X.copy()
    X[:, 32:] = np.nan
    return X


# -- the digit-halves model (one fit for the module, about 10 s) ---------------


@pytest.fixture(scope="module")
def halves():
    X, y, views = load_digit_halves()
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.3, random_state=0
    )
    with threadpool_limits(limits=1, user_api="blas"):
        model = MultimodalRBM(
            views=views, n_view_components=64, n_components=256, n_iter=30,
            random_state=0,
        ).fit(X_train)  # fmt: skip
    return model, X_train, X_test, y_train, y_test


def test_fills_in_right_half_better_than_ridge_and_states_baselines(halves):
    model, X_train, X_test, _, _ = halves
    left, right = slice(0, 32), slice(32, 64)
    filled = model.infer_missing(_left_only(X_test))
    assert_array_equal(filled[:, left], X_test[:, left])  # present view untouched

    def relative(pred):  # squared error relative to filling with training means
        base = np.mean((X_train[:, right].mean(axis=0) - X_test[:, right]) ** 2)
        return np.mean((pred - X_test[:, right]) ** 2) / base

    figures = {
        "MultimodalRBM (dropout fine-tuning)": relative(filled[:, right]),
        "training means": 1.0,
        "ridge regression": relative(
            Ridge(alpha=1.0)
            .fit(X_train[:, left], X_train[:, right])
            .predict(X_test[:, left])
        ),
        "5-nearest-neighbour": relative(
            KNeighborsRegressor(n_neighbors=5)
            .fit(X_train[:, left], X_train[:, right])
            .predict(X_test[:, left])
        ),
    }
    print("\nfill-in of the right half, error relative to the means:")
    for name, value in figures.items():
        print(f"  {name:<38} {value:.3f}")
    # measured: 0.58 (ridge 0.73, 5-NN 0.49; the layer-wise model alone 1.17)
    ours = figures["MultimodalRBM (dropout fine-tuning)"]
    assert ours < 0.70, figures
    assert ours < figures["ridge regression"] - 0.05, figures


def test_fine_tuning_curve_falls(halves):
    model = halves[0]
    curve = model.fine_tuning_curve_
    assert curve.shape == (model.n_fine_tuning_iter,)
    # the fill-in error on training rows, epoch by epoch: it falls by a
    # quarter, and no epoch undoes more than a small part of the progress
    assert curve[-5:].mean() < 0.8 * curve[:3].mean(), curve
    assert np.all(curve[1:] < np.minimum.accumulate(curve)[:-1] + 0.06), curve


def test_retrieval_by_generation_beats_chance_and_is_compared_with_cca(halves):
    model, X_train, X_test, _, _ = halves
    views = model.views
    left, right = X_test[:, :32], X_test[:, 32:]
    truth = np.arange(len(X_test))
    S = model.similarity(left, right, query_view="left", gallery_view="right")
    ours = recall_at_k(truth, S, k=10)
    cca = CrossModalRetriever(views=views).fit(X_train)
    theirs = recall_at_k(
        truth, cca.similarity(left, right, query_view="left", gallery_view="right"),
        k=10,
    )  # fmt: skip
    # the joint codes of each half alone, compared by cosine as
    # CrossModalRetriever(embedding=MultimodalRBM(...)) does
    code_left = model.transform_view(left, "left")
    code_right = model.transform_view(right, "right")
    code_left /= np.linalg.norm(code_left, axis=1, keepdims=True)
    code_right /= np.linalg.norm(code_right, axis=1, keepdims=True)
    by_code = recall_at_k(truth, code_left @ code_right.T, k=10)
    chance = 10 / len(X_test)
    print(
        f"\nrecall@10 among {len(X_test)} right halves: generation {ours:.3f}, "
        f"joint code {by_code:.3f}, CrossModalRetriever (CCA) {theirs:.3f}, "
        f"chance {chance:.3f}"
    )
    # measured: generation 0.30, joint code 0.33, CCA 0.42, chance 0.019
    assert ours > 10 * chance and by_code > 10 * chance
    indices, scores = model.retrieve(
        left[:20], right, query_view="left", gallery_view="right", n_neighbors=5
    )
    assert_array_equal(indices, np.argsort(-S[:20], axis=1, kind="stable")[:, :5])
    assert_allclose(scores, np.take_along_axis(S[:20], indices, axis=1))
    # the similarity is minus the squared distance to the generated features
    generated = model.infer_missing(_left_only(X_test[:3]))[:, 32:]
    scale = model.view_scale_[1]
    expected = -(((generated[:, None] - right[None, :4]) / scale) ** 2).sum(-1)
    assert_allclose(S[:3, :4], expected, rtol=1e-9)


def test_serves_as_the_embedding_of_cross_modal_retriever(small_halves):
    X, views = small_halves
    params = dict(
        n_view_components=6, n_components=6, n_iter=2, n_fine_tuning_iter=2,
        random_state=0,
    )  # fmt: skip
    retriever = CrossModalRetriever(
        embedding=MultimodalRBM(**params), views=views, n_neighbors=5
    ).fit(X)
    model = MultimodalRBM(views=views, **params).fit(X)
    left, right = X[:40, :32], X[:40, 32:]
    A = model.transform_view(left, "left")
    B = model.transform_view(right, "right")
    A /= np.linalg.norm(A, axis=1, keepdims=True)
    B /= np.linalg.norm(B, axis=1, keepdims=True)
    assert_allclose(retriever.similarity(left, right), A @ B.T, rtol=1e-10)
    assert 0.0 <= retriever.score(X[:40]) <= 1.0


def test_joint_code_of_left_half_beats_the_left_half_alone(halves):
    model, X_train, X_test, y_train, y_test = halves
    clf = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))
    joint = clf.fit(model.transform(_left_only(X_train)), y_train).score(
        model.transform(_left_only(X_test)), y_test
    )
    left = clf.fit(X_train[:, :32], y_train).score(X_test[:, :32], y_test)
    assert joint > left, (joint, left)
    assert_allclose(
        model.transform_view(X_test[:5, :32], "left"),
        model.transform(_left_only(X_test[:5])),
    )


def test_generate_draws_the_view_given_the_others(halves):
    model, _, X_test, _, _ = halves
    X = X_test[:50]
    a = model.generate(X, "right", random_state=1)
    b = model.generate(_left_only(X), 1, random_state=1)
    assert a.shape == (50, 32)
    assert_array_equal(a, b)  # the block of the drawn view is ignored
    assert not np.array_equal(a, model.generate(X, "right", random_state=2))
    # a row's draw depends on its values and the seed, not on its position
    assert_array_equal(model.generate(X[::-1], "right", random_state=1), a[::-1])
    # draws scatter around the posterior mean with the model's unit variance
    # (on the standardized scale)
    mean = model.infer_missing(_left_only(X))[:, 32:]
    z = (a - mean) / model.view_scale_[1]
    assert abs(z.mean()) < 0.3 and 0.5 < z.std() < 2.0


# -- exact references on tiny models -------------------------------------------


def _tiny_params(widths, hidden, n_joint, gaussian, scale, seed=0):
    rs = np.random.RandomState(seed)
    W = [rs.normal(0, scale, (h, d)) for h, d in zip(hidden, widths)]
    b = [rs.normal(0, 0.5, d) for d in widths]
    c = [rs.normal(0, 0.5, h) for h in hidden]
    U = [rs.normal(0, scale, (h, n_joint)) for h in hidden]
    d = rs.normal(0, 0.5, n_joint)
    theta = np.concatenate([w.ravel() for w in W] + b + c + [np.vstack(U).ravel(), d])
    vo = np.r_[0, np.cumsum(widths)].astype(np.int64)
    ho = np.r_[0, np.cumsum(hidden)].astype(np.int64)
    params = dict(W=W, b=b, c=c, U=U, d=d, gaussian=gaussian)
    return theta, vo, ho, np.array(gaussian), params


def _energy(v, h, j, P):
    """Energy of one configuration, written from the model's definition."""
    e = -P["d"] @ j
    for m, gaussian in enumerate(P["gaussian"]):
        if gaussian:
            e += 0.5 * np.sum((v[m] - P["b"][m]) ** 2)
        else:
            e -= P["b"][m] @ v[m]
        e -= h[m] @ P["W"][m] @ v[m] + P["c"][m] @ h[m] + h[m] @ P["U"][m] @ j
    return e


def _binary_states(n):
    return [np.array(s, float) for s in itertools.product([0, 1], repeat=n)]


def _split(x, sizes):
    return np.split(x, np.cumsum(sizes)[:-1])


def test_mean_field_posterior_matches_enumeration_within_its_error():
    # two views (binary and Gaussian) clamped; 2 + 2 pathway units, 3 joint
    widths, hidden, n_joint = (3, 2), (2, 2), 3
    theta, vo, ho, gaussian, P = _tiny_params(
        widths, hidden, n_joint, [False, True], scale=0.8
    )
    v = np.array([[1.0, 0.0, 1.0, 0.3, -1.2]])
    clamp = np.ones((1, 2), dtype=bool)
    V, H, J = multimodal_mean_field(v, clamp, theta, vo, ho, gaussian, n_joint, 300)
    # the fixed point of the mean-field equations
    W, U = P["W"], np.vstack(P["U"])
    c = np.concatenate(P["c"])
    bottom_up = np.concatenate([v[0, :3] @ W[0].T, v[0, 3:] @ W[1].T])
    assert_allclose(H[0], expit(bottom_up + U @ J[0] + c), atol=1e-12)
    assert_allclose(J[0], expit(H[0] @ U + P["d"]), atol=1e-12)
    # exact posterior over (h, j) by enumeration
    vb = _split(v[0], widths)
    states, log_p = [], []
    for hj in _binary_states(sum(hidden) + n_joint):
        h = _split(hj[: sum(hidden)], hidden)
        states.append(hj)
        log_p.append(-_energy(vb, h, hj[sum(hidden) :], P))
    states, log_p = np.array(states), np.array(log_p)
    log_z_v = logsumexp(log_p)  # log p*(v), unnormalised
    post = np.exp(log_p - log_z_v)
    mu = np.concatenate([H[0], J[0]])
    log_q = (states * np.log(mu) + (1 - states) * np.log1p(-mu)).sum(axis=1)
    q = np.exp(log_q)
    elbo = q @ log_p - q @ log_q  # E_q[-E] + entropy(q)
    got = multimodal_elbo(V, H, J, theta, vo, ho, gaussian, n_joint)[0]
    assert_allclose(got, elbo, rtol=1e-10)
    kl = log_z_v - elbo
    assert_allclose(kl, q @ (log_q - np.log(post)), rtol=1e-8, atol=1e-12)
    assert kl >= 0
    # each marginal is off by at most sqrt(KL / 2) (Pinsker and the data
    # processing inequality): "within the mean-field error", and small here
    exact = post @ states
    error = np.abs(mu - exact).max()
    assert error <= np.sqrt(kl / 2), (error, kl)
    assert error < 0.1

    # and the fixed point minimises the KL divergence: nudging any marginal
    # increases it
    def kl_of(m):
        lq = (states * np.log(m) + (1 - states) * np.log1p(-m)).sum(axis=1)
        return np.exp(lq) @ (lq - np.log(post))

    for i in range(mu.shape[0]):
        for step in (-1e-3, 1e-3):
            nudged = mu.copy()
            nudged[i] += step
            assert kl_of(nudged) > kl


def test_mean_field_with_a_missing_view_matches_enumeration_within_its_error():
    # the binary second view is missing: its units are inferred too
    widths, hidden, n_joint = (3, 2), (2, 2), 2
    theta, vo, ho, gaussian, P = _tiny_params(
        widths, hidden, n_joint, [False, False], scale=0.7, seed=1
    )
    v0 = np.array([[1.0, 1.0, 0.0, 0.5, 0.5]])  # free units start at 0.5
    clamp = np.array([[True, False]])
    V, H, J = multimodal_mean_field(v0, clamp, theta, vo, ho, gaussian, n_joint, 400)
    assert_array_equal(V[0, :3], v0[0, :3])
    mu = np.concatenate([V[0, 3:], H[0], J[0]])
    n_free = 2 + sum(hidden) + n_joint
    states = np.array(_binary_states(n_free))
    log_p = np.array(
        [
            -_energy(
                [v0[0, :3], s[:2]],
                _split(s[2 : 2 + sum(hidden)], hidden),
                s[2 + sum(hidden) :],
                P,
            )
            for s in states
        ]
    )
    post = np.exp(log_p - logsumexp(log_p))
    log_q = (states * np.log(mu) + (1 - states) * np.log1p(-mu)).sum(axis=1)
    kl = np.exp(log_q) @ (log_q - np.log(post))
    error = np.abs(mu - post @ states).max()
    assert 0 <= error <= np.sqrt(kl / 2), (error, kl)
    # infer_missing's answer for the view is this posterior-mean estimate
    # (the top-down means of the free units), in [0, 1]
    W1, b1 = P["W"][1], P["b"][1]
    assert_allclose(V[0, 3:], expit(H[0, 2:] @ W1 + b1), atol=1e-12)


def test_gibbs_averages_converge_to_the_exact_conditional_means():
    widths, hidden, n_joint = (2, 2), (2, 2), 2
    theta, vo, ho, gaussian, P = _tiny_params(
        widths, hidden, n_joint, [False, False], scale=1.0, seed=2
    )
    clamp = np.array([[True, False], [True, False]])
    v0 = np.array([[0.0, 0.0, 0.5, 0.5], [1.0, 0.0, 0.5, 0.5]])
    V, H, _ = multimodal_mean_field(v0, clamp, theta, vo, ho, gaussian, n_joint, 50)
    _, V_mean, _ = multimodal_gibbs(
        V, H, clamp, theta, vo, ho, gaussian, n_joint, 40_000, 100, 0
    )
    for row, first in enumerate((0.0, 1.0)):
        states = np.array(_binary_states(2 + sum(hidden) + n_joint))
        log_p = np.array(
            [
                -_energy(
                    [np.array([first, 0.0]), s[:2]],
                    _split(s[2:6], hidden),
                    s[6:],
                    P,
                )
                for s in states
            ]
        )
        exact = np.exp(log_p - logsumexp(log_p)) @ states[:, :2]
        # Rao-Blackwellised averages over 39,900 steps
        assert_allclose(V_mean[row, 2:], exact, atol=0.01)
    assert_array_equal(V_mean[:, :2], v0[:, :2])


@pytest.mark.parametrize("gaussian", [[False, False], [False, True]])
def test_annealed_importance_sampling_matches_the_exact_partition_function(gaussian):
    widths, hidden, n_joint = (3, 2), (2, 2), 3
    theta, vo, ho, flags, P = _tiny_params(widths, hidden, n_joint, gaussian, 0.8)
    # exact: enumerate h and j; sum binary views out and integrate Gaussian
    # views analytically (int exp(-||v - b||^2 / 2 + a.v) dv
    # = (2 pi)^(d / 2) exp(a.b + ||a||^2 / 2))
    terms = []
    for hj in _binary_states(sum(hidden) + n_joint):
        h = _split(hj[: sum(hidden)], hidden)
        j = hj[sum(hidden) :]
        t = P["d"] @ j
        for m in range(2):
            a = h[m] @ P["W"][m]
            t += P["c"][m] @ h[m] + h[m] @ P["U"][m] @ j
            if gaussian[m]:
                t += 0.5 * widths[m] * np.log(2 * np.pi) + a @ P["b"][m] + a @ a / 2
            else:
                t += np.sum(np.logaddexp(0.0, a + P["b"][m]))
        terms.append(t)
    exact = logsumexp(terms)
    if not any(gaussian):  # and by brute force over every binary state
        brute = [
            -_energy(_split(s[:5], widths), _split(s[5:9], hidden), s[9:], P)
            for s in _binary_states(5 + sum(hidden) + n_joint)
        ]
        assert_allclose(logsumexp(brute), exact, rtol=1e-12)
    estimate, log_w = multimodal_log_partition(
        theta, vo, ho, flags, n_joint, np.linspace(0, 1, 2000), 100, 0
    )
    assert log_w.shape == (100,)
    assert abs(estimate - exact) < 0.02, (estimate, exact)


def test_dropout_gradient_matches_finite_differences_and_a_numpy_forward():
    widths, hidden, n_joint = (3, 2), (2, 3), 3
    theta, vo, ho, gaussian, P = _tiny_params(
        widths, hidden, n_joint, [True, False], scale=0.7
    )
    rs = np.random.RandomState(0)
    X = np.hstack([rs.normal(size=(6, 3)), (rs.rand(6, 2) < 0.5).astype(float)])
    clamp = np.ones((6, 2), dtype=bool)
    clamp[:3, 0] = False
    clamp[3:, 1] = False
    target = np.zeros(X.shape, dtype=bool)
    target[:3, :3] = True
    target[3:, 3:] = True
    V0 = np.where(target, [0.0, 0.0, 0.0, 0.5, 0.5], X)
    n_steps = 3
    loss, grad = dropout_gradient(
        X, V0, clamp, target, theta, vo, ho, gaussian, n_joint, n_steps
    )
    # a plain NumPy forward pass from the definition
    W, U = P["W"], np.vstack(P["U"])
    c = np.concatenate(P["c"])
    V = V0.copy()
    H = expit(np.hstack([V[:, :3] @ W[0].T, V[:, 3:] @ W[1].T]) + c)
    for _ in range(n_steps):
        J = expit(H @ U + P["d"])
        H = expit(np.hstack([V[:, :3] @ W[0].T, V[:, 3:] @ W[1].T]) + J @ U.T + c)
        mean = np.hstack(
            [H[:, :2] @ W[0] + P["b"][0], expit(H[:, 2:] @ W[1] + P["b"][1])]
        )
        V = np.where(target, mean, V)
    expected = (
        0.5 * np.sum((V[:3, :3] - X[:3, :3]) ** 2)
        - np.sum(X[3:, 3:] * np.log(V[3:, 3:]) + (1 - X[3:, 3:]) * np.log1p(-V[3:, 3:]))
    ) / 6
    assert_allclose(loss, expected, rtol=1e-12)
    numeric = np.zeros_like(theta)
    for i in range(theta.shape[0]):
        up, down = theta.copy(), theta.copy()
        up[i] += 1e-6
        down[i] -= 1e-6
        numeric[i] = (
            dropout_gradient(X, V0, clamp, target, up, vo, ho, gaussian, n_joint, 3)[0]
            - dropout_gradient(
                X, V0, clamp, target, down, vo, ho, gaussian, n_joint, 3
            )[0]
        ) / 2e-6
    assert_allclose(grad, numeric, atol=1e-8)


# -- the two fine-tunings on small models ----------------------------------------


@pytest.fixture(scope="module")
def small_halves():
    X, y, views = load_digit_halves()
    return X[:300], views


def test_dbm_fine_tuning_raises_the_variational_bound(small_halves, capsys):
    X, views = small_halves
    model = MultimodalRBM(
        views=views, n_view_components=12, n_components=16, n_iter=5,
        fine_tuning="dbm", n_fine_tuning_iter=8, n_inference_steps=10,
        fine_tuning_rate=0.01, verbose=1, random_state=0,
    ).fit(X)  # fmt: skip
    curve = model.fine_tuning_curve_
    out = capsys.readouterr().out
    assert out.count("[MultimodalRBM] Fine-tuning iteration") == 8
    assert f"variational lower bound = {curve[-1]:.4f}" in out
    # nats per row; AIS with the same draws every epoch, so the noise between
    # epochs is small: the bound never falls by more than it, and rises
    assert curve[-1] > curve[0] + 0.3, curve
    assert np.all(np.diff(curve) > -0.05), curve


def test_missing_rows_in_fit_and_every_output_is_new():
    rs = np.random.RandomState(0)
    z = rs.rand(80, 1) < 0.5
    A = (rs.rand(80, 4) < np.where(z, 0.9, 0.1)).astype(float)
    B = (rs.rand(80, 3) < np.where(z, 0.8, 0.2)).astype(float)
    X = np.hstack([A, B])
    X[:5, 4:] = np.nan
    X[5:8, :4] = np.nan
    copy = X.copy()
    for fine_tuning in ("dropout", "dbm"):
        model = MultimodalRBM(
            views=[slice(0, 4), slice(4, 7)], view_types="bernoulli",
            n_view_components=3, n_components=2, n_iter=3, fine_tuning=fine_tuning,
            n_fine_tuning_iter=3, random_state=0,
        ).fit(X)  # fmt: skip
        filled = model.infer_missing(X)
        assert_array_equal(X, copy, strict=True)
        assert not np.isnan(filled).any() and filled is not X
        assert ((filled[:8] >= 0) & (filled[:8] <= 1)).all()
        assert_array_equal(filled[8:], X[8:])
        assert model.transform(X).shape == (80, 2)
        assert np.isfinite(model.fine_tuning_curve_).all()


def test_float32_stays_float32_and_agrees_with_float64(small_halves):
    X, views = small_halves
    params = dict(
        views=views, n_view_components=8, n_components=8, n_iter=2,
        n_fine_tuning_iter=3, random_state=0,
    )  # fmt: skip
    m32 = MultimodalRBM(**params).fit(X.astype(np.float32))
    m64 = MultimodalRBM(**params).fit(X)
    X32 = X[:20].astype(np.float32)
    outputs = [
        m32.transform(X32),
        m32.infer_missing(_left_only(X32)),
        m32.generate(X32, "right"),
        m32.similarity(X32[:, :32], X32[:, 32:]),
        *m32.view_components_,
        m32.joint_components_,
        *m32.intercept_visible_,
        *m32.intercept_view_hidden_,
        m32.intercept_joint_,
        m32.view_rbms_[0].components_,
    ]
    assert {o.dtype for o in outputs} == {np.dtype(np.float32)}
    assert m64.transform(X[:20]).dtype == np.float64
    assert_allclose(m32.transform(X32), m64.transform(X[:20]), atol=1e-4)
    # float64 input to a float32 model is computed in float32
    assert m32.transform(X[:20]).dtype == np.float32


def test_gibbs_inference_is_seeded_and_near_mean_field(small_halves):
    X, views = small_halves
    model = MultimodalRBM(
        views=views, n_view_components=8, n_components=8, n_iter=3,
        fine_tuning="dbm", n_fine_tuning_iter=2, n_inference_steps=10,
        random_state=0,
    ).fit(X)  # fmt: skip
    mean_field = model.infer_missing(_left_only(X[:50]))
    model.set_params(inference="gibbs")
    a = model.infer_missing(_left_only(X[:50]))
    assert_array_equal(a, model.infer_missing(_left_only(X[:50])))
    assert not np.array_equal(a, mean_field)
    scale = model.view_scale_[1]
    assert np.abs((a - mean_field)[:, 32:] / scale).mean() < 0.5


def test_reproducible_and_views_by_name_with_dataframes():
    pd = pytest.importorskip("pandas")
    X, _, views = load_digit_halves(as_frame=True)
    X = X.iloc[:80]
    params = dict(
        n_view_components=4, n_components=3, n_iter=2, n_fine_tuning_iter=2,
        random_state=3,
    )  # fmt: skip
    a = MultimodalRBM(views=views, **params).fit(X)
    b = MultimodalRBM(views=views, **params).fit(X)
    assert_array_equal(a.transform(X), b.transform(X))
    assert_array_equal(a.fine_tuning_curve_, b.fine_tuning_curve_)
    assert a.view_names_ == ["left", "right"]
    out = a.set_output(transform="pandas").transform(X)
    assert isinstance(out, pd.DataFrame)
    assert list(out.columns) == [f"multimodalrbm{i}" for i in range(3)]
    assert a.generate(X, "left", random_state=0).shape == (80, 32)


def test_per_view_settings_and_rescale():
    rs = np.random.RandomState(0)
    X = np.hstack([(rs.rand(60, 4) < 0.5).astype(float), rs.normal(3, 10, (60, 3))])
    model = MultimodalRBM(
        views={"a": slice(0, 4), "b": slice(4, 7)},
        view_types={"a": "bernoulli", "b": "gaussian"},
        n_view_components=[3, 2], n_components=2, n_iter=2, n_fine_tuning_iter=2,
        random_state=0,
    ).fit(X)  # fmt: skip
    assert model.view_types_ == ["bernoulli", "gaussian"]
    assert [W.shape for W in model.view_components_] == [(3, 4), (2, 3)]
    assert model.joint_components_.shape == (2, 5)
    assert_allclose(model.view_offset_[1], X[:, 4:].mean(axis=0))
    assert_allclose(model.view_scale_[1], X[:, 4:].std(axis=0))
    assert_allclose(model.view_mean_[1], 0.0, atol=1e-12)
    Xm = X.copy()
    Xm[:, 4:] = np.nan
    filled = model.infer_missing(Xm)[:, 4:]
    assert np.abs(filled.mean(axis=0) - X[:, 4:].mean(axis=0)).max() < 10


def test_bad_input_is_a_clear_error():
    rs = np.random.RandomState(0)
    X = (rs.rand(60, 7) < 0.5) * 16.0
    views = [slice(0, 4), slice(4, 7)]
    with pytest.raises(ValueError, match=r"Bernoulli view.*\[0, 16\].*rescale"):
        MultimodalRBM(views=views, view_types="bernoulli", rescale=False).fit(X)
    model = MultimodalRBM(
        views=views, view_types="bernoulli", n_view_components=2, n_components=2,
        n_iter=1, n_fine_tuning_iter=1,
    )  # fmt: skip
    model.fit(X)  # rescale=True maps each view's range to [0, 1]
    assert_allclose(model.view_scale_[0], 16.0)
    bad = X.copy()
    bad[0, 1] = np.nan  # NaN in part of a view block
    with pytest.raises(ValueError, match="NaN in part of view"):
        model.transform(bad)
    with pytest.raises(ValueError, match="NaN in part of view"):
        MultimodalRBM(views=views).fit(bad)
    all_missing = X.copy()
    all_missing[:, 4:] = np.nan
    with pytest.raises(ValueError, match="every view"):
        MultimodalRBM(views=views).fit(all_missing)
    with pytest.raises(ValueError, match="view_types for view"):
        MultimodalRBM(views=views, view_types=["bernoulli", "poisson"]).fit(X)
    with pytest.raises(ValueError, match="n_view_components has 3 entries"):
        MultimodalRBM(views=views, n_view_components=[2, 2, 2]).fit(X)
    with pytest.raises(ValueError, match="fine_tuning"):
        MultimodalRBM(views=views, fine_tuning="backprop").fit(X)
    with pytest.raises(ValueError, match="Unknown view 'c'"):
        model.generate(X, "c")
    with pytest.raises(ValueError, match="both 'view0'"):
        model.similarity(X[:, :4], X[:, :4], query_view=0, gallery_view=0)
    with pytest.raises(ValueError, match="gallery has 4 columns but view 'view1'"):
        model.similarity(X[:, :4], X[:, :4])
    with pytest.raises(ValueError, match="n_neighbors=61"):
        model.retrieve(X[:, :4], X[:, 4:], n_neighbors=61)
    with pytest.raises(FloatingPointError, match="lower fine_tuning_rate"):
        MultimodalRBM(
            views=views, view_types="gaussian", n_view_components=2, n_components=2,
            n_iter=1, fine_tuning="dbm", fine_tuning_rate=1e12, n_fine_tuning_iter=8,
            random_state=0,
        ).fit(X)  # fmt: skip


def test_pipeline_and_grid_search():
    X, y, views = load_digit_halves()
    X, y = X[:150], y[:150]
    pipe = Pipeline(
        [
            (
                "rbm",
                MultimodalRBM(
                    views=views, n_iter=2, n_fine_tuning_iter=2, random_state=0
                ),
            ),
            ("clf", LogisticRegression(max_iter=300)),
        ]
    )
    grid = GridSearchCV(
        pipe,
        {"rbm__n_components": [4, 8], "rbm__n_view_components": [8]},
        cv=2,
    ).fit(X, y)
    assert grid.best_params_["rbm__n_components"] in (4, 8)
    assert grid.predict(X[:3]).shape == (3,)
