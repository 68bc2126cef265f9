"""Kernels of entropic optimal transport: Sinkhorn's iterations in the log domain.

Pure functions over NumPy arrays, no scikit-learn inside. The adapters of
:mod:`skmm.colearning` build the cost matrix, call :func:`sinkhorn` and read
the plan with :func:`plan_from_potentials` or :func:`barycentric_map`.

Two solvers of the same problem, with the same stopping rule and the same
epsilon-scaling schedule: :func:`sinkhorn_log` iterates on the potentials
alone (jitted loops, memory of the cost matrix only); :func:`sinkhorn`
iterates in the scaling form on an absorbed kernel (two BLAS matrix-vector
products per iteration, a second ``n x m`` array), 2-7x faster, and is what
the adapters use.

Layout: the cost ``C`` is a C-contiguous ``(n, m)`` float64 array (source rows
by target rows); the marginals ``a`` (n,) and ``b`` (m,) are positive and sum
to one. The entropic plan is ``P_ij = exp((f_i + g_j - C_ij) / eps)`` for the
dual potentials ``f`` and ``g``.

Why the loops are shaped so. Each half-iteration of Sinkhorn replaces one
potential by a log-sum-exp over the other axis. Working on potentials (not on
the scalings ``u = exp(f / eps)``) keeps every exponent near zero, so no
value overflows or underflows at any ``eps`` (the scaling form divides by zero
as soon as ``exp(-C / eps)`` underflows). The shift of each log-sum-exp is the
potential being replaced, so one pass computes it: ``s_i = sum_j exp((f_i +
g_j - C_ij) / eps)`` is the row marginal of the current plan, ``f_i <- f_i +
eps (log a_i - log s_i)``; only a row whose sum under- or overflows falls back
to the two-pass (max-shifted) log-sum-exp. The exponential is the vectorisable
:func:`~skmm._kernels._math.exp_reduced`, so a row runs in SIMD lanes at
about the cost of the matrix-vector products of the scaling form. Columns
are summed row by row (contiguous reads), so no transposed copy of ``C`` is
needed. The row pass also returns the L1 violation of the row marginals, the
stopping criterion, at no extra cost. The loops are serial: a parallel region
per half-iteration costs a thread barrier, which on a loaded machine waits for
a descheduled thread (measured: 200x slower on a busy 2-core machine).

Small ``eps`` needs many iterations (about ``1 / eps``); :func:`sinkhorn_log`
runs a short geometric schedule of larger ``eps`` first (epsilon scaling),
each stage warm-starting the next.
"""

import numpy as np
from numba import njit

from ._math import EXP_MAX, EXP_MIN, IEEE_SAFE, NO_REASSOC, exp_reduced

__all__ = [
    "barycentric_map",
    "plan_from_potentials",
    "sinkhorn",
    "sinkhorn_log",
    "transport_cost",
]

# a sum of clamped terms (each ~exp(-708)) stays below this: fall back then
_SAFE_LO = 1e-290
_SAFE_HI = 1e290


@njit(cache=True, fastmath=NO_REASSOC)
def _exp_row(C, i, fi, g, inv_eps, out):
    """``out[j] = exp((fi + g_j - C_ij) / eps)``, clamped; one SIMD loop.

    Compiled without reassociation, which would fold away the rounding trick
    of :func:`~skmm._kernels._math.exp_reduced`; the sums run elsewhere.
    """
    for j in range(C.shape[1]):
        x = (fi + g[j] - C[i, j]) * inv_eps
        x = min(max(x, EXP_MIN), EXP_MAX)
        out[j] = exp_reduced(x)


@njit(cache=True)
def _lse(p, c, inv_eps):
    """``log sum_k exp((p_k - c_k) / eps)``, max-shifted (the slow, safe path).

    ``c`` is a row of the cost (``C[i]``, against the column potentials) or a
    column (``C[:, j]``, against the row potentials).
    """
    top = -np.inf
    for k in range(c.shape[0]):
        v = (p[k] - c[k]) * inv_eps
        if v > top:
            top = v
    total = 0.0
    for k in range(c.shape[0]):
        total += np.exp((p[k] - c[k]) * inv_eps - top)
    return top + np.log(total)


