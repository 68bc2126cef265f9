"""Stacking (hybrid) fusion: out-of-fold per-view predictions feed a final model."""

import itertools

import numpy as np
from joblib import Parallel, delayed
from sklearn.base import ClassifierMixin, RegressorMixin, _fit_context, clone
from sklearn.linear_model import LogisticRegression, RidgeCV
from sklearn.utils._param_validation import HasMethods, StrOptions
from sklearn.utils.metaestimators import available_if

from ..utils._docstrings import views_docs
from ._base import _aligned_columns, _BasePerViewFusion, _per_view_estimators

__all__ = ["StackingFusionClassifier", "StackingFusionRegressor"]

# Up to this many views, a final estimator is fitted for every subset of views
# (2**n_views - 1 of them); beyond, for all views and every view left out.
_ALL_SUBSETS_MAX_VIEWS = 5


def _final_has(method):
    def check(self):
        est = getattr(self, "final_estimator_", None)
        if est is None:
            est = self.final_estimator
        if est is None:
            est = self._default_final()
        return hasattr(est, method)

    return check


def _fit_final(est, Z, y):
    return est.fit(Z, y)


class _BaseStackingFusion(_BasePerViewFusion):
    """Out-of-fold per-view predictions, one final estimator per view subset."""

    _parameter_constraints = {
        **_BasePerViewFusion._parameter_constraints,
        "final_estimator": [None, HasMethods("fit")],
        "passthrough": ["boolean"],
        "missing_views": [StrOptions({"subsets", "error"})],
    }

    def _subsets(self):
        v = self.n_views_
        if self.missing_views == "error":
            return [tuple(range(v))]
        if v <= _ALL_SUBSETS_MAX_VIEWS:
            return [
                s for k in range(v, 0, -1) for s in itertools.combinations(range(v), k)
            ]
        full = tuple(range(v))
        return [full] + [tuple(i for i in full if i != j) for j in full]

    def _fit_stack(self, X, y, missing):
        blocks = self._split_views(X)
        estimators = _per_view_estimators(
            self.estimator, self.view_names_, self._default_estimator()
        )
        self.stack_method_ = [
            self._stack_method(e, n) for e, n in zip(estimators, self.view_names_)
        ]
        rows = self._fit_per_view(estimators, blocks, missing, y)
        oof = self._out_of_fold(
            estimators, blocks, rows, y, missing, self.stack_method_
        )
        n = X.shape[0]
        meta = []
        scores = np.empty(self.n_views_)
        for v, (out, r) in enumerate(zip(oof, rows)):
            out = self._meta_columns(out, self.stack_method_[v])
            block = np.full((n, out.shape[1]), np.nan)
            block[r] = out
            meta.append(block)
            scores[v] = self._oof_score(out, y[r], self.stack_method_[v])
        self.view_scores_ = scores
        final = (
            self._default_final()
            if self.final_estimator is None
            else self.final_estimator
        )
        present = ~missing
        is_classifier = isinstance(self, ClassifierMixin)
        jobs = []
        for subset in self._subsets():
            r = np.flatnonzero(present[:, list(subset)].all(axis=1))
            if r.shape[0] < 2 or (is_classifier and np.unique(y[r]).shape[0] < 2):
                if len(subset) == self.n_views_:
                    raise ValueError(
                        "Too few training rows have every view present to fit the "
                        "final estimator."
                    )
                continue
            Z = self._stack_features(meta, blocks, subset, r)
            jobs.append((subset, Z, y[r]))
        fitted = Parallel(n_jobs=self.n_jobs)(
            delayed(_fit_final)(clone(final), Z, t) for _, Z, t in jobs
        )
        self.final_estimators_ = {
            tuple(self.view_names_[i] for i in subset): est
            for (subset, _, _), est in zip(jobs, fitted)
        }
        self.final_estimator_ = self.final_estimators_[tuple(self.view_names_)]
        self.view_weights_ = self._final_view_weights(meta)

    def _stack_features(self, meta, blocks, subset, rows):
        parts = [meta[v][rows] for v in subset]
        if self.passthrough:
            parts += [blocks[v][rows] for v in subset]
        return np.hstack(parts)

    def _final_view_weights(self, meta):
        est = self.final_estimator_
        if hasattr(est, "coef_"):
            imp = np.abs(np.atleast_2d(np.asarray(est.coef_, dtype=float))).sum(axis=0)
        elif hasattr(est, "feature_importances_"):
            imp = np.asarray(est.feature_importances_, dtype=float)
        else:
            return None
        widths = np.cumsum([0] + [m.shape[1] for m in meta])
        w = np.asarray([imp[a:b].sum() for a, b in zip(widths[:-1], widths[1:])])
        return w / w.sum() if w.sum() > 0 else np.full(self.n_views_, 1 / self.n_views_)

    def _final_call(self, X, method):
        """Call ``method`` of the final estimator that matches each row's views."""
        blocks, missing = self._validate_predict_data(X)
        n = missing.shape[0]
        meta = []
        for v, (est, b) in enumerate(zip(self.estimators_, blocks)):
            r = np.flatnonzero(~missing[:, v])
            block = None
            if r.shape[0]:
                out = self._meta_columns(
                    getattr(est, self.stack_method_[v])(b[r]), self.stack_method_[v]
                )
                block = np.full((n, out.shape[1]), np.nan)
                block[r] = out
            meta.append(block)
        patterns, inverse = np.unique(~missing, axis=0, return_inverse=True)
        inverse = np.asarray(inverse).ravel()
        result = None
        for p, pattern in enumerate(patterns):
            subset = tuple(np.flatnonzero(pattern).tolist())
            key = tuple(self.view_names_[i] for i in subset)
            final = self.final_estimators_.get(key)
            if final is None:
                why = (
                    "missing_views='error'"
                    if self.missing_views == "error"
                    else f"with more than {_ALL_SUBSETS_MAX_VIEWS} views, only one "
                    "view may be missing in a row"
                )
                raise ValueError(
                    f"Rows with only the views {list(key)!r} present cannot be "
                    f"predicted: no final estimator was fitted for that subset ({why})."
                )
            r = np.flatnonzero(inverse == p)
            out = np.asarray(
                getattr(final, method)(self._stack_features(meta, blocks, subset, r))
            )
            out = self._post(final, out, method)
            if result is None:
                result = np.empty((n, *out.shape[1:]), dtype=out.dtype)
            result[r] = out
        return result

    def _post(self, final, out, method):
        return out


