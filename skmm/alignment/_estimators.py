"""Elastic distances in scikit-learn pipelines: pairwise transformers, k-NN, aligner."""

import numbers

import numpy as np
from sklearn.base import (
    BaseEstimator,
    ClassifierMixin,
    ClassNamePrefixFeaturesOutMixin,
    RegressorMixin,
    TransformerMixin,
    _fit_context,
)
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import (
    _check_feature_names,
    check_array,
    check_is_fitted,
    validate_data,
)

from .._kernels import _dtw as _k
from ._barycenter import _dba
from ._docstrings import series_docs
from ._dtw import cdist_dtw, numba_threads
from ._elastic import MEASURES, cdist_elastic, check_params, get_measure
from ._validation import check_channels, check_dataset, check_series, series_list

__all__ = [
    "PairwiseDTW",
    "PairwiseElastic",
    "KNeighborsDTWClassifier",
    "KNeighborsTimeSeriesClassifier",
    "KNeighborsTimeSeriesRegressor",
    "DTWAligner",
]

_LAYOUT = (
    "time series as a 2-D array (n_series, length) of univariate series, a 3-D "
    "array (n_series, length, n_channels) with trailing NaN padding for shorter "
    "series, or a list of series"
)


def _pad_ragged(X):
    """A list of series of different lengths as one NaN-padded array."""
    if not isinstance(X, (list, tuple)) or len(X) == 0:
        return X
    if len({np.shape(s) for s in X}) == 1:
        return X
    data, _ = check_dataset(X, "X")
    if data.shape[2] == 1 and all(np.ndim(s) == 1 for s in X):
        return data[:, :, 0]
    return data


def _validate_series(estimator, X, y=None, *, reset, **y_kwargs):
    """Validate time series for an estimator and return ``(data, lengths, y)``.

    ``fit`` (``reset=True``) goes through ``validate_data``: ``n_features_in_``
    is the (padded) length and feature names are recorded. Afterwards series
    of any length are accepted (the length of a series is not a number of
    features); feature names are still checked when the column count is the
    training one. Lists of series of different lengths are padded with NaN.
    """
    X = _pad_ragged(X)
    kwargs = dict(allow_nd=True, ensure_all_finite="allow-nan", dtype=np.float64)
    shape = X.shape if hasattr(X, "shape") else np.shape(np.asarray(X, dtype=object))
    if len(shape) < 2:
        raise ValueError(
            f"X must hold {_LAYOUT}; got an array of shape {shape}. Reshape your "
            "data: a single series x is [x]."
        )
    if reset:
        if y is None:
            X = validate_data(estimator, X, reset=True, **kwargs)
        else:
            X, y = validate_data(estimator, X, y, reset=True, **kwargs, **y_kwargs)
    else:
        if shape[1] == getattr(estimator, "n_features_in_", None):
            _check_feature_names(estimator, X, reset=False)
        X = check_array(X, **kwargs)
    if X.ndim > 3:
        raise ValueError(f"X must hold {_LAYOUT}; got an array of shape {X.shape}.")
    data, lengths = check_dataset(X, "X")
    return data, lengths, y