@njit(cache=True, fastmath=IEEE_SAFE)
def _rows_block(C, f, g, a, log_a, eps, lo, hi, buf):
    """Row updates of rows ``lo:hi``; their L1 marginal violation before."""
    inv_eps = 1.0 / eps
    err = 0.0
    for i in range(lo, hi):
        fi = f[i]
        _exp_row(C, i, fi, g, inv_eps, buf)
        s = 0.0
        for j in range(buf.shape[0]):
            s += buf[j]
        if s > _SAFE_LO and s < _SAFE_HI:
            f[i] = fi + eps * (log_a[i] - np.log(s))
            err += abs(s - a[i])
        else:
            lse = _lse(g, C[i], inv_eps)
            f[i] = eps * (log_a[i] - lse)
            err += abs(np.exp(min(fi * inv_eps + lse, EXP_MAX)) - a[i])
    return err


@njit(cache=True, fastmath=IEEE_SAFE)
def _cols_block(C, f, g, eps, lo, hi, acc, buf):
    """Add the plan's entries of rows ``lo:hi`` to the column sums ``acc``."""
    inv_eps = 1.0 / eps
    for i in range(lo, hi):
        _exp_row(C, i, f[i], g, inv_eps, buf)
        for j in range(buf.shape[0]):
            acc[j] += buf[j]


@njit(cache=True)
def _cols_serial(C, f, g, log_b, eps, acc, buf):
    acc[:] = 0.0
    _cols_block(C, f, g, eps, 0, C.shape[0], acc, buf)
    inv_eps = 1.0 / eps
    for j in range(C.shape[1]):
        s = acc[j]
        if s > _SAFE_LO and s < _SAFE_HI:
            g[j] = g[j] + eps * (log_b[j] - np.log(s))
        else:
            g[j] = eps * (log_b[j] - _lse(f, C[:, j], inv_eps))


@njit(cache=True)
def _sinkhorn_stage(C, a, log_a, log_b, f, g, eps, max_iter, tol):
    """Iterate at one ``eps`` until the rows are within ``tol`` (L1)."""
    err = np.inf
    it = 0
    m = C.shape[1]
    acc = np.empty(m)
    buf = np.empty(m)
    while it < max_iter:
        it += 1
        _cols_serial(C, f, g, log_b, eps, acc, buf)
        err = _rows_block(C, f, g, a, log_a, eps, 0, C.shape[0], buf)
        if err <= tol:
            break
    return it, err


@njit(cache=True)
def sinkhorn_log(C, a, b, eps, max_iter, tol, f, g):
    """Entropic optimal transport by log-domain Sinkhorn iterations.

    Solves ``min_P <P, C> + eps * sum_ij P_ij (log P_ij - 1)`` over plans with
    marginals ``a`` and ``b``. Each iteration makes the columns exact, then the
    rows; it stops when the rows were off by at most ``tol`` (L1) before the
    row update, so after it the rows are exact and the columns within ``tol``.
    When ``eps`` is below a 64th of the largest cost, stages at
    ``eps * 4**k`` (``k = K, ..., 1``, from about a 16th of the largest cost)
    warm-start the potentials first.

    Parameters
    ----------
    C : ndarray of shape (n, m)
        Cost matrix, C-contiguous float64.
    a : ndarray of shape (n,)
        Source marginal, positive, summing to one.
    b : ndarray of shape (m,)
        Target marginal, positive, summing to one.
    eps : float
        Entropic regularisation, > 0.
    max_iter : int
        Largest number of iterations of the final stage.
    tol : float
        Tolerance on the L1 violation of the marginals.
    f, g : ndarray of shape (n,) and (m,)
        Initial potentials (zeros, or a previous solution), updated in place.

    Returns
    -------
    n_iter : int
        Iterations of the final stage.
    err : float
        L1 violation of the row marginals before the last row update.
    """
    log_a = np.log(a)
    log_b = np.log(b)
    scale = 0.0
    for i in range(C.shape[0]):
        for j in range(C.shape[1]):
            if C[i, j] > scale:
                scale = C[i, j]
    # epsilon scaling when eps is small against the cost: stages from about
    # scale / 16 down to eps, each loosely converged, warm-start the potentials
    n_stages = 0
    e = eps
    while e * 4.0 < scale / 16.0 and n_stages < 12:
        e *= 4.0
        n_stages += 1
    for _ in range(n_stages):
        _sinkhorn_stage(C, a, log_a, log_b, f, g, e, 300, np.sqrt(tol))
        e /= 4.0
    return _sinkhorn_stage(C, a, log_a, log_b, f, g, eps, max_iter, tol)


