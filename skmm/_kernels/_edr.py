"""Edit distance on real sequences (Chen, Ozsu and Oria, 2005): registry kernels.

Two frames match (cost 0) when their Euclidean distance is at most
``epsilon``; a mismatch or a gap costs 1. The count of edits is divided by the
longer length, so values lie in ``[0, 1]``. ``params = [epsilon]``, NaN for
the default ``max(std(x), std(y)) / 4`` of each pair. See
:mod:`skmm._kernels._elastic` for the functions every measure module exports.
"""

import numpy as np
from numba import njit, prange

from ._elastic import FASTMATH, block_shape, sq_dist


@njit(cache=True)
def _epsilon(x, n, y, m, epsilon):
    if not np.isnan(epsilon):
        return epsilon
    return max(np.std(x[:n]), np.std(y[:m])) / 4.0


# The row loop of _dtw._pair_dtw with EDR's recurrence: 0/1 match costs, unit
# gaps and a border that counts them (see _elastic's docstring for why each
# measure keeps its own loops).
@njit(cache=True, fastmath=FASTMATH)
def _rows(x, y, n, m, lo, hi, eps2, prev, cur):
    inf = np.inf
    for j in range(m + 1):
        prev[j] = j
    for i in range(n):
        a = lo[i]
        b = hi[i]
        cur[a] = i + 1.0 if a == 0 else inf
        left = cur[a]
        for j in range(a, b + 1):
            sub = 0.0 if sq_dist(x, i, y, j) <= eps2 else 1.0
            t = prev[j] + sub
            up = prev[j + 1] + 1.0
            t = t if t <= up else up
            lf = left + 1.0
            t = t if t <= lf else lf
            left = t
            cur[j + 1] = t
        nb = hi[i + 1] if i + 1 < n else b
        for j in range(b + 2, nb + 2):
            cur[j] = inf
        prev, cur = cur, prev
    return prev[m] / max(n, m)


@njit(cache=True)
def distance(x, y, lo, hi, params):
    n = x.shape[0]
    m = y.shape[0]
    eps = _epsilon(x, n, y, m, params[0])
    return _rows(x, y, n, m, lo, hi, eps * eps, np.empty(m + 1), np.empty(m + 1))


@njit(cache=True, fastmath=FASTMATH)
def cost_matrix(x, y, lo, hi, params):
    """Edit counts (not divided by the length), ``inf`` off the band."""
    n = x.shape[0]
    m = y.shape[0]
    eps = _epsilon(x, n, y, m, params[0])
    eps2 = eps * eps
    D = np.full((n + 1, m + 1), np.inf)
    for i in range(n + 1):
        D[i, 0] = i
    for j in range(m + 1):
        D[0, j] = j
    for i in range(n):
        for j in range(lo[i], hi[i] + 1):
            sub = 0.0 if sq_dist(x, i, y, j) <= eps2 else 1.0
            t = D[i, j] + sub
            up = D[i, j + 1] + 1.0
            t = t if t <= up else up
            lf = D[i + 1, j] + 1.0
            D[i + 1, j + 1] = t if t <= lf else lf
    return D[1:, 1:].copy()


@njit(cache=True, parallel=True)
def pairwise(X, x_len, Y, y_len, pa, pb, blocks, radius, params, out):
    for bi in prange(blocks.shape[0]):
        start, count, n, m, lo, hi = block_shape(
            blocks, bi, x_len, y_len, pa, pb, radius
        )
        for p in range(start, start + count):
            x = X[pa[p]]
            y = Y[pb[p]]
            eps = _epsilon(x, n, y, m, params[0])
            out[p] = _rows(
                x, y, n, m, lo, hi, eps * eps, np.empty(m + 1), np.empty(m + 1)
            )
