"""Target-aware model selection for domain adaptation: a splitter and scorers.

They read the same domain column of ``X`` as the meta-estimators, so
:class:`~sklearn.model_selection.GridSearchCV` and
:func:`~sklearn.model_selection.cross_val_score` select hyper-parameters by
what happens on the target domain, with no metadata routing.
"""

import hashlib
from numbers import Integral

import numpy as np
from sklearn.base import clone, is_classifier
from sklearn.metrics import get_scorer
from sklearn.model_selection import KFold, StratifiedKFold
from sklearn.model_selection._split import BaseCrossValidator

from ...utils import read_domains, unlabeled_mask
from ._reweighting import KernelMeanMatching

__all__ = [
    "DomainKFold",
    "LeaveOneDomainOut",
    "StratifiedDomainKFold",
    "make_entropy_scorer",
    "make_importance_weighted_scorer",
    "make_target_scorer",
]


def _domains(X, domain, sample_domain=None, *, name="domain"):
    """Domain label of each row of ``X`` (:func:`~skmm.utils.read_domains`)."""
    domains = read_domains(X, domain, sample_domain)[1]
    if domains is None:
        raise ValueError(
            f"No domain information: set `{name}` to the selector of the domain "
            "column of X, or pass the domain of each row."
        )
    return domains


def _take(X, rows):
    """Rows of an array or DataFrame (``rows`` boolean or integer)."""
    if hasattr(X, "iloc"):
        return X.iloc[np.flatnonzero(rows) if np.asarray(rows).dtype == bool else rows]
    return np.asarray(X)[rows]


def _unlabeled(estimator, y):
    """Unlabeled rows of ``y`` by the estimator's task (-1 or NaN)."""
    task = "classification" if is_classifier(estimator) else "regression"
    return unlabeled_mask(y, task=task)


def _check_n_splits(n_splits):
    """``n_splits`` of a k-fold splitter: an integer, at least 2."""
    if not isinstance(n_splits, Integral) or isinstance(n_splits, bool):
        raise TypeError(f"n_splits must be an integer; got {n_splits!r}.")
    if n_splits < 2:
        raise ValueError(f"n_splits must be at least 2; got {n_splits}.")
    return n_splits


class _DomainSplitter(BaseCrossValidator):
    """What the domain splitters share: each row's domain, from X or ``groups``."""

    # With metadata routing on, ``groups`` (the domains when ``domain`` is None)
    # is requested by default; it is ignored when ``domain`` names a column.
    __metadata_request__split = {"groups": True}

    def _split_domains(self, X, groups):
        """Domain of each row: the ``domain`` column, or ``groups`` without one."""
        return _domains(
            X, self.domain, groups if self.domain is None else None, name="domain"
        )

    def _iter_test_indices(self, X=None, y=None, groups=None):  # pragma: no cover
        raise NotImplementedError  # split is overridden


class _DomainKFoldBase(_DomainSplitter):
    """The k-fold domain splitters: a fixed ``n_splits``."""

    def get_n_splits(self, X=None, y=None, groups=None):
        """Number of splits.

        Parameters
        ----------
        X, y, groups : object
            Ignored.

        Returns
        -------
        n_splits : int
            The number of folds.
        """
        return self.n_splits


