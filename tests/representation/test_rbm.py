import itertools

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from scipy.special import expit, logsumexp
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.neural_network import BernoulliRBM as SklearnBernoulliRBM
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import minmax_scale
from threadpoolctl import threadpool_limits

from skmm._kernels._rbm import gibbs_sample, rbm_epoch, sigmoid, uniforms
from skmm.representation import BernoulliRBM, GaussianBernoulliRBM

RBMS = [BernoulliRBM, GaussianBernoulliRBM]


@pytest.fixture(autouse=True)
def _one_blas_thread():
    # Small products with several BLAS threads on a busy 2-core machine run
    # up to 50x slower (see benchmarks/_common.py); results do not change.
    with threadpool_limits(limits=1, user_api="blas"):
        yield


def _tiny_model(n_visible=5, n_hidden=3, seed=0):
    rs = np.random.RandomState(seed)
    W = rs.normal(0, 0.5, (n_hidden, n_visible))
    b_v = rs.normal(0, 0.5, n_visible)
    b_h = rs.normal(0, 0.5, n_hidden)
    return W, b_v, b_h


class _Stream:
    """The kernels' uniforms for ``seed``, handed out in order, shaped."""

    def __init__(self, seed):
        self.draws, self.used = uniforms(seed, 10_000), 0

    def random_sample(self, shape):
        n = int(np.prod(shape))
        out = self.draws[self.used : self.used + n].reshape(shape)
        self.used += n
        return out


def test_uniform_stream_is_uniform_and_seeded():
    u = uniforms(7, 100_000)
    assert 0.0 <= u.min() and u.max() < 1.0
    assert abs(u.mean() - 0.5) < 0.005 and abs(u.var() - 1 / 12) < 0.002
    assert abs(np.corrcoef(u[:-1], u[1:])[0, 1]) < 0.01
    assert_array_equal(u[:10], uniforms(7, 10))
    assert not np.array_equal(u[:10], uniforms(8, 10))


def _reference_step(V, W, b_v, b_h, chain, *, persistent, gaussian, seed, lr, mom, wd):
    """One CD-1 / PCD-1 minibatch update in plain NumPy, drawing the same uniforms."""
    rs = _Stream(seed)
    H_pos = expit(V @ W.T + b_h)
    if persistent:
        H_s = chain.copy()
    else:
        H_s = (rs.random_sample(H_pos.shape) < H_pos).astype(float)
    mean_v = H_s @ W + b_v
    if gaussian:
        V_neg = mean_v
    else:
        V_neg = (rs.random_sample(mean_v.shape) < expit(mean_v)).astype(float)
    H_neg = expit(V_neg @ W.T + b_h)
    grad_W = H_pos.T @ V / len(V) - H_neg.T @ V_neg / len(V_neg) - wd * W
    grad_bv = V.mean(0) - V_neg.mean(0)
    grad_bh = H_pos.mean(0) - H_neg.mean(0)
    new_chain = chain
    if persistent:
        new_chain = (rs.random_sample(H_neg.shape) < H_neg).astype(float)
    # starting from zero velocity: vel = lr * grad
    return W + lr * grad_W, b_v + lr * grad_bv, b_h + lr * grad_bh, new_chain


@pytest.mark.parametrize(
    "persistent, gaussian", [(False, False), (True, False), (False, True)]
)
def test_kernel_step_matches_numpy_reference(persistent, gaussian):
    W, b_v, b_h = _tiny_model()
    rs = np.random.RandomState(1)
    V = rs.normal(size=(6, 5)) if gaussian else (rs.rand(6, 5) < 0.5).astype(float)
    chain = (rs.rand(6, 3) < 0.5).astype(float)
    expected = _reference_step(
        V, W, b_v, b_h, chain, persistent=persistent, gaussian=gaussian,
        seed=123, lr=0.1, mom=0.5, wd=0.01,
    )  # fmt: skip
    W_k, bv_k, bh_k, chain_k = W.copy(), b_v.copy(), b_h.copy(), chain.copy()
    vel = (np.zeros_like(W), np.zeros_like(b_v), np.zeros_like(b_h))
    rbm_epoch(
        V, np.arange(6), W_k, bv_k, bh_k, *vel, chain_k,
        6, 0.1, 0.5, 0.01, 1, persistent, gaussian, 123,
    )  # fmt: skip
    for got, want in zip((W_k, bv_k, bh_k, chain_k), expected):
        assert_allclose(got, want, rtol=1e-12, atol=1e-14)
    # the momentum buffer holds the first step
    assert_allclose(vel[0], expected[0] - W, rtol=1e-12, atol=1e-14)


