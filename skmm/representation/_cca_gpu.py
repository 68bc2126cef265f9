"""Closed-form CCA on device arrays (CuPy): fit and transform on the GPU.

:class:`~skmm.representation.CCA` hands ``fit`` and ``transform`` here when its
input is a CuPy array. scikit-learn's ``validate_data`` would copy the data to
the host, so the device path validates with
:func:`~skmm.utils._array_api.check_device_array` (2-D, numeric, finite, the
number of columns) and resolves ``views`` from the shape alone, through the
estimator's own :meth:`~skmm.utils.MultiViewMixin._resolve_views`. The numerics
are the CPU path's: ``CCA._fit`` runs with ``xp = cupy`` on the shared functions
of :mod:`skmm.utils._linalg` (standardisation, whitening, directions, loadings).

The fitted attributes (``mean_``, ``scale_``, ``weights_``, ``loadings_``,
``canonical_correlations_``) are then device arrays, as in scikit-learn's array
API support; ``views_`` stays a list of NumPy index arrays. float32 input is
computed in float32 (the CPU path always uses float64).

Every function takes the array module ``xp``, so the test suite checks this
logic with NumPy where no GPU exists.
"""

from ..utils._array_api import check_device_array, get_namespace, on_device

__all__ = ["fit_device", "transform_device"]


def fit_device(est, X):
    """Fit a two-view ``CCA`` estimator on a device array ``X``.

    Sets the same attributes as ``CCA.fit`` (device arrays where the CPU path
    has NumPy arrays) and returns ``est``.
    """
    xp = get_namespace(X)
    X = check_device_array(X, xp)
    est._resolve_views(X)
    est.n_features_in_ = X.shape[1]
    if hasattr(est, "feature_names_in_"):  # a device array has no column names
        del est.feature_names_in_
    est._paired_arrays = False
    est._fit(X, xp)
    return est


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
    Zs = [
        (X[:, cols] - est.mean_[cols]) @ W
        for cols, W in zip(est._view_columns(xp), est.weights_)
    ]
    if est.combine == "mean":
        return sum(Zs) / len(Zs)
    return xp.concatenate(Zs, axis=1)