class DomainKFold(_DomainKFoldBase):
    """K-fold cross-validation that keeps both domains in every fold.

    Source rows and target rows are split into ``n_splits`` folds separately
    (each with :class:`~sklearn.model_selection.KFold`), so every training set
    holds source rows to learn from and target rows to adapt to, and every
    validation set holds target rows to score on. With
    ``source_in_test=False`` the validation sets hold target rows only and all
    source rows stay in training (for scoring by target labels); the default
    also holds out a fold of source rows, which
    :func:`make_importance_weighted_scorer` needs.

    The domain of each row comes from the column of ``X`` named by ``domain``
    (``>= 0`` source, ``< 0`` target), or, with ``domain=None``, from the
    ``groups`` argument of ``split``.

    Parameters
    ----------
    n_splits : int, default=5
        Number of folds, at least 2.
    domain : int, str, slice, array-like, callable or None, default=-1
        Selector of the domain column of ``X`` (the last column by default, as
        :func:`~skmm.datasets.make_domain_shift` returns it). None: the domains
        are the ``groups`` passed to ``split``.
    source_in_test : bool, default=True
        Also hold out one fold of source rows in every split.
    shuffle : bool, default=False
        Shuffle each domain's rows before splitting.
    random_state : int, RandomState instance or None, default=None
        Seed of the shuffling (used when ``shuffle=True``).

    See Also
    --------
    make_target_scorer : Score on the target rows of a validation fold.
    DomainAdaptationClassifier : The estimator these folds are meant for.

    Examples
    --------
    >>> from skmm.colearning import DomainKFold
    >>> from skmm.datasets import make_domain_shift
    >>> X, y, domain = make_domain_shift(20, 10, random_state=0)
    >>> for train, test in DomainKFold(n_splits=2, domain=domain).split(X):
    ...     print(len(train), (X[test, domain] < 0).sum(), (X[test, domain] >= 0).sum())
    15 5 10
    15 5 10
    """

    def __init__(
        self,
        n_splits=5,
        *,
        domain=-1,
        source_in_test=True,
        shuffle=False,
        random_state=None,
    ):
        self.n_splits = _check_n_splits(n_splits)
        self.domain = domain
        self.source_in_test = source_in_test
        self.shuffle = shuffle
        self.random_state = random_state

    def split(self, X, y=None, groups=None):
        """Generate train and test indices.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Data holding the domain column.
        y : array-like of shape (n_samples,), default=None
            Ignored.
        groups : array-like of shape (n_samples,), default=None
            Domain of each row, used when ``domain`` is None.

        Yields
        ------
        train : ndarray
            Training indices of the split.
        test : ndarray
            Validation indices of the split.
        """
        domains = self._split_domains(X, groups)
        source = np.flatnonzero(domains >= 0)
        target = np.flatnonzero(domains < 0)
        for rows, what in ((target, "target"), (source, "source")):
            if rows.shape[0] < self.n_splits:
                raise ValueError(
                    f"Cannot split {rows.shape[0]} {what} rows into "
                    f"n_splits={self.n_splits} folds."
                )
        kfold = KFold(self.n_splits, shuffle=self.shuffle, random_state=None)
        if self.shuffle:
            rng = np.random.RandomState(
                self.random_state
                if not isinstance(self.random_state, np.random.RandomState)
                else self.random_state.randint(2**31 - 1)
            )
            target = rng.permutation(target)
            source = rng.permutation(source)
        n = domains.shape[0]
        source_folds = [test for _, test in kfold.split(source)]
        for k, (_, t_test) in enumerate(kfold.split(target)):
            test = target[t_test]
            if self.source_in_test:
                test = np.concatenate([test, source[source_folds[k]]])
            test = np.sort(test)
            train = np.setdiff1d(np.arange(n), test, assume_unique=True)
            yield train, test


class LeaveOneDomainOut(_DomainSplitter):
    """Leave one domain out: each split holds out every row of one domain.

    With several source domains (several values ``>= 0`` in the domain
    column), each split trains on all rows but those of one domain and
    validates on that domain's rows: one split per domain, in increasing
    order of the domain value. ``domains="source"`` (the default) holds out
    source domains only, so every training set keeps the target rows an
    adapter needs and the validation rows are labeled: it measures how well a
    model built from the other sources carries over to an unseen source (a
    stand-in for the target). ``domains="all"`` holds out target domains too
    (as scikit-learn's ``LeaveOneGroupOut`` over the domain column).

    The domain of each row comes from the column of ``X`` named by ``domain``,
    or, with ``domain=None``, from the ``groups`` argument of ``split``.

    Parameters
    ----------
    domain : int, str, slice, array-like, callable or None, default=-1
        Selector of the domain column of ``X``. None: the domains are the
        ``groups`` passed to ``split``.
    domains : {"source", "all"}, default="source"
        Which domains are held out in turn.

    See Also
    --------
    DomainKFold : K folds that keep both domains in every fold.
    StratifiedDomainKFold : K folds stratified by domain and class.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.colearning import LeaveOneDomainOut
    >>> from skmm.datasets import make_multi_source_shift
    >>> X, y, domain = make_multi_source_shift(20, 10, n_sources=3, random_state=0)
    >>> for train, test in LeaveOneDomainOut(domain=domain).split(X):
    ...     print(np.unique(X[test, domain]), len(train))
    [0.] 50
    [1.] 50
    [2.] 50
    """

    def __init__(self, *, domain=-1, domains="source"):
        if domains not in ("source", "all"):
            raise ValueError(f"domains must be 'source' or 'all'; got {domains!r}.")
        self.domain = domain
        self.domains = domains

    def _held_out(self, X, groups):
        values = self._split_domains(X, groups)
        held = np.unique(values if self.domains == "all" else values[values >= 0])
        if held.shape[0] < 2:
            what = "domains" if self.domains == "all" else "source domains"
            raise ValueError(
                f"Leaving one domain out needs at least two {what}; the data have "
                f"{held.shape[0]} ({held.tolist()})."
            )
        return values, held

    def split(self, X, y=None, groups=None):
        """Generate train and test indices, one split per domain.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Data holding the domain column.
        y : array-like of shape (n_samples,), default=None
            Ignored.
        groups : array-like of shape (n_samples,), default=None
            Domain of each row, used when ``domain`` is None.

        Yields
        ------
        train : ndarray
            Training indices of the split.
        test : ndarray
            Validation indices: the rows of the held-out domain.
        """
        values, held = self._held_out(X, groups)
        for d in held:
            yield np.flatnonzero(values != d), np.flatnonzero(values == d)

    def get_n_splits(self, X=None, y=None, groups=None):
        """Number of splits: the number of domains held out in turn.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Data holding the domain column (required).
        y : object
            Ignored.
        groups : array-like of shape (n_samples,), default=None
            Domain of each row, used when ``domain`` is None.

        Returns
        -------
        n_splits : int
        """
        if X is None:
            raise ValueError("LeaveOneDomainOut.get_n_splits needs X to count domains.")
        return int(self._held_out(X, groups)[1].shape[0])


