"""Array-namespace helpers: run the same code on NumPy or CuPy arrays.

CuPy is optional. These helpers never import it unless the caller already has
(a CuPy array can only exist once ``cupy`` is imported), so ``import skmm`` and every
CPU path stay free of it.
"""

import importlib.util
import sys

import numpy as np

__all__ = ["cupy_available", "get_namespace", "to_numpy"]


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
