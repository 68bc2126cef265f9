"""Numba kernels of restricted Boltzmann machines: training epochs, Gibbs, scores.

Pure functions over NumPy arrays, no scikit-learn inside. The estimators of
:mod:`skmm.representation` validate inputs and call them.

Conventions shared by every kernel:

- ``W`` has shape ``(n_hidden, n_visible)``, ``b_v`` is the visible bias,
  ``b_h`` the hidden bias; hidden units are binary.
- ``gaussian`` selects real-valued visible units with unit variance
  (energy ``||v - b_v||^2 / 2 - b_h.h - h.W.v``) instead of binary ones
  (energy ``-b_v.v - b_h.h - h.W.v``).
- Randomness comes from a xoshiro256+ generator local to each call, seeded
  from the integer ``seed`` (which the estimators draw from
  ``check_random_state(random_state)``), so results are reproducible and no
  global state is touched. :func:`uniforms` returns the same stream, so a NumPy
  reference that consumes uniforms in the same order reproduces a kernel
  exactly. A Bernoulli unit with probability ``p`` is on when ``u < p``.
"""

import numpy as np
from numba import njit, prange, uint64

from ._math import EXP_MAX, EXP_MIN, IEEE_SAFE, NO_REASSOC, exp_reduced

__all__ = [
    "free_energy",
    "gibbs_sample",
    "pseudo_likelihood",
    "rbm_epoch",
    "sigmoid",
    "uniforms",
]


@njit(cache=True)
def _seed_state(seed):
    # splitmix64 expands the seed into the four words of xoshiro256+.
    state = np.empty(4, dtype=np.uint64)
    z = uint64(seed)
    for i in range(4):
        z = z + uint64(0x9E3779B97F4A7C15)
        x = z
        x = (x ^ (x >> uint64(30))) * uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> uint64(27))) * uint64(0x94D049BB133111EB)
        state[i] = x ^ (x >> uint64(31))
    return state


@njit(cache=True, inline="always")
def _uniform(state):
    # xoshiro256+ (Blackman and Vigna), top 53 bits: a double in [0, 1).
    result = state[0] + state[3]
    t = state[1] << uint64(17)
    state[2] ^= state[0]
    state[3] ^= state[1]
    state[1] ^= state[2]
    state[0] ^= state[3]
    state[2] ^= t
    state[3] = (state[3] << uint64(45)) | (state[3] >> uint64(19))
    return np.float64(result >> uint64(11)) * 1.1102230246251565e-16


@njit(cache=True)
def uniforms(seed, n):
    """The first ``n`` uniform draws of the kernels' generator for ``seed``."""
    state = _seed_state(seed)
    out = np.empty(n)
    for i in range(n):
        out[i] = _uniform(state)
    return out


# The logistic function through the shared vectorisable exponential
# (_math.exp_reduced; libm's exp would keep this loop scalar). Agrees with
# scipy's expit to about 1e-16.


@njit(cache=True, fastmath=NO_REASSOC)
def _sigmoid_inplace(A):
    # two passes: the exponential loop vectorises on its own, the division
    # in the same loop would keep it scalar
    flat = A.reshape(-1)
    n = flat.shape[0]
    for i in range(n):
        x = -flat[i]
        x = x if x > EXP_MIN else EXP_MIN
        x = x if x < EXP_MAX else EXP_MAX
        flat[i] = exp_reduced(x)
    for i in range(n):
        flat[i] = 1.0 / (1.0 + flat[i])


@njit(cache=True)
def sigmoid(A):
    """Logistic function of a 2-D array (a new array)."""
    out = A.copy()
    _sigmoid_inplace(out)
    return out


@njit(cache=True)
def _bernoulli_inplace(P, state):
    # One uniform per entry, row-major: P[i, j] becomes 1.0 if u < P[i, j].
    n, m = P.shape
    for i in range(n):
        for j in range(m):
            P[i, j] = 1.0 if _uniform(state) < P[i, j] else 0.0


# Below this many multiply-adds a product runs as plain loops: BLAS call
# overhead dominates tiny minibatch products (batch 10 x 64 x 100).
_SMALL = 200_000


