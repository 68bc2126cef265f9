"""DTW distances, paths and pairwise matrices against references and oracles."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from skmm.alignment import cdist_dtw, dtw, dtw_path, lb_keogh
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
