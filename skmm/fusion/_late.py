"""Late (decision-level) fusion: one model per view, predictions combined by a rule."""

import inspect

import numpy as np
from scipy.optimize import minimize
from sklearn.base import ClassifierMixin, RegressorMixin, _fit_context
from sklearn.linear_model import LogisticRegression, RidgeCV
from sklearn.utils._param_validation import StrOptions
from sklearn.utils.metaestimators import available_if

from ..utils._docstrings import views_docs
from ._base import (
    _aligned_columns,
    _BasePerViewFusion,
    _per_view_estimators,
    _renormalise,
    _static_weights,
)

__all__ = ["LateFusionClassifier", "LateFusionRegressor"]

_EPS = 1e-12


def _simplex_fit(loss, n_views):
    """Minimise ``loss(w)`` over the probability simplex, from equal weights."""
    w0 = np.full(n_views, 1.0 / n_views)
    if n_views == 1:
        return w0
    res = minimize(
        loss,
        w0,
        method="SLSQP",
        bounds=[(0.0, 1.0)] * n_views,
        constraints=({"type": "eq", "fun": lambda w: w.sum() - 1.0},),
        options={"ftol": 1e-10, "maxiter": 200},
    )
    w = np.clip(res.x, 0.0, None)
    if not np.isfinite(w).all() or w.sum() <= 0 or loss(w) > loss(w0):
        return w0
    return w / w.sum()


def _nonnegative_fit(loss, n_views):
    """Minimise ``loss(u)`` over ``u >= 0``; return ``u`` normalised to sum to 1."""
    u0 = np.ones(n_views)
    if n_views == 1:
        return u0
    res = minimize(loss, u0, method="L-BFGS-B", bounds=[(0.0, 1e3)] * n_views)
    u = np.clip(res.x, 0.0, None)
    if not np.isfinite(u).all() or u.sum() <= 0 or loss(u) > loss(u0):
        u = u0
    return u / u.sum()


def _has_method_everywhere(self, method, fitted_attr, default):
    """Whether every per-view estimator (fitted or not) has ``method``."""
    fitted = getattr(self, fitted_attr, None)
    if fitted is not None:
        return all(hasattr(e, method) for e in fitted)
    value = self.estimator
    if value is None:
        return hasattr(default, method)
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (list, tuple)):
        return all(hasattr(e, method) for e in value)
    return hasattr(value, method)


class _BaseLateFusion(_BasePerViewFusion):
    """Fit one estimator per view and keep what is needed to fuse them."""

    _parameter_constraints = {
        **_BasePerViewFusion._parameter_constraints,
        "weights": [None, StrOptions({"learned", "confidence"}), "array-like", dict],
    }

    def _fit_views(self, X, missing, y, default):
        """Fit one estimator per view on the rows where it is present."""
        blocks = self._split_views(X)
        self._check_weights_param()
        estimators = _per_view_estimators(self.estimator, self.view_names_, default)
        self._check_estimator_methods(estimators)
        rows = self._fit_per_view(estimators, blocks, missing, y)
        return blocks, rows, estimators

    def _weights_mode(self):
        """``"learned"``, ``"confidence"`` or None (equal or fixed weights)."""
        return self.weights if isinstance(self.weights, str) else None

    def _check_weights_param(self):
        if self.weights is not None and not isinstance(self.weights, str):
            self._fixed_weights = _static_weights(self.weights, self.view_names_)
        else:
            self._fixed_weights = np.full(self.n_views_, 1.0 / self.n_views_)

    def _oof(self, estimators, blocks, rows, y, missing, method):
        """Out-of-fold outputs of every view (on its present rows)."""
        methods = [method] * len(estimators)
        return self._out_of_fold(estimators, blocks, rows, y, missing, methods)

    def _fit_weights(self, blocks, rows, estimators, y, missing):
        """Set ``view_weights_`` and ``view_scores_``."""
        self.view_weights_ = self._fixed_weights
        self.view_scores_ = None
        if self._weights_mode() in self._learned_modes:
            self.view_weights_ = self._learn_weights(
                estimators, blocks, rows, y, missing
            )


