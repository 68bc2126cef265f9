"""Numba kernels of soft-DTW (Cuturi and Blondel, 2017): value and gradient.

Forward. ``R[i, j] = D[i, j] + softmin_gamma(R[i-1, j-1], R[i-1, j], R[i, j-1])``
with ``softmin_gamma(a) = -gamma log sum exp(-a / gamma)``. Every cell costs an
exp per predecessor and a log, and along a row each cell waits for its left
neighbour, so a row-by-row loop runs at the latency of exp + log. The forward
kernel sweeps stripes of ``STRIPE`` rows along anti-diagonals instead: the cells
``(i + s, t - s)`` of one step are independent, so the out-of-order core keeps
``STRIPE`` exp/log chains in flight.

Backward. The derivative of the softmin with respect to a predecessor is that
predecessor's softmin weight, which the forward pass has just computed: storing
the three weights per cell turns the backward recursion of the soft alignment
matrix ``E = dR[n-1, m-1] / dD`` into multiply-adds, with no exp at all.
"""

import numpy as np
from numba import njit

STRIPE = 8


@njit(cache=True, fastmath={"nsz", "arcp", "contract"})
def soft_forward(D, gamma, weights):
    """Soft-DTW accumulated matrix ``R`` of shape ``(n + 1, m + 1)``.

    ``R[i + 1, j + 1]`` is the soft cost of cell ``(i, j)``; row and column 0
    are the boundary (``R[0, 0] = 0``, others ``inf``). When ``weights`` has
    shape ``(n, m, 3)`` it receives the softmin weights of the diagonal, upper
    and left predecessors of every cell (pass a ``(0, 0, 3)`` array to skip).
    """
    n, m = D.shape
    inv_gamma = 1.0 / gamma
    store = weights.shape[0] == n
    R = np.empty((n + 1, m + 1))
    R[0, 0] = 0.0
    for j in range(1, m + 1):
        R[0, j] = np.inf
    for i in range(1, n + 1):
        R[i, 0] = np.inf
    for i0 in range(0, n, STRIPE):
        rows = min(STRIPE, n - i0)
        for t in range(m + rows - 1):
            for s in range(rows):
                j = t - s
                if j < 0 or j >= m:
                    continue
                i = i0 + s
                a = R[i, j]
                b = R[i, j + 1]
                c = R[i + 1, j]
                r = a if a < b else b
                r = r if r < c else c
                ea = np.exp((r - a) * inv_gamma)
                eb = np.exp((r - b) * inv_gamma)
                ec = np.exp((r - c) * inv_gamma)
                total = ea + eb + ec
                R[i + 1, j + 1] = D[i, j] + r - gamma * np.log(total)
                if store:
                    inv = 1.0 / total
                    weights[i, j, 0] = ea * inv
                    weights[i, j, 1] = eb * inv
                    weights[i, j, 2] = ec * inv
    return R


@njit(cache=True, fastmath={"nsz", "arcp", "contract"})
def soft_backward(weights):
    """Soft alignment matrix ``E[i, j] = dR[n-1, m-1] / dD[i, j]``."""
    n, m = weights.shape[0], weights.shape[1]
    E = np.zeros((n + 1, m + 1))
    E[n - 1, m - 1] = 1.0
    # weights of cells outside the matrix are zero: pad with a zero row/column
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            if i == n - 1 and j == m - 1:
                continue
            total = 0.0
            if i + 1 < n:
                total += E[i + 1, j] * weights[i + 1, j, 1]
                if j + 1 < m:
                    total += E[i + 1, j + 1] * weights[i + 1, j + 1, 0]
            if j + 1 < m:
                total += E[i, j + 1] * weights[i, j + 1, 2]
            E[i, j] = total
    return E[:n, :m].copy()


@njit(cache=True, fastmath={"nsz", "arcp", "contract"})
def squared_cost(x, y):
    """Squared Euclidean cost matrix, frame by frame (no cancellation)."""
    n, d = x.shape
    m = y.shape[0]
    D = np.empty((n, m))
    for i in range(n):
        for j in range(m):
            c = 0.0
            for ch in range(d):
                diff = x[i, ch] - y[j, ch]
                c += diff * diff
            D[i, j] = c
    return D
