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

from ._elastic import (
    FASTMATH,
    LANES,
    block_shape,
    lane_frame_costs,
    load_lanes,
    step_path_functions,
)


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


# The row loop of _dtw._pair_dtw (and _block its lane form) with TWE's
# recurrence: a match pays both frames' distances and the time shift, a
# deletion the step from the previous frame (see _elastic's docstring for why
# each measure keeps its own loops).
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


cost_matrix, alignment_path = step_path_functions(step_costs)


@njit(cache=True, fastmath=FASTMATH)
def _norms(b, i, out, row):
    """``||b[i]||`` per lane (the distance to the virtual zero frame)."""
    d = b.shape[1]
    for k in range(LANES):
        out[row, k] = 0.0
    for ch in range(d):
        for k in range(LANES):
            out[row, k] += b[i, ch, k] * b[i, ch, k]
    for k in range(LANES):
        out[row, k] = np.sqrt(out[row, k])


@njit(cache=True, fastmath=FASTMATH)
def _block(xb, yb, n, m, lo, hi, nu, extra, row, hprev, hcur, dxb, dyb, buf, out):
    """:func:`_rows` for ``LANES`` pairs at once.

    ``h[j + 1] = ||x_i - y_j||`` is kept for the current and the previous row
    (index 0 is the virtual zero frame of ``y``), so each cell computes one
    distance and reads ``||x_{i-1} - y_{j-1}||`` from the previous row.
    """
    d = xb.shape[1]
    inf = np.inf
    diag = buf[0]
    left = buf[1]
    lane_frame_costs(xb, n, 0.0, True, extra, dxb)
    lane_frame_costs(yb, m, 0.0, True, extra, dyb)
    for j in range(m + 1):
        for k in range(LANES):
            row[j, k] = inf
    for k in range(LANES):
        row[0, k] = 0.0
        hprev[0, k] = 0.0
    for j in range(m):
        _norms(yb, j, hprev, j + 1)
    for i in range(n):
        a = lo[i]
        b = hi[i]
        if a == 0:
            _norms(xb, i, hcur, 0)
        for j in range(max(a - 1, 0), b + 1):
            for k in range(LANES):
                hcur[j + 1, k] = 0.0
            for ch in range(d):
                for k in range(LANES):
                    diff = xb[i, ch, k] - yb[j, ch, k]
                    hcur[j + 1, k] += diff * diff
            for k in range(LANES):
                hcur[j + 1, k] = np.sqrt(hcur[j + 1, k])
        for k in range(LANES):
            diag[k] = row[a, k]
            left[k] = inf
            row[a, k] = inf
        for j in range(a, b + 1):
            lag = i - j if i >= j else j - i
            shift = 2.0 * nu * lag
            for k in range(LANES):
                up = row[j + 1, k]
                t = diag[k] + (hcur[j + 1, k] + hprev[j, k] + shift)
                u = up + dxb[i, k]
                t = t if t <= u else u
                u = left[k] + dyb[j, k]
                t = t if t <= u else u
                diag[k] = up
                left[k] = t
                row[j + 1, k] = t
        nb = hi[i + 1] if i + 1 < n else b
        for j in range(b + 2, nb + 2):
            for k in range(LANES):
                row[j, k] = inf
        hprev, hcur = hcur, hprev
    for k in range(LANES):
        out[k] = row[m, k]


@njit(cache=True)
def _run_block(X, Y, pa, pb, start, count, n, m, lo, hi, nu, extra, out):
    d = X.shape[2]
    if count < LANES // 4:
        for p in range(start, start + count):
            x = X[pa[p]]
            y = Y[pb[p]]
            dx = _deletions(x, n, extra)
            dy = _deletions(y, m, extra)
            out[p] = _rows(
                x, y, n, m, lo, hi, nu, dx, dy, np.empty(m + 1), np.empty(m + 1)
            )
        return
    xb = np.empty((n, d, LANES))
    yb = np.empty((m, d, LANES))
    row = np.empty((m + 1, LANES))
    hprev = np.empty((m + 1, LANES))
    hcur = np.empty((m + 1, LANES))
    dxb = np.empty((n, LANES))
    dyb = np.empty((m, LANES))
    buf = np.empty((2, LANES))
    res = np.empty(LANES)
    end = start + count
    for s in range(start, end, LANES):
        last = min(s + LANES, end) - 1
        load_lanes(X, Y, pa, pb, s, last, n, m, xb, yb)
        _block(xb, yb, n, m, lo, hi, nu, extra, row, hprev, hcur, dxb, dyb, buf, res)
        for k in range(last - s + 1):
            out[s + k] = res[k]


@njit(cache=True, parallel=True)
def pairwise(X, x_len, Y, y_len, pa, pb, blocks, radius, params, out):
    nu = params[0]
    extra = nu + params[1]
    for bi in prange(blocks.shape[0]):
        start, count, n, m, lo, hi = block_shape(
            blocks, bi, x_len, y_len, pa, pb, radius
        )
        _run_block(X, Y, pa, pb, start, count, n, m, lo, hi, nu, extra, out)
