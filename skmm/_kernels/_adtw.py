"""Amerced DTW (Herrmann and Webb, 2023): kernels of the registry.

DTW on the squared Euclidean cost with an additive ``warp_penalty`` on every
step that is not diagonal, so that warping is paid for. ``params =
[warp_penalty]``. See :mod:`skmm._kernels._elastic` for the functions every
measure module exports.
"""

import numpy as np
from numba import njit, prange

from ._elastic import (
    accumulate,
    backtrack_steps,
    band_bounds,
    weighted_dtw_rows,
    weighted_dtw_run_block,
    weighted_dtw_steps,
)


@njit(cache=True)
def distance(x, y, lo, hi, params):
    n = x.shape[0]
    m = y.shape[0]
    prev = np.empty(m + 1)
    cur = np.empty(m + 1)
    w = np.ones(max(n, m))
    return weighted_dtw_rows(x, y, n, m, lo, hi, w, params[0], prev, cur)


@njit(cache=True)
def step_costs(x, y, lo, hi, params):
    w = np.ones(max(x.shape[0], y.shape[0]))
    return weighted_dtw_steps(x, y, lo, hi, w, params[0])


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
    for bi in prange(blocks.shape[0]):
        start = blocks[bi, 0]
        n = x_len[pa[start]]
        m = y_len[pb[start]]
        lo, hi = band_bounds(n, m, radius)
        weighted_dtw_run_block(
            X,
            Y,
            pa,
            pb,
            start,
            blocks[bi, 1],
            n,
            m,
            lo,
            hi,
            np.ones(max(n, m)),
            params[0],
            out,
        )
