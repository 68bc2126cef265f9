"""Domain-adaptation meta-estimators: adapt, then fit on labeled source rows."""

import warnings
from numbers import Integral

import numpy as np
from sklearn.base import (
    BaseEstimator,
    ClassifierMixin,
    MetaEstimatorMixin,
    RegressorMixin,
    _fit_context,
    clone,
)
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import Pipeline
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions
from sklearn.utils.metaestimators import available_if
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import (
    check_consistent_length,
    check_is_fitted,
    column_or_1d,
    has_fit_parameter,
    validate_data,
)

from ...utils import (
    NoTargetDomainWarning,
    check_sample_domain,
    resolve_selector,
    unlabeled_mask,
)
from ...utils._docstrings import domain_docs
from ...utils._domain import DOMAIN_CONSTRAINT, warn_no_target
from ._adapters import _read_domain
from ._label_shift import adjust_posteriors, check_priors, estimate_target_priors

__all__ = [
    "DomainAdaptationClassifier",
    "DomainAdaptationRegressor",
    "LabelShiftClassifier",
]


def _estimator_has(attr):
    """Check the fitted estimator if there is one, else the unfitted one."""

    def check(self):
        if hasattr(self, "estimator_"):
            return hasattr(self.estimator_, attr)
        return hasattr(self._estimator(), attr)

    return check


def _has_uncorrected_decision_function(self):
    """A decision function exists and no label-shift correction is set."""
    method, priors, _ = self._label_shift_spec()
    return (
        method is None and priors is None and _estimator_has("decision_function")(self)
    )


# folds of the held-out source predictions of BBSE in DomainAdaptationClassifier
_BBSE_FOLDS = 5


def _sample_weight_params(estimator, sample_weight):
    """``fit`` parameters passing ``sample_weight`` (to a Pipeline's last step)."""
    if isinstance(estimator, Pipeline):
        return {f"{estimator.steps[-1][0]}__sample_weight": sample_weight}
    return {"sample_weight": sample_weight}


def _fit_with_weight(estimator, X, y, sample_weight):
    """Fit ``estimator``, passing ``sample_weight`` to a Pipeline's last step."""
    if sample_weight is None:
        return estimator.fit(X, y)
    if isinstance(estimator, Pipeline):
        name, last = estimator.steps[-1]
        if (
            last is None
            or last == "passthrough"
            or not has_fit_parameter(last, "sample_weight")
        ):
            raise ValueError(
                "The adapter gives importance weights but the pipeline's last step "
                f"{name!r} does not accept sample_weight in fit."
            )
        return estimator.fit(X, y, **{f"{name}__sample_weight": sample_weight})
    if not has_fit_parameter(estimator, "sample_weight"):
        raise ValueError(
            "The adapter gives importance weights but "
            f"{type(estimator).__name__} does not accept sample_weight in fit."
        )
    return estimator.fit(X, y, sample_weight=sample_weight)


