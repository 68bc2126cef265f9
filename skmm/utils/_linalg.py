"""Linear algebra shared by the coordinated, aligning and adapting estimators.

One implementation of each piece, written with operations that NumPy and CuPy
both provide (``xp`` is the array module of the inputs, inferred when omitted):

- :func:`sym_power`: powers of a symmetric positive semi-definite matrix (inverse
  square root, square root) with a pseudo-inverse on the null space;
- :func:`shrink`: the ridge convention of every skmm CCA,
  ``(1 - reg) * C + reg * (trace(C) / p) * I``;
- :func:`whiten`: whitening of one centred view under that ridge;
- :func:`column_scaling`: per-column means and standard deviations (constant
  columns keep scale 1);
- :func:`cca_directions`: regularised CCA of two centred blocks, by whitening and
  one SVD; :func:`cca_from_covariance` the same from the covariance blocks (no
  pass over the samples), with :func:`standardized_covariance` computing every
  block at once with one product;
- :func:`maxvar_directions` and :func:`sumcor_directions`: generalised CCA of
  several views (Kettenring's MAXVAR and SUMCOR), with optional view weights;
- :func:`lstsq_few`: least squares on a few regressors (the loadings);
- :func:`sign_flips` and :func:`correlations`.

Every function is pure: it takes arrays and returns new ones.
"""

import numpy as np

from ._array_api import get_namespace

__all__ = [
    "cca_directions",
    "cca_from_covariance",
    "finish_weights",
    "loadings_from_covariance",
    "maxvar_directions",
    "standardized_covariance",
    "sumcor_directions",
    "column_scaling",
    "correlations",
    "lstsq_few",
    "shrink",
    "sign_flips",
    "sym_power",
    "top_singular_pairs",
    "unit_variance",
    "whiten",
]


def _xp(xp, *arrays):
    return get_namespace(*arrays) if xp is None else xp


def sym_power(C, power, *, xp=None, rtol=None):
    """``C ** power`` for a symmetric positive semi-definite matrix ``C``.

    Eigenvalues at or below ``rtol * max(eigenvalue)`` count as zero: a negative
    power (``-0.5`` is the inverse square root) is then a pseudo-inverse that
    ignores the null space instead of dividing by zero, and a positive power
    maps them to zero.

    Parameters
    ----------
    C : ndarray of shape (p, p)
        Symmetric positive semi-definite matrix.
    power : float
        The power, for instance ``-0.5`` or ``0.5``.
    xp : module, default=None
        Array module (NumPy or CuPy); inferred from ``C`` when None.
    rtol : float, default=None
        Relative threshold of the zero eigenvalues; ``10 * p * eps`` when None.

    Returns
    -------
    C_power : ndarray of shape (p, p)
    """
    xp = _xp(xp, C)
    w, V = xp.linalg.eigh(C)
    if rtol is None:
        rtol = C.shape[0] * np.finfo(C.dtype).eps * 10
    top = float(w.max()) if w.shape[0] else 0.0
    keep = w > max(top, 0.0) * rtol
    powered = xp.where(keep, xp.where(keep, w, 1.0) ** power, 0.0)
    return (V * powered) @ V.T


def shrink(C, reg, *, xp=None, n_dims=None):
    """Shrink a covariance towards a multiple of the identity.

    ``(1 - reg) * C + reg * (trace(C) / n_dims) * I`` with ``n_dims = p`` by
    default: ``reg=0`` leaves ``C`` unchanged, ``reg=1`` replaces it by an
    isotropic matrix of the same total variance. The result does not depend on
    the overall scale of the data. Kernel CCA passes ``n_dims = n_samples`` so
    that the ridge does not depend on how many features approximate the kernel.

    Parameters
    ----------
    C : ndarray of shape (p, p)
        Covariance matrix.
    reg : float in [0, 1]
        Shrinkage intensity.
    xp : module, default=None
        Array module; inferred from ``C`` when None.
    n_dims : int, default=None
        Dimension the trace is averaged over (``p`` when None).

    Returns
    -------
    C_shrunk : ndarray of shape (p, p)
    """
    if reg == 0:
        return C
    xp = _xp(xp, C)
    p = C.shape[0]
    mu = xp.trace(C) / (p if n_dims is None else n_dims)
    return (1.0 - reg) * C + (reg * mu) * xp.eye(p, dtype=C.dtype)