@njit(cache=True, fastmath=IEEE_SAFE)
def _affine_rows(X, M, b):
    # X M^T + b: the inner products run over contiguous rows of X and M, which
    # vectorize with reassociation (IEEE_SAFE). Serves
    # hidden inputs (V, W) and visible inputs from transposed weights (H, W^T).
    n, m = X.shape
    h = M.shape[0]
    if n * m * h > _SMALL:
        A = np.dot(X, M.T)
        A += b
        return A
    A = np.empty((n, h))
    for r in range(n):
        for i in range(h):
            s = 0.0
            for j in range(m):
                s += X[r, j] * M[i, j]
            A[r, i] = s + b[i]
    return A


@njit(cache=True)
def _hidden_means(V, W, b_h):
    A = _affine_rows(V, W, b_h)
    _sigmoid_inplace(A)
    return A


@njit(cache=True)
def _hidden_means_t(V, WT, b_h):
    # Same as _hidden_means with the transposed weights: rows of WT are added
    # for the nonzero entries of V (binary samples and images are sparse).
    n, m = V.shape
    h = WT.shape[1]
    if n * m * h > _SMALL:
        A = np.dot(V, WT)
        A += b_h
    else:
        A = np.empty((n, h))
        for r in range(n):
            A[r, :] = b_h
            for j in range(m):
                x = V[r, j]
                if x != 0.0:
                    for i in range(h):
                        A[r, i] += x * WT[j, i]
    _sigmoid_inplace(A)
    return A


@njit(cache=True)
def _visible_means_t(H, WT, b_v, gaussian):
    A = _affine_rows(H, WT, b_v)
    if not gaussian:
        _sigmoid_inplace(A)
    return A


@njit(cache=True, fastmath=IEEE_SAFE)
def _momentum_step_t(WT, velT, GT, learning_rate, momentum, weight_decay):
    m, h = WT.shape
    for j in range(m):
        for i in range(h):
            v = momentum * velT[j, i] + learning_rate * (
                GT[j, i] - weight_decay * WT[j, i]
            )
            velT[j, i] = v
            WT[j, i] += v


@njit(cache=True)
def _visible_means(H, W, b_v, gaussian):
    n, h = H.shape
    m = W.shape[1]
    if n * m * h > _SMALL:
        A = np.dot(H, W)
        A += b_v
    else:
        A = np.empty((n, m))
        for r in range(n):
            A[r, :] = b_v
            for i in range(h):
                x = H[r, i]
                if x != 0.0:
                    for j in range(m):
                        A[r, j] += x * W[i, j]
    if not gaussian:
        _sigmoid_inplace(A)
    return A


@njit(cache=True)
def _add_outer_transposed(GT, V, H, scale):
    # GT[j, i] += scale * sum_r V[r, j] H[r, i]; zero visible entries skipped.
    m = V.shape[1]
    h = H.shape[1]
    for r in range(V.shape[0]):
        for j in range(m):
            x = V[r, j] * scale
            if x != 0.0:
                for i in range(h):
                    GT[j, i] += x * H[r, i]


@njit(cache=True)
def _weight_gradient_t(H_pos, V, scale_pos, H_neg, V_neg, scale_neg):
    """``(mean(H+^T V) - mean(H-^T V-))`` transposed, shape (n_visible, n_hidden)."""
    h = H_pos.shape[1]
    m = V.shape[1]
    if V.shape[0] * h * m > _SMALL:
        GT = np.dot(V.T, H_pos) * scale_pos
        GT -= np.dot(V_neg.T, H_neg) * scale_neg
        return GT
    GT = np.zeros((m, h))
    _add_outer_transposed(GT, V, H_pos, scale_pos)
    _add_outer_transposed(GT, V_neg, H_neg, -scale_neg)
    return GT


@njit(cache=True, fastmath=IEEE_SAFE)
def _softplus(x):
    if x > 0.0:
        return x + np.log1p(np.exp(-x))
    return np.log1p(np.exp(x))


