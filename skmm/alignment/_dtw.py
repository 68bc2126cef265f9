"""Dynamic time warping: distances, paths, pairwise matrices, lower bounds."""

import numbers
from contextlib import contextmanager

import numpy as np
from joblib import Parallel, delayed

from .._kernels import _dtw as _k
from ._validation import band_rows, check_constraint, check_dataset, check_series

__all__ = ["dtw", "dtw_path", "cdist_dtw", "lb_keogh"]

# pairs handed to one parallel task (a multiple of the interleaved lanes)
_PAIRS_PER_TASK = 4 * _k.LANES


def _finish(cost, squared):
    return cost if squared else np.sqrt(cost)


def _check_squared(squared):
    if not isinstance(squared, (bool, np.bool_)):
        raise TypeError(f"squared must be a bool; got {squared!r}.")


def _n_threads(n_jobs):
    """Numba threads for ``n_jobs`` (sklearn's convention: None is 1, -1 all)."""
    import numba

    available = numba.config.NUMBA_NUM_THREADS
    if n_jobs is None:
        return 1
    if not isinstance(n_jobs, numbers.Integral) or isinstance(n_jobs, bool):
        raise TypeError(f"n_jobs must be an integer or None; got {n_jobs!r}.")
    if n_jobs == 0:
        raise ValueError("n_jobs == 0 has no meaning; use None, -1 or a positive int.")
    if n_jobs < 0:
        return max(1, available + 1 + n_jobs)
    return min(n_jobs, available)


@contextmanager
def numba_threads(n_jobs):
    """Run numba's parallel kernels on ``n_jobs`` threads inside the block."""
    import numba

    before = numba.get_num_threads()
    numba.set_num_threads(_n_threads(n_jobs))
    try:
        with numba.parallel_chunksize(1):
            yield
    finally:
        numba.set_num_threads(before)


def dtw(x, y, *, radius=None, max_slope=None, squared=False):
    """Dynamic time warping distance between two series.

    The local cost of matching frame ``x[i]`` with ``y[j]`` is their squared
    Euclidean distance (all channels together: dependent DTW); the distance is
    the square root of the smallest accumulated cost over warping paths, as in
    tslearn and dtaidistance.

    Parameters
    ----------
    x : array-like of shape (length_x,) or (length_x, n_channels)
        First series. Trailing all-NaN frames are padding.
    y : array-like of shape (length_y,) or (length_y, n_channels)
        Second series, with as many channels as ``x``.
    radius : int, default=None
        Sakoe-Chiba band: only cells with ``|i - j| <= radius`` are used. For
        unequal lengths the band is widened along the longer series by the
        length difference (tslearn's convention; dtaidistance's ``window`` is
        ``radius + 1``), so a path always exists. None: no band.
    max_slope : float, default=None
        Itakura parallelogram of this maximal slope (tslearn's mask). Exclusive
        with ``radius``.
    squared : bool, default=False
        Return the accumulated squared cost itself (aeon's convention) instead
        of its square root.

    Returns
    -------
    distance : float

    See Also
    --------
    dtw_path : The optimal path as well.
    cdist_dtw : All pairwise distances between two sets of series, in parallel.

    References
    ----------
    .. [1] H. Sakoe, S. Chiba. Dynamic programming algorithm optimization for
       spoken word recognition. IEEE Trans. ASSP 26(1), 1978.

    Examples
    --------
    >>> from skmm.alignment import dtw
    >>> float(dtw([0.0, 1.0, 2.0], [0.0, 0.0, 1.0, 2.0]))
    0.0
    >>> float(dtw([0.0, 1.0, 2.0], [1.0, 2.0, 3.0], squared=True))
    2.0
    """
    check_constraint(radius, max_slope)
    _check_squared(squared)
    from ._gpu import dtw_gpu, on_gpu

    if on_gpu(x, y):  # CuPy inputs: a 0-d CuPy array, computed on the device
        return dtw_gpu(x, y, radius=radius, max_slope=max_slope, squared=squared)
    x = check_series(x, "x")
    y = check_series(y, "y")
    if x.shape[1] != y.shape[1]:
        raise ValueError(
            f"x and y have different numbers of channels: {x.shape[1]} and "
            f"{y.shape[1]}."
        )
    lo, hi = band_rows(x.shape[0], y.shape[0], radius, max_slope)
    return float(_finish(_k.pair_dtw(x, y, lo, hi, np.inf), squared))