def whiten(X, reg=0.0, *, xp=None, n_dims=None):
    """Whitening of one centred view: weights ``W`` and whitened data ``X @ W``.

    ``W`` maps whitened coordinates to weights on the columns of ``X``, so that
    ``W.T @ C_reg @ W = I`` on the span of the data (``C_reg`` the sample
    covariance shrunk by :func:`shrink`). With at most as many columns as
    samples, ``W`` is the pseudo-inverse square root of ``C_reg`` (one GEMM and
    one ``eigh`` of a ``p x p`` matrix). With more columns than samples, a thin
    SVD of ``X`` gives the same variates at ``O(n^2 p)`` cost: the part of
    ``C_reg`` outside the span of the data never meets the data.

    Parameters
    ----------
    X : ndarray of shape (n_samples, p)
        Centred view.
    reg : float in [0, 1], default=0.0
        Shrinkage of the covariance (see :func:`shrink`).
    xp : module, default=None
        Array module; inferred from ``X`` when None.
    n_dims : int, default=None
        Passed to :func:`shrink`.

    Returns
    -------
    W : ndarray of shape (p, r)
    Y : ndarray of shape (n_samples, r)
        ``X @ W``.
    """
    xp = _xp(xp, X)
    n, p = X.shape
    if p <= n:
        C = shrink((X.T @ X) / (n - 1), reg, xp=xp, n_dims=n_dims)
        W = sym_power(C, -0.5, xp=xp)
        return W, X @ W
    U, S, Vt = xp.linalg.svd(X, full_matrices=False)
    tol = max(n, p) * np.finfo(X.dtype).eps * 10
    keep = S > (float(S[0]) if S.shape[0] else 0.0) * tol
    U, S, Vt = U[:, keep], S[keep], Vt[keep]
    var = S * S / (n - 1)
    mu = xp.sum(var) / (p if n_dims is None else n_dims)
    d = (1.0 - reg) * var + reg * mu
    inv = 1.0 / xp.sqrt(d)
    return Vt.T * inv, U * (S * inv)


def column_scaling(X, scale=True, *, xp=None):
    """Per-column means and scales of ``X``, as the linear estimators standardise.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        Data.
    scale : bool, default=True
        Whether the scales are the standard deviations (``ddof=1``); ones
        otherwise. A column whose standard deviation is negligible against its
        mean (a constant column) keeps scale 1.
    xp : module, default=None
        Array module; inferred from ``X`` when None.

    Returns
    -------
    mean : ndarray of shape (n_features,)
    scale : ndarray of shape (n_features,)
    """
    xp = _xp(xp, X)
    mean = xp.mean(X, axis=0)
    if scale and X.shape[0] > 1:
        std = xp.std(X, axis=0, ddof=1)
        std = xp.where(std > 1e-12 * (1.0 + xp.abs(mean)), std, 1.0).astype(X.dtype)
    else:
        std = xp.ones(X.shape[1], dtype=X.dtype)
    return mean, std


def top_singular_pairs(T, k, *, xp=None):
    """Leading ``k`` singular triplets of ``T`` as ``(U, s, V)``.

    A full SVD for small matrices (and on CuPy); for large ones with few pairs
    wanted, the leading eigenvectors of the smaller Gram matrix ``T T^T`` (or
    ``T^T T``) only (LAPACK's subset solver), which is several times cheaper.
    """
    xp = _xp(xp, T)
    r = min(T.shape)
    if xp is not np or r <= max(200, 4 * k):
        U, s, Vt = xp.linalg.svd(T, full_matrices=False)
        return U[:, :k], s[:k], Vt[:k].T
    from scipy.linalg import eigh

    flip = T.shape[0] > T.shape[1]
    M = T.T if flip else T
    w, L = eigh(M @ M.T, subset_by_index=[r - k, r - 1])
    w, L = w[::-1], L[:, ::-1]
    s = np.sqrt(np.clip(w, 0.0, None))
    ok = s > s[0] * 1e-10 if s[0] > 0 else np.zeros_like(s, dtype=bool)
    R = (M.T @ L) / np.where(ok, s, 1.0)
    R[:, ~ok] = 0.0
    return (R, s, L) if flip else (L, s, R)


