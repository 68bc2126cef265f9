"""DTW distances, paths and pairwise matrices against references and oracles."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from skmm.alignment import cdist_dtw, dtw, dtw_path, lb_keogh, subsequence_search
from skmm.alignment._validation import band_rows

tslearn_metrics = pytest.importorskip("tslearn.metrics")


def reference_dtw(x, y, mask=None):
    """Slow, obviously correct DTW: the full matrix in plain numpy loops."""
    x = np.asarray(x, float).reshape(len(x), -1)
    y = np.asarray(y, float).reshape(len(y), -1)
    n, m = len(x), len(y)
    acc = np.full((n + 1, m + 1), np.inf)
    acc[0, 0] = 0.0
    for i in range(n):
        for j in range(m):
            if mask is not None and not mask[i, j]:
                continue
            cost = np.sum((x[i] - y[j]) ** 2)
            acc[i + 1, j + 1] = cost + min(acc[i, j], acc[i, j + 1], acc[i + 1, j])
    return acc[n, m]


def sakoe_mask(n, m, r):
    lo, hi = band_rows(n, m, radius=r)
    j = np.arange(m)
    return (j[None] >= lo[:, None]) & (j[None] <= hi[:, None])


SHAPES = [(12, 12, 1), (9, 15, 1), (16, 11, 3), (20, 20, 4)]


@pytest.mark.parametrize("n, m, d", SHAPES)
@pytest.mark.parametrize("radius", [None, 0, 2, 5])
def test_dtw_matches_numpy_reference(n, m, d, radius):
    rng = np.random.default_rng(n * 100 + m + d)
    x = rng.standard_normal((n, d))
    y = rng.standard_normal((m, d))
    mask = None if radius is None else sakoe_mask(n, m, radius)
    expected = reference_dtw(x, y, mask)
    got = dtw(x, y, radius=radius, squared=True)
    np.testing.assert_allclose(got, expected, rtol=1e-9)
    np.testing.assert_allclose(dtw(x, y, radius=radius), np.sqrt(expected), rtol=1e-9)
    path, dist = dtw_path(x, y, radius=radius, squared=True)
    np.testing.assert_allclose(dist, expected, rtol=1e-9)
    # the path's own cost is the optimum
    cost = sum(np.sum((x[i] - y[j]) ** 2) for i, j in path)
    np.testing.assert_allclose(cost, expected, rtol=1e-9)


def test_sakoe_band_follows_tslearn_mask():
    for n, m, r in [(6, 6, 1), (5, 9, 2), (9, 5, 0), (7, 4, 3)]:
        expected = tslearn_metrics.sakoe_chiba_mask(n, m, radius=r)
        np.testing.assert_array_equal(sakoe_mask(n, m, r), expected)


@pytest.mark.parametrize("n, m", [(10, 10), (12, 16), (16, 12), (30, 31)])
@pytest.mark.parametrize("slope", [1.5, 2.0, 3.0])
def test_itakura_band_follows_tslearn_mask(n, m, slope):
    lo, hi = band_rows(n, m, max_slope=slope)
    j = np.arange(m)
    mask = (j[None] >= lo[:, None]) & (j[None] <= hi[:, None])
    np.testing.assert_array_equal(
        mask, tslearn_metrics.itakura_mask(n, m, max_slope=slope)
    )


@pytest.mark.parametrize("n, m, d", SHAPES)
@pytest.mark.parametrize(
    "ours, theirs",
    [
        ({}, {}),
        ({"radius": 3}, {"sakoe_chiba_radius": 3}),
        ({"max_slope": 2.0}, {"itakura_max_slope": 2.0}),
    ],
)
def test_dtw_and_path_match_tslearn(n, m, d, ours, theirs):
    rng = np.random.default_rng(7 + n + m * d)
    x = rng.standard_normal((n, d))
    y = rng.standard_normal((m, d))
    path, dist = dtw_path(x, y, **ours)
    t_path, t_dist = tslearn_metrics.dtw_path(x, y, **theirs)
    np.testing.assert_allclose(dist, t_dist, rtol=1e-9)
    np.testing.assert_allclose(dtw(x, y, **ours), t_dist, rtol=1e-9)
    assert path.tolist() == [list(p) for p in t_path]


def test_paths_identical_with_ties():
    # integer-valued series produce many equal accumulated costs
    rng = np.random.default_rng(3)
    for _ in range(20):
        x = rng.integers(0, 3, size=rng.integers(3, 12)).astype(float)
        y = rng.integers(0, 3, size=rng.integers(3, 12)).astype(float)
        path, dist = dtw_path(x, y)
        t_path, t_dist = tslearn_metrics.dtw_path(x, y)
        assert path.tolist() == [list(p) for p in t_path]
        assert dist == pytest.approx(t_dist, rel=1e-12, abs=1e-12)


@pytest.mark.parametrize(
    "ours, theirs",
    [
        ({}, {}),
        ({"radius": 4}, {"sakoe_chiba_radius": 4}),
        ({"max_slope": 2.0}, {"itakura_max_slope": 2.0}),
    ],
)
@pytest.mark.parametrize("d", [1, 3])
def test_cdist_matches_tslearn_equal_length(ours, theirs, d):
    rng = np.random.default_rng(d)
    # enough pairs to fill the interleaved blocks, a few odd ones left over
    X = rng.standard_normal((37, 24, d))
    Y = rng.standard_normal((21, 24, d))
    expected = tslearn_metrics.cdist_dtw(X, Y, **theirs)
    np.testing.assert_allclose(cdist_dtw(X, Y, **ours, n_jobs=2), expected, rtol=1e-9)
    expected = tslearn_metrics.cdist_dtw(X, **theirs)
    got = cdist_dtw(X, **ours)
    np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-12)
    assert np.all(np.diag(got) == 0) and np.array_equal(got, got.T)


@pytest.mark.parametrize("radius", [None, 3])
def test_cdist_variable_length_layouts(radius):
    from tslearn.utils import to_time_series_dataset

    rng = np.random.default_rng(5)
    lengths = list(rng.integers(6, 30, size=25)) + [18] * 12  # one large group
    series = [rng.standard_normal((n, 2)) for n in lengths]
    padded = to_time_series_dataset(series)
    kw = {} if radius is None else {"sakoe_chiba_radius": radius}
    expected = tslearn_metrics.cdist_dtw(padded, **kw)
    from_list = cdist_dtw(series, radius=radius, n_jobs=-1)
    from_padded = cdist_dtw(padded, radius=radius)
    np.testing.assert_allclose(from_list, expected, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(from_padded, from_list, rtol=1e-12)
    # each entry agrees with the single-pair function
    for a, b in [(0, 1), (3, 30), (30, 31)]:
        assert from_list[a, b] == pytest.approx(
            dtw(series[a], series[b], radius=radius), rel=1e-9
        )


def test_cdist_joblib_blocks_equal_threaded():
    rng = np.random.default_rng(11)
    X = rng.standard_normal((23, 15, 2))
    Y = rng.standard_normal((9, 13, 2))
    for kwargs in ({}, {"radius": 2}):
        full = cdist_dtw(X, Y, **kwargs, n_jobs=2)
        # sequential joblib tasks: the same blocks, without spawning workers
        blocks = cdist_dtw(X, Y, **kwargs, block_size=5)
        np.testing.assert_allclose(blocks, full, rtol=1e-12)
        sym = cdist_dtw(X, **kwargs, block_size=4)
        np.testing.assert_allclose(sym, cdist_dtw(X, **kwargs), rtol=1e-12)


def test_cdist_joblib_dask_backend():
    distributed = pytest.importorskip("distributed")
    from joblib import parallel_backend

    rng = np.random.default_rng(2)
    X = rng.standard_normal((12, 10))
    with distributed.Client(processes=False, n_workers=1, threads_per_worker=2):
        with parallel_backend("dask"):
            got = cdist_dtw(X, block_size=4, n_jobs=2)
    np.testing.assert_allclose(got, cdist_dtw(X), rtol=1e-12)


def test_dtaidistance_oracle():
    dtai = pytest.importorskip("dtaidistance")
    from dtaidistance import dtw as d_dtw
    from dtaidistance import dtw_ndim

    rng = np.random.default_rng(4)
    for n, m in [(20, 20), (17, 25)]:
        x = rng.standard_normal(n)
        y = rng.standard_normal(m)
        assert dtw(x, y) == pytest.approx(d_dtw.distance(x, y), rel=1e-9)
        # dtaidistance's window is the radius + 1
        assert dtw(x, y, radius=3) == pytest.approx(
            d_dtw.distance(x, y, window=4), rel=1e-9
        )
        x3 = rng.standard_normal((n, 3))
        y3 = rng.standard_normal((m, 3))
        assert dtw(x3, y3, radius=2) == pytest.approx(
            dtw_ndim.distance(x3, y3, window=3), rel=1e-9
        )
    X = rng.standard_normal((15, 20))
    expected = d_dtw.distance_matrix(X, window=3, use_c=False)
    assert dtai is not None
    np.testing.assert_allclose(cdist_dtw(X, radius=2), expected, rtol=1e-9)


series_1d = arrays(
    np.float64,
    st.integers(2, 14),
    elements=st.floats(-10, 10, allow_nan=False, allow_infinity=False),
)


@settings(max_examples=40, deadline=None)
@given(series_1d, series_1d)
def test_properties_identity_and_symmetry(x, y):
    assert dtw(x, x) == 0.0
    assert dtw(x, y) == pytest.approx(dtw(y, x), rel=1e-12, abs=1e-12)
    assert dtw(x, y, squared=True) == pytest.approx(
        reference_dtw(x, y), rel=1e-9, abs=1e-9
    )


@settings(max_examples=40, deadline=None)
@given(
    st.integers(2, 14).flatmap(
        lambda n: st.tuples(
            arrays(np.float64, n, elements=st.floats(-10, 10)),
            arrays(np.float64, n, elements=st.floats(-10, 10)),
        )
    )
)
def test_properties_bands_and_lower_bound(pair):
    x, y = pair
    euclid = np.sqrt(np.sum((x - y) ** 2))
    assert dtw(x, y, radius=0) == pytest.approx(euclid, rel=1e-12, abs=1e-12)
    previous = np.inf
    for r in range(len(x) + 1):
        value = dtw(x, y, radius=r)
        assert value <= previous + 1e-12
        assert lb_keogh(x, y, radius=r) <= value + 1e-9
        previous = value
    assert dtw(x, y) == pytest.approx(previous, rel=1e-12, abs=1e-12)
    assert lb_keogh(x, y) <= dtw(x, y) + 1e-9


def test_lb_keogh_matches_tslearn():
    rng = np.random.default_rng(8)
    x = rng.standard_normal(40)
    y = rng.standard_normal(40)
    for r in (1, 3, 10):
        assert lb_keogh(x, y, radius=r) == pytest.approx(
            tslearn_metrics.lb_keogh(x, y, radius=r), rel=1e-12
        )


def test_inputs_are_not_modified():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((5, 8, 2))
    X[1, 6:] = np.nan
    copy = X.copy()
    cdist_dtw(X)
    dtw_path(X[0], X[1])
    np.testing.assert_array_equal(X, copy)


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: dtw([0.0, np.nan, 1.0], [1.0, 2.0]), "NaN inside a series"),
        (lambda: dtw([[0.0, np.nan], [1.0, 1.0]], [1.0, 2.0]), "NaN inside a frame"),
        (lambda: dtw([], [1.0, 2.0]), "empty"),
        (lambda: dtw([np.nan, np.nan], [1.0]), "empty"),
        (lambda: dtw([0.0, np.inf], [1.0]), "infinity"),
        (lambda: dtw(np.ones((3, 2)), np.ones((3, 3))), "numbers of channels"),
        (lambda: dtw([1.0, 2.0], [1.0], radius=-1), "radius must be >= 0"),
        (lambda: dtw([1.0], [1.0], radius=1, max_slope=2.0), "not both"),
        (lambda: dtw([1.0], [1.0], max_slope=0.5), "max_slope"),
        (lambda: dtw(np.ones((2, 2, 2)), [1.0]), "1-D"),
        (lambda: cdist_dtw(np.ones((3, 4, 2)), np.ones((2, 4, 1))), "channels"),
        (lambda: cdist_dtw([np.ones(3), np.ones((3, 2))]), "channels"),
        (lambda: cdist_dtw(np.ones((0, 4))), "no series"),
        (lambda: cdist_dtw(np.ones((3, 4)), n_jobs=0), "n_jobs"),
        (lambda: cdist_dtw(np.ones((3, 4)), block_size=0), "block_size"),
        (lambda: dtw([1.0] * 20, [1.0] * 5, max_slope=2.0), "admits no path"),
        (lambda: lb_keogh([1.0, 2.0], [1.0]), "equal shapes"),
    ],
)
def test_bad_input_raises_clear_error(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_type_errors():
    with pytest.raises(TypeError, match="radius"):
        dtw([1.0], [1.0], radius=1.5)
    with pytest.raises(TypeError, match="squared"):
        dtw([1.0], [1.0], squared="yes")
    with pytest.raises(TypeError, match="numeric"):
        dtw(["a", "b"], [1.0])


# --- local costs, precomputed costs, open ends, subsequence search -------------


def _reference_from_costs(C, mask=None, open_begin=False):
    """Accumulated matrix of DTW over a local-cost matrix (numpy loops)."""
    n, m = C.shape
    acc = np.full((n + 1, m + 1), np.inf)
    acc[0, 0] = 0.0
    if open_begin:
        acc[0, :] = 0.0
    for i in range(n):
        for j in range(m):
            if mask is not None and not mask[i, j]:
                continue
            acc[i + 1, j + 1] = C[i, j] + min(acc[i, j], acc[i, j + 1], acc[i + 1, j])
    return acc[1:, 1:]


def _valid_path(path, start, end):
    assert path[0].tolist() == list(start) and path[-1].tolist() == list(end)
    steps = np.diff(path, axis=0)
    assert np.all((steps >= 0) & (steps <= 1)) and np.all(steps.sum(axis=1) >= 1)


@pytest.mark.parametrize("metric", ["euclidean", "manhattan", "cosine"])
@pytest.mark.parametrize("radius", [None, 3])
def test_local_costs_match_scipy_costs(metric, radius):
    from scipy.spatial.distance import cdist

    rng = np.random.default_rng(12)
    x = rng.standard_normal((14, 3))
    y = rng.standard_normal((17, 3))
    C = cdist(x, y, {"manhattan": "cityblock"}.get(metric, metric))
    mask = None if radius is None else sakoe_mask(14, 17, radius)
    expected = _reference_from_costs(C, mask)
    assert dtw(x, y, metric=metric, radius=radius) == pytest.approx(
        expected[-1, -1], rel=1e-9
    )
    path, dist, acc = dtw_path(
        x, y, metric=metric, radius=radius, return_cost_matrix=True
    )
    assert dist == pytest.approx(expected[-1, -1], rel=1e-9)
    np.testing.assert_allclose(acc, expected, rtol=1e-9)
    assert C[path[:, 0], path[:, 1]].sum() == pytest.approx(dist, rel=1e-9)
    # the pairwise matrix agrees with the single pairs
    X = rng.standard_normal((6, 12, 3))
    got = cdist_dtw(X, X[:4], metric=metric, radius=radius, n_jobs=2)
    pairs = [[dtw(a, b, metric=metric, radius=radius) for b in X[:4]] for a in X]
    np.testing.assert_allclose(got, pairs, rtol=1e-12)
    np.testing.assert_allclose(
        cdist_dtw(X, metric=metric)[:, :4],
        cdist_dtw(X, X[:4], metric=metric),
        rtol=1e-12,
        atol=1e-15,
    )


def test_local_cost_paths_match_tslearn():
    rng = np.random.default_rng(2)
    x = rng.standard_normal((15, 2))
    y = rng.standard_normal((19, 2))
    for metric in ("euclidean", "cityblock", "cosine"):
        t_path, t_cost = tslearn_metrics.dtw_path_from_metric(x, y, metric=metric)
        ours = {"cityblock": "manhattan"}.get(metric, metric)
        path, dist = dtw_path(x, y, metric=ours)
        assert dist == pytest.approx(t_cost, rel=1e-9)
        assert path.tolist() == [list(p) for p in t_path]


def test_cosine_ignores_the_scale_of_frames():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((12, 4))
    y = rng.standard_normal((15, 4))
    scale = rng.uniform(0.1, 10.0, size=(15, 1))
    path, dist = dtw_path(x, y, metric="cosine")
    path2, dist2 = dtw_path(x, y * scale, metric="cosine")
    assert path.tolist() == path2.tolist() and dist2 == pytest.approx(dist, rel=1e-9)
    # a zero frame is at cosine distance 1 from everything (scikit-learn's rule)
    y[3] = 0.0
    xn = x / np.linalg.norm(x, axis=1, keepdims=True)
    yn = y / np.maximum(np.linalg.norm(y, axis=1, keepdims=True), 1e-300)
    C = 1.0 - xn @ yn.T
    C[:, 3] = 1.0
    assert dtw(x, y, metric="cosine") == pytest.approx(
        _reference_from_costs(C)[-1, -1], rel=1e-9
    )


def test_precomputed_cost_equals_builtin():
    rng = np.random.default_rng(4)
    x = rng.standard_normal((13, 2))
    y = rng.standard_normal((16, 2))
    C = ((x[:, None, :] - y[None, :, :]) ** 2).sum(axis=2)
    for kwargs in ({}, {"radius": 2}, {"max_slope": 2.0}):
        path, dist = dtw_path(x, y, squared=True, **kwargs)
        p_path, p_dist = dtw_path(C, metric="precomputed", **kwargs)
        assert p_path.tolist() == path.tolist()
        assert p_dist == pytest.approx(dist, rel=1e-12)
        assert dtw(C, metric="precomputed", **kwargs) == pytest.approx(dist, rel=1e-12)
    # modalities of different dimension, through a cost the user computed
    z = rng.standard_normal((11, 7))
    cost = np.abs(x[:, :1] - z[:, :1].T)
    path, dist = dtw_path(cost, metric="precomputed")
    _valid_path(path, (0, 0), (12, 10))
    assert cost[path[:, 0], path[:, 1]].sum() == pytest.approx(dist, rel=1e-12)


def test_cosine_in_a_cca_space_aligns_modalities_through_a_gain_drift():
    """Two modalities projected on a CCA space learned from a calibration pair.

    At alignment time the second sensor's gain drifts (its centred frames are
    scaled by a factor between 0.6 and 1.6): the cosine cost does not see it
    and aligns as on the calibration pair; the squared Euclidean cost is
    pulled off the true warp.
    """
    from skmm.datasets import make_warped_sequences
    from skmm.representation import CCA

    from .test_ctw import frame_error

    cosine, sqeuclidean, undrifted = [], [], []
    for seed in range(6):
        a, b, true_path, _ = make_warped_sequences(random_state=seed)
        cca = CCA(n_components=3).fit(a[true_path[:, 0]], b[true_path[:, 1]])
        t = np.linspace(0.0, 1.0, len(b))
        phase = np.random.default_rng(seed).uniform()
        gain = np.exp(0.5 * np.sin(2 * np.pi * (1.5 * t + phase)))[:, None]
        mean = b[true_path[:, 1]].mean(axis=0)
        drifted = mean + gain * (b - mean)
        za = cca.transform_view(a, 0)
        zb = cca.transform_view(drifted, 1)
        errors = {}
        for metric in ("cosine", "sqeuclidean"):
            path, _ = dtw_path(za, zb, metric=metric)
            errors[metric] = frame_error(path, true_path, len(a))
        path, _ = dtw_path(za, cca.transform_view(b, 1), metric="cosine")
        undrifted.append(frame_error(path, true_path, len(a)))
        cosine.append(errors["cosine"])
        sqeuclidean.append(errors["sqeuclidean"])
    cosine, sqeuclidean = np.array(cosine), np.array(sqeuclidean)
    assert np.all(cosine <= sqeuclidean)
    assert cosine.mean() < 0.5 and sqeuclidean.mean() > 2 * cosine.mean()
    # the drift changes nothing for the cosine cost
    np.testing.assert_allclose(cosine, undrifted, atol=1e-12)


def _brute_force_subsequence(x, y, begin, end):
    """Smallest squared DTW cost of x against y[s:e + 1] over allowed (s, e)."""
    m = len(y)
    best = np.inf
    for s in range(m) if begin else [0]:
        for e in range(s, m) if end else [m - 1]:
            if e >= s:
                best = min(best, reference_dtw(x, y[s : e + 1]))
    return best


@pytest.mark.parametrize("begin, end", [(True, True), (True, False), (False, True)])
def test_open_ends_match_brute_force(begin, end):
    rng = np.random.default_rng(int(begin) + 2 * int(end))
    x = rng.standard_normal((5, 2))
    y = rng.standard_normal((13, 2))
    path, dist = dtw_path(x, y, open_begin=begin, open_end=end, squared=True)
    assert dist == pytest.approx(_brute_force_subsequence(x, y, begin, end), rel=1e-9)
    start = path[0, 1]
    stop = path[-1, 1]
    _valid_path(path, (0, start), (4, stop))
    assert begin or start == 0
    assert end or stop == 12
    cost = sum(np.sum((x[i] - y[j]) ** 2) for i, j in path)
    assert cost == pytest.approx(dist, rel=1e-9)


def test_subsequence_cost_matches_tslearn():
    rng = np.random.default_rng(6)
    x = rng.standard_normal((8, 2))
    y = rng.standard_normal((40, 2))
    t_path, t_dist = tslearn_metrics.dtw_subsequence_path(x, y)
    path, dist = dtw_path(x, y, open_begin=True, open_end=True)
    assert dist == pytest.approx(t_dist, rel=1e-9)
    assert path.tolist() == [list(p) for p in t_path]
    matches, dists = subsequence_search(x, y)
    assert matches.tolist() == [[path[0, 1], path[-1, 1]]]
    assert dists[0] == pytest.approx(dist, rel=1e-12)


@pytest.mark.parametrize("d, metric", [(1, "sqeuclidean"), (3, "cosine")])
def test_subsequence_search_finds_planted_occurrences(d, metric):
    rng = np.random.default_rng(d)
    query = rng.standard_normal((20, d)) + 2.0
    stream = rng.standard_normal((400, d)).cumsum(axis=0) * 0.3
    # three copies: exact, time-stretched (inner frames repeated) and, for the
    # cosine cost, scaled
    repeats = rng.integers(1, 3, size=20)
    repeats[[0, -1]] = 1
    stretched = np.repeat(query, repeats, axis=0)
    third = 2.5 * query if metric == "cosine" else query
    planted = [(40, query), (170, stretched), (300, third)]
    for start, pattern in planted:
        stream[start : start + len(pattern)] = pattern
    expected = sorted([s, s + len(p) - 1] for s, p in planted)
    matches, dists = subsequence_search(query, stream, n_matches=3, metric=metric)
    assert sorted(matches.tolist()) == expected
    np.testing.assert_allclose(dists, 0.0, atol=1e-9)
    # more matches: the next ones avoid the planted stretches, worse costs
    more, more_d = subsequence_search(query, stream, n_matches=6, metric=metric)
    assert sorted(more[:3].tolist()) == expected
    assert np.all(more_d[3:] > 1e-6) and np.all(np.diff(more_d) >= 0)
    intervals = sorted(more.tolist())
    assert all(a[1] < b[0] for a, b in zip(intervals[:-1], intervals[1:]))
    # each reported distance is the DTW distance of the query to its stretch
    for (s, e), dist in zip(more, more_d):
        assert dtw(query, stream[s : e + 1], metric=metric) == pytest.approx(
            dist, rel=1e-9, abs=1e-12
        )


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: dtw([1.0], [1.0], metric="cosin"), ValueError, "metric must be"),
        (
            lambda: dtw([1.0], [1.0], metric="cosine", squared=True),
            ValueError,
            "squared",
        ),
        (lambda: cdist_dtw([[1.0]], metric="precomputed"), ValueError, "metric"),
        (lambda: dtw_path([[1.0, -1.0]], metric="precomputed"), ValueError, "negative"),
        (lambda: dtw_path([[1.0, np.nan]], metric="precomputed"), ValueError, "NaN"),
        (lambda: dtw_path(np.ones(3), metric="precomputed"), ValueError, "length_x"),
        (
            lambda: dtw_path(np.ones((2, 2)), [1.0], metric="precomputed"),
            ValueError,
            "as x",
        ),
        (lambda: dtw_path([1.0, 2.0]), TypeError, "two series"),
        (lambda: dtw(np.ones((3, 2)), np.ones((3, 4))), ValueError, "precomputed"),
        (
            lambda: dtw_path([1.0], [1.0, 2.0], open_end=True, radius=1),
            ValueError,
            "band",
        ),
        (lambda: dtw_path([1.0], [1.0], open_begin=1), TypeError, "open_begin"),
        (lambda: subsequence_search(np.ones(9), np.ones(5)), ValueError, "longer than"),
        (
            lambda: subsequence_search([1.0], [1.0], n_matches=0),
            ValueError,
            "n_matches",
        ),
        (lambda: subsequence_search([1.0], [np.nan, 1.0]), ValueError, "NaN inside"),
        (
            lambda: subsequence_search(np.ones((2, 2)), np.ones(5)),
            ValueError,
            "channels",
        ),
    ],
)
def test_local_cost_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()
