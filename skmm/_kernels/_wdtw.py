"""Weighted DTW (Jeong, Jeong and Omitaomu, 2011): kernels of the registry.

The local cost of cell ``(i, j)`` is ``w(|i - j|) ||x_i - y_j||^2`` with the
logistic weight ``w(k) = 1 / (1 + exp(-g (k - max(n, m) / 2)))``: the further a
cell lies from the diagonal, the more it costs. ``params = [g]``. See
:mod:`skmm._kernels._elastic` for the functions every measure module exports.
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
def weights(n, m, g):
    """Logistic weight of every lag ``0 .. max(n, m) - 1``."""
    size = max(n, m)
    half = size / 2.0
    w = np.empty(size)
    for k in range(size):
        w[k] = 1.0 / (1.0 + np.exp(-g * (k - half)))
    return w


@njit(cache=True)
def distance(x, y, lo, hi, params):
    n = x.shape[0]
    m = y.shape[0]
    prev = np.empty(m + 1)
    cur = np.empty(m + 1)
    return weighted_dtw_rows(
        x, y, n, m, lo, hi, weights(n, m, params[0]), 0.0, prev, cur
    )


@njit(cache=True)
def step_costs(x, y, lo, hi, params):
    return weighted_dtw_steps(
        x, y, lo, hi, weights(x.shape[0], y.shape[0], params[0]), 0.0
    )


cost_matrix, alignment_path = step_path_functions(step_costs)


@njit(cache=True, parallel=True)
def pairwise(X, x_len, Y, y_len, pa, pb, blocks, radius, params, out):
    for bi in prange(blocks.shape[0]):
        start, count, n, m, lo, hi = block_shape(
            blocks, bi, x_len, y_len, pa, pb, radius
        )
        w = weights(n, m, params[0])
        weighted_dtw_run_block(X, Y, pa, pb, start, count, n, m, lo, hi, w, 0.0, out)
