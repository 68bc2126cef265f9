"""Dynamic time warping: distances, paths, pairwise matrices, lower bounds."""

import numbers
from contextlib import contextmanager

import numpy as np
from joblib import Parallel, delayed

from .._kernels import _dtw as _k
from ._docstrings import series_docs
from ._validation import (
    band_rows,
    check_bool,
    check_constraint,
    check_datasets,
    check_pair,
    check_series,
)

__all__ = ["dtw", "dtw_path", "cdist_dtw", "lb_keogh", "subsequence_search"]

# pairs handed to one parallel task (a multiple of the interleaved lanes)
_PAIRS_PER_TASK = 4 * _k.LANES


def _finish(cost, squared):
    return cost if squared else np.sqrt(cost)


# local costs between frames: name -> kernel code
_LOCAL_COSTS = {
    "sqeuclidean": _k.SQEUCLIDEAN,
    "euclidean": _k.EUCLIDEAN,
    "manhattan": _k.MANHATTAN,
    "cosine": _k.COSINE,
}


def _check_metric(metric, squared, precomputed_ok=True):
    """The kernel code of ``metric`` (``None`` for "precomputed")."""
    allowed = sorted(_LOCAL_COSTS) + (["precomputed"] if precomputed_ok else [])
    if not isinstance(metric, str) or metric not in allowed:
        raise ValueError(f"metric must be one of {allowed}; got {metric!r}.")
    if squared and metric != "sqeuclidean":
        raise ValueError(
            f"squared=True applies to metric='sqeuclidean' only; with "
            f"metric={metric!r} the accumulated cost itself is returned."
        )
    return None if metric == "precomputed" else _LOCAL_COSTS[metric]


def _normalise_frames(x):
    """Frames scaled to unit norm (zero frames stay zero), for the cosine cost."""
    norms = np.sqrt(np.einsum("...i,...i->...", x, x))
    norms[norms == 0] = 1.0
    out = x / norms[..., None]
    out[np.isnan(out)] = np.nan  # padding stays padding
    return out


def _check_cost_matrix(C, name="x"):
    """A precomputed local-cost matrix: 2-D, finite, non-negative."""
    try:
        C = np.asarray(C, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"The cost matrix {name} must be numeric; {exc}") from None
    if C.ndim != 2 or C.shape[0] == 0 or C.shape[1] == 0:
        raise ValueError(
            f"With metric='precomputed', {name} is the (length_x, length_y) matrix "
            f"of local costs between the frames of two series; got shape {C.shape}."
        )
    if not np.isfinite(C).all():
        raise ValueError(f"The cost matrix {name} contains NaN or infinity.")
    if (C < 0).any():
        raise ValueError(
            f"The cost matrix {name} has negative entries; DTW needs costs >= 0 "
            "(for a similarity s, pass for example 1 - s)."
        )
    return np.ascontiguousarray(C)


def _pair_series(x, y, kind):
    """Both series validated (and normalised for the cosine cost)."""
    x, y = check_pair(
        x,
        y,
        hint="; for modalities of different dimension pass a cost matrix between "
        "their frames with metric='precomputed'",
    )
    if kind == _k.COSINE:
        x, y = _normalise_frames(x), _normalise_frames(y)
    return x, y


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


