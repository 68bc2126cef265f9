"""A synthetic attribute dataset for zero-shot learning."""

import numbers

import numpy as np
from sklearn.utils import check_random_state

__all__ = ["make_attribute_classification"]


def _check_int(value, name, minimum):
    if not isinstance(value, numbers.Integral) or isinstance(value, bool):
        raise TypeError(f"{name} must be an int; got {type(value).__name__}.")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}; got {value}.")
    return int(value)


def make_attribute_classification(
    n_samples=500,
    n_classes=10,
    n_attributes=12,
    n_features=20,
    *,
    noise=1.0,
    random_state=None,
):
    """Classes described by binary attributes, with features linear in them.

    Each class ``c`` has a distinct binary signature ``s_c`` in ``{0, 1}^a``
    (each attribute present with probability 1/2). A sample of class ``c`` is
    ``x = (2 s_c - 1) W + noise * e`` with a random Gaussian map ``W`` of shape
    ``(n_attributes, n_features)`` scaled so that each feature's signal has unit
    variance, and ``e ~ N(0, I)``. Because features depend on the class only
    through its attributes, a model that learns the map from features to
    attributes on some classes can recognise classes it has never seen from
    their signatures alone (zero-shot learning).

    Parameters
    ----------
    n_samples : int, default=500
        Number of samples (classes are balanced, in random order).
    n_classes : int, default=10
        Number of classes; at most ``2 ** n_attributes - 1``.
    n_attributes : int, default=12
        Length of each class signature.
    n_features : int, default=20
        Number of features.
    noise : float, default=1.0
        Standard deviation of the Gaussian noise on every feature.
    random_state : int, RandomState instance or None, default=None
        Seed for reproducible output.

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
        Features.
    y : ndarray of int of shape (n_samples,)
        Class labels ``0 .. n_classes - 1``.
    attributes : ndarray of shape (n_classes, n_attributes)
        Binary signature of each class (row ``c`` describes class ``c``); no
        two rows are equal.

    Examples
    --------
    >>> from skmm.datasets import make_attribute_classification
    >>> X, y, attributes = make_attribute_classification(random_state=0)
    >>> X.shape, attributes.shape, len(set(map(tuple, attributes)))
    ((500, 20), (10, 12), 10)
    """
    n_samples = _check_int(n_samples, "n_samples", 1)
    n_classes = _check_int(n_classes, "n_classes", 2)
    n_attributes = _check_int(n_attributes, "n_attributes", 1)
    n_features = _check_int(n_features, "n_features", 1)
    if n_classes > 2**n_attributes - 1:
        raise ValueError(
            f"n_attributes={n_attributes} gives at most {2**n_attributes - 1} "
            f"distinct non-empty signatures; got n_classes={n_classes}."
        )
    if not isinstance(noise, numbers.Real) or noise < 0:
        raise ValueError(f"noise must be a float >= 0; got {noise!r}.")
    rng = check_random_state(random_state)
    attributes = np.zeros((n_classes, n_attributes))
    seen = set()
    for c in range(n_classes):
        while True:
            row = (rng.rand(n_attributes) < 0.5).astype(float)
            key = tuple(row.tolist())
            if row.any() and key not in seen:
                break
        seen.add(key)
        attributes[c] = row
    W = rng.normal(size=(n_attributes, n_features)) / np.sqrt(n_attributes)
    y = rng.permutation(np.arange(n_samples) % n_classes)
    X = (2 * attributes[y] - 1) @ W + noise * rng.normal(size=(n_samples, n_features))
    return X, y, attributes
