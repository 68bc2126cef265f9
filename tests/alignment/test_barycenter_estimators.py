"""Barycenters, the pairwise transformer, k-NN search and the aligner."""

import numpy as np
import pytest
from sklearn.model_selection import GridSearchCV
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline

from skmm.alignment import (
    DTWAligner,
    KNeighborsDTWClassifier,
    PairwiseDTW,
    cdist_dtw,
    dtw,
    dtw_barycenter,
    dtw_path,
    soft_dtw,
    soft_dtw_barycenter,
)

tslearn_barycenters = pytest.importorskip("tslearn.barycenters")
tslearn_utils = pytest.importorskip("tslearn.utils")


def _warped_bumps(n_series, length, rng):
    t = np.linspace(0, 1, length)
    out = []
    for _ in range(n_series):
        center = 0.5 + 0.15 * rng.uniform(-1, 1)
        out.append(
            np.exp(-(((t - center) / 0.08) ** 2)) + 0.01 * rng.normal(size=length)
        )
    return np.array(out)[:, :, None]


def test_dba_matches_tslearn_with_same_start():
    rng = np.random.default_rng(0)
    X = _warped_bumps(12, 30, rng)
    init = X.mean(axis=0)
    expected = tslearn_barycenters.dtw_barycenter_averaging(
        X, init_barycenter=init, max_iter=4, tol=0.0
    )
    got = dtw_barycenter(X, init=init, max_iter=4, tol=0.0)
    np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("lengths", [(30,) * 12, (30, 26, 34) * 4])
def test_itakura_dba_matches_tslearn_with_same_start(lengths):
    rng = np.random.default_rng(10)
    series = [_warped_bumps(1, n, rng)[0] for n in lengths]
    init = series[0]
    expected = tslearn_barycenters.dtw_barycenter_averaging(
        tslearn_utils.to_time_series_dataset(series),
        init_barycenter=init,
        max_iter=4,
        tol=0.0,
        metric_params={"itakura_max_slope": 2.0},
    )
    got, cost = dtw_barycenter(
        series, init=init, max_slope=2.0, max_iter=4, tol=0.0, return_cost=True
    )
    np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-12)
    mean_cost = np.mean([dtw(got, x, max_slope=2.0, squared=True) for x in series])
    assert cost == pytest.approx(mean_cost, rel=1e-12)
    unconstrained = dtw_barycenter(series, init=init, max_iter=4, tol=0.0)
    assert np.abs(unconstrained - got).max() > 1e-6
    with pytest.raises(ValueError, match="either radius"):
        dtw_barycenter(series, radius=2, max_slope=2.0)
    with pytest.raises(ValueError, match="Itakura"):
        dtw_barycenter([np.ones(5), np.ones(40)], init=np.ones(5), max_slope=1.5)


def test_dba_zero_iterations_returns_the_start():
    rng = np.random.default_rng(12)
    X = _warped_bumps(6, 20, rng)
    Z, cost = dtw_barycenter(X, init="mean", max_iter=0, return_cost=True)
    np.testing.assert_array_equal(Z, X.mean(axis=0))
    assert cost == pytest.approx(np.mean([dtw(Z, x, squared=True) for x in X]))
    medoid = dtw_barycenter(X, max_iter=0)
    assert any(np.array_equal(medoid, x) for x in X)
    with pytest.raises(ValueError, match="max_iter"):
        dtw_barycenter(X, max_iter=-1)


def test_dba_decreases_cost_and_beats_euclidean_mean():
    rng = np.random.default_rng(1)
    X = _warped_bumps(15, 40, rng)

    def cost(Z):
        return np.mean([dtw(Z, x, squared=True) for x in X])

    Z, value = dtw_barycenter(X, return_cost=True)
    assert value == pytest.approx(cost(Z), rel=1e-9)
    assert value < cost(X.mean(axis=0))
    medoid = X[np.argmin(cdist_dtw(X, squared=True).sum(axis=1))]
    assert value <= cost(medoid) + 1e-12
    # a single peak survives averaging, unlike the Euclidean mean's smear
    assert Z.max() > 0.9 > X.mean(axis=0).max()