class StratifiedDomainKFold(_DomainKFoldBase):
    """K folds stratified by domain and by the class of source rows.

    Every fold holds about ``1 / n_splits`` of the rows of each domain (each
    source domain and each target domain separately) and, within each source
    domain, of each class, so every training and validation set has every
    domain in its proportions and every class of every source domain. Target
    rows are stratified by domain only: their labels are never read. Rows
    labeled ``-1`` (unlabeled) form their own stratum of their domain.

    The domain of each row comes from the column of ``X`` named by ``domain``,
    or, with ``domain=None``, from the ``groups`` argument of ``split``.

    Parameters
    ----------
    n_splits : int, default=5
        Number of folds, at least 2.
    domain : int, str, slice, array-like, callable or None, default=-1
        Selector of the domain column of ``X``. None: the domains are the
        ``groups`` passed to ``split``.
    shuffle : bool, default=False
        Shuffle each stratum before splitting.
    random_state : int, RandomState instance or None, default=None
        Seed of the shuffling (used when ``shuffle=True``).

    See Also
    --------
    DomainKFold : Folds of source and target rows, unstratified.
    LeaveOneDomainOut : One split per source domain.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.colearning import StratifiedDomainKFold
    >>> from skmm.datasets import make_multi_source_shift
    >>> X, y, domain = make_multi_source_shift(40, 40, random_state=0)
    >>> for train, test in StratifiedDomainKFold(4, domain=domain).split(X, y):
    ...     d = X[test, domain]
    ...     print([int((d == k).sum()) for k in (0, 1, -1)])
    [10, 10, 10]
    [10, 10, 10]
    [10, 10, 10]
    [10, 10, 10]
    """

    def __init__(self, n_splits=5, *, domain=-1, shuffle=False, random_state=None):
        self.n_splits = _check_n_splits(n_splits)
        self.domain = domain
        self.shuffle = shuffle
        self.random_state = random_state

    def split(self, X, y=None, groups=None):
        """Generate train and test indices.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Data holding the domain column.
        y : array-like of shape (n_samples,), default=None
            Labels (only those of source rows are read); None stratifies by
            domain only.
        groups : array-like of shape (n_samples,), default=None
            Domain of each row, used when ``domain`` is None.

        Yields
        ------
        train : ndarray
            Training indices of the split.
        test : ndarray
            Validation indices of the split.
        """
        values = self._split_domains(X, groups)
        strata = values.astype(str).astype(object)
        if y is not None:
            y = np.asarray(y)
            if y.shape[0] != values.shape[0]:
                raise ValueError(
                    f"y has {y.shape[0]} entries but X has {values.shape[0]} rows."
                )
            source = values >= 0
            strata[source] = [
                f"{d}|{label}" for d, label in zip(values[source], y[source])
            ]
        names, codes, counts = np.unique(
            strata.astype(str), return_inverse=True, return_counts=True
        )
        small = np.flatnonzero(counts < self.n_splits)
        if small.shape[0]:
            domain_value, _, label = names[small[0]].partition("|")
            what = f"domain {domain_value}" + (f", class {label}" if label else "")
            raise ValueError(
                f"Cannot stratify: {what} has {counts[small[0]]} row(s), fewer than "
                f"n_splits={self.n_splits}. Lower n_splits or merge small classes."
            )
        kfold = StratifiedKFold(
            self.n_splits,
            shuffle=self.shuffle,
            random_state=self.random_state if self.shuffle else None,
        )
        yield from kfold.split(np.zeros((codes.shape[0], 1)), codes)


