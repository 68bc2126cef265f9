"""Fill in a missing modality from the modalities that are present."""

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin, _fit_context
from sklearn.utils._param_validation import HasMethods
from sklearn.utils.validation import _check_feature_names_in, check_is_fitted

from ..utils import MultiViewMixin
from ..utils._docstrings import views_docs
from ._translator import ModalityTranslator

__all__ = ["ModalityImputer"]


@views_docs
class ModalityImputer(MultiViewMixin, TransformerMixin, BaseEstimator):
    """Fill in missing views (all-NaN blocks) from the views that are present.

    A row that lacks a modality -- a sensor was off, a caption is absent --
    carries NaN in every column of that view's block. The imputer learns, on
    the rows where every view is present, to predict each view from the
    others, and :meth:`transform` fills the missing blocks of each row from the
    views that row has. Present values are returned untouched, so a model
    trained on all modalities can follow it in a
    :class:`~sklearn.pipeline.Pipeline` and still be used when one modality is
    absent at predict time.

    Two kinds of model do the filling:

    - a translator (the default): for every ordered pair of views ``(u, v)`` a
      :class:`ModalityTranslator` predicts view ``v`` from view ``u``; a row
      lacking ``v`` gets the mean of the predictions from its present views;
    - a joint generative model with an ``infer_missing(X)`` method (such as
      :class:`~skmm.representation.MultimodalRBM`), which models all views together
      and infers the missing ones from the present ones.

    Read more in the :ref:`User Guide <translation>`.

    Parameters
    ----------
    model : None, ModalityTranslator or estimator with ``infer_missing``, \
            default=None
        ``None`` uses ``ModalityTranslator()`` (ridge regression between the
        raw views). A :class:`ModalityTranslator` is a template: it is cloned
        for every pair of views, keeping its ``estimator`` and ``embedding``
        (its ``views``, ``source`` and ``target`` are set by the imputer). An
        estimator with ``fit`` and ``infer_missing`` is cloned and fitted on
        the complete rows (with the imputer's ``views`` when it takes a
        ``views`` parameter); its ``infer_missing(X)`` must return ``X`` with
        the missing blocks filled.
    {views}
        Columns outside every view are passed through.

    Attributes
    ----------
    translators_ : dict of (int, int) -> ModalityTranslator
        With a translator model: the fitted translator of each ordered pair
        ``(source, target)`` of view indices.
    model_ : estimator
        With a joint model: the fitted model.
    n_complete_ : int
        Number of complete rows (every view present) used to fit.
    {views_attributes}

    See Also
    --------
    ModalityTranslator : The translation each pair of views uses.
    sklearn.impute.IterativeImputer : Column-wise imputation, which ignores
        the view structure.

    References
    ----------
    .. [1] N. Srivastava, R. Salakhutdinov. Multimodal learning with deep
       Boltzmann machines. NIPS 2012 (generating a missing modality from a
       joint model).
    .. [2] T. Baltrušaitis, C. Ahuja, L.-P. Morency. Multimodal machine
       learning: a survey and taxonomy. IEEE TPAMI 41(2), 2019.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.datasets import load_digit_halves
    >>> from skmm.translation import ModalityImputer
    >>> X, y, views = load_digit_halves()
    >>> imputer = ModalityImputer(views=views).fit(X[:1500])
    >>> X_test = X[1500:].copy()
    >>> X_test[:100, 32:] = np.nan  # the right half of 100 images is missing
    >>> X_filled = imputer.transform(X_test)
    >>> bool(np.isnan(X_filled).any()), np.array_equal(X_filled[100:], X[1600:])
    (False, True)
    """

    _parameter_constraints: dict = {
        "model": [
            None,
            ModalityTranslator,
            HasMethods(["fit", "infer_missing"]),
        ],
        **MultiViewMixin._parameter_constraints,
    }

    _missing_views = True

    def __init__(self, model=None, *, views=None):
        self.model = model
        self.views = views

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y=None):
        """Learn to predict each view from the others on the complete rows.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Multi-view data; rows that lack a view (an all-NaN block) are
            ignored.
        y : None
            Ignored.

        Returns
        -------
        self : ModalityImputer
            The fitted imputer.
        """
        self._reject_second_view(y)
        X, _, missing = self._validate_views_data(X, reset=True, dtype=np.float64)
        complete = ~missing.any(axis=1)
        self.n_complete_ = int(complete.sum())
        if self.n_complete_ < 2:
            raise ValueError(
                "ModalityImputer needs at least 2 complete samples (rows where "
                f"every view is present) to learn from; got n_samples="
                f"{self.n_complete_}."
            )
        X_complete = X[complete]
        if self._uses_joint_model():
            self.model_ = self._fit_inner(
                self._with_inner_views(self.model), X_complete, role="model"
            )
            return self
        template = ModalityTranslator() if self.model is None else self.model
        self.translators_ = {}
        for v in range(self.n_views_):
            for u in range(self.n_views_):
                if u == v:
                    continue
                translator = self._with_inner_views(template).set_params(
                    source=u, target=v
                )
                self.translators_[u, v] = self._fit_inner(
                    translator, X_complete, role="translator"
                )
        return self

    def transform(self, X):
        """Fill the missing view blocks; leave every present value as it is.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Multi-view data with the columns seen in ``fit``. A missing view is
            NaN in every column of its block; NaN elsewhere is an error, and so
            is a row that lacks every view.

        Returns
        -------
        X_filled : ndarray of shape (n_samples, n_features)
            A copy of ``X`` with the missing blocks predicted.
        """
        check_is_fitted(self)
        X, _, missing = self._validate_views_data(
            X, reset=False, dtype=np.float64, copy=True
        )
        if not missing.any():
            return X
        if self._uses_joint_model():
            filled = np.asarray(self.model_.infer_missing(X.copy()), dtype=np.float64)
            if filled.shape != X.shape:
                raise ValueError(
                    f"{type(self.model_).__name__}.infer_missing returned shape "
                    f"{filled.shape}; expected {X.shape}."
                )
            for v, idx in enumerate(self.views_):
                rows = np.flatnonzero(missing[:, v])
                X[np.ix_(rows, idx)] = filled[np.ix_(rows, idx)]
            return X
        predictions = {}
        for v, idx in enumerate(self.views_):
            rows_v = missing[:, v]
            if not rows_v.any():
                continue
            total = np.zeros((X.shape[0], idx.shape[0]))
            count = np.zeros(X.shape[0])
            for u, idx_u in enumerate(self.views_):
                rows = rows_v & ~missing[:, u]
                if u == v or not rows.any():
                    continue
                translator = self.translators_[u, v]
                total[rows] += translator.translate(X[np.ix_(rows, idx_u)])
                count[rows] += 1
            predictions[v] = (rows_v, total[rows_v] / count[rows_v, None])
        # fill only after every prediction is made from the original present views
        for v, (rows_v, values) in predictions.items():
            X[np.ix_(np.flatnonzero(rows_v), self.views_[v])] = values
        return X

    def get_feature_names_out(self, input_features=None):
        """Names of the output columns: the input names, one to one.

        Parameters
        ----------
        input_features : array-like of str or None, default=None
            Input feature names; ``None`` uses ``feature_names_in_`` or
            ``x0, x1, ...``.

        Returns
        -------
        feature_names_out : ndarray of str
            The input feature names.
        """
        check_is_fitted(self, "n_features_in_")
        return _check_feature_names_in(self, input_features)

    def _uses_joint_model(self):
        return self.model is not None and not isinstance(self.model, ModalityTranslator)
