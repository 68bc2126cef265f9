"""Canonical correlation analysis in closed form, and the coordinated-space base.

The numerics (whitening, the regularised CCA directions, standardisation, the
loadings) are shared with the GPU path, CTW, DeepCCA and the domain adapters and
live in :mod:`skmm.utils._linalg`; this module holds the estimators.
"""

from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin, _fit_context
from sklearn.utils import check_array
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import (
    _check_feature_names_in,
    check_is_fitted,
    validate_data,
)

from ..utils._array_api import on_device
from ..utils._base import MultiViewMixin, check_view_block, is_two_dimensional
from ..utils._docstrings import Substitution, views_docs
from ..utils._linalg import (
    cca_directions,
    cca_from_covariance,
    column_scaling,
    correlations,
    loadings_from_covariance,
    lstsq_few,
    standardized_covariance,
)

__all__ = ["CCA"]


#: The standardisation attributes of the coordinated estimators (``scale``).
_SCALING_ATTRIBUTES = """\
mean_ : ndarray of shape (`n_features_in_`,)
    Per-column mean of the training data.
scale_ : ndarray of shape (`n_features_in_`,)
    Per-column scale: standard deviations (1 for a constant column), or ones
    when ``scale=False``."""
scaling_docs = Substitution(scaling_attributes=_SCALING_ATTRIBUTES)


