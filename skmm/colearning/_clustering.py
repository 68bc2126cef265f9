"""Multi-view clustering: views that agree on one partition of the samples.

Co-learning without labels: each view (modality) of the same samples proposes
clusters, and the views correct each other until they agree. Three classic
methods, all scikit-learn clusterers under the views contract:

- :class:`MultiviewKMeans`: co-EM k-means (Bickel & Scheffer, 2004), each
  view's centroids computed from the other views' partition;
- :class:`MultiviewSpectralClustering`: co-training spectral clustering (Kumar
  & Daumé, 2011), each view's graph projected on the other views'
  eigenvectors;
- :class:`CoRegularizedSpectralClustering`: co-regularised spectral clustering
  (Kumar, Rai & Daumé, 2011), each view's eigenvectors pulled towards the
  others' (pairwise) or towards a consensus (centroid).

Every view update within an iteration uses the previous iteration's other
views (a Jacobi sweep, not a Gauss-Seidel one), so the result does not depend
on the order of the views.
"""

from collections.abc import Mapping
from numbers import Integral, Real

import numpy as np
from scipy import linalg
from sklearn.base import BaseEstimator, ClusterMixin, _fit_context
from sklearn.cluster import KMeans, kmeans_plusplus
from sklearn.metrics.pairwise import euclidean_distances
from sklearn.neighbors import kneighbors_graph
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted

from ..utils import MultiViewMixin
from ..utils._docstrings import Substitution, views_docs
from ..utils._linalg import sign_flips
from ..utils._views import per_view

__all__ = [
    "CoRegularizedSpectralClustering",
    "MultiviewKMeans",
    "MultiviewSpectralClustering",
]

_AFFINITIES = ("rbf", "nearest_neighbors", "precomputed")
_PER_VIEW = [list, tuple, Mapping]  # a value per view, by position or by name


def _check_n_clusters(owner, n_rows):
    if owner.n_clusters > n_rows:
        raise ValueError(
            f"{type(owner).__name__}: n_clusters={owner.n_clusters} but there are "
            f"only n_samples={n_rows} rows to cluster."
        )


# -- spectral building blocks ----------------------------------------------------


def _check_affinity(value, where):
    if not (isinstance(value, str) and value in _AFFINITIES):
        raise ValueError(f"{where} must be one of {list(_AFFINITIES)}; got {value!r}.")


def _check_gamma(value, where):
    if value is None:
        return
    if not isinstance(value, Real) or isinstance(value, bool) or not value > 0:
        raise ValueError(f"{where} must be a positive number or None; got {value!r}.")


def _check_neighbors(value, where):
    if not isinstance(value, Integral) or isinstance(value, bool) or value < 1:
        raise ValueError(f"{where} must be a positive integer; got {value!r}.")


def view_affinity(block, affinity="rbf", gamma=None, n_neighbors=10, *, name="view"):
    """The affinity matrix of one view's rows, symmetric, zero diagonal.

    - ``"rbf"``: ``exp(-gamma ||x_i - x_j||^2)``; ``gamma=None`` takes the
      inverse of the median squared distance between rows (a scale of the
      view's own, so views in different units compare);
    - ``"nearest_neighbors"``: 1 between rows among each other's
      ``n_neighbors`` nearest, 0.5 when only one is the other's neighbour
      (scikit-learn's ``SpectralClustering`` graph);
    - ``"precomputed"``: the view's block is itself an ``n x n`` affinity
      matrix (its columns are the rows), symmetrised.

    Self-affinities are set to 0 (Ng, Jordan & Weiss, 2001).
    """
    n = block.shape[0]
    if affinity == "precomputed":
        if block.shape[1] != n:
            raise ValueError(
                f"View {name!r} is a precomputed affinity, so it needs one column "
                f"per row: it has {block.shape[1]} columns for {n} rows (views "
                "with different numbers of rows cannot be clustered together)."
            )
        if (block < 0).any():
            raise ValueError(f"The precomputed affinity of view {name!r} is negative.")
        W = (block + block.T) / 2.0
    elif affinity == "nearest_neighbors":
        k = min(n_neighbors, n - 1)
        if k < 1:
            W = np.zeros((n, n))
        else:
            A = kneighbors_graph(block, k, include_self=False).toarray()
            W = (A + A.T) / 2.0
    else:
        D = euclidean_distances(block, squared=True)
        if gamma is None:
            off = D[~np.eye(n, dtype=bool)]
            med = float(np.median(off)) if off.size else 0.0
            gamma = 1.0 / med if med > 0 else 1.0
        W = np.exp(-gamma * D)
    W = np.array(W, dtype=np.float64)
    np.fill_diagonal(W, 0.0)
    return W


