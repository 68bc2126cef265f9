"""Array-namespace helpers: run the same code on NumPy or CuPy arrays.

CuPy is optional. These helpers never import it unless the caller already has
(a CuPy array can only exist once ``cupy`` is imported), so ``import skmm`` and every
CPU path stay free of it.
"""

import importlib.util
import sys

import numpy as np

__all__ = [
    "check_device_array",
    "cupy_available",
    "get_namespace",
    "on_device",
    "to_numpy",
]


def get_namespace(*arrays):
    """Return the array module (``numpy`` or ``cupy``) the arrays live in.

    Parameters
    ----------
    *arrays : array-like
        Arrays to inspect; ``None`` entries are ignored.

    Returns
    -------
    xp : module
        ``cupy`` if any array is a CuPy array, else ``numpy``.

    Raises
    ------
    TypeError
        If NumPy and CuPy arrays are mixed.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.utils import get_namespace
    >>> get_namespace(np.zeros(3)).__name__
    'numpy'
    """
    cp = sys.modules.get("cupy")
    if cp is None:
        return np
    on_gpu = [isinstance(a, cp.ndarray) for a in arrays if a is not None]
    if any(on_gpu):
        if not all(on_gpu):
            raise TypeError(
                "Inputs mix CuPy and NumPy arrays; move them to the same device first."
            )
        return cp
    return np


def to_numpy(array):
    """Return ``array`` as a NumPy array (copying it off the GPU if needed).

    Parameters
    ----------
    array : array-like
        A NumPy or CuPy array, or anything ``numpy.asarray`` takes.

    Returns
    -------
    array : ndarray
        The same values on the host.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.utils import to_numpy
    >>> to_numpy(np.arange(3))
    array([0, 1, 2])
    """
    if hasattr(array, "get") and type(array).__module__.startswith("cupy"):
        return array.get()
    return np.asarray(array)


def cupy_available():
    """Whether CuPy imports and sees at least one CUDA device.

    Imports CuPy, so call it only when a GPU path is requested.

    Returns
    -------
    available : bool
        True when ``import cupy`` works and a CUDA device is visible.

    Examples
    --------
    >>> from skmm.utils import cupy_available
    >>> isinstance(cupy_available(), bool)
    True
    """
    if importlib.util.find_spec("cupy") is None:
        return False
    try:
        import cupy

        return cupy.cuda.runtime.getDeviceCount() > 0
    except Exception:  # noqa: BLE001 - any CUDA/driver failure means "not usable"
        return False


def on_device(*arrays):
    """Whether any of ``arrays`` is a CuPy array (never imports CuPy).

    The GPU paths of skmm's estimators and functions are taken when this is
    true. ``None`` entries are ignored.
    """
    cp = sys.modules.get("cupy")
    return cp is not None and any(isinstance(a, cp.ndarray) for a in arrays)


def check_device_array(X, xp, *, n_features=None, name="X", min_samples=1):
    """Light validation of a 2-D array that stays on its device.

    scikit-learn's ``validate_data`` converts to NumPy, so the GPU paths check
    device arrays with this instead: 2-D, numeric, at least ``min_samples``
    rows and one column, finite, and ``n_features`` columns when given (the
    count seen in ``fit``). float32 and float64 are kept, any other numeric
    dtype becomes float64. Only one flag comes back to the host.

    Parameters
    ----------
    X : array of shape (n_samples, n_features)
        A CuPy array (or a NumPy one: the logic is the same).
    xp : module
        The array module of ``X``.
    n_features : int, default=None
        Expected number of columns.
    name : str, default="X"
        Name used in error messages.
    min_samples : int, default=1
        Smallest accepted number of rows.

    Returns
    -------
    X : array of shape (n_samples, n_features)
        C-contiguous, float32 or float64 (the input itself when it already is).
    """
    if getattr(X, "ndim", None) != 2:
        raise ValueError(
            f"Expected a 2-D array for {name}; got an array of shape "
            f"{getattr(X, 'shape', None)}."
        )
    if X.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be numeric; got dtype {X.dtype}.")
    if X.shape[0] < min_samples:
        raise ValueError(
            f"Found array with {X.shape[0]} sample(s) (shape={X.shape}) while a "
            f"minimum of {min_samples} is required."
        )
    if X.shape[1] == 0:
        raise ValueError(f"Found array with 0 feature(s) (shape={X.shape}).")
    if n_features is not None and X.shape[1] != n_features:
        raise ValueError(
            f"{name} has {X.shape[1]} features, but the estimator was fitted with "
            f"{n_features} features."
        )
    dtype = X.dtype if X.dtype in (np.float32, np.float64) else np.float64
    X = xp.ascontiguousarray(X, dtype=dtype)
    if not bool(xp.all(xp.isfinite(X))):
        raise ValueError(f"Input {name} contains NaN or infinity.")
    return X
