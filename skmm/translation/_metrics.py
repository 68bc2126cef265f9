"""Retrieval metrics: recall@k, median rank, mean reciprocal rank, mean AP.

Every metric takes ``y_true`` and ``y_score`` in the layout of scikit-learn's
ranking metrics (``label_ranking_average_precision_score``): ``y_score`` has one
row per query and one column per gallery item (larger is a better match), and
``y_true`` says which gallery items are relevant, either as a boolean matrix of
the same shape or, when each query has exactly one relevant item (paired
retrieval), as the 1-D array of that item's index.
"""

import numbers

import numpy as np
from sklearn.utils._param_validation import Interval, StrOptions, validate_params

from .._kernels import _ranking
from ._common import paired_similarity, relevance

__all__ = [
    "make_retrieval_scorer",
    "mean_average_precision",
    "mean_reciprocal_rank",
    "median_rank",
    "recall_at_k",
    "retrieval_ranks",
]


def _check_retrieval(y_true, y_score):
    """Validate the pair and return ``(S, target, R)`` (one of target/R is None)."""
    S = np.asarray(y_score)
    if S.ndim != 2:
        raise ValueError(
            "y_score must be 2-D, one row per query and one column per gallery "
            f"item; got an array with {S.ndim} dimension(s)."
        )
    if S.shape[0] == 0:
        raise ValueError("y_score has no queries (0 rows).")
    if S.shape[1] == 0:
        raise ValueError("The gallery is empty: y_score has 0 columns.")
    if S.dtype.kind not in "fiub":
        raise TypeError(f"y_score must be numeric; got dtype {S.dtype}.")
    S = np.ascontiguousarray(S, dtype=np.float64)
    if not np.isfinite(S).all():
        raise ValueError("y_score contains NaN or infinity.")
    y = np.asarray(y_true)
    if y.ndim == 1:
        if y.shape[0] != S.shape[0]:
            raise ValueError(
                f"y_true has {y.shape[0]} entries but y_score has {S.shape[0]} "
                "queries (rows)."
            )
        if y.dtype.kind not in "iu":
            raise TypeError(
                "A 1-D y_true holds the index of each query's relevant gallery item "
                f"and must be integer; got dtype {y.dtype}."
            )
        bad = (y < 0) | (y >= S.shape[1])
        if bad.any():
            raise ValueError(
                f"y_true holds gallery indices {y[bad][:5].tolist()} outside "
                f"[0, {S.shape[1] - 1}]."
            )
        return S, np.ascontiguousarray(y, dtype=np.int64), None
    if y.ndim == 2:
        if y.shape != S.shape:
            raise ValueError(
                f"y_true has shape {y.shape} but y_score has shape {S.shape}; a "
                "relevance matrix must match the score matrix."
            )
        if y.dtype != bool:
            if not np.isin(y, (0, 1)).all():
                raise ValueError("A 2-D y_true must be binary (0/1 or boolean).")
            y = y.astype(bool)
        empty = ~y.any(axis=1)
        if empty.any():
            raise ValueError(
                f"Query {int(np.flatnonzero(empty)[0])} has no relevant gallery item "
                "in y_true; every query needs at least one."
            )
        return S, None, np.ascontiguousarray(y)
    raise ValueError(
        "y_true must be a 1-D array of relevant gallery indices or a 2-D relevance "
        f"matrix; got {y.ndim} dimension(s)."
    )


_COMMON_CONSTRAINTS = {"y_true": ["array-like"], "y_score": ["array-like"]}


@validate_params(_COMMON_CONSTRAINTS, prefer_skip_nested_validation=True)
def retrieval_ranks(y_true, y_score):
    """Rank of the best-placed relevant gallery item for each query.

    Ranks start at 1 (the relevant item is the best match). A relevant item tied
    with non-relevant ones is placed after them (pessimistic ties).

    Parameters
    ----------
    y_true : array-like of int of shape (n_queries,) or of bool of shape \
            (n_queries, n_gallery)
        Index of each query's relevant gallery item, or a relevance matrix.
    y_score : array-like of shape (n_queries, n_gallery)
        Similarity of every query to every gallery item; larger is better.

    Returns
    -------
    ranks : ndarray of int of shape (n_queries,)
        1-based rank of the first relevant item of each query.

    See Also
    --------
    recall_at_k, median_rank, mean_reciprocal_rank

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.translation import retrieval_ranks
    >>> scores = np.array([[0.9, 0.1, 0.5], [0.2, 0.3, 0.8]])
    >>> retrieval_ranks([0, 1], scores)
    array([1, 2])
    """
    S, target, R = _check_retrieval(y_true, y_score)
    if R is None:
        return _ranking.paired_ranks(S, target)
    return _ranking.first_relevant_ranks(S, R)