def dtw(x, y=None, *, metric="sqeuclidean", radius=None, max_slope=None, squared=False):
    """Dynamic time warping distance between two series.

    By default the local cost of matching frame ``x[i]`` with ``y[j]`` is their
    squared Euclidean distance (all channels together: dependent DTW) and the
    distance is the square root of the smallest accumulated cost over warping
    paths, as in tslearn and dtaidistance. Other local costs (``metric``)
    return the smallest accumulated cost itself.

    Parameters
    ----------
    x : array-like of shape (length_x,) or (length_x, n_channels)
        First series. Trailing all-NaN frames are padding. With
        ``metric="precomputed"``: the ``(length_x, length_y)`` matrix of local
        costs between the frames of two series (and ``y`` is None).
    y : array-like of shape (length_y,) or (length_y, n_channels)
        Second series, with as many channels as ``x``.
    metric : {"sqeuclidean", "euclidean", "manhattan", "cosine", \
            "precomputed"}, default="sqeuclidean"
        Local cost between frames. ``"cosine"`` is ``1 - cos(x_i, y_j)``
        (a zero frame is at distance 1 from everything), insensitive to the
        scale of each frame.
    radius : int, default=None
        Sakoe-Chiba band: only cells with ``|i - j| <= radius`` are used. For
        unequal lengths the band is widened along the longer series by the
        length difference (tslearn's convention; dtaidistance's ``window`` is
        ``radius + 1``), so a path always exists. None: no band.
    max_slope : float, default=None
        Itakura parallelogram of this maximal slope (tslearn's mask). Exclusive
        with ``radius``.
    squared : bool, default=False
        With ``metric="sqeuclidean"``, return the accumulated squared cost
        itself (aeon's convention) instead of its square root.

    Returns
    -------
    distance : float

    See Also
    --------
    dtw_path : The optimal path as well.
    cdist_dtw : All pairwise distances between two sets of series, in parallel.
    elastic_distance : The other elastic measures.

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
    >>> float(dtw([[1.0, 0.0], [0.0, 1.0]], [[2.0, 0.0], [0.0, 3.0]], metric="cosine"))
    0.0
    """
    check_constraint(radius, max_slope)
    check_bool(squared, "squared")
    kind = _check_metric(metric, squared)
    from ._gpu import dtw_gpu, on_gpu

    if on_gpu(x, y):  # CuPy inputs: a 0-d CuPy array, computed on the device
        if kind != _k.SQEUCLIDEAN:
            raise ValueError(
                f"On the GPU dtw computes metric='sqeuclidean' only; got "
                f"{metric!r} (pass NumPy arrays for the other local costs)."
            )
        return dtw_gpu(x, y, radius=radius, max_slope=max_slope, squared=squared)
    if kind is None:
        if y is not None:
            raise ValueError("With metric='precomputed', pass the cost matrix as x.")
        C = _check_cost_matrix(x)
        lo, hi = band_rows(C.shape[0], C.shape[1], radius, max_slope)
        return float(_k.accumulate_cost(C, lo, hi, False)[-1, -1])
    if y is None:
        raise TypeError(
            "dtw needs two series x and y (or metric='precomputed' and a cost "
            "matrix as x)."
        )
    x, y = _pair_series(x, y, kind)
    lo, hi = band_rows(x.shape[0], y.shape[0], radius, max_slope)
    if kind == _k.SQEUCLIDEAN:
        return float(_finish(_k.pair_dtw(x, y, lo, hi, np.inf), squared))
    return float(_k.pair_dtw_local(x, y, lo, hi, kind))