def cca_directions(
    X1, X2, n_components, reg=0.0, *, xp=None, n_dims=None, whitened=None
):
    """Canonical directions of two centred blocks, by whitening and one SVD.

    Parameters
    ----------
    X1 : ndarray of shape (n_samples, p)
        Centred first view.
    X2 : ndarray of shape (n_samples, q)
        Centred second view.
    n_components : int
        Number of canonical pairs, at most ``min(p, q)``.
    reg : float in [0, 1], default=0.0
        Shrinkage of each view's covariance (see :func:`shrink`).
    xp : module, default=None
        Array module; inferred from the inputs when None.
    n_dims : int, default=None
        Dimension the shrinkage target is averaged over (see :func:`shrink`).
    whitened : list of two (W, Y) pairs, default=None
        Whitening of each view, as :func:`whiten` returns it, when the caller
        knows it already (kernel CCA's exact feature maps are orthogonal).

    Returns
    -------
    A : ndarray of shape (p, n_components)
        Weights of the first view; ``X1 @ A`` has unit sample variance per
        column, and the entry of largest magnitude of each column is positive.
    B : ndarray of shape (q, n_components)
        Weights of the second view, likewise (signs paired with ``A``).
    corr : ndarray of shape (n_components,)
        Sample correlations of the pairs of variates ``X1 @ A[:, k]`` and
        ``X2 @ B[:, k]`` (the singular values of the whitened cross-covariance
        when ``reg=0``).
    """
    xp = _xp(xp, X1, X2)
    n = X1.shape[0]
    if whitened is None:
        whitened = [whiten(X, reg, xp=xp, n_dims=n_dims) for X in (X1, X2)]
    (W1, Y1), (W2, Y2) = whitened
    U, s, V = top_singular_pairs((Y1.T @ Y2) / (n - 1), n_components, xp=xp)
    U, V = _settle_ties(U, s, V, xp)
    A = W1 @ U
    B = W2 @ V
    if A.shape[1] < n_components:  # a view of lower rank: constant extra variates
        A = _pad_columns(A, n_components, xp)
        B = _pad_columns(B, n_components, xp)
    signs = sign_flips(A, xp=xp)
    A, B = A * signs, B * signs
    A, Z1 = unit_variance(X1, A, xp=xp)
    B, Z2 = unit_variance(X2, B, xp=xp)
    corr = xp.sum(Z1 * Z2, axis=0) / (n - 1)
    return A, B, corr


def _settle_ties(U, s, V, xp, rtol=1e-9):
    """A deterministic basis within each group of tied singular values.

    Pairs whose singular values (canonical correlations) tie span a subspace in
    which any rotation of the pairs is as good; the SVD returns one that
    depends on rounding, so scaled and pre-standardised inputs could give
    variates that differ by a rotation. Within each tied group the columns are
    rotated, the same for both views, to the basis built greedily from the rows
    of ``U`` with the largest remaining norm, which depends on the subspace
    only.
    """
    k = s.shape[0]
    if k < 2:
        return U, V
    s_host = np.asarray(s.get() if hasattr(s, "get") else s)
    tol = rtol * max(float(s_host[0]), np.finfo(np.float64).tiny)
    start = 0
    while start < k:
        stop = start + 1
        while stop < k and s_host[stop - 1] - s_host[stop] <= tol:
            stop += 1
        if stop - start > 1:
            R = _canonical_rotation(U[:, start:stop], xp)
            U[:, start:stop] = U[:, start:stop] @ R
            V[:, start:stop] = V[:, start:stop] @ R
        start = stop
    return U, V