def dtw_path(x, y, *, radius=None, max_slope=None, squared=False):
    """Optimal DTW warping path and distance between two series.

    Parameters
    ----------
    x : array-like of shape (length_x,) or (length_x, n_channels)
        First series.
    y : array-like of shape (length_y,) or (length_y, n_channels)
        Second series.
    radius : int, default=None
        Sakoe-Chiba radius (see :func:`dtw`).
    max_slope : float, default=None
        Itakura slope (see :func:`dtw`).
    squared : bool, default=False
        Return the accumulated squared cost instead of its square root.

    Returns
    -------
    path : ndarray of int of shape (path_length, 2)
        Matched index pairs ``(i, j)`` from ``(0, 0)`` to ``(length_x - 1,
        length_y - 1)``. Ties prefer the diagonal step, then the step in ``x``,
        as tslearn does, so paths are identical to tslearn's.
    distance : float

    See Also
    --------
    dtw : The distance alone, in O(length) memory.

    References
    ----------
    .. [1] H. Sakoe, S. Chiba. Dynamic programming algorithm optimization for
       spoken word recognition. IEEE Trans. ASSP 26(1), 1978.

    Examples
    --------
    >>> from skmm.alignment import dtw_path
    >>> path, dist = dtw_path([0.0, 1.0, 2.0], [0.0, 0.0, 1.0, 2.0])
    >>> path.tolist(), float(dist)
    ([[0, 0], [0, 1], [1, 2], [2, 3]], 0.0)
    """
    check_constraint(radius, max_slope)
    _check_squared(squared)
    x = check_series(x, "x")
    y = check_series(y, "y")
    if x.shape[1] != y.shape[1]:
        raise ValueError(
            f"x and y have different numbers of channels: {x.shape[1]} and "
            f"{y.shape[1]}."
        )
    lo, hi = band_rows(x.shape[0], y.shape[0], radius, max_slope)
    acc = _k.cost_matrix(x, y, lo, hi)
    return _k.backtrack(acc), float(_finish(acc[-1, -1], squared))


def _plan(x_len, y_len, pa, pb, radius, max_slope):
    """Sort pairs by shape and cut them into homogeneous blocks.

    Returns the reordered pairs, the ``(n_blocks, 3)`` block table and the
    precomputed band rows (Itakura only).
    """
    la = x_len[pa]
    lb = y_len[pb]
    if la.size and (la.min() != la.max() or lb.min() != lb.max()):
        order = np.lexsort((lb, la))
        pa, pb, la, lb = pa[order], pb[order], la[order], lb[order]
    else:
        order = None
    n_pairs = pa.size
    change = np.flatnonzero((np.diff(la) != 0) | (np.diff(lb) != 0)) + 1
    bounds = np.concatenate([[0], change, [n_pairs]]).astype(np.int64)
    starts, counts, offsets = [], [], []
    band_lo, band_hi, offset = [], [], 0
    for s, e in zip(bounds[:-1], bounds[1:]):
        if e <= s:
            continue
        off = -1
        if max_slope is not None:
            lo, hi = band_rows(int(la[s]), int(lb[s]), None, max_slope)
            band_lo.append(lo)
            band_hi.append(hi)
            off = offset
            offset += lo.size
        for c in range(s, e, _PAIRS_PER_TASK):
            starts.append(c)
            counts.append(min(_PAIRS_PER_TASK, e - c))
            offsets.append(off)
    blocks = np.array([starts, counts, offsets], dtype=np.int64).T.copy()
    if max_slope is not None:
        band_lo = np.concatenate(band_lo)
        band_hi = np.concatenate(band_hi)
    else:
        band_lo = band_hi = np.zeros(0, dtype=np.int64)
    # longest blocks first, so that dynamic scheduling ends evenly
    if n_pairs:
        first = blocks[:, 0]
        cost = blocks[:, 1] * la[first] * lb[first]
        blocks = blocks[np.argsort(-cost, kind="stable")]
    return pa, pb, order, blocks, band_lo, band_hi


