"""The elastic-distance registry against slow references written from the papers.

Every registered measure is checked against :mod:`._elastic_reference` (full
matrices in plain NumPy) on univariate, multichannel and unequal-length data,
with and without a Sakoe-Chiba band, and against aeon where it is installed
and follows the papers.
"""

import warnings

import numpy as np
import pytest

from skmm.alignment import cdist_elastic, dtw, elastic_distance, elastic_path
from skmm.alignment._elastic import MEASURES

from ._elastic_reference import (
    derivative,
    path_cost,
    reference_distance,
    sakoe_chiba_mask,
    shape_descriptor_dtw,
)

METRICS = sorted(MEASURES)
PATH_METRICS = [name for name in METRICS if MEASURES[name].has_path]
# parameters away from the defaults (shape_dtw's reach kept below the lengths)
PARAMS = {
    "dtw": {},
    "wdtw": {"g": 0.3},
    "ddtw": {},
    "wddtw": {"g": 0.2},
    "adtw": {"warp_penalty": 0.3},
    "erp": {"g": 0.4},
    "edr": {"epsilon": 0.5},
    "lcss": {"epsilon": 0.6},
    "msm": {"c": 0.3},
    "twe": {"nu": 0.05, "lmbda": 0.4},
    "shape_dtw": {"reach": 2},
}
SHAPES = [(12, 12, 1), (9, 14, 1), (13, 10, 3)]


def _series(n, m, d, seed):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, d)), rng.standard_normal((m, d))


def test_registry_lists_the_issue_measures():
    expected = {"dtw", "wdtw", "ddtw", "wddtw", "erp", "edr", "lcss", "msm", "twe"}
    assert expected | {"adtw", "shape_dtw"} <= set(MEASURES)
    assert set(PARAMS) == set(MEASURES)


@pytest.mark.parametrize("metric", METRICS)
@pytest.mark.parametrize("n, m, d", SHAPES)
@pytest.mark.parametrize("radius", [None, 0, 3])
def test_matches_reference(metric, n, m, d, radius):
    x, y = _series(n, m, d, seed=n * 31 + m + d)
    for params in ({}, PARAMS[metric]):
        if metric == "shape_dtw" and not params:
            params = {"reach": 15}  # the default, wider than the series
        got = elastic_distance(x, y, metric=metric, radius=radius, **params)
        expected = reference_distance(metric, x, y, radius, **params)
        assert got == pytest.approx(expected, rel=1e-9, abs=1e-12), params


@pytest.mark.parametrize("d", [1, 3])
def test_msm_dependent_matches_reference(d):
    x, y = _series(11, 14, d, seed=3)
    for radius in (None, 2):
        got = elastic_distance(x, y, metric="msm", independent=False, radius=radius)
        expected = reference_distance("msm", x, y, radius, independent=False)
        assert got == pytest.approx(expected, rel=1e-9)


def test_dtw_entry_is_squared_dtw():
    x, y = _series(15, 19, 2, seed=1)
    for radius in (None, 4):
        assert elastic_distance(x, y, radius=radius) == pytest.approx(
            dtw(x, y, radius=radius, squared=True), rel=1e-12
        )


def test_edr_default_epsilon_is_a_quarter_of_the_larger_std():
    x, y = _series(14, 14, 2, seed=9)
    y = 3 * y
    eps = max(np.std(x), np.std(y)) / 4
    assert elastic_distance(x, y, metric="edr") == pytest.approx(
        elastic_distance(x, y, metric="edr", epsilon=eps), rel=1e-12
    )


# aeon 1.6 departs from the papers on three points; hand-computed examples
def test_erp_border_holds_running_gap_sums():
    # x is y with a zero inserted in front: one gap costing |0 - g| = 0
    # (aeon puts the total gap cost, 5, on every border cell and returns 5)
    assert elastic_distance([0.0, 5.0], [5.0], metric="erp") == 0.0


def test_edr_leading_gaps_count():
    # deleting x[0] is one edit over a longer length of 2 (aeon's border is
    # free and returns 0)
    assert elastic_distance([0.0, 1.0], [1.0], metric="edr", epsilon=0.1) == 0.5