def _canonical_rotation(Ug, xp):
    """Rotation ``R`` such that ``Ug @ R`` depends only on the span of ``Ug``.

    Greedy Gram-Schmidt on the rows of ``Ug`` (orthonormal columns): the next
    basis vector is the row with the largest norm after projecting out the
    vectors chosen so far. Row norms and projections are invariant to a
    rotation of ``Ug``, so the construction is too.
    """
    m = Ug.shape[1]
    rows = Ug.copy()
    R = xp.zeros((m, m), dtype=Ug.dtype)
    for j in range(m):
        norms = xp.sum(rows * rows, axis=1)
        i = int(xp.argmax(norms))
        q = rows[i] / xp.sqrt(norms[i])
        R[:, j] = q
        rows = rows - xp.outer(rows @ q, q)
    return R


def _pad_columns(A, k, xp):
    """Append zero columns to ``A`` up to ``k`` columns."""
    pad = xp.zeros((A.shape[0], k - A.shape[1]), dtype=A.dtype)
    return xp.concatenate([A, pad], axis=1)


def sign_flips(A, *, xp=None):
    """Signs that make the entry of largest magnitude of each column positive.

    Parameters
    ----------
    A : ndarray of shape (p, k)

    Returns
    -------
    signs : ndarray of shape (k,)
        ``+1`` or ``-1`` per column (``+1`` for a zero column); ``A * signs``
        has a positive entry of largest magnitude in every column.
    """
    xp = _xp(xp, A)
    rows = xp.argmax(xp.abs(A), axis=0)
    signs = xp.sign(A[rows, xp.arange(A.shape[1])])
    return xp.where(signs == 0, 1.0, signs)


def unit_variance(X, W, *, xp=None):
    """Rescale the columns of ``W`` so that ``X @ W`` has unit sample variance.

    Columns whose variates are constant (a direction in a view's null space)
    are left as they are. Returns the weights and the variates.
    """
    xp = _xp(xp, X, W)
    Z = X @ W
    n = X.shape[0]
    std = xp.sqrt(xp.sum(Z * Z, axis=0) / max(n - 1, 1))
    ok = std > 1e-12 * (1.0 + xp.max(std) if std.shape[0] else 1.0)
    std = xp.where(ok, std, 1.0)
    return W / std, Z / std


def lstsq_few(Z, B, *, xp=None):
    """Least-squares ``C`` minimising ``||Z C - B||`` for a few columns of ``Z``.

    The normal equations through the pseudo-inverse of ``Z.T @ Z`` (``k x k``),
    so the cost is two thin products instead of an SVD of a tall matrix, and a
    constant zero column of ``Z`` gets zero coefficients, as the minimum-norm
    solution of ``lstsq`` gives.

    Parameters
    ----------
    Z : ndarray of shape (n_samples, k)
        Regressors (few columns).
    B : ndarray of shape (n_samples, p)
        Responses.
    xp : module, default=None
        Array module; inferred from the inputs when None.

    Returns
    -------
    C : ndarray of shape (k, p)
    """
    xp = _xp(xp, Z, B)
    G = Z.T @ Z
    tol = max(Z.shape) * np.finfo(Z.dtype).eps
    return sym_power(G, -1.0, xp=xp, rtol=tol) @ (Z.T @ B)


def correlations(Zs):
    """Per-component correlation averaged over every pair of views.

    Parameters
    ----------
    Zs : list of ndarray of shape (n_samples, n_components)
        Variates of each view.

    Returns
    -------
    corr : ndarray of shape (n_components,)
        For each component, the mean over view pairs of the Pearson correlation
        of the two views' variates (0 where one of them is constant).
    """
    xp = get_namespace(*Zs)
    centred = []
    for Z in Zs:
        Zc = Z - xp.mean(Z, axis=0)
        norm = xp.sqrt(xp.sum(Zc * Zc, axis=0))
        centred.append(Zc / xp.where(norm > 0, norm, 1.0))
    total, n_pairs = 0.0, 0
    for i in range(len(centred)):
        for j in range(i + 1, len(centred)):
            total = total + xp.sum(centred[i] * centred[j], axis=0)
            n_pairs += 1
    return total / n_pairs