@validate_params(
    {**_COMMON_CONSTRAINTS, "k": [Interval(numbers.Integral, 1, None, closed="left")]},
    prefer_skip_nested_validation=True,
)
def recall_at_k(y_true, y_score, *, k=1):
    """Fraction of queries with a relevant gallery item among their ``k`` best.

    Recall@k (R@k) is the headline measure of image-description ranking
    (Hodosh et al., 2013). With one relevant item per query and a gallery of
    ``n`` items, chance level is ``k / n``.

    Parameters
    ----------
    y_true : array-like of int of shape (n_queries,) or of bool of shape \
            (n_queries, n_gallery)
        Index of each query's relevant gallery item, or a relevance matrix.
    y_score : array-like of shape (n_queries, n_gallery)
        Similarity of every query to every gallery item; larger is better.
    k : int, default=1
        Number of top-ranked gallery items to look at.

    Returns
    -------
    recall : float
        In [0, 1]; higher is better.

    See Also
    --------
    sklearn.metrics.top_k_accuracy_score : The same number for paired
        retrieval, seen as classification with one class per gallery item.

    References
    ----------
    .. [1] M. Hodosh, P. Young, J. Hockenmaier. Framing image description as a
       ranking task: data, models and evaluation metrics. JAIR 47, 2013.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.translation import recall_at_k
    >>> scores = np.array([[0.9, 0.1, 0.5], [0.2, 0.3, 0.8], [0.1, 0.2, 0.3]])
    >>> recall_at_k([0, 1, 2], scores, k=1), recall_at_k([0, 1, 2], scores, k=2)
    (0.6666666666666666, 1.0)
    """
    ranks = retrieval_ranks(y_true, y_score)
    return float(np.mean(ranks <= k))


@validate_params(_COMMON_CONSTRAINTS, prefer_skip_nested_validation=True)
def median_rank(y_true, y_score):
    """Median over queries of the rank of the first relevant gallery item.

    Lower is better; 1 means at least half of the queries find a relevant item
    first. With one relevant item among ``n``, chance level is about ``n / 2``.

    Parameters
    ----------
    y_true : array-like of int of shape (n_queries,) or of bool of shape \
            (n_queries, n_gallery)
        Index of each query's relevant gallery item, or a relevance matrix.
    y_score : array-like of shape (n_queries, n_gallery)
        Similarity of every query to every gallery item; larger is better.

    Returns
    -------
    rank : float
        Median rank (1-based).

    References
    ----------
    .. [1] M. Hodosh, P. Young, J. Hockenmaier. Framing image description as a
       ranking task: data, models and evaluation metrics. JAIR 47, 2013.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.translation import median_rank
    >>> scores = np.array([[0.9, 0.1, 0.5], [0.2, 0.3, 0.8], [0.1, 0.2, 0.3]])
    >>> median_rank([0, 1, 2], scores)
    1.0
    """
    return float(np.median(retrieval_ranks(y_true, y_score)))


@validate_params(_COMMON_CONSTRAINTS, prefer_skip_nested_validation=True)
def mean_reciprocal_rank(y_true, y_score):
    """Mean over queries of one over the rank of the first relevant item.

    Parameters
    ----------
    y_true : array-like of int of shape (n_queries,) or of bool of shape \
            (n_queries, n_gallery)
        Index of each query's relevant gallery item, or a relevance matrix.
    y_score : array-like of shape (n_queries, n_gallery)
        Similarity of every query to every gallery item; larger is better.

    Returns
    -------
    mrr : float
        In (0, 1]; higher is better.

    See Also
    --------
    sklearn.metrics.label_ranking_average_precision_score : Equal to this
        measure when each query has a single relevant item.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.translation import mean_reciprocal_rank
    >>> scores = np.array([[0.9, 0.1, 0.5], [0.2, 0.3, 0.8]])
    >>> mean_reciprocal_rank([0, 1], scores)
    0.75
    """
    return float(np.mean(1.0 / retrieval_ranks(y_true, y_score)))


