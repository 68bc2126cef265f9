"""Predict the columns of one modality from the others."""

from numbers import Integral

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin, _fit_context, clone
from sklearn.linear_model import Ridge
from sklearn.metrics import r2_score
from sklearn.multioutput import MultiOutputRegressor
from sklearn.utils import get_tags
from sklearn.utils._param_validation import HasMethods
from sklearn.utils.validation import (
    _check_feature_names_in,
    check_array,
    check_is_fitted,
)

from ..utils import MultiViewMixin
from ..utils._base import check_embedding_fitted, check_view_block
from ..utils._docstrings import views_docs

__all__ = ["ModalityTranslator"]


@views_docs
class ModalityTranslator(MultiViewMixin, TransformerMixin, BaseEstimator):
    """Predict one modality's features from the other modalities.

    The classical form of cross-modal translation: learn, on paired samples,
    a regression from the ``source`` views to the ``target`` view, then predict
    the target modality of samples that carry only the sources. The regression
    either reads the source columns directly (any scikit-learn regressor) or
    goes through a shared space: the sources are projected with a coordinated
    ``embedding`` (their variates averaged) and the regressor maps the shared
    variates to the target columns.

    As a transformer, :meth:`transform` returns the predicted target columns,
    so the translator can be a step of a :class:`~sklearn.pipeline.Pipeline`
    (predict the missing modality, then classify on it).

    Read more in the :ref:`User Guide <translation>`.

    Parameters
    ----------
    estimator : regressor, default=None
        Regressor fitted from the sources (or their shared variates) to the
        target columns; cloned. ``None`` means
        :class:`~sklearn.linear_model.Ridge` with ``alpha=1.0``. A regressor
        without multi-output support is wrapped in
        :class:`~sklearn.multioutput.MultiOutputRegressor` when the target view
        has several columns.
    embedding : estimator, default=None
        A coordinated embedding with ``fit`` and ``transform_view`` (e.g.
        :class:`~skmm.representation.CCA`), fitted on all views (the
        translator's ``views`` is passed on to it). ``None`` regresses on the
        source columns directly.
    {views}
    source : None, int, str or list of int or str, default=None
        The view(s) to translate from; ``None`` means every view except
        ``target``.
    target : int or str, default=-1
        The view to predict (name or index; ``-1`` is the last view).

    Attributes
    ----------
    estimator_ : regressor
        The fitted regressor.
    embedding_ : estimator or None
        The fitted embedding, if one was given.
    source_ : list of int
        Indices of the source views.
    target_ : int
        Index of the target view.
    {views_attributes}

    See Also
    --------
    ModalityImputer : Fill in a missing view row by row.
    CrossModalRetriever : Translate by retrieving instead of predicting.

    References
    ----------
    .. [1] T. Baltrušaitis, C. Ahuja, L.-P. Morency. Multimodal machine
       learning: a survey and taxonomy. IEEE TPAMI 41(2), 2019 (section 4,
       translation).

    Examples
    --------
    >>> from skmm.datasets import load_digit_halves
    >>> from skmm.translation import ModalityTranslator
    >>> X, y, views = load_digit_halves()
    >>> translator = ModalityTranslator(views=views, source="left", target="right")
    >>> translator.fit(X[:1500]).transform(X[1500:]).shape
    (297, 32)
    >>> round(translator.score(X[1500:]), 2)  # R^2 of the predicted right halves
    0.25
    >>> translator.translate(X[1500:1502, views["left"]]).shape
    (2, 32)
    """

    _parameter_constraints: dict = {
        "estimator": [None, HasMethods(["fit", "predict"])],
        "embedding": [None, HasMethods(["fit", "transform_view"])],
        **MultiViewMixin._parameter_constraints,
        "source": [None, Integral, str, list, tuple],
        "target": [Integral, str],
    }

    _missing_views = True  # transform reads the source views only

    def __init__(
        self, estimator=None, *, embedding=None, views=None, source=None, target=-1
    ):
        self.estimator = estimator
        self.embedding = embedding
        self.views = views
        self.source = source
        self.target = target

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y=None):
        """Fit the translation from the source views to the target view.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Paired multi-view data (every view present in every row).
        y : None
            Ignored.

        Returns
        -------
        self : ModalityTranslator
            The fitted translator.
        """
        self._reject_second_view(y)
        X_checked, _, _ = self._validate_views_data(
            X, reset=True, complete=True, dtype=np.float64
        )
        self.target_ = self._view_position(self.target, param="target")
        self.source_ = self._resolve_source()
        self.embedding_ = None
        if self.embedding is not None:
            embedding = self._fit_inner(
                self._with_inner_views(self.embedding), X_checked, role="embedding"
            )
            check_embedding_fitted(embedding)
            self.embedding_ = embedding
        features = self._source_features(
            [X_checked[:, self.views_[u]] for u in self.source_]
        )
        Y = X_checked[:, self.views_[self.target_]]
        estimator = (
            Ridge(alpha=1.0) if self.estimator is None else clone(self.estimator)
        )
        if Y.shape[1] == 1:
            Y = Y.ravel()
        elif not get_tags(estimator).target_tags.multi_output:
            estimator = MultiOutputRegressor(estimator)
        self.estimator_ = estimator.fit(features, Y)
        return self

    def transform(self, X):
        """Predict the target view's columns from the source views.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Multi-view data with the columns seen in ``fit``. Only the source
            views are read: the target view may be missing (its block all NaN),
            a source view may not.

        Returns
        -------
        Y : ndarray of shape (n_samples, n_features_of_target_view)
            Predicted columns of the target view.
        """
        check_is_fitted(self)
        X_in = X
        X, _, missing = self._validate_views_data(X, reset=False, dtype=np.float64)
        self._require_views(missing, self.source_, X=X_in, role="source view")
        blocks = [X[:, self.views_[u]] for u in self.source_]
        return self._predict(blocks)

    def translate(self, X_source):
        """Predict the target view from the source views' columns alone.

        Parameters
        ----------
        X_source : array-like of shape (n_samples, n_source_features)
            Only the columns of the source views, side by side in the order of
            ``source_`` (with one source view: exactly that view's columns).

        Returns
        -------
        Y : ndarray of shape (n_samples, n_features_of_target_view)
            Predicted columns of the target view.
        """
        check_is_fitted(self)
        if len(self.source_) == 1:
            block = check_view_block(
                self, X_source, self.source_[0], input_name="X_source"
            )
            return self._predict([block])
        widths = [self.views_[u].shape[0] for u in self.source_]
        X_source = check_array(X_source, dtype=np.float64, input_name="X_source")
        if X_source.shape[1] != sum(widths):
            names = [self.view_names_[u] for u in self.source_]
            raise ValueError(
                f"X_source has {X_source.shape[1]} columns but the source views "
                f"{names!r} have {sum(widths)} together (X_source must hold their "
                "columns side by side)."
            )
        bounds = np.cumsum([0, *widths])
        return self._predict(
            [X_source[:, a:b] for a, b in zip(bounds[:-1], bounds[1:])]
        )

    def score(self, X, y=None):
        """Coefficient of determination of the translation on paired data.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Paired multi-view data, every view present.
        y : None
            Ignored.

        Returns
        -------
        score : float
            :func:`~sklearn.metrics.r2_score` of the predicted target view
            against the true one, averaged over its columns with weights
            proportional to their variance (``multioutput="variance_weighted"``:
            the fraction of the view's total variance explained, so nearly
            constant columns do not dominate); predicting the mean of ``X``'s
            target view scores 0.
        """
        check_is_fitted(self)
        X_checked, _, _ = self._validate_views_data(
            X, reset=False, complete=True, dtype=np.float64
        )
        Y = X_checked[:, self.views_[self.target_]]
        return float(
            r2_score(Y, self.transform(X_checked), multioutput="variance_weighted")
        )

    def get_feature_names_out(self, input_features=None):
        """Names of the predicted columns: the target view's input names.

        Parameters
        ----------
        input_features : array-like of str or None, default=None
            Input feature names; ``None`` uses ``feature_names_in_`` or
            ``x0, x1, ...``.

        Returns
        -------
        feature_names_out : ndarray of str
            The names of the target view's columns.
        """
        check_is_fitted(self)
        names = _check_feature_names_in(self, input_features)
        return np.asarray(names[self.views_[self.target_]], dtype=object)

    def _resolve_source(self):
        if self.source is None:
            source = [u for u in range(self.n_views_) if u != self.target_]
        else:
            items = (
                list(self.source)
                if isinstance(self.source, (list, tuple))
                else [self.source]
            )
            if not items:
                raise ValueError("source must name at least one view.")
            source = [self._view_position(s, param="source") for s in items]
        if len(set(source)) != len(source):
            raise ValueError(f"source names a view twice: {self.source!r}.")
        if self.target_ in source:
            raise ValueError(
                f"The target view {self.view_names_[self.target_]!r} is also a "
                "source; a view cannot be translated from itself."
            )
        return source

    def _source_features(self, blocks):
        if self.embedding_ is None:
            return np.hstack(blocks)
        Zs = [
            np.asarray(self.embedding_.transform_view(b, u), dtype=np.float64)
            for b, u in zip(blocks, self.source_)
        ]
        return sum(Zs) / len(Zs)

    def _predict(self, blocks):
        Y = np.asarray(self.estimator_.predict(self._source_features(blocks)))
        return Y.reshape(Y.shape[0], -1)
