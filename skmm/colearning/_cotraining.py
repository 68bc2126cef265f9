"""Co-training: views that label unlabeled samples for each other."""

from numbers import Integral, Real

import numpy as np
from sklearn import config_context
from sklearn.base import (
    BaseEstimator,
    ClassifierMixin,
    MetaEstimatorMixin,
    _fit_context,
    clone,
)
from sklearn.naive_bayes import GaussianNB
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted

from ..utils import MultiViewMixin, unlabeled_mask
from ..utils._docstrings import views_docs

__all__ = ["CoTrainingClassifier"]


def _quotas(per_round, priors, class_balance):
    """Split ``per_round`` labels over classes (largest-remainder rounding)."""
    n_classes = priors.shape[0]
    if class_balance is None:
        return None
    share = priors if class_balance == "prior" else np.full(n_classes, 1 / n_classes)
    exact = per_round * share
    quotas = np.floor(exact).astype(int)
    remainder = per_round - quotas.sum()
    if remainder > 0:
        order = np.argsort(-(exact - quotas), kind="stable")
        quotas[order[:remainder]] += 1
    return quotas


def _combine_probas(probas, priors, rule):
    """Combine per-view class posteriors by the product or the mean rule."""
    if rule == "mean":
        return np.mean(probas, axis=0)
    # Product rule (Kittler et al. 1998): prod_v P(c | x_v) / P(c) ** (k - 1).
    tiny = np.finfo(float).tiny
    log = np.sum(np.log(np.clip(probas, tiny, None)), axis=0)
    log -= (len(probas) - 1) * np.log(np.clip(priors, tiny, None))
    log -= log.max(axis=1, keepdims=True)
    out = np.exp(log)
    return out / out.sum(axis=1, keepdims=True)