class _BaseDomainAdaptation(MetaEstimatorMixin, BaseEstimator):
    """Shared fit/predict plumbing of the two meta-estimators."""

    _parameter_constraints: dict = {
        "estimator": [None, HasMethods(["fit", "predict"])],
        "adapter": [
            None,
            StrOptions({"passthrough"}),
            HasMethods(["fit", "transform"]),
        ],
        "domain": DOMAIN_CONSTRAINT,
    }

    def _adapter(self):
        if self.adapter is None or self.adapter == "passthrough":
            return None
        adapter = clone(self.adapter)
        if "domain" in adapter.get_params(deep=False):
            # The meta-estimator reads the domains itself and hands them over.
            adapter.set_params(domain=None)
        return adapter

    def _domains_for_fit(self, X, y, unlabeled, sample_domain):
        X_rest, domains, _ = _read_domain(self, X, sample_domain)
        if domains is None:
            if unlabeled.any():
                # No domain column and no sample_domain: unlabeled rows are the
                # target rows, labeled rows the source rows (skada's convention).
                domains = np.where(unlabeled, -1, 0)
            else:
                warn_no_target(self, meta=True)
                return X_rest, None
        domains = check_sample_domain(domains, require_target=True)
        return X_rest, domains

    def _train_rows(self, y, domains, unlabeled):
        """The labeled source rows (every labeled row without domains), checked."""
        train = ~unlabeled if domains is None else (domains >= 0) & ~unlabeled
        if not train.any():
            raise ValueError(
                "No labeled source rows: every source row is unlabeled or there "
                "are no source rows (domain >= 0)."
            )
        self._check_train_targets(y[train])
        return train

    def _fit(self, X, y, sample_domain, unlabeled):
        X_rest, domains = self._domains_for_fit(X, y, unlabeled, sample_domain)
        train = self._train_rows(y, domains, unlabeled)
        adapter = self._adapter()
        weights = None
        if adapter is None:
            Z = X_rest
        else:
            fit_y = self._labels_for_adapter(adapter, y, train)
            if domains is None:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", NoTargetDomainWarning)
                    adapter.fit(X_rest, fit_y)
                # every row is a source row of the identity adaptation
                Z = adapter.transform(X_rest, sample_domain=np.zeros(X_rest.shape[0]))
            else:
                Z = adapter.fit_transform(X_rest, fit_y, sample_domain=domains)
            if hasattr(adapter, "sample_weight_"):
                weights = adapter.sample_weight_[train]
        self.adapter_ = adapter
        self.estimator_ = _fit_with_weight(
            clone(self._estimator()), Z[train], y[train], weights
        )
        self.n_train_rows_ = int(train.sum())
        self._fit_label_shift(Z, y, train, domains, weights)
        return self

    def _labels_for_adapter(self, adapter, y, train):
        """Class codes for an adapter that uses classes, else None.

        Labeled source rows get their class code, every other row -1: target
        labels never leave here.
        """
        if not getattr(adapter, "_uses_labels", False):
            return None
        if not isinstance(self, ClassifierMixin):
            raise ValueError(
                f"The adapter {type(adapter).__name__} uses the classes of source "
                f"rows, which {type(self).__name__} does not have; use it with "
                "DomainAdaptationClassifier."
            )
        codes = np.full(y.shape[0], -1, dtype=np.int64)
        codes[train] = np.unique(y[train], return_inverse=True)[1]
        return codes

    def _fit_label_shift(self, Z, y, train, domains, weights):
        """Hook of the classifiers that correct for label shift."""

    def _adapt(self, X, sample_domain):
        check_is_fitted(self)
        self._check_domain_column_present(X)
        X = validate_data(self, X, reset=False)
        X_rest, domains, _ = _read_domain(self, X, sample_domain)
        if self.adapter_ is None:
            return X_rest
        return self.adapter_.transform(X_rest, sample_domain=domains)

    def _check_domain_column_present(self, X):
        """Name the domain column when X lacks exactly that one column."""
        n_columns = X.shape[1] if hasattr(X, "shape") and len(X.shape) == 2 else None
        if self.domain is None or n_columns != self.n_features_in_ - 1:
            return
        names = getattr(self, "feature_names_in_", None)
        column = int(
            resolve_selector(
                self.domain,
                np.empty((0, self.n_features_in_)),
                name="domain",
                feature_names=names,
            )[0]
        )
        which = f"column {names[column]!r}" if names is not None else f"column {column}"
        raise ValueError(
            f"X has {n_columns} columns, one fewer than in fit: the domain column "
            f"({which}, selected by domain={self.domain!r}) is missing. "
            f"{type(self).__name__} reads each row's domain from it; add it back "
            "(>= 0 source, < 0 target), or set domain=None and pass sample_domain."
        )

    def score(self, X, y, sample_weight=None, *, sample_domain=None):
        """Score of the predictions on adapted rows.

        Accuracy for the classifier, R² for the regressor, as scikit-learn's
        ``score`` (``sample_domain`` is taken as ``predict`` takes it).

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Rows to score (with the domain column when ``domain`` is set).
        y : array-like of shape (n_samples,)
            True targets.
        sample_weight : array-like of shape (n_samples,), default=None
            Sample weights.
        sample_domain : array-like of shape (n_samples,), default=None
            Domain of each row when ``X`` holds no domain column.

        Returns
        -------
        score : float
        """
        from sklearn.metrics import accuracy_score, r2_score

        metric = accuracy_score if isinstance(self, ClassifierMixin) else r2_score
        y_pred = self.predict(X, sample_domain=sample_domain)
        return float(metric(y, y_pred, sample_weight=sample_weight))

    @domain_docs
    def predict(self, X, *, sample_domain=None):
        """Predict with the inner estimator on adapted rows.

        With a label-shift correction (classifiers), target rows take the
        class of largest corrected probability.

        Parameters
        ----------
        {predict_rows}

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
            Predictions.
        """
        Z = self._adapt(X, sample_domain)
        return self._predict_adapted(Z, X, sample_domain)

    def _predict_adapted(self, Z, X, sample_domain):
        """Predictions from the adapted rows ``Z`` (of ``X``)."""
        return self.estimator_.predict(Z)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        inner = self._estimator().__sklearn_tags__()
        tags.input_tags.sparse = False
        tags.input_tags.allow_nan = False
        tags.target_tags.multi_output = False
        tags.target_tags.single_output = inner.target_tags.single_output
        tags.non_deterministic = inner.non_deterministic
        return tags