class _BaseCoordinated(MultiViewMixin, TransformerMixin, BaseEstimator):
    """Shared ``fit`` input, ``transform``, ``transform_view``, ``score``, names.

    Subclasses implement ``_fit(X)`` on validated data whose views are resolved
    (``views_``), set ``canonical_correlations_``, and implement
    ``_project_view(block, v)``, which maps the columns of view ``v`` (a
    validated float array) to ``(n_samples, n_components)`` variates with unit
    variance on the training data.

    Besides the views contract (one ``X``, ``views=``), ``fit`` takes
    scikit-learn's two-array form of :class:`sklearn.cross_decomposition.CCA`:
    ``fit(X, Y)`` with a 2-D ``Y`` and ``views=None`` takes ``X`` and ``Y`` as
    the two views (named ``"X"`` and ``"Y"``; ``views_`` then index the columns
    of ``X`` and ``Y`` side by side), and ``transform(X, Y)`` returns the pair
    of variates. A 1-D ``y`` is ignored, so class labels pass through a
    ``Pipeline``.
    """

    _parameter_constraints: dict = {
        **MultiViewMixin._parameter_constraints,
        "n_components": [Interval(Integral, 1, None, closed="left")],
        "combine": [StrOptions({"concat", "mean"})],
    }

    _n_views = (2, 2)

    # -- public API ---------------------------------------------------------

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Fit the coordinated space.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Multi-view data; the columns of each view are given by ``views``.
            In the two-array form, the first view alone.
        y : None, array-like of shape (n_samples,) or (n_samples, n_targets)
            A 2-D array is the second view (scikit-learn's two-array form,
            with ``views=None``); a 1-D array (class labels in a pipeline) is
            ignored.

        Returns
        -------
        self : object
            The fitted estimator.
        """
        X = self._validate_fit_data(X, y)
        self._fit(X)
        return self

    def fit_transform(self, X, y=None):
        """Fit, then return the variates of the training data.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Multi-view data (the first view in the two-array form).
        y : None, array-like of shape (n_samples,) or (n_samples, n_targets)
            The second view in the two-array form; a 1-D ``y`` is ignored.

        Returns
        -------
        Z : ndarray or tuple of two ndarrays
            What :meth:`transform` returns for the same input.
        """
        self.fit(X, y)
        return self.transform(X, y) if self._paired_arrays else self.transform(X)

    def transform(self, X, y=None):
        """Canonical variates of every view.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Multi-view data with the columns seen in ``fit`` (in the two-array
            form, the first view alone).
        y : None or array-like of shape (n_samples, n_targets), default=None
            Two-array form only: the second view, whose variates are returned
            too.

        Returns
        -------
        Z : ndarray of shape (n_samples, n_views * n_components) or \
                (n_samples, n_components)
            With ``combine="concat"``, the variates of view 0, then those of
            view 1, ...; with ``combine="mean"``, their average over views. In
            the two-array form, the variates of ``X``, or the pair
            ``(Z_X, Z_Y)`` when ``y`` is given, as scikit-learn's CCA returns.
        """
        check_is_fitted(self)
        if self._paired_arrays:
            Z = self._project_view(self._check_first_array(X), 0)
            if y is None:
                return Z
            return Z, self._project_view(self._check_second_array(y, Z.shape[0]), 1)
        self._reject_second_view(y)
        if on_device(X, getattr(self, "mean_", None)):
            return self._transform_device(X)
        X, _, _ = self._validate_views_data(X, reset=False, dtype=np.float64)
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
        v = self._view_position(view)
        block = check_view_block(self, X_view, v, match_names=not self._paired_arrays)
        return self._project_view(block, v)

    def score(self, X, y=None):
        """Mean canonical correlation of (held-out) paired data.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Multi-view data (the first view in the two-array form).
        y : None or array-like, default=None
            The second view in the two-array form; otherwise ignored (class
            labels that ``GridSearchCV`` passes).

        Returns
        -------
        score : float
            The Pearson correlation of the views' variates, averaged over view
            pairs and components. Larger is better, so ``GridSearchCV`` can tune
            without labels.
        """
        check_is_fitted(self)
        blocks = self._view_blocks(X, y, method="score")
        Zs = [self._project_view(b, v) for v, b in enumerate(blocks)]
        return float(np.mean(correlations(Zs)))

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
            ``"<prefix><k>"`` otherwise (one code: ``combine="mean"``, or
            the latent of a probabilistic model) and in the two-array form
            (the variates of ``X``).
        """
        check_is_fitted(self)
        _check_feature_names_in(self, input_features, generate_names=False)
        prefix = type(self).__name__.lower()
        k = self._n_out_components()
        if self.combine != "concat" or self._paired_arrays:
            names = [f"{prefix}{i}" for i in range(k)]
        else:
            names = [
                f"{view}_{prefix}{i}" for view in self.view_names_ for i in range(k)
            ]
        return np.asarray(names, dtype=object)

    # -- input ------------------------------------------------------------------

    def _validate_fit_data(self, X, y):
        """Validated ``X`` with ``views_`` resolved, from either input form."""
        self._paired_arrays = is_two_dimensional(y)
        if not self._paired_arrays:
            X, _, _ = self._validate_views_data(X, reset=True, dtype=np.float64)
            return X
        if self.views is not None:
            raise ValueError(
                f"{type(self).__name__} got views={self.views!r} and a 2-D second "
                "array Y: give the views either as one X with `views=` or as two "
                "arrays fit(X, Y) with views=None, not both."
            )
        X, Y = validate_data(
            self, X, y, multi_output=True, y_numeric=True, dtype=np.float64
        )
        Y = np.asarray(Y, dtype=np.float64)
        p = X.shape[1]
        joint = np.hstack([X, Y])
        self._resolve_views(
            joint, views={"X": slice(0, p), "Y": slice(p, joint.shape[1])}
        )
        return joint

    def _view_blocks(self, X, y=None, *, method="score"):
        """Validated blocks of every view, from one ``X`` or the two arrays."""
        if not self._paired_arrays:
            X, _, _ = self._validate_views_data(X, reset=False, dtype=np.float64)
            return self._split_views(X)
        if not is_two_dimensional(y):
            raise ValueError(
                f"This {type(self).__name__} was fitted on two arrays, "
                f"fit(X, Y); {method} needs both: {method}(X, Y)."
            )
        X = self._check_first_array(X)
        return [X, self._check_second_array(y, X.shape[0])]

    def _check_first_array(self, X):
        return validate_data(self, X, reset=False, dtype=np.float64)

    def _check_second_array(self, y, n_rows):
        Y = check_array(y, dtype=np.float64, ensure_2d=False, input_name="Y")
        if Y.ndim == 1:
            Y = Y[:, None]
        width = self.views_[1].shape[0]
        if Y.shape[1] != width:
            raise ValueError(
                f"Y has {Y.shape[1]} columns, but {type(self).__name__} was fitted "
                f"with a Y of {width} columns."
            )
        if Y.shape[0] != n_rows:
            raise ValueError(
                f"X and Y have different numbers of rows ({n_rows} and "
                f"{Y.shape[0]}); they must hold the same samples."
            )
        return Y

    def _transform_device(self, X):
        raise TypeError(f"{type(self).__name__} has no GPU path; pass NumPy arrays.")

    # -- helpers --------------------------------------------------------------

    def _n_out_components(self):
        return self.n_components

    def _combine_variates(self, Zs):
        if self.combine == "mean":
            return sum(Zs) / len(Zs)
        return np.hstack(Zs)

    def _standardize_fit(self, X, xp=np):
        """Record ``mean_``/``scale_`` and return the standardised view blocks."""
        self.mean_, self.scale_ = column_scaling(X, self.scale, xp=xp)
        return [
            (X[:, idx] - self.mean_[idx]) / self.scale_[idx]
            for idx in self._view_columns(xp)
        ]

    def _standardize(self, block, v):
        """One view's block in the standardised units of ``fit``."""
        idx = self.views_[v]
        return (block - self.mean_[idx]) / self.scale_[idx]

    def _view_columns(self, xp):
        """Column selectors of each view for arrays of module ``xp``."""
        return (
            self.views_ if xp is np else [_device_columns(i, xp) for i in self.views_]
        )

    def _check_n_components(self, widths, n_samples):
        k = self.n_components
        if n_samples <= k:
            raise ValueError(
                f"n_components={k} needs more samples than components; got "
                f"{n_samples} sample(s)."
            )
        narrowest = int(np.argmin(widths))
        if k > widths[narrowest]:
            raise ValueError(
                f"n_components={k} is larger than the number of columns of view "
                f"{self.view_names_[narrowest]!r} ({widths[narrowest]}), the "
                f"narrowest view; use n_components <= {widths[narrowest]}."
            )


