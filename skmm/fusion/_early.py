"""Early (feature-level) fusion: transform each view, weight it, concatenate."""

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin, _fit_context
from sklearn.preprocessing import StandardScaler
from sklearn.utils._param_validation import HasMethods, StrOptions
from sklearn.utils.validation import _check_feature_names_in, check_is_fitted

from ..utils import MultiViewMixin
from ..utils._docstrings import views_docs
from ._base import _per_view_estimators, _PerViewParamsMixin, _static_weights

__all__ = ["EarlyFusion"]


@views_docs
class EarlyFusion(_PerViewParamsMixin, MultiViewMixin, TransformerMixin, BaseEstimator):
    """Feature-level fusion: transform each view, weight it and concatenate.

    Each view (modality) gets its own transformer (by default a
    :class:`~sklearn.preprocessing.StandardScaler`); the transformed blocks are
    multiplied by per-view weights and put side by side, ready for any
    single-view estimator. With ``block_scaling="unit_variance"`` every block is
    scaled to unit total variance first, so that a view with many columns does
    not drown a view with few (after standardisation a view's total variance is
    its width).

    Parameters
    ----------
    transformer : estimator, "passthrough", list or dict, default=None
        Per-view transformer: ``None`` uses a ``StandardScaler``; a single
        transformer is cloned for every view; a list (one per view, in the order
        of the views) or a dict (view name -> transformer) gives each view its
        own, with ``"passthrough"`` leaving a view as it is. Nested parameters
        are ``transformer__<param>`` for a single transformer and
        ``transformer__<view>__<param>`` for a list or dict.
    {views}
        Columns in no view are dropped.
    block_scaling : {"unit_variance"} or None, default=None
        ``"unit_variance"`` divides each transformed block by the square root
        of its total variance on the training data.
    weights : array-like of shape (n_views,), dict or None, default=None
        Relative weight of each view, applied as a multiplier of its block
        (after ``block_scaling``); normalised to sum to the number of views.
        ``None`` weighs every view 1.

    Attributes
    ----------
    transformers_ : list of estimator or "passthrough"
        Fitted transformer of each view.
    view_weights_ : ndarray of shape (n_views,)
        Multiplier applied to each transformed block (block scaling times
        weight).
    {views_attributes}

    See Also
    --------
    LateFusionClassifier : Decision-level fusion of one classifier per view.
    StackingFusionClassifier : Per-view predictions fed to a final estimator.
    sklearn.compose.ColumnTransformer : Per-column-group transformers.

    References
    ----------
    .. [1] T. Baltrušaitis, C. Ahuja, L.-P. Morency. Multimodal machine
       learning: a survey and taxonomy. IEEE TPAMI 41(2), 2018.
    .. [2] P. K. Atrey, M. A. Hossain, A. El Saddik, M. S. Kankanhalli.
       Multimodal fusion for multimedia analysis: a survey. Multimedia Systems
       16, 2010.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.fusion import EarlyFusion
    >>> rng = np.random.RandomState(0)
    >>> X = np.hstack([rng.normal(size=(50, 2)), rng.normal(size=(50, 8))])
    >>> fuser = EarlyFusion(views=[slice(0, 2), slice(2, 10)],
    ...                     block_scaling="unit_variance")
    >>> Z = fuser.fit_transform(X)
    >>> Z.shape
    (50, 10)
    >>> [round(float(Z[:, v].var(axis=0).sum()), 3) for v in fuser.views_]
    [1.0, 1.0]
    >>> fuser.get_feature_names_out()[:3].tolist()
    ['view0__x0', 'view0__x1', 'view1__x2']
    """

    _parameter_constraints = {
        **MultiViewMixin._parameter_constraints,
        "transformer": [
            None,
            StrOptions({"passthrough"}),
            HasMethods(["fit", "transform"]),
            list,
            dict,
        ],
        "block_scaling": [None, StrOptions({"unit_variance"})],
        "weights": [None, "array-like", dict],
    }
    _per_view_param = "transformer"
    _n_views = (1, None)

    def __init__(
        self, transformer=None, *, views=None, block_scaling=None, weights=None
    ):
        self.transformer = transformer
        self.views = views
        self.block_scaling = block_scaling
        self.weights = weights

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y=None):
        """Fit the per-view transformers and the block weights.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Multi-view data.
        y : array-like of shape (n_samples,), default=None
            Passed to each view's transformer.

        Returns
        -------
        self : EarlyFusion
            Fitted fuser.
        """
        self._fit(X, y)
        return self

    @_fit_context(prefer_skip_nested_validation=False)
    def fit_transform(self, X, y=None):
        """Fit to ``X`` and return the fused features.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Multi-view data.
        y : array-like of shape (n_samples,), default=None
            Passed to each view's transformer.

        Returns
        -------
        Z : ndarray of shape (n_samples, n_features_out)
            Weighted, transformed views side by side.
        """
        return self._fit(X, y)

    def transform(self, X):
        """Transform each view, weight it and concatenate.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Multi-view data with the columns seen in :meth:`fit`.

        Returns
        -------
        Z : ndarray of shape (n_samples, n_features_out)
            Weighted, transformed views side by side.
        """
        check_is_fitted(self)
        X, _, _ = self._validate_views_data(X, reset=False)
        blocks = [
            _apply(t, b) for t, b in zip(self.transformers_, self._split_views(X))
        ]
        return self._combine(blocks)

    def get_feature_names_out(self, input_features=None):
        """Output feature names, ``<view>__<feature>``.

        Parameters
        ----------
        input_features : array-like of str or None, default=None
            Input feature names; defaults to ``feature_names_in_`` or
            ``x0, x1, ...``.

        Returns
        -------
        feature_names_out : ndarray of str
            Names of the fused features.
        """
        check_is_fitted(self)
        names_in = _check_feature_names_in(self, input_features)
        out = []
        for name, idx, t in zip(self.view_names_, self.views_, self.transformers_):
            view_in = np.asarray(names_in)[idx]
            if isinstance(t, str):
                view_out = view_in
            elif hasattr(t, "get_feature_names_out"):
                view_out = t.get_feature_names_out(view_in)
            else:
                raise AttributeError(
                    f"The transformer of view {name!r} ({type(t).__name__}) has no "
                    "get_feature_names_out."
                )
            out.extend(f"{name}__{f}" for f in view_out)
        return np.asarray(out, dtype=object)

    def _fit(self, X, y):
        X, _, _ = self._validate_views_data(X, reset=True)
        self.transformers_ = _per_view_estimators(
            self.transformer,
            self.view_names_,
            StandardScaler(),
            param="transformer",
            allow=("passthrough",),
        )
        blocks = []
        for t, block in zip(self.transformers_, self._split_views(X)):
            if isinstance(t, str):
                blocks.append(block)
            elif hasattr(t, "fit_transform"):
                blocks.append(_dense(t.fit_transform(block, y)))
            else:
                blocks.append(_dense(t.fit(block, y).transform(block)))
        if self.weights is None:
            w = np.ones(self.n_views_)
        else:
            w = _static_weights(self.weights, self.view_names_) * self.n_views_
        if self.block_scaling == "unit_variance":
            total = np.asarray([b.var(axis=0).sum() for b in blocks])
            scale = 1.0 / np.sqrt(np.where(total > 0, total, 1.0))
        else:
            scale = np.ones(self.n_views_)
        self.view_weights_ = scale * w
        return self._combine(blocks)

    def _combine(self, blocks):
        return np.hstack(
            [np.asarray(b, dtype=float) * w for b, w in zip(blocks, self.view_weights_)]
        )

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.transformer_tags.preserves_dtype = ["float64"]
        return tags


def _dense(block):
    """A float ndarray from a transformer's output (dense, sparse or DataFrame)."""
    if sp.issparse(block):
        block = block.toarray()
    return np.asarray(block, dtype=float)


def _apply(transformer, block):
    if isinstance(transformer, str):
        return block
    return _dense(transformer.transform(block))