def standardized_covariance(X, scale=True, *, xp=None):
    """Means, scales and the covariance of the standardised columns, in one pass.

    One centring and one product ``Xc.T @ Xc`` give every covariance block of
    every view at once (a symmetric rank-k update in BLAS); the standard
    deviations are the square roots of its diagonal, so the data are read
    twice in all (the mean and the product), where separate standardisation
    and whitening passes read them many times.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        Data.
    scale : bool, default=True
        Whether to standardise the columns (the rule of :func:`column_scaling`:
        a constant column keeps scale 1); otherwise the scales are ones.
    xp : module, default=None
        Array module; inferred from ``X`` when None.

    Returns
    -------
    mean : ndarray of shape (n_features,)
    scale : ndarray of shape (n_features,)
    C : ndarray of shape (n_features, n_features)
        Sample covariance (``ddof=1``) of ``(X - mean) / scale``.
    """
    xp = _xp(xp, X)
    n = X.shape[0]
    mean = xp.mean(X, axis=0)
    Xc = X - mean
    C = (Xc.T @ Xc) / max(n - 1, 1)
    if scale and n > 1:
        std = xp.sqrt(xp.clip(xp.diagonal(C), 0.0, None))
        std = xp.where(std > 1e-12 * (1.0 + xp.abs(mean)), std, 1.0).astype(X.dtype)
        C = C / std[:, None] / std[None, :]
    else:
        std = xp.ones(X.shape[1], dtype=X.dtype)
    return mean, std, C


def _variance_scaling(var, xp):
    """Inverse standard deviations of variates of variance ``var`` (1 if constant)."""
    std = xp.sqrt(xp.clip(var, 0.0, None))
    ok = std > 1e-12 * (1.0 + xp.max(std) if std.shape[0] else 1.0)
    return xp.where(ok, std, 1.0)


def cca_from_covariance(C11, C22, C12, n_components, reg=0.0, *, xp=None):
    """Canonical directions from covariance blocks, as :func:`cca_directions`.

    The same weights, signs and correlations as :func:`cca_directions` on the
    centred data with these covariances (``C = X.T @ X / (n - 1)``), without
    touching the samples again: whitening, unit variance and the correlations
    are all products of ``p x p`` matrices.

    Parameters
    ----------
    C11 : ndarray of shape (p, p)
        Covariance of the first view.
    C22 : ndarray of shape (q, q)
        Covariance of the second view.
    C12 : ndarray of shape (p, q)
        Cross-covariance.
    n_components : int
        Number of canonical pairs, at most ``min(p, q)``.
    reg : float in [0, 1], default=0.0
        Shrinkage of each view's covariance (see :func:`shrink`).
    xp : module, default=None
        Array module; inferred from the inputs when None.

    Returns
    -------
    A : ndarray of shape (p, n_components)
    B : ndarray of shape (q, n_components)
    corr : ndarray of shape (n_components,)
        See :func:`cca_directions`.
    """
    xp = _xp(xp, C11, C22, C12)
    W1 = sym_power(shrink(C11, reg, xp=xp), -0.5, xp=xp)
    W2 = sym_power(shrink(C22, reg, xp=xp), -0.5, xp=xp)
    U, s, V = top_singular_pairs(W1 @ C12 @ W2, n_components, xp=xp)
    U, V = _settle_ties(U, s, V, xp)
    A = W1 @ U
    B = W2 @ V
    if A.shape[1] < n_components:
        A = _pad_columns(A, n_components, xp)
        B = _pad_columns(B, n_components, xp)
    signs = sign_flips(A, xp=xp)
    A = A * (signs / _variance_scaling(xp.sum(A * (C11 @ A), axis=0), xp))
    B = B * (signs / _variance_scaling(xp.sum(B * (C22 @ B), axis=0), xp))
    corr = xp.sum(A * (C12 @ B), axis=0)
    return A, B, corr


def loadings_from_covariance(W, C, n_samples, *, xp=None):
    """Least-squares loadings of a block on its variates, from its covariance.

    Equal to ``lstsq_few(X @ W, X).T`` for a centred block ``X`` of covariance
    ``C``: the normal equations need ``W.T @ C @ W`` and ``W.T @ C`` only.

    Parameters
    ----------
    W : ndarray of shape (p, k)
        Weights of the block.
    C : ndarray of shape (p, p)
        Covariance of the block.
    n_samples : int
        Number of samples (the rank threshold of :func:`lstsq_few`).
    xp : module, default=None
        Array module; inferred from the inputs when None.

    Returns
    -------
    loadings : ndarray of shape (p, k)
    """
    xp = _xp(xp, W, C)
    CW = C @ W
    tol = max(n_samples, W.shape[1]) * np.finfo(W.dtype).eps
    return (sym_power(W.T @ CW, -1.0, xp=xp, rtol=tol) @ CW.T).T


