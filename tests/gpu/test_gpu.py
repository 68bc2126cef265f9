"""GPU paths against the CPU paths, on CuPy arrays.

Every test takes the ``cp`` fixture (``tests/gpu/conftest.py``), which skips with
the reason when CuPy or a CUDA device is absent. Tolerances: 1e-10 relative in
float64 and 1e-5 relative in float32 (relative to the largest value for outputs
that cross zero).
"""

import numpy as np
import pytest

from skmm.alignment import cdist_dtw, dtw

RTOL = {np.float64: 1e-10, np.float32: 1e-5}


def _series(rng, n_series, length, n_channels, lengths=None):
    X = rng.standard_normal((n_series, length, n_channels))
    if lengths is not None:
        for i, n in enumerate(lengths):
            X[i, n:] = np.nan
    return X


def _close(got, want, rtol):
    """``got`` within ``rtol`` of ``want``, scaled by the largest |want|."""
    got = np.asarray(got, dtype=np.float64)
    want = np.asarray(want, dtype=np.float64)
    np.testing.assert_allclose(
        got, want, rtol=rtol, atol=rtol * max(1.0, float(np.abs(want).max()))
    )


# -- DTW ---------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("n_channels", [1, 3, 5])
@pytest.mark.parametrize("radius", [None, 0, 3, 20])
def test_cdist_dtw_gpu_matches_cpu(cp, dtype, n_channels, radius):
    rng = np.random.default_rng(n_channels)
    X = _series(rng, 7, 70, n_channels, lengths=[70, 33, 51, 70, 9, 64, 47])
    Y = _series(rng, 150, 66, n_channels, lengths=rng.integers(5, 67, size=150))
    X, Y = X.astype(dtype), Y.astype(dtype)
    for squared in (False, True):
        got = cdist_dtw(cp.asarray(X), cp.asarray(Y), radius=radius, squared=squared)
        assert isinstance(got, cp.ndarray)
        assert got.dtype == dtype and got.shape == (7, 150)
        want = cdist_dtw(X, Y, radius=radius, squared=squared)
        np.testing.assert_allclose(cp.asnumpy(got), want, rtol=RTOL[dtype])


@pytest.mark.parametrize("radius", [None, 4])
def test_cdist_dtw_gpu_symmetric(cp, radius):
    rng = np.random.default_rng(0)
    X = _series(rng, 40, 50, 2, lengths=rng.integers(10, 51, size=40))
    got = cp.asnumpy(cdist_dtw(cp.asarray(X), radius=radius))
    want = cdist_dtw(X, radius=radius)
    np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-12)
    np.testing.assert_array_equal(got, got.T)
    np.testing.assert_array_equal(np.diag(got), 0.0)


def test_cdist_dtw_gpu_long_series_and_strips(cp):
    """Series longer than a strip many times over; strip widths agree."""
    from skmm._kernels._cuda_dtw import cdist_dtw_cupy

    rng = np.random.default_rng(1)
    X = rng.standard_normal((5, 300, 1)).astype(np.float32)
    Y = rng.standard_normal((64, 300, 1)).astype(np.float32)
    want = cdist_dtw(X, Y, radius=25, squared=True)
    lx = cp.full(5, 300, dtype=cp.int32)
    ly = cp.full(64, 300, dtype=cp.int32)
    for strip in (8, 16, 32):
        got = cdist_dtw_cupy(cp.asarray(X), cp.asarray(Y), lx, ly, 25, strip=strip)
        np.testing.assert_allclose(cp.asnumpy(got), want, rtol=1e-5)


def test_cdist_dtw_gpu_more_queries_than_a_grid_row(cp):
    rng = np.random.default_rng(2)
    X = rng.standard_normal((65_600, 6)).astype(np.float32)
    Y = rng.standard_normal((3, 6)).astype(np.float32)
    got = cp.asnumpy(cdist_dtw(cp.asarray(X), cp.asarray(Y), squared=True))
    np.testing.assert_allclose(got, cdist_dtw(X, Y, squared=True), rtol=1e-5)


