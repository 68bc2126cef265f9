"""Numba kernel of kernel mean matching: an accelerated projected-gradient QP.

Pure functions over NumPy arrays, no scikit-learn inside. The adapter
:class:`skmm.colearning.KernelMeanMatching` validates inputs, builds the kernel
matrix and calls :func:`kmm_solve`.

The problem (Huang et al., 2007) is the box- and slab-constrained quadratic
program ``min_b 0.5 b'Kb - kappa'b`` subject to ``0 <= b <= B`` and
``lo <= sum(b) <= hi``. :func:`kmm_solve` runs FISTA (Beck & Teboulle, 2009)
with the exact Euclidean projection onto that feasible set
(:func:`project_box_slab`).
"""

import numpy as np
from numba import njit

__all__ = ["kmm_objective", "kmm_solve", "project_box_slab"]


@njit(cache=True)
def _clipped_sum(v, tau, upper):
    s = 0.0
    for i in range(v.shape[0]):
        x = v[i] - tau
        if x > upper:
            x = upper
        elif x < 0.0:
            x = 0.0
        s += x
    return s


@njit(cache=True)
def project_box_slab(v, upper, lo, hi):
    """Euclidean projection of ``v`` onto ``{0 <= b <= upper, lo <= sum(b) <= hi}``.

    The projection is ``clip(v - tau, 0, upper)`` with ``tau = 0`` when that sum
    already lies in ``[lo, hi]``, otherwise the ``tau`` that puts the sum on the
    violated bound, found by bisection (the sum decreases monotonically in
    ``tau``). The set must be non-empty: ``lo <= n * upper`` and ``hi >= 0``.
    """
    n = v.shape[0]
    out = np.empty(n)
    s = _clipped_sum(v, 0.0, upper)
    tau = 0.0
    if s > hi or s < lo:
        goal = hi if s > hi else lo
        a = np.min(v) - upper  # sum = n * upper >= goal
        b = np.max(v)  # sum = 0 <= goal
        for _ in range(200):
            tau = 0.5 * (a + b)
            if _clipped_sum(v, tau, upper) > goal:
                a = tau
            else:
                b = tau
            if b - a <= 1e-15 * (1.0 + abs(tau)):
                break
        tau = 0.5 * (a + b)
    for i in range(n):
        x = v[i] - tau
        if x > upper:
            x = upper
        elif x < 0.0:
            x = 0.0
        out[i] = x
    return out


@njit(cache=True)
def kmm_objective(K, kappa, b):
    """``0.5 b'Kb - kappa'b``."""
    return 0.5 * np.dot(b, np.dot(K, b)) - np.dot(kappa, b)


@njit(cache=True)
def kmm_solve(K, kappa, upper, lo, hi, lipschitz, max_iter, tol):
    """Minimise the KMM quadratic program by FISTA from ``b = 1``.

    Parameters
    ----------
    K : ndarray of shape (n, n)
        Symmetric positive semi-definite kernel matrix of the source rows.
    kappa : ndarray of shape (n,)
        Linear term ``(n_s / n_t) * K_st 1``.
    upper, lo, hi : float
        Box bound and bounds on ``sum(b)``.
    lipschitz : float
        An upper bound on the largest eigenvalue of ``K`` (the step is its
        inverse).
    max_iter : int
        Largest number of iterations.
    tol : float
        Stop when the step changes ``b`` by at most ``tol * max(1, ||b||)``.

    Returns
    -------
    b : ndarray of shape (n,)
        The weights.
    n_iter : int
        Iterations run.
    """
    n = K.shape[0]
    b = project_box_slab(np.ones(n), upper, lo, hi)
    z = b.copy()
    t = 1.0
    step = 1.0 / lipschitz
    n_iter = 0
    for it in range(max_iter):
        n_iter = it + 1
        grad = np.dot(K, z) - kappa
        b_new = project_box_slab(z - step * grad, upper, lo, hi)
        t_new = 0.5 * (1.0 + np.sqrt(1.0 + 4.0 * t * t))
        diff = b_new - b
        z = b_new + ((t - 1.0) / t_new) * diff
        # restart the momentum when it climbs (O'Donoghue & Candes, 2015)
        if np.dot(grad, diff) > 0.0:
            z = b_new.copy()
            t_new = 1.0
        change = np.sqrt(np.dot(diff, diff))
        b = b_new
        t = t_new
        if change <= tol * max(1.0, np.sqrt(np.dot(b, b))):
            break
    return b, n_iter