def test_momentum_accumulates_velocity():
    W, b_v, b_h = _tiny_model()
    V = (np.random.RandomState(2).rand(4, 5) < 0.5).astype(float)
    args = (np.zeros((4, 3)), 4, 0.1)
    W1, W2 = W.copy(), W.copy()
    vel1 = [np.zeros_like(W), np.zeros_like(b_v), np.zeros_like(b_h)]
    vel2 = [np.zeros_like(W), np.zeros_like(b_v), np.zeros_like(b_h)]
    for seed in (5, 6):
        rbm_epoch(V, np.arange(4), W1, b_v.copy(), b_h.copy(), *vel1, *args,
                  0.0, 0.0, 1, False, False, seed)  # fmt: skip
    for seed in (5, 6):
        rbm_epoch(V, np.arange(4), W2, b_v.copy(), b_h.copy(), *vel2, *args,
                  0.9, 0.0, 1, False, False, seed)  # fmt: skip
    # The first steps agree (zero velocity); the second steps then start from
    # the same weights and seed, so momentum adds exactly 0.9 times step one.
    assert not np.allclose(W1, W2)
    W_ref = W.copy()
    vel_ref = [np.zeros_like(W), np.zeros_like(b_v), np.zeros_like(b_h)]
    rbm_epoch(V, np.arange(4), W_ref, b_v.copy(), b_h.copy(), *vel_ref, *args,
              0.0, 0.0, 1, False, False, 5)  # fmt: skip
    step1 = W_ref - W
    assert_allclose(W2 - W1, 0.9 * step1, rtol=1e-10, atol=1e-14)


def test_kernel_logistic_function_matches_scipy():
    x = np.random.RandomState(0).normal(0, 20, (50, 40))
    x[0, :8] = [-1e4, 1e4, -745.0, 745.0, 0.0, -0.0, 1e-300, -36.7]
    got = sigmoid(x)
    assert_allclose(got, expit(x), rtol=1e-14, atol=1e-300)
    assert got[0, 0] < 1e-300 and got[0, 1] == 1.0 and got[0, 4] == 0.5


def _energy(v, h, W, b_v, b_h, gaussian):
    if gaussian:
        visible = 0.5 * np.sum((v - b_v) ** 2)
    else:
        visible = -b_v @ v
    return visible - b_h @ h - h @ W @ v


def _fitted(cls, W, b_v, b_h):
    rbm = cls(n_components=W.shape[0], n_iter=0).fit(np.zeros((2, W.shape[1])))
    rbm.components_, rbm.intercept_visible_, rbm.intercept_hidden_ = W, b_v, b_h
    return rbm


@pytest.mark.parametrize("cls", RBMS)
def test_free_energy_matches_enumeration(cls):
    W, b_v, b_h = _tiny_model(n_visible=4, n_hidden=3)
    rbm = _fitted(cls, W, b_v, b_h)
    gaussian = cls is GaussianBernoulliRBM
    rs = np.random.RandomState(3)
    X = rs.normal(size=(7, 4)) if gaussian else rs.rand(7, 4)
    hs = [np.array(h, float) for h in itertools.product([0, 1], repeat=3)]
    expected = [
        -logsumexp([-_energy(v, h, W, b_v, b_h, gaussian) for h in hs]) for v in X
    ]
    assert_allclose(rbm._free_energy(X), expected, rtol=1e-12)
    if gaussian:
        assert_allclose(rbm.score_samples(X), -np.asarray(expected), rtol=1e-12)


