"""TimeSeriesKMeans and KShape: recovered clusters, fixed points, agreement
with scikit-learn's KMeans and tslearn's KShape, shift invariance, errors."""

import numpy as np
import pytest
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score

from skmm.alignment import (
    KShape,
    TimeSeriesKMeans,
    dtw,
    dtw_barycenter,
    soft_dtw,
)
from skmm.utils.discovery import all_estimators


def _shapes(n_per_class, length, rng, noise=0.05, width=0.25):
    """Three shape classes (bump, square pulse, down-up wave) at random
    positions and widths; returns ``(X, y)``."""
    t = np.linspace(0, 1, length)
    X, y = [], []
    for label in range(3):
        for _ in range(n_per_class):
            center = rng.uniform(0.35, 0.65)
            w = width * rng.uniform(0.8, 1.2)
            u = (t - center) / w
            if label == 0:
                x = np.exp(-8 * u**2)
            elif label == 1:
                x = (np.abs(u) < 0.5).astype(float)
            else:
                x = -np.sin(2 * np.pi * u) * (np.abs(u) < 0.5)
            X.append(x + noise * rng.standard_normal(length))
            y.append(label)
    return np.array(X)[:, :, None], np.array(y)


def test_is_a_scikit_learn_clusterer():
    clusterers = dict(all_estimators(type_filter="cluster"))
    assert clusterers["TimeSeriesKMeans"] is TimeSeriesKMeans
    assert clusterers["KShape"] is KShape


@pytest.mark.parametrize(
    "params",
    [
        {"metric": "dtw"},
        {"metric": "dtw", "radius": 15, "init": "random", "n_init": 3},
        {"metric": "softdtw", "gamma": 0.05, "max_iter_barycenter": 20},
    ],
)
def test_kmeans_recovers_warped_clusters(params):
    rng = np.random.default_rng(0)
    X, y = _shapes(12, 50, rng)
    model = TimeSeriesKMeans(3, random_state=0, n_jobs=2, **params).fit(X)
    assert adjusted_rand_score(y, model.labels_) >= 0.9
    np.testing.assert_array_equal(model.predict(X), model.labels_)
    # inertia: the assignment values of the training series, summed
    values = model.transform(X)
    if params["metric"] == "dtw":
        values = values**2
    expected = values[np.arange(len(X)), model.labels_].sum()
    assert model.inertia_ == pytest.approx(expected, rel=1e-9)


def test_dba_centroids_are_fixed_points_of_dba():
    rng = np.random.default_rng(1)
    X, _ = _shapes(10, 40, rng)
    model = TimeSeriesKMeans(
        3, metric="dtw", max_iter_barycenter=100, random_state=1
    ).fit(X)
    for c in range(3):
        members = X[model.labels_ == c]
        center = model.cluster_centers_[c]
        again = dtw_barycenter(members, init=center, max_iter=1, tol=0.0)
        np.testing.assert_allclose(again, center, rtol=1e-12, atol=1e-12)
        # every member is closer (DTW) to its own centre than to the others
        own = [dtw(x, center) for x in members]
        for other in range(3):
            if other != c:
                far = [dtw(x, model.cluster_centers_[other]) for x in members]
                assert np.all(np.array(own) <= np.array(far))


def test_euclidean_equals_scikit_learn_kmeans():
    rng = np.random.default_rng(2)
    X, _ = _shapes(15, 30, rng, noise=0.3)
    init = X[[0, 20, 40]]
    ours = TimeSeriesKMeans(3, init=init, tol=0.0, max_iter=100).fit(X)
    theirs = KMeans(3, init=init[:, :, 0], n_init=1, tol=0.0, max_iter=100).fit(
        X[:, :, 0]
    )
    np.testing.assert_array_equal(ours.labels_, theirs.labels_)
    np.testing.assert_allclose(
        ours.cluster_centers_[:, :, 0], theirs.cluster_centers_, rtol=1e-10, atol=1e-12
    )
    assert ours.inertia_ == pytest.approx(theirs.inertia_, rel=1e-9)
    np.testing.assert_allclose(
        ours.transform(X), theirs.transform(X[:, :, 0]), rtol=1e-9, atol=1e-9
    )


def test_variable_lengths_and_softdtw_objective():
    rng = np.random.default_rng(3)
    X, y = _shapes(8, 40, rng)
    series = [x[: 30 + i % 11] for i, x in enumerate(X)]
    model = TimeSeriesKMeans(3, metric="dtw", random_state=0).fit(_padded(series))
    assert adjusted_rand_score(y, model.labels_) >= 0.9
    soft = TimeSeriesKMeans(3, metric="softdtw", gamma=0.1, random_state=0)
    soft.fit(_padded(series))
    # the reported inertia is the soft-DTW objective of the final centres
    total = sum(
        soft_dtw(s, _unpad(soft.cluster_centers_[c]), 0.1)
        for s, c in zip(series, soft.labels_)
    )
    assert soft.inertia_ == pytest.approx(total, rel=1e-9)


def _padded(series):
    out = np.full((len(series), max(len(s) for s in series), 1), np.nan)
    for i, s in enumerate(series):
        out[i, : len(s)] = s
    return out


