"""RetrievalDisplay: the curve is recall@k at every k, beside exact chance."""

import numpy as np
import pytest
from scipy.stats import hypergeom

from skmm.datasets import load_digit_halves
from skmm.representation import CCA
from skmm.translation import (
    CrossModalRetriever,
    RetrievalDisplay,
    median_rank,
    recall_at_k,
)
from tests._plotting import agg_figures  # noqa: F401 (autouse fixture)


@pytest.fixture(scope="module")
def digits():
    X, y, views = load_digit_halves()
    order = np.random.default_rng(0).permutation(len(X))
    X, y = X[order], y[order]
    retriever = CrossModalRetriever(views=views).fit(X[:1400])
    return retriever, X[1400:], y[1400:], views


def test_paired_curve_is_recall_at_k_and_chance_is_k_over_n(digits):
    retriever, X, y, views = digits
    S = retriever.similarity(X[:, views["left"]], X[:, views["right"]])
    truth = np.arange(len(X))
    display = RetrievalDisplay.from_predictions(truth, S, k_max=60)
    np.testing.assert_array_equal(display.ks, np.arange(1, 61))
    for k in (1, 2, 5, 10, 37, 60):
        assert display.recall[k - 1] == recall_at_k(truth, S, k=k)
    assert display.median_rank == median_rank(truth, S)
    np.testing.assert_allclose(display.chance, display.ks / len(X))
    np.testing.assert_array_equal(display.line_.get_xdata(), display.ks)
    np.testing.assert_array_equal(display.line_.get_ydata(), display.recall)
    assert display.ax_.get_xscale() == "log" and display.n_gallery == len(X)
    assert np.all(np.diff(display.recall) >= 0)


def test_class_level_curve_and_its_chance(digits):
    retriever, X, y, views = digits
    S = retriever.similarity(X[:, views["left"]], X[:, views["right"]])
    same = y[:, None] == y[None, :]
    display = RetrievalDisplay.from_predictions(same, S, k_max=20, name="same digit")
    for k in (1, 3, 20):
        assert display.recall[k - 1] == recall_at_k(same, S, k=k)
    # chance: 1 - P(no relevant item among k drawn without replacement)
    n = len(X)
    expected = [
        np.mean([1 - hypergeom.pmf(0, n, r, k) for r in same.sum(axis=1)])
        for k in display.ks
    ]
    np.testing.assert_allclose(display.chance, expected, rtol=1e-10)
    labels = [t.get_text() for t in display.ax_.get_legend().get_texts()]
    assert labels[0].startswith("same digit (median rank")
    assert labels[1] == "chance, same digit"


def test_from_estimator_equals_from_predictions(digits):
    retriever, X, y, views = digits
    by_estimator = RetrievalDisplay.from_estimator(retriever, X, k_max=30)
    S = retriever.similarity(X[:, views["left"]], X[:, views["right"]])
    by_predictions = RetrievalDisplay.from_predictions(np.arange(len(X)), S, k_max=30)
    for attr in ("ks", "recall", "chance"):
        np.testing.assert_array_equal(
            getattr(by_estimator, attr), getattr(by_predictions, attr)
        )
    assert by_estimator.median_rank == by_predictions.median_rank
    assert by_estimator.name == "left -> right"
    # recall at the retriever's own k is its score
    k = retriever.n_neighbors
    assert by_estimator.recall[k - 1] == pytest.approx(retriever.score(X))
    # labels: class-level relevance, and the other direction
    labelled = RetrievalDisplay.from_estimator(
        retriever, X, y, query_view="right", gallery_view="left", k_max=5
    )
    S_back = retriever.similarity(
        X[:, views["right"]], X[:, views["left"]], query_view=1, gallery_view=0
    )
    same = y[:, None] == y[None, :]
    assert labelled.recall[4] == recall_at_k(same, S_back, k=5)
    assert labelled.name == "right -> left"


def test_an_embedding_directly_and_curves_on_one_axes(digits):
    _, X, _, views = digits
    cca = CCA(n_components=10, views=views, reg=0.1).fit(X)
    first = RetrievalDisplay.from_estimator(cca, X, name="CCA", k_max=40)
    second = RetrievalDisplay.from_estimator(
        cca, X, query_view="right", gallery_view="left", ax=first.ax_, k_max=40
    )
    assert second.ax_ is first.ax_ and len(first.ax_.get_lines()) == 4
    assert second.chance_line_.get_color() == second.line_.get_color()
    linear = RetrievalDisplay.from_predictions(
        np.arange(len(X)), np.eye(len(X)), xscale="linear", chance=False
    )
    assert linear.chance_line_ is None and linear.ax_.get_xscale() == "linear"
    assert linear.recall[0] == 1.0


def test_errors(digits):
    retriever, X, _, _ = digits
    S = np.random.default_rng(0).normal(size=(4, 6))
    with pytest.raises(ValueError, match="between 1 and the gallery size 6"):
        RetrievalDisplay.from_predictions(np.arange(4), S, k_max=7)
    with pytest.raises(TypeError, match="k_max must be an int"):
        RetrievalDisplay.from_predictions(np.arange(4), S, k_max=2.5)
    with pytest.raises(ValueError, match="xscale must be"):
        RetrievalDisplay.from_predictions(np.arange(4), S, xscale="symlog")
    with pytest.raises(ValueError, match="y_score contains NaN"):
        RetrievalDisplay.from_predictions(np.arange(4), np.full((4, 6), np.nan))
    with pytest.raises(TypeError, match="RetrievalDisplay.from_estimator draws"):
        RetrievalDisplay.from_estimator(object(), X)
