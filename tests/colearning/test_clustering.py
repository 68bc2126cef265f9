"""Multi-view clustering: MultiviewKMeans, MultiviewSpectralClustering,
CoRegularizedSpectralClustering."""

import numpy as np
import pytest
from scipy import linalg
from sklearn.base import clone
from sklearn.cluster import KMeans, SpectralClustering
from sklearn.datasets import make_blobs
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
from sklearn.metrics.pairwise import euclidean_distances
from sklearn.preprocessing import StandardScaler
from sklearn.utils import estimator_checks

from skmm.colearning import (
    CoRegularizedSpectralClustering,
    MultiviewKMeans,
    MultiviewSpectralClustering,
)
from skmm.datasets import make_multiview_classification
from skmm.utils import stack_views
from skmm.utils.discovery import all_estimators

CLUSTERERS = [
    MultiviewKMeans,
    MultiviewSpectralClustering,
    CoRegularizedSpectralClustering,
]
SPECTRAL = [MultiviewSpectralClustering, CoRegularizedSpectralClustering]

# each view alone is ambiguous: four classes with a weak signal in each view, a
# narrow view (3 columns) and a wide one (30 columns, 3 informative)
AMBIGUOUS = dict(
    n_samples=200,
    n_classes=4,
    n_features=(3, 30),
    n_informative=3,
    informativeness=(1.2, 1.2),
)


def _median_gamma(Z):
    D = euclidean_distances(Z, squared=True)
    return 1.0 / np.median(D[~np.eye(D.shape[0], dtype=bool)])


def _spectral(Z, k):
    model = SpectralClustering(k, gamma=_median_gamma(Z), random_state=0)
    return model.fit_predict(Z)


def _kmeans(Z, k):
    return KMeans(k, n_init=10, random_state=0).fit_predict(Z)


def test_discovery_lists_them_as_clusterers():
    clusterers = {name for name, _ in all_estimators(type_filter="cluster")}
    assert {cls.__name__ for cls in CLUSTERERS} <= clusterers


def test_multiview_beats_single_and_concatenated_views():
    scores = {key: [] for key in ("km", "sc", "MultiviewKMeans", "spectral", "coreg")}
    baselines = {"km": [], "sc": []}
    for seed in range(5):
        X, y, views = make_multiview_classification(random_state=seed, **AMBIGUOUS)
        Z = StandardScaler().fit_transform(X)
        blocks = [Z[:, s] for s in views.values()]
        candidates = {"km": [], "sc": []}
        for data in [*blocks, Z]:  # each view alone, then the views side by side
            candidates["km"].append(normalized_mutual_info_score(y, _kmeans(data, 4)))
            candidates["sc"].append(normalized_mutual_info_score(y, _spectral(data, 4)))
        for key in baselines:
            baselines[key].append(candidates[key])
        for key, cls in (
            ("MultiviewKMeans", MultiviewKMeans),
            ("spectral", MultiviewSpectralClustering),
            ("coreg", CoRegularizedSpectralClustering),
        ):
            labels = cls(4, views=views, random_state=0).fit_predict(X)
            scores[key].append(normalized_mutual_info_score(y, labels))
    best_km = np.mean(baselines["km"], axis=0).max()  # best of v0, v1, concat
    best_sc = np.mean(baselines["sc"], axis=0).max()
    assert np.mean(scores["MultiviewKMeans"]) > best_km + 0.05
    assert np.mean(scores["spectral"]) > best_sc + 0.05
    assert np.mean(scores["coreg"]) > best_sc + 0.05


def _blobs(seed=0):
    X, y = make_blobs(150, n_features=3, centers=3, cluster_std=0.6, random_state=seed)
    return X, y


@pytest.mark.parametrize("cls", CLUSTERERS)
def test_two_identical_views_equal_one_view(cls):
    X, y = _blobs()
    two, views = stack_views([X, X])
    one = cls(3, views=[slice(0, 3)], random_state=0).fit_predict(X)
    both = cls(3, views=views, random_state=0).fit_predict(two)
    np.testing.assert_array_equal(one, both)
    assert adjusted_rand_score(y, one) == 1.0


