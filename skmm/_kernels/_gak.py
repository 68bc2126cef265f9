"""Numba kernels of the global alignment kernel (Cuturi, 2011).

The unnormalised kernel sums, over every alignment path, the product of the
local kernel ``kappa(i, j) = k / (2 - k)`` with
``k = w(i - j) exp(-|x_i - y_j|^2 / (2 sigma^2))`` along the path:
``M[i, j] = kappa(i, j) (M[i-1, j] + M[i, j-1] + M[i-1, j-1])``, ``M[0, 0] = 1``.
The triangular weight ``w(d) = max(0, 1 - |d| / T)`` (Cuturi's ``T``; no weight
when ``T <= 0``) keeps the kernel positive definite while only cells with
``|i - j| < T`` contribute.

The sum over paths grows like the Delannoy numbers (past float64 for series of
a few hundred frames) or underflows when frames differ, so the recursion keeps
one row in linear space, rescaled by its largest value after each row, and
accumulates the logarithms of the scales: one log per row and one
(vectorised) exp per cell, where a log-space recursion would pay a log and
two exps per cell.
Contributions below ``1e-300`` of their row's largest value are dropped
(flushed to 0, so no subnormal arithmetic slows the sweep); a cell that
small cannot change the logarithm of the result unless the whole kernel is
below ``exp(-690)`` of its row's paths.
"""

import numpy as np
from numba import njit, prange

from ._math import NO_REASSOC as _FM
from ._math import exp_nonpositive  # vectorisable, unlike libm's exp

_TINY = 1e-300


@njit(cache=True, fastmath=_FM, error_model="numpy")
def log_gak(x, y, inv_two_sigma2, triangular):
    """Natural logarithm of the unnormalised GAK of ``x`` ``(n, d)`` and ``y``.

    ``-inf`` when no path has a positive weight (for example when the
    lengths differ by ``triangular`` or more). Each row first computes its
    local kernels as SIMD loops (channel-major ``y``), then runs the
    sequential recursion, then rescales.
    """
    n, d = x.shape
    m = y.shape[0]
    log_w = np.zeros(max(n, m))
    if triangular > 0:
        for k in range(log_w.size):
            log_w[k] = np.log(1.0 - k / triangular) if k < triangular else -np.inf
    yt = np.empty((d, m))
    for ch in range(d):
        for j in range(m):
            yt[ch, j] = y[j, ch]
    prev = np.zeros(m + 1)
    cur = np.zeros(m + 1)
    kappa = np.empty(m)
    prev[0] = 1.0
    log_scale = 0.0
    for i in range(n):
        lo = 0
        hi = m - 1
        if triangular > 0:
            lo = max(0, i - triangular + 1)
            hi = min(m - 1, i + triangular - 1)
            if lo > hi:
                return -np.inf
        cnt = hi - lo + 1
        # kappa = k / (2 - k), k = w(i - j) exp(-|x_i - y_j|^2 / (2 sigma^2))
        ks = kappa[lo : hi + 1]
        xi = x[i, 0]
        ys = yt[0, lo : hi + 1]
        for p in range(cnt):
            diff = xi - ys[p]
            ks[p] = diff * diff * inv_two_sigma2
        for ch in range(1, d):
            xi = x[i, ch]
            ys = yt[ch, lo : hi + 1]
            for p in range(cnt):
                diff = xi - ys[p]
                ks[p] += diff * diff * inv_two_sigma2
        if triangular > 0:
            for p in range(cnt):
                ks[p] -= log_w[abs(i - lo - p)]
        for p in range(cnt):
            k = exp_nonpositive(-ks[p])
            ks[p] = k / (2.0 - k)
        # cur[j + 1] holds cell (i, j); cur[lo] is the cell left of the band
        cur[lo] = 0.0
        left = 0.0
        for j in range(lo, hi + 1):
            v = (prev[j + 1] + prev[j] + left) * kappa[j]
            cur[j + 1] = v
            left = v
        if hi + 2 <= m:
            cur[hi + 2] = 0.0
        top = 0.0
        for j in range(lo + 1, hi + 2):
            if cur[j] > top:
                top = cur[j]
        if top == 0.0:
            return -np.inf
        inv = 1.0 / top
        for j in range(lo + 1, hi + 2):
            v = cur[j] * inv
            cur[j] = v if v > _TINY else 0.0
        log_scale += np.log(top)
        prev, cur = cur, prev
        # the boundary column: M[i, -1] = 0 for every row past the first
        prev[0] = 0.0
    if prev[m] == 0.0:
        return -np.inf
    return np.log(prev[m]) + log_scale


@njit(cache=True, parallel=True)
def pairs_log_gak(X, x_len, Y, y_len, pa, pb, inv_two_sigma2, triangular, out):
    """``out[k] = log_gak(X[pa[k]], Y[pb[k]])`` over a flat list of pairs."""
    for k in prange(pa.size):
        a = pa[k]
        b = pb[k]
        out[k] = log_gak(X[a, : x_len[a]], Y[b, : y_len[b]], inv_two_sigma2, triangular)
