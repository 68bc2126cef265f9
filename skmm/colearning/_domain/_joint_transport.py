"""Joint distribution optimal transport (JDOT): transport and predictor together.

JDOT (Courty, Flamary, Habrard & Rakotomamonjy, 2017) looks for a predictor
``f`` on the target domain and a transport plan ``P`` between labeled source
rows ``(x_i, y_i)`` and target rows ``(x'_j, f(x'_j))`` that minimise

``sum_ij P_ij [(1 - alpha) d(x_i, x'_j) / mean(d) + alpha L(y_i, f(x'_j))]``

(the feature cost normalised by its mean; the convex weighting of skada). The
problem is solved by block coordinate descent: with ``f`` fixed the plan is an
optimal-transport problem (skmm's Sinkhorn kernel, or POT's exact solver for
``reg_e = 0``); with the plan fixed, ``f`` is fitted on the target rows to the
labels the plan carries over (their ``P``-weighted mean for the squared loss;
soft class labels, given as sample weights, for the cross-entropy).
"""

from numbers import Integral, Real

import numpy as np
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.utils._param_validation import HasMethods, Interval

from ...utils._docstrings import DOMAIN_DOCS, Substitution, domain_docs
from ...utils._domain import DOMAIN_CONSTRAINT
from ._estimators import _BaseDomainClassifier, _BaseDomainRegressor, _fit_with_weight
from ._transport import cost_matrix, transport_plan

__all__ = ["JointTransportClassifier", "JointTransportRegressor"]

_JDOT_CONSTRAINTS = {
    "alpha": [Interval(Real, 0, 1, closed="both")],
    "reg_e": [Interval(Real, 0, None, closed="left")],
    "max_iter": [Interval(Integral, 1, None, closed="left")],
    "tol": [Interval(Real, 0, None, closed="left")],
    "domain": DOMAIN_CONSTRAINT,
}


# Sinkhorn iterations per plan. JDOT's alternation needs no exact marginals (a
# plan off by 1e-4 of its mass moves the carried labels by as much), and late
# plans, whose label costs tie many pairs, can take tens of thousands.
_PLAN_ITER = 2000


class _JointTransportMixin:
    """The alternating optimisation; subclasses define the loss and the fit."""

    def _adapter(self):
        return None

    def _fit(self, X, y, sample_domain, unlabeled):
        X_rest, domains = self._domains_for_fit(X, y, unlabeled, sample_domain)
        train = self._train_rows(y, domains, unlabeled)
        if domains is None:
            # no domain information (warned): every row is its own target row,
            # the identity adaptation of the other domain estimators
            target = np.ones(X_rest.shape[0], dtype=bool)
        else:
            target = domains < 0
        Xs, ys, Xt = X_rest[train], y[train], X_rest[target]
        feature_cost = cost_matrix(Xs, Xt, "sqeuclidean", "mean")
        label_loss = None
        self.n_iter_ = 0
        self.loss_ = []
        previous = np.inf
        estimator = None
        for it in range(self.max_iter):
            cost = (1 - self.alpha) * feature_cost
            if label_loss is not None:
                cost = cost + self.alpha * label_loss
            plan, _ = transport_plan(
                cost, reg_e=self.reg_e, max_iter=_PLAN_ITER, tol=1e-6
            )
            estimator = self._fit_on_target(Xt, ys, plan)
            label_loss = self._label_loss(ys, estimator, Xt)
            loss = float(
                np.sum(
                    plan * ((1 - self.alpha) * feature_cost + self.alpha * label_loss)
                )
            )
            self.loss_.append(loss)
            self.n_iter_ = it + 1
            if abs(previous - loss) <= self.tol * max(1.0, abs(loss)):
                break
            previous = loss
        self.adapter_ = None
        self.plan_ = plan
        self.estimator_ = estimator
        self.n_train_rows_ = int(train.sum())
        return self


_JDOT_PARAMS = """\
alpha : float, default=0.5
    Weight of the label loss against the (mean-normalised) feature cost, in
    ``[0, 1]``.
reg_e : float, default=0.01
    Entropic regularisation of the plans (the cost has mean about 1), each
    solved by at most 2000 Sinkhorn iterations; 0 for exact transport (needs
    POT, the optional ``[ot]`` extra).
max_iter : int, default=10
    Largest number of alternations.
tol : float, default=1e-5
    Stop when the objective changes by at most ``tol`` (relative).
domain : int, str, slice, array-like, callable or None, default=None
    Selector of the column of ``X`` that holds each row's domain (``>= 0``
    source, ``< 0`` target). None: the domains come from ``sample_domain``
    if given, else unlabeled rows are the target rows."""

