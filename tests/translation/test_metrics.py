"""Retrieval metrics against brute force and scikit-learn's ranking metrics."""

import numpy as np
import pytest
from sklearn.metrics import (
    label_ranking_average_precision_score,
    top_k_accuracy_score,
)

from skmm.translation import (
    make_retrieval_scorer,
    mean_average_precision,
    mean_reciprocal_rank,
    median_rank,
    recall_at_k,
    retrieval_ranks,
)


def _brute_first_rank(scores, relevant):
    """1 + number of non-relevant items scored >= the best relevant one."""
    ranks = []
    for s, r in zip(scores, relevant):
        best = max(s[j] for j in range(len(s)) if r[j])
        ranks.append(1 + sum(1 for j in range(len(s)) if not r[j] and s[j] >= best))
    return np.array(ranks)


def _brute_average_precision(scores, relevant):
    aps = []
    for s, r in zip(scores, relevant):
        precisions = []
        for j in range(len(s)):
            if r[j]:
                at_least = [k for k in range(len(s)) if s[k] >= s[j]]
                precisions.append(sum(r[k] for k in at_least) / len(at_least))
        aps.append(np.mean(precisions))
    return float(np.mean(aps))


@pytest.fixture
def paired():
    rng = np.random.RandomState(0)
    scores = rng.standard_normal((40, 25))
    target = rng.randint(0, 25, size=40)
    return target, scores


@pytest.mark.parametrize("k", [1, 3, 10])
def test_recall_at_k_matches_top_k_accuracy(paired, k):
    target, scores = paired
    expected = top_k_accuracy_score(target, scores, k=k, labels=np.arange(25))
    assert recall_at_k(target, scores, k=k) == pytest.approx(expected)


def test_paired_ranks_match_brute_force(paired):
    target, scores = paired
    onehot = np.zeros(scores.shape, dtype=bool)
    onehot[np.arange(40), target] = True
    ranks = retrieval_ranks(target, scores)
    np.testing.assert_array_equal(ranks, _brute_first_rank(scores, onehot))
    # the 1-D and 2-D forms of y_true agree
    np.testing.assert_array_equal(ranks, retrieval_ranks(onehot, scores))
    assert median_rank(target, scores) == np.median(ranks)
    assert mean_reciprocal_rank(target, scores) == pytest.approx(np.mean(1 / ranks))


def test_mrr_and_map_match_lrap_for_one_relevant_item(paired):
    target, scores = paired
    onehot = np.zeros(scores.shape, dtype=int)
    onehot[np.arange(40), target] = 1
    expected = label_ranking_average_precision_score(onehot, scores)
    assert mean_reciprocal_rank(target, scores) == pytest.approx(expected)
    assert mean_average_precision(target, scores) == pytest.approx(expected)
    assert mean_average_precision(onehot, scores) == pytest.approx(expected)


@pytest.mark.parametrize("tied", [False, True])
def test_map_with_several_relevant_items(tied):
    rng = np.random.RandomState(1)
    scores = rng.standard_normal((30, 20))
    if tied:  # few distinct values: many ties, counted pessimistically
        scores = np.round(scores)
    relevant = rng.rand(30, 20) < 0.3
    relevant[np.arange(30), rng.randint(0, 20, 30)] = True
    expected = label_ranking_average_precision_score(relevant, scores)
    assert mean_average_precision(relevant, scores) == pytest.approx(expected)
    assert mean_average_precision(relevant, scores) == pytest.approx(
        _brute_average_precision(scores, relevant)
    )
    ranks = retrieval_ranks(relevant, scores)
    np.testing.assert_array_equal(ranks, _brute_first_rank(scores, relevant))
    assert recall_at_k(relevant, scores, k=2) == pytest.approx(np.mean(ranks <= 2))


def test_ties_are_pessimistic():
    scores = np.array([[1.0, 1.0, 1.0, 0.0]])
    assert retrieval_ranks([0], scores).tolist() == [3]
    assert retrieval_ranks([3], scores).tolist() == [4]
    assert recall_at_k([0], scores, k=2) == 0.0


def test_perfect_and_reversed_rankings():
    scores = -np.abs(np.subtract.outer(np.arange(6), np.arange(6))).astype(float)
    target = np.arange(6)
    assert recall_at_k(target, scores) == 1.0
    assert median_rank(target, scores) == 1.0
    assert mean_average_precision(target, scores) == 1.0
    assert recall_at_k(target, -scores, k=5) == 0.0


@pytest.mark.parametrize(
    "y_true, y_score, match",
    [
        ([0, 1], np.zeros((2, 0)), "gallery is empty"),
        ([0], np.zeros((0, 3)), "no queries"),
        ([0, 1, 2], np.zeros((2, 3)), "3 entries but y_score has 2"),
        ([0, 5], np.zeros((2, 3)), "outside"),
        ([0, -1], np.zeros((2, 3)), "outside"),
        ([[1, 0, 0], [0, 0, 0]], np.zeros((2, 3)), "Query 1 has no relevant"),
        ([[1, 0], [0, 1]], np.zeros((2, 3)), "must match"),
        ([[2, 0, 0]], np.zeros((1, 3)), "binary"),
        ([0], np.array([[np.nan, 1.0]]), "NaN"),
        ([0], np.zeros(3), "2-D"),
    ],
)
def test_bad_input(y_true, y_score, match):
    with pytest.raises(ValueError, match=match):
        recall_at_k(y_true, y_score)


def test_bad_input_types():
    with pytest.raises(TypeError, match="integer"):
        median_rank([0.0, 1.0], np.zeros((2, 3)))
    with pytest.raises(ValueError, match="k"):
        recall_at_k([0], np.zeros((1, 3)), k=0)


def test_scorer_parameters():
    with pytest.raises(ValueError, match="recall_at_k"):
        make_retrieval_scorer("median_rank", k=5)
    with pytest.raises(ValueError, match="metric"):
        make_retrieval_scorer("accuracy")