class _LinearCoordinated(_BaseCoordinated):
    """Linear per-view maps: centring, optional scaling, weights, loadings."""

    _parameter_constraints: dict = {
        **_BaseCoordinated._parameter_constraints,
        "reg": [Interval(Real, 0, 1, closed="both")],
        "scale": ["boolean"],
    }

    def inverse_transform(self, X, y=None):
        """Reconstruct the views from their variates.

        Each view is rebuilt from its own block of variates (``combine="concat"``)
        or from the shared code (``combine="mean"``) through ``loadings_``; the
        columns that belong to no view get their training mean.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_views * n_components) or \
                (n_samples, n_components)
            Variates, as returned by :meth:`transform` (in the two-array form,
            the variates of ``X``).
        y : None or array-like of shape (n_samples, n_components), default=None
            Two-array form only: the variates of ``Y``, reconstructed too.

        Returns
        -------
        X_original : ndarray of shape (n_samples, `n_features_in_`)
            Least-squares reconstruction of the data (exact for a view whose
            width equals ``n_components`` when ``reg=0``); in the two-array
            form, of ``X``, or the pair ``(X, Y)`` when ``y`` is given.
        """
        check_is_fitted(self)
        k = self.n_components
        if self._paired_arrays:
            out = [self._reconstruct(self._check_variates(X, k), 0)]
            if y is not None:
                out.append(self._reconstruct(self._check_variates(y, k), 1))
            return out[0] if y is None else tuple(out)
        Z = self._check_variates(X, k if self.combine == "mean" else k * self.n_views_)
        out = np.tile(self.mean_, (Z.shape[0], 1))
        for v, idx in enumerate(self.views_):
            Zv = Z if self.combine == "mean" else Z[:, v * k : (v + 1) * k]
            out[:, idx] = self._reconstruct(Zv, v)
        return out

    def _check_variates(self, Z, width):
        Z = check_array(Z, dtype=np.float64)
        if Z.shape[1] != width:
            raise ValueError(
                f"The variates have {Z.shape[1]} columns but transform returns "
                f"{width} per array with combine={self.combine!r}."
            )
        return Z

    def _reconstruct(self, Z, v):
        idx = self.views_[v]
        return self.mean_[idx] + (Z @ self.loadings_[v].T) * self.scale_[idx]

    def _set_linear_maps(self, weights, blocks, xp=np):
        """Store weights in the units of X and the least-squares loadings."""
        cols = self._view_columns(xp)
        self.weights_ = [W / self.scale_[c][:, None] for W, c in zip(weights, cols)]
        # least squares of each block on its variates Z = block @ W through the
        # normal equations: k x k and p x k products, not an SVD of n x p
        self.loadings_ = [
            lstsq_few(block @ W, block, xp=xp).T for W, block in zip(weights, blocks)
        ]

    def _project_view(self, block, v):
        idx = self.views_[v]
        return (block - self.mean_[idx]) @ self.weights_[v]