class _BaseDomainClassifier(ClassifierMixin, _BaseDomainAdaptation):
    """Classifier plumbing: labels, probabilities, and label-shift correction.

    Subclasses say which adapter to use (``_adapter``) and which label-shift
    correction (``_label_shift_spec``: ``(method, priors, cv)``).
    """

    # the base's score takes sample_domain; the mixin's would not
    score = _BaseDomainAdaptation.score

    def _estimator(self):
        return LogisticRegression() if self.estimator is None else self.estimator

    def _label_shift_spec(self):
        return None, None, _BBSE_FOLDS

    def _check_train_targets(self, y_train):
        if np.unique(y_train).shape[0] < 2:
            raise ValueError(
                "The labeled source rows hold only one class "
                f"({np.unique(y_train).tolist()}); a classifier needs at least two. "
                "(y == -1 marks unlabeled rows: recode a class named -1.)"
            )

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y, *, sample_domain=None):
        """Adapt, then fit the classifier on labeled source rows.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Rows of both domains (with the domain column when ``domain`` is set).
        y : array-like of shape (n_samples,)
            Labels; ``-1`` marks unlabeled rows. Labels of target rows are
            ignored.
        sample_domain : array-like of shape (n_samples,), default=None
            Domain of each row when ``X`` holds no domain column.

        Returns
        -------
        self : object
            The fitted meta-estimator.
        """
        X, y = validate_data(self, X, y)
        check_classification_targets(y)
        return self._fit(X, y, sample_domain, unlabeled_mask(y))

    def _fit_label_shift(self, Z, y, train, domains, weights):
        """Class priors of the training rows and of the target rows."""
        method, priors, cv = self._label_shift_spec()
        self.source_priors_ = self.target_priors_ = None
        if method is None and priors is None:
            return
        if not hasattr(self.estimator_, "predict_proba"):
            raise ValueError(
                f"Correcting for label shift needs class probabilities, but "
                f"{type(self.estimator_).__name__} has no predict_proba."
            )
        classes = self.estimator_.classes_
        codes = np.searchsorted(classes, y[train])
        counts = np.bincount(
            codes, weights=None if weights is None else weights, minlength=len(classes)
        )
        self.source_priors_ = counts / counts.sum()
        if priors is not None:
            self.target_priors_ = check_priors(
                priors, len(classes), name="target priors"
            )
            return
        if domains is None:
            # no domain information (warned): the identity adaptation, no shift
            self.target_priors_ = self.source_priors_.copy()
            return
        target = domains < 0
        proba_target = self.estimator_.predict_proba(Z[target])
        if method == "em":
            self.target_priors_ = estimate_target_priors(
                proba_target, method="em", source_priors=self.source_priors_
            )
            return
        folds = int(
            min(cv, counts.min() if weights is None else np.bincount(codes).min())
        )
        if folds < 2:
            raise ValueError(
                "BBSE needs held-out predictions of every class, but a class has "
                "fewer than 2 labeled source rows."
            )
        params = {}
        if weights is not None:
            params = _sample_weight_params(self._estimator(), weights)
        proba_source = cross_val_predict(
            clone(self._estimator()),
            Z[train],
            y[train],
            cv=StratifiedKFold(folds),
            method="predict_proba",
            params=params,
        )
        self.target_priors_ = estimate_target_priors(
            proba_target, method="bbse", y_source=codes, proba_source=proba_source
        )

    def _corrected(self, proba, X, sample_domain):
        """Probabilities with the target rows corrected to the target priors."""
        if getattr(self, "target_priors_", None) is None:
            return proba
        X_rest, domains, _ = _read_domain(
            self, validate_data(self, X, reset=False), sample_domain
        )
        target = np.ones(proba.shape[0], dtype=bool) if domains is None else domains < 0
        out = np.array(proba, dtype=np.float64, copy=True)
        out[target] = adjust_posteriors(
            out[target], self.source_priors_, self.target_priors_
        )
        return out

    @property
    def classes_(self):
        """Classes seen among labeled source rows."""
        return self.estimator_.classes_

    def _predict_adapted(self, Z, X, sample_domain):
        if getattr(self, "target_priors_", None) is None:
            return self.estimator_.predict(Z)
        proba = self._corrected(self.estimator_.predict_proba(Z), X, sample_domain)
        return self.classes_[np.argmax(proba, axis=1)]

    @available_if(_estimator_has("predict_proba"))
    @domain_docs
    def predict_proba(self, X, *, sample_domain=None):
        """Class probabilities of adapted rows.

        With a label-shift correction, those of target rows are corrected to
        the target class proportions (:func:`adjust_posteriors`).

        Parameters
        ----------
        {predict_rows}

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Probabilities, columns in the order of ``classes_``.
        """
        Z = self._adapt(X, sample_domain)
        return self._corrected(self.estimator_.predict_proba(Z), X, sample_domain)

    @available_if(_estimator_has("predict_log_proba"))
    @domain_docs
    def predict_log_proba(self, X, *, sample_domain=None):
        """Log class probabilities of adapted rows.

        Parameters
        ----------
        {predict_rows}

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes)
            Log probabilities.
        """
        Z = self._adapt(X, sample_domain)
        if getattr(self, "target_priors_", None) is None:
            return self.estimator_.predict_log_proba(Z)
        proba = self._corrected(self.estimator_.predict_proba(Z), X, sample_domain)
        with np.errstate(divide="ignore"):
            return np.log(proba)

    @available_if(_has_uncorrected_decision_function)
    @domain_docs
    def decision_function(self, X, *, sample_domain=None):
        """Decision function of adapted rows.

        Not available with a label-shift correction (its decisions come from
        the corrected probabilities).

        Parameters
        ----------
        {predict_rows}

        Returns
        -------
        scores : ndarray of shape (n_samples,) or (n_samples, n_classes)
            Decision values of the inner classifier.
        """
        Z = self._adapt(X, sample_domain)
        return self.estimator_.decision_function(Z)


