"""Plumbing shared by the fusers: one estimator per view, weights, missing views."""

import numbers
from collections.abc import Mapping

import numpy as np
from joblib import Parallel, delayed
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.model_selection import check_cv, cross_val_predict
from sklearn.preprocessing import LabelEncoder
from sklearn.utils._param_validation import HasMethods, Interval
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted

from ..utils import MultiViewMixin
from ..utils._views import per_view

__all__ = []


def _view_names_hint(views, n):
    """The names ``resolve_views`` gives ``n`` views, known without the data.

    A dict of views names them by its keys; every other form names them
    ``"view0"``, ``"view1"``, ...
    """
    if isinstance(views, Mapping):
        names = [str(k) for k in views]
        if len(names) == n:
            return names
    return [f"view{i}" for i in range(n)]


def _named_items(value, views):
    """``(name, item)`` pairs of a per-view list or dict parameter, else []."""
    if isinstance(value, Mapping):
        return [(str(k), v) for k, v in value.items()]
    if isinstance(value, (list, tuple)):
        return list(zip(_view_names_hint(views, len(value)), value))
    return []


class _PerViewParamsMixin:
    """Nested parameters for a parameter that may hold one estimator per view.

    The attribute named by ``_per_view_param`` holds a single estimator (cloned
    for every view; its parameters are ``<param>__<name>`` as usual), or a list
    or a dict of estimators, one per view. In the second case the deep
    parameters are ``<param>__<view name>`` (the estimator) and
    ``<param>__<view name>__<name>`` (its parameters), so that
    :class:`~sklearn.model_selection.GridSearchCV` tunes each view's estimator
    by the view's name, as it tunes the named steps of a ``Pipeline``.
    """

    _per_view_param = "estimator"

    def get_params(self, deep=True):
        """Get parameters for this estimator.

        Parameters
        ----------
        deep : bool, default=True
            If True, also return the parameters of the contained estimators,
            including the per-view ones as ``<param>__<view>__<name>``.

        Returns
        -------
        params : dict
            Parameter names mapped to their values.
        """
        out = super().get_params(deep=deep)
        if not deep:
            return out
        attr = self._per_view_param
        for name, item in _named_items(getattr(self, attr), self.views):
            out[f"{attr}__{name}"] = item
            if hasattr(item, "get_params") and not isinstance(item, type):
                for key, value in item.get_params(deep=True).items():
                    out[f"{attr}__{name}__{key}"] = value
        return out

    def set_params(self, **params):
        """Set the parameters of this estimator.

        Parameters
        ----------
        **params : dict
            Estimator parameters, including ``<param>__<view>`` (replace one
            view's estimator) and ``<param>__<view>__<name>`` when the per-view
            parameter is a list or a dict.

        Returns
        -------
        self : estimator instance
            Estimator instance.
        """
        attr = self._per_view_param
        if attr in params:
            setattr(self, attr, params.pop(attr))
        if "views" in params:
            self.views = params.pop("views")
        value = getattr(self, attr)
        items = _named_items(value, self.views)
        if items:
            names = [n for n, _ in items]
            replace, nested = {}, {}
            for key in [k for k in params if k.startswith(f"{attr}__")]:
                rest = key[len(attr) + 2 :]
                name, _, sub = rest.partition("__")
                if name not in names:
                    raise ValueError(
                        f"Invalid parameter {key!r}: {attr!r} holds one estimator "
                        f"per view, named {names!r}."
                    )
                if sub:
                    nested.setdefault(name, {})[sub] = params.pop(key)
                else:
                    replace[name] = params.pop(key)
            if replace:
                if isinstance(value, Mapping):
                    value = {k: replace.get(str(k), v) for k, v in value.items()}
                else:
                    value = [replace.get(n, v) for n, v in items]
                setattr(self, attr, value)
                items = _named_items(value, self.views)
            lookup = dict(items)
            for name, sub in nested.items():
                lookup[name].set_params(**sub)
        return super().set_params(**params)


def _per_view_estimators(value, names, default, *, param="estimator", allow=()):
    """One unfitted clone per view from a single, list or dict parameter.

    ``allow`` lists strings accepted in place of an estimator (such as
    ``"passthrough"``); they are returned as they are.
    """
    items = per_view(default if value is None else value, param, names)
    out = []
    for name, item in zip(names, items):
        if isinstance(item, str) and item in allow:
            out.append(item)
            continue
        if isinstance(item, type):
            raise TypeError(
                f"`{param}` for view {name!r} is the class {item.__name__}; pass an "
                f"instance ({item.__name__}())."
            )
        if not hasattr(item, "fit"):
            raise TypeError(
                f"`{param}` for view {name!r} must be an estimator with a `fit` "
                f"method; got {item!r}."
            )
        out.append(clone(item))
    return out