def test_one_view_is_the_single_view_method():
    X, y = _blobs(1)
    km = MultiviewKMeans(3, views=[slice(0, 3)], random_state=0).fit(X)
    assert (
        adjusted_rand_score(KMeans(3, random_state=0).fit_predict(X), km.labels_) == 1
    )
    for cls in SPECTRAL:
        labels = cls(3, views=[slice(0, 3)], random_state=0).fit_predict(X)
        reference = SpectralClustering(3, gamma=_median_gamma(X), random_state=0)
        assert adjusted_rand_score(reference.fit_predict(X), labels) == 1.0


@pytest.mark.parametrize("cls", CLUSTERERS)
def test_order_of_views_does_not_matter_and_seeds_reproduce(cls):
    X, y, views = make_multiview_classification(
        n_samples=120,
        n_classes=3,
        n_features=(3, 5, 4),
        informativeness=(1.0, 1.0, 1.0),
        random_state=0,
    )
    names = list(views)
    forward = cls(3, views={n: views[n] for n in names}, random_state=0)
    backward = cls(3, views={n: views[n] for n in names[::-1]}, random_state=0)
    labels = forward.fit_predict(X)
    np.testing.assert_array_equal(labels, backward.fit_predict(X))
    np.testing.assert_array_equal(labels, clone(forward).fit_predict(X))


def test_multiview_kmeans_co_em_step_and_consensus():
    X, y, views = make_multiview_classification(
        n_samples=150,
        n_classes=3,
        n_features=(4, 6),
        informativeness=(1.0, 1.0),
        random_state=1,
    )
    model = MultiviewKMeans(3, views=views, random_state=0).fit(X)
    blocks = [X[:, s] for s in views.values()]
    scales = [b.var(axis=0).sum() for b in blocks]
    # one co-EM step by hand: each view's E-step from its starting centroids,
    # then each view's M-step over the other view's partition, and E-step again
    starts = [b[[0, 50, 100]] for b in blocks]
    first = [euclidean_distances(b, c).argmin(1) for b, c in zip(blocks, starts)]
    expected = [
        np.stack([blocks[v][first[1 - v] == c].mean(0) for c in range(3)])
        for v in range(2)
    ]
    probe = clone(model).set_params(max_iter=1)
    probe.view_scales_ = np.asarray(scales)
    _, centers, labels, n_iter = probe._co_em(blocks, starts)
    assert n_iter == 1
    for v in range(2):
        np.testing.assert_allclose(centers[v], expected[v])
        nearest = euclidean_distances(blocks[v], expected[v]).argmin(1)
        np.testing.assert_array_equal(labels[v], nearest)
    # the kept iterate: each view's partition is its nearest centroids, and the
    # consensus weighs each view's squared distances by its total variance
    for v in range(2):
        nearest = euclidean_distances(blocks[v], model.cluster_centers_[v]).argmin(1)
        np.testing.assert_array_equal(nearest, model.view_labels_[v])
    total = sum(
        euclidean_distances(b, c, squared=True) / s
        for b, c, s in zip(blocks, model.cluster_centers_, scales)
    )
    np.testing.assert_array_equal(total.argmin(1), model.labels_)
    np.testing.assert_array_equal(model.predict(X), model.labels_)
    assert model.inertia_ == pytest.approx(total.min(1).sum())


def test_spectral_without_iterations_clusters_the_views_consensus():
    X, y, views = make_multiview_classification(
        n_samples=90,
        n_classes=3,
        n_features=(3, 4),
        informativeness=(1.0, 1.0),
        random_state=2,
    )
    model = MultiviewSpectralClustering(3, views=views, max_iter=0).fit(X)
    subspaces = []
    for s in views.values():  # Ng-Jordan-Weiss embedding of each view, by hand
        D = euclidean_distances(X[:, s], squared=True)
        W = np.exp(-D / np.median(D[~np.eye(90, dtype=bool)]))
        np.fill_diagonal(W, 0.0)
        d = W.sum(1)
        _, V = np.linalg.eigh(W / np.sqrt(np.outer(d, d)))
        subspaces.append(V[:, -3:])
    P = sum(U @ U.T for U in subspaces)
    consensus = np.linalg.eigh(P)[1][:, -3:]
    cosines = linalg.svdvals(consensus.T @ model.embedding_)
    np.testing.assert_allclose(cosines, 1.0, atol=1e-8)


