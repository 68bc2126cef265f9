"""The GPU paths' array logic, checked with NumPy standing in for CuPy.

The validation of device inputs (padding lengths, NaN and infinity checks) and
the closed-form CCA on device arrays are written against an array module ``xp``.
Running them with ``xp = numpy`` checks their logic on machines without a GPU;
``tests/gpu/test_gpu.py`` checks the same on CuPy arrays where a device exists.
"""

import numpy as np
import pytest

from skmm.alignment._gpu import check_dataset_xp, on_gpu
from skmm.alignment._validation import check_dataset


def _padded(rng, lengths, n_channels, length):
    X = rng.standard_normal((len(lengths), length, n_channels))
    for i, n in enumerate(lengths):
        X[i, n:] = np.nan
    return X


@pytest.mark.parametrize("n_channels", [1, 3])
def test_device_lengths_match_cpu_validation(n_channels):
    rng = np.random.default_rng(0)
    lengths = [12, 3, 12, 7, 1]
    X = _padded(rng, lengths, n_channels, 12)
    data, got = check_dataset_xp(X, "X", np)
    want_data, want = check_dataset(X, "X")
    np.testing.assert_array_equal(got, want)
    assert got.dtype == np.int32
    np.testing.assert_array_equal(data, want_data)
    # univariate 2-D input, float32 kept, the caller's array untouched
    X2 = X[:, :, 0].astype(np.float32)
    before = X2.copy()
    data2, got2 = check_dataset_xp(X2, "X", np)
    assert data2.dtype == np.float32 and data2.shape == (5, 12, 1)
    np.testing.assert_array_equal(got2, lengths)
    np.testing.assert_array_equal(X2, before)
    # integers become float64
    data3, got3 = check_dataset_xp(np.arange(12).reshape(3, 4), "X", np)
    assert data3.dtype == np.float64
    np.testing.assert_array_equal(got3, [4, 4, 4])


@pytest.mark.parametrize(
    "make, match",
    [
        (lambda X: X.__setitem__((1, 2, 0), np.inf), "infinity"),
        (lambda X: X.__setitem__((1, 2, 0), np.nan), "NaN inside a frame"),
        (lambda X: X.__setitem__((0, 2), np.nan), "NaN inside a series"),
        (lambda X: X.__setitem__(3, np.nan), r"Series X\[3\] is empty"),
    ],
)
def test_device_validation_errors_match_cpu(make, match):
    rng = np.random.default_rng(1)
    X = rng.standard_normal((4, 6, 2))
    make(X)
    with pytest.raises(ValueError, match=match):
        check_dataset(X, "X")
    with pytest.raises(ValueError, match=match):
        check_dataset_xp(X, "X", np)


@pytest.mark.parametrize(
    "shape, match",
    [((3,), "must be 2-D"), ((0, 4), "no series"), ((2, 0), "empty series")],
)
def test_device_validation_shapes(shape, match):
    with pytest.raises(ValueError, match=match):
        check_dataset_xp(np.zeros(shape), "X", np)


def test_device_validation_rejects_non_numeric():
    with pytest.raises(TypeError, match="numeric"):
        check_dataset_xp(np.array([["a", "b"]]), "X", np)


def test_numpy_inputs_never_take_the_gpu_path():
    assert not on_gpu(np.zeros((2, 3)), None)


def test_check_device_array():
    from skmm.utils._array_api import check_device_array, on_device

    assert not on_device(np.zeros(2), None)
    X = np.arange(6, dtype=np.int64).reshape(3, 2)
    out = check_device_array(X, np, n_features=2)
    assert out.dtype == np.float64 and out.flags.c_contiguous
    X32 = np.ones((3, 2), dtype=np.float32)
    assert check_device_array(X32, np) is X32
    with pytest.raises(ValueError, match="2-D"):
        check_device_array(np.zeros(3), np)
    with pytest.raises(ValueError, match="fitted with 3 features"):
        check_device_array(X, np, n_features=3)
    with pytest.raises(ValueError, match="minimum of 4"):
        check_device_array(X, np, min_samples=4)
    with pytest.raises(ValueError, match="0 feature"):
        check_device_array(np.zeros((3, 0)), np)
    with pytest.raises(ValueError, match="NaN or infinity"):
        check_device_array(np.array([[1.0, np.nan]]), np)
    with pytest.raises(TypeError, match="numeric"):
        check_device_array(np.array([["a"]]), np)