def test_pseudo_likelihood_matches_enumeration():
    W, b_v, b_h = _tiny_model(n_visible=4, n_hidden=3)
    rbm = _fitted(BernoulliRBM, W, b_v, b_h)
    vs = np.array(list(itertools.product([0, 1], repeat=4)), float)
    hs = [np.array(h, float) for h in itertools.product([0, 1], repeat=3)]
    log_p = {  # unnormalised log p(v), by summing exp(-E) over every h
        tuple(v): logsumexp([-_energy(v, h, W, b_v, b_h, False) for h in hs])
        for v in vs
    }
    expected = []
    for v in vs:
        total = 0.0
        for i in range(4):
            flipped = v.copy()
            flipped[i] = 1 - flipped[i]
            a, b = log_p[tuple(v)], log_p[tuple(flipped)]
            total += a - np.logaddexp(a, b)
        expected.append(total)
    assert_allclose(rbm.score_samples(vs), expected, rtol=1e-10)
    # on fractional rows: the expectation over independent Bernoulli rows of
    # each conditional term, with the other units as given
    x = np.array([[0.25, 1.0, 0.0, 0.5]])
    lo, hi = x.copy(), x.copy()
    got = rbm.score_samples(x)[0]
    want = 0.0
    for i in range(4):
        lo[0, i], hi[0, i] = 0.0, 1.0
        logit = rbm._free_energy(lo)[0] - rbm._free_energy(hi)[0]
        want += x[0, i] * np.log(expit(logit)) + (1 - x[0, i]) * np.log(expit(-logit))
        lo[0, i] = hi[0, i] = x[0, i]
    assert_allclose(got, want, rtol=1e-10)


def test_transform_and_free_energy_agree_with_sklearn():
    X = minmax_scale(load_digits().data[:100])
    ours = BernoulliRBM(n_components=8, n_iter=2, random_state=0).fit(X)
    theirs = SklearnBernoulliRBM(n_components=8, n_iter=0).fit(X)
    theirs.components_ = ours.components_
    theirs.intercept_hidden_ = ours.intercept_hidden_
    theirs.intercept_visible_ = ours.intercept_visible_
    assert_allclose(ours.transform(X), theirs.transform(X), rtol=1e-12)
    assert_allclose(ours._free_energy(X), theirs._free_energy(X), rtol=1e-12)


@pytest.fixture(scope="module")
def digits():
    X, y = load_digits(return_X_y=True)
    return minmax_scale(X), y


def test_training_raises_pseudo_likelihood_on_digits(digits):
    X, _ = digits
    X = X[:600]
    untrained = BernoulliRBM(n_components=32, n_iter=0, random_state=0).fit(X)
    trained = BernoulliRBM(
        n_components=32, n_iter=5, learning_rate=0.05, random_state=0
    ).fit(X)
    before = untrained.score_samples(X).mean()
    after = trained.score_samples(X).mean()
    assert after > before + 10, (before, after)


def test_features_classify_digits_as_well_as_sklearn(digits):
    X, y = digits
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.3, random_state=0
    )
    settings = dict(n_components=64, learning_rate=0.06, n_iter=10, batch_size=10)
    scores = {}
    for name, cls in (("skmm", BernoulliRBM), ("sklearn", SklearnBernoulliRBM)):
        scores[name] = np.mean(
            [
                make_pipeline(
                    cls(**settings, random_state=seed),
                    LogisticRegression(C=100, max_iter=500),
                )
                .fit(X_train, y_train)
                .score(X_test, y_test)
                for seed in (0, 1)
            ]
        )
    assert scores["skmm"] > 0.85, scores
    assert scores["skmm"] >= scores["sklearn"] - 0.01, scores