@njit(cache=True)
def rbm_epoch(
    X,
    order,
    W,
    b_v,
    b_h,
    vel_W,
    vel_bv,
    vel_bh,
    chain,
    batch_size,
    learning_rate,
    momentum,
    weight_decay,
    k,
    persistent,
    gaussian,
    seed,
):
    """One epoch of CD-k or persistent CD-k (PCD) over ``X[order]``, in place.

    For each minibatch ``V`` of ``batch_size`` rows (the last may be smaller):

    1. ``H+ = sigmoid(V W^T + b_h)`` (positive phase, mean field).
    2. The negative chain starts from ``chain`` (PCD, ``persistent=True``) or
       from a sample of ``H+`` (CD). Each of the ``k`` steps samples visible
       units (binary: Bernoulli draws; Gaussian: the noise-free mean, as
       Hinton's practical guide advises) and takes hidden means ``H-``; between
       steps the hidden units are sampled.
    3. Gradient ``G_W = mean(H+^T V) - mean(H-^T V-) - weight_decay W`` (the
       means over the rows of each phase), likewise for the biases (no decay);
       ``vel = momentum vel + learning_rate G`` and the parameters move by
       ``vel``.
    4. PCD: ``chain`` becomes a Bernoulli sample of ``H-``.

    Random draws, in order for each minibatch: the hidden sample of ``H+``
    (CD only), then per step the visible sample (binary only) and the hidden
    sample between steps, then the new chain (PCD only).

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_visible), float64, C-contiguous
    order : ndarray of int of shape (n_rows,)
        Rows of ``X`` to visit, in order.
    W, b_v, b_h : ndarray
        Parameters, updated in place.
    vel_W, vel_bv, vel_bh : ndarray
        Momentum buffers, updated in place.
    chain : ndarray of shape (n_chains, n_hidden)
        Persistent hidden states (PCD), updated in place; unused for CD.
    batch_size, k : int
    learning_rate, momentum, weight_decay : float
    persistent, gaussian : bool
    seed : int
        Seed of this epoch's random stream (see :func:`uniforms`).
    """
    state = _seed_state(seed)
    n_rows = order.shape[0]
    n_hidden, n_visible = W.shape
    # The epoch works on transposed copies of the weights (contiguous rows for
    # every product of the minibatch) and writes them back at its end.
    WT = np.ascontiguousarray(W.T)
    velT = np.ascontiguousarray(vel_W.T)
    for start in range(0, n_rows, batch_size):
        stop = min(start + batch_size, n_rows)
        V = X[order[start:stop]]
        H_pos = _hidden_means_t(V, WT, b_h)
        if persistent:
            H_s = chain.copy()
        else:
            H_s = H_pos.copy()
            _bernoulli_inplace(H_s, state)
        V_neg = V
        H_neg = H_pos
        for step in range(k):
            V_neg = _visible_means_t(H_s, WT, b_v, gaussian)
            if not gaussian:
                _bernoulli_inplace(V_neg, state)
            H_neg = _hidden_means_t(V_neg, WT, b_h)
            if step < k - 1:
                H_s = H_neg.copy()
                _bernoulli_inplace(H_s, state)
        scale_pos = 1.0 / V.shape[0]
        scale_neg = 1.0 / V_neg.shape[0]
        GT = _weight_gradient_t(H_pos, V, scale_pos, H_neg, V_neg, scale_neg)
        _momentum_step_t(WT, velT, GT, learning_rate, momentum, weight_decay)
        for j in range(n_visible):
            g = 0.0
            for r in range(V.shape[0]):
                g += V[r, j]
            g *= scale_pos
            g_neg = 0.0
            for r in range(V_neg.shape[0]):
                g_neg += V_neg[r, j]
            g -= g_neg * scale_neg
            vel_bv[j] = momentum * vel_bv[j] + learning_rate * g
            b_v[j] += vel_bv[j]
        for i in range(n_hidden):
            g = 0.0
            for r in range(H_pos.shape[0]):
                g += H_pos[r, i]
            g *= scale_pos
            g_neg = 0.0
            for r in range(H_neg.shape[0]):
                g_neg += H_neg[r, i]
            g -= g_neg * scale_neg
            vel_bh[i] = momentum * vel_bh[i] + learning_rate * g
            b_h[i] += vel_bh[i]
        if persistent:
            H_new = H_neg.copy()
            _bernoulli_inplace(H_new, state)
            chain[:, :] = H_new
    W[:, :] = WT.T
    vel_W[:, :] = velT.T


