"""k-NN under any elastic distance, the pairwise transformers, variable lengths."""

import numpy as np
import pytest
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline

from skmm.alignment import (
    DTWAligner,
    KNeighborsDTWClassifier,
    KNeighborsTimeSeriesClassifier,
    KNeighborsTimeSeriesRegressor,
    PairwiseDTW,
    PairwiseElastic,
    cdist_dtw,
    cdist_elastic,
)
from skmm.alignment._elastic import MEASURES
from skmm.alignment._validation import check_dataset

METRIC_PARAMS = {"shape_dtw": {"reach": 2}, "lcss": {"epsilon": 0.8}}


def _walks(n, length, d, seed):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, length, d)).cumsum(axis=1)


def _shapes(n_per_class, length, rng):
    """Two classes of warped shapes (a bump, a step) with noise."""
    t = np.linspace(0, 1, length)
    X, y = [], []
    for label in (0, 1):
        for _ in range(n_per_class):
            c = 0.5 + 0.15 * rng.uniform(-1, 1)
            base = np.exp(-((t - c) ** 2) / 0.01) if label == 0 else (t > c) * 1.0
            X.append(base + 0.1 * rng.standard_normal(length))
            y.append(label)
    return np.array(X), np.array(y)


@pytest.mark.parametrize("metric", sorted(MEASURES))
def test_kneighbors_equal_brute_force(metric):
    params = METRIC_PARAMS.get(metric, {})
    train = _walks(30, 20, 2, seed=1)
    queries = _walks(7, 20, 2, seed=2)
    for radius in (None, 3):
        clf = KNeighborsTimeSeriesClassifier(
            3, metric=metric, metric_params=params, radius=radius, n_jobs=2
        ).fit(train, np.arange(30) % 3)
        dist, ind = clf.kneighbors(queries)
        brute = cdist_elastic(queries, train, metric=metric, radius=radius, **params)
        order = np.argsort(brute, axis=1, kind="stable")[:, :3]
        np.testing.assert_array_equal(ind, order)
        np.testing.assert_allclose(dist, np.sort(brute, axis=1)[:, :3], rtol=1e-9)
        assert clf.kneighbors(queries, return_distance=False).tolist() == ind.tolist()


@pytest.mark.parametrize("radius", [None, 0, 4])
@pytest.mark.parametrize("k", [1, 4])
def test_ucr_cascade_is_exact_and_prunes(radius, k):
    train = _walks(120, 48, 1, seed=3)
    queries = _walks(20, 48, 1, seed=4)
    clf = KNeighborsTimeSeriesClassifier(k, radius=radius, n_jobs=2)
    clf.fit(train, np.zeros(120))
    dist, ind = clf.kneighbors(queries)
    brute = cdist_dtw(queries, train, radius=radius, squared=True)
    np.testing.assert_array_equal(ind, np.argsort(brute, axis=1, kind="stable")[:, :k])
    np.testing.assert_allclose(dist, np.sort(brute, axis=1)[:, :k], rtol=1e-9)
    _, _, n_dtw = clf._search(*check_dataset(queries))
    assert n_dtw.max() <= 120
    if radius is not None:
        # the bounds skip most DTW computations on random walks
        assert n_dtw.mean() < 0.5 * 120


def test_ucr_cascade_with_unequal_lengths_and_channels():
    rng = np.random.default_rng(5)
    train = [rng.standard_normal((n, 3)).cumsum(0) for n in rng.integers(20, 30, 50)]
    queries = [rng.standard_normal((n, 3)).cumsum(0) for n in (19, 25, 31)]
    clf = KNeighborsDTWClassifier(2, radius=3).fit(train, np.arange(50) % 2)
    dist, ind = clf.kneighbors(queries)
    brute = cdist_dtw(queries, train, radius=3)
    np.testing.assert_array_equal(ind, np.argsort(brute, axis=1, kind="stable")[:, :2])
    np.testing.assert_allclose(dist, np.sort(brute, axis=1)[:, :2], rtol=1e-9)