def _pairs_cost(X, x_len, Y, y_len, pa, pb, radius, max_slope):
    """Accumulated costs of the pairs ``(X[pa], Y[pb])`` in the given order."""
    pa_s, pb_s, order, blocks, band_lo, band_hi = _plan(
        x_len, y_len, pa, pb, radius, max_slope
    )
    out = np.empty(pa.size)
    r = -1 if radius is None else int(radius)
    _k.pairs_dtw(
        X, x_len, Y, y_len, pa_s, pb_s, blocks, r, band_lo, band_hi, np.inf, out
    )
    if order is not None:
        unsorted = np.empty_like(out)
        unsorted[order] = out
        out = unsorted
    return out


def _cdist_block(X, x_len, Y, y_len, i0, i1, radius, max_slope, symmetric):
    """Rows ``i0:i1`` of the accumulated-cost matrix (upper part if symmetric)."""
    rows = np.arange(i0, i1, dtype=np.int64)
    cols = np.arange(Y.shape[0], dtype=np.int64)
    pa = np.repeat(rows, cols.size)
    pb = np.tile(cols, rows.size)
    if symmetric:
        keep = pb > pa
        pa, pb = pa[keep], pb[keep]
    out = np.zeros((i1 - i0, Y.shape[0]))
    if pa.size:
        out[pa - i0, pb] = _pairs_cost(X, x_len, Y, y_len, pa, pb, radius, max_slope)
    return out


