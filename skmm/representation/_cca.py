"""Canonical correlation analysis in closed form, and the coordinated-space base.

The numerics of closed-form CCA live in private functions of plain arrays
(:func:`_cca_directions`, :func:`_whiten`, :func:`_inv_sqrt`, :func:`_shrink`): a
few GEMMs, one symmetric eigendecomposition per view (a thin SVD when a view has
more columns than samples) and one SVD, written with operations that NumPy and
CuPy both provide (``xp`` is the array module of the inputs).
"""

from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin, _fit_context
from sklearn.utils import check_array
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import _check_feature_names_in, check_is_fitted

from ..utils._array_api import get_namespace
from ..utils._base import MultiViewMixin
from . import _cca_gpu

__all__ = ["CCA"]


# --------------------------------------------------------------------------
# Numerics on plain arrays (NumPy or CuPy)
# --------------------------------------------------------------------------


def _shrink(C, reg, xp=np, n_dims=None):
    """Shrink a covariance towards a multiple of the identity.

    ``(1 - reg) * C + reg * (trace(C) / n_dims) * I`` with ``n_dims = p`` by
    default: ``reg=0`` leaves ``C`` unchanged, ``reg=1`` replaces it by an
    isotropic matrix of the same total variance. The result does not depend on
    the overall scale of the data. Kernel CCA passes ``n_dims = n_samples`` so
    that the ridge does not depend on how many features approximate the kernel.
    """
    if reg == 0:
        return C
    p = C.shape[0]
    mu = xp.trace(C) / (p if n_dims is None else n_dims)
    out = (1.0 - reg) * C
    out = out + (reg * mu) * xp.eye(p, dtype=C.dtype)
    return out


def _inv_sqrt(C, xp=np, rtol=None):
    """Pseudo-inverse square root of a symmetric positive semi-definite matrix.

    Eigenvalues below ``rtol * max(eigenvalue)`` count as zero, so a rank
    deficient covariance (a constant column, more columns than samples) gives a
    whitening that ignores its null space instead of dividing by zero.
    """
    w, V = xp.linalg.eigh(C)
    if rtol is None:
        rtol = C.shape[0] * np.finfo(C.dtype).eps * 10
    top = float(w.max()) if w.shape[0] else 0.0
    keep = w > max(top, 0.0) * rtol
    inv = xp.where(keep, 1.0 / xp.sqrt(xp.where(keep, w, 1.0)), 0.0)
    return (V * inv) @ V.T


def _whiten(X, reg=0.0, xp=np, n_dims=None):
    """Whitening of one centred view: weights ``W`` and whitened data ``X @ W``.

    ``W`` maps whitened coordinates to weights on the columns of ``X``, so that
    ``W.T @ C_reg @ W = I`` on the span of the data (``C_reg`` the covariance
    shrunk by :func:`_shrink`). With at most as many columns as samples, ``W`` is
    the pseudo-inverse square root of ``C_reg`` (one GEMM and one ``eigh`` of a
    ``p x p`` matrix). With more columns than samples, a thin SVD of ``X`` gives
    the same variates at ``O(n^2 p)`` cost: the part of ``C_reg`` outside the
    span of the data never meets the data.

    Returns
    -------
    W : ndarray of shape (p, r)
    Y : ndarray of shape (n_samples, r)
        ``X @ W``.
    """
    n, p = X.shape
    if p <= n:
        W = _inv_sqrt(_shrink((X.T @ X) / (n - 1), reg, xp, n_dims), xp)
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


def _top_singular_pairs(T, k, xp=np):
    """Leading ``k`` singular triplets of ``T`` as ``(U, s, V)``.

    A full SVD for small matrices (and on CuPy); for large ones with few pairs
    wanted, the leading eigenvectors of the smaller Gram matrix ``T T^T`` (or
    ``T^T T``) only (LAPACK's subset solver), which is several times cheaper.
    """
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