def _unpad(x):
    return x[~np.isnan(x).all(axis=1)]


def _znorm(X):
    return (X - X.mean(axis=1, keepdims=True)) / X.std(axis=1, keepdims=True)


def _shift(x, lag):
    out = np.zeros_like(x)
    if lag > 0:
        out[lag:] = x[:-lag]
    elif lag < 0:
        out[:lag] = x[-lag:]
    else:
        out[:] = x
    return out


def test_kshape_recovers_shapes_and_is_shift_invariant():
    rng = np.random.default_rng(4)
    X, y = _shapes(12, 64, rng, width=0.3)
    model = KShape(3, n_init=10, random_state=0).fit(X)
    assert adjusted_rand_score(y, model.labels_) >= 0.9
    np.testing.assert_array_equal(model.predict(X), model.labels_)
    # shapes shifted by up to 10 frames (and rescaled, offset) keep their cluster
    lags = rng.integers(-10, 11, len(X))
    moved = np.array([3.0 * _shift(x, lag) + 5.0 for x, lag in zip(X, lags)])
    np.testing.assert_array_equal(model.predict(moved), model.labels_)
    D = model.transform(moved)
    assert np.all(D <= 2.0) and np.all(D >= 0.0)
    refit = KShape(3, n_init=10, random_state=0).fit(moved)
    assert adjusted_rand_score(model.labels_, refit.labels_) >= 0.9


def test_kshape_matches_tslearn_from_a_fixed_start(monkeypatch):
    tslearn_clustering = pytest.importorskip("tslearn.clustering")
    # tslearn's own cross-correlation functions, run as plain Python: the same
    # code, without the ~30 s of numba compilation of their parallel versions
    cycc = pytest.importorskip("tslearn.metrics.cycc")
    kshape_module = pytest.importorskip("tslearn.clustering.kshape")
    monkeypatch.setattr(cycc, "normalized_cc", cycc.normalized_cc.py_func)
    for name in ("cdist_normalized_cc", "y_shifted_sbd_vec"):
        monkeypatch.setattr(kshape_module, name, getattr(cycc, name).py_func)
    rng = np.random.default_rng(5)
    X, _ = _shapes(10, 48, rng, noise=0.1, width=0.3)
    X = _znorm(X)
    init = X[[0, 10, 20]].copy()
    expected = tslearn_clustering.KShape(3, init=init.copy(), max_iter=50).fit(X)
    got = KShape(3, init=init, max_iter=50).fit(X)
    np.testing.assert_array_equal(got.labels_, expected.labels_)
    np.testing.assert_allclose(
        got.cluster_centers_, expected.cluster_centers_, rtol=1e-8, atol=1e-8
    )
    assert got.n_iter_ == expected.n_iter_
    assert got.inertia_ == pytest.approx(expected.inertia_ * len(X), rel=1e-8)


def test_bad_input():
    rng = np.random.default_rng(6)
    X, _ = _shapes(3, 20, rng)
    ragged = X.copy()
    ragged[0, 15:] = np.nan
    with pytest.raises(ValueError, match="equal length"):
        TimeSeriesKMeans(2).fit(ragged)
    with pytest.raises(ValueError, match="equal length"):
        KShape(2).fit(ragged)
    TimeSeriesKMeans(2, metric="dtw", max_iter=2).fit(ragged)
    holed = X.copy()
    holed[0, 5] = np.nan
    with pytest.raises(ValueError, match="NaN inside"):
        TimeSeriesKMeans(2, metric="dtw").fit(holed)
    with pytest.raises(ValueError, match="n_clusters"):
        TimeSeriesKMeans(20).fit(X)
    with pytest.raises(ValueError, match="n_clusters"):
        KShape(20).fit(X)
    with pytest.raises(ValueError, match="init"):
        TimeSeriesKMeans(2, init=X[:3]).fit(X)
    with pytest.raises(ValueError, match="init"):
        KShape(2, init=X[:2, :10]).fit(X)
    for bad in ({"radius": -1}, {"gamma": 0.0}, {"tol": -1.0}, {"n_init": 0}):
        with pytest.raises(ValueError):
            TimeSeriesKMeans(2, **bad).fit(X)
    with pytest.raises(ValueError, match="metric"):
        TimeSeriesKMeans(2, metric="cosine").fit(X)
    model = TimeSeriesKMeans(2).fit(X)
    with pytest.raises(ValueError):
        model.predict(X[:, :10])


@pytest.mark.parametrize("metric", ["dtw", "softdtw"])
def test_elastic_kmeans_takes_series_of_any_length_after_fit(metric):
    rng = np.random.default_rng(7)
    X, _ = _shapes(5, 40, rng)
    model = TimeSeriesKMeans(3, metric=metric, gamma=0.1, random_state=0)
    np.testing.assert_allclose(
        model.fit_transform(X), model.fit(X).transform(X), rtol=1e-12
    )
    for length in (30, 48):
        other = rng.standard_normal((4, length, 1)).cumsum(axis=1)
        D = model.transform(other)
        assert D.shape == (4, 3)
        np.testing.assert_array_equal(model.predict(other), np.argmin(D, axis=1))