@domain_docs
class DomainAdaptationClassifier(_BaseDomainClassifier):
    """Domain-adapted classifier: adapt, then learn from labeled source rows.

    The meta-estimator reads the domain of each row from the column of ``X``
    named by ``domain`` (``>= 0`` source, ``< 0`` target), drops that column,
    fits the ``adapter`` on all rows (source and target), and fits a clone of
    ``estimator`` on the adapted labeled source rows only; an adapter that
    gives importance weights (:class:`KernelMeanMatching`,
    :class:`KullbackLeiblerImportanceEstimation`,
    :class:`DiscriminativeReweighting`) passes them as ``sample_weight``, and
    one that uses the classes of source rows
    (:class:`ClassRegularizedTransportMapping`) gets them (target rows as
    ``-1``). Target labels are never used in ``fit``, so ``y`` may hold the
    true target labels (for later evaluation) or ``-1``. At predict time each
    row is adapted according to its own domain value.

    With ``label_shift``, the class proportions of the target rows are
    estimated from their (adapted) rows, and the probabilities and decisions
    of target rows are corrected to them (see :class:`LabelShiftClassifier`).

    Because the domains travel as a column of ``X``, the meta-estimator works
    unchanged in :class:`~sklearn.pipeline.Pipeline`,
    :func:`~sklearn.model_selection.cross_val_score` and
    :class:`~sklearn.model_selection.GridSearchCV` (with
    :class:`DomainKFold` and the target-aware scorers for model selection); no
    global configuration is changed.

    Parameters
    ----------
    estimator : estimator object or None, default=None
        Classifier (or pipeline) fitted on adapted source rows; None uses
        :class:`~sklearn.linear_model.LogisticRegression`.
    adapter : adapter object, "passthrough" or None, default=None
        One of :class:`CORAL`, :class:`SubspaceAlignment`,
        :class:`TransferComponentAnalysis`, :class:`OptimalTransportMapping`,
        :class:`ClassRegularizedTransportMapping`,
        :class:`LinearTransportMapping`, :class:`KernelMeanMatching`,
        :class:`KullbackLeiblerImportanceEstimation`,
        :class:`DiscriminativeReweighting` (or any transformer whose ``fit`` and
        ``transform`` take ``sample_domain``; one with a ``sample_weight_``
        attribute after ``fit`` gives importance weights);
        its own ``domain`` is ignored. None or "passthrough": no adaptation.
    label_shift : {"em", "bbse"}, array-like or None, default=None
        Correct target rows for a change of class proportions: estimate them
        by EM (Saerens et al., 2002) or black-box shift estimation (Lipton et
        al., 2018, from 5-fold held-out source predictions), or give them (in
        the order of ``classes_``, summing to one). None: no correction. Needs
        an estimator with ``predict_proba``.
    domain : int, str, slice, array-like, callable or None, default=None
        Selector of the column of ``X`` that holds each row's domain (e.g.
        ``-1``). None: ``X`` holds no domain column; the domains come from
        ``sample_domain`` if given, else rows with ``y == -1`` are the target
        rows and the labeled rows the source rows. Given with the column,
        ``sample_domain`` must equal it (see :func:`~skmm.utils.read_domains`).

    Attributes
    ----------
    estimator_ : estimator object
        The fitted inner classifier.
    adapter_ : adapter object or None
        The fitted adapter.
    classes_ : ndarray of shape (n_classes,)
        Classes seen among labeled source rows.
    source_priors_ : ndarray of shape (n_classes,) or None
        Class proportions of the (weighted) training rows, with
        ``label_shift``.
    target_priors_ : ndarray of shape (n_classes,) or None
        Class proportions of the target rows (estimated or given), with
        ``label_shift``.
    {train_attributes}

    See Also
    --------
    DomainAdaptationRegressor : The regressor twin.
    LabelShiftClassifier : Only the label-shift correction.
    DomainKFold : Cross-validation that keeps both domains in every fold.
    make_target_scorer : Score on the target rows of a validation fold.

    References
    ----------
    .. [1] B. Sun, J. Feng and K. Saenko, "Return of frustratingly easy domain
       adaptation", AAAI 2016.
    .. [2] J. Huang, A. J. Smola, A. Gretton, K. M. Borgwardt and B. Schölkopf,
       "Correcting sample selection bias by unlabeled data", NIPS 2007.

    Examples
    --------
    >>> from skmm.colearning import SubspaceAlignment, DomainAdaptationClassifier
    >>> from skmm.datasets import make_domain_shift
    >>> X, y, domain = make_domain_shift(n_features=5, random_state=0)
    >>> clf = DomainAdaptationClassifier(adapter=SubspaceAlignment(), domain=domain)
    >>> clf.fit(X, y).classes_
    array([0, 1])
    >>> target = X[:, domain] < 0
    >>> round(clf.score(X[target], y[target]), 2)
    0.88
    """

    _parameter_constraints: dict = {
        **_BaseDomainAdaptation._parameter_constraints,
        "label_shift": [None, StrOptions({"em", "bbse"}), "array-like"],
    }

    def __init__(self, estimator=None, *, adapter=None, label_shift=None, domain=None):
        self.estimator = estimator
        self.adapter = adapter
        self.label_shift = label_shift
        self.domain = domain

    def _label_shift_spec(self):
        if self.label_shift is None or isinstance(self.label_shift, str):
            return self.label_shift, None, _BBSE_FOLDS
        return None, self.label_shift, _BBSE_FOLDS