def test_dtw_classifier_is_the_dtw_case_in_dtw_units():
    train = _walks(25, 16, 1, seed=6)
    queries = _walks(5, 16, 1, seed=7)
    y = np.arange(25) % 2
    old = KNeighborsDTWClassifier(3, radius=2, weights="distance").fit(train, y)
    new = KNeighborsTimeSeriesClassifier(3, radius=2, weights="distance").fit(train, y)
    d_old, i_old = old.kneighbors(queries)
    d_new, i_new = new.kneighbors(queries)
    np.testing.assert_array_equal(i_old, i_new)
    np.testing.assert_allclose(d_old, np.sqrt(d_new), rtol=1e-12)
    np.testing.assert_allclose(
        d_old, np.sort(cdist_dtw(queries, train, radius=2))[:, :3]
    )
    assert "metric" not in old.get_params()


@pytest.mark.parametrize("metric", ["dtw", "msm"])
def test_kneighbors_of_the_training_set_exclude_each_series(metric):
    X = _walks(20, 15, 1, seed=8)
    clf = KNeighborsTimeSeriesClassifier(2, metric=metric).fit(X, np.arange(20) % 2)
    dist, ind = clf.kneighbors()
    D = cdist_elastic(X, metric=metric)
    np.fill_diagonal(D, np.inf)
    np.testing.assert_array_equal(ind, np.argsort(D, axis=1, kind="stable")[:, :2])
    np.testing.assert_allclose(dist, np.sort(D, axis=1)[:, :2], rtol=1e-9)
    assert not np.any(ind == np.arange(20)[:, None])
    # a duplicated series is its twin's neighbour at distance 0, not its own
    X[5] = X[4]
    clf.fit(X, np.arange(20) % 2)
    dist, ind = clf.kneighbors(n_neighbors=1)
    assert ind[4, 0] == 5 and ind[5, 0] == 4 and dist[4, 0] == 0.0
    with pytest.raises(ValueError, match="n_neighbors < n_samples_fit"):
        clf.kneighbors(n_neighbors=20)


def test_series_of_any_length_at_predict_time():
    """Trace's series have 275 frames; shorter and longer ones are accepted."""
    from skmm.datasets import load_trace

    X, y, _ = load_trace(subset="train")
    X, y = X[:40], y[:40]
    clf = KNeighborsDTWClassifier(radius=10).fit(X, y)
    short = X[:6, 20:220]  # 200 frames
    longer = np.concatenate([X[:6], X[:6, -30:]], axis=1)  # 305 frames
    for queries in (short, longer):
        pred = clf.predict(queries)
        brute = cdist_dtw(queries, X, radius=10)
        np.testing.assert_array_equal(pred, y[brute.argmin(axis=1)])
    # a list of series of different lengths, and NaN padding, give the same
    ragged = [X[0, :150], X[1], X[2, :260]]
    padded = np.full((3, 275), np.nan)
    for i, s in enumerate(ragged):
        padded[i, : len(s)] = s[:, 0]
    np.testing.assert_array_equal(clf.predict(ragged), clf.predict(padded))
    np.testing.assert_allclose(
        PairwiseDTW().fit(X[:5]).transform(short[:2]), cdist_dtw(short[:2], X[:5])
    )
    out = DTWAligner(reference=X[0, :50]).fit(X[:3]).transform(short)
    assert out.shape == (6, 50)


def test_ragged_training_list():
    rng = np.random.default_rng(9)
    series = [rng.standard_normal(n) for n in (12, 9, 15, 11)]
    reg = KNeighborsTimeSeriesRegressor(metric="twe").fit(series, [1.0, 2.0, 3.0, 4.0])
    assert reg.n_features_in_ == 15
    np.testing.assert_allclose(reg.predict(series), [1.0, 2.0, 3.0, 4.0])


@pytest.mark.parametrize("weights", ["uniform", "distance"])
def test_regressor_averages_neighbour_targets(weights):
    train = _walks(30, 12, 2, seed=10)
    queries = _walks(6, 14, 2, seed=11)
    y = np.random.default_rng(12).standard_normal((30, 2))
    reg = KNeighborsTimeSeriesRegressor(3, metric="erp", weights=weights)
    pred = reg.fit(train, y).predict(queries)
    D = cdist_elastic(queries, train, metric="erp")
    ind = np.argsort(D, axis=1)[:, :3]
    w = np.ones((6, 3)) if weights == "uniform" else 1 / np.sort(D, axis=1)[:, :3]
    expected = np.einsum("qk,qkt->qt", w / w.sum(1, keepdims=True), y[ind])
    np.testing.assert_allclose(pred, expected, rtol=1e-12)
    pred1 = reg.fit(train, y[:, 0]).predict(queries)
    np.testing.assert_allclose(pred1, expected[:, 0], rtol=1e-12)