def test_dba_weights_and_variable_length():
    rng = np.random.default_rng(2)
    series = [rng.normal(size=(n, 2)) for n in (10, 14, 12)]
    Z = dtw_barycenter(series, weights=[1.0, 0.0, 0.0], init=series[0])
    np.testing.assert_allclose(Z, series[0])
    with pytest.raises(ValueError, match="weights"):
        dtw_barycenter(series, weights=[1.0, 2.0])
    with pytest.raises(ValueError, match="init"):
        dtw_barycenter(series, init="nope")


# tslearn (the oracle) still passes ``disp`` to scipy's L-BFGS-B
@pytest.mark.filterwarnings("ignore:scipy.optimize. The .disp.:DeprecationWarning")
def test_soft_barycenter_matches_tslearn():
    rng = np.random.default_rng(3)
    X = _warped_bumps(6, 20, rng)
    init = X.mean(axis=0)
    expected = tslearn_barycenters.softdtw_barycenter(
        X, gamma=0.5, init=init, max_iter=20
    )
    got = soft_dtw_barycenter(X, gamma=0.5, init=init, max_iter=20)
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)
    objective = sum(soft_dtw(got, x, 0.5) for x in X)
    assert objective < sum(soft_dtw(init, x, 0.5) for x in X)


def test_soft_barycenter_band_threads_and_zero_iterations():
    rng = np.random.default_rng(9)
    X = _warped_bumps(8, 24, rng)
    init = X.mean(axis=0)
    start = soft_dtw_barycenter(X, gamma=0.5, init=init, max_iter=0)
    np.testing.assert_array_equal(start, init)
    free = soft_dtw_barycenter(X, gamma=0.5, init=init, max_iter=15)
    wide = soft_dtw_barycenter(X, gamma=0.5, init=init, max_iter=15, radius=24)
    np.testing.assert_allclose(wide, free, rtol=1e-12, atol=1e-12)
    banded = soft_dtw_barycenter(
        X, gamma=0.5, init=init, max_iter=15, radius=2, n_jobs=2
    )
    np.testing.assert_array_equal(
        banded,
        soft_dtw_barycenter(X, gamma=0.5, init=init, max_iter=15, radius=2),
    )

    def objective(Z):
        return sum(soft_dtw(Z, x, 0.5, radius=2) for x in X)

    assert objective(banded) < objective(init)
    # run to convergence, it minimises the banded objective: the gradient of
    # the banded soft-DTW vanishes there
    tight = soft_dtw_barycenter(
        X, gamma=0.5, init=init, max_iter=500, radius=2, tol=1e-12
    )

    def gradient(Z):
        return sum(soft_dtw(Z, x, 0.5, radius=2, return_gradient=True)[1] for x in X)

    assert np.linalg.norm(gradient(tight)) < 1e-4 * np.linalg.norm(gradient(init))
    with pytest.raises(ValueError, match="radius"):
        soft_dtw_barycenter(X, radius=-1)


def test_pairwise_transformer_in_grid_search_over_radius():
    rng = np.random.default_rng(4)
    up = _warped_bumps(12, 25, rng)[:, :, 0]
    down = -_warped_bumps(12, 25, rng)[:, :, 0]
    X = np.vstack([up, down])
    y = np.repeat([0, 1], 12)
    pipe = make_pipeline(PairwiseDTW(), KNeighborsClassifier(1, metric="precomputed"))
    search = GridSearchCV(pipe, {"pairwisedtw__radius": [0, 3, None]}, cv=3).fit(X, y)
    assert search.best_score_ == 1.0
    D = PairwiseDTW(radius=3).fit(X[:5]).transform(X[5:9])
    np.testing.assert_allclose(D, cdist_dtw(X[5:9], X[:5], radius=3))
    K = PairwiseDTW(kernel_gamma=0.5).fit(X[:5]).transform(X[5:9])
    np.testing.assert_allclose(K, np.exp(-0.5 * cdist_dtw(X[5:9], X[:5]) ** 2))
    names = PairwiseDTW().fit(X[:3]).get_feature_names_out()
    assert names.tolist() == ["pairwisedtw0", "pairwisedtw1", "pairwisedtw2"]


