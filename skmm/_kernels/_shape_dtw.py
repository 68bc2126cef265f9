"""Shape DTW (Zhao and Itti, 2018): kernels of the registry.

Every frame is described by the window of ``2 reach + 1`` frames around it
(the identity descriptor; the series is padded by repeating its first and last
frames). DTW runs on the squared Euclidean distance between descriptors, and
the distance is the squared Euclidean cost of the raw frames along that path.
The distance kernel carries, next to each accumulated descriptor cost, the raw
cost of the path that reaches the cell (the predecessor is chosen by the
backtracking's rule), so it needs no cost matrix. ``params = [reach]``. See
:mod:`skmm._kernels._elastic` for the functions every measure module exports.
"""

import numpy as np
from numba import njit, prange

from ._dtw import backtrack
from ._elastic import FASTMATH, band_bounds, sq_dist


@njit(cache=True)
def padded(x, n, reach):
    """``x[:n]`` with ``reach`` copies of its first and last frames around it."""
    d = x.shape[1]
    out = np.empty((n + 2 * reach, d))
    for t in range(n + 2 * reach):
        s = min(max(t - reach, 0), n - 1)
        for ch in range(d):
            out[t, ch] = x[s, ch]
    return out


@njit(cache=True, fastmath=FASTMATH)
def _local(xp, i, yp, j, width):
    """Squared distance between the descriptors of frames ``i`` and ``j``."""
    d = xp.shape[1]
    xs = xp[i : i + width].ravel()
    ys = yp[j : j + width].ravel()
    c = 0.0
    for k in range(width * d):
        diff = xs[k] - ys[k]
        c += diff * diff
    return c


@njit(cache=True, fastmath=FASTMATH)
def _rows(x, y, n, m, lo, hi, reach):
    inf = np.inf
    xp = padded(x, n, reach)
    yp = padded(y, m, reach)
    width = 2 * reach + 1
    prev = np.full(m + 1, inf)
    cur = np.full(m + 1, inf)
    prev_raw = np.zeros(m + 1)
    cur_raw = np.zeros(m + 1)
    prev[0] = 0.0
    for i in range(n):
        a = lo[i]
        b = hi[i]
        cur[a] = inf
        left = inf
        left_raw = 0.0
        for j in range(a, b + 1):
            diag = prev[j]
            up = prev[j + 1]
            if diag <= up and diag <= left:
                t = diag
                r = prev_raw[j]
            elif up <= left:
                t = up
                r = prev_raw[j + 1]
            else:
                t = left
                r = left_raw
            left = _local(xp, i, yp, j, width) + t
            left_raw = sq_dist(x, i, y, j) + r
            cur[j + 1] = left
            cur_raw[j + 1] = left_raw
        nb = hi[i + 1] if i + 1 < n else b
        for j in range(b + 2, nb + 2):
            cur[j] = inf
        prev, cur = cur, prev
        prev_raw, cur_raw = cur_raw, prev_raw
    return prev_raw[m]


@njit(cache=True)
def distance(x, y, lo, hi, params):
    return _rows(x, y, x.shape[0], y.shape[0], lo, hi, int(params[0]))


@njit(cache=True, fastmath=FASTMATH)
def cost_matrix(x, y, lo, hi, params):
    """Accumulated DTW cost of the descriptors (``inf`` off the band)."""
    n = x.shape[0]
    m = y.shape[0]
    reach = int(params[0])
    xp = padded(x, n, reach)
    yp = padded(y, m, reach)
    width = 2 * reach + 1
    acc = np.full((n, m), np.inf)
    for i in range(n):
        for j in range(lo[i], hi[i] + 1):
            c = _local(xp, i, yp, j, width)
            if i == 0 and j == 0:
                acc[i, j] = c
                continue
            t = np.inf
            if i > 0 and j > 0:
                t = acc[i - 1, j - 1]
            if i > 0 and acc[i - 1, j] < t:
                t = acc[i - 1, j]
            if j > 0 and acc[i, j - 1] < t:
                t = acc[i, j - 1]
            acc[i, j] = c + t
    return acc


@njit(cache=True)
def alignment_path(x, y, lo, hi, params):
    return backtrack(cost_matrix(x, y, lo, hi, params))


@njit(cache=True, parallel=True)
def pairwise(X, x_len, Y, y_len, pa, pb, radius, params, out):
    reach = int(params[0])
    for p in prange(pa.size):
        n = x_len[pa[p]]
        m = y_len[pb[p]]
        lo, hi = band_bounds(n, m, radius)
        out[p] = _rows(X[pa[p]], Y[pb[p]], n, m, lo, hi, reach)
