"""Global alignment kernel and all-pairs soft-DTW against tslearn, a slow
log-space reference, positive semi-definiteness, and the transformers."""

import numpy as np
import pytest
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.svm import SVC

from skmm.alignment import (
    PairwiseGAK,
    PairwiseSoftDTW,
    cdist_dtw,
    cdist_gak,
    cdist_soft_dtw,
    gak,
    soft_dtw,
)

tslearn_metrics = pytest.importorskip("tslearn.metrics")


def _slow_log_gak(x, y, sigma, triangular=0):
    """log of Cuturi's (triangular) GAK, cell by cell in log space."""
    n, m = len(x), len(y)
    R = np.full((n + 1, m + 1), -np.inf)
    R[0, 0] = 0.0
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            w = 1.0
            if triangular > 0:
                w = max(0.0, 1.0 - abs(i - j) / triangular)
            if w == 0.0:
                continue
            k = w * np.exp(-np.sum((x[i - 1] - y[j - 1]) ** 2) / (2 * sigma**2))
            prev = np.array([R[i - 1, j - 1], R[i - 1, j], R[i, j - 1]])
            top = prev.max()
            if top == -np.inf:
                continue
            R[i, j] = top + np.log(np.exp(prev - top).sum()) + np.log(k / (2 - k))
    return R[n, m]


def _dataset(rng, lengths, d):
    return [rng.standard_normal((n, d)).cumsum(axis=0) for n in lengths]


@pytest.mark.parametrize("sigma", [0.5, 2.0, 10.0])
@pytest.mark.parametrize("d", [1, 3])
def test_gak_matches_tslearn(sigma, d):
    rng = np.random.default_rng(d)
    X = _dataset(rng, [20, 14, 25, 20, 9], d)
    Y = _dataset(rng, [18, 30, 11], d)
    X_t = tslearn_metrics.cdist_gak(X, sigma=sigma)
    np.testing.assert_allclose(cdist_gak(X, sigma=sigma), X_t, rtol=1e-9, atol=0)
    np.testing.assert_allclose(
        cdist_gak(X, Y, sigma=sigma, n_jobs=2),
        tslearn_metrics.cdist_gak(X, Y, sigma=sigma),
        rtol=1e-9,
        atol=0,
    )
    assert gak(X[0], Y[1], sigma=sigma) == pytest.approx(
        tslearn_metrics.gak(X[0], Y[1], sigma=sigma), rel=1e-9
    )
    small = [x[:8] for x in X[:3]]
    unnormalized = np.array(
        [
            [tslearn_metrics.unnormalized_gak(a, b, sigma=sigma) for b in small]
            for a in small
        ]
    )
    np.testing.assert_allclose(
        cdist_gak(small, sigma=sigma, normalized=False), unnormalized, rtol=1e-9
    )


@pytest.mark.parametrize("radius", [0, 1, 3, 50])
def test_triangular_gak_matches_slow_reference(radius):
    rng = np.random.default_rng(radius)
    X = _dataset(rng, [12, 10, 14, 12], 2)
    sigma = 1.5
    with np.errstate(divide="ignore"):  # log(0) = -inf: no admissible path
        got = np.log(cdist_gak(X, sigma=sigma, radius=radius, normalized=False))
    for a in range(len(X)):
        for b in range(len(X)):
            expected = _slow_log_gak(X[a], X[b], sigma, triangular=radius + 1)
            assert got[a, b] == pytest.approx(expected, rel=1e-11, abs=1e-11)
    # lengths 10 and 14 differ by more than radius 1 or 3: no admissible path
    assert (cdist_gak(X, sigma=sigma, radius=radius)[1, 2] == 0.0) == (radius < 4)


def test_long_series_stay_finite():
    # the unnormalised kernel of series of 450 frames is past float64; the
    # row-rescaled recursion keeps its logarithm (tslearn redoes the recursion
    # in log space then)
    rng = np.random.default_rng(3)
    x, y = _dataset(rng, [450, 420], 1)
    sigma = 100.0
    assert tslearn_metrics.unnormalized_gak(x, y, sigma=sigma) == np.inf
    expected = tslearn_metrics.gak(x, y, sigma=sigma)
    assert 0 < expected < 1
    assert gak(x, y, sigma=sigma) == pytest.approx(expected, rel=1e-9)
    with pytest.raises(ValueError, match="normalized=True"):
        gak(x, y, sigma=sigma, normalized=False)


def test_gak_gram_is_positive_semidefinite_where_dtw_kernel_is_not():
    rng = np.random.default_rng(0)
    base = rng.standard_normal((3, 12)).cumsum(axis=1)
    X = np.repeat(base, 20, axis=0) + 0.3 * rng.standard_normal((60, 12))
    X = np.array([np.roll(x, s) for x, s in zip(X, rng.integers(0, 3, 60))])
    variable = [x[: 9 + i % 4] for i, x in enumerate(X)]
    for data, radius in [(X, None), (X, 2), (variable, None), (variable, 5)]:
        K = cdist_gak(data, sigma=10.0, radius=radius)
        np.testing.assert_allclose(K, K.T, rtol=0, atol=0)
        eigenvalues = np.linalg.eigvalsh(K)
        # nearly singular (clusters of similar series), yet never negative
        assert eigenvalues.min() < 1e-4 * eigenvalues.max()
        assert eigenvalues.min() >= -1e-9 * eigenvalues.max()
    K_dtw = np.exp(-0.01 * cdist_dtw(X) ** 2)
    eigenvalues = np.linalg.eigvalsh(K_dtw)
    assert eigenvalues.min() < -1e-3 * eigenvalues.max()


