"""Zero-shot learning from class attributes: the ESZSL closed form."""

from collections.abc import Mapping
from numbers import Real

import numpy as np
from scipy import linalg
from sklearn.base import BaseEstimator, ClassifierMixin, _fit_context
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_array, check_is_fitted, validate_data

__all__ = ["ZeroShotClassifier"]


def _attribute_table(class_attributes):
    """Labels and attribute matrix of a ``class_attributes`` parameter."""
    if isinstance(class_attributes, Mapping):
        labels = list(class_attributes.keys())
        rows = [np.asarray(v, dtype=float).ravel() for v in class_attributes.values()]
        widths = {r.shape[0] for r in rows}
        if len(widths) != 1:
            raise ValueError(
                "Every class's attribute vector must have the same length; got "
                f"lengths {sorted(widths)}."
            )
        matrix = np.vstack(rows) if rows else np.empty((0, 0))
    elif hasattr(class_attributes, "index") and hasattr(class_attributes, "to_numpy"):
        labels = list(class_attributes.index)
        matrix = class_attributes.to_numpy(dtype=float)
    else:
        matrix = np.asarray(class_attributes, dtype=float)
        if matrix.ndim != 2:
            raise ValueError(
                "class_attributes must be a dict label -> vector, a DataFrame "
                "indexed by label, or a 2-D array (row c describes class c); got an "
                f"array of shape {matrix.shape}."
            )
        labels = list(range(matrix.shape[0]))
    matrix = check_array(matrix, input_name="class_attributes")
    if len(set(labels)) != len(labels):
        raise ValueError("class_attributes names a class more than once.")
    try:
        order = sorted(range(len(labels)), key=lambda i: labels[i])
    except TypeError as exc:
        raise TypeError(
            f"The class labels of class_attributes cannot be ordered: {labels[:5]!r}."
        ) from exc
    return np.asarray([labels[i] for i in order]), matrix[order]


