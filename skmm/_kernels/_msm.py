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

from ._elastic import FASTMATH, accumulate, backtrack_steps, band_bounds, sq_dist


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


@njit(cache=True)
def alignment_path(x, y, lo, hi, params):
    """Optimal path (univariate, or ``independent=False``)."""
    a, b, e = step_costs(x, y, lo, hi, params)
    return backtrack_steps(accumulate(a, b, e, lo, hi), a, b, e)


@njit(cache=True, parallel=True)
def pairwise(X, x_len, Y, y_len, pa, pb, radius, params, out):
    c = params[0]
    independent = params[1] != 0.0
    for p in prange(pa.size):
        n = x_len[pa[p]]
        m = y_len[pb[p]]
        lo, hi = band_bounds(n, m, radius)
        out[p] = _pair(
            X[pa[p]],
            Y[pb[p]],
            n,
            m,
            lo,
            hi,
            c,
            independent,
            np.empty(m + 1),
            np.empty(m + 1),
        )