@domain_docs
class LabelShiftClassifier(_BaseDomainClassifier):
    """A classifier corrected for a change of class proportions (label shift).

    Under label shift the class proportions differ between the source and the
    target domain while each class looks the same (``p(x | y)`` is shared),
    so a classifier trained on the source has the right posteriors up to the
    priors: ``p_t(y | x)`` is proportional to ``p_s(y | x) pi_t(y) / pi_s(y)``.
    This meta-estimator fits ``estimator`` on the labeled source rows,
    estimates the target proportions ``pi_t`` from the unlabeled target rows
    (or takes them as given) and corrects the probabilities and decisions of
    target rows; source rows keep the plain classifier's. Target labels are
    never used in ``fit``.

    - ``method="em"``: the EM of Saerens et al. (2002), the maximum-likelihood
      proportions for calibrated probabilities;
    - ``method="bbse"``: black-box shift estimation (Lipton et al., 2018), which
      inverts the confusion matrix of ``cv``-fold held-out source predictions
      and needs no calibration.

    The domains come as for :class:`DomainAdaptationClassifier` (a domain
    column, ``sample_domain``, or unlabeled rows as target rows);
    ``DomainAdaptationClassifier(label_shift=...)`` adds the same correction
    after a feature adapter.

    Parameters
    ----------
    estimator : classifier or None, default=None
        Classifier with ``predict_proba`` fitted on labeled source rows; None
        uses :class:`~sklearn.linear_model.LogisticRegression`.
    method : {"em", "bbse"}, default="em"
        Estimator of the target class proportions.
    target_priors : array-like of shape (n_classes,) or None, default=None
        Known target class proportions (in the order of ``classes_``, summing
        to one); then nothing is estimated and ``method`` is ignored.
    cv : int, default=5
        Folds of the held-out source predictions of "bbse" (at most the size
        of the smallest class).
    domain : int, str, slice, array-like, callable or None, default=None
        Selector of the column of ``X`` that holds each row's domain (``>= 0``
        source, ``< 0`` target). None: the domains come from ``sample_domain``
        if given, else rows with ``y == -1`` are the target rows.

    Attributes
    ----------
    estimator_ : estimator object
        The fitted classifier.
    classes_ : ndarray of shape (n_classes,)
        Classes seen among labeled source rows.
    source_priors_ : ndarray of shape (n_classes,)
        Class proportions of the training rows.
    target_priors_ : ndarray of shape (n_classes,)
        Estimated (or given) class proportions of the target rows.
    {train_attributes}

    See Also
    --------
    estimate_target_priors : The estimators on their own.
    adjust_posteriors : The correction on its own.
    DomainAdaptationClassifier : Feature adaptation, then the same correction.

    References
    ----------
    .. [1] M. Saerens, P. Latinne and C. Decaestecker, "Adjusting the outputs
       of a classifier to new a priori probabilities: a simple procedure",
       Neural Computation 14(1), 2002.
    .. [2] Z. C. Lipton, Y.-X. Wang and A. J. Smola, "Detecting and correcting
       for label shift with black box predictors", ICML 2018.

    Examples
    --------
    >>> from skmm.colearning import LabelShiftClassifier
    >>> from skmm.datasets import make_label_shift
    >>> X, y, domain = make_label_shift(
    ...     source_priors=[0.5, 0.5], target_priors=[0.9, 0.1], random_state=0)
    >>> clf = LabelShiftClassifier(domain=domain).fit(X, y)
    >>> clf.target_priors_.round(2)
    array([0.9, 0.1])
    """

    _parameter_constraints: dict = {
        "estimator": [None, HasMethods(["fit", "predict_proba"])],
        "method": [StrOptions({"em", "bbse"})],
        "target_priors": [None, "array-like"],
        "cv": [Interval(Integral, 2, None, closed="left")],
        "domain": DOMAIN_CONSTRAINT,
    }

    def __init__(
        self, estimator=None, *, method="em", target_priors=None, cv=5, domain=None
    ):
        self.estimator = estimator
        self.method = method
        self.target_priors = target_priors
        self.cv = cv
        self.domain = domain

    def _adapter(self):
        return None

    def _label_shift_spec(self):
        if self.target_priors is not None:
            return None, self.target_priors, self.cv
        return self.method, None, self.cv


