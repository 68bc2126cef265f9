"""Amerced DTW (Herrmann and Webb, 2023): kernels of the registry.

DTW on the squared Euclidean cost with an additive ``warp_penalty`` on every
step that is not diagonal, so that warping is paid for. ``params =
[warp_penalty]``. See :mod:`skmm._kernels._elastic` for the functions every
measure module exports.
"""

import numpy as np
from numba import njit, prange

from ._elastic import (
    block_shape,
    step_path_functions,
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


cost_matrix, alignment_path = step_path_functions(step_costs)


@njit(cache=True, parallel=True)
def pairwise(X, x_len, Y, y_len, pa, pb, blocks, radius, params, out):
    for bi in prange(blocks.shape[0]):
        start, count, n, m, lo, hi = block_shape(
            blocks, bi, x_len, y_len, pa, pb, radius
        )
        w = np.ones(max(n, m))
        weighted_dtw_run_block(
            X, Y, pa, pb, start, count, n, m, lo, hi, w, params[0], out
        )
