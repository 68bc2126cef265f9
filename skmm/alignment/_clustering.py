"""Clustering of time series: k-means under DTW or soft-DTW, and k-Shape."""

import numbers

import numpy as np
from sklearn.base import (
    BaseEstimator,
    ClassNamePrefixFeaturesOutMixin,
    ClusterMixin,
    TransformerMixin,
    _fit_context,
)
from sklearn.metrics.pairwise import euclidean_distances
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted

from ._barycenter import _dba, soft_dtw_barycenter
from ._docstrings import series_docs
from ._dtw import cdist_dtw
from ._estimators import _validate_series
from ._soft_dtw import cdist_soft_dtw
from ._validation import check_channels, check_dataset, pad_series, series_list

__all__ = ["TimeSeriesKMeans", "KShape"]


def _kmeans_plusplus(sq_dist, n_samples, n_clusters, rng):
    """Greedy k-means++ seeding (Arthur & Vassilvitskii) under any dissimilarity.

    ``sq_dist(indices)`` returns the non-negative "squared distances"
    ``(len(indices), n_samples)`` from those samples to every sample. As in
    scikit-learn's ``kmeans_plusplus``, each new centre is the best of
    ``2 + log(n_clusters)`` candidates drawn with probability proportional to
    the current squared distance: the one that lowers the potential most.
    Returns the indices of the chosen samples.
    """
    n_trials = 2 + int(np.log(n_clusters))
    first = int(rng.randint(n_samples))
    centers = [first]
    closest = np.maximum(sq_dist(np.array([first])), 0.0)[0]
    potential = closest.sum()
    for _ in range(1, n_clusters):
        if potential <= 0:
            # every sample coincides with a centre: any other sample will do
            rest = np.setdiff1d(np.arange(n_samples), centers)
            centers.append(int(rng.choice(rest)))
            continue
        draws = rng.uniform(size=n_trials) * potential
        candidates = np.searchsorted(np.cumsum(closest), draws)
        candidates = np.minimum(candidates, n_samples - 1)
        dist = np.maximum(sq_dist(candidates), 0.0)
        np.minimum(closest, dist, out=dist)
        potentials = dist.sum(axis=1)
        best = int(np.argmin(potentials))
        centers.append(int(candidates[best]))
        closest = dist[best]
        potential = potentials[best]
    return centers


def _relocate_empty(labels, min_dist, n_clusters):
    """Give every empty cluster the sample farthest from its own centre.

    Modifies ``labels`` and ``min_dist`` in place and returns the relocated
    ``(sample, cluster)`` pairs; scikit-learn's ``KMeans`` relocates empty
    clusters the same way instead of failing.
    """
    counts = np.bincount(labels, minlength=n_clusters)
    moved = []
    if counts.min() > 0:
        return moved
    order = np.argsort(-min_dist, kind="stable")
    k = 0
    for c in np.flatnonzero(counts == 0):
        # never empty another cluster
        while counts[labels[order[k]]] <= 1:
            k += 1
        s = int(order[k])
        counts[labels[s]] -= 1
        counts[c] += 1
        labels[s] = c
        min_dist[s] = 0.0
        moved.append((s, int(c)))
        k += 1
    return moved


def _check_length(estimator, length, expected):
    """Series compared frame by frame must have the centres' length."""
    if length != expected:
        raise ValueError(
            f"X has {length} features, but {type(estimator).__name__} is expecting "
            f"{expected} features as input: series of length {expected}, the "
            "length of the centres (resample them with TimeSeriesResampler)."
        )


def _check_n_clusters(n_clusters, n_samples):
    if n_samples < n_clusters:
        raise ValueError(
            f"n_samples={n_samples} should be >= n_clusters={n_clusters}; fit "
            "more series or lower n_clusters."
        )