@views_docs
class LateFusionClassifier(ClassifierMixin, _BaseLateFusion):
    """Decision-level fusion: one classifier per view, combined by a rule.

    Each view (modality) gets its own classifier, fitted on that view's
    columns. Their outputs are combined by one of Kittler's rules [1]_: the
    (weighted) mean or product of the class probabilities, or a (weighted)
    majority vote. The weights of the views can be equal, fixed, learned by
    cross-validation (the weights that minimise the out-of-fold log loss of
    the fused scores, with a free temperature so that calibration does not
    bias them; for votes the log-odds of each view's out-of-fold accuracy
    [3]_), or set per sample from each view's confidence (one minus the
    normalised entropy of its probabilities) times view weights learned the
    same way.

    A view whose block is all NaN in a row is missing in that row: it is left
    out and the weights of the other views are renormalised. A row that lacks
    every view is an error. Views missing in training rows are fitted on the
    rows where they are present.

    Parameters
    ----------
    estimator : estimator, list or dict, default=None
        Classifier of each view: ``None`` uses a
        :class:`~sklearn.linear_model.LogisticRegression`; a single classifier
        is cloned for every view; a list (one per view, in the order of the
        views) or a dict (view name -> classifier) gives each view its own.
        Nested parameters are ``estimator__<param>`` for a single estimator and
        ``estimator__<view>__<param>`` for a list or dict.
    {views}
    rule : {"mean", "product", "vote"}, default="mean"
        How per-view outputs are fused: weighted mean of the probabilities
        (sum rule), weighted geometric mean of the probabilities (product
        rule), or weighted majority vote of the predicted labels. ``"mean"``
        and ``"product"`` need classifiers with ``predict_proba``.
    weights : None, "learned", "confidence", array-like or dict, default=None
        Weight of each view: ``None`` for equal weights; fixed weights (one
        per view, or a dict view name -> weight); ``"learned"`` to learn them
        from out-of-fold predictions (``cv``); ``"confidence"`` to weigh each
        view, row by row, by the confidence of its probabilities times a
        learned view weight (needs ``predict_proba``).
    cv : int, cross-validation generator or iterable, default=5
        Splits for the out-of-fold predictions used by ``weights="learned"``
        and ``weights="confidence"``.
    n_jobs : int, default=None
        Number of jobs fitting the per-view classifiers (and their
        out-of-fold predictions) in parallel. ``None`` means 1 unless in a
        :obj:`joblib.parallel_backend` context; ``-1`` means all processors.

    Attributes
    ----------
    estimators_ : list of estimator
        Fitted classifier of each view (on label-encoded targets).
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    view_weights_ : ndarray of shape (n_views,)
        Weight of each view (normalised to sum to one). With
        ``weights="confidence"`` they are multiplied row by row by each view's
        confidence and renormalised.
    view_scores_ : ndarray of shape (n_views,) or None
        Out-of-fold accuracy of each view alone when the weights are learned
        (``"learned"`` or ``"confidence"``), else None.
    {views_attributes}

    See Also
    --------
    LateFusionRegressor : The same for regression.
    StackingFusionClassifier : A final classifier learns how to fuse.
    EarlyFusion : Feature-level fusion.
    sklearn.ensemble.VotingClassifier : Equal-weight rules on one feature set.

    References
    ----------
    .. [1] J. Kittler, M. Hatef, R. P. W. Duin, J. Matas. On combining
       classifiers. IEEE TPAMI 20(3), 1998.
    .. [2] P. K. Atrey, M. A. Hossain, A. El Saddik, M. S. Kankanhalli.
       Multimodal fusion for multimedia analysis: a survey. Multimedia Systems
       16, 2010.
    .. [3] L. I. Kuncheva, J. J. Rodríguez. A weighted voting framework for
       classifiers ensembles. Knowledge and Information Systems 38, 2014.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.datasets import make_multiview_classification
    >>> from skmm.fusion import LateFusionClassifier
    >>> X, y, views = make_multiview_classification(
    ...     n_samples=300, informativeness=(1.0, 0.5, 0.0), random_state=0)
    >>> clf = LateFusionClassifier(views=views, weights="learned", cv=3).fit(X, y)
    >>> clf.view_weights_.round(1).tolist()   # the noise view gets no weight
    [0.6, 0.4, 0.0]
    >>> X_test = X.copy()
    >>> X_test[:5, views["view1"]] = np.nan   # the second view is missing
    >>> clf.predict(X_test[:5]).shape
    (5,)
    """

    _parameter_constraints = {
        **_BaseLateFusion._parameter_constraints,
        "rule": [StrOptions({"mean", "product", "vote"})],
    }

    def __init__(
        self,
        estimator=None,
        *,
        views=None,
        rule="mean",
        weights=None,
        cv=5,
        n_jobs=None,
    ):
        self.estimator = estimator
        self.views = views
        self.rule = rule
        self.weights = weights
        self.cv = cv
        self.n_jobs = n_jobs

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y):
        """Fit one classifier per view and the view weights.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Multi-view data; a view that is all NaN in a row is missing there.
        y : array-like of shape (n_samples,)
            Class labels.

        Returns
        -------
        self : LateFusionClassifier
            Fitted fuser.
        """
        X, y, missing = self._validate_views_data(X, y, reset=True)
        y_enc = self._encode_classes(y)
        fitted = self._fit_views(X, missing, y_enc, LogisticRegression())
        self._fit_weights(*fitted, y_enc, missing)
        return self

    def _uses_proba(self):
        return self.rule != "vote" or self._weights_mode() == "confidence"

    def _check_estimator_methods(self, estimators):
        if not self._uses_proba():
            return
        for name, est in zip(self.view_names_, estimators):
            if not hasattr(est, "predict_proba"):
                why = (
                    "weights='confidence'"
                    if self.rule == "vote"
                    else f"rule={self.rule!r}"
                )
                raise ValueError(
                    f"{why} needs class probabilities, but the classifier of view "
                    f"{name!r} ({type(est).__name__}) has no predict_proba. Use "
                    "rule='vote' without confidence weights, or a classifier with "
                    "predict_proba."
                )

    _learned_modes = ("learned", "confidence")

    def _learn_weights(self, estimators, blocks, rows, y, missing):
        """Per-view weights from out-of-fold predictions.

        Soft rules minimise the out-of-fold log loss of a softmax of the fused
        score (weighted sum of probabilities for ``"mean"``, of log
        probabilities for ``"product"``) over non-negative weights whose sum
        acts as a free temperature, with the per-row confidence factors applied
        when ``weights="confidence"``; votes take the log-odds of each view's
        out-of-fold accuracy.
        """
        n, n_classes = y.shape[0], self.classes_.shape[0]
        method = "predict_proba" if self._uses_proba() else "predict"
        oof = self._oof(estimators, blocks, rows, y, missing, method)
        missing = np.ones((n, self.n_views_), dtype=bool)
        scores = np.empty(self.n_views_)
        P = np.zeros((n, self.n_views_, n_classes))
        for v, (out, r) in enumerate(zip(oof, rows)):
            missing[r, v] = False
            if method == "predict_proba":
                full = np.zeros((r.shape[0], n_classes))
                full[:, np.unique(y[r])] = out
                P[r, v] = full
                scores[v] = np.mean(full.argmax(axis=1) == y[r])
            else:
                scores[v] = np.mean(out == y[r])
        self.view_scores_ = scores
        if self.rule == "vote":
            # optimal weights of a vote of independent classifiers (log-odds)
            acc = np.clip(scores, 1e-3, 1 - 1e-3)
            w = np.log(acc / (1 - acc)) + np.log(max(n_classes - 1, 1))
            w = np.clip(w, 0.0, None)
            equal = np.full(self.n_views_, 1.0 / self.n_views_)
            return w / w.sum() if w.sum() > 0 else equal
        conf = self._confidence(P) if self._weights_mode() == "confidence" else 1.0
        idx = np.arange(n)
        logP = np.log(P + _EPS)

        def loss(u):
            # free non-negative weights: their sum acts as a temperature, so
            # the ratios between views are learned apart from calibration
            W = _renormalise(u[None, :] * conf, missing) * u.sum()
            if self.rule == "mean":
                score = np.einsum("nv,nvk->nk", W, P)
            else:
                score = np.einsum("nv,nvk->nk", W, logP)
            score = score - score.max(axis=1, keepdims=True)
            log_norm = np.log(np.exp(score).sum(axis=1))
            return -np.mean(score[idx, y] - log_norm)

        return _nonnegative_fit(loss, self.n_views_)

    @staticmethod
    def _confidence(P):
        """One minus the normalised entropy of each view's probabilities."""
        n_classes = P.shape[2]
        entropy = -(P * np.log(np.clip(P, _EPS, 1.0))).sum(axis=2)
        return np.clip(1.0 - entropy / np.log(n_classes), 0.0, 1.0)

    def _fuse_proba(self, P, W):
        """Fuse per-view probabilities ``P`` (n, views, classes) with row weights."""
        if self.rule == "product":
            log_q = np.einsum("nv,nvk->nk", W, np.log(P + _EPS))
            log_q -= log_q.max(axis=1, keepdims=True)
            q = np.exp(log_q)
        else:
            q = np.einsum("nv,nvk->nk", W, P)
        return q / q.sum(axis=1, keepdims=True)

    def _view_probas(self, blocks, missing):
        n, n_classes = missing.shape[0], self.classes_.shape[0]
        P = np.zeros((n, self.n_views_, n_classes))
        for v, (est, b) in enumerate(zip(self.estimators_, blocks)):
            r = np.flatnonzero(~missing[:, v])
            if r.shape[0]:
                P[r, v] = _aligned_columns(est, est.predict_proba(b[r]), n_classes)
        return P

    def _row_weights(self, P, missing):
        W = np.broadcast_to(self.view_weights_, missing.shape).copy()
        if self._weights_mode() == "confidence":
            W *= self._confidence(P)
        return _renormalise(W, missing)

    def _fused_scores(self, X):
        blocks, missing = self._validate_predict_data(X)
        if self._uses_proba():
            P = self._view_probas(blocks, missing)
            W = self._row_weights(P, missing)
        if self.rule != "vote":
            return self._fuse_proba(P, W)
        if self._weights_mode() != "confidence":
            W = _renormalise(
                np.broadcast_to(self.view_weights_, missing.shape), missing
            )
        votes = np.zeros((missing.shape[0], self.classes_.shape[0]))
        rows = np.arange(missing.shape[0])
        for v, (est, b) in enumerate(zip(self.estimators_, blocks)):
            r = np.flatnonzero(~missing[:, v])
            if r.shape[0]:
                labels = np.asarray(est.predict(b[r])).astype(int)
                np.add.at(votes, (rows[r], labels), W[r, v])
        return votes

    def predict(self, X):
        """Predict class labels by fusing the views.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Multi-view data; a view that is all NaN in a row is left out.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
            Predicted class labels.
        """
        scores = self._fused_scores(X)
        return self._label_encoder.inverse_transform(scores.argmax(axis=1))

    def _check_proba(self):
        if self.rule == "vote":
            raise AttributeError(
                "predict_proba is not available when rule='vote'; use rule='mean' "
                "or rule='product'."
            )
        return _has_method_everywhere(
            self, "predict_proba", "estimators_", LogisticRegression()
        )

    @available_if(_check_proba)
    def predict_proba(self, X):
        """Fused class probabilities.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Multi-view data; a view that is all NaN in a row is left out.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Weighted mean (``rule="mean"``) or normalised weighted geometric
            mean (``rule="product"``) of the views' probabilities.
        """
        return self._fused_scores(X)

    @available_if(_check_proba)
    def predict_log_proba(self, X):
        """Logarithm of :meth:`predict_proba`.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Multi-view data.

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes)
            Log of the fused class probabilities.
        """
        with np.errstate(divide="ignore"):
            return np.log(self.predict_proba(X))


