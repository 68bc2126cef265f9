"""Kernels of kernel mean matching: an accelerated projected-gradient QP.

Pure functions over NumPy arrays, no scikit-learn inside: jitted helpers (the
projection, the symmetrisation, a Gershgorin bound) and :func:`kmm_solve`, a
FISTA driver whose product with the kernel matrix is BLAS ``symv``. The adapter
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

__all__ = [
    "gershgorin_bound",
    "kmm_objective",
    "kmm_solve",
    "project_box_slab",
    "symmetrize_inplace",
]


@njit(cache=True)
def gershgorin_bound(K):
    """``max_i sum_j |K[i, j]|``, a bound of the largest eigenvalue, in place."""
    best = 0.0
    for i in range(K.shape[0]):
        total = 0.0
        for j in range(K.shape[1]):
            total += abs(K[i, j])
        best = max(best, total)
    return best


@njit(cache=True)
def symmetrize_inplace(K):
    """``K <- (K + K^T) / 2`` without a second ``n x n`` array."""
    n = K.shape[0]
    for i in range(n):
        for j in range(i + 1, n):
            v = 0.5 * (K[i, j] + K[j, i])
            K[i, j] = v
            K[j, i] = v


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


# FISTA is not monotone: the objective is judged settled over this many steps
_WINDOW = 20


def kmm_solve(K, kappa, upper, lo, hi, lipschitz, max_iter, tol):
    """Minimise the KMM quadratic program by FISTA from ``b = 1``.

    One product with ``K`` per iteration, by BLAS ``symv`` on one triangle of
    the symmetric matrix (half the memory traffic of a general product, which
    is what bounds the time once ``K`` outgrows the caches): ``K b`` of each
    iterate is kept, and the extrapolated point's ``K z`` is the same
    combination of the last two. The momentum restarts when it climbs
    (O'Donoghue & Candes, 2015). The driver is plain Python around BLAS and the
    jitted projection; each iteration's other work is a few vector operations.

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
        Stop when a step changes ``b`` by at most ``tol * max(1, ||b||)``, or
        the objective has settled: it fell by at most
        ``tol * max(1, |objective|)`` over the last ``_WINDOW`` iterations.

    Returns
    -------
    b : ndarray of shape (n,)
        The weights.
    n_iter : int
        Iterations run.
    """
    from scipy.linalg.blas import get_blas_funcs

    K = np.ascontiguousarray(K, dtype=np.float64)
    KF = K.T  # Fortran-ordered view: symv reads its upper triangle, no copy
    symv = get_blas_funcs("symv", (KF,))
    kappa = np.asarray(kappa, dtype=np.float64)
    b = project_box_slab(np.ones(K.shape[0]), upper, lo, hi)
    Kb = symv(1.0, KF, b)
    history = np.full(_WINDOW, np.inf)  # objectives of the last iterations
    z, Kz = b.copy(), Kb.copy()
    t = 1.0
    step = 1.0 / lipschitz
    n_iter = 0
    for it in range(max_iter):
        n_iter = it + 1
        grad = Kz - kappa
        b_new = project_box_slab(z - step * grad, upper, lo, hi)
        Kb_new = symv(1.0, KF, b_new)
        f_new = 0.5 * np.dot(b_new, Kb_new) - np.dot(kappa, b_new)
        diff = b_new - b
        if np.dot(grad, diff) > 0.0:
            t_new = 1.0
            z, Kz = b_new.copy(), Kb_new.copy()
        else:
            t_new = 0.5 * (1.0 + np.sqrt(1.0 + 4.0 * t * t))
            c = (t - 1.0) / t_new
            z = b_new + c * diff
            Kz = Kb_new + c * (Kb_new - Kb)
        change = np.sqrt(np.dot(diff, diff))
        oldest = history[it % _WINDOW]
        history[it % _WINDOW] = f_new
        settled = oldest - f_new <= tol * max(1.0, abs(f_new))
        b, Kb, t = b_new, Kb_new, t_new
        if change <= tol * max(1.0, np.sqrt(np.dot(b, b))) or settled:
            break
    return b, n_iter