@views_docs
class CoTrainingClassifier(
    MultiViewMixin, ClassifierMixin, MetaEstimatorMixin, BaseEstimator
):
    """Co-training classifier: each view labels unlabeled samples for the others.

    One classifier per view (modality) is trained on the labeled rows, seeing
    only its own view's columns. In each round, every view's classifier labels
    the unlabeled samples of a random pool that it is most confident about, and
    these pseudo-labels join the shared labeled set that all views train on in
    the next round (Blum & Mitchell, 1998). Because the views are different
    descriptions of the same samples, a sample that is easy for one view can
    teach the others something they could not find alone. Any number of views
    (``k >= 2``) and classes is supported; unlabeled rows are marked ``-1``.

    Predictions combine the views' class posteriors (product or mean rule).

    Parameters
    ----------
    estimator : estimator object or list of estimators, default=None
        Classifier with ``fit`` and ``predict_proba`` cloned for every view, or
        a list with one classifier per view. ``None`` means
        :class:`~sklearn.naive_bayes.GaussianNB` (naive Bayes, as in Blum &
        Mitchell).
    {views}
    pool_size : int or None, default=75
        Size of the random pool of unlabeled samples the views label from; the
        pool is replenished from the unlabeled rows after every round. ``None``
        uses every unlabeled row each round.
    per_round : int or None, default=None
        Number of pseudo-labels each view adds per round; ``None`` means one per
        class.
    class_balance : {"prior", "uniform"} or None, default="prior"
        How each view's ``per_round`` labels are split over the classes:
        ``"prior"`` in proportion to the class frequencies among the labeled
        rows given to ``fit`` (Blum & Mitchell's rule, which keeps the class
        balance of the grown labeled set), ``"uniform"`` equally, ``None`` no
        rule (the most confident samples whatever their predicted class).
    threshold : float in [0, 1), default=0.0
        Smallest posterior probability with which a view may label a sample.
    max_iter : int or None, default=30
        Maximum number of rounds; ``None`` runs until a stopping rule fires.
        ``0`` fits the views on the labeled rows only.
    combine : {"product", "mean"}, default="product"
        How :meth:`predict_proba` combines the views' posteriors: the product
        rule ``prod_v P(c | x_v) / P(c) ** (k - 1)``, exact when the views are
        conditionally independent given the class, or their mean.
    random_state : int, RandomState instance or None, default=None
        Seed of the pool draws.
    verbose : bool, default=False
        Print the number of labels added in each round.

    Attributes
    ----------
    estimators_ : list of estimator
        The classifier of each view, fitted on the final labeled set.
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    class_prior_ : ndarray of shape (n_classes,)
        Class frequencies in the final labeled set (used by the product rule).
    transduction_ : ndarray of shape (n_samples,)
        The labels used for the final fit: the given labels and the
        pseudo-labels; ``-1`` where a sample was never labeled.
    labeled_iter_ : ndarray of int of shape (n_samples,)
        Round in which each sample got its label: 0 for the given labels,
        ``-1`` for samples never labeled.
    labeled_by_ : ndarray of int of shape (n_samples,)
        Index of the view that pseudo-labeled each sample (``-1`` for given
        labels and unlabeled samples).
    n_added_ : ndarray of int of shape (`n_iter_` - 1,)
        Number of pseudo-labels added in each round.
    n_iter_ : int
        Number of times the view models were trained: once per labelling
        round (``len(n_added_)``, at most ``max_iter``) and once more on the
        final labeled set, so at least 1.
    termination_condition_ : {"max_iter", "no_change", "all_labeled"}
        Why the rounds stopped: the round limit, a round that added no label
        (nothing in the pool was confident enough), or no unlabeled sample
        left.
    {views_attributes}

    See Also
    --------
    CoTrainingRegressor : Co-training for regression (COREG).
    sklearn.semi_supervised.SelfTrainingClassifier : One view labels for itself.

    References
    ----------
    .. [1] A. Blum and T. Mitchell. "Combining labeled and unlabeled data with
       co-training". COLT 1998.
    .. [2] J. Kittler, M. Hatef, R. P. W. Duin and J. Matas. "On combining
       classifiers". IEEE TPAMI 20(3), 1998 (the product rule).

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.colearning import CoTrainingClassifier
    >>> from skmm.datasets import make_multiview_classification
    >>> X, y, views = make_multiview_classification(
    ...     n_samples=300, informativeness=(1.0, 1.0, 1.0), random_state=0)
    >>> y_partial = y.copy()
    >>> y_partial[np.random.RandomState(0).rand(300) > 0.1] = -1
    >>> model = CoTrainingClassifier(views=views, random_state=0)
    >>> model = model.fit(X, y_partial)
    >>> model.n_views_, model.classes_.tolist()
    (3, [0, 1, 2])
    >>> int(model.n_added_.sum()) > 0
    True
    """

    _parameter_constraints: dict = {
        **MultiViewMixin._parameter_constraints,
        "estimator": [HasMethods(["fit"]), list, None],
        "pool_size": [Interval(Integral, 1, None, closed="left"), None],
        "per_round": [Interval(Integral, 1, None, closed="left"), None],
        "class_balance": [StrOptions({"prior", "uniform"}), None],
        "threshold": [Interval(Real, 0.0, 1.0, closed="left")],
        "max_iter": [Interval(Integral, 0, None, closed="left"), None],
        "combine": [StrOptions({"product", "mean"})],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
    }

    def __init__(
        self,
        estimator=None,
        *,
        views=None,
        pool_size=75,
        per_round=None,
        class_balance="prior",
        threshold=0.0,
        max_iter=30,
        combine="product",
        random_state=None,
        verbose=False,
    ):
        self.estimator = estimator
        self.views = views
        self.pool_size = pool_size
        self.per_round = per_round
        self.class_balance = class_balance
        self.threshold = threshold
        self.max_iter = max_iter
        self.combine = combine
        self.random_state = random_state
        self.verbose = verbose

    @_fit_context(
        # the inner estimators are validated when they are fitted
        prefer_skip_nested_validation=False
    )
    def fit(self, X, y):
        """Co-train one classifier per view on labeled and unlabeled rows.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            All views side by side.
        y : array-like of shape (n_samples,)
            Class labels, ``-1`` for unlabeled rows. It is not modified.

        Returns
        -------
        self : CoTrainingClassifier
            The fitted estimator.
        """
        X, y, _ = self._validate_views_data(X, y, reset=True)
        unlabeled = unlabeled_mask(y)
        if unlabeled.all():
            raise ValueError(
                "y has no labeled samples: every entry is -1 (the unlabeled mark); "
                "co-training needs some labeled rows to start from."
            )
        check_classification_targets(y[~unlabeled])
        classes, y_enc_labeled = np.unique(y[~unlabeled], return_inverse=True)
        if classes.shape[0] < 2:
            raise ValueError(
                f"The labeled rows of y hold only one class ({classes[0]!r}); "
                "co-training needs at least two classes among the labeled rows."
            )
        n_classes = classes.shape[0]
        y_enc = np.full(y.shape[0], -1, dtype=np.intp)
        y_enc[~unlabeled] = y_enc_labeled
        blocks = self._split_views(X)
        self.estimators_ = self._make_estimators()

        rng = check_random_state(self.random_state)
        per_round = n_classes if self.per_round is None else self.per_round
        priors = np.bincount(y_enc_labeled, minlength=n_classes) / y_enc_labeled.size
        quotas = _quotas(per_round, priors, self.class_balance)

        labeled = ~unlabeled
        self.labeled_iter_ = np.where(labeled, 0, -1)
        self.labeled_by_ = np.full(y.shape[0], -1, dtype=np.intp)
        pool = self._draw(rng, np.flatnonzero(unlabeled), np.empty(0, np.intp))
        n_added = []
        self.termination_condition_ = "max_iter"
        while True:
            if labeled.all():
                self.termination_condition_ = "all_labeled"
                break
            if self.max_iter is not None and len(n_added) >= self.max_iter:
                break
            self._fit_views(blocks, labeled, y_enc, validated=bool(n_added))
            chosen, labels, by = self._propose(blocks, pool, per_round, quotas)
            if chosen.size == 0:
                self.termination_condition_ = "no_change"
                break
            y_enc[chosen] = labels
            labeled[chosen] = True
            n_added.append(chosen.size)
            self.labeled_iter_[chosen] = len(n_added)
            self.labeled_by_[chosen] = by
            if self.verbose:
                print(f"Round {len(n_added)}: added {chosen.size} labels.")
            pool = self._draw(rng, np.flatnonzero(~labeled), np.setdiff1d(pool, chosen))
        self.n_added_ = np.asarray(n_added, dtype=np.intp)
        self.n_iter_ = len(n_added) + 1  # the labelling rounds and the final fit
        self._fit_views(blocks, labeled, y_enc, validated=bool(n_added))
        self.classes_ = classes
        self.class_prior_ = np.bincount(y_enc[labeled], minlength=n_classes) / (
            labeled.sum()
        )
        transduction = np.asarray(y).copy()
        newly = labeled & unlabeled
        if newly.any():
            transduction = transduction.astype(
                np.result_type(transduction.dtype, classes.dtype)
            )
            transduction[newly] = classes[y_enc[newly]]
        self.transduction_ = transduction
        return self

    def predict_proba(self, X):
        """Class probabilities combined over the views.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            All views side by side.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Combined posterior of each class, columns in the order of
            ``classes_``.
        """
        check_is_fitted(self)
        X, _, _ = self._validate_views_data(X, reset=False)
        probas = self._view_probas(self._split_views(X))
        return _combine_probas(probas, self.class_prior_, self.combine)

    def predict(self, X):
        """Predict the class of each sample from all views.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            All views side by side.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
            Predicted class labels.
        """
        check_is_fitted(self)
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]

    def _make_estimators(self):
        if isinstance(self.estimator, list):
            if len(self.estimator) != self.n_views_:
                raise ValueError(
                    f"estimator is a list of {len(self.estimator)} estimators but "
                    f"there are {self.n_views_} views; give one per view."
                )
            for i, est in enumerate(self.estimator):
                if not hasattr(est, "fit"):
                    raise TypeError(
                        f"estimator[{i}] must be a classifier with fit and "
                        f"predict_proba; got {type(est).__name__}."
                    )
            return [clone(est) for est in self.estimator]
        base = GaussianNB() if self.estimator is None else self.estimator
        return [clone(base) for _ in range(self.n_views_)]

    def _fit_views(self, blocks, labeled, y_enc, validated=False):
        # After the first round the views' parameters and the (finite) data have
        # been validated once; later refits skip scikit-learn's per-call checks,
        # which otherwise cost more than fitting naive Bayes on a few rows.
        with config_context(assume_finite=True, skip_parameter_validation=validated):
            for v, est in enumerate(self.estimators_):
                est.fit(blocks[v][labeled], y_enc[labeled])
        for v, est in enumerate(self.estimators_):
            if not hasattr(est, "predict_proba"):
                raise TypeError(
                    f"The estimator of view {self.view_names_[v]!r} "
                    f"({type(est).__name__}) has no predict_proba; co-training "
                    "ranks pseudo-labels by class probability."
                )

    def _view_probas(self, blocks):
        """Posteriors of each view, shape (n_views, n_samples, n_classes)."""
        out = np.zeros((len(blocks), blocks[0].shape[0], len(self.classes_)))
        for v, (est, block) in enumerate(zip(self.estimators_, blocks)):
            out[v][:, np.asarray(est.classes_, dtype=np.intp)] = est.predict_proba(
                block
            )
        return out

    def _propose(self, blocks, pool, per_round, quotas):
        """Each view's most confident pseudo-labels on the pool, merged."""
        best_conf = {}
        for v, est in enumerate(self.estimators_):
            proba = est.predict_proba(blocks[v][pool])
            cls = np.asarray(est.classes_, dtype=np.intp)
            pred = np.argmax(proba, axis=1)
            conf = proba[np.arange(pool.size), pred]
            ok = conf > self.threshold
            if quotas is None:
                cand = np.flatnonzero(ok)
                order = cand[np.argsort(-conf[cand], kind="stable")][:per_round]
                picks = [(i, cls[pred[i]]) for i in order]
            else:
                picks = []
                for j, c in enumerate(cls):
                    cand = np.flatnonzero(ok & (pred == j))
                    order = np.argsort(-conf[cand], kind="stable")[: quotas[c]]
                    picks.extend((i, c) for i in cand[order])
            for i, c in picks:
                sample = pool[i]
                if sample not in best_conf or conf[i] > best_conf[sample][0]:
                    best_conf[sample] = (conf[i], c, v)
        chosen = np.asarray(sorted(best_conf), dtype=np.intp)
        labels = np.asarray([best_conf[s][1] for s in chosen], dtype=np.intp)
        by = np.asarray([best_conf[s][2] for s in chosen], dtype=np.intp)
        return chosen, labels, by

    def _draw(self, rng, unlabeled, pool):
        """Replenish ``pool`` with random unlabeled rows up to ``pool_size``."""
        if self.pool_size is None:
            return unlabeled
        rest = np.setdiff1d(unlabeled, pool)
        n_new = min(self.pool_size - pool.size, rest.size)
        if n_new <= 0:
            return pool
        return np.sort(np.concatenate([pool, rng.choice(rest, n_new, replace=False)]))

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_class = True
        return tags
