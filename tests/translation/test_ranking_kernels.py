"""The numba ranking kernels against plain NumPy references."""

import numpy as np
import pytest

from skmm._kernels import _ranking


@pytest.mark.parametrize("k", [1, 5, 64, 65, 80])
@pytest.mark.parametrize("tied", [False, True])
def test_top_k_matches_a_stable_sort(k, tied):
    rng = np.random.RandomState(k)
    S = rng.standard_normal((30, 80))
    if tied:
        S = np.round(S)  # many ties: the lower gallery index comes first
    indices, scores = _ranking.top_k(S, k)
    expected = np.argsort(-S, axis=1, kind="stable")[:, :k]
    np.testing.assert_array_equal(indices, expected)
    np.testing.assert_array_equal(scores, np.take_along_axis(S, expected, axis=1))


def test_paired_ranks_reference():
    rng = np.random.RandomState(0)
    S = np.round(rng.standard_normal((20, 15)), 1)
    target = rng.randint(0, 15, 20)
    expected = [(S[i] >= S[i, target[i]]).sum() for i in range(20)]
    np.testing.assert_array_equal(_ranking.paired_ranks(S, target), expected)
