"""Kernels of KLIEP: the density ratio as a mixture of kernel bumps.

Pure functions over NumPy arrays, no scikit-learn inside. The adapter
:class:`skmm.colearning.KullbackLeiblerImportanceEstimation` builds the basis
matrix and calls :func:`kliep_solve`.

KLIEP (Sugiyama et al., 2008) models the ratio ``w(x) = p_t(x) / p_s(x)`` as
``sum_l alpha_l k(x, c_l)`` with ``alpha >= 0``, maximises the log-likelihood
``sum_j log w(x_j)`` of the target rows, and normalises ``w`` over the source
rows: ``mean_i w(x_i) = 1``. Writing ``beta_l = alpha_l * b_l`` with
``b_l = mean_i k(x_i, c_l)`` over source rows, and ``phi_l = k(., c_l) / b_l``,
the constraints become ``beta`` in the probability simplex and the problem is
the maximum-likelihood mixing weights of the fixed densities ``phi_l``: a
concave problem that the EM update

``beta_l <- beta_l * mean_j phi_l(x_j) / w(x_j)``

solves monotonically, with no step size and no projection (the update keeps
``beta`` in the simplex). Layout: ``Phi`` is the C-contiguous ``(n_rows,
n_centres)`` float64 matrix ``phi_l(x_j)`` of the target rows. One iteration is
one pass over ``Phi``: each row's ``w`` (a dot product) and its contribution
to every centre's mean (an axpy), both SIMD loops; so each iteration reads
``Phi`` once where two BLAS matrix-vector products would read it twice.
"""

import numpy as np
from numba import njit

from ._math import EXP_MIN, IEEE_SAFE, NO_REASSOC, exp_reduced

__all__ = [
    "gaussian_basis",
    "gaussian_column_means",
    "gaussian_mixture",
    "kliep_log_likelihood",
    "kliep_solve",
]

_TINY = 1e-300  # floor of w(x): a row far from every centre
# kernel values below exp(-700) are flushed to 0: subnormal numbers (which the
# products of tiny kernels and tiny weights would make) are 10-100x slower
_FLUSH = -700.0


@njit(cache=True, fastmath=NO_REASSOC)
def _gauss_row(D, i, gamma, out):
    """``out[c] = exp(-gamma D[i, c])``, 0 below ``exp(-700)``; one SIMD loop."""
    for c in range(D.shape[1]):
        x = -gamma * D[i, c]
        keep = 1.0 if x > _FLUSH else 0.0
        out[c] = exp_reduced(max(x, EXP_MIN)) * keep


@njit(cache=True, fastmath=IEEE_SAFE)
def gaussian_basis(D, gamma, scale):
    """``exp(-gamma D) * scale`` (scale per column), flushed below exp(-700)."""
    n, k = D.shape
    out = np.empty((n, k))
    for i in range(n):
        _gauss_row(D, i, gamma, out[i])
        for c in range(k):
            out[i, c] *= scale[c]
    return out


@njit(cache=True, fastmath=IEEE_SAFE)
def gaussian_column_means(D, gamma):
    """``mean_i exp(-gamma D[i, c])`` for each column ``c``, no n x k array."""
    n, k = D.shape
    total = np.zeros(k)
    buf = np.empty(k)
    for i in range(n):
        _gauss_row(D, i, gamma, buf)
        for c in range(k):
            total[c] += buf[c]
    return total / n


@njit(cache=True, fastmath=IEEE_SAFE)
def gaussian_mixture(D, gamma, alpha):
    """``sum_c alpha_c exp(-gamma D[i, c])`` for each row ``i``."""
    n, k = D.shape
    out = np.empty(n)
    buf = np.empty(k)
    for i in range(n):
        _gauss_row(D, i, gamma, buf)
        s = 0.0
        for c in range(k):
            s += buf[c] * alpha[c]
        out[i] = s
    return out


@njit(cache=True, fastmath=IEEE_SAFE, inline="always")
def _row_ratio(Phi, j, beta):
    """``w(x_j) = Phi_j . beta``, floored at 1e-300; one SIMD dot product."""
    w = 0.0
    for c in range(Phi.shape[1]):
        w += Phi[j, c] * beta[c]
    if w < _TINY:
        w = _TINY
    return w


@njit(cache=True, fastmath=IEEE_SAFE)
def _em_pass(Phi, beta, grad):
    """``grad = mean_j Phi_j / w_j``; returns ``mean_j log w_j``."""
    n, k = Phi.shape
    grad[:] = 0.0
    loglik = 0.0
    for j in range(n):
        w = _row_ratio(Phi, j, beta)
        loglik += np.log(w)
        inv = 1.0 / w
        for c in range(k):
            grad[c] += Phi[j, c] * inv
    for c in range(k):
        grad[c] /= n
    return loglik / n


@njit(cache=True, fastmath=IEEE_SAFE)
def kliep_log_likelihood(Phi, beta):
    """``mean_j log w(x_j)`` of the rows of ``Phi`` (``w`` floored at 1e-300)."""
    n = Phi.shape[0]
    total = 0.0
    for j in range(n):
        total += np.log(_row_ratio(Phi, j, beta))
    return total / n


@njit(cache=True)
def kliep_solve(Phi, beta, max_iter, tol):
    """Maximise ``mean_j log(Phi_j . beta)`` over the simplex by EM.

    Parameters
    ----------
    Phi : ndarray of shape (n_rows, n_centres)
        Normalised basis functions at the target rows, C-contiguous, >= 0.
    beta : ndarray of shape (n_centres,)
        Starting weights in the simplex (positive), updated in place.
    max_iter : int
        Largest number of iterations.
    tol : float
        Stop when an iteration raises the mean log-likelihood by at most
        ``tol`` (an absolute change of the mean, in nats per row).

    Returns
    -------
    n_iter : int
        Iterations run.
    loglik : float
        Mean log-likelihood at the returned ``beta``.
    """
    grad = np.empty(beta.shape[0])
    previous = -np.inf
    n_iter = 0
    for it in range(max_iter):
        n_iter = it + 1
        loglik = _em_pass(Phi, beta, grad)
        if loglik - previous <= tol:
            return n_iter, loglik
        previous = loglik
        total = 0.0
        for c in range(beta.shape[0]):
            beta[c] *= grad[c]
            if beta[c] < _TINY:  # a vanishing centre: no subnormal products
                beta[c] = 0.0
            total += beta[c]
        for c in range(beta.shape[0]):  # sums to one exactly but for rounding
            beta[c] /= total
    return n_iter, kliep_log_likelihood(Phi, beta)