class _BaseDomainRegressor(RegressorMixin, _BaseDomainAdaptation):
    """Regressor plumbing: numeric targets, NaN for unlabeled rows."""

    # the base's score takes sample_domain; the mixin's would not
    score = _BaseDomainAdaptation.score

    def _estimator(self):
        return Ridge() if self.estimator is None else self.estimator

    def _check_train_targets(self, y_train):
        pass

    # scikit-learn's classifier/regressor twins: each spells out its own fit
    # (class labels and -1 there, numeric targets and NaN here); the adaptation
    # they share is _BaseDomainAdaptation._fit
    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y, *, sample_domain=None):
        """Adapt, then fit the regressor on labeled source rows.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Rows of both domains (with the domain column when ``domain`` is set).
        y : array-like of shape (n_samples,)
            Targets; ``NaN`` marks unlabeled rows. Values of target rows are
            ignored.
        sample_domain : array-like of shape (n_samples,), default=None
            Domain of each row when ``X`` holds no domain column.

        Returns
        -------
        self : object
            The fitted meta-estimator.
        """
        if y is None:
            raise ValueError(
                f"{type(self).__name__} requires y to be passed, but the target y "
                "is None."
            )
        X = validate_data(self, X)
        y = column_or_1d(y, warn=True)
        check_consistent_length(X, y)
        try:
            y = y.astype(np.float64)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"y must be numeric; got dtype {y.dtype}.") from exc
        if np.isinf(y).any():
            raise ValueError("y contains infinity.")
        return self._fit(X, y, sample_domain, unlabeled_mask(y, task="regression"))