class _DomainScorer:
    """Base of the scorers: find the rows of each domain, then score."""

    def __init__(self, domain):
        self.domain = domain

    def _rows(self, X, sample_domain):
        return _domains(X, self.domain, sample_domain)

    @staticmethod
    def _on_rows(estimator, sample_domain, rows):
        """The estimator, reading the domains of ``rows`` from ``sample_domain``."""
        if sample_domain is None:
            return estimator
        # The estimator reads the domains from ``sample_domain``, not X.
        return _WithDomains(estimator, np.asarray(sample_domain)[rows])

    def _score_rows(self, estimator, X, y_true, rows, sample_domain, sample_weight):
        """``scorer`` on the selected rows (their weights and domains)."""
        estimator = self._on_rows(estimator, sample_domain, rows)
        kwargs = {} if sample_weight is None else {"sample_weight": sample_weight}
        return self.scorer(estimator, _take(X, rows), y_true[rows], **kwargs)


class _TargetScorer(_DomainScorer):
    def __init__(self, scorer, domain):
        super().__init__(domain)
        self.scorer = scorer

    def __call__(self, estimator, X, y_true, sample_weight=None, sample_domain=None):
        domains = self._rows(X, sample_domain)
        y_true = np.asarray(y_true)
        rows = (domains < 0) & ~_unlabeled(estimator, y_true)
        if not rows.any():
            raise ValueError(
                "No labeled target rows to score on: the target scorer needs the "
                "true labels of target rows in the validation set (use "
                "make_entropy_scorer or make_importance_weighted_scorer when target "
                "labels are unknown)."
            )
        if sample_weight is not None:
            sample_weight = np.asarray(sample_weight)[rows]
        return self._score_rows(
            estimator, X, y_true, rows, sample_domain, sample_weight
        )

    def __repr__(self):
        return f"make_target_scorer({self.scorer!r}, domain={self.domain!r})"


class _WithDomains:
    """Forward ``sample_domain`` to the prediction methods of ``estimator``."""

    def __init__(self, estimator, sample_domain):
        self._estimator = estimator
        self._sample_domain = sample_domain

    def __getattr__(self, name):
        return getattr(self._estimator, name)

    def __sklearn_tags__(self):
        return self._estimator.__sklearn_tags__()

    def _bind(self, name):
        method = getattr(self._estimator, name)
        sample_domain = self._sample_domain

        def bound(X):
            return method(X, sample_domain=sample_domain)

        bound.__name__ = name
        return bound

    @property
    def predict(self):
        return self._bind("predict")

    @property
    def predict_proba(self):
        return self._bind("predict_proba")

    @property
    def predict_log_proba(self):
        return self._bind("predict_log_proba")

    @property
    def decision_function(self):
        return self._bind("decision_function")


def _as_scorer(scoring):
    if isinstance(scoring, str):
        return get_scorer(scoring)
    if callable(scoring):
        return scoring
    raise TypeError(
        "scoring must be a scorer name (e.g. 'accuracy') or a scorer callable "
        f"scorer(estimator, X, y); got {scoring!r}."
    )


