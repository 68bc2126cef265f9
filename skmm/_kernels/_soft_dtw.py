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


@njit(cache=True, fastmath={"nsz", "arcp", "contract"}, error_model="numpy")
def soft_forward(D, gamma, weights):
    """Soft-DTW accumulated matrix ``R`` of shape ``(n + 1, m + 1)``.

    ``R[i + 1, j + 1]`` is the soft cost of cell ``(i, j)``; row and column 0
    are the boundary (``R[0, 0] = 0``, others ``inf``). When ``weights`` has
    shape ``(3, n + 1, m + 1)`` (zeros) it receives the softmin weights of the
    diagonal, upper and left predecessors of every cell; its last row and
    column stay 0 (pass a ``(3, 0, 0)`` array to skip).
    """
    n, m = D.shape
    inv_gamma = 1.0 / gamma
    store = weights.shape[1] > n
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
                # the smallest term is exp(0) = 1: two exponentials per cell
                if a <= b and a <= c:
                    r = a
                    ea = 1.0
                    eb = np.exp((r - b) * inv_gamma)
                    ec = np.exp((r - c) * inv_gamma)
                elif b <= c:
                    r = b
                    ea = np.exp((r - a) * inv_gamma)
                    eb = 1.0
                    ec = np.exp((r - c) * inv_gamma)
                else:
                    r = c
                    ea = np.exp((r - a) * inv_gamma)
                    eb = np.exp((r - b) * inv_gamma)
                    ec = 1.0
                total = ea + eb + ec
                R[i + 1, j + 1] = D[i, j] + r - gamma * np.log(total)
                if store:
                    inv = 1.0 / total
                    weights[0, i, j] = ea * inv
                    weights[1, i, j] = eb * inv
                    weights[2, i, j] = ec * inv
    return R


@njit(cache=True, fastmath={"nsz", "arcp", "contract"}, error_model="numpy")
def soft_backward(weights):
    """Soft alignment matrix ``E[i, j] = dR[n-1, m-1] / dD[i, j]``."""
    # the zero row and column past the end spare the recursion border tests
    n, m = weights.shape[1] - 1, weights.shape[2] - 1
    wd = weights[0]
    wu = weights[1]
    wl = weights[2]
    E = np.zeros((n + 1, m + 1))
    E[n - 1, m - 1] = 1.0
    for j in range(m - 2, -1, -1):
        E[n - 1, j] = E[n - 1, j + 1] * wl[n - 1, j + 1]
    for i in range(n - 2, -1, -1):
        e_right = E[i + 1, m] * 0.0
        for j in range(m - 1, -1, -1):
            e_right = (
                E[i + 1, j] * wu[i + 1, j]
                + E[i + 1, j + 1] * wd[i + 1, j + 1]
                + e_right * wl[i, j + 1]
            )
            E[i, j] = e_right
    return E[:n, :m].copy()


@njit(cache=True, fastmath={"nsz", "arcp", "contract"}, error_model="numpy")
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