def test_classifier_learns_shapes_and_probabilities_agree():
    """What check_classifiers_train asserts besides the feature count."""
    rng = np.random.default_rng(13)
    X, y = _shapes(15, 40, rng)
    X_test, y_test = _shapes(10, 40, rng)
    for metric in ("dtw", "msm", "twe", "lcss"):
        clf = KNeighborsTimeSeriesClassifier(
            3, metric=metric, metric_params=METRIC_PARAMS.get(metric), radius=8
        )
        clf.fit(X, y)
        assert clf.score(X_test, y_test) >= 0.9, metric
        proba = clf.predict_proba(X_test)
        np.testing.assert_allclose(proba.sum(axis=1), 1.0)
        np.testing.assert_array_equal(
            clf.classes_[proba.argmax(1)], clf.predict(X_test)
        )


def test_transformers_fit_transform_and_values():
    """What check_transformer_general asserts besides the feature count."""
    X = _walks(12, 10, 2, seed=14)
    for transformer, expected in (
        (PairwiseDTW(radius=2), cdist_dtw(X, radius=2)),
        (
            PairwiseElastic("msm", metric_params={"c": 0.5}),
            cdist_elastic(X, metric="msm", c=0.5),
        ),
        (
            PairwiseElastic("lcss", kernel_gamma=2.0),
            np.exp(-2.0 * cdist_elastic(X, metric="lcss")),
        ),
    ):
        a = transformer.fit_transform(X)
        b = transformer.fit(X).transform(X)
        np.testing.assert_allclose(a, b)
        np.testing.assert_allclose(a, expected, rtol=1e-12)
    names = PairwiseElastic("erp").fit(X[:2]).get_feature_names_out()
    assert names.tolist() == ["pairwiseelastic0", "pairwiseelastic1"]


def test_grid_search_over_metrics():
    rng = np.random.default_rng(15)
    X, y = _shapes(10, 30, rng)
    grid = {
        "metric": ["dtw", "msm", "erp"],
        "radius": [None, 5],
    }
    search = GridSearchCV(KNeighborsTimeSeriesClassifier(), grid, cv=3).fit(X, y)
    assert search.best_score_ >= 0.9
    pipe = make_pipeline(
        PairwiseElastic("twe"), KNeighborsClassifier(1, metric="precomputed")
    )
    assert cross_val_score(pipe, X, y, cv=3).mean() >= 0.9


@pytest.mark.parametrize(
    "call, error, match",
    [
        (
            lambda clf, X: clf.predict(X[0]),
            ValueError,
            r"n_series, length\).*Reshape your data",
        ),
        (
            lambda clf, X: clf.predict(X[None, :, :, None]),
            ValueError,
            "n_series, length",
        ),
        (
            lambda clf, X: clf.predict(np.ones((2, 5, 3))),
            ValueError,
            "3 channels; the training series had 1",
        ),
        (
            lambda clf, X: clf.predict([[0.0, np.nan, 1.0]]),
            ValueError,
            "NaN inside a series",
        ),
        (lambda clf, X: clf.kneighbors(X, n_neighbors=50), ValueError, "n_neighbors"),
        (lambda clf, X: clf.kneighbors(X, n_neighbors=0), ValueError, "positive"),
        (
            lambda clf, X: KNeighborsTimeSeriesClassifier(
                metric="msm", metric_params={"nu": 1}
            ).fit(X, np.arange(10) % 2),
            TypeError,
            "takes no parameter 'nu'",
        ),
        (
            lambda clf, X: KNeighborsTimeSeriesClassifier(
                metric="msm", metric_params={"c": -1}
            ).fit(X, np.arange(10) % 2),
            ValueError,
            ">= 0",
        ),
        (
            lambda clf, X: KNeighborsTimeSeriesClassifier(metric="dwt").fit(
                X, np.arange(10) % 2
            ),
            ValueError,
            "metric",
        ),
        (
            lambda clf, X: PairwiseElastic("twe", metric_params={"lmbda": -1}).fit(X),
            ValueError,
            "lmbda",
        ),
    ],
)
def test_bad_input_names_the_problem(call, error, match):
    X = _walks(10, 8, 1, seed=16)[:, :, 0]
    clf = KNeighborsTimeSeriesClassifier().fit(X, np.arange(10) % 2)
    with pytest.raises(error, match=match):
        call(clf, X)