def normalized_affinity(W):
    """``D^{-1/2} W D^{-1/2}``; rows of zero degree stay zero."""
    degree = W.sum(axis=1)
    inv = np.zeros_like(degree)
    positive = degree > 0
    inv[positive] = 1.0 / np.sqrt(degree[positive])
    return W * inv[:, None] * inv[None, :]


def top_eigenvectors(S, k):
    """The ``k`` leading eigenvectors of symmetric ``S`` (columns, signs fixed)."""
    S = (S + S.T) / 2.0
    n = S.shape[0]
    w, V = linalg.eigh(S, subset_by_index=[n - k, n - 1])
    V = V[:, ::-1]
    return V * sign_flips(V), w[::-1]


def consensus_embedding(embeddings, k):
    """The ``k`` leading left singular vectors of the views' embeddings side by side.

    They span the subspace closest, on average, to every view's (the top
    eigenvectors of ``sum_v U_v U_v^T``); for identical views it is theirs.
    """
    U = np.hstack(embeddings)
    left, _, _ = linalg.svd(U, full_matrices=False)
    left = left[:, :k]
    return left * sign_flips(left)


def _row_normalize(U):
    norms = np.linalg.norm(U, axis=1, keepdims=True)
    return U / np.where(norms > 0, norms, 1.0)


def _subspace_change(U_new, U_old):
    """``1 - sigma_min(U_new^T U_old)``: 0 when both span the same subspace."""
    s = linalg.svdvals(U_new.T @ U_old)
    return float(1.0 - s.min())


_SPECTRAL_PARAMS = """\
n_clusters : int, default=2
    Number of clusters, at least 2.
affinity : {"rbf", "nearest_neighbors", "precomputed"}, list or dict, \
        default="rbf"
    How each view's graph is built (one value for every view, a list by
    position or a dict by view name): a Gaussian kernel, a symmetric
    nearest-neighbour graph, or a precomputed affinity (that view's block of
    ``X`` is an ``n x n`` matrix). Self-affinities are set to 0.
gamma : float, None, list or dict, default=None
    Coefficient of the "rbf" kernel ``exp(-gamma ||x - x'||^2)``, per view as
    ``affinity``; None takes the inverse median squared distance of the
    view's rows (so views in different units compare).
n_neighbors : int, list or dict, default=10
    Neighbours of the "nearest_neighbors" graph, per view as ``affinity``."""

_SPECTRAL_TAIL = """\
n_init : int, default=10
    Runs of the final k-means on the embedding, the best kept.
random_state : int, RandomState instance or None, default=None
    Seed of the final k-means."""