def test_lcss_band_limits_matches_not_the_recurrence():
    # radius 0: frames 0 and 2 match, frame 1 does not; LCSS = 2 of 3 (aeon's
    # band resets the count to 0 after the mismatch and finds 1)
    x, y = [0.0, 5.0, 2.0], [0.0, 9.0, 2.0]
    got = elastic_distance(x, y, metric="lcss", epsilon=0.5, radius=0)
    assert got == pytest.approx(1 / 3, rel=1e-12)


# aeon's shape DTW also departs on paths along the first row or column (its
# backtracking reads index -1 there); the cases below do not reach that.
AEON_DEPARTS = {
    "erp": "aeon sets every border cell to the total gap cost",
    "edr": "aeon's border is free (leading gaps cost nothing)",
}


@pytest.mark.parametrize("metric", METRICS)
def test_matches_aeon(metric):
    distances = pytest.importorskip("aeon.distances")
    if metric in AEON_DEPARTS:
        pytest.skip(AEON_DEPARTS[metric])
    aeon_fn = getattr(distances, f"{metric}_distance")
    rng = np.random.default_rng(len(metric))
    cases = [(20, 20, 1, None), (20, 20, 1, 3), (16, 23, 1, None), (18, 18, 3, 2)]
    cases.append((15, 21, 2, None))
    for n, m, d, radius in cases:
        x = rng.standard_normal((n, d))
        y = rng.standard_normal((m, d))
        params = PARAMS[metric]
        # aeon's window is a fraction of the length; equal lengths only
        window = None if radius is None else (radius + 0.5) / n
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = aeon_fn(x.T.copy(), y.T.copy(), window=window, **params)
        got = elastic_distance(x, y, metric=metric, radius=radius, **params)
        assert got == pytest.approx(expected, rel=1e-9, abs=1e-12), (n, m, d, radius)


@pytest.mark.parametrize("metric", METRICS)
def test_cdist_matches_pairs_on_variable_lengths(metric):
    rng = np.random.default_rng(5)
    lengths = [9, 12, 12, 12, 15, 7, 12, 10]
    X = [rng.standard_normal((n, 2)) for n in lengths]
    Y = X[:3] + [rng.standard_normal((11, 2))]
    params = PARAMS[metric]
    for radius in (None, 2):
        expected = np.array(
            [
                [
                    elastic_distance(a, b, metric=metric, radius=radius, **params)
                    for b in Y
                ]
                for a in X
            ]
        )
        got = cdist_elastic(X, Y, metric=metric, radius=radius, n_jobs=2, **params)
        np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-14)
        # NaN-padded layout, and the symmetric matrix of X with itself
        padded = np.full((len(X), max(lengths), 2), np.nan)
        for i, s in enumerate(X):
            padded[i, : len(s)] = s
        sym = cdist_elastic(padded, metric=metric, radius=radius, **params)
        np.testing.assert_allclose(sym[:, :3], expected[:, :3], rtol=1e-12, atol=1e-14)
        np.testing.assert_array_equal(sym, sym.T)


@pytest.mark.parametrize("metric", METRICS)
def test_identity_and_symmetry(metric):
    x, y = _series(13, 17, 2, seed=2)
    params = PARAMS[metric]
    assert elastic_distance(x, x, metric=metric, **params) == 0.0
    assert elastic_distance(x, y, metric=metric, **params) == pytest.approx(
        elastic_distance(y, x, metric=metric, **params), rel=1e-12
    )


def _check_path(path, n, m):
    assert path[0].tolist() == [0, 0] and path[-1].tolist() == [n - 1, m - 1]
    steps = np.diff(path, axis=0)
    assert np.all((steps >= 0) & (steps <= 1)) and np.all(steps.sum(axis=1) >= 1)