def _cca_directions(X1, X2, n_components, reg=0.0, xp=None, n_dims=None, whitened=None):
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
        Shrinkage of each view's covariance (see :func:`_shrink`).
    xp : module, default=None
        Array module; inferred from the inputs when None.
    n_dims : int, default=None
        Dimension the shrinkage target is averaged over (see :func:`_shrink`).
    whitened : list of two (W, Y) pairs, default=None
        Whitening of each view, as :func:`_whiten` returns it, when the caller
        knows it already (kernel CCA's exact feature maps are orthogonal).

    Returns
    -------
    A : ndarray of shape (p, n_components)
        Weights of the first view; ``X1 @ A`` has unit sample variance per column.
    B : ndarray of shape (q, n_components)
        Weights of the second view, likewise.
    corr : ndarray of shape (n_components,)
        Sample correlations of the pairs of variates ``X1 @ A[:, k]`` and
        ``X2 @ B[:, k]`` (the singular values of the whitened cross-covariance
        when ``reg=0``).
    """
    if xp is None:
        xp = get_namespace(X1, X2)
    n = X1.shape[0]
    if whitened is None:
        whitened = [_whiten(X, reg, xp, n_dims) for X in (X1, X2)]
    (W1, Y1), (W2, Y2) = whitened
    U, _, V = _top_singular_pairs((Y1.T @ Y2) / (n - 1), n_components, xp)
    A = W1 @ U
    B = W2 @ V
    if A.shape[1] < n_components:  # a view of lower rank: constant extra variates
        A = _pad_columns(A, n_components, xp)
        B = _pad_columns(B, n_components, xp)
    signs = _sign_flips(A, xp)
    A, B = A * signs, B * signs
    A, Z1 = _unit_variance(X1, A, xp)
    B, Z2 = _unit_variance(X2, B, xp)
    corr = xp.sum(Z1 * Z2, axis=0) / (n - 1)
    return A, B, corr


def _pad_columns(A, k, xp=np):
    """Append zero columns to ``A`` up to ``k`` columns."""
    pad = xp.zeros((A.shape[0], k - A.shape[1]), dtype=A.dtype)
    return xp.concatenate([A, pad], axis=1)


def _sign_flips(A, xp=np):
    """Signs that make the largest-magnitude entry of each column positive."""
    rows = xp.argmax(xp.abs(A), axis=0)
    signs = xp.sign(A[rows, xp.arange(A.shape[1])])
    return xp.where(signs == 0, 1.0, signs)


def _unit_variance(X, W, xp=np):
    """Rescale the columns of ``W`` so that ``X @ W`` has unit sample variance.

    Columns whose variates are constant (a direction in a view's null space)
    are left as they are. Returns the weights and the variates.
    """
    Z = X @ W
    n = X.shape[0]
    std = xp.sqrt(xp.sum(Z * Z, axis=0) / max(n - 1, 1))
    ok = std > 1e-12 * (1.0 + xp.max(std) if std.shape[0] else 1.0)
    std = xp.where(ok, std, 1.0)
    return W / std, Z / std


def _correlations(Zs):
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


# --------------------------------------------------------------------------
# The coordinated-representation base shared by the CCA family
# --------------------------------------------------------------------------


class _BaseCoordinated(MultiViewMixin, TransformerMixin, BaseEstimator):
    """Shared ``transform``, ``transform_view``, ``score`` and feature names.

    Subclasses fit per-view maps into a common ``n_components``-dimensional
    space, set ``canonical_correlations_``, and implement
    ``_project_view(block, v)``, which maps the columns of view ``v`` (a
    validated float array) to ``(n_samples, n_components)`` variates with unit
    variance on the training data.
    """

    _parameter_constraints: dict = {
        "n_components": [Interval(Integral, 1, None, closed="left")],
        "views": "no_validation",
        "combine": [StrOptions({"concat", "mean"})],
    }

    # -- public API ---------------------------------------------------------

    def transform(self, X):
        """Canonical variates of every view.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Multi-view data with the columns seen in ``fit``.

        Returns
        -------
        Z : ndarray of shape (n_samples, n_views * n_components) or \
                (n_samples, n_components)
            With ``combine="concat"``, the variates of view 0, then those of
            view 1, ...; with ``combine="mean"``, their average over views.
        """
        check_is_fitted(self)
        if _cca_gpu.wants_device(self, X):  # CuPy: computed and left on the GPU
            return _cca_gpu.transform_device(self, X)
        X = self._validate_views_data(X, reset=False, dtype=np.float64)
        Zs = [self._project_view(b, v) for v, b in enumerate(self._split_views(X))]
        return self._combine_variates(Zs)

    def transform_view(self, X_view, view):
        """Project one modality alone into the coordinated space.

        Parameters
        ----------
        X_view : array-like or DataFrame of shape (n_samples, n_features_of_view)
            Only the columns of that view, in the order of ``views_[view]``
            (for a DataFrame, its columns must be that view's columns).
        view : str or int
            A name from ``view_names_`` or an index into it.

        Returns
        -------
        Z : ndarray of shape (n_samples, n_components)
            The variates of that view, on the same scale as its block of
            ``transform`` with ``combine="concat"``: variates of paired samples
            from different views are directly comparable.
        """
        check_is_fitted(self)
        v = self._view_index(view)
        block = self._check_view_block(X_view, v)
        return self._project_view(block, v)

    def score(self, X, y=None):
        """Mean canonical correlation of (held-out) paired data.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Multi-view data.
        y : None
            Ignored.

        Returns
        -------
        score : float
            The Pearson correlation of the views' variates, averaged over view
            pairs and components. Larger is better, so ``GridSearchCV`` can tune
            without labels.
        """
        check_is_fitted(self)
        X = self._validate_views_data(X, reset=False, dtype=np.float64)
        Zs = [self._project_view(b, v) for v, b in enumerate(self._split_views(X))]
        return float(np.mean(_correlations(Zs)))

    def get_feature_names_out(self, input_features=None):
        """Names of the output columns.

        Parameters
        ----------
        input_features : array-like of str or None, default=None
            Only checked against the names seen in ``fit``.

        Returns
        -------
        feature_names_out : ndarray of str
            ``"<view>_<prefix><k>"`` per view and component with
            ``combine="concat"`` (``prefix`` is the class name in lower case),
            ``"<prefix><k>"`` with ``combine="mean"``.
        """
        check_is_fitted(self)
        _check_feature_names_in(self, input_features, generate_names=False)
        prefix = type(self).__name__.lower()
        k = self._n_out_components()
        if self.combine == "mean":
            names = [f"{prefix}{i}" for i in range(k)]
        else:
            names = [
                f"{view}_{prefix}{i}" for view in self.view_names_ for i in range(k)
            ]
        return np.asarray(names, dtype=object)

    # -- helpers --------------------------------------------------------------

    def _n_out_components(self):
        return self.n_components

    def _combine_variates(self, Zs):
        if self.combine == "mean":
            return sum(Zs) / len(Zs)
        return np.hstack(Zs)

    def _check_view_block(self, X_view, v):
        idx = self.views_[v]
        name = self.view_names_[v]
        columns = getattr(X_view, "columns", None)
        if columns is not None and hasattr(self, "feature_names_in_"):
            expected = [str(c) for c in self.feature_names_in_[idx]]
            got = [str(c) for c in columns]
            if got != expected:
                raise ValueError(
                    f"The columns of X_view do not match view {name!r}: expected "
                    f"{expected[:8]!r}{'...' if len(expected) > 8 else ''}, got "
                    f"{got[:8]!r}{'...' if len(got) > 8 else ''}."
                )
        block = check_array(X_view, dtype=np.float64, input_name="X_view")
        if block.shape[1] != idx.shape[0]:
            raise ValueError(
                f"X_view has {block.shape[1]} columns but view {name!r} has "
                f"{idx.shape[0]} (X_view must hold only that view's columns)."
            )
        return block

    def _check_n_components(self, widths, n_samples):
        k = self.n_components
        if n_samples <= k:
            raise ValueError(
                f"n_components={k} needs more samples than components; got "
                f"{n_samples} sample(s)."
            )
        for name, width in zip(self.view_names_, widths):
            if k > width:
                raise ValueError(
                    f"n_components={k} is larger than the number of columns of view "
                    f"{name!r} ({width}); use n_components <= {min(widths)}."
                )


class _LinearCoordinated(_BaseCoordinated):
    """Linear per-view maps: centring, optional scaling, weights, loadings."""

    _parameter_constraints: dict = {
        **_BaseCoordinated._parameter_constraints,
        "reg": [Interval(Real, 0, 1, closed="both")],
        "scale": ["boolean"],
    }

    _max_views = None

    def inverse_transform(self, X):
        """Reconstruct the views from their variates.

        Each view is rebuilt from its own block of variates (``combine="concat"``)
        or from the shared code (``combine="mean"``) through ``loadings_``; the
        columns that belong to no view get their training mean.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_views * n_components) or \
                (n_samples, n_components)
            Variates, as returned by :meth:`transform`.

        Returns
        -------
        X_original : ndarray of shape (n_samples, `n_features_in_`)
            Least-squares reconstruction of the data (exact for a view whose
            width equals ``n_components`` when ``reg=0``).
        """
        check_is_fitted(self)
        Z = check_array(X, dtype=np.float64)
        k = self.n_components
        width = k if self.combine == "mean" else k * self.n_views_
        if Z.shape[1] != width:
            raise ValueError(
                f"X has {Z.shape[1]} columns but transform returns {width} with "
                f"combine={self.combine!r}."
            )
        out = np.tile(self.mean_, (Z.shape[0], 1))
        for v, idx in enumerate(self.views_):
            Zv = Z if self.combine == "mean" else Z[:, v * k : (v + 1) * k]
            out[:, idx] += (Zv @ self.loadings_[v].T) * self.scale_[idx]
        return out

    def _check_view_count(self):
        if self._max_views is not None and self.n_views_ != self._max_views:
            raise ValueError(
                f"{type(self).__name__} needs exactly {self._max_views} views; got "
                f"{self.n_views_} ({self.view_names_!r}); MultiviewCCA takes more."
            )

    def _standardize_fit(self, X):
        mean = X.mean(axis=0)
        if self.scale:
            std = X.std(axis=0, ddof=1) if X.shape[0] > 1 else np.ones(X.shape[1])
            std = np.where(std > 1e-12 * (1.0 + np.abs(mean)), std, 1.0)
        else:
            std = np.ones(X.shape[1])
        self.mean_ = mean
        self.scale_ = std
        return [(X[:, idx] - mean[idx]) / std[idx] for idx in self.views_]

    def _set_linear_maps(self, weights, blocks):
        """Store weights in the units of X and the least-squares loadings."""
        self.weights_ = [
            W / self.scale_[idx][:, None] for W, idx in zip(weights, self.views_)
        ]
        self.loadings_ = []
        for W, block in zip(weights, blocks):
            # least squares of block on Z = block @ W by the normal equations:
            # k x k and p x k products instead of an SVD of the n x p block
            Z = block @ W
            coef, *_ = np.linalg.lstsq(Z.T @ Z, Z.T @ block, rcond=None)
            self.loadings_.append(coef.T)

    def _project_view(self, block, v):
        idx = self.views_[v]
        return (block - self.mean_[idx]) @ self.weights_[v]


class CCA(_LinearCoordinated):
    """Regularized canonical correlation analysis in closed form.

    Finds, for two views ``X1`` and ``X2``, weights ``a_k`` and ``b_k`` such
    that the variates ``X1 a_k`` and ``X2 b_k`` are maximally correlated and
    uncorrelated with the earlier pairs (Hotelling, 1936). The solution is
    exact, not iterative: each view's covariance is whitened by its inverse
    square root and one SVD of the whitened cross-covariance gives every pair at
    once. A ridge term (canonical ridge, Vinod 1976) shrinks each covariance
    towards the identity, which keeps rank-deficient views (constant columns,
    more columns than samples) working and curbs overfitting.

    Read more in the :ref:`User Guide <representation>`.

    Parameters
    ----------
    n_components : int, default=2
        Number of canonical pairs; at most the width of the narrower view and
        fewer than the number of samples.
    views : None, int, list or dict, default=None
        Which columns belong to which view (see
        :func:`~skmm.utils.resolve_views`); exactly two views. ``None`` splits
        the columns into two halves.
    reg : float in [0, 1], default=0.0
        Shrinkage of each view's covariance ``C``:
        ``(1 - reg) * C + reg * (trace(C) / p) * I``. ``0`` is plain CCA
        (null spaces are ignored through a pseudo-inverse), ``1`` makes the
        whitening isotropic, which turns CCA into partial least squares (SVD of
        the cross-covariance). Tune it with ``GridSearchCV`` on :meth:`score`.
    scale : bool, default=True
        Whether to divide each column by its standard deviation before the
        shrinkage (constant columns are left as they are). Plain CCA
        (``reg=0``) does not depend on this choice; with ``reg > 0``, scaling
        makes the result independent of each column's units.
    combine : {"concat", "mean"}, default="concat"
        What :meth:`transform` returns: ``"concat"`` gives the variates of
        view 0 then view 1, ``(n_samples, 2 * n_components)``; ``"mean"``
        averages the two, ``(n_samples, n_components)``, a single code for a
        downstream model.

    Attributes
    ----------
    canonical_correlations_ : ndarray of shape (n_components,)
        Correlation of each pair of training variates, in decreasing order
        (exactly the canonical correlations when ``reg=0``).
    weights_ : list of ndarray of shape (n_features_of_view, n_components)
        Per view, the weights applied to the centred view columns (in the
        units of ``X``): ``(X_view - mean) @ weights_[v]`` are the variates,
        each of unit variance on the training data.
    loadings_ : list of ndarray of shape (n_features_of_view, n_components)
        Per view, the least-squares regression of the (centred, and scaled when
        ``scale=True``) view columns on its variates; with ``scale=True`` and
        ``reg=0`` these are the structure correlations (correlation of each
        column with each variate). Used by :meth:`inverse_transform`.
    mean_ : ndarray of shape (`n_features_in_`,)
        Per-column mean of the training data.
    scale_ : ndarray of shape (`n_features_in_`,)
        Per-column scale (standard deviations, or ones when ``scale=False``).
    views_ : list of ndarray of int
        Column indices of each view.
    view_names_ : list of str
        Name of each view.
    n_views_ : int
        Number of views (2).
    n_features_in_ : int
        Number of features seen during ``fit``.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of features seen during ``fit``. Defined only when ``X`` has
        feature names that are all strings.

    See Also
    --------
    KernelCCA : Nonlinear CCA through kernels.
    MultiviewCCA : CCA of three or more views.
    DeepCCA : CCA of features learned by one neural network per view.
    sklearn.cross_decomposition.CCA : The iterative (NIPALS) CCA of
        scikit-learn, taking two arrays.

    Notes
    -----
    ``transform_view`` projects one modality alone, when the other is absent,
    onto the same scale as its block of ``transform``, so that variates of
    paired samples from different views can be compared directly (cross-modal
    retrieval).

    References
    ----------
    .. [1] H. Hotelling, "Relations between two sets of variates",
       Biometrika 28(3/4), 321-377, 1936.
    .. [2] H. D. Vinod, "Canonical ridge and econometrics of joint production",
       Journal of Econometrics 4(2), 147-166, 1976.

    Examples
    --------
    >>> from skmm.datasets import make_correlated_views
    >>> from skmm.representation import CCA
    >>> X, views = make_correlated_views(
    ...     n_samples=2000, correlations=[0.9, 0.5], random_state=0)
    >>> cca = CCA(n_components=2, views=views).fit(X)
    >>> cca.canonical_correlations_.round(2)
    array([0.9, 0.5])
    >>> cca.transform(X).shape
    (2000, 4)
    >>> cca.transform_view(X[:, views["view1"]], "view1").shape
    (2000, 2)
    """

    _parameter_constraints: dict = {**_LinearCoordinated._parameter_constraints}

    _max_views = 2

    def __init__(
        self, n_components=2, *, views=None, reg=0.0, scale=True, combine="concat"
    ):
        self.n_components = n_components
        self.views = views
        self.reg = reg
        self.scale = scale
        self.combine = combine

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Fit the canonical directions.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Multi-view data; the columns of each view are given by ``views``.
        y : None
            Ignored.

        Returns
        -------
        self : CCA
            The fitted estimator.
        """
        if _cca_gpu.on_device(X):  # CuPy input: fitted on the GPU (_cca_gpu.py)
            return _cca_gpu.fit_device(self, X)
        X = self._validate_views_data(X, reset=True, dtype=np.float64)
        self._check_view_count()
        self._check_n_components([len(idx) for idx in self.views_], X.shape[0])
        blocks = self._standardize_fit(X)
        A, B, corr = _cca_directions(blocks[0], blocks[1], self.n_components, self.reg)
        self._set_linear_maps([A, B], blocks)
        self.canonical_correlations_ = np.asarray(corr)
        return self
