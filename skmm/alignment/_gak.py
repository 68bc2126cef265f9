"""The global alignment kernel (GAK) between series, one pair or all pairs."""

import numpy as np

from .._kernels import _gak as _k
from ._docstrings import series_docs
from ._dtw import longest_first, numba_threads, pair_matrix
from ._validation import (
    check_bool,
    check_constraint,
    check_datasets,
    check_pair,
    check_positive,
)

__all__ = ["gak", "cdist_gak"]

# exp() of a larger logarithm overflows float64
_LOG_MAX = np.log(np.finfo(np.float64).max)


def _params(sigma, radius):
    """``1 / (2 sigma^2)`` and Cuturi's triangular ``T`` (0: no band)."""
    sigma = check_positive(sigma, "sigma")
    check_constraint(radius, None)
    triangular = 0 if radius is None else int(radius) + 1
    return 1.0 / (2.0 * sigma * sigma), triangular


def _finish(log_k, normalized):
    """The kernel from its logarithm; an overflow is an error, not ``inf``."""
    if not normalized and log_k.size and np.max(log_k) > _LOG_MAX:
        raise ValueError(
            "The unnormalised global alignment kernel exceeds the float64 range "
            f"(its logarithm reaches {np.max(log_k):.1f}); use normalized=True, "
            "which is computed from the logarithms."
        )
    return np.exp(log_k)


@series_docs
def gak(x, y, *, sigma=1.0, radius=None, normalized=True):
    """Global alignment kernel between two series.

    The sum, over every DTW alignment path, of the product along the path of
    the local kernel ``k / (2 - k)``, ``k = exp(-|x_i - y_j|^2 / (2 sigma^2))``
    (Cuturi's form, which makes the kernel positive definite). Normalised,
    ``gak(x, y) / sqrt(gak(x, x) gak(y, y))`` lies in ``[0, 1]`` and equals 1
    for ``x == y``; it equals tslearn's ``gak``.

    Parameters
    ----------
    {x_y}
    sigma : float, default=1.0
        Bandwidth of the Gaussian kernel between frames, > 0 (tslearn's
        ``sigma``).
    radius : int, default=None
        Triangular band (Cuturi's triangular GAK with ``T = radius + 1``):
        frames ``i`` and ``j`` with ``|i - j| <= radius`` are matched with
        weight ``1 - |i - j| / (radius + 1)``, farther ones not at all. It
        stays positive definite, unlike a hard Sakoe-Chiba band. Series whose
        lengths differ by more than ``radius`` get a kernel of 0. None: no
        band.
    normalized : bool, default=True
        Divide by ``sqrt(gak(x, x) gak(y, y))`` (computed from logarithms, so
        long series neither overflow nor underflow).

    Returns
    -------
    kernel : float

    Raises
    ------
    ValueError
        With ``normalized=False``, when the kernel exceeds the float64 range
        (it grows like the number of alignment paths: series of a few hundred
        frames).

    See Also
    --------
    cdist_gak : All pairs of two sets of series, in parallel.
    PairwiseGAK : The kernel matrix as a scikit-learn transformer.
    soft_dtw : A soft minimum over the same paths instead of a sum.

    References
    ----------
    .. [1] M. Cuturi. Fast global alignment kernels. ICML 2011.
    .. [2] M. Cuturi, J.-P. Vert, O. Birkenes, T. Matsui. A kernel for time
       series based on global alignments. ICASSP 2007.

    Examples
    --------
    >>> from skmm.alignment import gak
    >>> round(gak([1.0, 2.0, 3.0], [1.0, 2.0, 2.0, 3.0, 4.0]), 4)
    0.2734
    >>> gak([1.0, 2.0, 3.0], [1.0, 2.0, 3.0])
    1.0
    """
    inv, triangular = _params(sigma, radius)
    check_bool(normalized, "normalized")
    x, y = check_pair(x, y)
    log_k = _k.log_gak(x, y, inv, triangular)
    if normalized:
        log_k -= 0.5 * (
            _k.log_gak(x, x, inv, triangular) + _k.log_gak(y, y, inv, triangular)
        )
    return float(_finish(np.array([log_k]), normalized)[0])


@series_docs
def cdist_gak(X, Y=None, *, sigma=1.0, radius=None, normalized=True, n_jobs=None):
    """Global alignment kernel between every series of ``X`` and of ``Y``.

    Pairs run in parallel in a numba kernel (one linear-space row per pair,
    rescaled row by row). The normalised matrix equals tslearn's
    ``cdist_gak``, and is positive semi-definite (a valid
    ``SVC(kernel="precomputed")`` Gram matrix), which a kernel built on DTW
    distances is not in general.

    Parameters
    ----------
    {X_Y}
    sigma : float, default=1.0
        Bandwidth of the Gaussian kernel between frames (see :func:`gak`).
    radius : int, default=None
        Triangular band (see :func:`gak`).
    normalized : bool, default=True
        Normalise each entry by the kernels of the series with themselves.
    {n_jobs}

    Returns
    -------
    kernel : ndarray of shape (n_series_X, n_series_Y)

    See Also
    --------
    gak : One pair.
    PairwiseGAK : The same as a scikit-learn transformer.
    cdist_soft_dtw : Soft-DTW between all pairs.

    References
    ----------
    .. [1] M. Cuturi. Fast global alignment kernels. ICML 2011.

    Examples
    --------
    >>> from skmm.alignment import cdist_gak
    >>> cdist_gak([[1, 2, 2, 3], [1.0, 2.0, 3.0, 4.0]], sigma=2.0).round(6)
    array([[1.      , 0.656297],
           [0.656297, 1.      ]])
    """
    inv, triangular = _params(sigma, radius)
    check_bool(normalized, "normalized")
    symmetric = Y is None
    X, x_len, Y, y_len = check_datasets(X, Y)

    def log_values(X, x_len, Y, y_len, pa, pb):
        kernel = _k.pairs_log_gak
        return longest_first(kernel, X, x_len, Y, y_len, pa, pb, inv, triangular)

    with numba_threads(n_jobs):
        log_k = pair_matrix(log_values, X, x_len, Y, y_len, symmetric, normalized)
    return _finish(log_k, normalized)
