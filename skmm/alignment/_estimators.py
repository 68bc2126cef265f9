"""DTW in scikit-learn pipelines: pairwise transformer, k-NN, aligner."""

import numbers

import numpy as np
from sklearn.base import (
    BaseEstimator,
    ClassifierMixin,
    ClassNamePrefixFeaturesOutMixin,
    TransformerMixin,
    _fit_context,
)
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from .._kernels import _dtw as _k
from ._barycenter import _dba
from ._dtw import cdist_dtw, numba_threads
from ._validation import check_dataset, check_series

__all__ = ["PairwiseDTW", "KNeighborsDTWClassifier", "DTWAligner"]


def _validate_series(estimator, X, y=None, *, reset):
    """``validate_data`` for time series: 2-D univariate or 3-D, NaN padding."""
    kwargs = dict(
        reset=reset, allow_nd=True, ensure_all_finite="allow-nan", dtype=np.float64
    )
    if y is None:
        X = validate_data(estimator, X, **kwargs)
    else:
        X, y = validate_data(estimator, X, y, **kwargs)
    if X.ndim > 3:
        raise ValueError(
            f"Time series must be 2-D (n_series, length) or 3-D (n_series, length, "
            f"n_channels); got {X.ndim} dimensions."
        )
    data, lengths = check_dataset(X, "X")
    return data, lengths, y


class PairwiseDTW(ClassNamePrefixFeaturesOutMixin, TransformerMixin, BaseEstimator):
    """DTW distances (or a DTW kernel) to the training series, as features.

    ``fit`` stores the training series; ``transform`` returns, for every
    series, its DTW distance to each of them. With ``metric="precomputed"``
    (``KNeighborsClassifier``, ``DBSCAN``, ``AgglomerativeClustering``) or, with
    ``kernel_gamma``, ``kernel="precomputed"`` (``SVC``), scikit-learn's own
    estimators then classify and cluster under DTW inside a ``Pipeline`` and
    ``GridSearchCV`` (the band radius becomes a hyper-parameter).

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
    n_jobs : int, default=None
        Numba threads (None: 1, -1: all).

    Attributes
    ----------
    X_fit_ : ndarray of shape (n_train, length, n_channels)
        The training series (NaN padded).
    n_features_in_ : int
        Length (padded) of the training series.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of features seen during fit, when ``X`` has string column names.

    See Also
    --------
    cdist_dtw : The function behind ``transform``.
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

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Store the training series.

        Parameters
        ----------
        X : array-like of shape (n_series, length) or (n_series, length, \
                n_channels)
            Training series (trailing NaN padding allowed).
        y : None
            Ignored.

        Returns
        -------
        self : object
        """
        data, lengths, _ = _validate_series(self, X, reset=True)
        self.X_fit_ = data
        self._lengths = lengths
        return self

    def transform(self, X):
        """DTW distances (or kernel values) to the training series.

        Parameters
        ----------
        X : array-like of shape (n_series, length) or (n_series, length, \
                n_channels)
            Series.

        Returns
        -------
        D : ndarray of shape (n_series, n_train)
        """
        check_is_fitted(self)
        data, lengths, _ = _validate_series(self, X, reset=False)
        if data.shape[2] != self.X_fit_.shape[2]:
            raise ValueError(
                f"X has {data.shape[2]} channels; the training series had "
                f"{self.X_fit_.shape[2]}."
            )
        train = [self.X_fit_[i, :n] for i, n in enumerate(self._lengths)]
        test = [data[i, :n] for i, n in enumerate(lengths)]
        D = cdist_dtw(
            test,
            train,
            radius=self.radius,
            max_slope=self.max_slope,
            squared=self.squared or self.kernel_gamma is not None,
            n_jobs=self.n_jobs,
        )
        if self.kernel_gamma is not None:
            return np.exp(-self.kernel_gamma * D)
        return D

    @property
    def _n_features_out(self):
        return self.X_fit_.shape[0]