def make_target_scorer(scoring="accuracy", *, domain=-1):
    """Score an estimator on the target rows of the validation data only.

    The scorer reads the domain column named by ``domain``, keeps the target
    rows (``< 0``) whose label is known (not ``-1`` or NaN) and scores the
    estimator on them with ``scoring``. It uses target labels, so it fits model
    selection with a labeled target validation set (or experiments on
    generated data where every label is known); the estimators themselves never
    see target labels in ``fit``.

    Parameters
    ----------
    scoring : str or callable, default="accuracy"
        A scikit-learn scorer name, or a scorer ``scorer(estimator, X, y)`` such
        as one made by :func:`sklearn.metrics.make_scorer`.
    domain : int, str, slice, array-like, callable or None, default=-1
        Selector of the domain column of ``X``. None: the domains must be
        passed to the scorer as ``sample_domain`` (which, given with the
        column, must equal it).

    Returns
    -------
    scorer : callable
        ``scorer(estimator, X, y, sample_weight=None, sample_domain=None)``,
        greater is better.

    See Also
    --------
    DomainKFold : Validation folds that hold target rows.
    make_entropy_scorer : An unsupervised criterion for unknown target labels.

    Examples
    --------
    >>> from sklearn.model_selection import GridSearchCV
    >>> from skmm.colearning import (
    ...     CORAL, DomainAdaptationClassifier, DomainKFold, SubspaceAlignment,
    ...     make_target_scorer)
    >>> from skmm.datasets import make_domain_shift
    >>> X, y, domain = make_domain_shift(
    ...     n_features=5, shift_strength=1.5, random_state=0)
    >>> search = GridSearchCV(
    ...     DomainAdaptationClassifier(domain=domain),
    ...     {"adapter": ["passthrough", CORAL(), SubspaceAlignment()]},
    ...     cv=DomainKFold(3, domain=domain),
    ...     scoring=make_target_scorer("accuracy", domain=domain),
    ... ).fit(X, y)
    >>> search.best_params_
    {'adapter': SubspaceAlignment()}
    >>> search.cv_results_["mean_test_score"].round(2)
    array([0.74, 0.82, 0.87])
    """
    return _TargetScorer(_as_scorer(scoring), domain)


class _EntropyScorer(_DomainScorer):
    def __call__(
        self, estimator, X, y_true=None, sample_weight=None, sample_domain=None
    ):
        domains = self._rows(X, sample_domain)
        rows = domains < 0
        if not rows.any():
            raise ValueError("No target rows to score on in the validation data.")
        estimator = self._on_rows(estimator, sample_domain, rows)
        proba = estimator.predict_proba(_take(X, rows))
        proba = np.clip(np.asarray(proba, dtype=np.float64), 0.0, 1.0)
        logp = np.log(np.clip(proba, np.finfo(float).tiny, None))
        entropy = -(proba * logp).sum(axis=1)
        if sample_weight is not None:
            return -float(np.average(entropy, weights=np.asarray(sample_weight)[rows]))
        return -float(entropy.mean())

    def __repr__(self):
        return f"make_entropy_scorer(domain={self.domain!r})"


def make_entropy_scorer(*, domain=-1):
    """Unsupervised target score: minus the mean prediction entropy.

    The scorer reads the domain column named by ``domain``, predicts class
    probabilities for the target rows (``< 0``) and returns minus their mean
    Shannon entropy (in nats), so confident target predictions score higher
    (Morerio et al., 2018). It needs no target label. It is a heuristic: a
    model that is confidently wrong also scores well, so compare candidates
    that differ in their adaptation, not in their calibration.

    Parameters
    ----------
    domain : int, str, slice, array-like, callable or None, default=-1
        Selector of the domain column of ``X``. None: the domains must be
        passed to the scorer as ``sample_domain`` (which, given with the
        column, must equal it).

    Returns
    -------
    scorer : callable
        ``scorer(estimator, X, y=None, sample_weight=None, sample_domain=None)``
        (``y`` is ignored); greater is better; at most 0.

    See Also
    --------
    make_importance_weighted_scorer : Another criterion without target labels.

    References
    ----------
    .. [1] P. Morerio, J. Cavazza and V. Murino, "Minimal-entropy correlation
       alignment for unsupervised deep domain adaptation", ICLR 2018.

    Examples
    --------
    >>> from skmm.colearning import DomainAdaptationClassifier, make_entropy_scorer
    >>> from skmm.datasets import make_domain_shift
    >>> X, y, domain = make_domain_shift(random_state=0)
    >>> clf = DomainAdaptationClassifier(domain=domain).fit(X, y)
    >>> score = make_entropy_scorer(domain=domain)(clf, X, y)
    >>> bool(-0.7 < score < 0)
    True
    """
    return _EntropyScorer(domain)