@pytest.mark.parametrize("cls", RBMS)
def test_reproducible_with_random_state(cls):
    X = np.random.RandomState(0).rand(40, 6)
    a = cls(n_components=4, n_iter=3, random_state=7).fit(X)
    b = cls(n_components=4, n_iter=3, random_state=7).fit(X)
    c = cls(n_components=4, n_iter=3, random_state=8).fit(X)
    assert_array_equal(a.components_, b.components_)
    assert_array_equal(a.h_samples_, b.h_samples_)
    assert not np.allclose(a.components_, c.components_)
    assert_array_equal(a.gibbs(X), b.gibbs(X))


@pytest.mark.parametrize("cls", RBMS)
def test_partial_fit_continues_like_fit(cls):
    X = np.random.RandomState(0).rand(30, 5)
    fitted = cls(n_components=3, n_iter=3, random_state=2).fit(X)
    partial = cls(n_components=3, random_state=2)
    for _ in range(3):
        partial.partial_fit(X)
    assert_allclose(partial.components_, fitted.components_, rtol=1e-12)
    assert_allclose(partial.intercept_visible_, fitted.intercept_visible_)


def test_cd_and_pcd_with_k_steps_differ_and_learn(digits):
    X = digits[0][:300]
    pl = {}
    for method, k in (("cd", 1), ("pcd", 1), ("cd", 3)):
        rbm = BernoulliRBM(
            n_components=16, n_iter=4, method=method, n_gibbs_steps=k,
            momentum=0.5, weight_decay=1e-4, learning_rate=0.05, random_state=0,
        ).fit(X)  # fmt: skip
        pl[method, k] = rbm.score_samples(X).mean()
    base = BernoulliRBM(n_components=16, n_iter=0, random_state=0).fit(X)
    untrained = base.score_samples(X).mean()
    assert all(v > untrained + 5 for v in pl.values()), (untrained, pl)
    assert len({round(v, 6) for v in pl.values()}) == 3


def test_gibbs_bernoulli_is_binary_and_gaussian_has_unit_noise():
    X = np.random.RandomState(0).rand(20, 5)
    rbm = BernoulliRBM(n_components=3, n_iter=1, random_state=0).fit(X)
    v = rbm.gibbs(X)
    assert v.shape == X.shape and set(np.unique(v)) <= {0.0, 1.0}
    # Gaussian visible units: v' = b + W^T h + N(0, 1). With zero weights the
    # draws are the bias plus unit noise whatever h is.
    g = GaussianBernoulliRBM(n_components=3, n_iter=0).fit(np.zeros((2, 3)))
    g.intercept_visible_ = np.array([1.0, -2.0, 0.0])
    g.components_ = np.zeros((3, 3))
    draws = g.gibbs(np.zeros((4000, 3)))
    assert_allclose(draws.mean(0), [1.0, -2.0, 0.0], atol=0.08)
    assert_allclose(draws.std(0), 1.0, atol=0.05)


def test_clamped_gibbs_keeps_clamped_entries():
    W, b_v, b_h = _tiny_model()
    V0 = np.random.RandomState(0).rand(3, 5)
    clamp = np.zeros((3, 5), bool)
    clamp[:, :2] = True
    V, H = gibbs_sample(V0, clamp, W, b_v, b_h, 5, False, False, 0)
    assert_array_equal(V[:, :2], V0[:, :2])
    # mean-field fixed point of the free units: v = sigmoid(W^T h + b)
    assert_allclose(H, expit(V @ W.T + b_h))
    V_more, _ = gibbs_sample(V, clamp, W, b_v, b_h, 200, False, False, 0)
    V_fixed, _ = gibbs_sample(V_more, clamp, W, b_v, b_h, 1, False, False, 0)
    assert_allclose(V_fixed, V_more, atol=1e-8)


def test_verbose_reports_the_training_measure(capsys):
    X = np.random.RandomState(0).rand(20, 4)
    BernoulliRBM(n_components=2, n_iter=2, verbose=1).fit(X)
    GaussianBernoulliRBM(n_components=2, n_iter=1, verbose=1).fit(X)
    out = capsys.readouterr().out
    assert out.count("pseudo-likelihood") == 2
    assert "[GaussianBernoulliRBM] Iteration 1, reconstruction error" in out