class KNeighborsDTWClassifier(ClassifierMixin, BaseEstimator):
    """k-nearest-neighbours classifier under DTW, exact and pruned.

    For every query, training series are visited in increasing LB_Keogh
    lower bound; the search stops as soon as the bound reaches the current
    k-th best distance, and each DTW computation is abandoned once a whole row
    of its cost matrix exceeds it. The neighbours are exactly those of a brute
    force search (ties aside), at a fraction of the DTW computations.

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
    X_fit_ : ndarray of shape (n_train, length, n_channels)
        Training series.
    n_features_in_ : int
        Length (padded) of the training series.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of features seen during fit, when ``X`` has string column names.

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

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y):
        """Store the training series and their labels.

        Parameters
        ----------
        X : array-like of shape (n_series, length) or (n_series, length, \
                n_channels)
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
        self.X_fit_ = data
        self._lengths = lengths
        r = data.shape[1] if self.radius is None else self.radius
        self._lower, self._upper = _k.envelope(data, lengths, r)
        return self

    def kneighbors(self, X, n_neighbors=None):
        """DTW distances and indices of the nearest training series.

        Parameters
        ----------
        X : array-like of shape (n_series, length) or (n_series, length, \
                n_channels)
            Query series.
        n_neighbors : int, default=None
            Number of neighbours (default: ``self.n_neighbors``).

        Returns
        -------
        distances : ndarray of shape (n_series, n_neighbors)
            DTW distances, increasing.
        indices : ndarray of int of shape (n_series, n_neighbors)
            Indices of the neighbours in the training set.
        """
        check_is_fitted(self)
        data, lengths, _ = _validate_series(self, X, reset=False)
        dist, ind, _ = self._search(data, lengths, n_neighbors)
        return dist, ind

    def _search(self, data, lengths, n_neighbors=None):
        k = self.n_neighbors if n_neighbors is None else int(n_neighbors)
        n_train = self.X_fit_.shape[0]
        if k > n_train:
            raise ValueError(f"n_neighbors={k} exceeds the {n_train} training series.")
        if data.shape[2] != self.X_fit_.shape[2]:
            raise ValueError(
                f"X has {data.shape[2]} channels; the training series had "
                f"{self.X_fit_.shape[2]}."
            )
        radius = -1 if self.radius is None else self.radius
        dist = np.empty((data.shape[0], k))
        ind = np.empty((data.shape[0], k), dtype=np.int64)
        with numba_threads(self.n_jobs):
            lb = _k.lb_keogh_matrix(data, lengths, self._lower, self._upper)
            # LB_Keogh bounds DTW only between series of equal lengths
            lb[lengths[:, None] != self._lengths[None, :]] = 0.0
            n_dtw = _k.knn_search(
                data, lengths, self.X_fit_, self._lengths, lb, radius, k, dist, ind
            )
        return np.sqrt(dist), ind, n_dtw

    def predict_proba(self, X):
        """Class probabilities: the (weighted) votes of the neighbours.

        Parameters
        ----------
        X : array-like of shape (n_series, length) or (n_series, length, \
                n_channels)
            Query series.

        Returns
        -------
        proba : ndarray of shape (n_series, n_classes)
        """
        check_is_fitted(self)
        dist, ind = self.kneighbors(X)
        if self.weights == "distance":
            with np.errstate(divide="ignore"):
                w = 1.0 / dist
            exact = np.isinf(w)
            w[exact.any(axis=1)] = exact[exact.any(axis=1)].astype(float)
        else:
            w = np.ones_like(dist)
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
                n_channels)
            Query series.

        Returns
        -------
        y : ndarray of shape (n_series,)
        """
        check_is_fitted(self)
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]


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
    n_jobs : int, default=None
        Numba threads (None: 1, -1: all).

    Attributes
    ----------
    reference_ : ndarray of shape (length_ref, n_channels)
        The reference series.
    n_iter_ : int
        DBA iterations run to learn the reference (1 when it is given).
    n_features_in_ : int
        Length (padded) of the training series.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of features seen during fit, when ``X`` has string column names.

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
            series = [data[i, :n] for i, n in enumerate(lengths)]
            self.reference_, _, self.n_iter_ = _dba(
                series, "medoid", None, self.radius, self.max_iter, 1e-5, self.n_jobs
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
        if data.shape[2] != self.reference_.shape[1]:
            raise ValueError(
                f"X has {data.shape[2]} channels; the reference has "
                f"{self.reference_.shape[1]}."
            )
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
