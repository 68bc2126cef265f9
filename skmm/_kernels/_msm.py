"""Move-split-merge (Stefan, Athitsos and Das, 2013): kernels of the registry.

A match (move) of ``x_i`` with ``y_j`` costs ``|x_i - y_j|``; a split or merge
that repeats a value costs ``c``, plus the distance to the nearer of its two
neighbours when the new value does not lie between them. Multichannel series
are compared channel by channel and the costs summed (``independent``), or,
with ``independent=False``, frame by frame on squared Euclidean distances
(Shifaz et al., 2023). ``params = [c, independent]``. See
:mod:`skmm._kernels._elastic` for the functions every measure module exports.
"""

import numpy as np
from numba import njit, prange

from ._elastic import (
    FASTMATH,
    LANES,
    accumulate,
    block_shape,
    sq_dist,
    step_path_functions,
)


@njit(cache=True, fastmath=FASTMATH, inline="always")
def _split(new, before, other, c):
    if (before <= new and new <= other) or (before >= new and new >= other):
        return c
    d1 = abs(new - before)
    d2 = abs(new - other)
    return c + (d1 if d1 < d2 else d2)


@njit(cache=True, fastmath=FASTMATH)
def _split_dependent(x, i, y, j, z, k, c):
    """Cost of the frame ``x[i]`` split from ``y[j]`` next to ``z[k]``."""
    d = x.shape[1]
    diameter = 0.0
    to_mid = 0.0
    for ch in range(d):
        diff = y[j, ch] - z[k, ch]
        diameter += diff * diff
        mid = (y[j, ch] + z[k, ch]) / 2.0 - x[i, ch]
        to_mid += mid * mid
    if to_mid <= diameter / 4.0:
        return c
    d1 = sq_dist(y, j, x, i)
    d2 = sq_dist(z, k, x, i)
    return c + (d1 if d1 < d2 else d2)


# The row loop of _dtw._pair_dtw with MSM's split and merge costs, once on one
# channel (independent; _block_channel is its lane form) and once on whole
# frames (dependent): the costs differ, the loops are written into each (see
# _elastic's docstring for why each measure keeps its own loops).
@njit(cache=True, fastmath=FASTMATH)
def _rows_channel(x, y, ch, n, m, lo, hi, c, prev, cur):
    inf = np.inf
    for j in range(m + 1):
        prev[j] = inf
    prev[0] = 0.0
    for i in range(n):
        a = lo[i]
        b = hi[i]
        cur[a] = inf
        left = inf
        xi = x[i, ch]
        xb = x[i - 1, ch] if i > 0 else xi
        for j in range(a, b + 1):
            yj = y[j, ch]
            t = prev[j] + abs(xi - yj)
            if i > 0:
                up = prev[j + 1] + _split(xi, xb, yj, c)
                t = t if t <= up else up
            if j > 0:
                lf = left + _split(yj, xi, y[j - 1, ch], c)
                t = t if t <= lf else lf
            left = t
            cur[j + 1] = t
        nb = hi[i + 1] if i + 1 < n else b
        for j in range(b + 2, nb + 2):
            cur[j] = inf
        prev, cur = cur, prev
    return prev[m]


@njit(cache=True, fastmath=FASTMATH)
def _rows_dependent(x, y, n, m, lo, hi, c, prev, cur):
    inf = np.inf
    for j in range(m + 1):
        prev[j] = inf
    prev[0] = 0.0
    for i in range(n):
        a = lo[i]
        b = hi[i]
        cur[a] = inf
        left = inf
        for j in range(a, b + 1):
            t = prev[j] + sq_dist(x, i, y, j)
            if i > 0:
                up = prev[j + 1] + _split_dependent(x, i, x, i - 1, y, j, c)
                t = t if t <= up else up
            if j > 0:
                lf = left + _split_dependent(y, j, x, i, y, j - 1, c)
                t = t if t <= lf else lf
            left = t
            cur[j + 1] = t
        nb = hi[i + 1] if i + 1 < n else b
        for j in range(b + 2, nb + 2):
            cur[j] = inf
        prev, cur = cur, prev
    return prev[m]


@njit(cache=True)
def _pair(x, y, n, m, lo, hi, c, independent, prev, cur):
    if not independent:
        return _rows_dependent(x, y, n, m, lo, hi, c, prev, cur)
    total = 0.0
    for ch in range(x.shape[1]):
        total += _rows_channel(x, y, ch, n, m, lo, hi, c, prev, cur)
    return total


@njit(cache=True)
def distance(x, y, lo, hi, params):
    m = y.shape[0]
    return _pair(
        x,
        y,
        x.shape[0],
        m,
        lo,
        hi,
        params[0],
        params[1] != 0.0,
        np.empty(m + 1),
        np.empty(m + 1),
    )