class _PairwiseSeries(ClassNamePrefixFeaturesOutMixin, TransformerMixin, BaseEstimator):
    """Stores training series; ``transform`` gives distances to them."""

    def _check_metric(self):
        """Validate the measure's parameters at fit (nothing for DTW)."""

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Store the training series.

        Parameters
        ----------
        X : array-like of shape (n_series, length) or (n_series, length, \
                n_channels), or list of series
            Training series (trailing NaN padding allowed).
        y : None
            Ignored.

        Returns
        -------
        self : object
        """
        self._check_metric()
        data, lengths, _ = _validate_series(self, X, reset=True)
        self.X_fit_ = data
        self._lengths = lengths
        return self

    def _pairwise(self, test, train):
        """The values between the series of two lists (rows: ``test``)."""
        raise NotImplementedError

    def transform(self, X):
        """Distances (or kernel values) to the training series.

        Parameters
        ----------
        X : array-like of shape (n_series, length) or (n_series, length, \
                n_channels), or list of series
            Series of any length.

        Returns
        -------
        D : ndarray of shape (n_series, n_train)
        """
        check_is_fitted(self)
        data, lengths, _ = _validate_series(self, X, reset=False)
        check_channels(data, self.X_fit_.shape[2])
        D = self._pairwise(
            series_list(data, lengths), series_list(self.X_fit_, self._lengths)
        )
        # PairwiseGAK has no kernel_gamma: its values are a kernel already
        kernel_gamma = getattr(self, "kernel_gamma", None)
        if kernel_gamma is not None:
            return np.exp(-kernel_gamma * D)
        return D

    @property
    def _n_features_out(self):
        return self.X_fit_.shape[0]


@series_docs
class PairwiseDTW(_PairwiseSeries):
    """DTW distances (or a DTW kernel) to the training series, as features.

    ``fit`` stores the training series; ``transform`` returns, for every
    series (of any length), its DTW distance to each of them. With
    ``metric="precomputed"`` (``KNeighborsClassifier``, ``DBSCAN``,
    ``AgglomerativeClustering``) or, with ``kernel_gamma``,
    ``kernel="precomputed"`` (``SVC``), scikit-learn's own estimators then
    classify and cluster under DTW inside a ``Pipeline`` and ``GridSearchCV``
    (the band radius becomes a hyper-parameter).

    Parameters
    ----------
    radius : int, default=None
        Sakoe-Chiba radius (see :func:`dtw`).
    max_slope : float, default=None
        Itakura slope (see :func:`dtw`).
    squared : bool, default=False
        Accumulated squared costs instead of their square roots.
    kernel_gamma : float, default=None
        When given, return the kernel ``exp(-kernel_gamma * distance ** 2)``
        instead of distances (not positive definite in general).
    {n_jobs}

    Attributes
    ----------
    {stored_series_attributes}

    See Also
    --------
    cdist_dtw : The function behind ``transform``.
    PairwiseElastic : The same for any elastic measure of the registry.
    KNeighborsDTWClassifier : k-NN under DTW with lower-bound pruning.

    References
    ----------
    .. [1] H. Sakoe, S. Chiba. Dynamic programming algorithm optimization for
       spoken word recognition. IEEE Trans. ASSP 26(1), 1978.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.neighbors import KNeighborsClassifier
    >>> from sklearn.pipeline import make_pipeline
    >>> from skmm.alignment import PairwiseDTW
    >>> X = np.array([[0.0, 1, 2, 3], [0, 0, 1, 2], [3, 2, 1, 0], [3, 3, 2, 1]])
    >>> y = [0, 0, 1, 1]
    >>> model = make_pipeline(
    ...     PairwiseDTW(), KNeighborsClassifier(1, metric="precomputed")
    ... ).fit(X, y)
    >>> model.predict([[0.0, 1, 1, 2], [3, 2, 2, 1]]).tolist()
    [0, 1]
    """

    _parameter_constraints = {
        "radius": [Interval(numbers.Integral, 0, None, closed="left"), None],
        "max_slope": [Interval(numbers.Real, 1, None, closed="left"), None],
        "squared": ["boolean"],
        "kernel_gamma": [Interval(numbers.Real, 0, None, closed="neither"), None],
        "n_jobs": [numbers.Integral, None],
    }

    def __init__(
        self,
        *,
        radius=None,
        max_slope=None,
        squared=False,
        kernel_gamma=None,
        n_jobs=None,
    ):
        self.radius = radius
        self.max_slope = max_slope
        self.squared = squared
        self.kernel_gamma = kernel_gamma
        self.n_jobs = n_jobs

    def _pairwise(self, test, train):
        return cdist_dtw(
            test,
            train,
            radius=self.radius,
            max_slope=self.max_slope,
            squared=self.squared or self.kernel_gamma is not None,
            n_jobs=self.n_jobs,
        )


@series_docs
class PairwiseElastic(_PairwiseSeries):
    """Elastic distances (or a kernel of them) to the training series.

    :class:`PairwiseDTW` for any measure of the registry (see
    :func:`elastic_distance`): the values are :func:`cdist_elastic`'s, so
    scikit-learn's ``metric="precomputed"`` estimators run under MSM, TWE,
    ERP..., with the measure and its parameters tunable in ``GridSearchCV``.

    Parameters
    ----------
    metric : str, default="dtw"
        Name of the measure (see :func:`elastic_distance`).
    metric_params : dict, default=None
        The measure's parameters (aeon's names: ``g``, ``epsilon``, ``c``,
        ``nu``, ``lmbda``, ``warp_penalty``, ``reach``...).
    radius : int, default=None
        Sakoe-Chiba radius (see :func:`elastic_distance`).
    kernel_gamma : float, default=None
        When given, return the kernel ``exp(-kernel_gamma * distance)``
        instead of distances (not positive definite in general).
    {n_jobs}

    Attributes
    ----------
    {stored_series_attributes}

    See Also
    --------
    cdist_elastic : The function behind ``transform``.
    KNeighborsTimeSeriesClassifier : k-NN under the same measures.

    References
    ----------
    .. [1] J. Lines, A. Bagnall. Time series classification with ensembles of
       elastic distance measures. Data Mining and Knowledge Discovery 29(3),
       2015.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.alignment import PairwiseElastic
    >>> X = np.array([[0.0, 1, 2, 3], [0, 0, 1, 2], [3, 2, 1, 0]])
    >>> PairwiseElastic(metric="msm").fit(X).transform([[0.0, 1, 2, 3, 3]])
    array([[1., 3., 8.]])
    """

    _parameter_constraints = {
        "metric": [StrOptions(set(MEASURES))],
        "metric_params": [dict, None],
        "radius": [Interval(numbers.Integral, 0, None, closed="left"), None],
        "kernel_gamma": [Interval(numbers.Real, 0, None, closed="neither"), None],
        "n_jobs": [numbers.Integral, None],
    }

    def __init__(
        self,
        metric="dtw",
        *,
        metric_params=None,
        radius=None,
        kernel_gamma=None,
        n_jobs=None,
    ):
        self.metric = metric
        self.metric_params = metric_params
        self.radius = radius
        self.kernel_gamma = kernel_gamma
        self.n_jobs = n_jobs

    def _check_metric(self):
        check_params(get_measure(self.metric), self.metric_params or {})

    def _pairwise(self, test, train):
        return cdist_elastic(
            test,
            train,
            metric=self.metric,
            radius=self.radius,
            n_jobs=self.n_jobs,
            **(self.metric_params or {}),
        )


class _KNeighborsTimeSeries(BaseEstimator):
    """Storage and exact neighbour search shared by the k-NN estimators."""

    _parameter_constraints = {
        "n_neighbors": [Interval(numbers.Integral, 1, None, closed="left")],
        "metric": [StrOptions(set(MEASURES))],
        "metric_params": [dict, None],
        "radius": [Interval(numbers.Integral, 0, None, closed="left"), None],
        "weights": [StrOptions({"uniform", "distance"})],
        "n_jobs": [numbers.Integral, None],
    }

    def _metric(self):
        return self.metric, dict(self.metric_params or {})

    def _store(self, data, lengths):
        metric, params = self._metric()
        check_params(get_measure(metric), params)
        self.X_fit_ = data
        self._lengths = lengths
        if metric == "dtw":
            r = data.shape[1] if self.radius is None else self.radius
            self._lower, self._upper = _k.envelope(data, lengths, r)
            # frame-major copies: the bounds of all candidates in one SIMD loop
            self._lower_fm = np.ascontiguousarray(self._lower.transpose(1, 2, 0))
            self._upper_fm = np.ascontiguousarray(self._upper.transpose(1, 2, 0))

    def _finish_distances(self, dist):
        return dist

    def kneighbors(self, X=None, n_neighbors=None, return_distance=True):
        """Distances and indices of the nearest training series.

        Parameters
        ----------
        X : array-like of shape (n_series, length) or (n_series, length, \
                n_channels), or list of series, default=None
            Query series, of any length. None: the neighbours of every
            training series among the others (each without itself).
        n_neighbors : int, default=None
            Number of neighbours (default: ``self.n_neighbors``).
        return_distance : bool, default=True
            Whether to return the distances as well.

        Returns
        -------
        distances : ndarray of shape (n_series, n_neighbors)
            Distances, increasing; only when ``return_distance=True``.
        indices : ndarray of int of shape (n_series, n_neighbors)
            Indices of the neighbours in the training set.
        """
        check_is_fitted(self)
        k = self.n_neighbors if n_neighbors is None else n_neighbors
        if not isinstance(k, numbers.Integral) or isinstance(k, bool) or k < 1:
            raise ValueError(f"n_neighbors must be a positive integer; got {k!r}.")
        n_train = self.X_fit_.shape[0]
        if X is None:
            data, lengths = self.X_fit_, self._lengths
            exclude = np.arange(n_train, dtype=np.int64)
            if k >= n_train:
                raise ValueError(
                    f"Expected n_neighbors < n_samples_fit, but n_neighbors = {k}, "
                    f"n_samples_fit = {n_train} (X=None excludes each series "
                    "from its own neighbours)."
                )
        else:
            data, lengths, _ = _validate_series(self, X, reset=False)
            exclude = np.full(data.shape[0], -1, dtype=np.int64)
            if k > n_train:
                raise ValueError(
                    f"Expected n_neighbors <= n_samples_fit, but n_neighbors = {k}, "
                    f"n_samples_fit = {n_train}."
                )
        check_channels(data, self.X_fit_.shape[2])
        dist, ind, _ = self._search(data, lengths, int(k), exclude)
        return (self._finish_distances(dist), ind) if return_distance else ind

    def _search(self, data, lengths, n_neighbors=None, exclude=None):
        """Exact neighbours: ``(distances, indices, n_dtw)``.

        Distances are the measure's own values (squared costs for DTW);
        ``n_dtw`` counts, per query, the DTW computations the pruned search
        started (None for the other measures). ``exclude[q]`` is a training
        index query ``q`` must skip (-1: none).
        """
        k = self.n_neighbors if n_neighbors is None else int(n_neighbors)
        if exclude is None:
            exclude = np.full(data.shape[0], -1, dtype=np.int64)
        metric, params = self._metric()
        if metric == "dtw":
            radius = -1 if self.radius is None else self.radius
            dist = np.empty((data.shape[0], k))
            ind = np.empty((data.shape[0], k), dtype=np.int64)
            with numba_threads(self.n_jobs):
                n_dtw, _ = _k.knn_search(
                    data,
                    lengths,
                    self.X_fit_,
                    self._lengths,
                    self._lower,
                    self._upper,
                    self._lower_fm,
                    self._upper_fm,
                    radius,
                    k,
                    exclude,
                    dist,
                    ind,
                )
            return dist, ind, n_dtw
        D = cdist_elastic(
            series_list(data, lengths),
            series_list(self.X_fit_, self._lengths),
            metric=metric,
            radius=self.radius,
            n_jobs=self.n_jobs,
            **params,
        )
        rows = np.flatnonzero(exclude >= 0)
        D[rows, exclude[rows]] = np.inf
        ind = np.argsort(D, axis=1, kind="stable")[:, :k]
        return np.take_along_axis(D, ind, axis=1), ind, None

    def _neighbour_weights(self, dist):
        if self.weights == "uniform":
            return np.ones_like(dist)
        with np.errstate(divide="ignore"):
            w = 1.0 / dist
        exact = np.isinf(w)
        hit = exact.any(axis=1)
        w[hit] = exact[hit].astype(float)
        return w


@series_docs
class KNeighborsTimeSeriesClassifier(ClassifierMixin, _KNeighborsTimeSeries):
    """k-nearest-neighbours classifier under any elastic distance.

    Neighbours are exact. Under ``metric="dtw"`` the search follows the UCR
    suite: candidates are visited in increasing lower bound (the larger of
    LB_Kim and LB_Keogh), the search stops when the bound passes the k-th best
    distance, the reverse LB_Keogh prunes again and each DTW computation is
    abandoned early on the cumulative bound. Other measures compute all the
    distances (:func:`cdist_elastic`).

    Parameters
    ----------
    n_neighbors : int, default=1
        Number of neighbours.
    metric : str, default="dtw"
        Name of the measure (see :func:`elastic_distance`).
    metric_params : dict, default=None
        The measure's parameters (aeon's names: ``g``, ``epsilon``, ``c``,
        ``nu``, ``lmbda``, ``warp_penalty``, ``reach``...).
    radius : int, default=None
        Sakoe-Chiba radius; for ``"dtw"`` also the envelope width of the
        lower bounds.
    weights : {"uniform", "distance"}, default="uniform"
        Vote of each neighbour: equal, or the inverse of its distance.
    {n_jobs}

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    {stored_series_attributes}

    See Also
    --------
    KNeighborsTimeSeriesRegressor : The regression twin.
    KNeighborsDTWClassifier : DTW with distances in :func:`dtw`'s units.
    PairwiseElastic : Distances for scikit-learn's ``metric="precomputed"``.

    References
    ----------
    .. [1] T. Rakthanmanon et al. Searching and mining trillions of time series
       subsequences under dynamic time warping. KDD 2012.
    .. [2] J. Lines, A. Bagnall. Time series classification with ensembles of
       elastic distance measures. Data Mining and Knowledge Discovery 29(3),
       2015.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.alignment import KNeighborsTimeSeriesClassifier
    >>> X = np.array([[0.0, 1, 2, 3], [0, 0, 1, 2], [3, 2, 1, 0], [3, 3, 2, 1]])
    >>> clf = KNeighborsTimeSeriesClassifier(metric="msm").fit(X, [0, 0, 1, 1])
    >>> clf.predict([[0.0, 1, 1, 2, 3], [3, 2, 1]]).tolist()
    [0, 1]
    """

    def __init__(
        self,
        n_neighbors=1,
        *,
        metric="dtw",
        metric_params=None,
        radius=None,
        weights="uniform",
        n_jobs=None,
    ):
        self.n_neighbors = n_neighbors
        self.metric = metric
        self.metric_params = metric_params
        self.radius = radius
        self.weights = weights
        self.n_jobs = n_jobs

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y):
        """Store the training series and their labels.

        Parameters
        ----------
        X : array-like of shape (n_series, length) or (n_series, length, \
                n_channels), or list of series
            Training series.
        y : array-like of shape (n_series,)
            Labels.

        Returns
        -------
        self : object
        """
        data, lengths, y = _validate_series(self, X, y, reset=True)
        check_classification_targets(y)
        self.classes_, self._y = np.unique(y, return_inverse=True)
        self._store(data, lengths)
        return self

    def predict_proba(self, X):
        """Class probabilities: the (weighted) votes of the neighbours.

        Parameters
        ----------
        X : array-like of shape (n_series, length) or (n_series, length, \
                n_channels), or list of series
            Query series, of any length.

        Returns
        -------
        proba : ndarray of shape (n_series, n_classes)
        """
        check_is_fitted(self)
        dist, ind = self.kneighbors(X)
        w = self._neighbour_weights(dist)
        proba = np.zeros((dist.shape[0], self.classes_.size))
        labels = self._y[ind]
        for c in range(self.classes_.size):
            proba[:, c] = np.sum(w * (labels == c), axis=1)
        return proba / proba.sum(axis=1, keepdims=True)

    def predict(self, X):
        """Majority class of the neighbours.

        Parameters
        ----------
        X : array-like of shape (n_series, length) or (n_series, length, \
                n_channels), or list of series
            Query series, of any length.

        Returns
        -------
        y : ndarray of shape (n_series,)
        """
        check_is_fitted(self)
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]


@series_docs
class KNeighborsDTWClassifier(KNeighborsTimeSeriesClassifier):
    """k-nearest-neighbours classifier under DTW, exact and pruned.

    :class:`KNeighborsTimeSeriesClassifier` with ``metric="dtw"``, whose
    distances are in :func:`dtw`'s units (the square root of the accumulated
    squared cost). Training series are visited in increasing lower bound
    (LB_Kim, LB_Keogh); the search stops as soon as the bound reaches the
    current k-th best distance, the reverse LB_Keogh prunes again, and each
    DTW computation is abandoned on a cumulative bound. The neighbours are
    exactly those of a brute force search (ties aside), at a fraction of the
    DTW computations.

    Parameters
    ----------
    n_neighbors : int, default=1
        Number of neighbours.
    radius : int, default=None
        Sakoe-Chiba radius (see :func:`dtw`); also the envelope width of the
        lower bound.
    weights : {"uniform", "distance"}, default="uniform"
        Vote of each neighbour: equal, or the inverse of its distance.
    n_jobs : int, default=None
        Numba threads over the queries (None: 1, -1: all).

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    {stored_series_attributes}

    See Also
    --------
    PairwiseDTW : Distances for scikit-learn's ``metric="precomputed"``.
    lb_keogh : The lower bound used for pruning.

    References
    ----------
    .. [1] E. Keogh, C. A. Ratanamahatana. Exact indexing of dynamic time
       warping. Knowledge and Information Systems 7(3), 2005.
    .. [2] T. Rakthanmanon et al. Searching and mining trillions of time series
       subsequences under dynamic time warping. KDD 2012.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.alignment import KNeighborsDTWClassifier
    >>> X = np.array([[0.0, 1, 2, 3], [0, 0, 1, 2], [3, 2, 1, 0], [3, 3, 2, 1]])
    >>> clf = KNeighborsDTWClassifier(radius=1).fit(X, ["up", "up", "dn", "dn"])
    >>> clf.predict([[0.0, 1, 1, 2], [3, 2, 2, 1]]).tolist()
    ['up', 'dn']
    """

    _parameter_constraints = {
        "n_neighbors": [Interval(numbers.Integral, 1, None, closed="left")],
        "radius": [Interval(numbers.Integral, 0, None, closed="left"), None],
        "weights": [StrOptions({"uniform", "distance"})],
        "n_jobs": [numbers.Integral, None],
    }

    def __init__(self, n_neighbors=1, *, radius=None, weights="uniform", n_jobs=None):
        self.n_neighbors = n_neighbors
        self.radius = radius
        self.weights = weights
        self.n_jobs = n_jobs

    def _metric(self):
        return "dtw", {}

    def _finish_distances(self, dist):
        return np.sqrt(dist)


@series_docs
class KNeighborsTimeSeriesRegressor(RegressorMixin, _KNeighborsTimeSeries):
    """k-nearest-neighbours regressor under any elastic distance.

    Predicts the (weighted) mean target of the exact nearest training series,
    found as in :class:`KNeighborsTimeSeriesClassifier` (the UCR-suite
    cascade under ``"dtw"``, all distances otherwise).

    Parameters
    ----------
    n_neighbors : int, default=1
        Number of neighbours.
    metric : str, default="dtw"
        Name of the measure (see :func:`elastic_distance`).
    metric_params : dict, default=None
        The measure's parameters.
    radius : int, default=None
        Sakoe-Chiba radius.
    weights : {"uniform", "distance"}, default="uniform"
        Weight of each neighbour: equal, or the inverse of its distance.
    {n_jobs}

    Attributes
    ----------
    {stored_series_attributes}

    See Also
    --------
    KNeighborsTimeSeriesClassifier : The classification twin.

    References
    ----------
    .. [1] T. Rakthanmanon et al. Searching and mining trillions of time series
       subsequences under dynamic time warping. KDD 2012.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.alignment import KNeighborsTimeSeriesRegressor
    >>> X = np.array([[0.0, 1, 2, 3], [0, 0, 1, 2], [3, 2, 1, 0], [3, 3, 2, 1]])
    >>> reg = KNeighborsTimeSeriesRegressor(2, metric="erp").fit(X, [1, 2, 3, 5])
    >>> reg.predict([[0.0, 1, 2, 2], [3, 3, 1]]).tolist()
    [1.5, 4.0]
    """

    # scikit-learn's classifier/regressor twins: each public class spells out
    # its own __init__ (signature and defaults in its own source) and fit
    # (class labels here, numeric and multi-output targets there); the
    # neighbour search they share lives in _KNeighborsTimeSeries
    def __init__(
        self,
        n_neighbors=1,
        *,
        metric="dtw",
        metric_params=None,
        radius=None,
        weights="uniform",
        n_jobs=None,
    ):
        self.n_neighbors = n_neighbors
        self.metric = metric
        self.metric_params = metric_params
        self.radius = radius
        self.weights = weights
        self.n_jobs = n_jobs

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y):
        """Store the training series and their targets.

        Parameters
        ----------
        X : array-like of shape (n_series, length) or (n_series, length, \
                n_channels), or list of series
            Training series.
        y : array-like of shape (n_series,) or (n_series, n_targets)
            Targets.

        Returns
        -------
        self : object
        """
        data, lengths, y = _validate_series(
            self, X, y, reset=True, multi_output=True, y_numeric=True
        )
        self._y = np.asarray(y, dtype=np.float64)
        self._store(data, lengths)
        return self

    def predict(self, X):
        """Weighted mean target of the neighbours.

        Parameters
        ----------
        X : array-like of shape (n_series, length) or (n_series, length, \
                n_channels), or list of series
            Query series, of any length.

        Returns
        -------
        y : ndarray of shape (n_series,) or (n_series, n_targets)
        """
        check_is_fitted(self)
        dist, ind = self.kneighbors(X)
        w = self._neighbour_weights(dist)
        w = w / w.sum(axis=1, keepdims=True)
        if self._y.ndim == 1:
            return np.sum(w * self._y[ind], axis=1)
        return np.einsum("qk,qkt->qt", w, self._y[ind])

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags


@series_docs
class DTWAligner(TransformerMixin, BaseEstimator):
    """Warp every series onto a reference time axis with DTW.

    ``fit`` takes the reference (the one given, or the DBA barycenter of the
    training series); ``transform`` aligns each series to it with DTW and
    returns, for every frame of the reference, the mean of the frames matched
    to it. The output has one column per (reference frame, channel), so
    downstream per-time-step models (a linear model, PCA) see aligned data.

    Parameters
    ----------
    reference : array-like of shape (length_ref,) or (length_ref, n_channels), \
            default=None
        Reference series. None: the DBA barycenter of the training series.
    radius : int, default=None
        Sakoe-Chiba radius of the alignments.
    max_iter : int, default=10
        DBA iterations when the reference is learned.
    {n_jobs}

    Attributes
    ----------
    reference_ : ndarray of shape (length_ref, n_channels)
        The reference series.
    n_iter_ : int
        DBA iterations run to learn the reference (1 when it is given).
    {series_fit_attributes}

    See Also
    --------
    dtw_barycenter : How the reference is learned.
    CanonicalTimeWarping : Alignment across modalities of different dimension.

    References
    ----------
    .. [1] F. Petitjean, A. Ketterlin, P. Gancarski. A global averaging method
       for dynamic time warping, with applications to clustering. Pattern
       Recognition 44(3), 2011.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.alignment import DTWAligner
    >>> X = np.array([[0.0, 0, 1, 2, 1], [0, 1, 2, 1, 1]])
    >>> DTWAligner(reference=[0.0, 1, 2, 1]).fit_transform(X)
    array([[0., 1., 2., 1.],
           [0., 1., 2., 1.]])
    """

    _parameter_constraints = {
        "reference": ["array-like", None],
        "radius": [Interval(numbers.Integral, 0, None, closed="left"), None],
        "max_iter": [Interval(numbers.Integral, 1, None, closed="left")],
        "n_jobs": [numbers.Integral, None],
    }

    def __init__(self, reference=None, *, radius=None, max_iter=10, n_jobs=None):
        self.reference = reference
        self.radius = radius
        self.max_iter = max_iter
        self.n_jobs = n_jobs

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Take the reference, or learn it as the barycenter of ``X``.

        Parameters
        ----------
        X : array-like of shape (n_series, length) or (n_series, length, \
                n_channels)
            Training series.
        y : None
            Ignored.

        Returns
        -------
        self : object
        """
        data, lengths, _ = _validate_series(self, X, reset=True)
        if self.reference is None:
            self.reference_, _, self.n_iter_ = _dba(
                series_list(data, lengths),
                "medoid",
                None,
                self.radius,
                self.max_iter,
                1e-5,
                self.n_jobs,
            )
            self.n_iter_ = max(self.n_iter_, 1)
        else:
            ref = check_series(self.reference, "reference")
            if ref.shape[1] != data.shape[2]:
                raise ValueError(
                    f"reference has {ref.shape[1]} channels; X has {data.shape[2]}."
                )
            self.reference_ = ref
            self.n_iter_ = 1
        return self

    def transform(self, X):
        """Series warped onto the reference's time axis.

        Parameters
        ----------
        X : array-like of shape (n_series, length) or (n_series, length, \
                n_channels)
            Series.

        Returns
        -------
        X_aligned : ndarray of shape (n_series, length_ref * n_channels)
            Frame ``t`` of channel ``c`` in column ``t * n_channels + c``
            (reshape to ``(n_series, length_ref, n_channels)`` for the series).
        """
        check_is_fitted(self)
        data, lengths, _ = _validate_series(self, X, reset=False)
        check_channels(data, self.reference_.shape[1], whose="the reference has")
        r = -1 if self.radius is None else self.radius
        with numba_threads(self.n_jobs):
            out = _k.warp_onto(data, lengths, self.reference_, r)
        return out.reshape(out.shape[0], -1)

    def get_feature_names_out(self, input_features=None):
        """Names of the output columns: ``t<frame>`` or ``t<frame>_c<channel>``.

        Parameters
        ----------
        input_features : None
            Ignored (the names follow the reference's frames).

        Returns
        -------
        names : ndarray of str
        """
        check_is_fitted(self)
        length, d = self.reference_.shape
        if d == 1:
            names = [f"t{t}" for t in range(length)]
        else:
            names = [f"t{t}_c{c}" for t in range(length) for c in range(d)]
        return np.asarray(names, dtype=object)