def _cca_data(n_samples=300, seed=0):
    from skmm.datasets import make_correlated_views

    return make_correlated_views(
        n_samples=n_samples,
        n_features=(6, 5),
        correlations=[0.9, 0.6, 0.3],
        random_state=seed,
    )


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"reg": 0.3, "combine": "mean"},
        {"scale": False, "n_components": 3},
        {"views": "shuffled", "reg": 0.1},
    ],
)
def test_device_cca_logic_matches_cpu_cca(params):
    from skmm.representation import CCA
    from skmm.representation._cca_gpu import _transform, fit_device

    X, views = _cca_data()
    params = dict(params)
    if params.get("views") == "shuffled":  # non-contiguous, unsorted columns
        params["views"] = {"b": [10, 0, 7, 2, 4], "a": [1, 3, 5, 6, 8, 9]}
    else:
        params.setdefault("views", views)
    X_before = X.copy()
    cpu = CCA(**params).fit(X)
    dev = fit_device(CCA(**params), X)
    np.testing.assert_array_equal(X, X_before)
    assert dev.view_names_ == cpu.view_names_
    assert dev.n_features_in_ == cpu.n_features_in_ == X.shape[1]
    np.testing.assert_allclose(
        dev.canonical_correlations_, cpu.canonical_correlations_, rtol=1e-12
    )
    for name in ("weights_", "loadings_"):
        for a, b in zip(getattr(dev, name), getattr(cpu, name)):
            np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(dev.mean_, cpu.mean_, rtol=1e-12)
    np.testing.assert_allclose(dev.scale_, cpu.scale_, rtol=1e-12)
    np.testing.assert_allclose(
        _transform(dev, X, np), cpu.transform(X), rtol=1e-9, atol=1e-10
    )


def test_device_cca_logic_rank_deficient_view():
    # a view with a duplicated column: lstsq and the pseudo-inverse agree
    from skmm.representation import CCA
    from skmm.representation._cca_gpu import fit_device

    X, views = _cca_data(seed=3)
    X = np.hstack([X, X[:, :1]])
    views = {"view0": [0, 1, 2, 3, 4, 5, 11], "view1": [6, 7, 8, 9, 10]}
    cpu = CCA(n_components=3, views=views, reg=0.0).fit(X)
    dev = fit_device(CCA(n_components=3, views=views, reg=0.0), X)
    np.testing.assert_allclose(
        dev.canonical_correlations_, cpu.canonical_correlations_, rtol=1e-9
    )
    for a, b in zip(dev.loadings_, cpu.loadings_):
        np.testing.assert_allclose(a, b, rtol=1e-7, atol=1e-9)


def test_device_cca_errors():
    from skmm.representation import CCA
    from skmm.representation._cca_gpu import fit_device, transform_device

    X, views = _cca_data()
    with pytest.raises(ValueError, match="needs more samples than components"):
        fit_device(CCA(n_components=2, views=views), X[:2])
    with pytest.raises(ValueError, match="exactly 2 views"):
        fit_device(CCA(views={"a": [0, 1], "b": [2, 3], "c": [4, 5]}), X)
    bad = X.copy()
    bad[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN or infinity"):
        fit_device(CCA(views=views), bad)
    cpu = CCA(views=views).fit(X)
    with pytest.raises(TypeError, match="fitted on host"):
        transform_device(cpu, X)


@pytest.mark.parametrize("kind", ["BernoulliRBM", "GaussianBernoulliRBM"])
def test_device_rbm_logic_matches_cpu_rbm(kind):
    import skmm.representation as rep
    from skmm.representation._rbm_gpu import free_energy_device, transform_device

    rng = np.random.default_rng(0)
    X = rng.random((40, 7))
    if kind == "BernoulliRBM":
        X = (X > 0.5).astype(float)
    rbm = getattr(rep, kind)(n_components=5, n_iter=3, random_state=0).fit(X)
    np.testing.assert_allclose(
        transform_device(rbm, X), rbm.transform(X), rtol=1e-12, atol=1e-15
    )
    np.testing.assert_allclose(
        free_energy_device(rbm, X), rbm._free_energy(X), rtol=1e-12
    )
    # large activations: no overflow in the sigmoid or the softplus
    big = 50.0 * X
    np.testing.assert_allclose(
        free_energy_device(rbm, big), rbm._free_energy(big), rtol=1e-12
    )
    with pytest.raises(ValueError, match="fitted with 7 features"):
        transform_device(rbm, X[:, :3])
