"""Shared numba pieces of the elastic-distance kernels (no validation inside).

Every measure module (``_wdtw``, ``_adtw``, ``_erp``, ``_edr``, ``_lcss``,
``_msm``, ``_twe``, ``_shape_dtw``; ``_dtw`` for DTW itself) exports the same
functions, with ``params`` a float64 array of the measure's parameters in the
order the registry (:mod:`skmm.alignment._elastic`) lists them:

- ``distance(x, y, lo, hi, params)``: the value for one pair, in O(length)
  memory;
- ``cost_matrix(x, y, lo, hi, params)``: the ``(n, m)`` accumulated matrix;
- ``alignment_path(x, y, lo, hi, params)`` (measures with a warping path): the
  optimal path, ``(L, 2)`` int64 from ``(0, 0)`` to ``(n - 1, m - 1)``;
- ``pairwise(X, x_len, Y, y_len, pa, pb, blocks, radius, params, out)``: the
  values of the pairs ``(X[pa[p]], Y[pb[p]])`` into ``out[p]``. The pairs come
  sorted by shape and cut into ``blocks`` (rows ``start, count, _``, as
  :func:`skmm._kernels._dtw.pairs_dtw` takes them) of equal lengths, which run
  in parallel. Where it pays, a block is computed ``LANES`` pairs at a time in
  lock-step, pair index innermost (the interleaving that makes
  :func:`skmm._kernels._dtw._block_dtw` fast: the recurrences of independent
  pairs overlap and the lane loop becomes SIMD instructions).

Series are float64 ``(length, n_channels)`` arrays; datasets ``(n_series,
max_length, n_channels)`` with int64 ``lengths`` (padding is never read). The
global constraint is given row by row, row ``i`` using the columns ``lo[i] ..
hi[i]`` (inclusive, both non-decreasing: :func:`band_bounds`).

Most measures share one recurrence with three step costs,
``D[i, j] = min(D[i-1, j-1] + a[i, j], D[i-1, j] + b[i, j], D[i, j-1] +
e[i, j])`` from ``D[-1, -1] = 0`` (the rest of the virtual border infinite): a
diagonal step (a match), a step in ``x`` and a step in ``y``. A measure with a
path gives its three step-cost matrices, and :func:`accumulate` and
:func:`backtrack_steps` turn them into its cost matrix and its path: the path's
cost is, by construction, the sum of its step costs.

Why every measure keeps its own loops. The row kernels (``_rows``: two rows
of scratch, band edges set to ``inf``), their lane forms (``_block``), the
drivers that fill the lanes (``_run_block``) and ``pairwise`` have the same
shape in every module on purpose: the measure's step costs are written into
the recurrence, which is what keeps the dependency chain short and lets LLVM
turn the lane loop into SIMD instructions, and numba caches no function that
takes another one as argument, so the loop cannot be written once with the
recurrence as a parameter. What needs no function argument is written once
here: the band (:func:`band_bounds`, :func:`block_shape`), the lanes
(:func:`load_lanes`, :func:`lane_frame_costs`), the three-step recurrence
and its path (:func:`accumulate`, :func:`backtrack_steps`,
:func:`step_path_functions`) and weighted DTW, shared by WDTW and ADTW.
"""

import numpy as np
from numba import njit

from ._dtw import LANES, band_bounds
from ._math import NO_REASSOC

__all__ = [
    "FASTMATH",
    "LANES",
    "accumulate",
    "backtrack_steps",
    "band_bounds",
    "block_shape",
    "derivative",
    "lane_frame_costs",
    "load_lanes",
    "step_path_functions",
]

# The numerics policy (skmm/_kernels/_math.py) without reassociation: no
# assumption about NaN or infinity (the band is made of infinities), and values
# equal the references'.
FASTMATH = NO_REASSOC