@validate_params(_COMMON_CONSTRAINTS, prefer_skip_nested_validation=True)
def mean_average_precision(y_true, y_score):
    """Mean over queries of the average precision of the gallery ranking.

    The average precision of one query is the mean, over its relevant items, of
    the precision at each one's rank. It rewards placing *all* relevant items
    early, for instance every gallery item of the query's class.

    Parameters
    ----------
    y_true : array-like of int of shape (n_queries,) or of bool of shape \
            (n_queries, n_gallery)
        Index of each query's relevant gallery item, or a relevance matrix.
    y_score : array-like of shape (n_queries, n_gallery)
        Similarity of every query to every gallery item; larger is better.

    Returns
    -------
    map : float
        In (0, 1]; higher is better. With a single relevant item per query it
        equals :func:`mean_reciprocal_rank`.

    See Also
    --------
    sklearn.metrics.label_ranking_average_precision_score : The same number,
        computed one query at a time.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.translation import mean_average_precision
    >>> relevant = np.array([[True, False, True]])
    >>> scores = np.array([[0.9, 0.5, 0.1]])
    >>> round(mean_average_precision(relevant, scores), 4)  # (1/1 + 2/3) / 2
    0.8333
    """
    S, target, R = _check_retrieval(y_true, y_score)
    if R is None:
        return float(np.mean(1.0 / _ranking.paired_ranks(S, target)))
    return float(np.mean(_ranking.average_precisions(S, R)))


_METRICS = {
    "recall_at_k": (recall_at_k, 1.0),
    "median_rank": (median_rank, -1.0),
    "mean_reciprocal_rank": (mean_reciprocal_rank, 1.0),
    "mean_average_precision": (mean_average_precision, 1.0),
}


class _RetrievalScorer:
    """Callable ``scorer(estimator, X, y=None)`` built by make_retrieval_scorer."""

    def __init__(self, metric, sign, query_view, gallery_view, relevance, kwargs):
        self.metric = metric
        self.sign = sign
        self.query_view = query_view
        self.gallery_view = gallery_view
        self.relevance = relevance
        self.kwargs = kwargs

    def __call__(self, estimator, X, y=None):
        S = paired_similarity(estimator, X, self.query_view, self.gallery_view)
        y_true = relevance(self.relevance, S.shape[0], y)
        return self.sign * _METRICS[self.metric][0](y_true, S, **self.kwargs)

    def __repr__(self):
        extra = "".join(f", {k}={v!r}" for k, v in self.kwargs.items())
        return (
            f"make_retrieval_scorer({self.metric!r}, query_view={self.query_view!r}, "
            f"gallery_view={self.gallery_view!r}, relevance={self.relevance!r}"
            f"{extra})"
        )


@validate_params(
    {
        "metric": [StrOptions(set(_METRICS))],
        "query_view": [numbers.Integral, str],
        "gallery_view": [numbers.Integral, str],
        "relevance": [StrOptions({"paired", "label"})],
        "k": [None, Interval(numbers.Integral, 1, None, closed="left")],
    },
    prefer_skip_nested_validation=True,
)
def make_retrieval_scorer(
    metric="recall_at_k", *, query_view=0, gallery_view=1, relevance="paired", k=None
):
    """Make a scorer that rates a fitted embedding by cross-modal retrieval.

    The scorer has the signature ``scorer(estimator, X, y=None)`` of
    scikit-learn's scorers, so it can be passed as ``scoring=`` to
    :class:`~sklearn.model_selection.GridSearchCV` or
    :func:`~sklearn.model_selection.cross_val_score`. On held-out paired
    multi-view ``X`` it projects the query view and the gallery view with the
    estimator's ``transform_view`` (any coordinated embedding of
    :mod:`skmm.representation`, or a :class:`CrossModalRetriever`), ranks every
    gallery item for every query, and applies ``metric``.

    Parameters
    ----------
    metric : {"recall_at_k", "median_rank", "mean_reciprocal_rank", \
            "mean_average_precision"}, default="recall_at_k"
        The retrieval metric. Median rank is negated, so that greater is better
        for every scorer.
    query_view, gallery_view : int or str, default=0 and 1
        The views (index or name) used as queries and as gallery.
    relevance : {"paired", "label"}, default="paired"
        ``"paired"``: the relevant item of query ``i`` is gallery item ``i`` (the
        other modality of the same sample). ``"label"``: every gallery item with
        the query's label ``y`` is relevant (``y`` must be given).
    k : int, default=None
        Cut-off of ``"recall_at_k"`` (default 1); not used by other metrics.

    Returns
    -------
    scorer : callable
        ``scorer(estimator, X, y=None) -> float``, greater is better.

    See Also
    --------
    CrossModalRetriever : Its ``score`` uses the same machinery.

    Examples
    --------
    >>> from skmm.translation import make_retrieval_scorer
    >>> make_retrieval_scorer("recall_at_k", k=5)
    make_retrieval_scorer('recall_at_k', query_view=0, gallery_view=1, \
relevance='paired', k=5)
    """
    kwargs = {}
    if metric == "recall_at_k":
        kwargs["k"] = 1 if k is None else k
    elif k is not None:
        raise ValueError(f"k is used by 'recall_at_k' only; got metric={metric!r}.")
    sign = _METRICS[metric][1]
    return _RetrievalScorer(metric, sign, query_view, gallery_view, relevance, kwargs)