@njit(cache=True)
def plan_from_potentials(C, f, g, eps):
    """The plan ``P_ij = exp((f_i + g_j - C_ij) / eps)`` (0 below ``exp(-708)``)."""
    n, m = C.shape
    inv_eps = 1.0 / eps
    P = np.empty((n, m))
    for i in range(n):
        _exp_row(C, i, f[i], g, inv_eps, P[i])
        for j in range(m):
            if (f[i] + g[j] - C[i, j]) * inv_eps < EXP_MIN:
                P[i, j] = 0.0
    return P


def barycentric_map(P, X_target):
    """Each source row's image: the ``P``-weighted mean of the target rows."""
    mass = P.sum(axis=1)
    mass = np.where(mass > 0, mass, 1.0)
    return (P @ X_target) / mass[:, None]


@njit(cache=True, fastmath=IEEE_SAFE)
def transport_cost(C, P):
    """``<P, C>``, the cost of a plan."""
    total = 0.0
    for i in range(C.shape[0]):
        s = 0.0
        for j in range(C.shape[1]):
            s += P[i, j] * C[i, j]
        total += s
    return total


# absorb the scalings into the potentials when one leaves [1/_ABSORB, _ABSORB]
_ABSORB = 1e50
# iterations of each warm-start stage of the epsilon-scaling schedule
_STAGE_ITER = 300


def _absorb(f, g, u, v, eps):
    f += eps * np.log(u)
    g += eps * np.log(v)
    u[:] = 1.0
    v[:] = 1.0


def sinkhorn(C, a, b, eps, max_iter, tol, f, g):
    """Entropic optimal transport by stabilised scaling iterations.

    The same problem and stopping rule as :func:`sinkhorn_log`, iterated in
    the scaling form on the absorbed kernel ``K_ij = exp((f_i + g_j - C_ij) /
    eps)``: ``v = b / K^T u``, ``u = a / K v``, two BLAS matrix-vector products
    per iteration (no exponential), while the plan is ``diag(u) K diag(v)``.
    When a scaling leaves ``[1e-50, 1e50]`` it is absorbed into the potentials
    and ``K`` recomputed (Schmitzer, 2019), so nothing under- or overflows at
    any ``eps``; every stage (the same epsilon-scaling schedule as
    :func:`sinkhorn_log`) starts from one log-domain iteration, which makes
    every row and column of ``K`` hold an entry near the marginal. Memory: a
    second ``n x m`` array (``K``). The plan is
    ``plan_from_potentials(C, f, g, eps)`` after the final absorption.

    Parameters
    ----------
    C : ndarray of shape (n, m)
        Cost matrix, C-contiguous float64.
    a, b : ndarray of shape (n,) and (m,)
        Marginals, positive, summing to one.
    eps : float
        Entropic regularisation, > 0.
    max_iter : int
        Largest number of iterations of the final stage.
    tol : float
        Tolerance on the L1 violation of the row marginals before a row update.
    f, g : ndarray of shape (n,) and (m,)
        Initial potentials, updated in place.

    Returns
    -------
    n_iter : int
        Iterations of the final stage.
    err : float
        L1 violation of the row marginals before the last row update.
    """
    log_a, log_b = np.log(a), np.log(b)
    scale = float(C.max())
    stages = []
    e = eps
    while e * 4.0 < scale / 16.0 and len(stages) < 12:
        e *= 4.0
        stages.append(e)
    schedule = [(s, _STAGE_ITER, np.sqrt(tol)) for s in stages[::-1]]
    schedule.append((eps, max_iter, tol))
    m = C.shape[1]
    acc, buf = np.empty(m), np.empty(m)
    n_iter, err = 0, np.inf
    for e, iterations, stage_tol in schedule:
        _cols_serial(C, f, g, log_b, e, acc, buf)  # one log-domain iteration
        err = _rows_block(C, f, g, a, log_a, e, 0, C.shape[0], buf)
        n_iter = 1
        if err <= stage_tol:
            continue
        K = plan_from_potentials(C, f, g, e)
        u, v = np.ones(C.shape[0]), np.ones(m)
        while n_iter < iterations:
            n_iter += 1
            v = b / (K.T @ u)
            Kv = K @ v
            err = float(np.abs(u * Kv - a).sum())
            u = a / Kv
            if err <= stage_tol:
                break
            if not (
                np.isfinite(u).all()
                and np.isfinite(v).all()
                and u.max() < _ABSORB
                and v.max() < _ABSORB
                and u.min() > 1.0 / _ABSORB
                and v.min() > 1.0 / _ABSORB
            ):
                _absorb(f, g, u, v, e)
                K = plan_from_potentials(C, f, g, e)
        _absorb(f, g, u, v, e)
    return n_iter, err
