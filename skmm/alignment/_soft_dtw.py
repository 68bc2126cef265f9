"""Soft-DTW: a differentiable DTW, its gradient, its divergence, all pairs."""

from .._kernels import _soft_dtw as _k
from ._docstrings import series_docs
from ._dtw import longest_first, numba_threads, pair_matrix
from ._validation import (
    check_bool,
    check_constraint,
    check_datasets,
    check_pair,
    check_positive,
)

__all__ = ["soft_dtw", "cdist_soft_dtw"]


def _value_grad(x, y, gamma, need_grad, radius=-1):
    """Soft-DTW of ``x`` and ``y``, its gradient in ``x`` and its alignment."""
    value, E = _k.soft_value_grad(x, y, gamma, need_grad, radius)
    if not need_grad:
        return value, None, None
    G = 2.0 * (x * E.sum(axis=1)[:, None] - E @ y)
    return value, G, E


@series_docs
def soft_dtw(x, y, gamma=1.0, *, radius=None, divergence=False, return_gradient=False):
    """Soft-DTW between two series, optionally with its gradient.

    Soft-DTW replaces the minimum of the DTW recursion by the soft minimum
    ``-gamma log sum exp(-a / gamma)`` over the three predecessors, with the
    squared Euclidean local cost: the result is smooth in ``x`` and tends to
    the accumulated squared DTW cost (``dtw(x, y, squared=True)``) as
    ``gamma -> 0``. It keeps its own convention: no square root, and it can be
    negative. The divergence (Blondel et al., 2021)
    ``sdtw(x, y) - (sdtw(x, x) + sdtw(y, y)) / 2`` is non-negative and zero
    for ``x == y``.

    Parameters
    ----------
    x : array-like of shape (length_x,) or (length_x, n_channels)
        Series the gradient is taken with respect to.
    y : array-like of shape (length_y,) or (length_y, n_channels)
        Second series, with as many channels as ``x``.
    gamma : float, default=1.0
        Smoothing, > 0.
    radius : int, default=None
        Sakoe-Chiba band: only cells with ``|i - j| <= radius`` enter the
        soft minimum (widened by the length difference for unequal lengths,
        as in :func:`dtw`); the alignment matrix is 0 outside the band. None:
        no band.
    divergence : bool, default=False
        Return the soft-DTW divergence instead of soft-DTW.
    return_gradient : bool, default=False
        Also return the gradient with respect to ``x`` and the soft alignment
        matrix.

    Returns
    -------
    value : float
    gradient : ndarray of shape (length_x, n_channels)
        Only with ``return_gradient=True``: d value / d x.
    alignment : ndarray of shape (length_x, length_y)
        Only with ``return_gradient=True``: the soft alignment matrix ``E``,
        the derivative of soft-DTW(x, y) with respect to each local cost (an
        expected alignment: entries in [0, 1]); for the divergence, still the
        one of the pair ``(x, y)``.

    See Also
    --------
    soft_dtw_barycenter : Barycenter under soft-DTW, using this gradient.
    dtw : The hard minimum.

    References
    ----------
    {soft_dtw_references}

    Examples
    --------
    >>> from skmm.alignment import soft_dtw
    >>> value, grad, E = soft_dtw([0.0, 1.0, 2.0], [0.0, 2.0], gamma=0.01,
    ...                           return_gradient=True)
    >>> round(value, 4), grad.shape, E.shape
    (1.0, (3, 1), (3, 2))
    >>> round(soft_dtw([0.0, 1.0], [0.0, 1.0], divergence=True), 12)
    0.0
    """
    gamma = check_positive(gamma, "gamma")
    check_constraint(radius, None)
    r = -1 if radius is None else int(radius)
    x, y = check_pair(x, y)
    value, G, E = _value_grad(x, y, gamma, return_gradient, r)
    if divergence:
        vxx, Gxx, _ = _value_grad(x, x, gamma, return_gradient, r)
        vyy, _, _ = _value_grad(y, y, gamma, False, r)
        value = value - 0.5 * (vxx + vyy)
        if return_gradient:
            # d/dx sdtw(x, x) is twice the derivative in the first argument
            G = G - Gxx
    value = float(value)
    if return_gradient:
        return value, G, E
    return value


@series_docs
def cdist_soft_dtw(X, Y=None, gamma=1.0, *, radius=None, normalized=False, n_jobs=None):
    """Soft-DTW (or its divergence) between every series of ``X`` and of ``Y``.

    Pairs run in parallel through the kernel of :func:`soft_dtw`. Plain
    soft-DTW equals tslearn's ``cdist_soft_dtw``: it is not a distance (it can
    be negative, and ``sdtw(x, x) != 0``). With ``normalized=True`` each entry
    is the soft-DTW divergence ``sdtw(x, y) - (sdtw(x, x) + sdtw(y, y)) / 2``
    (tslearn's ``cdist_soft_dtw_normalized``), non-negative and 0 on
    identical series, which suits ``metric="precomputed"`` estimators.

    Parameters
    ----------
    {X_Y}
    gamma : float, default=1.0
        Smoothing, > 0.
    radius : int, default=None
        Sakoe-Chiba radius (see :func:`soft_dtw`).
    normalized : bool, default=False
        Return the soft-DTW divergence instead of soft-DTW.
    {n_jobs}

    Returns
    -------
    values : ndarray of shape (n_series_X, n_series_Y)

    See Also
    --------
    soft_dtw : One pair, with its gradient.
    PairwiseSoftDTW : The same as a scikit-learn transformer.
    cdist_gak : A positive definite kernel over the same alignments.

    References
    ----------
    {soft_dtw_references}

    Examples
    --------
    >>> from skmm.alignment import cdist_soft_dtw
    >>> X = [[0.0, 1.0, 2.0], [0.0, 2.0, 2.0]]
    >>> cdist_soft_dtw(X, gamma=0.01).round(3)  # three paths of cost 0: -0.01 log 3
    array([[ 0.   ,  0.989],
           [ 0.989, -0.011]])
    >>> cdist_soft_dtw(X, gamma=1.0, normalized=True).round(3)
    array([[0.   , 0.705],
           [0.705, 0.   ]])
    """
    gamma = check_positive(gamma, "gamma")
    check_constraint(radius, None)
    check_bool(normalized, "normalized")
    r = -1 if radius is None else int(radius)
    symmetric = Y is None
    X, x_len, Y, y_len = check_datasets(X, Y)

    def values(X, x_len, Y, y_len, pa, pb):
        kernel = _k.pairs_soft_dtw
        return longest_first(kernel, X, x_len, Y, y_len, pa, pb, gamma, r)

    with numba_threads(n_jobs):
        return pair_matrix(values, X, x_len, Y, y_len, symmetric, normalized)
