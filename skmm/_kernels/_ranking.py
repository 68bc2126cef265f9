"""Numba kernels for retrieval ranking (no scikit-learn inside).

Every kernel takes a score matrix ``S`` of shape (n_queries, n_gallery), where a
larger score means a better match, and works on one query per ``prange``
iteration. Ties are counted pessimistically: a relevant item tied with a
non-relevant one is ranked after it, as scikit-learn's
``label_ranking_average_precision_score`` does.
"""

import numpy as np
from numba import njit, prange


@njit(cache=True, parallel=True)
def paired_ranks(S, target):
    """1-based rank of gallery item ``target[i]`` in row ``i`` of ``S``.

    The rank is one plus the number of other gallery items scored at least as
    high as the target.
    """
    n_queries, n_gallery = S.shape
    ranks = np.empty(n_queries, dtype=np.int64)
    for i in prange(n_queries):
        t = target[i]
        s = S[i, t]
        count = 1
        for j in range(n_gallery):
            if j != t and S[i, j] >= s:
                count += 1
        ranks[i] = count
    return ranks


@njit(cache=True, parallel=True)
def first_relevant_ranks(S, R):
    """1-based rank of the best-scored relevant item of each row.

    ``R`` is a boolean relevance matrix shaped like ``S``; every row must hold at
    least one relevant item. The rank is one plus the number of non-relevant
    items scored at least as high as the best relevant one.
    """
    n_queries, n_gallery = S.shape
    ranks = np.empty(n_queries, dtype=np.int64)
    for i in prange(n_queries):
        best = -np.inf
        for j in range(n_gallery):
            if R[i, j] and S[i, j] > best:
                best = S[i, j]
        count = 1
        for j in range(n_gallery):
            if not R[i, j] and S[i, j] >= best:
                count += 1
        ranks[i] = count
    return ranks


@njit(cache=True, parallel=True)
def average_precisions(S, R):
    """Average precision of each row of ``S`` given the relevance matrix ``R``.

    For each relevant item ``r``, the precision at its rank is the number of
    relevant items scored at least as high as ``r`` divided by the number of all
    items scored at least as high; the average precision is their mean.
    """
    n_queries, n_gallery = S.shape
    out = np.empty(n_queries, dtype=np.float64)
    for i in prange(n_queries):
        order = np.argsort(-S[i])
        n_relevant = 0
        for j in range(n_gallery):
            if R[i, j]:
                n_relevant += 1
        total = 0.0
        seen = 0
        hits = 0
        start = 0
        while start < n_gallery:
            # one group of tied scores
            stop = start + 1
            value = S[i, order[start]]
            while stop < n_gallery and S[i, order[stop]] == value:
                stop += 1
            group_hits = 0
            for g in range(start, stop):
                if R[i, order[g]]:
                    group_hits += 1
            seen += stop - start
            hits += group_hits
            if group_hits:
                total += group_hits * hits / seen
            if hits == n_relevant:
                break
            start = stop
        out[i] = total / n_relevant
    return out


@njit(cache=True, parallel=True)
def top_k(S, k):
    """Indices and scores of the ``k`` best gallery items of each row, best first.

    Ties keep the lower gallery index first. Small ``k`` keeps a sorted buffer of
    the best items seen (one pass over the row); large ``k`` sorts the row.
    """
    n_queries, n_gallery = S.shape
    indices = np.empty((n_queries, k), dtype=np.int64)
    scores = np.empty((n_queries, k), dtype=S.dtype)
    for i in prange(n_queries):
        if k > 64:
            order = np.argsort(-S[i], kind="mergesort")
            for m in range(k):
                indices[i, m] = order[m]
                scores[i, m] = S[i, order[m]]
            continue
        filled = 0
        for j in range(n_gallery):
            s = S[i, j]
            if filled == k and not s > scores[i, k - 1]:
                continue
            # insert after every buffered item scored at least as high
            pos = filled if filled < k else k - 1
            while pos > 0 and scores[i, pos - 1] < s:
                if pos < k:
                    scores[i, pos] = scores[i, pos - 1]
                    indices[i, pos] = indices[i, pos - 1]
                pos -= 1
            scores[i, pos] = s
            indices[i, pos] = j
            if filled < k:
                filled += 1
    return indices, scores