def test_coregularization_without_weight_leaves_views_alone():
    X, y, views = make_multiview_classification(
        n_samples=90,
        n_classes=3,
        n_features=(3, 4),
        informativeness=(1.0, 1.0),
        random_state=3,
    )
    free = CoRegularizedSpectralClustering(3, views=views, alpha=0.0, random_state=0)
    none = CoRegularizedSpectralClustering(3, views=views, max_iter=0, random_state=0)
    cosines = linalg.svdvals(free.fit(X).embedding_.T @ none.fit(X).embedding_)
    np.testing.assert_allclose(cosines, 1.0, atol=1e-8)
    assert free.n_iter_ == 1  # nothing moved


@pytest.mark.parametrize("cls", SPECTRAL)
def test_affinity_per_view(cls):
    X, y = _blobs(3)
    # a precomputed view equal to the rbf graph of the data gives the same answer
    gamma = 0.2
    K = np.exp(-gamma * euclidean_distances(X, squared=True))
    stacked, views = stack_views([X, K])
    by_rbf = cls(3, views=[slice(0, 3)], gamma=gamma, random_state=0).fit_predict(X)
    by_kernel = cls(
        3, views={"k": views["view1"]}, affinity="precomputed", random_state=0
    ).fit_predict(stacked)
    np.testing.assert_array_equal(by_rbf, by_kernel)
    # one affinity per view, by position or by name
    mixed = cls(
        3,
        views=views,
        affinity={"view0": "nearest_neighbors", "view1": "precomputed"},
        n_neighbors=[8, 10],
        random_state=0,
    ).fit_predict(stacked)
    assert adjusted_rand_score(y, mixed) == 1.0
    with pytest.raises(ValueError, match="gives no value for views"):
        cls(3, views=views, affinity={"view0": "rbf"}).fit(stacked)
    with pytest.raises(ValueError, match="has 3 entries but there are 2 views"):
        cls(3, views=views, gamma=[1.0, 1.0, 1.0]).fit(stacked)


@pytest.mark.parametrize("cls", CLUSTERERS)
def test_bad_input_is_named(cls):
    X, y = _blobs()
    with pytest.raises(ValueError, match="n_clusters"):
        cls(1, views=2).fit(X)
    with pytest.raises(
        ValueError, match="n_clusters=200 but there are only n_samples=150 rows"
    ):
        cls(200, views=[slice(0, 1), slice(1, 3)]).fit(X)
    with pytest.raises(ValueError, match="2-D y"):
        cls(3, views=[slice(0, 3)]).fit(X, X)
    with pytest.raises(ValueError, match="same number of rows"):
        stack_views([X, X[:100]])


@pytest.mark.parametrize("cls", SPECTRAL)
def test_precomputed_view_with_other_rows_is_named(cls):
    X, y = _blobs()
    stacked = np.hstack([X, np.ones((150, 100))])
    with pytest.raises(ValueError, match="needs one column per row: it has 100"):
        cls(
            3,
            views=[slice(0, 3), slice(3, 103)],
            affinity=["rbf", "precomputed"],
        ).fit(stacked)


class _KeepTwoClusters:
    """scikit-learn's checks assign n_clusters = 1; keep it at 2 instead."""

    @property
    def n_clusters(self):
        return self._n_clusters

    @n_clusters.setter
    def n_clusters(self, value):
        self._n_clusters = max(int(value), 2)


@pytest.mark.parametrize("cls", CLUSTERERS)
@pytest.mark.parametrize(
    "check",
    [
        "check_dont_overwrite_parameters",
        "check_fit2d_1feature",
        "check_fit2d_1sample",
        "check_fit2d_predict1d",
        "check_methods_subset_invariance",
    ],
)
def test_checks_that_force_one_cluster_pass_with_two(cls, check):
    kept = type(cls.__name__, (_KeepTwoClusters, cls), {})
    estimator = kept(random_state=0)
    getattr(estimator_checks, check)(cls.__name__, estimator)