def _device_columns(idx, xp):
    """A selector for ``idx`` on ``xp`` arrays: a slice when contiguous."""
    idx = np.asarray(idx)
    if idx.size and np.array_equal(idx, np.arange(idx[0], idx[0] + idx.size)):
        return slice(int(idx[0]), int(idx[0]) + idx.size)
    return xp.asarray(idx)


@scaling_docs
@views_docs
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
    {views}
        ``fit(X, Y)`` with ``views=None`` and a 2-D ``Y`` takes ``X`` and ``Y``
        as two views instead (scikit-learn's two-array form).
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
    {scaling_attributes}
    {views_attributes}

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
            In the two-array form, the first view alone. A CuPy array is
            fitted on the GPU.
        y : None, array-like of shape (n_samples,) or (n_samples, n_targets)
            A 2-D array is the second view (scikit-learn's two-array form,
            with ``views=None``); a 1-D array (class labels in a pipeline) is
            ignored.

        Returns
        -------
        self : CCA
            The fitted estimator.
        """
        if on_device(X):  # CuPy input: fitted on the GPU (_cca_gpu.py)
            from . import _cca_gpu

            return _cca_gpu.fit_device(self, X)
        return super().fit(X, y)

    def _fit(self, X, xp=np):
        widths = [len(idx) for idx in self.views_]
        n = X.shape[0]
        self._check_n_components(widths, n)
        if max(widths) > n:
            # wide views: whitening by a thin SVD of the data (O(n^2 p))
            blocks = self._standardize_fit(X, xp)
            A, B, corr = cca_directions(
                blocks[0], blocks[1], self.n_components, self.reg, xp=xp
            )
            self._set_linear_maps([A, B], blocks, xp)
        else:
            # one product gives every covariance block; the rest is p x p
            c1, c2 = self._view_columns(xp)
            self.mean_, self.scale_, C = standardized_covariance(X, self.scale, xp=xp)
            C11, C22, C12 = C[c1][:, c1], C[c2][:, c2], C[c1][:, c2]
            A, B, corr = cca_from_covariance(
                C11, C22, C12, self.n_components, self.reg, xp=xp
            )
            self.weights_ = [A / self.scale_[c1][:, None], B / self.scale_[c2][:, None]]
            self.loadings_ = [
                loadings_from_covariance(A, C11, n, xp=xp),
                loadings_from_covariance(B, C22, n, xp=xp),
            ]
        self.canonical_correlations_ = corr if xp is not np else np.asarray(corr)

    def _transform_device(self, X):
        from . import _cca_gpu

        return _cca_gpu.transform_device(self, X)
