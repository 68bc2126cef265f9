"""Time warp edit distance (Marteau, 2009): kernels of the registry.

Both series start from a virtual zero frame at time 0 (frame ``i`` is at time
``i + 1``). Deleting ``x_i`` costs ``||x_i - x_{i-1}|| + nu + lmbda``; matching
``x_i`` with ``y_j`` costs ``||x_i - y_j|| + ||x_{i-1} - y_{j-1}|| + 2 nu |i -
j|``. ``nu`` (stiffness) prices the time shift, ``lmbda`` each deletion.
``params = [nu, lmbda]``. See :mod:`skmm._kernels._elastic` for the functions
every measure module exports.
"""

import numpy as np
from numba import njit, prange

from ._elastic import FASTMATH, accumulate, backtrack_steps, band_bounds


@njit(cache=True, fastmath=FASTMATH)
def _dist0(x, i, y, j):
    """``||x_i - y_j||`` where a negative index is the virtual zero frame."""
    s = 0.0
    for ch in range(x.shape[1]):
        u = x[i, ch] if i >= 0 else 0.0
        v = y[j, ch] if j >= 0 else 0.0
        diff = u - v
        s += diff * diff
    return np.sqrt(s)


@njit(cache=True, fastmath=FASTMATH)
def _deletions(x, n, extra):
    out = np.empty(n)
    for i in range(n):
        out[i] = _dist0(x, i, x, i - 1) + extra
    return out


@njit(cache=True, fastmath=FASTMATH)
def _rows(x, y, n, m, lo, hi, nu, dx, dy, prev, cur):
    inf = np.inf
    for j in range(m + 1):
        prev[j] = inf
    prev[0] = 0.0
    for i in range(n):
        a = lo[i]
        b = hi[i]
        cur[a] = inf
        left = inf
        # ||x_{i-1} - y_{j-1}|| at j = a; later ones carried along the row
        back = _dist0(x, i - 1, y, a - 1)
        for j in range(a, b + 1):
            here = _dist0(x, i, y, j)
            lag = i - j if i >= j else j - i
            t = prev[j] + (here + back + 2.0 * nu * lag)
            up = prev[j + 1] + dx[i]
            t = t if t <= up else up
            lf = left + dy[j]
            t = t if t <= lf else lf
            left = t
            cur[j + 1] = t
            back = _dist0(x, i - 1, y, j)
        nb = hi[i + 1] if i + 1 < n else b
        for j in range(b + 2, nb + 2):
            cur[j] = inf
        prev, cur = cur, prev
    return prev[m]


@njit(cache=True)
def distance(x, y, lo, hi, params):
    n = x.shape[0]
    m = y.shape[0]
    nu = params[0]
    extra = nu + params[1]
    dx = _deletions(x, n, extra)
    dy = _deletions(y, m, extra)
    return _rows(x, y, n, m, lo, hi, nu, dx, dy, np.empty(m + 1), np.empty(m + 1))


@njit(cache=True, fastmath=FASTMATH)
def step_costs(x, y, lo, hi, params):
    n = x.shape[0]
    m = y.shape[0]
    nu = params[0]
    extra = nu + params[1]
    a = np.full((n, m), np.inf)
    b = np.full((n, m), np.inf)
    e = np.full((n, m), np.inf)
    for i in range(n):
        for j in range(lo[i], hi[i] + 1):
            lag = i - j if i >= j else j - i
            a[i, j] = _dist0(x, i, y, j) + _dist0(x, i - 1, y, j - 1) + 2.0 * nu * lag
            b[i, j] = _dist0(x, i, x, i - 1) + extra
            e[i, j] = _dist0(y, j, y, j - 1) + extra
    return a, b, e


@njit(cache=True)
def cost_matrix(x, y, lo, hi, params):
    a, b, e = step_costs(x, y, lo, hi, params)
    return accumulate(a, b, e, lo, hi)


@njit(cache=True)
def alignment_path(x, y, lo, hi, params):
    a, b, e = step_costs(x, y, lo, hi, params)
    return backtrack_steps(accumulate(a, b, e, lo, hi), a, b, e)


@njit(cache=True, parallel=True)
def pairwise(X, x_len, Y, y_len, pa, pb, blocks, radius, params, out):
    nu = params[0]
    extra = nu + params[1]
    for bi in prange(blocks.shape[0]):
        start = blocks[bi, 0]
        n = x_len[pa[start]]
        m = y_len[pb[start]]
        lo, hi = band_bounds(n, m, radius)
        for p in range(start, start + blocks[bi, 1]):
            x = X[pa[p]]
            y = Y[pb[p]]
            dx = _deletions(x, n, extra)
            dy = _deletions(y, m, extra)
            out[p] = _rows(
                x, y, n, m, lo, hi, nu, dx, dy, np.empty(m + 1), np.empty(m + 1)
            )