def _static_weights(weights, names, *, param="weights"):
    """Validate fixed per-view weights (array-like or dict) and normalise them."""
    n = len(names)
    if isinstance(weights, Mapping):
        keys = [str(k) for k in weights]
        if sorted(keys) != sorted(names):
            raise ValueError(
                f"`{param}` is a dict whose keys must be the view names {names!r}; "
                f"got {keys!r}."
            )
        lookup = {str(k): v for k, v in weights.items()}
        w = np.asarray([lookup[nm] for nm in names], dtype=float)
    else:
        w = np.asarray(weights, dtype=float)
        if w.ndim != 1 or w.shape[0] != n:
            raise ValueError(
                f"`{param}` has {w.size} entries but there are {n} views {names!r}."
            )
    if not np.all(np.isfinite(w)) or np.any(w < 0) or w.sum() <= 0:
        raise ValueError(
            f"`{param}` must be finite, non-negative and not all zero; got "
            f"{w.tolist()!r}."
        )
    return w / w.sum()


def _is_scalar_number(x):
    return isinstance(x, numbers.Real) and not isinstance(x, bool)


def _renormalise(W, missing):
    """Zero the weights of missing views and make every row sum to one.

    A row whose present views all have zero weight falls back to equal weights
    over its present views.
    """
    W = np.where(missing, 0.0, W)
    total = W.sum(axis=1, keepdims=True)
    present = (~missing).astype(float)
    fallback = present / np.maximum(present.sum(axis=1, keepdims=True), 1.0)
    safe = np.where(total > 0, total, 1.0)
    return np.where(total > 0, W / safe, fallback)


def _aligned_columns(est, out, n_classes):
    """Place the columns of ``est``'s ``predict_proba`` under the global classes.

    Per-view estimators are fitted on encoded labels ``0..n_classes-1``; one
    fitted on rows lacking some class has fewer columns.
    """
    out = np.asarray(out, dtype=float)
    classes = np.asarray(est.classes_)
    if classes.shape[0] == n_classes:
        return out
    full = np.zeros((out.shape[0], n_classes))
    full[:, classes.astype(int)] = out
    return full


def _fit_one(est, X, y):
    return est.fit(X, y)


def _present_rows(missing, v, name, n_min=1):
    rows = np.flatnonzero(~missing[:, v])
    if rows.shape[0] < n_min:
        raise ValueError(
            f"View {name!r} is missing (all NaN) in every training row; it cannot "
            "be fitted. Drop it from `views`."
        )
    return rows


def _check_cv_with_missing(cv, missing):
    """Refuse explicit split indices when views are fitted on fewer rows."""
    explicit = not (
        cv is None or isinstance(cv, numbers.Integral) or hasattr(cv, "split")
    )
    if explicit and missing.any():
        raise ValueError(
            "`cv` is an iterable of (train, test) indices, but some views are "
            "missing in some training rows, so each view is cross-validated on "
            "its own rows; pass an int or a splitter such as StratifiedKFold."
        )


class _BasePerViewFusion(_PerViewParamsMixin, MultiViewMixin, BaseEstimator):
    """One estimator per view, fitted on the rows where its view is present.

    The plumbing late and stacking fusion share: the per-view estimators, their
    fit on each view's present rows, their out-of-fold outputs, and the
    validation of prediction data (a missing view is a whole block of NaN).
    """

    _parameter_constraints = {
        **MultiViewMixin._parameter_constraints,
        "estimator": [None, HasMethods("fit"), list, dict],
        "cv": ["cv_object"],
        "n_jobs": [None, Interval(numbers.Integral, None, None, closed="neither")],
    }

    _missing_views = True

    def _encode_classes(self, y):
        """Check class labels, set ``classes_``; return them encoded as 0..k-1."""
        check_classification_targets(y)
        self._label_encoder = LabelEncoder().fit(y)
        self.classes_ = self._label_encoder.classes_
        return self._label_encoder.transform(y)

    def _fit_per_view(self, estimators, blocks, missing, y):
        """Fit ``estimators_`` on each view's present rows; return those rows."""
        rows = [_present_rows(missing, v, n) for v, n in enumerate(self.view_names_)]
        self.estimators_ = Parallel(n_jobs=self.n_jobs)(
            delayed(_fit_one)(e, b[r], y[r])
            for e, b, r in zip(estimators, blocks, rows)
        )
        return rows

    def _out_of_fold(self, estimators, blocks, rows, y, missing, methods):
        """Out-of-fold ``methods[v]`` outputs of every view, on its present rows."""
        _check_cv_with_missing(self.cv, missing)
        cv = check_cv(self.cv, y, classifier=isinstance(self, ClassifierMixin))
        return Parallel(n_jobs=self.n_jobs)(
            delayed(cross_val_predict)(clone(e), b[r], y[r], cv=cv, method=m)
            for e, b, r, m in zip(estimators, blocks, rows, methods)
        )

    def _validate_predict_data(self, X):
        """Per-view blocks and the missing-view mask of prediction data."""
        check_is_fitted(self)
        X, _, missing = self._validate_views_data(X, reset=False)
        return self._split_views(X), missing

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = False
        return tags
