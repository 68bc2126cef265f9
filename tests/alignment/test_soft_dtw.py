"""Soft-DTW value and gradient against tslearn, finite differences, DTW and a
slow banded reference."""

import numpy as np
import pytest

from skmm.alignment import dtw, soft_dtw

tslearn_metrics = pytest.importorskip("tslearn.metrics")


@pytest.mark.parametrize("n, m, d", [(15, 15, 1), (12, 20, 3), (25, 9, 2)])
@pytest.mark.parametrize("gamma", [0.1, 1.0, 10.0])
def test_value_gradient_alignment_match_tslearn(n, m, d, gamma):
    rng = np.random.default_rng(n + m + d)
    x = rng.standard_normal((n, d))
    y = rng.standard_normal((m, d))
    cost = tslearn_metrics.SquaredEuclidean(x, y)
    sdtw = tslearn_metrics.SoftDTW(cost, gamma=gamma)
    expected = sdtw.compute()
    expected_E = sdtw.grad()
    expected_G = cost.jacobian_product(expected_E)
    value, grad, E = soft_dtw(x, y, gamma, return_gradient=True)
    assert value == pytest.approx(expected, rel=1e-9)
    assert soft_dtw(x, y, gamma) == pytest.approx(expected, rel=1e-9)
    assert value == pytest.approx(tslearn_metrics.soft_dtw(x, y, gamma=gamma), rel=1e-9)
    np.testing.assert_allclose(E, expected_E, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(grad, expected_G, rtol=1e-8, atol=1e-10)


@pytest.mark.parametrize("divergence", [False, True])
def test_gradient_matches_finite_differences(divergence):
    rng = np.random.default_rng(1)
    x = rng.standard_normal((8, 2))
    y = rng.standard_normal((11, 2))
    gamma = 0.5
    _, grad, _ = soft_dtw(x, y, gamma, divergence=divergence, return_gradient=True)
    eps = 1e-6
    numeric = np.zeros_like(x)
    for idx in np.ndindex(*x.shape):
        xp, xm = x.copy(), x.copy()
        xp[idx] += eps
        xm[idx] -= eps
        numeric[idx] = (
            soft_dtw(xp, y, gamma, divergence=divergence)
            - soft_dtw(xm, y, gamma, divergence=divergence)
        ) / (2 * eps)
    np.testing.assert_allclose(grad, numeric, rtol=1e-5, atol=1e-7)


def test_tends_to_squared_dtw_as_gamma_vanishes():
    rng = np.random.default_rng(2)
    x = rng.standard_normal((20, 2))
    y = rng.standard_normal((17, 2))
    target = dtw(x, y, squared=True)
    gaps = [abs(soft_dtw(x, y, g) - target) for g in (1.0, 0.1, 0.01, 0.001)]
    assert all(b < a for a, b in zip(gaps, gaps[1:]))
    assert gaps[-1] < 1e-2
    # soft-min lies below min: soft-DTW never exceeds the DTW cost
    assert all(soft_dtw(x, y, g) <= target for g in (1.0, 0.1))


def test_alignment_is_a_soft_path():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((10, 1))
    y = rng.standard_normal((14, 1))
    _, _, E = soft_dtw(x, y, 0.01, return_gradient=True)
    assert E[0, 0] == pytest.approx(1.0) and E[-1, -1] == pytest.approx(1.0)
    assert np.all(E >= -1e-12) and np.all(E <= 1 + 1e-12)


def test_divergence_properties():
    rng = np.random.default_rng(4)
    x = rng.standard_normal((12, 2))
    y = rng.standard_normal((15, 2))
    assert soft_dtw(x, x, 1.0, divergence=True) == pytest.approx(0.0, abs=1e-12)
    assert soft_dtw(x, y, 1.0, divergence=True) > 0
    assert soft_dtw(x, y, 1.0, divergence=True) == pytest.approx(
        soft_dtw(y, x, 1.0, divergence=True), rel=1e-12
    )
    _, grad, _ = soft_dtw(x, x, 1.0, divergence=True, return_gradient=True)
    np.testing.assert_allclose(grad, 0.0, atol=1e-10)


@pytest.mark.parametrize("gamma", [0.0, -1.0, np.inf])
def test_bad_gamma(gamma):
    with pytest.raises(ValueError, match="gamma"):
        soft_dtw([1.0, 2.0], [1.0], gamma)


def test_bad_series():
    with pytest.raises(ValueError, match="NaN inside"):
        soft_dtw([1.0, np.nan, 2.0], [1.0])
    with pytest.raises(ValueError, match="channels"):
        soft_dtw(np.ones((3, 2)), np.ones((3, 1)))
    with pytest.raises(TypeError, match="gamma"):
        soft_dtw([1.0], [1.0], "big")


def _slow_soft_dtw(x, y, gamma, radius):
    """Soft-DTW and its alignment matrix, cell by cell (Cuturi & Blondel's
    recursions), with a Sakoe-Chiba band widened by the length difference."""
    n, m = len(x), len(y)
    D = ((x[:, None, :] - y[None, :, :]) ** 2).sum(-1)
    offset = np.arange(m)[None, :] - np.arange(n)[:, None]
    band = np.ones((n, m), dtype=bool)
    if radius is not None:
        band = (offset >= -radius - max(n - m, 0)) & (offset <= radius + max(m - n, 0))
    R = np.full((n + 1, m + 1), np.inf)
    R[0, 0] = 0.0
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            if band[i - 1, j - 1]:
                p = np.array([R[i - 1, j - 1], R[i - 1, j], R[i, j - 1]])
                low = p.min()
                softmin = low - gamma * np.log(np.exp(-(p - low) / gamma).sum())
                R[i, j] = D[i - 1, j - 1] + softmin
    # E[i, j] = sum over successors s of E[s] * exp((R[s] - D[s] - R[i, j]) / gamma)
    E = np.zeros((n + 2, m + 2))
    E[n, m] = 1.0
    for i in range(n, 0, -1):
        for j in range(m, 0, -1):
            if (i, j) == (n, m) or not band[i - 1, j - 1]:
                continue
            for a, b in ((i + 1, j), (i, j + 1), (i + 1, j + 1)):
                if a <= n and b <= m and band[a - 1, b - 1]:
                    step = (R[a, b] - D[a - 1, b - 1] - R[i, j]) / gamma
                    E[i, j] += E[a, b] * np.exp(step)
    return R[n, m], E[1 : n + 1, 1 : m + 1]


@pytest.mark.parametrize(
    "n, m, d", [(9, 9, 1), (7, 12, 2), (13, 6, 3), (1, 5, 1), (6, 1, 2)]
)
@pytest.mark.parametrize("radius", [0, 1, 3, 40])
@pytest.mark.parametrize("gamma", [0.1, 1.0])
def test_banded_soft_dtw_matches_slow_reference(n, m, d, radius, gamma):
    rng = np.random.default_rng(10 * n + m + d)
    x = rng.standard_normal((n, d))
    y = rng.standard_normal((m, d))
    expected, expected_E = _slow_soft_dtw(x, y, gamma, radius)
    value, grad, E = soft_dtw(x, y, gamma, radius=radius, return_gradient=True)
    assert value == pytest.approx(expected, rel=1e-9, abs=1e-12)
    assert soft_dtw(x, y, gamma, radius=radius) == value
    np.testing.assert_allclose(E, expected_E, rtol=1e-9, atol=1e-12)
    expected_G = 2.0 * (x * expected_E.sum(axis=1)[:, None] - expected_E @ y)
    np.testing.assert_allclose(grad, expected_G, rtol=1e-8, atol=1e-10)


def test_band_limits():
    rng = np.random.default_rng(11)
    x = rng.standard_normal((10, 2))
    y = rng.standard_normal((10, 2))
    # radius 0 on equal lengths: the diagonal is the only path
    assert soft_dtw(x, y, 0.5, radius=0) == pytest.approx(((x - y) ** 2).sum())
    # a band wider than the series is no band
    assert soft_dtw(x, y, 0.5, radius=10) == soft_dtw(x, y, 0.5)
    # the band only removes paths: the soft minimum over fewer paths is larger
    assert soft_dtw(x, y, 0.5, radius=1) > soft_dtw(x, y, 0.5)
    _, _, E = soft_dtw(x, y, 0.5, radius=2, return_gradient=True)
    offset = np.abs(np.arange(10)[:, None] - np.arange(10)[None, :])
    assert np.all(E[offset > 2] == 0.0)
    assert soft_dtw(x, x, 0.5, radius=2, divergence=True) == pytest.approx(
        0.0, abs=1e-12
    )


@pytest.mark.parametrize("radius", [-1, 1.5, "2"])
def test_bad_radius(radius):
    with pytest.raises((ValueError, TypeError), match="radius"):
        soft_dtw([1.0, 2.0], [1.0], radius=radius)