_JDOT_ATTRIBUTES = f"""\
plan_ : ndarray of shape (n_train_rows, n_target_rows)
    The last transport plan.
loss_ : list of float
    JDOT's objective after each alternation.
n_iter_ : int
    Alternations run.
{DOMAIN_DOCS["train_attributes"]}"""


@Substitution(params=_JDOT_PARAMS, attributes=_JDOT_ATTRIBUTES)
class JointTransportRegressor(_JointTransportMixin, _BaseDomainRegressor):
    """Joint distribution optimal transport (JDOT) regressor.

    The regressor is fitted on the *target* rows, with values carried over
    from the labeled source rows by a transport plan that matches rows close
    in features *and* in values: the plan minimises ``(1 - alpha)`` times the
    squared distance of the features (divided by its mean) plus ``alpha``
    times ``(y_i - f(x'_j))^2 / var(y_s)`` (the squared loss, scaled so
    ``alpha`` does not depend on the units of ``y``), and the regressor ``f``
    is refitted on the target rows to the plan's barycentric values
    ``n_t sum_i P_ij y_i`` (Courty et al., 2017). The first plan uses the
    features only. Target values are never used in ``fit``; ``NaN`` marks
    unlabeled rows.

    With the squared loss, JDOT's block coordinate descent decreases its
    objective when the regressor minimises the squared error (``Ridge``,
    ``LinearRegression``, an MLP); other regressors work but without that
    guarantee.

    Parameters
    ----------
    estimator : regressor or None, default=None
        Fitted on the target rows each alternation; None uses
        :class:`~sklearn.linear_model.Ridge`.
    {params}

    Attributes
    ----------
    estimator_ : estimator object
        The regressor of the last alternation.
    {attributes}

    See Also
    --------
    JointTransportClassifier : The classifier twin.
    DomainAdaptationRegressor : Adapt the features, then fit on source rows.

    References
    ----------
    .. [1] N. Courty, R. Flamary, A. Habrard and A. Rakotomamonjy, "Joint
       distribution optimal transportation for domain adaptation", NIPS 2017.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import Ridge
    >>> from skmm.colearning import JointTransportRegressor
    >>> rng = np.random.RandomState(0)
    >>> x = np.r_[rng.uniform(-1, 1, 200), rng.uniform(-1, 1, 200) + 1.0]
    >>> y = np.r_[x[:200], x[200:] - 1.0] ** 2  # the target is shifted by +1
    >>> X = np.c_[x, np.r_[np.zeros(200), -np.ones(200)]]
    >>> jdot = JointTransportRegressor(domain=-1).fit(X, y)
    >>> t = slice(200, None)
    >>> plain = Ridge().fit(x[:200, None], y[:200])
    >>> bool(jdot.score(X[t], y[t]) > plain.score(x[t, None], y[t]))
    True
    """

    _parameter_constraints: dict = {
        "estimator": [None, HasMethods(["fit", "predict"])],
        **_JDOT_CONSTRAINTS,
    }

    # scikit-learn's classifier/regressor twins: each public class spells out
    # its own __init__ (signature and defaults in its own source); the
    # alternation they share lives in _JointTransportMixin
    def __init__(
        self, estimator=None, *, alpha=0.5, reg_e=0.01, max_iter=10, tol=1e-5,
        domain=None,
    ):  # fmt: skip
        self.estimator = estimator
        self.alpha = alpha
        self.reg_e = reg_e
        self.max_iter = max_iter
        self.tol = tol
        self.domain = domain

    def _check_train_targets(self, y_train):
        self._scale = float(np.var(y_train)) if np.var(y_train) > 0 else 1.0

    def _fit_on_target(self, Xt, ys, plan):
        mass = plan.sum(axis=0)
        values = (plan.T @ ys) / np.where(mass > 0, mass, 1.0)
        return clone(self._estimator()).fit(Xt, values)

    def _label_loss(self, ys, estimator, Xt):
        pred = np.asarray(estimator.predict(Xt), dtype=np.float64).ravel()
        return (ys[:, None] - pred[None, :]) ** 2 / self._scale