class ZeroShotClassifier(ClassifierMixin, BaseEstimator):
    """Zero-shot classifier from class attributes (ESZSL closed form).

    Learns a linear map ``V`` from features to a space where each class is
    described by a signature (attribute vector, or a text embedding of its
    name), by the "embarrassingly simple" zero-shot learning objective of
    Romera-Paredes & Torr (2015), whose minimiser has the closed form

    ``V = (X^T X + alpha I)^{-1} X^T Y S (S^T S + attribute_alpha I)^{-1}``

    where ``Y`` holds ``+1`` for a sample's class and ``-1`` elsewhere and ``S``
    stacks the signatures of the classes seen in training. A sample is then
    scored against any class's signature ``s`` by ``x V s``, so classes with no
    training example are predicted from their signatures alone.

    Parameters
    ----------
    class_attributes : dict, DataFrame, array-like or None, default=None
        Signature of every class, seen in training or not: a dict
        ``label -> vector``, a DataFrame indexed by label, or a 2-D array whose
        row ``c`` describes class ``c``. Every class in ``y`` needs one.
        ``None`` gives each seen class its own one-hot attribute, which makes
        the model a ridge classifier on the seen classes only.
    alpha : float >= 0, default=1.0
        Ridge penalty on the feature side (``gamma`` in the paper).
    attribute_alpha : float >= 0, default=1.0
        Ridge penalty on the attribute side (``lambda`` in the paper).
    candidates : {"all", "unseen"}, default="all"
        Classes ``predict`` chooses among: every class of
        ``class_attributes`` (generalised zero-shot), or only those absent
        from ``y`` (the classic zero-shot protocol).

    Attributes
    ----------
    coef_ : ndarray of shape (`n_features_in_`, n_attributes)
        The map ``V`` from features to attribute space.
    classes_ : ndarray of shape (n_classes,)
        The candidate classes, in the order of the columns of
        :meth:`decision_function`.
    class_attributes_ : ndarray of shape (n_classes, n_attributes)
        Signature of each candidate class.
    seen_classes_ : ndarray
        Classes present in ``y``.
    unseen_classes_ : ndarray
        Classes of ``class_attributes`` absent from ``y``.
    n_features_in_ : int
        Number of features seen during ``fit``.
    feature_names_in_ : ndarray of str of shape (`n_features_in_`,)
        Names of features seen during ``fit``, when ``X`` has string column
        names.

    See Also
    --------
    PrototypeClassifier : Nearest class mean, for one example per class.

    References
    ----------
    .. [1] B. Romera-Paredes and P. H. S. Torr. "An embarrassingly simple
       approach to zero-shot learning". ICML 2015.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.colearning import ZeroShotClassifier
    >>> from skmm.datasets import make_attribute_classification
    >>> X, y, attributes = make_attribute_classification(
    ...     n_samples=600, noise=0.5, random_state=0)
    >>> seen = y < 7  # classes 7, 8 and 9 are never seen in training
    >>> model = ZeroShotClassifier(attributes, candidates="unseen")
    >>> model = model.fit(X[seen], y[seen])
    >>> model.classes_.tolist()
    [7, 8, 9]
    >>> bool(model.score(X[~seen], y[~seen]) > 0.8)
    True
    """

    _parameter_constraints: dict = {
        "class_attributes": [None, dict, "array-like"],
        "alpha": [Interval(Real, 0, None, closed="left")],
        "attribute_alpha": [Interval(Real, 0, None, closed="left")],
        "candidates": [StrOptions({"all", "unseen"})],
    }

    def __init__(
        self, class_attributes=None, *, alpha=1.0, attribute_alpha=1.0, candidates="all"
    ):
        self.class_attributes = class_attributes
        self.alpha = alpha
        self.attribute_alpha = attribute_alpha
        self.candidates = candidates

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y):
        """Learn the map from features to attribute space on the seen classes.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training samples.
        y : array-like of shape (n_samples,)
            Their classes (the seen classes).

        Returns
        -------
        self : ZeroShotClassifier
            The fitted estimator.
        """
        X, y = validate_data(self, X, y, dtype=np.float64)
        check_classification_targets(y)
        seen, y_enc = np.unique(y, return_inverse=True)
        if seen.shape[0] < 2:
            raise ValueError(
                f"y holds only one class ({seen[0]!r}); the zero-shot map needs at "
                "least two seen classes."
            )
        if self.class_attributes is None:
            labels, table = seen, np.eye(seen.shape[0])
        else:
            labels, table = _attribute_table(self.class_attributes)
        position = {label: i for i, label in enumerate(labels.tolist())}
        missing = [c for c in seen.tolist() if c not in position]
        if missing:
            raise ValueError(
                f"class_attributes has no attribute vector for the class(es) "
                f"{missing[:5]!r} found in y."
            )
        S = table[[position[c] for c in seen.tolist()]]
        n_samples, n_features = X.shape
        Y = -np.ones((n_samples, seen.shape[0]))
        Y[np.arange(n_samples), y_enc] = 1.0
        YS = Y @ S
        if n_samples < n_features:
            # (X^T X + a I)^{-1} X^T = X^T (X X^T + a I)^{-1}
            gram = X @ X.T
            gram.flat[:: n_samples + 1] += self.alpha
            left = X.T @ linalg.solve(gram, YS, assume_a="sym")
        else:
            gram = X.T @ X
            gram.flat[:: n_features + 1] += self.alpha
            left = linalg.solve(gram, X.T @ YS, assume_a="sym")
        inner = S.T @ S
        inner.flat[:: S.shape[1] + 1] += self.attribute_alpha
        self.coef_ = linalg.solve(inner, left.T, assume_a="sym").T
        unseen = np.asarray([c for c in labels.tolist() if c not in set(seen.tolist())])
        if self.candidates == "unseen":
            if unseen.shape[0] == 0:
                raise ValueError(
                    "candidates='unseen' but every class of class_attributes "
                    "appears in y; give the signatures of unseen classes too."
                )
            keep = unseen
        else:
            keep = labels
        self.classes_ = np.asarray(keep)
        self.class_attributes_ = table[[position[c] for c in keep.tolist()]]
        self.seen_classes_ = seen
        self.unseen_classes_ = unseen
        return self

    def decision_function(self, X):
        """Compatibility ``x V s`` of each sample with each candidate class.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        scores : ndarray of shape (n_samples, n_classes) or (n_samples,)
            One column per class of ``classes_``; with two classes, the score
            of the second minus that of the first.
        """
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=np.float64)
        scores = (X @ self.coef_) @ self.class_attributes_.T
        if scores.shape[1] == 2:
            return scores[:, 1] - scores[:, 0]
        return scores

    def predict(self, X):
        """Predict the candidate class with the highest compatibility.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
            Predicted classes, possibly never seen in training.
        """
        scores = self.decision_function(X)
        if scores.ndim == 1:
            return self.classes_[(scores > 0).astype(int)]
        return self.classes_[np.argmax(scores, axis=1)]
