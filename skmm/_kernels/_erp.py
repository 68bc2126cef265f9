"""Edit distance with real penalty (Chen and Ng, 2004): kernels of the registry.

A match of ``x_i`` with ``y_j`` costs ``||x_i - y_j||``; a frame left
unmatched (a gap) costs its distance to the constant frame ``g``. Unlike DTW,
a series may open with gaps: the virtual border holds the running sums of the
gap costs, ``D[i, -1] = sum_{k <= i} ||x_k - g||``. ``params = [g]``. See
:mod:`skmm._kernels._elastic` for the functions every measure module exports.
"""

import numpy as np
from numba import njit, prange

from ._elastic import (
    FASTMATH,
    LANES,
    block_shape,
    dist,
    lane_frame_costs,
    load_lanes,
)


@njit(cache=True, fastmath=FASTMATH)
def _gaps(x, n, g):
    out = np.empty(n)
    for i in range(n):
        s = 0.0
        for ch in range(x.shape[1]):
            diff = x[i, ch] - g
            s += diff * diff
        out[i] = np.sqrt(s)
    return out


# The row loop of _dtw._pair_dtw (and _block its lane form, as
# _dtw._block_dtw) with ERP's recurrence: gap costs and a border of running
# sums (see _elastic's docstring for why each measure keeps its own loops).
@njit(cache=True, fastmath=FASTMATH)
def _rows(x, y, n, m, lo, hi, gx, gy, prev, cur):
    inf = np.inf
    prev[0] = 0.0
    s = 0.0
    for j in range(m):
        s += gy[j]
        prev[j + 1] = s
    border = 0.0
    for i in range(n):
        a = lo[i]
        b = hi[i]
        border += gx[i]
        cur[a] = border if a == 0 else inf
        left = cur[a]
        g_i = gx[i]
        for j in range(a, b + 1):
            t = prev[j] + dist(x, i, y, j)
            up = prev[j + 1] + g_i
            t = t if t <= up else up
            lf = left + gy[j]
            t = t if t <= lf else lf
            left = t
            cur[j + 1] = t
        nb = hi[i + 1] if i + 1 < n else b
        for j in range(b + 2, nb + 2):
            cur[j] = inf
        prev, cur = cur, prev
    return prev[m]


@njit(cache=True)
def distance(x, y, lo, hi, params):
    n = x.shape[0]
    m = y.shape[0]
    gx = _gaps(x, n, params[0])
    gy = _gaps(y, m, params[0])
    return _rows(x, y, n, m, lo, hi, gx, gy, np.empty(m + 1), np.empty(m + 1))


@njit(cache=True, fastmath=FASTMATH)
def cost_matrix(x, y, lo, hi, params):
    n = x.shape[0]
    m = y.shape[0]
    gx = _gaps(x, n, params[0])
    gy = _gaps(y, m, params[0])
    D = np.full((n + 1, m + 1), np.inf)
    D[0, 0] = 0.0
    for i in range(n):
        D[i + 1, 0] = D[i, 0] + gx[i]
    for j in range(m):
        D[0, j + 1] = D[0, j] + gy[j]
    for i in range(n):
        for j in range(lo[i], hi[i] + 1):
            t = D[i, j] + dist(x, i, y, j)
            up = D[i, j + 1] + gx[i]
            t = t if t <= up else up
            lf = D[i + 1, j] + gy[j]
            D[i + 1, j + 1] = t if t <= lf else lf
    return D[1:, 1:].copy()


@njit(cache=True, fastmath=FASTMATH)
def _block(xb, yb, n, m, lo, hi, g, row, cost, left, diag, border, gxb, gyb, out):
    """:func:`_rows` for ``LANES`` pairs at once (``xb (n, d, LANES)``)."""
    d = xb.shape[1]
    inf = np.inf
    lane_frame_costs(xb, n, g, False, 0.0, gxb)
    lane_frame_costs(yb, m, g, False, 0.0, gyb)
    for k in range(LANES):
        row[0, k] = 0.0
        border[k] = 0.0
    for j in range(m):
        for k in range(LANES):
            row[j + 1, k] = row[j, k] + gyb[j, k]
    for i in range(n):
        a = lo[i]
        b = hi[i]
        for j in range(a, b + 1):
            for k in range(LANES):
                diff = xb[i, 0, k] - yb[j, 0, k]
                cost[j, k] = diff * diff
            for ch in range(1, d):
                for k in range(LANES):
                    diff = xb[i, ch, k] - yb[j, ch, k]
                    cost[j, k] += diff * diff
            for k in range(LANES):
                cost[j, k] = np.sqrt(cost[j, k])
        for k in range(LANES):
            border[k] += gxb[i, k]
            diag[k] = row[a, k]
            left[k] = border[k] if a == 0 else inf
            row[a, k] = left[k]
        for j in range(a, b + 1):
            for k in range(LANES):
                up = row[j + 1, k]
                t = diag[k] + cost[j, k]
                u = up + gxb[i, k]
                t = t if t <= u else u
                u = left[k] + gyb[j, k]
                t = t if t <= u else u
                diag[k] = up
                left[k] = t
                row[j + 1, k] = t
        nb = hi[i + 1] if i + 1 < n else b
        for j in range(b + 2, nb + 2):
            for k in range(LANES):
                row[j, k] = inf
    for k in range(LANES):
        out[k] = row[m, k]


@njit(cache=True)
def _run_block(X, Y, pa, pb, start, count, n, m, lo, hi, g, out):
    d = X.shape[2]
    if count < LANES // 4:
        for p in range(start, start + count):
            x = X[pa[p]]
            y = Y[pb[p]]
            gx = _gaps(x, n, g)
            gy = _gaps(y, m, g)
            out[p] = _rows(x, y, n, m, lo, hi, gx, gy, np.empty(m + 1), np.empty(m + 1))
        return
    xb = np.empty((n, d, LANES))
    yb = np.empty((m, d, LANES))
    row = np.empty((m + 1, LANES))
    cost = np.empty((m, LANES))
    gxb = np.empty((n, LANES))
    gyb = np.empty((m, LANES))
    left = np.empty(LANES)
    diag = np.empty(LANES)
    border = np.empty(LANES)
    res = np.empty(LANES)
    end = start + count
    for s in range(start, end, LANES):
        last = min(s + LANES, end) - 1
        load_lanes(X, Y, pa, pb, s, last, n, m, xb, yb)
        _block(xb, yb, n, m, lo, hi, g, row, cost, left, diag, border, gxb, gyb, res)
        for k in range(last - s + 1):
            out[s + k] = res[k]


@njit(cache=True, parallel=True)
def pairwise(X, x_len, Y, y_len, pa, pb, blocks, radius, params, out):
    for bi in prange(blocks.shape[0]):
        start, count, n, m, lo, hi = block_shape(
            blocks, bi, x_len, y_len, pa, pb, radius
        )
        _run_block(X, Y, pa, pb, start, count, n, m, lo, hi, params[0], out)