@series_docs
class TimeSeriesKMeans(
    ClassNamePrefixFeaturesOutMixin, TransformerMixin, ClusterMixin, BaseEstimator
):
    """k-means clustering of time series under Euclidean, DTW or soft-DTW.

    Lloyd's algorithm with a time-series centre: the Euclidean mean
    (``metric="euclidean"``), the DBA barycenter (``metric="dtw"``, Petitjean
    et al.) or the soft-DTW barycenter (``metric="softdtw"``), each started
    from the previous centre. Assignments use the squared Euclidean distance,
    the squared DTW distance or soft-DTW (the objectives the centres
    minimise), so the inertia never increases by an update. Seeding is
    k-means++ under the same dissimilarity (the soft-DTW divergence for
    ``"softdtw"``, which is non-negative); an empty cluster receives the
    series farthest from its centre, as in scikit-learn's ``KMeans``. The
    run stops when no label changes or the inertia decreases by less than
    ``tol`` (relative); the best of ``n_init`` runs is kept.

    Parameters
    ----------
    n_clusters : int, default=3
        Number of clusters.
    metric : {"euclidean", "dtw", "softdtw"}, default="euclidean"
        Dissimilarity and centre. ``"euclidean"`` needs series of equal
        length; the others accept NaN-padded series of different lengths.
    radius : int, default=None
        Sakoe-Chiba radius of DTW or soft-DTW (ignored by ``"euclidean"``).
    gamma : float, default=1.0
        Soft-DTW smoothing (``metric="softdtw"`` only).
    init : {"k-means++", "random"} or array-like of shape (n_clusters, \
            length, n_channels), default="k-means++"
        Seeding: k-means++, ``n_clusters`` distinct series at random, or given
        centres (NaN padding allowed for DTW and soft-DTW; then ``n_init`` is
        1).
    n_init : int, default=1
        Number of runs from different seeds; the one of lowest inertia is kept.
    max_iter : int, default=50
        Maximum number of assignment-update iterations per run.
    tol : float, default=1e-6
        Stop when the inertia decreases by less than this fraction.
    max_iter_barycenter : int, default=10
        Iterations of DBA, or of L-BFGS for the soft-DTW barycenter, per update.
    random_state : int, RandomState instance or None, default=None
        Seeding randomness.
    n_jobs : int, default=None
        Numba threads of the DTW and soft-DTW kernels (None: 1, -1: all).

    Attributes
    ----------
    cluster_centers_ : ndarray of shape (n_clusters, length, n_channels)
        Centres; NaN-padded when their lengths differ.
    labels_ : ndarray of int of shape (n_series,)
        Cluster of each training series (with respect to the final centres).
    inertia_ : float
        Sum over the training series of the squared Euclidean or DTW distance
        (soft-DTW for ``"softdtw"``, which can be negative) to their centre.
        tslearn reports the mean instead.
    n_iter_ : int
        Iterations of the kept run.
    {series_fit_attributes}

    See Also
    --------
    KShape : Clustering under the shape-based distance.
    dtw_barycenter : The DBA centre.
    soft_dtw_barycenter : The soft-DTW centre.
    PairwiseDTW : DTW distances for scikit-learn's precomputed-metric clusterers.

    References
    ----------
    .. [1] F. Petitjean, A. Ketterlin, P. Gancarski. A global averaging method
       for dynamic time warping, with applications to clustering. Pattern
       Recognition 44(3), 2011.
    .. [2] M. Cuturi, M. Blondel. Soft-DTW: a differentiable loss function for
       time-series. ICML 2017.
    .. [3] D. Arthur, S. Vassilvitskii. k-means++: the advantages of careful
       seeding. SODA 2007.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.alignment import TimeSeriesKMeans
    >>> t = np.linspace(0, 1, 40)
    >>> X = np.array([np.exp(-((t - c) / 0.05) ** 2) * s
    ...               for s in (1, -1) for c in (0.3, 0.4, 0.5, 0.6)])
    >>> km = TimeSeriesKMeans(2, metric="dtw", random_state=0).fit(X)
    >>> len(set(km.labels_[:4])), bool(km.labels_[0] != km.labels_[4])
    (1, True)
    >>> km.cluster_centers_.shape
    (2, 40, 1)
    """

    _parameter_constraints = {
        "n_clusters": [Interval(numbers.Integral, 1, None, closed="left")],
        "metric": [StrOptions({"euclidean", "dtw", "softdtw"})],
        "radius": [Interval(numbers.Integral, 0, None, closed="left"), None],
        "gamma": [Interval(numbers.Real, 0, None, closed="neither")],
        "init": [StrOptions({"k-means++", "random"}), "array-like"],
        "n_init": [Interval(numbers.Integral, 1, None, closed="left")],
        "max_iter": [Interval(numbers.Integral, 1, None, closed="left")],
        "tol": [Interval(numbers.Real, 0, None, closed="left")],
        "max_iter_barycenter": [Interval(numbers.Integral, 1, None, closed="left")],
        "random_state": ["random_state"],
        "n_jobs": [numbers.Integral, None],
    }

    def __init__(
        self,
        n_clusters=3,
        *,
        metric="euclidean",
        radius=None,
        gamma=1.0,
        init="k-means++",
        n_init=1,
        max_iter=50,
        tol=1e-6,
        max_iter_barycenter=10,
        random_state=None,
        n_jobs=None,
    ):
        self.n_clusters = n_clusters
        self.metric = metric
        self.radius = radius
        self.gamma = gamma
        self.init = init
        self.n_init = n_init
        self.max_iter = max_iter
        self.tol = tol
        self.max_iter_barycenter = max_iter_barycenter
        self.random_state = random_state
        self.n_jobs = n_jobs

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Cluster the series.

        Parameters
        ----------
        X : array-like of shape (n_series, length) or (n_series, length, \
                n_channels)
            Training series (trailing NaN padding for ``"dtw"`` and
            ``"softdtw"``).
        y : None
            Ignored.

        Returns
        -------
        self : object
        """
        data, lengths, _ = _validate_series(self, X, reset=True)
        self._check_lengths(data, lengths)
        _check_n_clusters(self.n_clusters, data.shape[0])
        series = series_list(data, lengths)
        rng = check_random_state(self.random_state)
        given = not isinstance(self.init, str)
        if given:
            init, init_len = check_dataset(self.init, "init")
            if init.shape[0] != self.n_clusters or init.shape[2] != data.shape[2]:
                raise ValueError(
                    f"init must hold n_clusters={self.n_clusters} centres of "
                    f"{data.shape[2]} channel(s); got shape {init.shape}."
                )
            if self.metric == "euclidean" and init.shape[1] != data.shape[1]:
                raise ValueError(
                    f"init centres have length {init.shape[1]}; the series have "
                    f"{data.shape[1]} (metric='euclidean' needs equal lengths)."
                )
            starts = [[init[c, :n].copy() for c, n in enumerate(init_len)]]
        else:
            starts = [None] * self.n_init
        best = None
        for start in starts:
            if start is None:
                start = self._seed(series, rng)
            run = self._lloyd(series, start)
            if best is None or run[2] < best[2]:
                best = run
        centers, self.labels_, self.inertia_, self.n_iter_ = best
        self._centers = centers
        self.cluster_centers_ = pad_series(centers)
        return self

    def _check_lengths(self, data, lengths):
        if self.metric == "euclidean" and np.any(lengths != data.shape[1]):
            raise ValueError(
                "metric='euclidean' needs series of equal length; the data has "
                "NaN-padded series of different lengths. Use metric='dtw' or "
                "'softdtw', or resample the series to one length."
            )

    def _values(self, series, centers):
        """Assignment values: squared distances (soft-DTW for "softdtw")."""
        if self.metric == "euclidean":
            flat = np.array([s.ravel() for s in series])
            return euclidean_distances(
                flat, np.array([c.ravel() for c in centers]), squared=True
            )
        if self.metric == "dtw":
            return cdist_dtw(
                series, centers, radius=self.radius, squared=True, n_jobs=self.n_jobs
            )
        return cdist_soft_dtw(
            series, centers, self.gamma, radius=self.radius, n_jobs=self.n_jobs
        )

    def _seed(self, series, rng):
        n = len(series)
        if self.init == "random":
            idx = rng.choice(n, self.n_clusters, replace=False)
        else:

            def sq_dist(indices):
                chosen = [series[i] for i in indices]
                if self.metric == "softdtw":
                    return cdist_soft_dtw(
                        chosen,
                        series,
                        self.gamma,
                        radius=self.radius,
                        normalized=True,
                        n_jobs=self.n_jobs,
                    )
                return self._values(chosen, series)

            idx = _kmeans_plusplus(sq_dist, n, self.n_clusters, rng)
        return [series[i].copy() for i in idx]

    def _assign(self, series, centers):
        values = self._values(series, centers)
        labels = np.argmin(values, axis=1)
        min_values = values[np.arange(len(series)), labels]
        return labels, min_values

    def _update(self, series, labels, centers):
        new = []
        for c in range(self.n_clusters):
            members = [series[i] for i in np.flatnonzero(labels == c)]
            if self.metric == "euclidean":
                new.append(np.mean(members, axis=0))
            elif self.metric == "dtw":
                new.append(
                    _dba(
                        members,
                        centers[c],
                        None,
                        self.radius,
                        self.max_iter_barycenter,
                        0.0,
                        self.n_jobs,
                    )[0]
                )
            else:
                new.append(
                    soft_dtw_barycenter(
                        members,
                        self.gamma,
                        init=centers[c],
                        radius=self.radius,
                        max_iter=self.max_iter_barycenter,
                        n_jobs=self.n_jobs,
                    )
                )
        return new

    def _lloyd(self, series, centers):
        labels, values = self._assign(series, centers)
        for s, c in _relocate_empty(labels, values, self.n_clusters):
            centers[c] = series[s].copy()
        inertia = values.sum()
        n_iter = 0
        while n_iter < self.max_iter:
            n_iter += 1
            centers = self._update(series, labels, centers)
            new_labels, values = self._assign(series, centers)
            moved = _relocate_empty(new_labels, values, self.n_clusters)
            new_inertia = values.sum()
            stable = not moved and np.array_equal(new_labels, labels)
            small = inertia - new_inertia <= self.tol * abs(inertia)
            labels, inertia = new_labels, new_inertia
            if moved:
                for s, c in moved:
                    centers[c] = series[s].copy()
                # the relocated series is its own centre: distance 0 (0 is
                # soft-DTW's value only approximately; recompute)
                labels, values = self._assign(series, centers)
                inertia = values.sum()
                continue
            if stable or small:
                break
        return centers, labels, float(inertia), n_iter

    def _series(self, X):
        check_is_fitted(self)
        data, lengths, _ = _validate_series(self, X, reset=False)
        check_channels(data, self.cluster_centers_.shape[2])
        self._check_lengths(data, lengths)
        if self.metric == "euclidean":
            _check_length(self, data.shape[1], self.cluster_centers_.shape[1])
        return series_list(data, lengths)

    def predict(self, X):
        """Closest centre of every series.

        Parameters
        ----------
        X : array-like of shape (n_series, length) or (n_series, length, \
                n_channels)
            Series.

        Returns
        -------
        labels : ndarray of int of shape (n_series,)
        """
        return self._assign(self._series(X), self._centers)[0]

    def transform(self, X):
        """Distances of every series to every centre.

        Euclidean or DTW distances (square roots of the assignment values);
        soft-DTW values for ``metric="softdtw"``.

        Parameters
        ----------
        X : array-like of shape (n_series, length) or (n_series, length, \
                n_channels)
            Series.

        Returns
        -------
        distances : ndarray of shape (n_series, n_clusters)
        """
        values = self._values(self._series(X), self._centers)
        if self.metric == "softdtw":
            return values
        return np.sqrt(np.maximum(values, 0.0))

    @property
    def _n_features_out(self):
        return self.n_clusters


def _znormalize(X):
    """Each channel of each series to mean 0 and unit variance (0 if constant)."""
    mean = X.mean(axis=1, keepdims=True)
    std = X.std(axis=1, keepdims=True)
    return (X - mean) / np.where(std > 0, std, 1.0)


def _cross_correlation(A, B, chunk_bytes=2**26):
    """``cc[a, b, k]`` = sum over t and channels of ``A[a, t + lag] B[b, t]``.

    ``A`` ``(n_a, L, d)`` and ``B`` ``(n_b, L, d)``; lags ``-(L - 1) .. L - 1``
    in increasing order along the last axis (the order of tslearn's
    ``normalized_cc``). Computed with zero-padded real FFTs, ``n_a`` in chunks.
    """
    length = A.shape[1]
    nfft = 1 << int(np.ceil(np.log2(2 * length - 1)))
    fa = np.fft.rfft(A, nfft, axis=1)
    fb = np.conj(np.fft.rfft(B, nfft, axis=1))
    out = np.empty((A.shape[0], B.shape[0], 2 * length - 1))
    step = max(1, chunk_bytes // (16 * nfft * max(B.shape[0], 1)))
    for a0 in range(0, A.shape[0], step):
        prod = np.einsum("afd,bfd->abf", fa[a0 : a0 + step], fb)
        cc = np.fft.irfft(prod, nfft, axis=-1)
        out[a0 : a0 + step, :, : length - 1] = cc[:, :, nfft - length + 1 :]
        out[a0 : a0 + step, :, length - 1 :] = cc[:, :, :length]
    return out


def _ncc(A, B):
    """Normalised cross-correlation at every lag (0 where a norm vanishes)."""
    denom = np.linalg.norm(A, axis=(1, 2))[:, None] * np.linalg.norm(B, axis=(1, 2))
    denom = np.where(denom < 1e-9, np.inf, denom)
    return _cross_correlation(A, B) / denom[:, :, None]


def _sbd(X, centers):
    """Shape-based distances ``1 - max_lag NCC`` of ``(n, L, d)`` to centres."""
    return 1.0 - _ncc(X, centers).max(axis=2)


def _shift(X, lags):
    """Every series of ``X`` shifted by its lag, zero-filled (``x[t] -> t + lag``)."""
    out = np.zeros_like(X)
    for i, lag in enumerate(lags):
        if lag > 0:
            out[i, lag:] = X[i, :-lag]
        elif lag < 0:
            out[i, :lag] = X[i, -lag:]
        else:
            out[i] = X[i]
    return out


def _shape_extraction(members, center):
    """k-Shape's centroid of ``members`` given the current ``center``.

    The maximiser of a Rayleigh quotient (Paparrizos & Gravano, Algorithm 2).
    Each member is shifted to its best cross-correlation lag against the
    current centre; per channel, the new centre is the leading eigenvector of
    ``Q^T S Q`` (``S`` the Gram matrix of the aligned members, ``Q`` the
    centring matrix), with the sign closer to the members.
    """
    length, d = center.shape
    if np.linalg.norm(center) > 0:
        cc = _ncc(center[None], members)[0]
        lags = np.argmax(cc, axis=1) - (length - 1)
        aligned = _shift(members, lags)
    else:
        aligned = members
    out = np.empty((length, d))
    for ch in range(d):
        Y = aligned[:, :, ch]
        Yc = Y - Y.mean(axis=1, keepdims=True)  # Y Q
        if Yc.shape[0] < length:
            # fewer members than frames: the leading eigenvector of Yc^T Yc
            # is Yc^T u for the leading one u of the smaller Yc Yc^T
            _, vectors = np.linalg.eigh(Yc @ Yc.T)
            mu = Yc.T @ vectors[:, -1]
            norm = np.linalg.norm(mu)
            mu = mu / norm if norm > 0 else np.full(length, length**-0.5)
        else:
            _, vectors = np.linalg.eigh(Yc.T @ Yc)
            mu = vectors[:, -1]
        plus = np.linalg.norm(Y - mu, axis=1).sum()
        minus = np.linalg.norm(Y + mu, axis=1).sum()
        out[:, ch] = -mu if minus < plus else mu
    return out


@series_docs
class KShape(
    ClassNamePrefixFeaturesOutMixin, TransformerMixin, ClusterMixin, BaseEstimator
):
    """k-Shape clustering of time series (Paparrizos & Gravano, 2015).

    Series are z-normalised (each channel to mean 0 and unit variance) and
    compared with the shape-based distance ``SBD(x, y) = 1 - max_w NCC_w(x,
    y)``, the largest normalised cross-correlation over all shifts, computed
    with FFTs: it is invariant to scaling, offset and shifts of a series.
    Each centroid maximises the sum of squared normalised cross-correlations
    with its (shift-aligned) members: the leading eigenvector of a Rayleigh
    quotient, per channel. As in tslearn, a run starts from ``n_clusters``
    series drawn at random and stops when the mean squared SBD stops
    decreasing by ``tol`` (keeping the previous centroids if it increased);
    an empty cluster receives the series farthest from its centroid.

    Parameters
    ----------
    n_clusters : int, default=3
        Number of clusters.
    init : {"random"} or array-like of shape (n_clusters, length, \
            n_channels), default="random"
        Starting centroids: distinct series drawn at random, or given series
        (z-normalised here; then ``n_init`` is 1).
    n_init : int, default=1
        Number of runs; the one of lowest inertia is kept.
    max_iter : int, default=100
        Maximum number of iterations per run.
    tol : float, default=1e-6
        Stop when the mean squared SBD decreases by less than this.
    random_state : int, RandomState instance or None, default=None
        Randomness of the starts.

    Attributes
    ----------
    cluster_centers_ : ndarray of shape (n_clusters, length, n_channels)
        Centroids (z-normalised).
    labels_ : ndarray of int of shape (n_series,)
        Cluster of each training series.
    inertia_ : float
        Sum of squared shape-based distances of the series to their centroid
        (tslearn reports the mean).
    n_iter_ : int
        Iterations of the kept run.
    {series_fit_attributes}

    See Also
    --------
    TimeSeriesKMeans : k-means under Euclidean, DTW or soft-DTW.

    References
    ----------
    .. [1] J. Paparrizos, L. Gravano. k-Shape: efficient and accurate
       clustering of time series. SIGMOD 2015.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.alignment import KShape
    >>> t = np.linspace(0, 4 * np.pi, 64)
    >>> X = np.array([np.sin(t + s) for s in (0, 0.5, 1)]
    ...              + [np.sign(np.sin(t + s)) for s in (0, 0.5, 1)])
    >>> ks = KShape(n_clusters=2, n_init=3, random_state=0).fit(X)
    >>> bool(len(set(ks.labels_[:3])) == 1 and ks.labels_[0] != ks.labels_[3])
    True
    """

    _parameter_constraints = {
        "n_clusters": [Interval(numbers.Integral, 1, None, closed="left")],
        "init": [StrOptions({"random"}), "array-like"],
        "n_init": [Interval(numbers.Integral, 1, None, closed="left")],
        "max_iter": [Interval(numbers.Integral, 1, None, closed="left")],
        "tol": [Interval(numbers.Real, 0, None, closed="left")],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        n_clusters=3,
        *,
        init="random",
        n_init=1,
        max_iter=100,
        tol=1e-6,
        random_state=None,
    ):
        self.n_clusters = n_clusters
        self.init = init
        self.n_init = n_init
        self.max_iter = max_iter
        self.tol = tol
        self.random_state = random_state

    def _data(self, X, reset):
        data, lengths, _ = _validate_series(self, X, reset=reset)
        if np.any(lengths != data.shape[1]):
            raise ValueError(
                "KShape needs series of equal length; the data has NaN-padded "
                "series of different lengths. Resample them to one length first "
                "(TimeSeriesResampler)."
            )
        return _znormalize(data)

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Cluster the series.

        Parameters
        ----------
        X : array-like of shape (n_series, length) or (n_series, length, \
                n_channels)
            Training series, all of one length.
        y : None
            Ignored.

        Returns
        -------
        self : object
        """
        data = self._data(X, reset=True)
        n = data.shape[0]
        _check_n_clusters(self.n_clusters, n)
        rng = check_random_state(self.random_state)
        if isinstance(self.init, str):
            starts = [None] * self.n_init
        else:
            init = np.asarray(self.init, dtype=np.float64)
            if init.ndim == 2:
                init = init[:, :, None]
            if init.shape != (self.n_clusters,) + data.shape[1:]:
                raise ValueError(
                    f"init must have shape {(self.n_clusters,) + data.shape[1:]} "
                    f"(n_clusters, length, n_channels); got {init.shape}."
                )
            if not np.all(np.isfinite(init)):
                raise ValueError("init contains NaN or infinity.")
            starts = [_znormalize(init)]
        best = None
        for start in starts:
            if start is None:
                start = data[rng.choice(n, self.n_clusters, replace=False)].copy()
            run = self._run(data, start)
            if best is None or run[2] < best[2]:
                best = run
        self.cluster_centers_, self.labels_, self.inertia_, self.n_iter_ = best
        return self

    def _assign(self, data, centers):
        dist = _sbd(data, centers)
        labels = np.argmin(dist, axis=1)
        min_dist = dist[np.arange(data.shape[0]), labels]
        for s, c in _relocate_empty(labels, min_dist, self.n_clusters):
            centers[c] = data[s]
        return labels, min_dist

    def _run(self, data, centers):
        labels, dist = self._assign(data, centers)
        old_inertia = np.inf
        n_iter = 0
        while n_iter < self.max_iter:
            n_iter += 1
            old_centers = centers.copy()
            centers = np.array(
                [
                    _shape_extraction(data[labels == c], centers[c])
                    for c in range(self.n_clusters)
                ]
            )
            centers = _znormalize(centers)
            labels, dist = self._assign(data, centers)
            inertia = np.mean(dist**2)
            if abs(old_inertia - inertia) < self.tol or old_inertia < inertia:
                centers = old_centers
                labels, dist = self._assign(data, centers)
                break
            old_inertia = inertia
        return centers, labels, float(np.sum(dist**2)), n_iter

    def predict(self, X):
        """Closest centroid (in shape-based distance) of every series.

        Parameters
        ----------
        X : array-like of shape (n_series, length) or (n_series, length, \
                n_channels)
            Series of the training length.

        Returns
        -------
        labels : ndarray of int of shape (n_series,)
        """
        return np.argmin(self.transform(X), axis=1)

    def transform(self, X):
        """Shape-based distances of every series to every centroid.

        Parameters
        ----------
        X : array-like of shape (n_series, length) or (n_series, length, \
                n_channels)
            Series of the training length.

        Returns
        -------
        distances : ndarray of shape (n_series, n_clusters)
            Values in ``[0, 2]``.
        """
        check_is_fitted(self)
        data = self._data(X, reset=False)
        _check_length(self, data.shape[1], self.cluster_centers_.shape[1])
        check_channels(data, self.cluster_centers_.shape[2])
        return _sbd(data, self.cluster_centers_)

    @property
    def _n_features_out(self):
        return self.n_clusters