def test_dtw_gpu_pair(cp):
    rng = np.random.default_rng(3)
    x = rng.standard_normal((40, 2))
    y = rng.standard_normal((55, 2))
    got = dtw(cp.asarray(x), cp.asarray(y), radius=5)
    assert isinstance(got, cp.ndarray) and got.shape == ()
    assert float(got) == pytest.approx(dtw(x, y, radius=5), rel=1e-10)


def test_dtw_gpu_errors(cp):
    X = cp.asarray(np.random.default_rng(0).standard_normal((3, 10)))
    with pytest.raises(ValueError, match="not supported on the GPU"):
        cdist_dtw(X, max_slope=2.0)
    with pytest.raises(TypeError, match="mix CuPy and NumPy"):
        cdist_dtw(X, np.zeros((2, 10)))
    bad = X.copy()
    bad[1, 3] = cp.nan
    with pytest.raises(ValueError, match="NaN inside a series"):
        cdist_dtw(bad)
    with pytest.raises(ValueError, match="different numbers of channels"):
        cdist_dtw(X, cp.zeros((2, 10, 2)))


# -- CCA ---------------------------------------------------------------------


def _cca_data():
    from skmm.datasets import make_correlated_views

    return make_correlated_views(
        n_samples=2000,
        n_features=(8, 6),
        correlations=[0.9, 0.6, 0.3],
        random_state=0,
    )


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize(
    "params", [{}, {"reg": 0.2, "combine": "mean"}, {"scale": False}]
)
def test_cca_gpu_matches_cpu(cp, dtype, params):
    from skmm.representation import CCA

    X, views = _cca_data()
    X = X.astype(dtype)
    cpu = CCA(n_components=3, views=views, **params).fit(X)
    gpu = CCA(n_components=3, views=views, **params).fit(cp.asarray(X))
    rtol = RTOL[dtype]
    assert isinstance(gpu.canonical_correlations_, cp.ndarray)
    _close(cp.asnumpy(gpu.canonical_correlations_), cpu.canonical_correlations_, rtol)
    for a, b in zip(gpu.weights_, cpu.weights_):
        _close(cp.asnumpy(a), b, rtol)
    for a, b in zip(gpu.loadings_, cpu.loadings_):
        _close(cp.asnumpy(a), b, rtol)
    Z = gpu.transform(cp.asarray(X))
    assert isinstance(Z, cp.ndarray) and Z.dtype == dtype
    _close(cp.asnumpy(Z), cpu.transform(X), rtol)


def test_cca_gpu_errors(cp):
    from skmm.representation import CCA

    X, views = _cca_data()
    gpu = CCA(views=views).fit(cp.asarray(X))
    with pytest.raises(TypeError, match="fitted on CuPy arrays"):
        gpu.transform(X)
    with pytest.raises(ValueError, match="fitted with"):
        gpu.transform(cp.asarray(X[:, :5]))
    cpu = CCA(views=views).fit(X)
    with pytest.raises(TypeError, match="fitted on host"):
        cpu.transform(cp.asarray(X))
    bad = cp.asarray(X)
    bad[0, 0] = cp.inf
    with pytest.raises(ValueError, match="NaN or infinity"):
        CCA(views=views).fit(bad)


# -- RBM ---------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("kind", ["BernoulliRBM", "GaussianBernoulliRBM"])
def test_rbm_deterministic_parts_gpu_match_cpu(cp, dtype, kind):
    import skmm.representation as rep
    from skmm.representation._rbm_gpu import free_energy_device

    rng = np.random.default_rng(0)
    X = rng.random((300, 20))
    if kind == "BernoulliRBM":
        X = (X > 0.5).astype(float)
    rbm = getattr(rep, kind)(n_components=8, n_iter=3, random_state=0).fit(X)
    Xd = cp.asarray(X.astype(dtype))
    H = rbm.transform(Xd)
    assert isinstance(H, cp.ndarray) and H.dtype == dtype
    rtol = RTOL[dtype]
    _close(cp.asnumpy(H), rbm.transform(X), rtol)
    _close(cp.asnumpy(free_energy_device(rbm, Xd)), rbm._free_energy(X), rtol)
    if kind == "GaussianBernoulliRBM":
        _close(cp.asnumpy(rbm.score_samples(Xd)), rbm.score_samples(X), rtol)
