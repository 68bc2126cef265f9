"""Edit distance with real penalty (Chen and Ng, 2004): kernels of the registry.

A match of ``x_i`` with ``y_j`` costs ``||x_i - y_j||``; a frame left
unmatched (a gap) costs its distance to the constant frame ``g``. Unlike DTW,
a series may open with gaps: the virtual border holds the running sums of the
gap costs, ``D[i, -1] = sum_{k <= i} ||x_k - g||``. ``params = [g]``. See
:mod:`skmm._kernels._elastic` for the functions every measure module exports.
"""

import numpy as np
from numba import njit, prange

from ._elastic import FASTMATH, band_bounds, dist


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


@njit(cache=True, parallel=True)
def pairwise(X, x_len, Y, y_len, pa, pb, radius, params, out):
    for p in prange(pa.size):
        n = x_len[pa[p]]
        m = y_len[pb[p]]
        lo, hi = band_bounds(n, m, radius)
        x = X[pa[p]]
        y = Y[pb[p]]
        gx = _gaps(x, n, params[0])
        gy = _gaps(y, m, params[0])
        out[p] = _rows(x, y, n, m, lo, hi, gx, gy, np.empty(m + 1), np.empty(m + 1))
