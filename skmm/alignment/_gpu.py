"""DTW on the GPU: validation of CuPy inputs and the call of the CUDA kernel.

:func:`cdist_dtw` hands its work here when its inputs are CuPy arrays. The data
never leave the device: padding lengths, NaN and infinity checks are computed
there, only a handful of flags come back to the host to raise errors, and the
result is a CuPy array. CuPy is imported only through the inputs themselves
(a CuPy array cannot exist before ``import cupy``), so the CPU path never needs
it.

The validation is written against an array module ``xp`` so that the test
suite also checks it with NumPy on machines without a GPU.
"""

import numpy as np

from ..utils._array_api import get_namespace, on_device
from ._validation import check_datasets

__all__ = ["on_gpu", "check_dataset_xp", "cdist_dtw_gpu", "dtw_gpu"]

# whether any input is a CuPy array (never imports CuPy)
on_gpu = on_device


def check_dataset_xp(X, name, xp):
    """Validate a dataset of series held in ``xp`` arrays, on their device.

    Parameters
    ----------
    X : xp array of shape (n_series, length) or (n_series, length, n_channels)
        tslearn's layout; trailing all-NaN frames are padding.
    name : str
        Name used in error messages.
    xp : module
        ``cupy`` (or ``numpy``, for testing the logic).

    Returns
    -------
    data : xp array of shape (n_series, length, n_channels)
        C-contiguous, float32 kept as float32, anything else as float64 (a new
        array when a conversion was needed; the caller's array is never
        modified).
    lengths : xp array of int32 of shape (n_series,)
        Valid length of each series, computed on the device.
    """
    if X.ndim == 2:
        X = X[:, :, None]
    if X.ndim != 3:
        raise ValueError(
            f"Input {name} must be 2-D (n_series, length) or 3-D (n_series, "
            f"length, n_channels); got an array of shape {X.shape}."
        )
    if X.shape[0] == 0:
        raise ValueError(f"Input {name} holds no series.")
    if X.shape[1] == 0 or X.shape[2] == 0:
        raise ValueError(f"Input {name} has empty series (shape {X.shape}).")
    if X.dtype.kind not in "biuf":
        raise TypeError(f"Input {name} must be numeric; got dtype {X.dtype}.")
    dtype = X.dtype if X.dtype in (np.float32, np.float64) else np.float64
    X = xp.ascontiguousarray(X, dtype=dtype)
    n_series, length, _ = X.shape
    nan = xp.isnan(X)
    full = xp.all(nan, axis=2)  # (n_series, length): padding frames
    partial = xp.any(nan, axis=2) & ~full
    valid = ~full
    # length = index of the last frame that is not padding, plus one
    last = length - xp.argmax(valid[:, ::-1].astype(xp.int8), axis=1)
    lengths = xp.where(xp.any(valid, axis=1), last, 0).astype(xp.int32)
    inside = full & (xp.arange(length)[None, :] < lengths[:, None])
    flags = xp.stack(
        [
            xp.any(xp.isinf(X)),
            xp.any(partial),
            xp.any(inside),
            xp.any(lengths == 0),
        ]
    )
    has_inf, has_partial, has_inside, has_empty = (bool(f) for f in _to_host(flags, xp))
    if has_inf:
        raise ValueError(f"Input {name} contains infinity or a value too large.")
    if has_partial:
        raise ValueError(
            f"Input {name} contains NaN inside a frame; only whole trailing frames "
            "of NaN are read as padding."
        )
    if has_inside:
        raise ValueError(
            f"Input {name} contains NaN inside a series (not trailing padding)."
        )
    if has_empty:
        first = int(_to_host(xp.argmax((lengths == 0).astype(xp.int8)), xp))
        raise ValueError(f"Series {name}[{first}] is empty (all NaN).")
    return X, lengths


def _to_host(a, xp):
    return a.get() if hasattr(a, "get") and xp is not np else np.asarray(a)


def _check_gpu_call(X, Y, max_slope, what):
    if max_slope is not None:
        raise ValueError(
            f"max_slope (the Itakura parallelogram) is not supported on the GPU; "
            f"call {what} with radius (Sakoe-Chiba) or None, or with NumPy inputs."
        )
    for arr, label in ((X, "X"), (Y, "Y")):
        if arr is not None and not hasattr(arr, "ndim"):
            raise TypeError(
                f"{what} on the GPU needs CuPy arrays; {label} is a "
                f"{type(arr).__name__}."
            )
    return get_namespace(X, Y)


def _result_dtype(X, Y):
    if X.dtype == Y.dtype:
        return X.dtype
    return np.result_type(X.dtype, Y.dtype)


def cdist_dtw_gpu(X, Y=None, *, radius=None, max_slope=None, squared=False, xp=None):
    """All pairwise DTW distances of CuPy arrays, computed and returned on the GPU.

    Same conventions as :func:`skmm.alignment.cdist_dtw` (tslearn's layout and
    NaN padding, Sakoe-Chiba ``radius``, square root unless ``squared``); the
    Itakura parallelogram (``max_slope``) is not supported. float32 inputs are
    computed in float32, anything else in float64.
    """
    if xp is None:
        xp = _check_gpu_call(X, Y, max_slope, "cdist_dtw")
    symmetric = Y is None
    X, x_len, Y, y_len = check_datasets(
        X, Y, check=lambda data, name: check_dataset_xp(data, name, xp)
    )
    if not symmetric:
        dtype = _result_dtype(X, Y)
        X, Y = X.astype(dtype, copy=False), Y.astype(dtype, copy=False)
    from .._kernels._cuda_dtw import cdist_dtw_cupy

    r = -1 if radius is None else int(radius)
    cost = cdist_dtw_cupy(X, Y, x_len, y_len, radius=r, symmetric=symmetric)
    return cost if squared else xp.sqrt(cost)


def dtw_gpu(x, y, *, radius=None, max_slope=None, squared=False):
    """DTW distance of two CuPy series, as a 0-d CuPy array (one GPU thread)."""
    xp = _check_gpu_call(x, y, max_slope, "dtw")
    series = []
    for s, label in ((x, "x"), (y, "y")):
        if s.ndim == 1:
            s = s[:, None]
        if s.ndim != 2:
            raise ValueError(
                f"Series {label} must be 1-D (length,) or 2-D (length, n_channels); "
                f"got an array of shape {s.shape}."
            )
        series.append(s[None])
    out = cdist_dtw_gpu(series[0], series[1], radius=radius, squared=squared, xp=xp)
    return out.reshape(())
