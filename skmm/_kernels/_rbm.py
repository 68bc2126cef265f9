"""Numba kernels of restricted Boltzmann machines: training epochs, Gibbs, scores.

Pure functions over NumPy arrays, no scikit-learn inside. The estimators of
:mod:`skmm.representation` validate inputs and call them.

Conventions shared by every kernel:

- ``W`` has shape ``(n_hidden, n_visible)``, ``b_v`` is the visible bias,
  ``b_h`` the hidden bias; hidden units are binary.
- ``gaussian`` selects real-valued visible units with unit variance
  (energy ``||v - b_v||^2 / 2 - b_h.h - h.W.v``) instead of binary ones
  (energy ``-b_v.v - b_h.h - h.W.v``).
- Arrays are float64 or float32, one dtype per call (numba compiles each);
  the estimators keep float32 data in float32 end to end, as scikit-learn's
  ``BernoulliRBM`` does. Sums that set a bias or a score accumulate in float64.
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
    "dbm_epoch",
    "dropout_epoch",
    "dropout_gradient",
    "free_energy",
    "gibbs_sample",
    "multimodal_elbo",
    "multimodal_gibbs",
    "multimodal_log_partition",
    "multimodal_mean_field",
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
    A = np.empty((n, h), dtype=X.dtype)
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
        A = np.empty((n, h), dtype=V.dtype)
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
        A = np.empty((n, m), dtype=H.dtype)
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
        # in place, so that float32 stays float32
        GT = np.dot(V.T, H_pos)
        GT *= scale_pos
        N = np.dot(V_neg.T, H_neg)
        N *= scale_neg
        GT -= N
        return GT
    GT = np.zeros((m, h), dtype=V.dtype)
    _add_outer_transposed(GT, V, H_pos, scale_pos)
    _add_outer_transposed(GT, V_neg, H_neg, -scale_neg)
    return GT


@njit(cache=True)
def _column_sums(A):
    # float64 sums of the columns, adding rows in order (no reassociation)
    out = np.zeros(A.shape[1])
    for r in range(A.shape[0]):
        for j in range(A.shape[1]):
            out[j] += A[r, j]
    return out


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
        # bias gradients: column sums in float64, accumulated row by row
        # (contiguous reads; the same additions in the same order per column)
        sum_v = _column_sums(V)
        sum_v_neg = _column_sums(V_neg)
        for j in range(n_visible):
            g = sum_v[j] * scale_pos - sum_v_neg[j] * scale_neg
            vel_bv[j] = momentum * vel_bv[j] + learning_rate * g
            b_v[j] += vel_bv[j]
        sum_h = _column_sums(H_pos)
        sum_h_neg = _column_sums(H_neg)
        for i in range(n_hidden):
            g = sum_h[i] * scale_pos - sum_h_neg[i] * scale_neg
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
    out = np.empty(n_samples, dtype=X.dtype)
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
    out = np.empty(n_samples, dtype=X.dtype)
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


# -- the multimodal deep Boltzmann machine ------------------------------------
#
# Layers: the visible units of every view side by side in V (n, D), view m in
# columns vo[m]:vo[m + 1]; each view's pathway hidden units side by side in
# H (n, n_hid), view m in columns ho[m]:ho[m + 1]; the joint units J (n, K).
# Energy (gaussian[m] marks a view with unit-variance Gaussian units):
#
#   E = sum_gauss ||v_m - b_m||^2 / 2 - sum_bern b_m.v_m - sum_m h_m.W_m.v_m
#       - c.h - h.U.J - d.J
#
# All parameters travel in one flat vector ``theta`` (W_0, ..., W_{M-1}, b, c,
# U, d, each row-major), so that one gradient vector and one optimiser loop
# serve every layout; :func:`_weights` and :func:`_params` give views into it.
# ``clamp`` (n, M) marks the views given in each row; the other views' visible
# units are free (inferred). Layers are bipartite ({V, J} and {H}), so one
# step updates J, then H, then the free visible units.


@njit(cache=True, inline="always")
def _weights(theta, vo, ho, m):
    o = 0
    for k in range(m):
        o += (ho[k + 1] - ho[k]) * (vo[k + 1] - vo[k])
    n_hid = ho[m + 1] - ho[m]
    n_vis = vo[m + 1] - vo[m]
    return theta[o : o + n_hid * n_vis].reshape((n_hid, n_vis))


@njit(cache=True, inline="always")
def _params(theta, vo, ho, n_joint):
    n_views = vo.shape[0] - 1
    o = 0
    for k in range(n_views):
        o += (ho[k + 1] - ho[k]) * (vo[k + 1] - vo[k])
    n_vis = vo[n_views]
    n_hid = ho[n_views]
    b = theta[o : o + n_vis]
    o += n_vis
    c = theta[o : o + n_hid]
    o += n_hid
    U = theta[o : o + n_hid * n_joint].reshape((n_hid, n_joint))
    o += n_hid * n_joint
    d = theta[o : o + n_joint]
    return b, c, U, d


@njit(cache=True)
def _bottom_up(V, theta, vo, ho, A):
    # A[:, ho_m] += V[:, vo_m] W_m^T for every view
    for m in range(vo.shape[0] - 1):
        W = _weights(theta, vo, ho, m)
        P = np.dot(np.ascontiguousarray(V[:, vo[m] : vo[m + 1]]), W.T)
        h0 = ho[m]
        for r in range(A.shape[0]):
            for i in range(P.shape[1]):
                A[r, h0 + i] += P[r, i]


@njit(cache=True)
def _top_down(H, theta, vo, ho, b, gaussian):
    # visible means act(H_m W_m + b_m) of every view, side by side
    n = H.shape[0]
    out = np.empty((n, vo[vo.shape[0] - 1]), dtype=H.dtype)
    for m in range(vo.shape[0] - 1):
        W = _weights(theta, vo, ho, m)
        P = np.dot(np.ascontiguousarray(H[:, ho[m] : ho[m + 1]]), W)
        v0 = vo[m]
        for r in range(n):
            for j in range(P.shape[1]):
                out[r, v0 + j] = P[r, j] + b[v0 + j]
        if not gaussian[m]:
            block = out[:, v0 : vo[m + 1]]
            for r in range(n):
                for j in range(block.shape[1]):
                    x = -block[r, j]
                    x = x if x > EXP_MIN else EXP_MIN
                    x = x if x < EXP_MAX else EXP_MAX
                    block[r, j] = 1.0 / (1.0 + exp_reduced(x))
    return out


@njit(cache=True)
def _joint_means(H, U, d):
    A = np.dot(H, U)
    A += d
    _sigmoid_inplace(A)
    return A


@njit(cache=True)
def _hidden_means_mm(V, J, theta, vo, ho, c, U):
    A = np.dot(J, U.T)
    A += c
    _bottom_up(V, theta, vo, ho, A)
    _sigmoid_inplace(A)
    return A


@njit(cache=True)
def _free_entries(clamp, vo):
    # (n, D) mask of the free visible units
    n, n_views = clamp.shape
    free = np.zeros((n, vo[n_views]), dtype=np.bool_)
    for r in range(n):
        for m in range(n_views):
            if not clamp[r, m]:
                for j in range(vo[m], vo[m + 1]):
                    free[r, j] = True
    return free


@njit(cache=True)
def _set_free(V, M, free):
    for r in range(V.shape[0]):
        for j in range(V.shape[1]):
            if free[r, j]:
                V[r, j] = M[r, j]


@njit(cache=True)
def multimodal_mean_field(V0, clamp, theta, vo, ho, gaussian, n_joint, n_steps):
    """Mean-field inference with the views of ``clamp`` given.

    The free visible units start at their values in ``V0`` (the wrapper puts
    each view's training mean there) and the pathway units at their bottom-up
    means ``sigmoid(W v + c)``. Each of the ``n_steps`` steps then sets
    ``J = sigmoid(H U + d)``, ``H = sigmoid(W v + U J + c)`` (view by view) and
    the free visible units to their means given ``H`` (the identity for
    Gaussian units, the logistic function for binary ones). For a deep
    Boltzmann machine these are the fixed-point equations of the fully
    factorised variational posterior (Salakhutdinov and Hinton, 2009).

    Returns
    -------
    V : ndarray of shape V0.shape
        Clamped entries as given, free entries at their means.
    H : ndarray of shape (n, n_hidden)
    J : ndarray of shape (n, n_joint)
        Means after the last step (``J`` from the final ``H``).
    """
    b, c, U, d = _params(theta, vo, ho, n_joint)
    free = _free_entries(clamp, vo)
    V = V0.copy()
    A = np.zeros((V.shape[0], c.shape[0]), dtype=V.dtype)
    A += c
    _bottom_up(V, theta, vo, ho, A)
    _sigmoid_inplace(A)
    H = A
    for _ in range(n_steps):
        J = _joint_means(H, U, d)
        H = _hidden_means_mm(V, J, theta, vo, ho, c, U)
        _set_free(V, _top_down(H, theta, vo, ho, b, gaussian), free)
    return V, H, _joint_means(H, U, d)


@njit(cache=True)
def _gaussian_noise_inplace(A, state):
    n, m = A.shape
    for i in range(n):
        for j in range(m):
            u1 = 1.0 - _uniform(state)
            u2 = _uniform(state)
            A[i, j] += np.sqrt(-2.0 * np.log(u1)) * np.cos(2.0 * np.pi * u2)


@njit(cache=True)
def _sample_visibles(M, vo, gaussian, state):
    # a draw of P(v | h) from the means M (in place), view by view
    for m in range(vo.shape[0] - 1):
        block = M[:, vo[m] : vo[m + 1]]
        if gaussian[m]:
            _gaussian_noise_inplace(block, state)
        else:
            _bernoulli_inplace(block, state)


@njit(cache=True)
def _row_states(V, seed):
    # one generator per row, seeded from ``seed`` and the row's values, so
    # that a row's draws depend neither on its position nor on the other rows
    n, m = V.shape
    states = np.empty((n, 4), dtype=np.uint64)
    bits = np.empty(1, dtype=np.float64)
    for r in range(n):
        z = uint64(seed)
        for j in range(m):
            bits[0] = V[r, j]
            z = (z ^ bits.view(np.uint64)[0]) * uint64(0xBF58476D1CE4E5B9)
            z = z ^ (z >> uint64(31))
        states[r] = _seed_state(z)
    return states


@njit(cache=True)
def _bernoulli_rows(P, states):
    # as _bernoulli_inplace, row r drawing from states[r]
    n, m = P.shape
    for i in range(n):
        state = states[i]
        for j in range(m):
            P[i, j] = 1.0 if _uniform(state) < P[i, j] else 0.0


@njit(cache=True)
def _sample_visibles_rows(M, vo, gaussian, states):
    # a draw of P(v | h) from the means M (in place), row r from states[r]
    n = M.shape[0]
    for i in range(n):
        state = states[i]
        for m in range(vo.shape[0] - 1):
            for j in range(vo[m], vo[m + 1]):
                if gaussian[m]:
                    u1 = 1.0 - _uniform(state)
                    u2 = _uniform(state)
                    M[i, j] += np.sqrt(-2.0 * np.log(u1)) * np.cos(2.0 * np.pi * u2)
                else:
                    M[i, j] = 1.0 if _uniform(state) < M[i, j] else 0.0


@njit(cache=True)
def multimodal_gibbs(
    V0, H0, clamp, theta, vo, ho, gaussian, n_joint, n_steps, burn_in, seed
):
    """Gibbs sampling with the views of ``clamp`` given, from state ``(V0, H0)``.

    The pathway units start as a draw from the means ``H0``; each step then
    draws ``J ~ P(J | H)``, ``H ~ P(H | v, J)`` and the free visible units
    ``v ~ P(v | H)``. Besides the last state, the kernel averages the
    conditional means of the free visible units and of the joint units over
    the steps after ``burn_in`` (Rao-Blackwellised estimates of the posterior
    means). Each row draws from its own generator, seeded by ``seed`` and the
    row's values in ``V0``, so a row's result does not depend on its position
    or on the other rows.

    Returns
    -------
    V : ndarray
        The last visible state (clamped entries as given, free ones sampled).
    V_mean : ndarray
        Average over the kept steps of ``E[v | H]`` (clamped entries as given).
    J_mean : ndarray of shape (n, n_joint)
        Average over the kept steps of ``E[J | H]``.
    """
    states = _row_states(V0, seed)
    b, c, U, d = _params(theta, vo, ho, n_joint)
    free = _free_entries(clamp, vo)
    n = V0.shape[0]
    V = V0.copy()
    V_mean = np.zeros_like(V)
    J_mean = np.zeros((n, n_joint), dtype=V.dtype)
    H = H0.copy()
    _bernoulli_rows(H, states)
    kept = 0
    for step in range(n_steps):
        J = _joint_means(H, U, d)
        if step >= burn_in:
            J_mean += J
        _bernoulli_rows(J, states)
        H = _hidden_means_mm(V, J, theta, vo, ho, c, U)
        _bernoulli_rows(H, states)
        M = _top_down(H, theta, vo, ho, b, gaussian)
        if step >= burn_in:
            V_mean += M
            kept += 1
        _sample_visibles_rows(M, vo, gaussian, states)
        _set_free(V, M, free)
    if kept > 0:
        V_mean /= kept
        J_mean /= kept
    for r in range(n):
        for j in range(V.shape[1]):
            if not free[r, j]:
                V_mean[r, j] = V0[r, j]
    return V, V_mean, J_mean


@njit(cache=True)
def _add_weight_grads(G, theta, vo, ho, A, B, scale):
    # G's W_m += scale * A[:, ho_m]^T B[:, vo_m] for every view
    for m in range(vo.shape[0] - 1):
        GW = _weights(G, vo, ho, m)
        P = np.dot(
            np.ascontiguousarray(A[:, ho[m] : ho[m + 1]]).T,
            np.ascontiguousarray(B[:, vo[m] : vo[m + 1]]),
        )
        for i in range(P.shape[0]):
            for j in range(P.shape[1]):
                GW[i, j] += scale * P[i, j]


@njit(cache=True)
def _add_column_sums(g, A, scale):
    for r in range(A.shape[0]):
        for j in range(A.shape[1]):
            g[j] += scale * A[r, j]


@njit(cache=True)
def _weights_times(theta, vo, ho, G_pre, n_hid):
    # sum over views of G_pre[:, vo_m] W_m^T, into (n, n_hid)
    out = np.zeros((G_pre.shape[0], n_hid), dtype=G_pre.dtype)
    _bottom_up(G_pre, theta, vo, ho, out)
    return out


@njit(cache=True)
def _weights_t_times(theta, vo, ho, G_hid, n_vis):
    # G_hid[:, ho_m] W_m for every view, into (n, n_vis)
    n = G_hid.shape[0]
    out = np.empty((n, n_vis), dtype=G_hid.dtype)
    for m in range(vo.shape[0] - 1):
        W = _weights(theta, vo, ho, m)
        P = np.dot(np.ascontiguousarray(G_hid[:, ho[m] : ho[m + 1]]), W)
        for r in range(n):
            for j in range(P.shape[1]):
                out[r, vo[m] + j] = P[r, j]
    return out


@njit(cache=True)
def _through_sigmoid(G, S):
    # G * S * (1 - S): a gradient through S = sigmoid(A), in G's dtype
    out = np.empty_like(G)
    for r in range(G.shape[0]):
        for j in range(G.shape[1]):
            out[r, j] = G[r, j] * S[r, j] * (1.0 - S[r, j])
    return out


@njit(cache=True)
def _free_rows(clamp):
    # rows of each unclamped view, view m's in rows[offsets[m]:offsets[m + 1]]
    n, n_views = clamp.shape
    offsets = np.zeros(n_views + 1, dtype=np.int64)
    for m in range(n_views):
        count = 0
        for r in range(n):
            if not clamp[r, m]:
                count += 1
        offsets[m + 1] = offsets[m] + count
    rows = np.empty(offsets[n_views], dtype=np.int64)
    k = 0
    for m in range(n_views):
        for r in range(n):
            if not clamp[r, m]:
                rows[k] = r
                k += 1
    return rows, offsets


@njit(cache=True)
def _gather(A, rows, a, b):
    # A[rows, a:b] as a contiguous array
    out = np.empty((rows.shape[0], b - a), dtype=A.dtype)
    for i in range(rows.shape[0]):
        for j in range(b - a):
            out[i, j] = A[rows[i], a + j]
    return out


@njit(cache=True)
def _scatter(A, rows, a, B, add):
    # A[rows, a:a + B.shape[1]] = B (or += B)
    for i in range(rows.shape[0]):
        for j in range(B.shape[1]):
            if add:
                A[rows[i], a + j] += B[i, j]
            else:
                A[rows[i], a + j] = B[i, j]


@njit(cache=True)
def dropout_gradient(X, V0, clamp, target, theta, vo, ho, gaussian, n_joint, n_steps):
    """Loss and gradient of filling in dropped views by unrolled mean-field.

    The ``n_steps`` mean-field steps of :func:`multimodal_mean_field` run with
    the views of ``clamp`` given, from ``V0``; the loss is summed over the
    entries where ``target`` is True (the dropped views, whose true values
    are in ``X``): ``(v - x)^2 / 2`` for Gaussian units and the cross-entropy
    ``-x log v - (1 - x) log(1 - v)`` for binary ones, divided by the number
    of rows. Either way the gradient with respect to the pre-activation of the
    final visible means is ``(v - x) / n``; it is propagated back through every
    step (the weights are shared by all steps, as the model's own inference
    shares them). Products involving a view's visible units run on the rows
    where that view is free only: clamped units never change, so their
    bottom-up input is computed once.

    Returns
    -------
    loss : float
    grad : ndarray of theta.shape
        Gradient of the loss with respect to ``theta``.
    """
    b, c, U, d = _params(theta, vo, ho, n_joint)
    grad = np.zeros_like(theta)
    gb, gc, gU, gd = _params(grad, vo, ho, n_joint)
    n_views = vo.shape[0] - 1
    rows_all, offsets = _free_rows(clamp)
    n, n_vis = V0.shape
    n_hid = c.shape[0]
    K = n_steps
    UT = np.ascontiguousarray(U.T)
    # forward pass, keeping every step; BU is the bottom-up input W v of the
    # current visible state, updated on the free rows only
    Vs = np.empty((K + 1, n, n_vis), dtype=V0.dtype)
    Hs = np.empty((K + 1, n, n_hid), dtype=V0.dtype)
    Js = np.empty((max(K, 1), n, n_joint), dtype=V0.dtype)
    Vs[0] = V0
    BU = np.zeros((n, n_hid), dtype=V0.dtype)
    _bottom_up(V0, theta, vo, ho, BU)
    A = BU + c
    _sigmoid_inplace(A)
    Hs[0] = A
    for t in range(K):
        J = _joint_means(Hs[t], U, d)
        Js[t] = J
        A = np.dot(J, UT)
        A += c
        A += BU
        _sigmoid_inplace(A)
        Hs[t + 1] = A
        V = Vs[t].copy()
        for m in range(n_views):
            rows = rows_all[offsets[m] : offsets[m + 1]]
            if rows.shape[0] == 0:
                continue
            W = _weights(theta, vo, ho, m)
            M = np.dot(_gather(A, rows, ho[m], ho[m + 1]), W)
            M += b[vo[m] : vo[m + 1]]
            if not gaussian[m]:
                _sigmoid_inplace(M)
            _scatter(V, rows, vo[m], M, False)
            if t < K - 1:
                _scatter(BU, rows, ho[m], np.dot(M, W.T), False)
        Vs[t + 1] = V
    # loss and its gradient at the last visible pre-activations
    inv_n = 1.0 / n
    loss = 0.0
    G_extra = np.zeros((n, n_vis), dtype=V0.dtype)
    for m in range(n_views):
        for r in range(n):
            for j in range(vo[m], vo[m + 1]):
                if target[r, j]:
                    v = Vs[K, r, j]
                    x = X[r, j]
                    if gaussian[m]:
                        loss += 0.5 * (v - x) * (v - x)
                    else:
                        p = min(max(v, 1e-12), 1.0 - 1e-12)
                        loss -= x * np.log(p) + (1.0 - x) * np.log(1.0 - p)
                    G_extra[r, j] = (v - x) * inv_n
    loss *= inv_n
    # backward pass; gV holds d loss / d V_t at the free entries only (the
    # clamped ones are constants)
    gV = np.zeros((n, n_vis), dtype=V0.dtype)
    gH = np.zeros((n, n_hid), dtype=V0.dtype)
    for t in range(K, 0, -1):
        V = Vs[t]
        H = Hs[t]
        # V_t = act(H_t W + b) at the free entries
        for m in range(n_views):
            rows = rows_all[offsets[m] : offsets[m + 1]]
            if rows.shape[0] == 0:
                continue
            a, z = vo[m], vo[m + 1]
            G_pre = np.empty((rows.shape[0], z - a), dtype=V0.dtype)
            for i in range(rows.shape[0]):
                r = rows[i]
                for j in range(a, z):
                    g = gV[r, j]
                    if not gaussian[m]:
                        g *= V[r, j] * (1.0 - V[r, j])
                    if t == K:
                        g += G_extra[r, j]
                    G_pre[i, j - a] = g
                    gV[r, j] = 0.0
            W = _weights(theta, vo, ho, m)
            GW = _weights(grad, vo, ho, m)
            GW += np.dot(_gather(H, rows, ho[m], ho[m + 1]).T, G_pre)
            _add_column_sums(gb[a:z], G_pre, 1.0)
            _scatter(gH, rows, ho[m], np.dot(G_pre, W.T), True)
        # H_t = sigmoid(V_{t-1} W^T + J_t U^T + c)
        G_a = _through_sigmoid(gH, H)
        V_prev = Vs[t - 1]
        J = Js[t - 1]
        _add_weight_grads(grad, theta, vo, ho, G_a, V_prev, 1.0)
        gU += np.dot(G_a.T, J)
        _add_column_sums(gc, G_a, 1.0)
        for m in range(n_views):
            rows = rows_all[offsets[m] : offsets[m + 1]]
            if rows.shape[0] == 0:
                continue
            W = _weights(theta, vo, ho, m)
            P = np.dot(_gather(G_a, rows, ho[m], ho[m + 1]), W)
            _scatter(gV, rows, vo[m], P, True)
        # J_t = sigmoid(H_{t-1} U + d)
        gJ = np.dot(G_a, U)
        G_j = _through_sigmoid(gJ, J)
        gU += np.dot(Hs[t - 1].T, G_j)
        _add_column_sums(gd, G_j, 1.0)
        gH = np.dot(G_j, UT)
    # H_0 = sigmoid(V_0 W^T + c)
    G_a = _through_sigmoid(gH, Hs[0])
    _add_weight_grads(grad, theta, vo, ho, G_a, Vs[0], 1.0)
    _add_column_sums(gc, G_a, 1.0)
    return loss, grad


@njit(cache=True)
def _weight_span(vo, ho, n_joint):
    # [start, stop) of the W blocks and of U in theta: the decayed parameters
    n_views = vo.shape[0] - 1
    w_stop = 0
    for k in range(n_views):
        w_stop += (ho[k + 1] - ho[k]) * (vo[k + 1] - vo[k])
    u_start = w_stop + vo[n_views] + ho[n_views]
    return w_stop, u_start, u_start + ho[n_views] * n_joint


@njit(cache=True)
def _batch(X, start, present, rows, drop, vo):
    # rows of X with the free units (missing or dropped views) at their
    # starting values, and the mask of the given views
    n_views = present.shape[1]
    n = rows.shape[0]
    clamp = np.empty((n, n_views), dtype=np.bool_)
    V0 = X[rows]
    for r in range(n):
        for m in range(n_views):
            clamp[r, m] = present[rows[r], m] and drop[r] != m
            if not clamp[r, m]:
                for j in range(vo[m], vo[m + 1]):
                    V0[r, j] = start[j]
    return V0, clamp


@njit(cache=True, fastmath=IEEE_SAFE)
def _adam_step(theta, grad, adam_m, adam_v, learning_rate, n_updates):
    # Kingma and Ba (2015), beta1 0.9, beta2 0.999, epsilon 1e-8; a loop
    # without branches, so that it runs in SIMD lanes
    step = learning_rate / (1.0 - 0.9**n_updates)
    b2 = 1.0 / (1.0 - 0.999**n_updates)
    for i in range(theta.shape[0]):
        g = grad[i]
        m = 0.9 * adam_m[i] + 0.1 * g
        v = 0.999 * adam_v[i] + 0.001 * g * g
        adam_m[i] = m
        adam_v[i] = v
        theta[i] -= step * m / (np.sqrt(v * b2) + 1e-8)


@njit(cache=True)
def dropout_epoch(
    X,
    start,
    present,
    order,
    drop,
    theta,
    adam_m,
    adam_v,
    n_updates,
    vo,
    ho,
    gaussian,
    n_joint,
    n_steps,
    batch_size,
    learning_rate,
    weight_decay,
):
    """One epoch of modality-dropout training, in place (Adam updates).

    Row ``order[i]`` drops view ``drop[i]`` (``-1``: none): its units are
    inferred from the row's other present views by :func:`dropout_gradient`
    and compared with the truth. Missing views (``present`` False) are free
    units without a target. Each minibatch takes one Adam step (Kingma and Ba,
    2015: beta1 0.9, beta2 0.999, epsilon 1e-8) on the mean loss plus
    ``weight_decay / 2`` times the squared weights (not the biases).

    Returns
    -------
    loss : float
        Mean loss over the rows that dropped a view.
    n_updates : int
        Adam steps taken so far (pass it to the next epoch).
    """
    n_rows = order.shape[0]
    w_stop, u_start, u_stop = _weight_span(vo, ho, n_joint)
    total = 0.0
    counted = 0
    for s in range(0, n_rows, batch_size):
        e = min(s + batch_size, n_rows)
        rows = order[s:e]
        n_drop = 0
        for r in range(e - s):
            if drop[s + r] >= 0:
                n_drop += 1
        if n_drop == 0:
            continue
        V0, clamp = _batch(X, start, present, rows, drop[s:e], vo)
        target = np.zeros(V0.shape, dtype=np.bool_)
        for r in range(e - s):
            m = drop[s + r]
            if m >= 0:
                for j in range(vo[m], vo[m + 1]):
                    target[r, j] = True
        loss, grad = dropout_gradient(
            X[rows], V0, clamp, target, theta, vo, ho, gaussian, n_joint, n_steps
        )
        # the gradient is of the loss summed over dropped rows / batch rows;
        # rescale to the mean over the dropped rows
        scale = (e - s) / n_drop
        total += loss * (e - s)
        counted += n_drop
        n_updates += 1
        for i in range(theta.shape[0]):
            grad[i] *= scale
        for i in range(w_stop):
            grad[i] += weight_decay * theta[i]
        for i in range(u_start, u_stop):
            grad[i] += weight_decay * theta[i]
        _adam_step(theta, grad, adam_m, adam_v, learning_rate, n_updates)
    return total / max(counted, 1), n_updates


# dropout_epoch's twin in its arguments (the rows, the model's layout vo, ho,
# gaussian, n_joint and the minibatch settings); the training rule differs:
# persistent chains and momentum here, dropped views and Adam there
@njit(cache=True)
def dbm_epoch(
    X,
    start,
    present,
    order,
    theta,
    velocity,
    chains,
    vo,
    ho,
    gaussian,
    n_joint,
    n_steps,
    batch_size,
    learning_rate,
    momentum,
    weight_decay,
    seed,
):
    """One epoch of deep Boltzmann machine training, in place.

    Salakhutdinov and Hinton's (2009) stochastic approximation: for each
    minibatch the data-dependent statistics come from mean-field inference
    with the present views clamped (:func:`multimodal_mean_field`, missing
    views inferred), the model's statistics from the persistent chains
    ``chains`` (binary states of the pathway units), advanced by one Gibbs
    sweep per minibatch (``v, J ~ P(. | H)``, then ``H ~ P(H | v, J)``). The
    parameters move by momentum SGD on ``data - model`` statistics, with
    ``weight_decay`` on the weights.
    """
    state = _seed_state(seed)
    n_rows = order.shape[0]
    b, c, U, d = _params(theta, vo, ho, n_joint)
    w_stop, u_start, u_stop = _weight_span(vo, ho, n_joint)
    n_chains = chains.shape[0]
    no_drop = np.full(batch_size, -1, dtype=np.int64)
    for s in range(0, n_rows, batch_size):
        e = min(s + batch_size, n_rows)
        rows = order[s:e]
        V0, clamp = _batch(X, start, present, rows, no_drop[: e - s], vo)
        V, H, J = multimodal_mean_field(
            V0, clamp, theta, vo, ho, gaussian, n_joint, n_steps
        )
        # one Gibbs sweep of the persistent chains
        Vn = _top_down(chains, theta, vo, ho, b, gaussian)
        _sample_visibles(Vn, vo, gaussian, state)
        Jn = _joint_means(chains, U, d)
        _bernoulli_inplace(Jn, state)
        Hn = _hidden_means_mm(Vn, Jn, theta, vo, ho, c, U)
        chains[:, :] = Hn
        _bernoulli_inplace(chains, state)
        grad = np.zeros_like(theta)
        gb, gc, gU, gd = _params(grad, vo, ho, n_joint)
        pos = 1.0 / (e - s)
        neg = 1.0 / n_chains
        _add_weight_grads(grad, theta, vo, ho, H, V, pos)
        _add_weight_grads(grad, theta, vo, ho, Hn, Vn, -neg)
        P = np.dot(H.T, J)
        P *= pos
        N = np.dot(Hn.T, Jn)
        N *= neg
        gU += P
        gU -= N
        _add_column_sums(gb, V, pos)
        _add_column_sums(gb, Vn, -neg)
        _add_column_sums(gc, H, pos)
        _add_column_sums(gc, Hn, -neg)
        _add_column_sums(gd, J, pos)
        _add_column_sums(gd, Jn, -neg)
        for i in range(theta.shape[0]):
            g = grad[i]
            if i < w_stop or (u_start <= i < u_stop):
                g -= weight_decay * theta[i]
            velocity[i] = momentum * velocity[i] + learning_rate * g
            theta[i] += velocity[i]


@njit(cache=True)
def _binary_entropy(p):
    if p <= 0.0 or p >= 1.0:
        return 0.0
    return -(p * np.log(p) + (1.0 - p) * np.log1p(-p))


@njit(cache=True)
def multimodal_elbo(V, H, J, theta, vo, ho, gaussian, n_joint):
    """Variational lower bound of ``log p(v) + log Z`` of each row.

    ``E_q[-E(v, h, J)] + entropy(q)`` for the factorised posterior ``q`` with
    means ``H`` and ``J`` (from :func:`multimodal_mean_field` with every view
    clamped); subtract the log-partition function for a bound on ``log p(v)``.
    Gaussian units contribute ``-||v - b||^2 / 2``, so densities are per unit
    volume of the model's (standardized) units.
    """
    b, c, U, d = _params(theta, vo, ho, n_joint)
    n = V.shape[0]
    out = np.zeros(n)
    A = np.zeros((n, c.shape[0]), dtype=V.dtype)
    _bottom_up(V, theta, vo, ho, A)
    HU = np.dot(H, U)
    for r in range(n):
        total = 0.0
        for m in range(vo.shape[0] - 1):
            for j in range(vo[m], vo[m + 1]):
                if gaussian[m]:
                    total -= 0.5 * (V[r, j] - b[j]) ** 2
                else:
                    total += b[j] * V[r, j]
        for i in range(H.shape[1]):
            total += H[r, i] * (A[r, i] + c[i]) + _binary_entropy(H[r, i])
        for k in range(n_joint):
            total += J[r, k] * (HU[r, k] + d[k]) + _binary_entropy(J[r, k])
        out[r] = total
    return out


@njit(cache=True, fastmath=IEEE_SAFE)
def _log_unnormalised_hidden(H, theta, vo, ho, gaussian, n_joint):
    # log of sum_J int_v exp(-E(v, H, J)): the visible and joint layers
    # summed (integrated) out given the pathway units
    b, c, U, d = _params(theta, vo, ho, n_joint)
    n = H.shape[0]
    out = np.zeros(n)
    log_2pi = np.log(2.0 * np.pi)
    for m in range(vo.shape[0] - 1):
        W = _weights(theta, vo, ho, m)
        P = np.dot(np.ascontiguousarray(H[:, ho[m] : ho[m + 1]]), W)
        for r in range(n):
            total = 0.0
            for j in range(P.shape[1]):
                a = P[r, j]
                bj = b[vo[m] + j]
                if gaussian[m]:
                    total += 0.5 * log_2pi + bj * a + 0.5 * a * a
                else:
                    total += _softplus(bj + a)
            out[r] += total
    HU = np.dot(H, U)
    for r in range(n):
        total = 0.0
        for i in range(H.shape[1]):
            total += c[i] * H[r, i]
        for k in range(n_joint):
            total += _softplus(HU[r, k] + d[k])
        out[r] += total
    return out


@njit(cache=True)
def _scaled(theta, vo, ho, n_joint, beta):
    # theta with every interaction (W and U) multiplied by beta
    out = theta.copy()
    w_stop, u_start, u_stop = _weight_span(vo, ho, n_joint)
    for i in range(w_stop):
        out[i] *= beta
    for i in range(u_start, u_stop):
        out[i] *= beta
    return out


@njit(cache=True)
def multimodal_log_partition(theta, vo, ho, gaussian, n_joint, betas, n_runs, seed):
    """Annealed importance sampling estimate of the log-partition function.

    Salakhutdinov and Murray (2008), on the pathway units alone: the visible
    and joint layers are summed out analytically given them, so the annealing
    runs over ``p_beta(h)`` with every interaction scaled by ``beta``, from
    ``beta = 0`` (independent units, exact partition function) to
    ``beta = 1``. Transitions are Gibbs sweeps at each ``beta`` (``v, J``
    given ``h``, then ``h`` given ``v, J``), which leave ``p_beta`` invariant.

    Returns
    -------
    log_z : float
        ``log Z_0 + log(mean(exp(log_w)))``.
    log_w : ndarray of shape (n_runs,)
        Log importance weights of the runs.
    """
    state = _seed_state(seed)
    b, c, U, d = _params(theta, vo, ho, n_joint)
    n_hid = c.shape[0]
    log_z0 = 0.0
    for i in range(n_hid):
        log_z0 += _softplus(c[i])
    for k in range(n_joint):
        log_z0 += _softplus(d[k])
    for m in range(vo.shape[0] - 1):
        for j in range(vo[m], vo[m + 1]):
            if gaussian[m]:
                log_z0 += 0.5 * np.log(2.0 * np.pi)
            else:
                log_z0 += _softplus(b[j])
    H = np.empty((n_runs, n_hid), dtype=theta.dtype)
    for r in range(n_runs):
        for i in range(n_hid):
            x = -c[i]
            x = x if x > EXP_MIN else EXP_MIN
            x = x if x < EXP_MAX else EXP_MAX
            H[r, i] = 1.0 / (1.0 + exp_reduced(x))
    _bernoulli_inplace(H, state)
    log_w = np.zeros(n_runs)
    previous = _log_unnormalised_hidden(
        H, _scaled(theta, vo, ho, n_joint, betas[0]), vo, ho, gaussian, n_joint
    )
    for t in range(1, betas.shape[0]):
        theta_t = _scaled(theta, vo, ho, n_joint, betas[t])
        current = _log_unnormalised_hidden(H, theta_t, vo, ho, gaussian, n_joint)
        log_w += current - previous
        bt, ct, Ut, dt = _params(theta_t, vo, ho, n_joint)
        V = _top_down(H, theta_t, vo, ho, bt, gaussian)
        _sample_visibles(V, vo, gaussian, state)
        J = _joint_means(H, Ut, dt)
        _bernoulli_inplace(J, state)
        H = _hidden_means_mm(V, J, theta_t, vo, ho, ct, Ut)
        _bernoulli_inplace(H, state)
        previous = _log_unnormalised_hidden(H, theta_t, vo, ho, gaussian, n_joint)
    top = log_w.max()
    return log_z0 + top + np.log(np.mean(np.exp(log_w - top))), log_w
