"""COREG: co-training for regression with k-nearest-neighbour regressors."""

from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator, RegressorMixin, _fit_context
from sklearn.neighbors import KNeighborsRegressor
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import (
    check_array,
    check_consistent_length,
    check_is_fitted,
    column_or_1d,
)

from .._kernels._coreg import coreg_gains
from ..utils import MultiViewMixin, unlabeled_mask
from ..utils._docstrings import views_docs

__all__ = ["CoTrainingRegressor"]


@views_docs
class CoTrainingRegressor(MultiViewMixin, RegressorMixin, BaseEstimator):
    """COREG: co-training of k-nearest-neighbour regressors (Zhou & Li 2005).

    One kNN regressor per view, each with its own Minkowski order ``p``, starts
    from the labeled rows. In each round every regressor estimates the label of
    the samples of a random pool of unlabeled rows and picks the one whose
    pseudo-label most lowers its own squared error on that sample's labeled
    neighbours (the labeling confidence of COREG); the picked sample and its
    pseudo-label join the training sets of the *other* regressors. Rounds stop
    when no regressor finds a sample with positive gain, when ``max_iter`` is
    reached, or when no unlabeled row is left. Predictions average the
    regressors.

    The two regressors can differ by view (the default: two halves of the
    columns), by metric (the paper's setting: pass the same columns twice,
    ``views=[slice(None), slice(None)]``, with ``p=(2, 5)``), or both.
    Unlabeled rows are marked ``NaN`` in ``y``.

    Parameters
    ----------
    {views}
        Views may overlap (each regressor may see any columns).
    n_neighbors : int, default=3
        Number of neighbours of each kNN regressor.
    p : float >= 1 or sequence of float, default=(2, 5)
        Minkowski order of each regressor's distance (one per view, or one for
        all).
    pool_size : int or None, default=100
        Size of the random pool of unlabeled rows, replenished after every
        round; ``None`` uses every unlabeled row.
    max_iter : int or None, default=100
        Maximum number of rounds; ``None`` runs until a stopping rule fires.
    random_state : int, RandomState instance or None, default=None
        Seed of the pool draws.
    verbose : bool, default=False
        Print the number of labels added in each round.

    Attributes
    ----------
    estimators_ : list of KNeighborsRegressor
        The regressor of each view, fitted on its final training set.
    transduction_ : ndarray of shape (n_samples,)
        Given labels, and the pseudo-label of each row a regressor picked
        (``NaN`` where a row was never labeled).
    labeled_iter_ : ndarray of int of shape (n_samples,)
        Round in which each row got its label: 0 for the given labels, ``-1``
        for rows never labeled.
    labeled_by_ : ndarray of int of shape (n_samples,)
        Index of the view whose regressor picked each row (``-1`` otherwise).
        When two regressors pick the same row in the same round, the first
        view is recorded.
    n_added_ : ndarray of int of shape (`n_iter_` - 1,)
        Number of rows picked in each round.
    n_iter_ : int
        Number of times the view models were trained: once per labelling
        round (``len(n_added_)``, at most ``max_iter``) and once more on the
        final labeled set, so at least 1.
    termination_condition_ : {"max_iter", "no_change", "all_labeled"}
        Why the rounds stopped.
    {views_attributes}

    See Also
    --------
    CoTrainingClassifier : Co-training for classification.
    sklearn.neighbors.KNeighborsRegressor : The regressor of each view.

    References
    ----------
    .. [1] Z.-H. Zhou and M. Li. "Semi-supervised regression with
       co-training". IJCAI 2005.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.datasets import make_friedman1
    >>> from skmm.colearning import CoTrainingRegressor
    >>> X, y = make_friedman1(n_samples=300, n_features=5, random_state=0)
    >>> y_partial = y.copy()
    >>> y_partial[30:] = np.nan
    >>> model = CoTrainingRegressor(
    ...     views=[slice(None), slice(None)], max_iter=20, random_state=0)
    >>> model = model.fit(X, y_partial)
    >>> model.n_added_.size, model.n_iter_, model.predict(X[:2]).shape
    (20, 21, (2,))
    """

    _allow_view_overlap = True

    _parameter_constraints: dict = {
        **MultiViewMixin._parameter_constraints,
        "n_neighbors": [Interval(Integral, 1, None, closed="left")],
        "p": [Interval(Real, 1, None, closed="left"), "array-like"],
        "pool_size": [Interval(Integral, 1, None, closed="left"), None],
        "max_iter": [Interval(Integral, 0, None, closed="left"), None],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
    }

    def __init__(
        self,
        *,
        views=None,
        n_neighbors=3,
        p=(2, 5),
        pool_size=100,
        max_iter=100,
        random_state=None,
        verbose=False,
    ):
        self.views = views
        self.n_neighbors = n_neighbors
        self.p = p
        self.pool_size = pool_size
        self.max_iter = max_iter
        self.random_state = random_state
        self.verbose = verbose

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y):
        """Co-train one kNN regressor per view on labeled and unlabeled rows.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            All views side by side.
        y : array-like of shape (n_samples,)
            Targets, ``NaN`` for unlabeled rows. It is not modified.

        Returns
        -------
        self : CoTrainingRegressor
            The fitted estimator.
        """
        if y is None:
            raise ValueError(
                "CoTrainingRegressor requires y to be passed, but the target y is "
                "None; mark unlabeled rows with NaN."
            )
        X, _, _ = self._validate_views_data(X, reset=True)
        y = check_array(
            y,
            ensure_2d=False,
            dtype="numeric",
            ensure_all_finite="allow-nan",
            input_name="y",
        )
        y = column_or_1d(y, warn=True).astype(np.float64)
        check_consistent_length(X, y)
        unlabeled = unlabeled_mask(y, task="regression")
        n_labeled = int((~unlabeled).sum())
        if n_labeled < self.n_neighbors:
            raise ValueError(
                f"CoTrainingRegressor needs at least n_neighbors={self.n_neighbors} "
                f"labeled samples (y not NaN); got {n_labeled} labeled out of "
                f"n_samples={y.shape[0]}."
            )
        p = np.atleast_1d(np.asarray(self.p, dtype=float))
        if p.ndim != 1 or p.shape[0] not in (1, self.n_views_):
            raise ValueError(
                f"p must be one Minkowski order or one per view ({self.n_views_}); "
                f"got {self.p!r}."
            )
        if np.any(p < 1):
            raise ValueError(f"Every Minkowski order p must be >= 1; got {self.p!r}.")
        p = np.broadcast_to(p, (self.n_views_,))
        blocks = self._split_views(X)
        rng = check_random_state(self.random_state)

        # the training set of each regressor: row indices and their targets
        rows = [np.flatnonzero(~unlabeled) for _ in range(self.n_views_)]
        targets = [y[~unlabeled] for _ in range(self.n_views_)]
        transduction = y.copy()
        self.labeled_iter_ = np.where(unlabeled, -1, 0)
        self.labeled_by_ = np.full(y.shape[0], -1, dtype=np.intp)
        available = unlabeled.copy()
        pool = self._draw(rng, available, np.empty(0, dtype=np.intp))
        n_added = []
        self.termination_condition_ = "max_iter"
        while True:
            if not available.any():
                self.termination_condition_ = "all_labeled"
                break
            if self.max_iter is not None and len(n_added) >= self.max_iter:
                break
            picks = []
            for v in range(self.n_views_):
                gains, y_hat = coreg_gains(
                    np.ascontiguousarray(blocks[v][rows[v]], dtype=np.float64),
                    targets[v],
                    np.ascontiguousarray(blocks[v][pool], dtype=np.float64),
                    self.n_neighbors,
                    float(p[v]),
                )
                best = int(np.argmax(gains))
                picks.append((pool[best], y_hat[best]) if gains[best] > 0 else None)
            if all(pick is None for pick in picks):
                self.termination_condition_ = "no_change"
                break
            added = set()
            for v, pick in enumerate(picks):
                if pick is None:
                    continue
                row, value = pick
                for w in range(self.n_views_):
                    if w != v:
                        rows[w] = np.append(rows[w], row)
                        targets[w] = np.append(targets[w], value)
                if row not in added:
                    transduction[row] = value
                    self.labeled_by_[row] = v
                    added.add(row)
            chosen = np.asarray(sorted(added), dtype=np.intp)
            available[chosen] = False
            n_added.append(chosen.size)
            self.labeled_iter_[chosen] = len(n_added)
            if self.verbose:
                print(f"Round {len(n_added)}: added {chosen.size} labels.")
            pool = self._draw(rng, available, np.setdiff1d(pool, chosen))
        self.n_added_ = np.asarray(n_added, dtype=np.intp)
        self.n_iter_ = len(n_added) + 1  # the labelling rounds and the final fit
        self.transduction_ = transduction
        self.estimators_ = [
            KNeighborsRegressor(n_neighbors=self.n_neighbors, p=p[v]).fit(
                blocks[v][rows[v]], targets[v]
            )
            for v in range(self.n_views_)
        ]
        return self

    def predict(self, X):
        """Average of the views' kNN predictions.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            All views side by side.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
            Predicted targets.
        """
        check_is_fitted(self)
        X, _, _ = self._validate_views_data(X, reset=False)
        blocks = self._split_views(X)
        return np.mean(
            [est.predict(block) for est, block in zip(self.estimators_, blocks)],
            axis=0,
        )

    def _draw(self, rng, available, pool):
        """Replenish ``pool`` with random unlabeled rows up to ``pool_size``."""
        candidates = np.flatnonzero(available)
        if self.pool_size is None:
            return candidates
        rest = np.setdiff1d(candidates, pool)
        n_new = min(self.pool_size - pool.size, rest.size)
        if n_new <= 0:
            return pool
        return np.sort(np.concatenate([pool, rng.choice(rest, n_new, replace=False)]))
