"""Cross-modal retrieval and analogies: digit halves, brute force, sklearn."""

import pickle

import numpy as np
import pytest
from sklearn.base import BaseEstimator, clone
from sklearn.cross_decomposition import PLSCanonical
from sklearn.linear_model import Ridge
from sklearn.model_selection import GridSearchCV, KFold, cross_val_score
from sklearn.neighbors import NearestNeighbors

from skmm.datasets import load_digit_halves, make_multiview_classification
from skmm.representation import CCA
from skmm.translation import (
    CrossModalRetriever,
    analogy,
    make_retrieval_scorer,
    mean_average_precision,
    median_rank,
    recall_at_k,
)
from skmm.utils import MultiViewMixin


class _PLSEmbedding(MultiViewMixin, BaseEstimator):
    """A stand-in coordinated embedding (PLS) keeping the transform_view contract."""

    def __init__(self, n_components=4, *, views=None):
        self.n_components = n_components
        self.views = views

    def fit(self, X, y=None):
        X, _, _ = self._validate_views_data(X, reset=True)
        a, b = self._split_views(X)
        self.pls_ = PLSCanonical(n_components=self.n_components).fit(a, b)
        return self

    def transform_view(self, X_view, view):
        view = self.view_names_.index(view) if isinstance(view, str) else view
        if view == 0:
            return self.pls_.transform(X_view)
        return self.pls_.transform(
            np.zeros((len(X_view), self.pls_.n_features_in_)), X_view
        )[1]


@pytest.fixture(scope="module")
def digits():
    X, y, views = load_digit_halves()
    order = np.random.RandomState(0).permutation(len(X))
    X, y = X[order], y[order]
    return X[:1200], X[1200:], y[:1200], y[1200:], views


@pytest.fixture(scope="module")
def retriever(digits):
    X_train, _, _, _, views = digits
    return CrossModalRetriever(views=views).fit(X_train)


def test_digit_halves_retrieval_far_above_chance(digits, retriever):
    _, X_test, _, y_test, views = digits
    left, right = X_test[:, views["left"]], X_test[:, views["right"]]
    S = retriever.similarity(left, right, query_view="left", gallery_view="right")
    n = len(X_test)
    # brute force: rank of the true right half among all right halves
    ranks = np.array([1 + np.sum(np.delete(S[i], i) >= S[i, i]) for i in range(n)])
    r1, r10 = np.mean(ranks <= 1), np.mean(ranks <= 10)
    assert recall_at_k(np.arange(n), S, k=1) == pytest.approx(r1)
    assert recall_at_k(np.arange(n), S, k=10) == pytest.approx(r10)
    assert median_rank(np.arange(n), S) == np.median(ranks)
    # chance is 1/597 and 10/597
    assert r1 > 20 / n
    assert r10 > 10 * 10 / n
    assert np.median(ranks) < n / 10
    # class level: the best match is a right half of the same digit
    same = y_test[:, None] == y_test[None, :]
    prior = same.mean()
    class_r1 = recall_at_k(same, S, k=1)
    top1 = np.argmax(S, axis=1)
    assert class_r1 == pytest.approx(np.mean(y_test[top1] == y_test))
    assert class_r1 > 5 * prior
    assert mean_average_precision(same, S) > 3 * prior


def test_score_is_the_configured_metric(digits, retriever):
    _, X_test, _, y_test, views = digits
    left, right = X_test[:, views["left"]], X_test[:, views["right"]]
    S = retriever.similarity(left, right)
    n = len(X_test)
    assert retriever.score(X_test) == pytest.approx(recall_at_k(np.arange(n), S, k=10))
    same = y_test[:, None] == y_test[None, :]
    assert retriever.score(X_test, y_test) == pytest.approx(recall_at_k(same, S, k=10))
    med = clone(retriever).set_params(scoring="median_rank").fit(digits[0])
    assert med.score(X_test) == pytest.approx(-median_rank(np.arange(n), S))
    scorer = make_retrieval_scorer(
        "recall_at_k", k=10, query_view="left", gallery_view="right"
    )
    assert scorer(retriever, X_test) == pytest.approx(retriever.score(X_test))
    by_label = make_retrieval_scorer("recall_at_k", k=10, relevance="label")
    assert by_label(retriever, X_test, y_test) == pytest.approx(
        retriever.score(X_test, y_test)
    )
    with pytest.raises(ValueError, match="needs the labels y"):
        by_label(retriever, X_test)
    neg_median = make_retrieval_scorer("median_rank")
    assert neg_median(retriever, X_test) == pytest.approx(-median_rank(np.arange(n), S))
    # the embedding alone ranks by unweighed variates: correlation_power=0
    flat = clone(retriever).set_params(correlation_power=0).fit(digits[0])
    S_flat = flat.similarity(left, right)
    assert neg_median(retriever.embedding_, X_test) == pytest.approx(
        -median_rank(np.arange(n), S_flat)
    )
    with pytest.raises(TypeError, match="no transform_view"):
        neg_median(Ridge().fit(X_test, y_test), X_test)