@njit(cache=True)
def accumulate(a, b, e, lo, hi):
    """Accumulated matrix of the three-step recurrence (``inf`` off the band)."""
    n, m = a.shape
    acc = np.full((n, m), np.inf)
    for i in range(n):
        for j in range(lo[i], hi[i] + 1):
            if i == 0 and j == 0:
                acc[0, 0] = a[0, 0]
                continue
            t = np.inf
            if i > 0 and j > 0:
                t = acc[i - 1, j - 1] + a[i, j]
            if i > 0:
                u = acc[i - 1, j] + b[i, j]
                if u < t:
                    t = u
            if j > 0:
                u = acc[i, j - 1] + e[i, j]
                if u < t:
                    t = u
            acc[i, j] = t
    return acc


@njit(cache=True)
def backtrack_steps(acc, a, b, e):
    """Optimal path through :func:`accumulate`'s matrix.

    From ``(n - 1, m - 1)``, each cell steps back to the predecessor ``p``
    that minimises ``acc[p] + step cost``; ties prefer the diagonal, then the
    step in ``x``, then the step in ``y`` (tslearn's order for DTW). The walk
    of :func:`skmm._kernels._dtw.backtrack_from` with the step costs added
    (DTW's path compares the predecessors alone, so that its ties stay
    tslearn's).
    """
    n, m = acc.shape
    path = np.empty((n + m - 1, 2), dtype=np.int64)
    i = n - 1
    j = m - 1
    k = 0
    path[0, 0] = i
    path[0, 1] = j
    while i > 0 or j > 0:
        if i == 0:
            j -= 1
        elif j == 0:
            i -= 1
        else:
            diag = acc[i - 1, j - 1] + a[i, j]
            up = acc[i - 1, j] + b[i, j]
            left = acc[i, j - 1] + e[i, j]
            if diag <= up and diag <= left:
                i -= 1
                j -= 1
            elif up <= left:
                i -= 1
            else:
                j -= 1
        k += 1
        path[k, 0] = i
        path[k, 1] = j
    return path[k::-1].copy()


def step_path_functions(step_costs):
    """``cost_matrix`` and ``alignment_path`` of a measure given by its step costs.

    ``step_costs(x, y, lo, hi, params)`` returns the three step-cost matrices
    ``(a, b, e)``; :func:`accumulate` and :func:`backtrack_steps` do the rest.
    Plain Python around the jitted pieces (the registry calls them from
    Python): numba caches no function that takes another one as argument.
    """

    def cost_matrix(x, y, lo, hi, params):
        a, b, e = step_costs(x, y, lo, hi, params)
        return accumulate(a, b, e, lo, hi)

    def alignment_path(x, y, lo, hi, params):
        a, b, e = step_costs(x, y, lo, hi, params)
        return backtrack_steps(accumulate(a, b, e, lo, hi), a, b, e)

    return cost_matrix, alignment_path


@njit(cache=True)
def block_shape(blocks, bi, x_len, y_len, pa, pb, radius):
    """Block ``bi`` of a ``pairwise`` call: ``start, count, n, m, lo, hi``.

    The pairs of a block share their lengths ``n`` and ``m``; ``lo, hi`` are
    the rows of the Sakoe-Chiba band of that shape (:func:`band_bounds`).
    """
    start = blocks[bi, 0]
    n = x_len[pa[start]]
    m = y_len[pb[start]]
    lo, hi = band_bounds(n, m, radius)
    return start, blocks[bi, 1], n, m, lo, hi


@njit(cache=True)
def derivative(X, x_len):
    """Keogh and Pazzani's derivative of every series (two frames shorter).

    ``d[t] = ((x[t] - x[t-1]) + (x[t+1] - x[t-1]) / 2) / 2`` for ``t = 1 ..
    n - 2``, stored from index 0. Returns the ``(n_series, max_length - 2,
    n_channels)`` derivatives (NaN padded) and their lengths.
    """
    n_series, length, d = X.shape
    out = np.full((n_series, max(length - 2, 1), d), np.nan)
    out_len = np.empty(n_series, dtype=np.int64)
    for s in range(n_series):
        n = x_len[s]
        out_len[s] = n - 2
        for t in range(1, n - 1):
            for ch in range(d):
                out[s, t - 1, ch] = (
                    (X[s, t, ch] - X[s, t - 1, ch])
                    + (X[s, t + 1, ch] - X[s, t - 1, ch]) / 2.0
                ) / 2.0
    return out, out_len