def cdist_dtw(
    X,
    Y=None,
    *,
    radius=None,
    max_slope=None,
    squared=False,
    n_jobs=None,
    block_size=None,
):
    """DTW distances between every series of ``X`` and every series of ``Y``.

    The numba kernel computes 16 pairs of equal lengths in lock-step on each
    thread (hiding the min-add dependency chain of the recurrence and using
    SIMD), over a balanced flat list of pairs, in O(length) memory per pair.

    Parameters
    ----------
    X : array-like of shape (n_series_X, length, n_channels) or list of series
        tslearn's layout with trailing NaN padding for shorter series; a 2-D
        array holds univariate series; a list holds 1-D/2-D series of any
        lengths.
    Y : array-like or list of series, default=None
        Second set. None: ``X`` against itself, computing each pair once.
    radius : int, default=None
        Sakoe-Chiba radius (see :func:`dtw`).
    max_slope : float, default=None
        Itakura slope (see :func:`dtw`).
    squared : bool, default=False
        Return accumulated squared costs instead of their square roots.
    n_jobs : int, default=None
        Threads of the numba kernel (None: 1, -1: all). With ``block_size``
        it is joblib's ``n_jobs`` instead.
    block_size : int, default=None
        When given, rows of ``X`` are cut into blocks of this many series and
        each block is one joblib task, so the computation follows the active
        joblib backend (for example Dask's, across a cluster). None: a single
        call of the threaded kernel.

    Returns
    -------
    distances : ndarray of shape (n_series_X, n_series_Y)

    See Also
    --------
    dtw : One pair.
    PairwiseDTW : The same as a scikit-learn transformer, for precomputed
        metrics and kernels.

    References
    ----------
    .. [1] H. Sakoe, S. Chiba. Dynamic programming algorithm optimization for
       spoken word recognition. IEEE Trans. ASSP 26(1), 1978.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.alignment import cdist_dtw
    >>> X = np.array([[0.0, 1.0, 2.0], [0.0, 0.0, 2.0], [1.0, 2.0, 3.0]])
    >>> cdist_dtw(X, squared=True)
    array([[0., 1., 2.],
           [1., 0., 3.],
           [2., 3., 0.]])
    """
    check_constraint(radius, max_slope)
    _check_squared(squared)
    from ._gpu import cdist_dtw_gpu, on_gpu

    if on_gpu(X, Y):  # CuPy inputs: the CUDA kernel, result left on the device
        return cdist_dtw_gpu(X, Y, radius=radius, max_slope=max_slope, squared=squared)
    X, x_len = check_dataset(X, "X")
    symmetric = Y is None
    if symmetric:
        Y, y_len = X, x_len
    else:
        Y, y_len = check_dataset(Y, "Y")
        if X.shape[2] != Y.shape[2]:
            raise ValueError(
                f"X and Y have different numbers of channels: {X.shape[2]} and "
                f"{Y.shape[2]}."
            )
    if block_size is not None:
        if not isinstance(block_size, numbers.Integral) or block_size < 1:
            raise ValueError(f"block_size must be a positive int; got {block_size!r}.")
        edges = list(range(0, X.shape[0], int(block_size))) + [X.shape[0]]
        parts = Parallel(n_jobs=n_jobs)(
            delayed(_cdist_block)(
                X, x_len, Y, y_len, i0, i1, radius, max_slope, symmetric
            )
            for i0, i1 in zip(edges[:-1], edges[1:])
        )
        out = np.vstack(parts)
    else:
        with numba_threads(n_jobs):
            out = _cdist_block(
                X, x_len, Y, y_len, 0, X.shape[0], radius, max_slope, symmetric
            )
    if symmetric:
        out = out + out.T
    return _finish(out, squared)


def lb_keogh(x, y, *, radius=None, squared=False):
    """LB_Keogh lower bound of the DTW distance between two series.

    Sums, over the frames of ``x``, how far each value falls outside the
    envelope (running min and max over ``[t - radius, t + radius]``) of ``y``.
    For series of equal length it never exceeds ``dtw(x, y, radius=radius)``
    (and, with ``radius=None``, the unconstrained DTW distance).

    Parameters
    ----------
    x : array-like of shape (length,) or (length, n_channels)
        Query series.
    y : array-like of shape (length,) or (length, n_channels)
        Candidate series (whose envelope is taken), of the same length.
    radius : int, default=None
        Envelope half-width, the Sakoe-Chiba radius of the DTW it bounds.
        None: the whole series (bounds unconstrained DTW).
    squared : bool, default=False
        Return the bound of the accumulated squared cost.

    Returns
    -------
    bound : float

    See Also
    --------
    KNeighborsDTWClassifier : Exact nearest neighbours pruned by this bound.

    References
    ----------
    .. [1] E. Keogh, C. A. Ratanamahatana. Exact indexing of dynamic time
       warping. Knowledge and Information Systems 7(3), 2005.

    Examples
    --------
    >>> from skmm.alignment import lb_keogh
    >>> float(lb_keogh([0.0, 3.0, 0.0], [0.0, 1.0, 0.0], radius=1))
    2.0
    """
    check_constraint(radius, None)
    _check_squared(squared)
    x = check_series(x, "x")
    y = check_series(y, "y")
    if x.shape != y.shape:
        raise ValueError(
            f"lb_keogh needs series of equal shapes; got {x.shape} and {y.shape}."
        )
    r = x.shape[0] if radius is None else int(radius)
    lower, upper = _k.envelope(y[None], np.array([y.shape[0]], dtype=np.int64), r)
    lb = _k.lb_keogh_matrix(
        x[None], np.array([x.shape[0]], dtype=np.int64), lower, upper
    )[0, 0]
    return float(_finish(lb, squared))
