"""Barycenters of sets of series under DTW (DBA) and under soft-DTW."""

import numbers

import numpy as np
from scipy.optimize import minimize

from .._kernels import _dtw as _kd
from .._kernels import _soft_dtw as _ks
from ._docstrings import series_docs
from ._dtw import cdist_dtw, numba_threads
from ._validation import (
    band_rows,
    check_constraint,
    check_dataset,
    check_positive,
    check_series,
)

__all__ = ["dtw_barycenter", "soft_dtw_barycenter"]


def _check_weights(weights, n_series):
    if weights is None:
        return np.ones(n_series)
    w = np.asarray(weights, dtype=np.float64)
    if w.shape != (n_series,):
        raise ValueError(
            f"weights must have shape ({n_series},), one per series; got {w.shape}."
        )
    if not np.all(np.isfinite(w)) or np.any(w < 0) or w.sum() <= 0:
        raise ValueError("weights must be finite, non-negative, with positive sum.")
    return w


def _check_iter(max_iter, tol):
    if (
        not isinstance(max_iter, numbers.Integral)
        or isinstance(max_iter, bool)
        or max_iter < 0
    ):
        raise ValueError(f"max_iter must be an int >= 0; got {max_iter!r}.")
    if not isinstance(tol, numbers.Real) or tol < 0:
        raise ValueError(f"tol must be a number >= 0; got {tol!r}.")


def _mean_init(X, lengths, size):
    """Euclidean mean of the series, each resampled to ``size`` frames."""
    out = np.zeros((size, X.shape[2]))
    grid = np.linspace(0.0, 1.0, size)
    for s in range(X.shape[0]):
        n = lengths[s]
        if n == size:
            out += X[s, :n]
            continue
        src = np.linspace(0.0, 1.0, n)
        for ch in range(X.shape[2]):
            out[:, ch] += np.interp(grid, src, X[s, :n, ch])
    return out / X.shape[0]


def _init_barycenter(init, X, lengths, n_channels, radius, weights, max_slope=None):
    if isinstance(init, str):
        if init == "mean":
            return _mean_init(X, lengths, int(lengths.max()))
        if init == "medoid":
            # medoid of (at most 100, evenly spread) series under squared DTW
            idx = np.unique(np.linspace(0, X.shape[0] - 1, 100).astype(int))
            sub = [X[i, : lengths[i]] for i in idx]
            D = cdist_dtw(sub, radius=radius, max_slope=max_slope, squared=True)
            best = idx[np.argmin(D @ weights[idx])]
            return X[best, : lengths[best]].copy()
        raise ValueError(f"init must be 'medoid', 'mean' or an array; got {init!r}.")
    Z = check_series(init, "init")
    if Z.shape[1] != n_channels:
        raise ValueError(
            f"init has {Z.shape[1]} channels; the series have {n_channels}."
        )
    return Z.copy()


@series_docs
def dtw_barycenter(
    X,
    *,
    init="medoid",
    weights=None,
    radius=None,
    max_slope=None,
    max_iter=30,
    tol=1e-5,
    return_cost=False,
    n_jobs=None,
):
    """DTW barycenter averaging (DBA) of a set of series.

    Alternates two steps from an initial series ``Z``: align every series to
    ``Z`` with DTW, then replace each frame of ``Z`` by the (weighted) mean of
    the frames matched to it. Each iteration never increases the weighted sum
    of squared DTW costs; it stops when the relative decrease falls below
    ``tol``. The series are aligned in parallel (numba threads).

    Parameters
    ----------
    X : array-like of shape (n_series, length, n_channels) or list of series
        Series, tslearn's layout with trailing NaN padding, or a list.
    init : {"medoid", "mean"} or array-like of shape (length_z, n_channels), \
            default="medoid"
        Starting barycenter: the medoid under DTW (of at most 100 evenly
        spread series), the Euclidean mean of the series each linearly
        resampled to the longest length, or a given series whose length is
        the barycenter's. For series of equal length ``"mean"`` is tslearn's
        default start (``init_barycenter=None``); for unequal lengths tslearn
        instead averages the NaN-padded array frame by frame (the mean of
        frame ``t`` over the series that are at least ``t + 1`` long), so its
        start differs.
    weights : array-like of shape (n_series,), default=None
        Non-negative weight of each series. None: equal weights.
    radius : int, default=None
        Sakoe-Chiba radius of the alignments.
    max_slope : float, default=None
        Itakura parallelogram of the alignments (see :func:`dtw`); exclusive
        with ``radius``.
    max_iter : int, default=30
        Maximum number of iterations; 0 returns the starting barycenter.
    tol : float, default=1e-5
        Stop when the cost decreases by less than this fraction.
    return_cost : bool, default=False
        Also return the weighted mean squared DTW cost of the barycenter.
    {n_jobs}

    Returns
    -------
    barycenter : ndarray of shape (length_z, n_channels)
    cost : float
        Only with ``return_cost=True``.

    See Also
    --------
    soft_dtw_barycenter : A smooth alternative.
    DTWAligner : Warps series onto such a barycenter.

    References
    ----------
    .. [1] F. Petitjean, A. Ketterlin, P. Gancarski. A global averaging method
       for dynamic time warping, with applications to clustering. Pattern
       Recognition 44(3), 2011.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.alignment import dtw_barycenter
    >>> X = [np.array([0.0, 1.0, 2.0, 1.0]), np.array([0.0, 0.0, 1.0, 2.0, 1.0])]
    >>> dtw_barycenter(X).ravel().tolist()
    [0.0, 1.0, 2.0, 1.0]
    """
    Z, cost, _ = _dba(
        X, init, weights, radius, max_iter, tol, n_jobs, max_slope=max_slope
    )
    if return_cost:
        return Z, cost
    return Z