@pytest.mark.parametrize("metric", PATH_METRICS)
@pytest.mark.parametrize("n, m, d", SHAPES)
@pytest.mark.parametrize("radius", [None, 2])
def test_paths_are_valid_and_cost_the_distance(metric, n, m, d, radius):
    x, y = _series(n, m, d, seed=n + 7 * m + d)
    params = dict(PARAMS[metric])
    if metric == "msm" and d > 1:
        params["independent"] = False
    path, dist = elastic_path(x, y, metric=metric, radius=radius, **params)
    assert dist == pytest.approx(
        elastic_distance(x, y, metric=metric, radius=radius, **params), rel=1e-12
    )
    nn, mm = (n - 2, m - 2) if metric in ("ddtw", "wddtw") else (n, m)
    _check_path(path, nn, mm)
    mask = sakoe_chiba_mask(nn, mm, radius)
    assert mask[path[:, 0], path[:, 1]].all()
    assert path_cost(metric, x, y, path, **params) == pytest.approx(dist, rel=1e-9)
    if metric == "shape_dtw":
        # the path is optimal for the descriptors' DTW
        best, local = shape_descriptor_dtw(x, y, mask, params["reach"])
        assert local[path[:, 0], path[:, 1]].sum() == pytest.approx(best, rel=1e-9)


def test_derivative_paths_index_the_derivatives():
    x, y = _series(10, 12, 1, seed=4)
    path, dist = elastic_path(x, y, metric="ddtw")
    dx, dy = derivative(x), derivative(y)
    cost = sum(np.sum((dx[i] - dy[j]) ** 2) for i, j in path)
    assert cost == pytest.approx(dist, rel=1e-12)


def test_inputs_are_not_modified():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((5, 8, 2))
    X[1, 6:] = np.nan
    copy = X.copy()
    for metric in METRICS:
        cdist_elastic(X, metric=metric, **PARAMS[metric])
        elastic_distance(X[0], X[1], metric=metric, **PARAMS[metric])
    np.testing.assert_array_equal(X, copy)


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: elastic_distance([1.0], [1.0], metric="dwt"), ValueError, "Unknown"),
        (lambda: cdist_elastic([[1.0]], metric=None), ValueError, "Unknown"),
        (lambda: elastic_distance([1.0], [2.0], metric="erp", c=1), TypeError, "g"),
        (lambda: elastic_distance([1.0], [2.0], nu=1), TypeError, "none besides"),
        (
            lambda: elastic_distance([1.0], [2.0], metric="msm", c=-1),
            ValueError,
            ">= 0",
        ),
        (
            lambda: elastic_distance([1.0], [2.0], metric="twe", lmbda=-0.1),
            ValueError,
            "lmbda",
        ),
        (
            lambda: elastic_distance([1.0], [2.0], metric="lcss", epsilon=-1),
            ValueError,
            "epsilon",
        ),
        (lambda: elastic_distance([1.0], [2.0], metric="wdtw", g=-1), ValueError, "g"),
        (
            lambda: elastic_distance([1.0], [2.0], metric="adtw", warp_penalty=np.nan),
            ValueError,
            "finite",
        ),
        (
            lambda: elastic_distance([1.0], [2.0], metric="shape_dtw", reach=1.5),
            TypeError,
            "integer",
        ),
        (
            lambda: elastic_distance([1.0], [2.0], metric="msm", independent=1),
            TypeError,
            "bool",
        ),
        (lambda: elastic_distance([1.0], [2.0], radius=-1), ValueError, "radius"),
        (
            lambda: elastic_distance([0.0, np.nan, 1.0], [2.0], metric="msm"),
            ValueError,
            "NaN inside a series",
        ),
        (
            lambda: cdist_elastic([[0.0, np.nan, 1.0]], metric="twe"),
            ValueError,
            "NaN inside a series",
        ),
        (
            lambda: elastic_distance([1.0, 2.0], [1.0, 2.0, 3.0], metric="ddtw"),
            ValueError,
            "at least 3 frames",
        ),
        (
            lambda: cdist_elastic([[1.0, 2.0]], metric="wddtw"),
            ValueError,
            "at least 3 frames",
        ),
        (
            lambda: elastic_path([1.0, 2.0], [1.0], metric="lcss"),
            ValueError,
            "no warping path",
        ),
        (
            lambda: elastic_path(np.ones((3, 2)), np.ones((3, 2)), metric="msm"),
            ValueError,
            "independent=False",
        ),
        (
            lambda: elastic_distance(np.ones((3, 2)), np.ones((3, 3)), metric="erp"),
            ValueError,
            "channels",
        ),
    ],
)
def test_bad_input_raises_clear_error(call, error, match):
    with pytest.raises(error, match=match):
        call()