def dtw_path(
    x,
    y=None,
    *,
    metric="sqeuclidean",
    radius=None,
    max_slope=None,
    squared=False,
    open_begin=False,
    open_end=False,
    return_cost_matrix=False,
):
    """Optimal DTW warping path and distance between two series.

    Parameters
    ----------
    x : array-like of shape (length_x,) or (length_x, n_channels)
        First series (the query, with open ends). With
        ``metric="precomputed"``: the ``(length_x, length_y)`` matrix of local
        costs between the frames of two series, which may come from
        modalities of different dimension (and ``y`` is None).
    y : array-like of shape (length_y,) or (length_y, n_channels)
        Second series.
    metric : {"sqeuclidean", "euclidean", "manhattan", "cosine", \
            "precomputed"}, default="sqeuclidean"
        Local cost between frames (see :func:`dtw`).
    radius : int, default=None
        Sakoe-Chiba radius (see :func:`dtw`).
    max_slope : float, default=None
        Itakura slope (see :func:`dtw`).
    squared : bool, default=False
        With ``metric="sqeuclidean"``, return the accumulated squared cost
        instead of its square root.
    open_begin : bool, default=False
        The path may start at any frame of ``y``: ``(0, j)`` instead of
        ``(0, 0)`` (subsequence alignment of ``x`` inside ``y``). Not with a
        band.
    open_end : bool, default=False
        The path may end at any frame of ``y``: the cheapest ``(length_x - 1,
        j)``. Not with a band.
    return_cost_matrix : bool, default=False
        Also return the accumulated cost matrix.

    Returns
    -------
    path : ndarray of int of shape (path_length, 2)
        Matched index pairs ``(i, j)`` from ``(0, 0)`` (or ``(0, start)``) to
        ``(length_x - 1, length_y - 1)`` (or ``(length_x - 1, end)``). Ties
        prefer the diagonal step, then the step in ``x``, as tslearn does, so
        paths are identical to tslearn's.
    distance : float
    cost_matrix : ndarray of shape (length_x, length_y)
        Accumulated cost of the best path to each cell (squared costs for
        ``"sqeuclidean"``, ``inf`` outside the band); only when
        ``return_cost_matrix=True``.

    See Also
    --------
    dtw : The distance alone, in O(length) memory.
    subsequence_search : The best non-overlapping matches of a query.

    References
    ----------
    .. [1] H. Sakoe, S. Chiba. Dynamic programming algorithm optimization for
       spoken word recognition. IEEE Trans. ASSP 26(1), 1978.
    .. [2] M. Mueller. Information Retrieval for Music and Motion, chapter 4
       (subsequence DTW). Springer, 2007.

    Examples
    --------
    >>> from skmm.alignment import dtw_path
    >>> path, dist = dtw_path([0.0, 1.0, 2.0], [0.0, 0.0, 1.0, 2.0])
    >>> path.tolist(), float(dist)
    ([[0, 0], [0, 1], [1, 2], [2, 3]], 0.0)
    >>> path, dist = dtw_path([1.0, 2.0], [5.0, 1.0, 2.0, 7.0], open_begin=True,
    ...                       open_end=True)
    >>> path.tolist(), float(dist)
    ([[0, 1], [1, 2]], 0.0)
    """
    check_constraint(radius, max_slope)
    check_bool(squared, "squared")
    for flag, name in (
        (open_begin, "open_begin"),
        (open_end, "open_end"),
        (return_cost_matrix, "return_cost_matrix"),
    ):
        check_bool(flag, name)
    kind = _check_metric(metric, squared)
    if (open_begin or open_end) and (radius is not None or max_slope is not None):
        raise ValueError(
            "open_begin / open_end align x with any part of y, which a band "
            "around the diagonal would forbid; drop radius / max_slope."
        )
    if kind is None:
        if y is not None:
            raise ValueError("With metric='precomputed', pass the cost matrix as x.")
        C = _check_cost_matrix(x)
        n, m = C.shape
    else:
        if y is None:
            raise TypeError(
                "dtw_path needs two series x and y (or metric='precomputed' and a "
                "cost matrix as x)."
            )
        x, y = _pair_series(x, y, kind)
        n, m = x.shape[0], y.shape[0]
    lo, hi = band_rows(n, m, radius, max_slope)
    if kind == _k.SQEUCLIDEAN and not (open_begin or open_end):
        acc = _k.cost_matrix(x, y, lo, hi)
    else:
        if kind is not None:
            C = _k.local_cost_matrix(x, y, kind)
        acc = _k.accumulate_cost(C, lo, hi, bool(open_begin))
    end = int(np.argmin(acc[-1])) if open_end else m - 1
    path = _k.backtrack_from(acc, end, bool(open_begin))
    cost = acc[-1, end]
    dist = float(_finish(cost, squared) if kind == _k.SQEUCLIDEAN else cost)
    if return_cost_matrix:
        return path, dist, acc
    return path, dist


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


def _pairs_cost(X, x_len, Y, y_len, pa, pb, radius, max_slope, kind=0):
    """Accumulated costs of the pairs ``(X[pa], Y[pb])`` in the given order."""
    pa_s, pb_s, order, blocks, band_lo, band_hi = _plan(
        x_len, y_len, pa, pb, radius, max_slope
    )
    out = np.empty(pa.size)
    r = -1 if radius is None else int(radius)
    if kind == _k.SQEUCLIDEAN:
        _k.pairs_dtw(
            X, x_len, Y, y_len, pa_s, pb_s, blocks, r, band_lo, band_hi, np.inf, out
        )
    else:
        _k.pairs_dtw_local(
            X, x_len, Y, y_len, pa_s, pb_s, blocks, r, band_lo, band_hi, kind, out
        )
    if order is not None:
        unsorted = np.empty_like(out)
        unsorted[order] = out
        out = unsorted
    return out