def test_retrieve_matches_nearest_neighbors(digits, retriever):
    _, X_test, _, _, views = digits
    left, right = X_test[:50, views["left"]], X_test[:, views["right"]]
    indices, scores = retriever.retrieve(left, right, n_neighbors=7)
    Zq = retriever.transform_view(left, "left")
    Zg = retriever.transform_view(right, "right")
    nn = NearestNeighbors(n_neighbors=7, metric="cosine").fit(Zg)
    dist, expected = nn.kneighbors(Zq)
    np.testing.assert_array_equal(indices, expected)
    np.testing.assert_allclose(scores, 1 - dist, atol=1e-10)
    # retrieval in the other direction, default n_neighbors
    idx, _ = retriever.retrieve(
        right[:5], X_test[:, views["left"]], query_view="right", gallery_view="left"
    )
    assert idx.shape == (5, 10)


@pytest.mark.parametrize("metric", ["dot", "euclidean"])
def test_other_similarities(digits, metric):
    X_train, X_test, _, _, views = digits
    model = CrossModalRetriever(views=views, metric=metric).fit(X_train)
    left, right = X_test[:20, views["left"]], X_test[:30, views["right"]]
    Zq, Zg = model.transform_view(left, 0), model.transform_view(right, 1)
    if metric == "dot":
        expected = Zq @ Zg.T
    else:
        expected = -np.sqrt(((Zq[:, None] - Zg[None]) ** 2).sum(-1))
    np.testing.assert_allclose(model.similarity(left, right), expected, atol=1e-8)
    idx, _ = model.retrieve(left, right, n_neighbors=3)
    np.testing.assert_array_equal(idx, np.argsort(-expected, axis=1)[:, :3])


def test_any_coordinated_embedding_and_grid_search(digits):
    X_train, X_test, _, _, views = digits
    model = CrossModalRetriever(_PLSEmbedding(), views=views).fit(X_train[:400])
    n = len(X_test)
    assert model.score(X_test) > 5 * 10 / n
    grid = GridSearchCV(
        CrossModalRetriever(CCA(), views=views, scoring="mean_reciprocal_rank"),
        {"embedding__n_components": [1, 10]},
        cv=KFold(2),
    ).fit(X_train[:600])
    assert grid.best_params_ == {"embedding__n_components": 10}
    # the scorer rates a bare embedding the same way
    cca = CCA(n_components=10, reg=0.1, views=views)
    scores = cross_val_score(
        cca,
        X_train[:600],
        cv=KFold(2),
        scoring=make_retrieval_scorer("recall_at_k", k=10),
    )
    assert np.all(scores > 5 * 10 / 300)


def test_dataframe_with_named_views():
    X, y, views = load_digit_halves(as_frame=True)
    model = CrossModalRetriever(views=views).fit(X.iloc[:500])
    right = X.iloc[500:600][views["right"]]
    idx, _ = model.retrieve(
        X.iloc[500:510][views["left"]].to_numpy(),
        right,
        query_view="left",
        gallery_view="right",
        n_neighbors=2,
    )
    assert idx.shape == (10, 2)
    assert pickle.loads(pickle.dumps(model)).score(X.iloc[500:]) == model.score(
        X.iloc[500:]
    )


def test_analogy_lands_in_the_expected_class():
    X, y, views = make_multiview_classification(
        n_samples=400,
        n_classes=4,
        n_features=(8, 8),
        informativeness=(1.0, 1.0),
        class_sep=3.0,
        random_state=0,
    )
    model = CCA(n_components=3, views=views).fit(X[:300])
    a, b = X[:, views["view0"]], X[:, views["view1"]]
    rng = np.random.RandomState(0)
    c1 = rng.randint(0, 4, 200)
    c2 = (c1 + rng.randint(1, 4, 200)) % 4
    by_class = [np.flatnonzero(y[:300] == c) for c in range(4)]
    i = np.array([rng.choice(by_class[c]) for c in c1])
    j = np.array([rng.choice(by_class[c]) for c in c1])
    k = np.array([rng.choice(by_class[c]) for c in c2])
    # view0(c1) - view1(c1) + view1(c2) should land on view0 items of class c2
    idx, _ = analogy(
        model,
        [(a[i], "view0"), (b[k], "view1")],
        [(b[j], "view1")],
        gallery=a[300:],
        gallery_view="view0",
    )
    hits = y[300:][idx[:, 0]] == c2
    assert np.mean(hits) > 0.5  # chance: 0.25
    # the arithmetic moved the query away from its starting class
    assert np.mean(y[300:][idx[:, 0]] == c1) < 0.25