@views_docs
class LateFusionRegressor(RegressorMixin, _BaseLateFusion):
    """Decision-level fusion: one regressor per view, predictions averaged.

    Each view (modality) gets its own regressor, fitted on that view's
    columns; the fused prediction is a weighted mean of theirs. The weights
    can be equal, fixed, learned by cross-validation (the weights on the
    simplex that minimise the out-of-fold squared error of the fused
    prediction), or set per sample from each view's confidence: the inverse of
    its predictive variance (for regressors whose ``predict`` takes
    ``return_std``, such as :class:`~sklearn.linear_model.BayesianRidge` or
    :class:`~sklearn.gaussian_process.GaussianProcessRegressor`), the
    inverse-variance rule that is optimal for independent Gaussian errors.

    A view whose block is all NaN in a row is left out in that row and the
    other views' weights are renormalised; a row that lacks every view is an
    error.

    Parameters
    ----------
    estimator : estimator, list or dict, default=None
        Regressor of each view: ``None`` uses a
        :class:`~sklearn.linear_model.RidgeCV`; a single regressor is cloned
        for every view; a list or a dict (view name -> regressor) gives each
        view its own (nested parameters ``estimator__<view>__<param>``).
    {views}
    weights : None, "learned", "confidence", array-like or dict, default=None
        Weight of each view: equal (``None``), fixed, ``"learned"`` from
        out-of-fold predictions, or ``"confidence"`` (inverse predictive
        variance, row by row).
    cv : int, cross-validation generator or iterable, default=5
        Splits for the out-of-fold predictions used by ``weights="learned"``.
    n_jobs : int, default=None
        Number of jobs fitting the per-view regressors in parallel.

    Attributes
    ----------
    estimators_ : list of estimator
        Fitted regressor of each view.
    view_weights_ : ndarray of shape (n_views,)
        Weight of each view (normalised to sum to one).
    view_scores_ : ndarray of shape (n_views,) or None
        Out-of-fold R² of each view alone when ``weights="learned"``, else
        None.
    {views_attributes}

    See Also
    --------
    LateFusionClassifier : The same for classification.
    StackingFusionRegressor : A final regressor learns how to fuse.
    sklearn.ensemble.VotingRegressor : Equal-weight mean on one feature set.

    References
    ----------
    .. [1] J. Kittler, M. Hatef, R. P. W. Duin, J. Matas. On combining
       classifiers. IEEE TPAMI 20(3), 1998.
    .. [2] P. K. Atrey, M. A. Hossain, A. El Saddik, M. S. Kankanhalli.
       Multimodal fusion for multimedia analysis: a survey. Multimedia Systems
       16, 2010.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.fusion import LateFusionRegressor
    >>> rng = np.random.RandomState(0)
    >>> z = rng.normal(size=200)
    >>> X = np.column_stack([z + 0.1 * rng.normal(size=200),
    ...                      z + 1.0 * rng.normal(size=200),
    ...                      rng.normal(size=200)])
    >>> reg = LateFusionRegressor(views=[[0], [1], [2]], weights="learned")
    >>> reg.fit(X, z).view_weights_.round(1).tolist()
    [1.0, 0.0, 0.0]
    """

    def __init__(self, estimator=None, *, views=None, weights=None, cv=5, n_jobs=None):
        self.estimator = estimator
        self.views = views
        self.weights = weights
        self.cv = cv
        self.n_jobs = n_jobs

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y):
        """Fit one regressor per view and the view weights.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Multi-view data; a view that is all NaN in a row is missing there.
        y : array-like of shape (n_samples,)
            Target values.

        Returns
        -------
        self : LateFusionRegressor
            Fitted fuser.
        """
        X, y, missing = self._validate_views_data(X, y, reset=True, y_numeric=True)
        fitted = self._fit_views(X, missing, y, RidgeCV())
        self._fit_weights(*fitted, y, missing)
        return self

    _learned_modes = ("learned",)

    def _learn_weights(self, estimators, blocks, rows, y, missing):
        """Simplex weights minimising the out-of-fold squared error; sets scores."""
        oof = self._oof(estimators, blocks, rows, y, missing, "predict")
        n = y.shape[0]
        Y = np.zeros((n, self.n_views_))
        absent = np.ones((n, self.n_views_), dtype=bool)
        scores = np.empty(self.n_views_)
        for v, (out, r) in enumerate(zip(oof, rows)):
            Y[r, v] = out
            absent[r, v] = False
            resid = np.sum((y[r] - out) ** 2)
            denom = np.sum((y[r] - y[r].mean()) ** 2)
            scores[v] = 1.0 - resid / denom if denom > 0 else 0.0
        scale = np.var(y) if np.var(y) > 0 else 1.0

        def loss(w):
            W = _renormalise(w[None, :], absent)
            return np.mean((y - (W * Y).sum(axis=1)) ** 2) / scale

        self.view_scores_ = scores
        return _simplex_fit(loss, self.n_views_)

    def _check_estimator_methods(self, estimators):
        if self._weights_mode() != "confidence":
            return
        for name, est in zip(self.view_names_, estimators):
            params = inspect.signature(est.predict).parameters
            if "return_std" not in params:
                raise ValueError(
                    "weights='confidence' needs a predictive standard deviation, "
                    f"but the regressor of view {name!r} ({type(est).__name__}) has "
                    "no predict(..., return_std=True); use e.g. BayesianRidge or "
                    "GaussianProcessRegressor, or weights='learned'."
                )

    def predict(self, X):
        """Predict by a weighted mean of the views' predictions.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Multi-view data; a view that is all NaN in a row is left out.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
            Fused predictions.
        """
        blocks, missing = self._validate_predict_data(X)
        n = missing.shape[0]
        Y = np.zeros((n, self.n_views_))
        W = np.broadcast_to(self.view_weights_, (n, self.n_views_)).copy()
        for v, (est, b) in enumerate(zip(self.estimators_, blocks)):
            r = np.flatnonzero(~missing[:, v])
            if not r.shape[0]:
                continue
            if self._weights_mode() == "confidence":
                pred, std = est.predict(b[r], return_std=True)
                W[r, v] /= np.maximum(np.asarray(std, dtype=float) ** 2, _EPS)
            else:
                pred = est.predict(b[r])
            Y[r, v] = np.asarray(pred, dtype=float).ravel()
        W = _renormalise(W, missing)
        return (W * Y).sum(axis=1)