def longest_first(kernel, X, x_len, Y, y_len, pa, pb, *args):
    """``kernel(X, x_len, Y, y_len, pa, pb, *args, out)`` with the longest pairs first.

    The values come back in the order of ``pa`` and ``pb``; running the
    longest pairs first lets the threads end together.
    """
    out = np.empty(pa.size)
    if pa.size:
        order = np.argsort(-(x_len[pa] * y_len[pb]), kind="stable")
        part = np.empty(pa.size)
        kernel(X, x_len, Y, y_len, pa[order], pb[order], *args, part)
        out[order] = part
    return out


def pair_matrix(values_of, X, x_len, Y, y_len, symmetric, normalized=False):
    """The matrix of a function of every pair of series of ``X`` and ``Y``.

    ``values_of(X, x_len, Y, y_len, pa, pb)`` returns the values of the pairs
    ``(X[pa[p]], Y[pb[p]])``. ``symmetric`` (``Y`` is ``X``): each pair is
    computed once, the upper triangle mirrored. ``normalized``: each entry
    less the mean of its two series' values with themselves, exactly 0 on
    the diagonal of a symmetric matrix (the soft-DTW divergence, the
    logarithm of the normalised alignment kernel).
    """
    n_x, n_y = X.shape[0], Y.shape[0]
    if symmetric:
        pa, pb = np.triu_indices(n_x)
        pa, pb = pa.astype(np.int64), pb.astype(np.int64)
        upper = values_of(X, x_len, X, x_len, pa, pb)
        out = np.empty((n_x, n_x))
        out[pa, pb] = upper
        out[pb, pa] = upper
        self_x = self_y = np.diag(out).copy()
    else:
        pa, pb = np.indices((n_x, n_y)).reshape(2, -1)
        pa, pb = pa.astype(np.int64), pb.astype(np.int64)
        out = values_of(X, x_len, Y, y_len, pa, pb).reshape(n_x, n_y)
        if normalized:
            ix = np.arange(n_x, dtype=np.int64)
            iy = np.arange(n_y, dtype=np.int64)
            self_x = values_of(X, x_len, X, x_len, ix, ix)
            self_y = values_of(Y, y_len, Y, y_len, iy, iy)
    if normalized:
        out = out - 0.5 * (self_x[:, None] + self_y[None, :])
        if symmetric:
            np.fill_diagonal(out, 0.0)
    return out


def _cdist_block(X, x_len, Y, y_len, i0, i1, radius, max_slope, symmetric, kind):
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
        out[pa - i0, pb] = _pairs_cost(
            X, x_len, Y, y_len, pa, pb, radius, max_slope, kind
        )
    return out