def _weighted_gram(R, sizes, view_weights, xp):
    """``D R D`` with ``D`` the square roots of the view weights, block by block."""
    if view_weights is None:
        return R
    d = xp.concatenate(
        [
            xp.full(int(r), float(w) ** 0.5, dtype=R.dtype)
            for r, w in zip(sizes, view_weights)
        ]
    )
    return R * d[:, None] * d[None, :]


def _blocks(vector_or_matrix, sizes):
    out, start = [], 0
    for r in sizes:
        out.append(vector_or_matrix[start : start + r])
        start += r
    return out


def maxvar_directions(R, whiteners, n_components, *, view_weights=None, xp=None):
    """Kettenring's MAXVAR generalised CCA in whitened coordinates.

    The shared code maximises ``sum_v w_v ||P_v g||^2`` (``P_v`` the projection
    on view ``v``'s column space, under its ridge): the top eigenvectors of
    ``D R D``, ``R`` the Gram matrix of the whitened views side by side (its
    diagonal blocks are identities when ``reg=0``) and ``D`` the square roots
    of the view weights.

    Parameters
    ----------
    R : ndarray of shape (r, r)
        Covariance of the whitened views side by side, ``r = sum_v r_v``.
    whiteners : list of ndarray of shape (p_v, r_v)
        Per view, the map from whitened coordinates to weights on its columns.
    n_components : int
        Number of components.
    view_weights : array-like of shape (n_views,), default=None
        Non-negative weight of each view (ones when None).
    xp : module, default=None
        Array module; inferred from ``R`` when None.

    Returns
    -------
    weights : list of ndarray of shape (p_v, n_components)
        Per-view weights, before scaling to unit variance.
    eigenvalues : ndarray of shape (n_components,)
        The top eigenvalues of ``D R D`` (between 0 and ``sum_v w_v``; for
        two views of weight 1 at ``reg=0``, ``1 + rho``).
    """
    xp = _xp(xp, R)
    sizes = [W.shape[1] for W in whiteners]
    w, V = xp.linalg.eigh(_weighted_gram(R, sizes, view_weights, xp))
    order = xp.argsort(w)[::-1][:n_components]
    w, V = w[order], V[:, order]
    return [W @ Vv for W, Vv in zip(whiteners, _blocks(V, sizes))], w