@pytest.mark.parametrize("gamma", [0.1, 1.0])
def test_cdist_soft_dtw_matches_tslearn(gamma):
    rng = np.random.default_rng(4)
    X = rng.standard_normal((6, 15, 2))
    Y = rng.standard_normal((4, 12, 2))
    np.testing.assert_allclose(
        cdist_soft_dtw(X, gamma=gamma),
        tslearn_metrics.cdist_soft_dtw(X, gamma=gamma),
        rtol=1e-9,
    )
    np.testing.assert_allclose(
        cdist_soft_dtw(X, Y, gamma),
        tslearn_metrics.cdist_soft_dtw(X, Y, gamma=gamma),
        rtol=1e-9,
    )
    expected = tslearn_metrics.cdist_soft_dtw_normalized(X, Y, gamma=gamma)
    np.testing.assert_allclose(
        cdist_soft_dtw(X, Y, gamma, normalized=True), expected, rtol=1e-9, atol=1e-12
    )


def test_cdist_soft_dtw_band_and_variable_lengths():
    rng = np.random.default_rng(5)
    X = _dataset(rng, [10, 13, 8], 2)
    Y = _dataset(rng, [11, 9], 2)
    got = cdist_soft_dtw(X, Y, 0.5, radius=2, normalized=True, n_jobs=2)
    for a, x in enumerate(X):
        for b, y in enumerate(Y):
            expected = soft_dtw(x, y, 0.5, radius=2, divergence=True)
            assert got[a, b] == pytest.approx(expected, rel=1e-12, abs=1e-12)
    D = cdist_soft_dtw(X, gamma=0.5, radius=2, normalized=True)
    np.testing.assert_array_equal(np.diag(D), 0.0)
    assert np.all(D[~np.eye(3, dtype=bool)] > 0)


def test_transformers_in_pipelines():
    rng = np.random.default_rng(6)
    t = np.linspace(0, 1, 30)
    centers = rng.uniform(0.3, 0.7, 40)
    bumps = np.exp(-(((t[None, :] - centers[:, None]) / 0.08) ** 2))
    X = np.vstack([bumps[:20], -bumps[20:]]) + 0.05 * rng.normal(size=(40, 30))
    y = np.repeat([0, 1], 20)
    pipe = make_pipeline(PairwiseGAK(), SVC(kernel="precomputed"))
    search = GridSearchCV(
        pipe, {"pairwisegak__sigma": [0.5, 2.0], "pairwisegak__radius": [None, 5]}, cv=3
    ).fit(X, y)
    assert search.best_score_ == 1.0
    K = PairwiseGAK(sigma=2.0, radius=5).fit(X[:5]).transform(X[5:9])
    np.testing.assert_allclose(K, cdist_gak(X[5:9], X[:5], sigma=2.0, radius=5))
    D = PairwiseSoftDTW(gamma=0.5).fit(X[:5]).transform(X[5:9])
    np.testing.assert_allclose(D, cdist_soft_dtw(X[5:9], X[:5], 0.5, normalized=True))
    K = PairwiseSoftDTW(gamma=0.5, normalized=False, kernel_gamma=0.1).fit(X[:5])
    np.testing.assert_allclose(
        K.transform(X[5:9]), np.exp(-0.1 * cdist_soft_dtw(X[5:9], X[:5], 0.5))
    )
    assert PairwiseGAK().fit(X[:2]).get_feature_names_out().tolist() == [
        "pairwisegak0",
        "pairwisegak1",
    ]


def test_bad_input():
    x = [0.0, 1.0, 2.0]
    for bad in (0.0, -1.0, np.inf):
        with pytest.raises(ValueError, match="sigma"):
            gak(x, x, sigma=bad)
    with pytest.raises(TypeError, match="sigma"):
        cdist_gak([x], sigma="wide")
    with pytest.raises(ValueError, match="radius"):
        cdist_gak([x], radius=-1)
    with pytest.raises(ValueError, match="NaN inside"):
        cdist_gak([[0.0, np.nan, 1.0]])
    with pytest.raises(ValueError, match="channels"):
        cdist_gak(np.ones((2, 3, 2)), np.ones((2, 3, 1)))
    with pytest.raises(ValueError, match="gamma"):
        cdist_soft_dtw([x], gamma=0.0)
    with pytest.raises(ValueError, match="NaN inside"):
        cdist_soft_dtw([x], [[1.0, np.nan, 2.0, 3.0]])
    with pytest.raises(TypeError, match="normalized"):
        cdist_soft_dtw([x], normalized="yes")
    with pytest.raises(ValueError, match="sigma"):
        PairwiseGAK(sigma=-1.0).fit([x])


@pytest.mark.parametrize(
    "transformer, function",
    [
        (
            PairwiseGAK(sigma=2.0, radius=6),
            lambda a, b: cdist_gak(a, b, sigma=2.0, radius=6),
        ),
        (
            PairwiseSoftDTW(gamma=0.5),
            lambda a, b: cdist_soft_dtw(a, b, 0.5, normalized=True),
        ),
    ],
)
def test_transformers_take_series_of_any_length_after_fit(transformer, function):
    rng = np.random.default_rng(7)
    X = rng.standard_normal((6, 20, 2)).cumsum(axis=1)
    np.testing.assert_allclose(
        transformer.fit_transform(X), transformer.fit(X).transform(X), rtol=1e-12
    )
    for length in (15, 26):
        other = rng.standard_normal((3, length, 2)).cumsum(axis=1)
        np.testing.assert_allclose(
            transformer.transform(other), function(other, X), rtol=1e-12
        )
    with pytest.raises(ValueError, match="channels"):
        transformer.transform(X[:, :, :1])
