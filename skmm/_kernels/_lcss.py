"""Longest common subsequence (Vlachos, Kollios and Gunopulos, 2002): kernels.

``L[i, j] = L[i-1, j-1] + 1`` when ``x_i`` and ``y_j`` match (Euclidean
distance at most ``epsilon``, cell inside the band), else ``max(L[i-1, j],
L[i, j-1])``; the distance is ``1 - L[n-1, m-1] / min(n, m)``. The band limits
which frames may match, not the recurrence: left of the band a column keeps
the value of its last cell inside it, right of the band a row keeps the value
of its last cell inside it, so two rows of scratch still suffice.
``params = [epsilon]``. See :mod:`skmm._kernels._elastic` for the functions
every measure module exports.
"""

import numpy as np
from numba import njit, prange

from ._elastic import FASTMATH, block_shape, sq_dist


# The row loop of _dtw._pair_dtw with LCSS's recurrence: a maximum of common
# lengths, in one row (see _elastic's docstring for why each measure keeps its
# own loops).
@njit(cache=True, fastmath=FASTMATH)
def _rows(x, y, n, m, lo, hi, eps2, row):
    """``L[n-1, m-1]`` in one row of scratch ``(m + 1,)``."""
    for j in range(m + 1):
        row[j] = 0.0
    for i in range(n):
        a = lo[i]
        b = hi[i]
        diag = row[a]
        left = row[a]
        for j in range(a, b + 1):
            up = row[j + 1]
            if sq_dist(x, i, y, j) <= eps2:
                v = diag + 1.0
            else:
                v = up if up >= left else left
            diag = up
            left = v
            row[j + 1] = v
        # right of the band, the row keeps its last value (read by the next row)
        nb = hi[i + 1] if i + 1 < n else b
        for j in range(b + 2, nb + 2):
            row[j] = left
    return row[m]


@njit(cache=True)
def distance(x, y, lo, hi, params):
    n = x.shape[0]
    m = y.shape[0]
    eps = params[0]
    common = _rows(x, y, n, m, lo, hi, eps * eps, np.empty(m + 1))
    return 1.0 - common / min(n, m)


@njit(cache=True, fastmath=FASTMATH)
def cost_matrix(x, y, lo, hi, params):
    """The matrix ``L`` of common-subsequence lengths (over every cell)."""
    n = x.shape[0]
    m = y.shape[0]
    eps = params[0]
    eps2 = eps * eps
    L = np.zeros((n + 1, m + 1))
    for i in range(n):
        for j in range(m):
            if lo[i] <= j <= hi[i] and sq_dist(x, i, y, j) <= eps2:
                L[i + 1, j + 1] = L[i, j] + 1.0
            else:
                L[i + 1, j + 1] = max(L[i, j + 1], L[i + 1, j])
    return L[1:, 1:].copy()


@njit(cache=True, parallel=True)
def pairwise(X, x_len, Y, y_len, pa, pb, blocks, radius, params, out):
    eps = params[0]
    for bi in prange(blocks.shape[0]):
        start, count, n, m, lo, hi = block_shape(
            blocks, bi, x_len, y_len, pa, pb, radius
        )
        for p in range(start, start + count):
            common = _rows(X[pa[p]], Y[pb[p]], n, m, lo, hi, eps * eps, np.empty(m + 1))
            out[p] = 1.0 - common / min(n, m)