@Substitution(params=_JDOT_PARAMS, attributes=_JDOT_ATTRIBUTES)
class JointTransportClassifier(_JointTransportMixin, _BaseDomainClassifier):
    """Joint distribution optimal transport (JDOT) classifier.

    The classifier is fitted on the *target* rows, with class labels carried
    over from the labeled source rows by a transport plan that matches rows
    close in features *and* in labels: the plan minimises ``(1 - alpha)``
    times the squared distance of the features (divided by its mean) plus
    ``alpha`` times the cross-entropy ``-log p_f(y_i | x'_j)`` of the current
    classifier, and the classifier is refitted on the target rows to the soft
    labels the plan carries over (each target row repeated once per class,
    weighted by the mass of that class sent to it; Courty et al., 2017). The
    first plan uses the features only. Target labels are never used in
    ``fit``; ``-1`` marks unlabeled rows.

    Parameters
    ----------
    estimator : classifier or None, default=None
        Classifier with ``predict_proba`` whose ``fit`` accepts
        ``sample_weight``, fitted on the target rows each alternation; None
        uses :class:`~sklearn.linear_model.LogisticRegression` (whose loss is
        the cross-entropy of the plan's cost).
    {params}

    Attributes
    ----------
    estimator_ : estimator object
        The classifier of the last alternation.
    classes_ : ndarray of shape (n_classes,)
        Classes of the labeled source rows.
    {attributes}

    See Also
    --------
    JointTransportRegressor : The regressor twin.
    DomainAdaptationClassifier : Adapt the features, then fit on source rows.

    References
    ----------
    .. [1] N. Courty, R. Flamary, A. Habrard and A. Rakotomamonjy, "Joint
       distribution optimal transportation for domain adaptation", NIPS 2017.

    Examples
    --------
    >>> from skmm.colearning import (
    ...     DomainAdaptationClassifier, JointTransportClassifier)
    >>> from skmm.datasets import make_domain_shift
    >>> X, y, domain = make_domain_shift(
    ...     n_classes=3, shift="rigid", shift_strength=0.67, class_sep=3.0,
    ...     random_state=0)
    >>> target = X[:, domain] < 0
    >>> jdot = JointTransportClassifier(domain=domain).fit(X, y)
    >>> source_only = DomainAdaptationClassifier(domain=domain).fit(X, y)
    >>> round(jdot.score(X[target], y[target]), 2)
    0.94
    >>> round(source_only.score(X[target], y[target]), 2)
    0.82
    """

    _parameter_constraints: dict = {
        "estimator": [None, HasMethods(["fit", "predict_proba"])],
        **_JDOT_CONSTRAINTS,
    }

    def __init__(
        self, estimator=None, *, alpha=0.5, reg_e=0.01, max_iter=10, tol=1e-5,
        domain=None,
    ):  # fmt: skip
        self.estimator = estimator
        self.alpha = alpha
        self.reg_e = reg_e
        self.max_iter = max_iter
        self.tol = tol
        self.domain = domain

    def _estimator(self):
        return LogisticRegression() if self.estimator is None else self.estimator

    def _check_train_targets(self, y_train):
        super()._check_train_targets(y_train)
        self._classes, self._codes = np.unique(y_train, return_inverse=True)

    def _fit_on_target(self, Xt, ys, plan):
        k = self._classes.shape[0]
        onehot = np.eye(k)[self._codes]
        soft = plan.T @ onehot  # mass of each class sent to each target row
        rows, cols = np.nonzero(soft > 1e-6 * soft.max())
        weights = soft[rows, cols]
        weights = weights * (rows.shape[0] / weights.sum())
        estimator = clone(self._estimator())
        X_fit, y_fit = Xt[rows], self._classes[cols]
        if np.unique(y_fit).shape[0] < 2:
            raise ValueError(
                "The transport plan carried a single class to the target rows; "
                "lower alpha or raise reg_e."
            )
        return _fit_with_weight(estimator, X_fit, y_fit, weights)

    def _label_loss(self, ys, estimator, Xt):
        proba = np.asarray(estimator.predict_proba(Xt), dtype=np.float64)
        full = np.full((Xt.shape[0], self._classes.shape[0]), 1e-12)
        columns = np.searchsorted(self._classes, estimator.classes_)
        full[:, columns] = np.clip(proba, 1e-12, None)
        return -np.log(full[:, self._codes].T)

    @property
    def classes_(self):
        """Classes of the labeled source rows."""
        return self._classes

    @domain_docs
    def predict_proba(self, X, *, sample_domain=None):
        """Class probabilities, columns in the order of ``classes_``.

        Parameters
        ----------
        {predict_rows}

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Probabilities.
        """
        Z = self._adapt(X, sample_domain)
        proba = self.estimator_.predict_proba(Z)
        if np.array_equal(self.estimator_.classes_, self._classes):
            return proba
        full = np.zeros((Z.shape[0], self._classes.shape[0]))
        full[:, np.searchsorted(self._classes, self.estimator_.classes_)] = proba
        return full
