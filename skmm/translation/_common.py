"""Helpers shared by the translation estimators and scorers.

View blocks, similarities and the paired similarity of a coordinated embedding;
both the estimators and the retrieval scorers of ``_metrics`` import them from
here, so neither module imports the other.
"""

import numpy as np
from sklearn.metrics.pairwise import euclidean_distances
from sklearn.utils.validation import check_array

from ..utils import view_position
from ..utils._base import check_embedding, check_view_block

_SIMILARITIES = ("cosine", "dot", "euclidean")


def similarity(A, B, metric):
    """Similarity matrix of the rows of ``A`` and ``B``; larger is closer."""
    if metric == "cosine":
        na = np.linalg.norm(A, axis=1, keepdims=True)
        nb = np.linalg.norm(B, axis=1, keepdims=True)
        na[na == 0] = 1.0
        nb[nb == 0] = 1.0
        return (A / na) @ (B / nb).T
    if metric == "dot":
        return A @ B.T
    if metric == "euclidean":
        return -euclidean_distances(A, B)
    raise ValueError(f"metric must be one of {_SIMILARITIES}; got {metric!r}.")


def embed(estimator, X_view, v, input_name):
    """Variates of one view block, through ``estimator.transform_view``."""
    block = check_view_block(estimator, X_view, v, input_name=input_name)
    return np.asarray(estimator.transform_view(block, v), dtype=np.float64)


def paired_similarity(estimator, X, query_view, gallery_view):
    """Similarity of the query-view and gallery-view blocks of paired ``X``."""
    check_embedding(
        estimator,
        "retrieval scorers need a coordinated embedding of skmm.representation or "
        "a CrossModalRetriever.",
    )
    metric = getattr(estimator, "metric", "cosine")
    if hasattr(estimator, "_validate_views_data"):  # every skmm multi-view model
        X = estimator._validate_views_data(X, reset=False, dtype=np.float64).X
    else:
        X = check_array(X, dtype=np.float64)
        n_in = getattr(estimator, "n_features_in_", None)
        if n_in is not None and X.shape[1] != n_in:
            raise ValueError(
                f"X has {X.shape[1]} features, but {type(estimator).__name__} is "
                f"expecting {n_in} features as input."
            )
    q = view_position(estimator.view_names_, query_view, param="query_view")
    g = view_position(estimator.view_names_, gallery_view, param="gallery_view")
    Zq = embed(estimator, X[:, estimator.views_[q]], q, "X")
    Zg = embed(estimator, X[:, estimator.views_[g]], g, "X")
    return similarity(Zq, Zg, metric)


def relevance(relevance, n, y):
    """``y_true`` of a paired score matrix: the diagonal, or same-label items."""
    if relevance == "paired":
        return np.arange(n)
    if y is None:
        raise ValueError("relevance='label' needs the labels y.")
    y = np.asarray(y)
    if y.ndim != 1 or y.shape[0] != n:
        raise ValueError(f"y must be 1-D with {n} entries; got shape {y.shape}.")
    return y[:, None] == y[None, :]