@njit(cache=True, fastmath=FASTMATH)
def sq_dist(x, i, y, j):
    """Squared Euclidean distance between frames ``x[i]`` and ``y[j]``."""
    c = 0.0
    for ch in range(x.shape[1]):
        diff = x[i, ch] - y[j, ch]
        c += diff * diff
    return c


@njit(cache=True, fastmath=FASTMATH)
def dist(x, i, y, j):
    """Euclidean distance between frames ``x[i]`` and ``y[j]``."""
    return np.sqrt(sq_dist(x, i, y, j))


# _dtw._pair_dtw with a weight per lag and a penalty per non-diagonal step
# (and no early abandoning); weighted_dtw_block is its lane form, as
# _dtw._block_dtw is _pair_dtw's
@njit(cache=True, fastmath=FASTMATH)
def weighted_dtw_rows(x, y, n, m, lo, hi, w, penalty, prev, cur):
    """DTW with a weight per lag and a penalty per non-diagonal step.

    ``D[i, j] = w[|i - j|] ||x_i - y_j||^2 + min(D[i-1, j-1], D[i-1, j] +
    penalty, D[i, j-1] + penalty)``: weighted DTW with ``penalty = 0``,
    amerced DTW with ``w = 1``. Two rows of scratch, ``(m + 1,)`` each.
    """
    d = x.shape[1]
    inf = np.inf
    for j in range(m + 1):
        prev[j] = inf
        cur[j] = inf
    prev[0] = 0.0
    for i in range(n):
        a = lo[i]
        b = hi[i]
        cur[a] = inf
        left = inf
        for j in range(a, b + 1):
            c = 0.0
            for ch in range(d):
                diff = x[i, ch] - y[j, ch]
                c += diff * diff
            lag = i - j if i >= j else j - i
            t = prev[j]
            up = prev[j + 1] + penalty
            t = t if t <= up else up
            lf = left + penalty
            t = t if t <= lf else lf
            left = c * w[lag] + t
            cur[j + 1] = left
        nb = hi[i + 1] if i + 1 < n else b
        for j in range(b + 2, nb + 2):
            cur[j] = inf
        prev, cur = cur, prev
    return prev[m]


@njit(cache=True, fastmath=FASTMATH)
def weighted_dtw_steps(x, y, lo, hi, w, penalty):
    """Step costs ``(a, b, e)`` of :func:`weighted_dtw_rows` (inf off band)."""
    n = x.shape[0]
    m = y.shape[0]
    a = np.full((n, m), np.inf)
    b = np.full((n, m), np.inf)
    e = np.full((n, m), np.inf)
    for i in range(n):
        for j in range(lo[i], hi[i] + 1):
            lag = i - j if i >= j else j - i
            c = sq_dist(x, i, y, j) * w[lag]
            a[i, j] = c
            b[i, j] = c + penalty
            e[i, j] = c + penalty
    return a, b, e


@njit(cache=True)
def load_lanes(X, Y, pa, pb, s, last, n, m, xb, yb):
    """Pairs ``s .. last`` into the lanes ``xb (n, d, LANES)``, ``yb (m, d, LANES)``.

    Lanes past ``last`` repeat the last pair (their results are dropped).
    """
    d = X.shape[2]
    for k in range(LANES):
        p = min(s + k, last)
        ia = pa[p]
        ib = pb[p]
        for i in range(n):
            for ch in range(d):
                xb[i, ch, k] = X[ia, i, ch]
        for j in range(m):
            for ch in range(d):
                yb[j, ch, k] = Y[ib, j, ch]