@domain_docs
class DomainAdaptationRegressor(_BaseDomainRegressor):
    """Domain-adapted regressor: adapt, then learn from labeled source rows.

    The regressor twin of :class:`DomainAdaptationClassifier`: it reads the
    domain column named by ``domain`` (``>= 0`` source, ``< 0`` target), drops
    it, fits the ``adapter`` on all rows and a clone of ``estimator`` on the
    adapted labeled source rows (with importance weights from a reweighting
    adapter). Target values are never used in ``fit``; ``NaN`` marks
    unlabeled rows.

    Parameters
    ----------
    estimator : estimator object or None, default=None
        Regressor (or pipeline) fitted on adapted source rows; None uses
        :class:`~sklearn.linear_model.Ridge`.
    adapter : adapter object, "passthrough" or None, default=None
        One of :class:`CORAL`, :class:`SubspaceAlignment`,
        :class:`TransferComponentAnalysis`, :class:`OptimalTransportMapping`,
        :class:`LinearTransportMapping`, :class:`KernelMeanMatching`,
        :class:`KullbackLeiblerImportanceEstimation`,
        :class:`DiscriminativeReweighting` (not an adapter that needs classes);
        its own ``domain`` is ignored. None or "passthrough": no adaptation.
    domain : int, str, slice, array-like, callable or None, default=None
        Selector of the column of ``X`` that holds each row's domain. None:
        ``X`` holds no domain column; the domains come from ``sample_domain``
        if given, else rows with ``y`` NaN are the target rows. Given with the
        column, ``sample_domain`` must equal it (see
        :func:`~skmm.utils.read_domains`).

    Attributes
    ----------
    estimator_ : estimator object
        The fitted inner regressor.
    adapter_ : adapter object or None
        The fitted adapter.
    {train_attributes}

    See Also
    --------
    DomainAdaptationClassifier : The classifier twin.

    References
    ----------
    .. [1] J. Huang, A. J. Smola, A. Gretton, K. M. Borgwardt and B. Schölkopf,
       "Correcting sample selection bias by unlabeled data", NIPS 2007.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import LinearRegression
    >>> from skmm.colearning import DomainAdaptationRegressor, KernelMeanMatching
    >>> rng = np.random.RandomState(0)
    >>> x = np.r_[rng.normal(0, 1, 100), rng.normal(2, 0.5, 100)]
    >>> y = np.sin(x)
    >>> X = np.c_[x, np.r_[np.zeros(100), -np.ones(100)]]
    >>> reg = DomainAdaptationRegressor(
    ...     LinearRegression(), adapter=KernelMeanMatching(), domain=-1
    ... ).fit(X, y)
    >>> plain = LinearRegression().fit(x[:100, None], y[:100])
    >>> t = slice(100, None)
    >>> bool(reg.score(X[t], y[t]) > plain.score(x[t, None], y[t]))
    True
    """

    def __init__(self, estimator=None, *, adapter=None, domain=None):
        self.estimator = estimator
        self.adapter = adapter
        self.domain = domain