@views_docs
class StackingFusionClassifier(ClassifierMixin, _BaseStackingFusion):
    """Hybrid fusion: per-view classifiers stacked under a final classifier.

    Each view (modality) gets its own classifier. Their out-of-fold
    predictions on the training data (by cross-validation, as in stacked
    generalisation [1]_) become the features of a final classifier, which
    learns how much to trust each view and how they interact; with
    ``passthrough=True`` the raw features are appended (feature-level and
    decision-level fusion at once). The per-view classifiers are then refitted
    on all the training data.

    Missing views: a view whose block is all NaN in a row is missing there.
    For every subset of the views (with more than five views: all views and
    every view left out; with ``missing_views="error"``: all views only) a
    final classifier is fitted on the stacked features of that subset only,
    and each row is predicted by the one that matches the views it has, which
    is what a model trained without the missing views would give. A row that
    lacks every view is an error.

    Parameters
    ----------
    estimator : estimator, list or dict, default=None
        Classifier of each view: ``None`` uses a
        :class:`~sklearn.linear_model.LogisticRegression`; a single classifier
        is cloned for every view; a list (one per view, in the order of the
        views) or a dict (view name -> classifier) gives each view its own
        (nested parameters ``estimator__<view>__<param>``).
    final_estimator : estimator, default=None
        Classifier fitted on the stacked per-view predictions; ``None`` uses a
        :class:`~sklearn.linear_model.LogisticRegression`.
    {views}
    cv : int, cross-validation generator or iterable, default=5
        Splits for the out-of-fold predictions.
    stack_method : {"auto", "predict_proba", "decision_function", "predict"}, \
            default="auto"
        Which output of each view's classifier is stacked; ``"auto"`` tries
        ``predict_proba``, ``decision_function`` and ``predict`` in turn. For
        two classes the first probability column is dropped.
    passthrough : bool, default=False
        Whether the final classifier also sees the raw features of the views.
    missing_views : {"subsets", "error"}, default="subsets"
        ``"subsets"`` fits a final classifier for every subset of the views so
        that rows with missing views can be predicted; ``"error"`` fits only
        the one over all views (as :class:`~sklearn.ensemble.StackingClassifier`
        does, and faster) and rows with a missing view are an error.
    n_jobs : int, default=None
        Number of jobs fitting the per-view classifiers, their out-of-fold
        predictions and the final classifiers in parallel.

    Attributes
    ----------
    estimators_ : list of estimator
        Classifier of each view, fitted on all its training rows (on
        label-encoded targets).
    final_estimator_ : estimator
        Final classifier over all the views.
    final_estimators_ : dict
        Final classifier of each subset of views, keyed by the tuple of view
        names.
    stack_method_ : list of str
        Method stacked for each view.
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    view_weights_ : ndarray of shape (n_views,) or None
        Share of each view in the final classifier: the summed absolute
        coefficients (or feature importances) of its stacked columns,
        normalised to sum to one; None when the final classifier has neither.
    view_scores_ : ndarray of shape (n_views,)
        Out-of-fold accuracy of each view alone.
    {views_attributes}

    See Also
    --------
    StackingFusionRegressor : The same for regression.
    LateFusionClassifier : Fixed rules with learned view weights.
    sklearn.ensemble.StackingClassifier : Stacking on one feature set.

    References
    ----------
    .. [1] D. H. Wolpert. Stacked generalization. Neural Networks 5(2), 1992.
    .. [2] T. Baltrušaitis, C. Ahuja, L.-P. Morency. Multimodal machine
       learning: a survey and taxonomy. IEEE TPAMI 41(2), 2018.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.datasets import make_multiview_classification
    >>> from skmm.fusion import StackingFusionClassifier
    >>> X, y, views = make_multiview_classification(
    ...     n_samples=150, informativeness=(1.0, 0.5, 0.0), random_state=0)
    >>> clf = StackingFusionClassifier(views=views, cv=3).fit(X, y)
    >>> clf.view_scores_.round(1).tolist()
    [0.8, 0.5, 0.3]
    >>> sorted(clf.final_estimators_)[:2]
    [('view0',), ('view0', 'view1')]
    >>> X_test = X[:4].copy()
    >>> X_test[:, views["view0"]] = np.nan   # the strong view is missing
    >>> clf.predict_proba(X_test).shape
    (4, 3)
    """

    _parameter_constraints = {
        **_BaseStackingFusion._parameter_constraints,
        "stack_method": [
            StrOptions({"auto", "predict_proba", "decision_function", "predict"})
        ],
    }

    def __init__(
        self,
        estimator=None,
        final_estimator=None,
        *,
        views=None,
        cv=5,
        stack_method="auto",
        passthrough=False,
        missing_views="subsets",
        n_jobs=None,
    ):
        self.estimator = estimator
        self.final_estimator = final_estimator
        self.views = views
        self.cv = cv
        self.stack_method = stack_method
        self.passthrough = passthrough
        self.missing_views = missing_views
        self.n_jobs = n_jobs

    @staticmethod
    def _default_estimator():
        return LogisticRegression()

    @staticmethod
    def _default_final():
        return LogisticRegression()

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y):
        """Fit the per-view classifiers and the final classifiers.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Multi-view data; a view that is all NaN in a row is missing there.
        y : array-like of shape (n_samples,)
            Class labels.

        Returns
        -------
        self : StackingFusionClassifier
            Fitted fuser.
        """
        X, y, missing = self._validate_views_data(X, y, reset=True)
        self._fit_stack(X, self._encode_classes(y), missing)
        return self

    def _stack_method(self, est, name):
        if self.stack_method == "auto":
            for method in ("predict_proba", "decision_function", "predict"):
                if hasattr(est, method):
                    return method
        if not hasattr(est, self.stack_method):
            raise ValueError(
                f"stack_method={self.stack_method!r}, but the classifier of view "
                f"{name!r} ({type(est).__name__}) has no {self.stack_method}."
            )
        return self.stack_method

    @staticmethod
    def _meta_columns(out, method):
        out = np.asarray(out, dtype=float)
        if out.ndim == 1:
            return out[:, None]
        if method == "predict_proba" and out.shape[1] == 2:
            return out[:, 1:]
        return out

    @staticmethod
    def _oof_score(out, y, method):
        seen = np.unique(y)
        if method == "predict":
            pred = out[:, 0].astype(int)
        elif out.shape[1] == 1:
            threshold = 0.5 if method == "predict_proba" else 0.0
            pred = seen[(out[:, 0] > threshold).astype(int)]
        else:
            pred = seen[out.argmax(axis=1)]
        return float(np.mean(pred == y))

    def _post(self, final, out, method):
        if method == "predict":
            return self._label_encoder.inverse_transform(out.astype(int))
        if method in ("predict_proba", "predict_log_proba"):
            if method == "predict_log_proba":
                return np.log(
                    _aligned_columns(final, np.exp(out), self.classes_.shape[0])
                )
            return _aligned_columns(final, out, self.classes_.shape[0])
        return out

    def predict(self, X):
        """Predict class labels with the final classifier of each row's views.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Multi-view data; a view that is all NaN in a row is missing there.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
            Predicted class labels.
        """
        return self._final_call(X, "predict")

    @available_if(_final_has("predict_proba"))
    def predict_proba(self, X):
        """Class probabilities of the final classifier.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Multi-view data; a view that is all NaN in a row is missing there.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Class probabilities.
        """
        return self._final_call(X, "predict_proba")

    @available_if(_final_has("predict_log_proba"))
    def predict_log_proba(self, X):
        """Log class probabilities of the final classifier.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Multi-view data.

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes)
            Log class probabilities.
        """
        with np.errstate(divide="ignore"):
            return self._final_call(X, "predict_log_proba")

    @available_if(_final_has("decision_function"))
    def decision_function(self, X):
        """Decision function of the final classifier.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Multi-view data; a view that is all NaN in a row is missing there.

        Returns
        -------
        scores : ndarray of shape (n_samples,) or (n_samples, n_classes)
            Decision scores of the final classifier.
        """
        return self._final_call(X, "decision_function")