@series_docs
def cdist_dtw(
    X,
    Y=None,
    *,
    metric="sqeuclidean",
    radius=None,
    max_slope=None,
    squared=False,
    n_jobs=None,
    block_size=None,
):
    """DTW distances between every series of ``X`` and every series of ``Y``.

    For the squared Euclidean cost the numba kernel computes 16 pairs of equal
    lengths in lock-step on each thread (hiding the min-add dependency chain of
    the recurrence and using SIMD), over a balanced flat list of pairs, in
    O(length) memory per pair; other local costs go one pair at a time.

    Parameters
    ----------
    {X_Y}
    metric : {"sqeuclidean", "euclidean", "manhattan", "cosine"}, \
            default="sqeuclidean"
        Local cost between frames (see :func:`dtw`); other than
        ``"sqeuclidean"``, the accumulated costs are returned.
    radius : int, default=None
        Sakoe-Chiba radius (see :func:`dtw`).
    max_slope : float, default=None
        Itakura slope (see :func:`dtw`).
    squared : bool, default=False
        With ``metric="sqeuclidean"``, return accumulated squared costs
        instead of their square roots.
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
    check_bool(squared, "squared")
    kind = _check_metric(metric, squared, precomputed_ok=False)
    from ._gpu import cdist_dtw_gpu, on_gpu

    if on_gpu(X, Y):  # CuPy inputs: the CUDA kernel, result left on the device
        if kind != _k.SQEUCLIDEAN:
            raise ValueError(
                f"On the GPU cdist_dtw computes metric='sqeuclidean' only; got "
                f"{metric!r} (pass NumPy arrays for the other local costs)."
            )
        return cdist_dtw_gpu(X, Y, radius=radius, max_slope=max_slope, squared=squared)
    symmetric = Y is None
    X, x_len, Y, y_len = check_datasets(X, Y)
    if kind == _k.COSINE:
        X = _normalise_frames(X)
        Y = X if symmetric else _normalise_frames(Y)
    if block_size is not None:
        if not isinstance(block_size, numbers.Integral) or block_size < 1:
            raise ValueError(f"block_size must be a positive int; got {block_size!r}.")
        edges = list(range(0, X.shape[0], int(block_size))) + [X.shape[0]]
        parts = Parallel(n_jobs=n_jobs)(
            delayed(_cdist_block)(
                X, x_len, Y, y_len, i0, i1, radius, max_slope, symmetric, kind
            )
            for i0, i1 in zip(edges[:-1], edges[1:])
        )
        out = np.vstack(parts)
    else:
        with numba_threads(n_jobs):
            out = _cdist_block(
                X, x_len, Y, y_len, 0, X.shape[0], radius, max_slope, symmetric, kind
            )
    if symmetric:
        out = out + out.T
    return _finish(out, squared) if kind == _k.SQEUCLIDEAN else out


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
    check_bool(squared, "squared")
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


def subsequence_search(
    query, series, *, n_matches=1, metric="sqeuclidean", squared=False
):
    """Best non-overlapping matches of a short query inside a long series.

    Subsequence DTW aligns the whole ``query`` with any stretch of ``series``:
    the path may start and end at any frame of ``series``. For every end
    frame the best such alignment is computed (one pass, O(length) memory);
    matches are then taken by increasing distance, each one skipped if its
    stretch overlaps one already taken.

    Parameters
    ----------
    query : array-like of shape (length_q,) or (length_q, n_channels)
        The pattern to look for.
    series : array-like of shape (length_s,) or (length_s, n_channels)
        The long series searched, at least as long as ``query``.
    n_matches : int, default=1
        Number of matches wanted (fewer are returned when the series has no
        room for more without overlap).
    metric : {"sqeuclidean", "euclidean", "manhattan", "cosine"}, \
            default="sqeuclidean"
        Local cost between frames (see :func:`dtw`).
    squared : bool, default=False
        With ``metric="sqeuclidean"``, return accumulated squared costs
        instead of their square roots.

    Returns
    -------
    matches : ndarray of int of shape (n_found, 2)
        ``[start, end]`` of each match in ``series`` (both frames included),
        best first.
    distances : ndarray of shape (n_found,)
        DTW distance between ``query`` and each matched stretch.

    See Also
    --------
    dtw_path : ``open_begin=True, open_end=True`` gives the best match's path.

    References
    ----------
    .. [1] M. Mueller. Information Retrieval for Music and Motion, chapter 4
       (subsequence DTW). Springer, 2007.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.alignment import subsequence_search
    >>> series = np.array([0.0, 0, 1, 2, 1, 0, 0, 0, 1, 1, 2, 2, 1, 0])
    >>> matches, dist = subsequence_search([1.0, 2.0, 1.0], series, n_matches=2)
    >>> matches.tolist(), dist.tolist()
    ([[2, 4], [9, 12]], [0.0, 0.0])
    """
    check_bool(squared, "squared")
    kind = _check_metric(metric, squared, precomputed_ok=False)
    if not isinstance(n_matches, numbers.Integral) or isinstance(n_matches, bool):
        raise TypeError(f"n_matches must be an integer; got {n_matches!r}.")
    if n_matches < 1:
        raise ValueError(f"n_matches must be >= 1; got {n_matches}.")
    query, series = check_pair(query, series, names=("query", "series"))
    if query.shape[0] > series.shape[0]:
        raise ValueError(
            f"The query ({query.shape[0]} frames) is longer than the series "
            f"searched ({series.shape[0]} frames); swap them or pass a longer "
            "series."
        )
    if kind == _k.COSINE:
        query, series = _normalise_frames(query), _normalise_frames(series)
    costs, starts = _k.subsequence_ends(query, series, kind)
    taken = []
    for end in np.argsort(costs, kind="stable"):
        start = starts[end]
        if all(end < s or start > e for s, e in taken):
            taken.append((int(start), int(end)))
            if len(taken) == n_matches:
                break
    matches = np.array(taken, dtype=np.int64).reshape(-1, 2)
    dist = costs[matches[:, 1]]
    return matches, (_finish(dist, squared) if kind == _k.SQEUCLIDEAN else dist)