@njit(cache=True, parallel=True)
def pseudo_likelihood(X, W, b_v, b_h):
    """Log pseudo-likelihood of each row under a binary RBM.

    ``sum_i [v_i log P(v_i = 1 | v_-i) + (1 - v_i) log P(v_i = 0 | v_-i)]``,
    which for binary rows is exactly ``sum_i log P(v_i | v_-i)`` (Besag's
    pseudo-likelihood) and for rows in [0, 1] its expected value under
    independent Bernoulli draws of the row. The conditional logit of unit
    ``i`` is ``b_v[i] + sum_j softplus(a_j + W[j, i]) - softplus(a_j)`` with
    ``a = W v + b_h`` computed with ``v_i = 0``.

    Returns
    -------
    pl : ndarray of shape (n_samples,)
    """
    n_samples, n_visible = X.shape
    n_hidden = W.shape[0]
    A = np.dot(X, W.T)
    out = np.empty(n_samples)
    for r in prange(n_samples):
        a = A[r] + b_h
        total = 0.0
        for i in range(n_visible):
            v_i = X[r, i]
            logit = b_v[i]
            for j in range(n_hidden):
                a0 = a[j] - W[j, i] * v_i
                logit += _softplus(a0 + W[j, i]) - _softplus(a0)
            # log sigmoid(logit) = -softplus(-logit)
            total -= v_i * _softplus(-logit) + (1.0 - v_i) * _softplus(logit)
        out[r] = total
    return out


@njit(cache=True, parallel=True)
def free_energy(X, W, b_v, b_h, gaussian):
    """Free energy ``F(v) = -log sum_h exp(-E(v, h))`` of each row.

    Binary visible units: ``-b_v.v - sum_j softplus((W v + b_h)_j)``;
    Gaussian ones (unit variance): ``||v - b_v||^2 / 2 - sum_j softplus(...)``.
    """
    n_samples, n_visible = X.shape
    A = np.dot(X, W.T)
    out = np.empty(n_samples)
    for r in prange(n_samples):
        f = 0.0
        for j in range(A.shape[1]):
            f -= _softplus(A[r, j] + b_h[j])
        for i in range(n_visible):
            if gaussian:
                d = X[r, i] - b_v[i]
                f += 0.5 * d * d
            else:
                f -= b_v[i] * X[r, i]
        out[r] = f
    return out


@njit(cache=True)
def gibbs_sample(V0, clamp, W, b_v, b_h, n_steps, gaussian, stochastic, seed):
    """Alternating Gibbs (or mean-field) steps ``v -> h -> v`` with clamping.

    Visible entries where ``clamp`` is True keep their value in ``V0``; the
    others are resampled at each step. With ``stochastic=True`` each step
    samples ``h ~ P(h | v)`` and then ``v ~ P(v | h)`` (Bernoulli draws, or the
    mean plus unit Gaussian noise by the Box-Muller transform). With
    ``stochastic=False`` both are replaced by their means (mean-field
    inference of the unclamped units).

    Returns
    -------
    V : ndarray of shape V0.shape
        The visible state after ``n_steps`` steps.
    H : ndarray of shape (n_samples, n_hidden)
        Hidden means given the returned ``V``.
    """
    state = _seed_state(seed)
    V = V0.copy()
    n, m = V.shape
    for _ in range(n_steps):
        H = _hidden_means(V, W, b_h)
        if stochastic:
            _bernoulli_inplace(H, state)
        M = _visible_means(H, W, b_v, gaussian)
        if stochastic:
            if gaussian:
                for i in range(n):
                    for j in range(m):
                        u1 = 1.0 - _uniform(state)
                        u2 = _uniform(state)
                        z = np.sqrt(-2.0 * np.log(u1)) * np.cos(2.0 * np.pi * u2)
                        M[i, j] += z
            else:
                _bernoulli_inplace(M, state)
        for i in range(n):
            for j in range(m):
                if not clamp[i, j]:
                    V[i, j] = M[i, j]
    return V, _hidden_means(V, W, b_h)