def test_analogy_is_vector_arithmetic(digits, retriever):
    _, X_test, _, _, views = digits
    left, right = X_test[:, views["left"]], X_test[:, views["right"]]

    def unit(Z):
        return Z / np.linalg.norm(Z, axis=1, keepdims=True)

    q = (
        unit(retriever.transform_view(left[:4], "left"))
        - unit(retriever.transform_view(right[4:5], "right"))
        + unit(retriever.transform_view(right[5:6], "right"))
    )
    idx, scores = analogy(
        retriever,
        [(left[:4], "left"), (right[5], "right")],
        [(right[4], "right")],
        gallery=right,
        gallery_view="right",
        n_neighbors=3,
    )
    S = unit(q) @ unit(retriever.transform_view(right, "right")).T
    np.testing.assert_array_equal(idx, np.argsort(-S, axis=1)[:, :3])
    np.testing.assert_allclose(scores, np.sort(S, axis=1)[:, ::-1][:, :3])


def test_bad_input(digits, retriever):
    _, X_test, _, _, views = digits
    left, right = X_test[:5, views["left"]], X_test[:, views["right"]]
    with pytest.raises(ValueError, match="query has 31 columns but view 'left' has 32"):
        retriever.retrieve(left[:, :31], right)
    with pytest.raises(ValueError, match="gallery has 64 columns"):
        retriever.retrieve(left, X_test)
    with pytest.raises(ValueError, match="Unknown view 'audio'"):
        retriever.retrieve(left, right, query_view="audio")
    with pytest.raises(ValueError, match="out of range"):
        retriever.retrieve(left, right, gallery_view=2)
    with pytest.raises(ValueError, match="gallery is empty"):
        retriever.retrieve(left, right[:0])
    with pytest.raises(ValueError, match="between 1 and the gallery size 3"):
        retriever.retrieve(left, right[:3], n_neighbors=4)
    with pytest.raises(ValueError, match="NaN"):
        retriever.retrieve(np.full_like(left, np.nan), right)
    with pytest.raises(ValueError, match="X has 63 features"):
        retriever.score(X_test[:, :63])
    with pytest.raises(ValueError, match="Unknown view 'text'"):
        CrossModalRetriever(views=views, gallery_view="text").fit(X_test)
    with pytest.raises(ValueError, match="positive term"):
        analogy(retriever, [], gallery=right, gallery_view="right")
    with pytest.raises(ValueError, match="rows"):
        analogy(
            retriever,
            [(left[:2], "left"), (right[:3], "right")],
            gallery=right,
            gallery_view="right",
        )
    with pytest.raises(TypeError, match="transform_view"):
        analogy(PLSCanonical(), [(left, 0)], gallery=right, gallery_view=1)


def test_three_views_with_multiview_cca():
    from skmm.representation import MultiviewCCA

    X, y, views = make_multiview_classification(
        n_samples=400,
        n_classes=4,
        n_features=(6, 6, 6),
        informativeness=(1.0, 1.0, 1.0),
        class_sep=3.0,
        random_state=0,
    )
    model = CrossModalRetriever(
        MultiviewCCA(n_components=3),
        views=views,
        query_view="view0",
        gallery_view="view2",
        scoring="mean_average_precision",
    ).fit(X[:300])
    assert model.embedding_.n_views_ == 3
    # class-level mAP far above the class prior (0.25)
    assert model.score(X[300:], y[300:]) > 0.5
    idx, _ = model.retrieve(
        X[300:, views["view1"]],
        X[300:, views["view2"]],
        query_view=1,
        gallery_view=2,
        n_neighbors=1,
    )
    assert np.mean(y[300:][idx[:, 0]] == y[300:]) > 0.6


def test_correlation_weighing_reaches_the_quality_targets(digits, retriever):
    _, X_test, _, y_test, views = digits
    left, right = X_test[:, views["left"]], X_test[:, views["right"]]
    rho = retriever.embedding_.canonical_correlations_
    np.testing.assert_allclose(retriever.component_weights_, np.clip(rho, 0, None))
    # the weighed variates are the embedding's times rho ** power, both views
    np.testing.assert_allclose(
        retriever.transform_view(left, "left"),
        retriever.embedding_.transform_view(left, "left") * np.clip(rho, 0, None),
    )
    n = len(X_test)
    results = {}
    for power in (0.0, 1.0):
        model = clone(retriever).set_params(correlation_power=power)
        S = model.fit(digits[0]).similarity(left, right)
        top1 = np.argmax(S, axis=1)
        results[power] = (
            recall_at_k(np.arange(n), S, k=10),
            np.mean(y_test[top1] == y_test),
        )
    # targets on digit halves with default settings (tuned plain CCA: 0.39, 0.69)
    assert results[1.0][0] >= 0.37 and results[1.0][1] >= 0.68
    assert results[1.0][0] > results[0.0][0] and results[1.0][1] > results[0.0][1]
    assert (
        clone(retriever)
        .set_params(correlation_power=0)
        .fit(digits[0])
        .component_weights_
        is None
    )