@njit(cache=True, fastmath=FASTMATH)
def lane_frame_costs(b, n, g, to_previous, extra, out):
    """``||b[i] - r_i|| + extra`` of ``LANES`` series at once, ``i < n``.

    ``b`` is ``(n, d, LANES)`` and ``out`` ``(n, LANES)``. ``r_i`` is the
    constant frame ``g`` (ERP's gap costs) or, with ``to_previous``, the
    previous frame, ``g`` before the first (TWE's deletion costs).
    """
    d = b.shape[1]
    for i in range(n):
        for k in range(LANES):
            out[i, k] = 0.0
        for ch in range(d):
            for k in range(LANES):
                ref = b[i - 1, ch, k] if to_previous and i > 0 else g
                diff = b[i, ch, k] - ref
                out[i, k] += diff * diff
        for k in range(LANES):
            out[i, k] = np.sqrt(out[i, k]) + extra


@njit(cache=True, fastmath=FASTMATH)
def weighted_dtw_block(xb, yb, n, m, lo, hi, w, penalty, row, cost, left, diag, out):
    """:func:`weighted_dtw_rows` for ``LANES`` pairs of equal shapes at once.

    Scratch: ``row (m + 1, LANES)``, ``cost (m, LANES)``, ``left`` and
    ``diag (LANES,)``. Each row's local costs are computed first (a SIMD loop
    over the lanes per channel), then the recurrence runs over the lanes.
    """
    d = xb.shape[1]
    inf = np.inf
    for j in range(m + 1):
        for k in range(LANES):
            row[j, k] = inf
    for k in range(LANES):
        row[0, k] = 0.0
    for i in range(n):
        a = lo[i]
        b = hi[i]
        for j in range(a, b + 1):
            lag = i - j if i >= j else j - i
            wl = w[lag]
            for k in range(LANES):
                diff = xb[i, 0, k] - yb[j, 0, k]
                cost[j, k] = diff * diff
            for ch in range(1, d):
                for k in range(LANES):
                    diff = xb[i, ch, k] - yb[j, ch, k]
                    cost[j, k] += diff * diff
            for k in range(LANES):
                cost[j, k] *= wl
        for k in range(LANES):
            diag[k] = row[a, k]
            left[k] = inf
            row[a, k] = inf
        for j in range(a, b + 1):
            for k in range(LANES):
                up = row[j + 1, k]
                t = diag[k]
                u = up + penalty
                t = t if t <= u else u
                u = left[k] + penalty
                t = t if t <= u else u
                v = cost[j, k] + t
                diag[k] = up
                left[k] = v
                row[j + 1, k] = v
        nb = hi[i + 1] if i + 1 < n else b
        for j in range(b + 2, nb + 2):
            for k in range(LANES):
                row[j, k] = inf
    for k in range(LANES):
        out[k] = row[m, k]


# the lane driver every measure module writes for its own _block (see the
# module docstring)
@njit(cache=True)
def weighted_dtw_run_block(X, Y, pa, pb, start, count, n, m, lo, hi, w, penalty, out):
    """One block of pairs of equal shapes: in lanes, or pair by pair if small."""
    d = X.shape[2]
    if count < LANES // 4:
        prev = np.empty(m + 1)
        cur = np.empty(m + 1)
        for p in range(start, start + count):
            out[p] = weighted_dtw_rows(
                X[pa[p]], Y[pb[p]], n, m, lo, hi, w, penalty, prev, cur
            )
        return
    xb = np.empty((n, d, LANES))
    yb = np.empty((m, d, LANES))
    row = np.empty((m + 1, LANES))
    cost = np.empty((m, LANES))
    left = np.empty(LANES)
    diag = np.empty(LANES)
    res = np.empty(LANES)
    end = start + count
    for s in range(start, end, LANES):
        last = min(s + LANES, end) - 1
        load_lanes(X, Y, pa, pb, s, last, n, m, xb, yb)
        weighted_dtw_block(xb, yb, n, m, lo, hi, w, penalty, row, cost, left, diag, res)
        for k in range(last - s + 1):
            out[s + k] = res[k]