def sumcor_directions(
    R,
    whiteners,
    n_components,
    *,
    view_weights=None,
    max_iter=1000,
    tol=1e-10,
    init=None,
    xp=None,
):
    """Kettenring's SUMCOR generalised CCA, by the block power method.

    Per component, unit vectors ``b_v`` in each view's whitened coordinates
    maximise ``sum_{i != j} w_i w_j b_i' R_ij b_j`` (twice the weighted sum of
    the pairwise correlations when ``reg=0``). Each iteration sets every
    ``b_v`` to the normalised gradient ``sum_j M_vj b_j`` of the shifted form
    ``M`` (the off-diagonal blocks of the weighted ``R`` plus ``s I``, ``s``
    making ``M`` positive semi-definite, which adds a constant): a convex
    function over a product of spheres increases at every such step (Ten
    Berge, 1988). Later components are orthogonal to the earlier ones within
    each view (uncorrelated variates of one view at ``reg=0``). The start is
    the MAXVAR solution.

    Parameters
    ----------
    R : ndarray of shape (r, r)
        Covariance of the whitened views side by side.
    whiteners : list of ndarray of shape (p_v, r_v)
        Per view, the map from whitened coordinates to weights.
    n_components : int
        Number of components.
    view_weights : array-like of shape (n_views,), default=None
        Non-negative weight of each view (ones when None).
    max_iter : int, default=1000
        Most iterations per component.
    tol : float, default=1e-10
        Stop when the objective gains less than ``tol`` times its value.
    init : list of ndarray of shape (r_v, n_components), default=None
        Starting vectors in each view's whitened coordinates (MAXVAR's when
        None).
    xp : module, default=None
        Array module; inferred from ``R`` when None.

    Returns
    -------
    weights : list of ndarray of shape (p_v, n_components)
        Per-view weights, before scaling to unit variance.
    objectives : ndarray of shape (n_components,)
        ``sum_{i<j} w_i w_j b_i' R_ij b_j`` per component.
    n_iter : int
        Iterations run, over all components.
    history : list of list of float
        Per component, the objective after each iteration (non-decreasing).
    """
    xp = _xp(xp, R)
    sizes = [W.shape[1] for W in whiteners]
    n_views = len(sizes)
    wts = np.ones(n_views) if view_weights is None else np.asarray(view_weights)
    Rw = _weighted_gram(R, sizes, wts**2, xp)  # pair (i, j) weighs w_i w_j
    off = Rw.copy()
    start = 0
    for r in sizes:  # the within-view blocks are constant on the spheres
        off[start : start + r, start : start + r] = 0.0
        start += r
    shift = max(0.0, -float(xp.linalg.eigvalsh(off)[0]))
    M = off + shift * xp.eye(off.shape[0], dtype=off.dtype)
    if init is None:
        eyes = [xp.eye(r, dtype=R.dtype) for r in sizes]
        init, _ = maxvar_directions(R, eyes, n_components, view_weights=wts, xp=xp)
    bases = [xp.zeros((r, 0), dtype=R.dtype) for r in sizes]
    objectives, history, n_iter = [], [], 0

    def project(b, Q):
        return b - Q @ (Q.T @ b) if Q.shape[1] else b

    def normalise(b, r):
        norm = float(xp.sqrt(xp.sum(b * b)))
        if norm > 0:
            return b / norm
        e = xp.zeros(r, dtype=R.dtype)
        e[0] = 1.0
        return e

    for k in range(n_components):
        b = [
            normalise(project(init[v][:, k], bases[v]), sizes[v])
            for v in range(n_views)
        ]
        trace = []
        value = -np.inf
        for _ in range(max_iter):
            x = xp.concatenate(b)
            grads = _blocks(M @ x, sizes)
            b = [normalise(project(g, Q), r) for g, Q, r in zip(grads, bases, sizes)]
            n_iter += 1
            x = xp.concatenate(b)
            new = 0.5 * float(x @ (off @ x))
            trace.append(new)
            if new - value <= tol * max(abs(new), 1e-300):
                value = new
                break
            value = new
        objectives.append(value)
        history.append(trace)
        bases = [xp.concatenate([Q, bv[:, None]], axis=1) for Q, bv in zip(bases, b)]
    weights = [W @ Q for W, Q in zip(whiteners, bases)]
    return weights, xp.asarray(objectives), n_iter, history


def finish_weights(weights, *, blocks=None, covariances=None, xp=None):
    """Deterministic signs and unit-variance variates for per-view weights.

    The signs make the entry of largest magnitude of the first view's weights
    positive (the same flip for every view, so paired variates keep their
    sign); each column is then scaled so that its variates have unit sample
    variance, from the centred ``blocks`` or from the views' ``covariances``.

    Parameters
    ----------
    weights : list of ndarray of shape (p_v, k)
        Per-view weights.
    blocks : list of ndarray of shape (n_samples, p_v), default=None
        Centred views.
    covariances : list of ndarray of shape (p_v, p_v), default=None
        Their covariances, used when ``blocks`` is None.
    xp : module, default=None
        Array module; inferred from the weights when None.

    Returns
    -------
    weights : list of ndarray of shape (p_v, k)
    """
    xp = _xp(xp, *weights)
    signs = sign_flips(weights[0], xp=xp)
    out = []
    for v, W in enumerate(weights):
        W = W * signs
        if blocks is not None:
            W = unit_variance(blocks[v], W, xp=xp)[0]
        else:
            C = covariances[v]
            W = W / _variance_scaling(xp.sum(W * (C @ W), axis=0), xp)
        out.append(W)
    return out