@njit(cache=True, fastmath=FASTMATH)
def step_costs(x, y, lo, hi, params):
    """Step costs of one channel-set: univariate, or dependent (squared)."""
    n = x.shape[0]
    m = y.shape[0]
    c = params[0]
    dependent = params[1] == 0.0
    a = np.full((n, m), np.inf)
    b = np.full((n, m), np.inf)
    e = np.full((n, m), np.inf)
    for i in range(n):
        for j in range(lo[i], hi[i] + 1):
            if dependent:
                a[i, j] = sq_dist(x, i, y, j)
                if i > 0:
                    b[i, j] = _split_dependent(x, i, x, i - 1, y, j, c)
                if j > 0:
                    e[i, j] = _split_dependent(y, j, x, i, y, j - 1, c)
            else:
                a[i, j] = abs(x[i, 0] - y[j, 0])
                if i > 0:
                    b[i, j] = _split(x[i, 0], x[i - 1, 0], y[j, 0], c)
                if j > 0:
                    e[i, j] = _split(y[j, 0], x[i, 0], y[j - 1, 0], c)
    return a, b, e


@njit(cache=True)
def cost_matrix(x, y, lo, hi, params):
    """Accumulated matrix (independent: the sum of the channels' matrices)."""
    if params[1] == 0.0 or x.shape[1] == 1:
        a, b, e = step_costs(x, y, lo, hi, params)
        return accumulate(a, b, e, lo, hi)
    total = np.zeros((x.shape[0], y.shape[0]))
    for ch in range(x.shape[1]):
        xc = np.ascontiguousarray(x[:, ch : ch + 1])
        yc = np.ascontiguousarray(y[:, ch : ch + 1])
        a, b, e = step_costs(xc, yc, lo, hi, params)
        total += accumulate(a, b, e, lo, hi)
    return total


# the optimal path (univariate, or independent=False)
_, alignment_path = step_path_functions(step_costs)


@njit(cache=True, fastmath=FASTMATH)
def _block_channel(xb, yb, n, m, lo, hi, c, row, left, diag, out):
    """One channel of ``LANES`` pairs at once, added into ``out``.

    ``xb (n, LANES)``, ``yb (m, LANES)``; the split/merge costs are written
    with min/max and selects so that the lane loop vectorises.
    """
    inf = np.inf
    for j in range(m + 1):
        for k in range(LANES):
            row[j, k] = inf
    for k in range(LANES):
        row[0, k] = 0.0
    for i in range(n):
        a = lo[i]
        b = hi[i]
        ib = i - 1 if i > 0 else 0
        for k in range(LANES):
            diag[k] = row[a, k]
            left[k] = inf
            row[a, k] = inf
        for j in range(a, b + 1):
            jb = j - 1 if j > 0 else 0
            for k in range(LANES):
                xi = xb[i, k]
                xp = xb[ib, k]
                yj = yb[j, k]
                yp = yb[jb, k]
                t = diag[k] + abs(xi - yj)
                # split of x_i between x_{i-1} and y_j
                lo1 = xp if xp < yj else yj
                hi1 = yj if xp < yj else xp
                d1 = abs(xi - xp)
                d2 = abs(xi - yj)
                extra = d1 if d1 < d2 else d2
                up_cost = c if (lo1 <= xi and xi <= hi1) else c + extra
                # split of y_j between x_i and y_{j-1}
                lo2 = xi if xi < yp else yp
                hi2 = yp if xi < yp else xi
                e1 = abs(yj - xi)
                e2 = abs(yj - yp)
                extra = e1 if e1 < e2 else e2
                left_cost = c if (lo2 <= yj and yj <= hi2) else c + extra
                up = row[j + 1, k]
                u = up + up_cost
                t = t if t <= u else u
                u = left[k] + left_cost
                t = t if t <= u else u
                diag[k] = up
                left[k] = t
                row[j + 1, k] = t
        nb = hi[i + 1] if i + 1 < n else b
        for j in range(b + 2, nb + 2):
            for k in range(LANES):
                row[j, k] = inf
    for k in range(LANES):
        out[k] += row[m, k]


@njit(cache=True)
def _run_block(X, Y, pa, pb, start, count, n, m, lo, hi, c, independent, out):
    d = X.shape[2]
    if count < LANES // 4 or not independent:
        prev = np.empty(m + 1)
        cur = np.empty(m + 1)
        for p in range(start, start + count):
            out[p] = _pair(X[pa[p]], Y[pb[p]], n, m, lo, hi, c, independent, prev, cur)
        return
    xb = np.empty((n, LANES))
    yb = np.empty((m, LANES))
    row = np.empty((m + 1, LANES))
    left = np.empty(LANES)
    diag = np.empty(LANES)
    res = np.empty(LANES)
    end = start + count
    for s in range(start, end, LANES):
        last = min(s + LANES, end) - 1
        for k in range(LANES):
            res[k] = 0.0
        for ch in range(d):
            for k in range(LANES):
                p = min(s + k, last)
                for i in range(n):
                    xb[i, k] = X[pa[p], i, ch]
                for j in range(m):
                    yb[j, k] = Y[pb[p], j, ch]
            _block_channel(xb, yb, n, m, lo, hi, c, row, left, diag, res)
        for k in range(last - s + 1):
            out[s + k] = res[k]


@njit(cache=True, parallel=True)
def pairwise(X, x_len, Y, y_len, pa, pb, blocks, radius, params, out):
    c = params[0]
    independent = params[1] != 0.0
    for bi in prange(blocks.shape[0]):
        start, count, n, m, lo, hi = block_shape(
            blocks, bi, x_len, y_len, pa, pb, radius
        )
        _run_block(X, Y, pa, pb, start, count, n, m, lo, hi, c, independent, out)