def _itakura_bands(lz, lengths, max_slope):
    """Concatenated Itakura rows of every series against a barycenter."""
    rows = {n: band_rows(lz, int(n), None, max_slope) for n in np.unique(lengths)}
    lo = np.concatenate([rows[n][0] for n in lengths])
    hi = np.concatenate([rows[n][1] for n in lengths])
    return lo, hi, np.arange(lengths.size, dtype=np.int64) * lz


def _dba(X, init, weights, radius, max_iter, tol, n_jobs, max_slope=None):
    """DBA; returns the barycenter, its cost and the number of iterations."""
    check_constraint(radius, max_slope)
    _check_iter(max_iter, tol)
    X, lengths = check_dataset(X, "X")
    w = _check_weights(weights, X.shape[0])
    Z = _init_barycenter(init, X, lengths, X.shape[2], radius, w, max_slope)
    r = -1 if radius is None else int(radius)
    if max_slope is None:
        empty = np.zeros(0, dtype=np.int64)
        bands = empty, empty, np.full(lengths.size, -1, dtype=np.int64)
    else:
        bands = _itakura_bands(Z.shape[0], lengths, max_slope)

    def step(Z):
        return _kd.dba_step(X, lengths, Z, r, *bands, w)

    best_Z, best_cost = Z, np.inf
    n_iter = 0
    with numba_threads(n_jobs):
        for _ in range(max_iter):
            sums, counts, cost = step(Z)
            cost /= w.sum()
            if cost >= best_cost:
                break
            improvement = (best_cost - cost) / max(cost, 1e-300)
            best_Z, best_cost = Z, cost
            Z = sums / np.maximum(counts, 1e-300)[:, None]
            n_iter += 1
            if improvement < tol:
                break
        else:
            _, _, cost = step(Z)
            cost /= w.sum()
            if cost < best_cost:
                best_Z, best_cost = Z, cost
    return best_Z, float(best_cost), n_iter


@series_docs
def soft_dtw_barycenter(
    X,
    gamma=1.0,
    *,
    init="mean",
    weights=None,
    radius=None,
    max_iter=50,
    tol=1e-3,
    n_jobs=None,
):
    """Barycenter of a set of series under soft-DTW.

    Minimises ``sum_k w_k soft_dtw(Z, X_k, gamma)`` over ``Z`` with L-BFGS,
    using the analytic gradient of :func:`soft_dtw` (as tslearn does). Each
    evaluation runs the series in parallel (numba threads) through the
    anti-diagonal soft-DTW kernel of :func:`soft_dtw`.

    Parameters
    ----------
    X : array-like of shape (n_series, length, n_channels) or list of series
        Series, tslearn's layout with trailing NaN padding, or a list.
    gamma : float, default=1.0
        Soft-DTW smoothing, > 0.
    init : {"mean", "medoid"} or array-like of shape (length_z, n_channels), \
            default="mean"
        Starting point; see :func:`dtw_barycenter`.
    weights : array-like of shape (n_series,), default=None
        Non-negative weight of each series.
    radius : int, default=None
        Sakoe-Chiba radius of the soft alignments (see :func:`soft_dtw`).
    max_iter : int, default=50
        Maximum number of L-BFGS iterations; 0 returns the starting point.
    tol : float, default=1e-3
        Tolerance handed to :func:`scipy.optimize.minimize`.
    {n_jobs}

    Returns
    -------
    barycenter : ndarray of shape (length_z, n_channels)

    See Also
    --------
    dtw_barycenter : DBA, under the hard minimum.

    References
    ----------
    .. [1] M. Cuturi, M. Blondel. Soft-DTW: a differentiable loss function for
       time-series. ICML 2017.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.alignment import soft_dtw_barycenter
    >>> X = np.array([[0.0, 1.0, 2.0], [0.0, 1.0, 2.0]])
    >>> soft_dtw_barycenter(X, gamma=0.01).round(2).ravel().tolist()
    [0.0, 1.0, 2.0]
    """
    gamma = check_positive(gamma, "gamma")
    check_constraint(radius, None)
    _check_iter(max_iter, tol)
    X, lengths = check_dataset(X, "X")
    w = _check_weights(weights, X.shape[0])
    Z0 = _init_barycenter(init, X, lengths, X.shape[2], radius, w)
    if max_iter == 0:
        return Z0
    r = -1 if radius is None else int(radius)
    shape = Z0.shape

    def objective(z):
        value, grad = _ks.barycenter_objective(
            z.reshape(shape), X, lengths, w, gamma, r
        )
        return value, grad.ravel()

    with numba_threads(n_jobs):
        res = minimize(
            objective,
            Z0.ravel(),
            method="L-BFGS-B",
            jac=True,
            tol=tol,
            options={"maxiter": max_iter},
        )
    return res.x.reshape(shape)
