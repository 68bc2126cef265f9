"""Helpers shared by the translation estimators: view lookup, blocks, similarity."""

import numpy as np
from sklearn.metrics.pairwise import euclidean_distances
from sklearn.utils.validation import check_array

from ..utils import view_position as view_index  # noqa: F401 - re-exported

_SIMILARITIES = ("cosine", "dot", "euclidean")


def check_view_block(estimator, X_view, v, *, input_name="X_view"):
    """Validate an array that holds only the columns of view ``v``."""
    name = estimator.view_names_[v]
    width = estimator.views_[v].shape[0]
    shape = getattr(X_view, "shape", None)
    if shape is not None and len(shape) == 2 and shape[0] == 0:
        raise ValueError(
            f"{input_name} is empty (0 rows); it must hold at least one sample of "
            f"view {name!r}."
        )
    block = check_array(X_view, dtype=np.float64, input_name=input_name)
    if block.shape[1] != width:
        raise ValueError(
            f"{input_name} has {block.shape[1]} columns but view {name!r} has {width} "
            f"(it must hold only that view's columns)."
        )
    return block


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