class _ImportanceWeightedScorer(_DomainScorer):
    def __init__(self, scorer, domain, weighting):
        super().__init__(domain)
        self.scorer = scorer
        self.weighting = weighting

    def __call__(self, estimator, X, y_true, sample_weight=None, sample_domain=None):
        domains = self._rows(X, sample_domain)
        y_true = np.asarray(y_true)
        if not (domains < 0).any():
            raise ValueError(
                "No target rows in the validation data: importance weights need "
                "target rows (use DomainKFold, which keeps both domains in every "
                "fold)."
            )
        X_rest = read_domains(X, self.domain, sample_domain)[0]
        weights = self._weights(X_rest, domains)
        rows = (domains >= 0) & ~_unlabeled(estimator, y_true)
        if not rows.any():
            raise ValueError(
                "No labeled source rows to score on in the validation data."
            )
        weights = weights[rows]
        if sample_weight is not None:
            weights = weights * np.asarray(sample_weight)[rows]
        if not weights.sum() > 0:
            raise ValueError("The importance weights of the source rows are all 0.")
        return self._score_rows(estimator, X, y_true, rows, sample_domain, weights)

    def _weights(self, X_rest, domains):
        """Importance weights of the validation rows, cached per fold.

        The weights depend on the validation rows only, not on the candidate,
        so a grid search computes them once per fold instead of once per
        candidate and fold.
        """
        X_rest = np.ascontiguousarray(np.asarray(X_rest, dtype=np.float64))
        key = hashlib.sha1(X_rest.tobytes())
        key.update(np.ascontiguousarray(domains).tobytes())
        key.update(repr((X_rest.shape, self.weighting.get_params())).encode())
        key = key.hexdigest()
        cache = self.__dict__.setdefault("_cache", {})
        if key not in cache:
            weighting = clone(self.weighting)
            if "domain" in weighting.get_params(deep=False):
                weighting.set_params(domain=None)
            weighting.fit(X_rest, sample_domain=domains)
            if len(cache) >= 32:
                cache.pop(next(iter(cache)))
            cache[key] = np.asarray(weighting.sample_weight_, dtype=np.float64)
        return cache[key].copy()

    def __repr__(self):
        return (
            f"make_importance_weighted_scorer({self.scorer!r}, "
            f"domain={self.domain!r}, weighting={self.weighting!r})"
        )


def make_importance_weighted_scorer(scoring="accuracy", *, domain=-1, weighting=None):
    """Unsupervised target score: the importance-weighted source score.

    Importance-weighted validation (Sugiyama et al., 2007) estimates the target
    score from labeled source rows: each source row of the validation data is
    weighted by an estimate of the density ratio ``p_t(x) / p_s(x)``, fitted on
    the validation rows of both domains (without labels), and ``scoring`` is
    computed with these ``sample_weight``. Under covariate shift it is an
    unbiased estimate of the target score, and it needs no target label; its
    variance is large on small validation folds, and it does not apply when
    ``p(y | x)`` itself changes between the domains.

    Parameters
    ----------
    scoring : str or callable, default="accuracy"
        A scikit-learn scorer name, or a scorer ``scorer(estimator, X, y,
        sample_weight=...)`` whose metric accepts ``sample_weight``.
    domain : int, str, slice, array-like, callable or None, default=-1
        Selector of the domain column of ``X``. None: the domains must be
        passed to the scorer as ``sample_domain`` (which, given with the
        column, must equal it).
    weighting : estimator or None, default=None
        Reweighting adapter giving ``sample_weight_`` after ``fit(X,
        sample_domain=...)``; None uses :class:`KernelMeanMatching`.

    Returns
    -------
    scorer : callable
        ``scorer(estimator, X, y, sample_weight=None, sample_domain=None)``,
        greater is better. The validation data must hold rows of both domains
        (:class:`DomainKFold` with ``source_in_test=True``).

    See Also
    --------
    KernelMeanMatching : The default density-ratio estimate.
    make_target_scorer : The same score on labeled target rows.

    References
    ----------
    .. [1] M. Sugiyama, M. Krauledat and K.-R. Müller, "Covariate shift
       adaptation by importance weighted cross validation", JMLR 8, 2007.

    Examples
    --------
    >>> from sklearn.linear_model import LogisticRegression
    >>> from skmm.colearning import make_importance_weighted_scorer
    >>> from skmm.datasets import make_domain_shift
    >>> X, y, domain = make_domain_shift(shift="covariate", random_state=0)
    >>> source = X[:, domain] >= 0
    >>> clf = LogisticRegression().fit(X[source], y[source])
    >>> iw = make_importance_weighted_scorer(domain=domain)(clf, X, y)
    >>> target = clf.score(X[~source], y[~source])
    >>> source_score = clf.score(X[source], y[source])
    >>> bool(abs(iw - target) < abs(source_score - target))
    True
    """
    scorer = _as_scorer(scoring)
    if weighting is None:
        weighting = KernelMeanMatching()
    return _ImportanceWeightedScorer(scorer, domain, weighting)