@pytest.mark.parametrize("radius", [None, 2])
@pytest.mark.parametrize("k", [1, 3])
def test_pruned_knn_equals_brute_force(radius, k):
    rng = np.random.default_rng(5)
    train = np.cumsum(rng.normal(size=(60, 32, 2)), axis=1)
    queries = np.cumsum(rng.normal(size=(15, 32, 2)), axis=1)
    y = rng.integers(0, 3, size=60)
    clf = KNeighborsDTWClassifier(k, radius=radius, n_jobs=2).fit(train, y)
    dist, ind = clf.kneighbors(queries)
    brute = cdist_dtw(queries, train, radius=radius)
    np.testing.assert_array_equal(ind, np.argsort(brute, axis=1, kind="stable")[:, :k])
    np.testing.assert_allclose(dist, np.sort(brute, axis=1)[:, :k], rtol=1e-9)
    # the lower bound and early abandoning skip DTW computations
    _, _, n_dtw = clf._search(*_k_dataset(queries))
    assert n_dtw.max() <= 60 and n_dtw.mean() < 60


def _k_dataset(X):
    from skmm.alignment._validation import check_dataset

    return check_dataset(X)


def test_knn_probabilities_and_variable_length():
    rng = np.random.default_rng(6)
    series = [rng.normal(size=n) for n in (10, 12, 10, 14)]
    from tslearn.utils import to_time_series_dataset

    X = to_time_series_dataset(series)
    clf = KNeighborsDTWClassifier(n_neighbors=2, weights="distance").fit(
        X, [0, 0, 1, 1]
    )
    proba = clf.predict_proba(X)
    np.testing.assert_allclose(proba, np.eye(2)[[0, 0, 1, 1]])
    with pytest.raises(ValueError, match="n_neighbors"):
        KNeighborsDTWClassifier(n_neighbors=5).fit(X, [0, 0, 1, 1]).predict(X)


def test_aligner_warps_onto_reference():
    rng = np.random.default_rng(7)
    X = _warped_bumps(10, 30, rng)
    aligner = DTWAligner().fit(X)
    out = aligner.transform(X)
    assert out.shape == (10, aligner.reference_.shape[0])
    # each output row is the series averaged along its DTW path to the reference
    path, _ = dtw_path(aligner.reference_, X[3])
    expected = np.array([X[3, path[path[:, 0] == t, 1], 0].mean() for t in range(30)])
    np.testing.assert_allclose(out[3], expected)
    # aligned series are closer to each other (Euclidean) than the raw ones
    spread_raw = np.var(X[:, :, 0], axis=0).sum()
    assert np.var(out, axis=0).sum() < 0.5 * spread_raw
    ref = np.sin(np.linspace(0, 3, 12))
    fixed = DTWAligner(reference=ref).fit(X)
    np.testing.assert_allclose(fixed.reference_[:, 0], ref)
    assert fixed.get_feature_names_out()[:2].tolist() == ["t0", "t1"]
    with pytest.raises(ValueError, match="channels"):
        DTWAligner(reference=np.ones((5, 2))).fit(X)


def test_aligner_pandas_output():
    pd = pytest.importorskip("pandas")
    X = np.random.default_rng(8).normal(size=(4, 6, 2))
    out = DTWAligner(reference=np.zeros((3, 2))).set_output(transform="pandas")
    frame = out.fit_transform(X.reshape(4, 6, 2))
    assert isinstance(frame, pd.DataFrame)
    assert frame.columns.tolist() == [
        "t0_c0",
        "t0_c1",
        "t1_c0",
        "t1_c1",
        "t2_c0",
        "t2_c1",
    ]
