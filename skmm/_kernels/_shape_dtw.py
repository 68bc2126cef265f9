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
from ._elastic import FASTMATH, LANES, block_shape, sq_dist


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


# The row loop of _dtw._pair_dtw on descriptor costs, carrying the raw cost of
# the path next to the accumulated one (_block is its lane form; see
# _elastic's docstring for why each measure keeps its own loops).
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


# the accumulation of _dtw.cost_matrix (and accumulate_cost), fused with the
# descriptor cost: one pass and no (n, m) matrix of local costs, which the
# path of a long pair pays for (10% slower through accumulate_cost)
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


@njit(cache=True, fastmath=FASTMATH)
def _block(xpb, ypb, n, m, lo, hi, reach, row, rrow, cost, rawc, buf, out):
    """:func:`_rows` for ``LANES`` pairs at once.

    ``xpb (n + 2 reach, d, LANES)`` and ``ypb`` hold the padded series. The
    window sums run over the lanes, each lane adding its terms in the order
    of :func:`_local`, so the values equal the one-pair kernel's. ``buf`` is
    ``(4, LANES)`` scratch for the carried predecessors.
    """
    d = xpb.shape[1]
    width = 2 * reach + 1
    inf = np.inf
    diag = buf[0]
    diag_r = buf[1]
    left = buf[2]
    left_r = buf[3]
    for j in range(m + 1):
        for k in range(LANES):
            row[j, k] = inf
            rrow[j, k] = 0.0
    for k in range(LANES):
        row[0, k] = 0.0
    for i in range(n):
        a = lo[i]
        b = hi[i]
        for j in range(a, b + 1):
            for k in range(LANES):
                cost[j, k] = 0.0
                rawc[j, k] = 0.0
            for w in range(width):
                for ch in range(d):
                    for k in range(LANES):
                        diff = xpb[i + w, ch, k] - ypb[j + w, ch, k]
                        cost[j, k] += diff * diff
            for ch in range(d):
                for k in range(LANES):
                    diff = xpb[i + reach, ch, k] - ypb[j + reach, ch, k]
                    rawc[j, k] += diff * diff
        for k in range(LANES):
            diag[k] = row[a, k]
            diag_r[k] = rrow[a, k]
            left[k] = inf
            left_r[k] = 0.0
            row[a, k] = inf
        for j in range(a, b + 1):
            for k in range(LANES):
                dg = diag[k]
                up = row[j + 1, k]
                lf = left[k]
                up_r = rrow[j + 1, k]
                if dg <= up and dg <= lf:
                    t = dg
                    r = diag_r[k]
                elif up <= lf:
                    t = up
                    r = up_r
                else:
                    t = lf
                    r = left_r[k]
                v = cost[j, k] + t
                vr = rawc[j, k] + r
                diag[k] = up
                diag_r[k] = up_r
                left[k] = v
                left_r[k] = vr
                row[j + 1, k] = v
                rrow[j + 1, k] = vr
        nb = hi[i + 1] if i + 1 < n else b
        for j in range(b + 2, nb + 2):
            for k in range(LANES):
                row[j, k] = inf
    for k in range(LANES):
        out[k] = rrow[m, k]


@njit(cache=True)
def _run_block(X, Y, pa, pb, start, count, n, m, lo, hi, reach, out):
    d = X.shape[2]
    if count < LANES // 4:
        for p in range(start, start + count):
            out[p] = _rows(X[pa[p]], Y[pb[p]], n, m, lo, hi, reach)
        return
    xpb = np.empty((n + 2 * reach, d, LANES))
    ypb = np.empty((m + 2 * reach, d, LANES))
    row = np.empty((m + 1, LANES))
    rrow = np.empty((m + 1, LANES))
    cost = np.empty((m, LANES))
    rawc = np.empty((m, LANES))
    buf = np.empty((4, LANES))
    res = np.empty(LANES)
    end = start + count
    for s in range(start, end, LANES):
        last = min(s + LANES, end) - 1
        for k in range(LANES):
            p = min(s + k, last)
            for t in range(n + 2 * reach):
                src = min(max(t - reach, 0), n - 1)
                for ch in range(d):
                    xpb[t, ch, k] = X[pa[p], src, ch]
            for t in range(m + 2 * reach):
                src = min(max(t - reach, 0), m - 1)
                for ch in range(d):
                    ypb[t, ch, k] = Y[pb[p], src, ch]
        _block(xpb, ypb, n, m, lo, hi, reach, row, rrow, cost, rawc, buf, res)
        for k in range(last - s + 1):
            out[s + k] = res[k]


@njit(cache=True, parallel=True)
def pairwise(X, x_len, Y, y_len, pa, pb, blocks, radius, params, out):
    reach = int(params[0])
    for bi in prange(blocks.shape[0]):
        start, count, n, m, lo, hi = block_shape(
            blocks, bi, x_len, y_len, pa, pb, radius
        )
        _run_block(X, Y, pa, pb, start, count, n, m, lo, hi, reach, out)