class _BaseMultiviewClustering(MultiViewMixin, ClusterMixin, BaseEstimator):
    """Shared validation of the multi-view clusterers."""

    _n_views = (1, None)

    _parameter_constraints: dict = {
        **MultiViewMixin._parameter_constraints,
        "n_clusters": [Interval(Integral, 2, None, closed="left")],
        "n_init": [Interval(Integral, 1, None, closed="left")],
        "random_state": ["random_state"],
    }

    def _validated_blocks(self, X, y, *, reset):
        self._reject_second_view(y)
        X, _, _ = self._validate_views_data(X, reset=reset, dtype=np.float64)
        if reset:
            _check_n_clusters(self, X.shape[0])
        return self._split_views(X)

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Cluster the rows of ``X`` with every view.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Every view's columns side by side (see ``views``).
        y : None
            Ignored (a 2-D ``y`` is an error: pass every view in ``X``).

        Returns
        -------
        self : object
            The fitted clusterer.
        """
        return self._fit(self._validated_blocks(X, y, reset=True))

    def fit_predict(self, X, y=None):
        """Cluster the rows of ``X`` and return their labels.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Every view's columns side by side.
        y : None
            Ignored.

        Returns
        -------
        labels : ndarray of shape (n_samples,)
            Cluster of each row (the views' consensus).
        """
        return self.fit(X, y).labels_


class _BaseSpectral(_BaseMultiviewClustering):
    """Per-view graphs, embeddings, and the final k-means."""

    _parameter_constraints: dict = {
        **_BaseMultiviewClustering._parameter_constraints,
        "affinity": [StrOptions(set(_AFFINITIES)), *_PER_VIEW],
        "gamma": [None, Interval(Real, 0, None, closed="neither"), *_PER_VIEW],
        "n_neighbors": [Interval(Integral, 1, None, closed="left"), *_PER_VIEW],
        "max_iter": [Interval(Integral, 0, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
    }

    def _normalized_affinities(self, blocks):
        names = self.view_names_
        affinities = per_view(self.affinity, "affinity", names, check=_check_affinity)
        gammas = per_view(self.gamma, "gamma", names, check=_check_gamma)
        neighbors = per_view(
            self.n_neighbors, "n_neighbors", names, check=_check_neighbors
        )
        return [
            normalized_affinity(view_affinity(b, a, g, k, name=v))
            for b, a, g, k, v in zip(blocks, affinities, gammas, neighbors, names)
        ]

    def _fit(self, blocks):
        affinities = self._normalized_affinities(blocks)
        k = self.n_clusters
        embeddings = [top_eigenvectors(L, k)[0] for L in affinities]
        embedding = self._iterate(affinities, embeddings, k)
        self.embedding_ = embedding
        km = KMeans(k, n_init=self.n_init, random_state=self.random_state)
        self.labels_ = km.fit_predict(_row_normalize(embedding))
        return self


@views_docs
@Substitution(spectral=_SPECTRAL_PARAMS, spectral_tail=_SPECTRAL_TAIL)
class MultiviewSpectralClustering(_BaseSpectral):
    """Co-training spectral clustering: each view's graph guided by the others.

    Kumar & Daumé (2011) bring co-training to spectral clustering: each view
    has a graph over the samples and the ``k`` leading eigenvectors ``U_v`` of
    its normalised affinity ``L_v = D^{-1/2} W_v D^{-1/2}`` (Ng, Jordan &
    Weiss, 2001). Each iteration projects every view's graph onto the span of
    the other views' eigenvectors, ``S_v = sym(P_{-v} L_v)`` with ``P_{-v}``
    the mean of ``U_w U_w^T`` over the other views, and takes the leading
    eigenvectors of ``S_v`` as the new ``U_v``: the similarity a view keeps is
    the part the other views agree on, so the views learn each other's
    clusters. All views are updated from the previous iteration (the result
    does not depend on the order of the views). The clusters come from
    k-means on the row-normalised consensus embedding (the leading singular
    vectors of all the ``U_v`` side by side).

    With one view this is plain (Ng-Jordan-Weiss) spectral clustering; with
    identical views it gives the same result, since ``U`` is then a fixed
    point. Memory and time: one dense ``n x n`` affinity per view and a
    symmetric eigenproblem per view and iteration, so a few thousand rows.
    There is no ``predict``: spectral clustering labels the rows it is given.

    Parameters
    ----------
    {spectral}
    {views}
    max_iter : int, default=10
        Co-training iterations (0: cluster the consensus of the views' own
        embeddings).
    tol : float, default=1e-6
        Stop when no view's eigenvector subspace moved by more than ``tol``
        (one minus the smallest principal cosine).
    {spectral_tail}

    Attributes
    ----------
    labels_ : ndarray of shape (n_samples,)
        Cluster of each row.
    embedding_ : ndarray of shape (n_samples, n_clusters)
        The consensus embedding the clusters come from (before row
        normalisation).
    n_iter_ : int
        Co-training iterations run.
    {views_attributes}

    See Also
    --------
    CoRegularizedSpectralClustering : Views pulled together by a penalty.
    MultiviewKMeans : Co-EM k-means, with ``predict``.
    sklearn.cluster.SpectralClustering : One view.

    References
    ----------
    .. [1] A. Kumar and H. Daumé III, "A co-training approach for multi-view
       spectral clustering", ICML 2011.
    .. [2] A. Y. Ng, M. I. Jordan and Y. Weiss, "On spectral clustering:
       analysis and an algorithm", NIPS 2001.

    Examples
    --------
    >>> from sklearn.metrics import normalized_mutual_info_score
    >>> from skmm.colearning import MultiviewSpectralClustering
    >>> from skmm.datasets import make_multiview_classification
    >>> X, y, views = make_multiview_classification(
    ...     n_samples=200, n_classes=4, n_features=(3, 30), n_informative=3,
    ...     informativeness=(1.2, 1.2), random_state=2)
    >>> model = MultiviewSpectralClustering(4, views=views, random_state=0)
    >>> round(normalized_mutual_info_score(y, model.fit_predict(X)), 2)
    0.84
    """

    def __init__(
        self,
        n_clusters=2,
        *,
        views=None,
        affinity="rbf",
        gamma=None,
        n_neighbors=10,
        max_iter=10,
        tol=1e-6,
        n_init=10,
        random_state=None,
    ):
        self.n_clusters = n_clusters
        self.views = views
        self.affinity = affinity
        self.gamma = gamma
        self.n_neighbors = n_neighbors
        self.max_iter = max_iter
        self.tol = tol
        self.n_init = n_init
        self.random_state = random_state

    def _iterate(self, affinities, embeddings, k):
        n_views = len(affinities)
        self.n_iter_ = 0
        if n_views > 1:
            for it in range(self.max_iter):
                new = []
                for v, L in enumerate(affinities):
                    others = [embeddings[w] for w in range(n_views) if w != v]
                    Q = np.hstack(others) / np.sqrt(len(others))
                    S = Q @ (Q.T @ L)  # P_{-v} L_v with P_{-v} = Q Q^T
                    new.append(top_eigenvectors(S, k)[0])
                change = max(_subspace_change(a, b) for a, b in zip(new, embeddings))
                embeddings = new
                self.n_iter_ = it + 1
                if change <= self.tol:
                    break
        return consensus_embedding(embeddings, k)


@views_docs
@Substitution(spectral=_SPECTRAL_PARAMS, spectral_tail=_SPECTRAL_TAIL)
class CoRegularizedSpectralClustering(_BaseSpectral):
    """Co-regularised spectral clustering: each view's embedding near the others'.

    Kumar, Rai & Daumé (2011) maximise the views' spectral objectives
    ``tr(U_v^T L_v U_v)`` (``L_v`` the normalised affinity of view ``v``)
    plus ``alpha`` times the agreement of their embeddings, measured by
    ``tr(U_v U_v^T U_w U_w^T)``:

    - ``coupling="pairwise"``: every pair of views agrees; each iteration sets
      ``U_v`` to the leading eigenvectors of
      ``L_v + alpha sum_{w != v} U_w U_w^T``, and the clusters come from the
      consensus embedding (the leading singular vectors of all the ``U_v``);
    - ``coupling="centroid"``: every view agrees with a consensus ``U*``;
      ``U_v`` from ``L_v + alpha U* U*^T``, then ``U*`` from
      ``sum_v U_v U_v^T``, and the clusters come from ``U*``.

    All views are updated from the previous iteration (the result does not
    depend on the order of the views); k-means on the row-normalised
    embedding gives the clusters. With one view, or identical views, this is
    plain (Ng-Jordan-Weiss) spectral clustering. Memory and time: a dense
    ``n x n`` matrix per view and an eigenproblem per view and iteration.

    Parameters
    ----------
    {spectral}
    {views}
    alpha : float, default=0.5
        Weight of the agreement between views (the paper's lambda); 0 leaves
        each view alone.
    coupling : {"pairwise", "centroid"}, default="pairwise"
        Agreement between every pair of views, or with a consensus.
    max_iter : int, default=10
        Alternations (0: cluster the consensus of the views' own embeddings).
    tol : float, default=1e-6
        Stop when no embedding's subspace moved by more than ``tol`` (one
        minus the smallest principal cosine).
    {spectral_tail}

    Attributes
    ----------
    labels_ : ndarray of shape (n_samples,)
        Cluster of each row.
    embedding_ : ndarray of shape (n_samples, n_clusters)
        The embedding the clusters come from (before row normalisation).
    n_iter_ : int
        Alternations run.
    {views_attributes}

    See Also
    --------
    MultiviewSpectralClustering : Co-training instead of a penalty.
    MultiviewKMeans : Co-EM k-means, with ``predict``.

    References
    ----------
    .. [1] A. Kumar, P. Rai and H. Daumé III, "Co-regularized multi-view
       spectral clustering", NIPS 2011.

    Examples
    --------
    >>> from sklearn.metrics import normalized_mutual_info_score
    >>> from skmm.colearning import CoRegularizedSpectralClustering
    >>> from skmm.datasets import make_multiview_classification
    >>> X, y, views = make_multiview_classification(
    ...     n_samples=200, n_classes=4, n_features=(3, 30), n_informative=3,
    ...     informativeness=(1.2, 1.2), random_state=2)
    >>> model = CoRegularizedSpectralClustering(4, views=views, random_state=0)
    >>> round(normalized_mutual_info_score(y, model.fit_predict(X)), 2)
    0.78
    """

    _parameter_constraints: dict = {
        **_BaseSpectral._parameter_constraints,
        "alpha": [Interval(Real, 0, None, closed="left")],
        "coupling": [StrOptions({"pairwise", "centroid"})],
    }

    def __init__(
        self,
        n_clusters=2,
        *,
        views=None,
        affinity="rbf",
        gamma=None,
        n_neighbors=10,
        alpha=0.5,
        coupling="pairwise",
        max_iter=10,
        tol=1e-6,
        n_init=10,
        random_state=None,
    ):
        self.n_clusters = n_clusters
        self.views = views
        self.affinity = affinity
        self.gamma = gamma
        self.n_neighbors = n_neighbors
        self.alpha = alpha
        self.coupling = coupling
        self.max_iter = max_iter
        self.tol = tol
        self.n_init = n_init
        self.random_state = random_state

    def _iterate(self, affinities, embeddings, k):
        n_views = len(affinities)
        self.n_iter_ = 0
        centroid = consensus_embedding(embeddings, k)
        if n_views == 1:
            return centroid
        for it in range(self.max_iter):
            if self.coupling == "centroid":
                pull = [centroid @ centroid.T] * n_views
            else:
                projections = [U @ U.T for U in embeddings]
                total = np.sum(projections, axis=0)
                pull = [total - P for P in projections]
            new = [
                top_eigenvectors(L + self.alpha * M, k)[0]
                for L, M in zip(affinities, pull)
            ]
            change = max(_subspace_change(a, b) for a, b in zip(new, embeddings))
            embeddings = new
            new_centroid = consensus_embedding(embeddings, k)
            change = max(change, _subspace_change(new_centroid, centroid))
            centroid = new_centroid
            self.n_iter_ = it + 1
            if change <= self.tol:
                break
        return centroid


@views_docs
class MultiviewKMeans(_BaseMultiviewClustering):
    """Multi-view k-means by co-EM: each view's centroids from the others' clusters.

    Bickel & Scheffer (2004) cluster with several views by co-EM: the
    partition found in one view sets the centroids of the next view (its
    M-step), whose own assignment (E-step) is handed on in turn, so each view
    learns from the clusters the others see. Here all views are updated from
    the previous iteration's partitions (so the order of the views does not
    matter): view ``v`` takes as its M-step partition the consensus of the
    other views, then assigns its rows to the nearest of its centroids. Co-EM
    need not converge (views can hand a few rows back and forth in a cycle):
    it stops when the partitions repeat one of the last iterations (a fixed
    point or a cycle) or stop improving, and keeps the iterate of smallest
    consensus inertia.
    The final label of a row is the
    consensus of all views: the cluster whose centroids are nearest summed
    over the views, each view's squared distances divided by that view's
    total variance, so every view counts the same whatever its number of
    columns or units. :meth:`predict` labels new rows the same way.

    Starting centroids are drawn by k-means++ on the views side by side (each
    scaled to unit total variance); ``n_init`` starts are run and the one of
    smallest consensus inertia is kept. With one view, or identical views,
    this is k-means (Lloyd's iterations).

    Parameters
    ----------
    n_clusters : int, default=2
        Number of clusters, at least 2.
    {views}
    n_init : int, default=10
        Starts, the best (smallest ``inertia_``) kept.
    max_iter : int, default=300
        Largest number of co-EM iterations per start.
    random_state : int, RandomState instance or None, default=None
        Seed of the k-means++ starts.

    Attributes
    ----------
    labels_ : ndarray of shape (n_samples,)
        Consensus cluster of each row.
    cluster_centers_ : list of ndarray of shape (n_clusters, n_view_features)
        Centroids of each view.
    view_labels_ : ndarray of shape (n_views, n_samples)
        The last partition of each view on its own.
    view_scales_ : ndarray of shape (n_views,)
        Total variance of each view (the divisor of its squared distances).
    inertia_ : float
        Consensus inertia: the sum over rows of the scaled squared distances
        to the centroids of their cluster.
    n_iter_ : int
        Co-EM iterations of the kept start, up to the kept iterate.
    {views_attributes}

    See Also
    --------
    MultiviewSpectralClustering : Co-training spectral clustering.
    sklearn.cluster.KMeans : One view.

    References
    ----------
    .. [1] S. Bickel and T. Scheffer, "Multi-view clustering", ICDM 2004.

    Examples
    --------
    >>> from sklearn.cluster import KMeans
    >>> from sklearn.metrics import normalized_mutual_info_score
    >>> from sklearn.preprocessing import StandardScaler
    >>> from skmm.colearning import MultiviewKMeans
    >>> from skmm.datasets import make_multiview_classification
    >>> X, y, views = make_multiview_classification(
    ...     n_samples=200, n_classes=4, n_features=(3, 30), n_informative=3,
    ...     informativeness=(1.2, 1.2), random_state=2)
    >>> model = MultiviewKMeans(4, views=views, random_state=0).fit(X)
    >>> round(normalized_mutual_info_score(y, model.labels_), 2)
    0.81
    >>> # k-means on the standardised columns side by side
    >>> Z = StandardScaler().fit_transform(X)
    >>> concat = KMeans(4, random_state=0).fit_predict(Z)
    >>> round(normalized_mutual_info_score(y, concat), 2)
    0.6
    >>> bool((model.predict(X) == model.labels_).all())
    True
    """

    _parameter_constraints: dict = {
        **_BaseMultiviewClustering._parameter_constraints,
        "max_iter": [Interval(Integral, 1, None, closed="left")],
    }

    def __init__(
        self, n_clusters=2, *, views=None, n_init=10, max_iter=300, random_state=None
    ):
        self.n_clusters = n_clusters
        self.views = views
        self.n_init = n_init
        self.max_iter = max_iter
        self.random_state = random_state

    def _fit(self, blocks):
        scales = np.array([b.var(axis=0).sum() for b in blocks])
        self.view_scales_ = np.where(scales > 0, scales, 1.0)
        stacked = np.hstack([b / np.sqrt(s) for b, s in zip(blocks, self.view_scales_)])
        rng = check_random_state(self.random_state)
        best = None
        for _ in range(self.n_init):
            seed = rng.randint(np.iinfo(np.int32).max)
            _, starts = kmeans_plusplus(stacked, self.n_clusters, random_state=seed)
            run = self._co_em(blocks, [b[starts] for b in blocks])
            if best is None or run[0] < best[0]:
                best = run
        self.inertia_, self.cluster_centers_, self.view_labels_, self.n_iter_ = best
        self.labels_ = self._consensus(self._distances(blocks))
        return self

    def _distances(self, blocks, centers=None):
        centers = self.cluster_centers_ if centers is None else centers
        return [
            euclidean_distances(b, c, squared=True) / s
            for b, c, s in zip(blocks, centers, self.view_scales_)
        ]

    @staticmethod
    def _consensus(distances, skip=None):
        total = sum(d for v, d in enumerate(distances) if v != skip)
        return np.argmin(total, axis=1)

    def _co_em(self, blocks, centers):
        """One start of co-EM; the iterate of smallest consensus inertia.

        Co-EM need not converge: the views can hand a few rows back and forth
        in a cycle. It stops at a fixed point, when the partitions repeat one
        of the last iterations (a cycle), when the smallest inertia has not
        improved for ``_PATIENCE`` iterations, or after ``max_iter``.
        """
        n_views, k = len(blocks), self.n_clusters
        distances = self._distances(blocks, centers)
        labels = [np.argmin(d, axis=1) for d in distances]
        best = None
        seen = []
        n_iter = 0
        for it in range(self.max_iter):
            n_iter = it + 1
            if n_views == 1:
                guide = [labels[0]]
            else:
                guide = [self._consensus(distances, skip=v) for v in range(n_views)]
            centers = [
                _centroids(b, g, c, k) for b, g, c in zip(blocks, guide, centers)
            ]
            distances = self._distances(blocks, centers)
            labels = [np.argmin(d, axis=1) for d in distances]
            consensus = self._consensus(distances)
            rows = np.arange(consensus.shape[0])
            inertia = float(sum(d[rows, consensus].sum() for d in distances))
            if best is None or inertia < best[0]:
                best = (inertia, centers, np.vstack(labels), n_iter)
            state = np.vstack(labels).tobytes()
            if state in seen or n_iter - best[3] >= _PATIENCE:
                break  # a fixed point (the last state), a cycle, or no progress
            seen = [*seen[-(_PATIENCE - 1) :], state]
        return best

    def predict(self, X):
        """The consensus cluster of new rows.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Rows with every view's columns.

        Returns
        -------
        labels : ndarray of shape (n_samples,)
            Cluster of each row.
        """
        check_is_fitted(self)
        blocks = self._validated_blocks(X, None, reset=False)
        return self._consensus(self._distances(blocks))


# co-EM stops after this many iterations without a smaller consensus inertia
_PATIENCE = 10


def _centroids(block, labels, previous, k):
    """Mean of each cluster's rows; an empty cluster keeps its centroid."""
    counts = np.bincount(labels, minlength=k)
    sums = np.zeros((k, block.shape[1]))
    np.add.at(sums, labels, block)
    out = previous.copy()
    filled = counts > 0
    out[filled] = sums[filled] / counts[filled, None]
    return out