@pytest.mark.parametrize("cls", RBMS)
def test_bad_input_is_a_clear_error(cls):
    X = np.random.RandomState(0).rand(10, 4)
    X[2, 1] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        cls(n_components=2).fit(X)
    with pytest.raises(ValueError, match="method"):
        cls(method="bogus").fit(X[:2, :1])
    rbm = cls(n_components=2, n_iter=1).fit(np.ones((5, 4)))
    with pytest.raises(ValueError, match="4 features"):
        rbm.transform(np.ones((2, 3)))


def test_sparse_input_gives_the_dense_result():
    sparse = pytest.importorskip("scipy.sparse")
    X = (np.random.RandomState(0).rand(30, 6) < 0.3).astype(float)
    dense = BernoulliRBM(n_components=3, n_iter=3, random_state=0).fit(X)
    sp_model = BernoulliRBM(n_components=3, n_iter=3, random_state=0)
    sp_model.fit(sparse.csr_matrix(X))
    assert_array_equal(sp_model.components_, dense.components_)
    assert_allclose(sp_model.transform(sparse.csc_matrix(X)), dense.transform(X))
    assert_allclose(
        sp_model.score_samples(sparse.csr_matrix(X)), dense.score_samples(X)
    )


def test_input_is_not_modified():
    X = np.random.RandomState(0).rand(15, 4)
    copy = X.copy()
    rbm = BernoulliRBM(n_components=2, n_iter=2, random_state=0).fit(X)
    rbm.partial_fit(X)
    rbm.gibbs(X)
    rbm.score_samples(X)
    assert_array_equal(X, copy)


@pytest.mark.parametrize(
    "cls, params, total, first",
    [
        (
            BernoulliRBM,
            {"n_components": 16, "n_iter": 3},
            -95.70472177595016,
            [-0.3317702148469845, -0.20585034010151526, -0.02647359816362777],
        ),
        (
            BernoulliRBM,
            {"n_components": 300, "batch_size": 100, "n_iter": 2},
            -187.44220261649926,
            [-0.01102818569845584, -0.01444760368745523, 0.00909961046669008],
        ),
        (
            GaussianBernoulliRBM,
            {"n_components": 16, "n_iter": 3},
            24.616268628168765,
            [0.01812454422127917, 0.01257055250574235, 0.03746632778530761],
        ),
    ],
)
def test_float64_results_are_pinned(cls, params, total, first):
    # weights fitted by the float64-only kernels, before float32 support: the
    # float64 path computes the same numbers (BLAS-sized minibatches included)
    X = minmax_scale(load_digits().data[:300])
    rbm = cls(**params, random_state=0).fit(X)
    assert rbm.components_.dtype == np.float64
    assert_allclose(rbm.components_.sum(), total, rtol=1e-10)
    assert_allclose(rbm.components_[0, :3], first, rtol=1e-10)


@pytest.mark.parametrize("cls", RBMS)
@pytest.mark.parametrize("n_components, batch_size", [(6, 10), (300, 100)])
def test_float32_stays_float32_and_agrees_with_float64(cls, n_components, batch_size):
    X = minmax_scale(load_digits().data[:300])
    params = dict(n_components=n_components, batch_size=batch_size, n_iter=2)
    r32 = cls(**params, random_state=0).fit(X.astype(np.float32))
    r64 = cls(**params, random_state=0).fit(X)
    X32 = X[:50].astype(np.float32)
    arrays = [
        r32.components_,
        r32.intercept_hidden_,
        r32.intercept_visible_,
        r32.h_samples_,
        r32.transform(X32),
        r32.score_samples(X32),
        r32.gibbs(X32),
        r32.transform(X[:50]),  # float64 input, float32 model
    ]
    assert {a.dtype for a in arrays} == {np.dtype(np.float32)}
    # the same draws, so the same model up to float32 rounding
    assert_allclose(r32.components_, r64.components_, atol=1e-5)
    assert_allclose(r32.transform(X32), r64.transform(X[:50]), atol=1e-5)
    r32.partial_fit(X32)
    assert r32.components_.dtype == np.float32
