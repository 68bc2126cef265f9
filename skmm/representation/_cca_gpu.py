"""Closed-form CCA on device arrays (CuPy): fit and transform on the GPU.

:class:`~skmm.representation.CCA` hands ``fit`` and ``transform`` here when its
input is a CuPy array. scikit-learn's ``validate_data`` would copy the data to
the host, so the device path validates with
:func:`~skmm.utils._array_api.check_device_array` (2-D, numeric, finite, the
number of columns) and resolves ``views`` from the shape alone. The numerics
are the CPU path's own private functions (:func:`._cca._cca_directions`), run
with ``xp = cupy``; the least-squares loadings use the normal equations of the
few variates (a ``k x k`` pseudo-inverse) rather than an SVD of a tall matrix.

The fitted attributes (``mean_``, ``scale_``, ``weights_``, ``loadings_``,
``canonical_correlations_``) are then device arrays, as in scikit-learn's array
API support; ``views_`` stays a list of NumPy index arrays. float32 input is
computed in float32 (the CPU path always uses float64).

Every function takes the array module ``xp``, so the test suite checks this
logic with NumPy where no GPU exists.
"""

import numpy as np

from ..utils._array_api import check_device_array, get_namespace, on_device
from ..utils._views import resolve_views

__all__ = ["fit_device", "transform_device", "wants_device"]


def wants_device(est, X):
    """Whether ``transform(X)`` must take the device path.

    True when ``X`` is a CuPy array or the estimator was fitted on one.
    """
    return on_device(X, getattr(est, "mean_", None))


def _columns(idx, xp):
    """A selector for ``idx`` on ``xp`` arrays: a slice when contiguous."""
    idx = np.asarray(idx)
    if idx.size and np.array_equal(idx, np.arange(idx[0], idx[0] + idx.size)):
        return slice(int(idx[0]), int(idx[0]) + idx.size)
    return xp.asarray(idx)


def _pinv_lstsq(Z, B, xp):
    """Least-squares ``C`` minimising ``||Z C - B||`` for a few columns of ``Z``.

    Normal equations through the pseudo-inverse of ``Z.T @ Z`` (``k x k``), so
    constant zero columns of ``Z`` get zero coefficients, as ``lstsq`` gives.
    """
    G = Z.T @ Z
    w, V = xp.linalg.eigh(G)
    top = float(w[-1]) if w.shape[0] else 0.0
    tol = max(Z.shape) * np.finfo(Z.dtype).eps * max(top, 0.0)
    inv = xp.where(w > tol, 1.0 / xp.where(w > tol, w, 1.0), 0.0).astype(Z.dtype)
    return V @ (inv[:, None] * (V.T @ (Z.T @ B)))


def fit_device(est, X):
    """Fit a two-view ``CCA`` estimator on a device array ``X``.

    Sets the same attributes as ``CCA.fit`` (device arrays where the CPU path
    has NumPy arrays) and returns ``est``.
    """
    from ._cca import _cca_directions

    xp = get_namespace(X)
    X = check_device_array(X, xp)
    indices, names = resolve_views(
        est.views,
        X,
        min_views=est._min_views,
        allow_overlap=est._allow_view_overlap,
    )
    est.views_ = indices
    est.view_names_ = names
    est.n_views_ = len(indices)
    est.n_features_in_ = X.shape[1]
    if hasattr(est, "feature_names_in_"):  # a device array has no column names
        del est.feature_names_in_
    est._check_view_count()
    est._check_n_components([len(idx) for idx in est.views_], X.shape[0])

    blocks = _standardize_fit(est, X, xp)
    A, B, corr = _cca_directions(blocks[0], blocks[1], est.n_components, est.reg, xp)
    _set_linear_maps(est, [A, B], blocks, xp)
    est.canonical_correlations_ = corr
    return est


def _standardize_fit(est, X, xp):
    n = X.shape[0]
    mean = xp.mean(X, axis=0)
    if est.scale and n > 1:
        std = xp.std(X, axis=0, ddof=1)
        std = xp.where(std > 1e-12 * (1.0 + xp.abs(mean)), std, 1.0).astype(X.dtype)
    else:
        std = xp.ones(X.shape[1], dtype=X.dtype)
    est.mean_ = mean
    est.scale_ = std
    blocks = []
    for idx in est.views_:
        cols = _columns(idx, xp)
        blocks.append((X[:, cols] - mean[cols]) / std[cols])
    return blocks


def _set_linear_maps(est, weights, blocks, xp):
    est.weights_ = [
        W / est.scale_[_columns(idx, xp)][:, None]
        for W, idx in zip(weights, est.views_)
    ]
    est.loadings_ = [
        _pinv_lstsq(block @ W, block, xp).T for W, block in zip(weights, blocks)
    ]


def transform_device(est, X):
    """Canonical variates of a device array, as ``CCA.transform`` computes them."""
    if not on_device(getattr(est, "mean_", None)):
        raise TypeError(
            f"This {type(est).__name__} was fitted on host (NumPy) data and has no "
            "GPU path for transform; pass NumPy arrays, or fit it on CuPy arrays."
        )
    if not on_device(X):
        raise TypeError(
            f"This {type(est).__name__} was fitted on CuPy arrays; transform CuPy "
            "arrays too (for example cupy.asarray(X))."
        )
    xp = get_namespace(X)
    X = check_device_array(X, xp, n_features=est.n_features_in_)
    return _transform(est, X, xp)


def _transform(est, X, xp):
    Zs = []
    for v, idx in enumerate(est.views_):
        cols = _columns(idx, xp)
        Zs.append((X[:, cols] - est.mean_[cols]) @ est.weights_[v])
    if est.combine == "mean":
        return sum(Zs) / len(Zs)
    return xp.concatenate(Zs, axis=1)
