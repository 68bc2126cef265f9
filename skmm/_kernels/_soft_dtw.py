"""Numba kernels of soft-DTW (Cuturi and Blondel, 2017): value and gradient.

Forward. ``R[i, j] = D[i, j] + softmin_gamma(R[i-1, j-1], R[i-1, j], R[i, j-1])``
with ``softmin_gamma(a) = -gamma log sum exp(-a / gamma)``. Every cell costs an
exp per predecessor and a log, and along a row each cell waits for its left
neighbour, so :func:`soft_value_grad` sweeps whole anti-diagonals instead (the
cells of one are independent), computing the cost on the fly, with a
vectorised exp and log (see the comment above it).

Backward. The derivative of the softmin with respect to a predecessor is that
predecessor's softmin weight, which the forward pass has just computed: storing
the three weights per cell turns the backward recursion of the soft alignment
matrix ``E = dR[n-1, m-1] / dD`` into multiply-adds, with no exp at all.
"""

import numpy as np
from numba import njit, prange

from ._math import NO_REASSOC as _FM
from ._math import exp_nonpositive

# --- Vectorised kernel: anti-diagonal layout, polynomial exp and log --------
#
# On a 2-D grid the cells of one anti-diagonal ``T = I + J`` are independent.
# Stored diagonal by diagonal (indexed by the row ``I``), the three
# predecessors of the cells of diagonal ``T`` are contiguous slices of
# diagonals ``T - 1`` and ``T - 2``, so the loop over a diagonal is a plain
# SIMD loop. libm's exp and log cannot be vectorised by LLVM (no SVML), so the
# kernel uses skmm's shared exponential (_math.exp_nonpositive: Cody-Waite
# reduction and a polynomial, relative error ~2e-16) and its own
# ``2 atanh((t - 1) / (t + 1))`` for the log of the softmin's sum of three
# weights (in [1, 3]; error ~1e-16). Both are branch-free (selects), so the
# whole cell update vectorises. No "reassoc" fast-math here (NO_REASSOC): it
# would fold away the rounding constant.

_LN2 = 0.6931471805599453
_SQRT2 = 1.4142135623730951