@views_docs
class StackingFusionRegressor(RegressorMixin, _BaseStackingFusion):
    """Hybrid fusion: per-view regressors stacked under a final regressor.

    Each view (modality) gets its own regressor; their out-of-fold
    predictions become the features of a final regressor (stacked
    generalisation [1]_), optionally with the raw features passed through.
    Missing views are handled as in :class:`StackingFusionClassifier`: each
    row is predicted by the final regressor fitted on the views it has.

    Parameters
    ----------
    estimator : estimator, list or dict, default=None
        Regressor of each view: ``None`` uses a
        :class:`~sklearn.linear_model.RidgeCV`; a single regressor is cloned
        for every view; a list or a dict (view name -> regressor) gives each
        view its own (nested parameters ``estimator__<view>__<param>``).
    final_estimator : estimator, default=None
        Regressor fitted on the stacked per-view predictions; ``None`` uses a
        :class:`~sklearn.linear_model.RidgeCV`.
    {views}
    cv : int, cross-validation generator or iterable, default=5
        Splits for the out-of-fold predictions.
    passthrough : bool, default=False
        Whether the final regressor also sees the raw features of the views.
    missing_views : {"subsets", "error"}, default="subsets"
        ``"subsets"`` fits a final regressor for every subset of the views so
        that rows with missing views can be predicted; ``"error"`` fits only
        the one over all views, and rows with a missing view are an error.
    n_jobs : int, default=None
        Number of jobs fitting the per-view regressors, their out-of-fold
        predictions and the final regressors in parallel.

    Attributes
    ----------
    estimators_ : list of estimator
        Regressor of each view, fitted on all its training rows.
    final_estimator_ : estimator
        Final regressor over all the views.
    final_estimators_ : dict
        Final regressor of each subset of views, keyed by the tuple of view
        names.
    stack_method_ : list of str
        ``"predict"`` for every view.
    view_weights_ : ndarray of shape (n_views,) or None
        Share of each view in the final regressor (absolute coefficients or
        feature importances of its stacked column, normalised).
    view_scores_ : ndarray of shape (n_views,)
        Out-of-fold R² of each view alone.
    {views_attributes}

    See Also
    --------
    StackingFusionClassifier : The same for classification.
    LateFusionRegressor : Weighted mean of the views' predictions.
    sklearn.ensemble.StackingRegressor : Stacking on one feature set.

    References
    ----------
    .. [1] D. H. Wolpert. Stacked generalization. Neural Networks 5(2), 1992.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.fusion import StackingFusionRegressor
    >>> rng = np.random.RandomState(0)
    >>> z = rng.normal(size=200)
    >>> X = np.column_stack([z + 0.1 * rng.normal(size=200),
    ...                      z + 1.0 * rng.normal(size=200),
    ...                      rng.normal(size=200)])
    >>> reg = StackingFusionRegressor(views=[[0], [1], [2]], cv=3).fit(X, z)
    >>> reg.view_scores_.round(1).tolist()
    [1.0, 0.5, -0.0]
    >>> round(reg.score(X, z), 2)
    0.99
    """

    def __init__(
        self,
        estimator=None,
        final_estimator=None,
        *,
        views=None,
        cv=5,
        passthrough=False,
        missing_views="subsets",
        n_jobs=None,
    ):
        self.estimator = estimator
        self.final_estimator = final_estimator
        self.views = views
        self.cv = cv
        self.passthrough = passthrough
        self.missing_views = missing_views
        self.n_jobs = n_jobs

    @staticmethod
    def _default_estimator():
        return RidgeCV()

    @staticmethod
    def _default_final():
        return RidgeCV()

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y):
        """Fit the per-view regressors and the final regressors.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Multi-view data; a view that is all NaN in a row is missing there.
        y : array-like of shape (n_samples,)
            Target values.

        Returns
        -------
        self : StackingFusionRegressor
            Fitted fuser.
        """
        X, y, missing = self._validate_views_data(X, y, reset=True, y_numeric=True)
        self._fit_stack(X, y, missing)
        return self

    @staticmethod
    def _stack_method(est, name):
        return "predict"

    @staticmethod
    def _meta_columns(out, method):
        out = np.asarray(out, dtype=float)
        return out[:, None] if out.ndim == 1 else out

    @staticmethod
    def _oof_score(out, y, method):
        denom = np.sum((y - y.mean()) ** 2)
        resid = np.sum((y - out[:, 0]) ** 2)
        return float(1.0 - resid / denom) if denom > 0 else 0.0

    def predict(self, X):
        """Predict with the final regressor of each row's views.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Multi-view data; a view that is all NaN in a row is missing there.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
            Predictions.
        """
        return self._final_call(X, "predict")