@njit(cache=True, inline="always")
def _diagonal_rows(T, n, m, radius):
    """Rows ``lo..hi`` (1-based) of the cells of anti-diagonal ``T = I + J``.

    The cells inside the ``n x m`` grid and, when ``radius >= 0``, inside the
    Sakoe-Chiba band ``J - I`` in ``[dlo, dhi]`` (widened by the length
    difference along the longer series, as :func:`skmm.alignment.dtw` does).
    Both ends are non-decreasing in ``T`` and grow by at most one per step
    (two for the grid's ``T - m``), which the sweeps below rely on; a banded
    diagonal may be empty (``hi = lo - 1``).
    """
    lo = max(1, T - m)
    hi = min(n, T - 1)
    if radius >= 0:
        dlo = -radius - max(n - m, 0)
        dhi = radius + max(m - n, 0)
        lo = max(lo, -((dhi - T) // 2))  # ceil((T - dhi) / 2)
        hi = min(hi, (T - dlo) // 2)
    return lo, hi


@njit(cache=True, fastmath=_FM, error_model="numpy")
def soft_value_grad(x, y, gamma, need_grad, radius=-1):
    """Soft-DTW of ``x`` ``(n, d)`` and ``y`` ``(m, d)``, and its alignment.

    Returns ``(value, E)`` with ``E`` the soft alignment matrix ``(n, m)``
    (``(0, 0)`` when ``need_grad`` is False). The squared Euclidean cost is
    computed on the fly, diagonal by diagonal. Cells are indexed ``(I, J)``
    with the boundary at ``I = 0`` or ``J = 0``; the weights of diagonal
    ``T`` are packed one after the other, ``W[k, off[T] + I - lo(T) + 1]``
    with a zero pad on both sides (``k``: diagonal, upper, left predecessor):
    a fresh buffer costs page faults, so it holds nothing unused.

    ``radius >= 0`` restricts the cells to a Sakoe-Chiba band: each diagonal
    sweeps only its cells inside the band, and the two cells just outside it
    hold ``inf`` (forward: a softmin weight of 0) and 0 (backward), so the
    loops and the vectorised exp/log stay as they are.
    """
    n, d = x.shape
    m = y.shape[0]
    inv_gamma = 1.0 / gamma
    inf = np.inf
    # channel-major copies, y reversed in time: the cost of a diagonal reads
    # both contiguously
    xt = np.empty((d, n))
    yr = np.empty((d, m))
    for ch in range(d):
        for i in range(n):
            xt[ch, i] = x[i, ch]
        for j in range(m):
            yr[ch, j] = y[m - 1 - j, ch]
    R = np.empty((3, n + 2))
    cost = np.empty(n + 1)
    mins = np.empty(n + 1)
    mids = np.empty(n + 1)
    z = np.empty(2 * n + 2)
    width = min(n, m) + 2
    off = np.zeros(n + m + 3, dtype=np.int64)
    for T in range(n + m + 1):
        lo, hi = _diagonal_rows(T, n, m, radius)
        off[T + 1] = off[T] + max(hi - lo + 1, 0) + 2
    off[n + m + 2] = off[n + m + 1] + width
    W = np.empty((3, off[n + m + 2] if need_grad else width))
    R[0, 0] = 0.0
    for T in range(1, n + m + 1):
        cur = R[T % 3]
        prev1 = R[(T - 1) % 3]
        prev2 = R[(T - 2) % 3]
        if T <= m:
            cur[0] = inf
        if T <= n:
            cur[T] = inf
        lo, hi = _diagonal_rows(T, n, m, radius)
        cnt = hi - lo + 1
        if radius >= 0:
            # the neighbours just outside the band read as inf (unconditional
            # stores here cost the unbanded sweep ~15%)
            cur[lo - 1] = inf
            cur[hi + 1] = inf
        # without the gradient, every diagonal's weights go to row 0
        w0 = off[T] if need_grad else 0
        if cnt <= 0:
            if need_grad:
                for k in range(3):
                    W[k, w0] = 0.0
                    W[k, w0 + 1] = 0.0
            continue
        # cost of cell (I, J): x[I - 1] against y[J - 1] = yr[m - T + I]
        xo = lo - 1
        yo = m - T + lo
        xs = xt[0, xo : xo + cnt]
        ys = yr[0, yo : yo + cnt]
        for p in range(cnt):
            diff = xs[p] - ys[p]
            cost[p] = diff * diff
        for ch in range(1, d):
            xs = xt[ch, xo : xo + cnt]
            ys = yr[ch, yo : yo + cnt]
            for p in range(cnt):
                diff = xs[p] - ys[p]
                cost[p] += diff * diff
        wd = W[0, w0 : w0 + cnt + 2]
        wu = W[1, w0 : w0 + cnt + 2]
        wl = W[2, w0 : w0 + cnt + 2]
        wd[0] = 0.0
        wu[0] = 0.0
        wl[0] = 0.0
        wd[cnt + 1] = 0.0
        wu[cnt + 1] = 0.0
        wl[cnt + 1] = 0.0
        # softmin of the predecessors (a, b, c): with mn, md, mx their sorted
        # values, mn - gamma log(1 + exp((mn - md) / gamma) + exp((mn - mx) / gamma))
        # predecessors of cell (lo + p, T - lo - p), as slices indexed from 0
        # (see the backward pass)
        pa = prev2[lo - 1 : hi]
        pb = prev1[lo - 1 : hi]
        pc = prev1[lo : hi + 1]
        rc = cur[lo : hi + 1]
        for p in range(cnt):
            a = pa[p]
            b = pb[p]
            c = pc[p]
            lo_ab = a if a < b else b
            hi_ab = b if a < b else a
            mn = lo_ab if lo_ab < c else c
            mx = hi_ab if hi_ab > c else c
            md = hi_ab if hi_ab < c else c
            md = md if md > lo_ab else lo_ab
            mins[p] = mn
            mids[p] = md
            z[p] = (mn - md) * inv_gamma
            z[cnt + p] = (mn - mx) * inv_gamma
        # exp(v) for v <= 0 (-inf and v < -708 give 0), vectorised
        for q in range(2 * cnt):
            z[q] = exp_nonpositive(z[q])
        for p in range(cnt):
            e_mid = z[p]
            e_max = z[cnt + p]
            total = 1.0 + e_mid + e_max
            # log(total), total in [1, 3]: halved above sqrt(2), then
            # 2 atanh(s) with s = (u - 1) / (u + 1), |s| <= 0.2
            big = total > _SQRT2
            u = total * 0.5 if big else total
            s = (u - 1.0) / (u + 1.0)
            s2 = s * s
            s4 = s2 * s2
            s8 = s4 * s4
            lg = (1.0 + s2 * (1.0 / 3.0)) + (1.0 / 5.0 + s2 * (1.0 / 7.0)) * s4
            lg += (
                (1.0 / 9.0 + s2 * (1.0 / 11.0)) + (1.0 / 13.0 + s2 * (1.0 / 15.0)) * s4
            ) * s8
            lg += (
                (1.0 / 17.0 + s2 * (1.0 / 19.0)) + (1.0 / 21.0 + s2 * (1.0 / 23.0)) * s4
            ) * (s8 * s8)
            lg = 2.0 * s * lg
            lg = lg + _LN2 if big else lg
            mn = mins[p]
            md = mids[p]
            rc[p] = cost[p] + mn - gamma * lg
            # a predecessor equal to the minimum has weight exp(0) = 1; ties
            # give equal exponentials, so the order of the tests is free
            a = pa[p]
            b = pb[p]
            c = pc[p]
            inv = 1.0 / total
            ea = 1.0 if a == mn else (e_mid if a == md else e_max)
            eb = 1.0 if b == mn else (e_mid if b == md else e_max)
            ec = 1.0 if c == mn else (e_mid if c == md else e_max)
            wd[p + 1] = ea * inv
            wu[p + 1] = eb * inv
            wl[p + 1] = ec * inv
    value = R[(n + m) % 3, n]
    if not need_grad:
        return value, np.empty((0, 0))
    # backward: E(I, J) = E(I+1, J) wu(I+1, J) + E(I+1, J+1) wd(I+1, J+1)
    #                     + E(I, J+1) wl(I, J+1), diagonal by diagonal
    # cells outside the band are never written: they stay 0
    E = np.empty((n, m)) if radius < 0 else np.zeros((n, m))
    for k in range(3):
        for q in range(off[n + m + 1], off[n + m + 2]):
            W[k, q] = 0.0
    B = np.zeros((3, n + 2))
    B[(n + m) % 3, n] = 1.0
    E[n - 1, m - 1] = 1.0
    for T in range(n + m - 1, 1, -1):
        cur = B[T % 3]
        nxt1 = B[(T + 1) % 3]
        nxt2 = B[(T + 2) % 3]
        lo, hi = _diagonal_rows(T, n, m, radius)
        cnt = hi - lo + 1
        lo1 = _diagonal_rows(T + 1, n, m, radius)[0]
        lo2 = _diagonal_rows(T + 2, n, m, radius)[0]
        wu1 = W[1, off[T + 1] : off[T + 2]]
        wl1 = W[2, off[T + 1] : off[T + 2]]
        wd2 = W[0, off[T + 2] : off[T + 3]]
        # positions of cell I's successors in the compact weight rows
        o1 = lo - lo1 + 1
        o2 = lo + 1 - lo2 + 1
        # slices indexed from 0 (an index of unknown sign would go through
        # numba's negative-index wraparound and block vectorisation)
        e_cur = cur[lo : hi + 1]
        e_down = nxt1[lo + 1 : hi + 2]
        e_right = nxt1[lo : hi + 1]
        e_diag = nxt2[lo + 1 : hi + 2]
        w_down = wu1[o1 + 1 : o1 + 1 + cnt]
        w_right = wl1[o1 : o1 + cnt]
        w_diag = wd2[o2 : o2 + cnt]
        for p in range(cnt):
            e_cur[p] = (
                e_down[p] * w_down[p] + e_diag[p] * w_diag[p] + e_right[p] * w_right[p]
            )
        cur[lo - 1] = 0.0
        cur[hi + 1] = 0.0
        for p in range(cnt):
            i = lo + p
            E[i - 1, T - i - 1] = cur[i]
    return value, E


@njit(cache=True, parallel=True)
def barycenter_objective(Z, X, x_len, weights, gamma, radius):
    """Weighted sum of soft-DTW(Z, X[s]) and its gradient with respect to ``Z``.

    ``X`` is ``(n_series, max_length, d)`` with lengths ``x_len``; series of
    weight 0 are skipped. The series run in parallel, each through
    :func:`soft_value_grad`; the gradient of one term is
    ``2 (Z * E.sum(axis=1) - E @ X[s])``.
    """
    n_series = X.shape[0]
    lz, d = Z.shape
    values = np.zeros(n_series)
    grads = np.zeros((n_series, lz, d))
    for s in prange(n_series):
        w = weights[s]
        if w == 0.0:
            continue
        n = x_len[s]
        y = X[s, :n]
        value, E = soft_value_grad(Z, y, gamma, True, radius)
        values[s] = w * value
        g = grads[s]
        for i in range(lz):
            row = 0.0
            for j in range(n):
                row += E[i, j]
            for ch in range(d):
                acc = 0.0
                for j in range(n):
                    acc += E[i, j] * y[j, ch]
                g[i, ch] = 2.0 * w * (Z[i, ch] * row - acc)
    return values.sum(), grads.sum(axis=0)


@njit(cache=True, parallel=True)
def pairs_soft_dtw(X, x_len, Y, y_len, pa, pb, gamma, radius, out):
    """``out[k] = soft-DTW(X[pa[k]], Y[pb[k]])`` over a flat list of pairs."""
    for k in prange(pa.size):
        a = pa[k]
        b = pb[k]
        out[k] = soft_value_grad(
            X[a, : x_len[a]], Y[b, : y_len[b]], gamma, False, radius
        )[0]
