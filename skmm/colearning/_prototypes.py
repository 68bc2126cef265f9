"""One-shot learning: nearest class prototype in an embedding."""

import numpy as np
from sklearn.base import (
    BaseEstimator,
    ClassifierMixin,
    MetaEstimatorMixin,
    _fit_context,
    clone,
)
from sklearn.utils._param_validation import HasMethods, StrOptions
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

__all__ = ["PrototypeClassifier"]


def _distances(Z, prototypes, metric):
    """Distance of each row of ``Z`` to each prototype."""
    if metric == "cosine":
        zn = Z / np.maximum(np.linalg.norm(Z, axis=1, keepdims=True), 1e-300)
        pn = prototypes / np.maximum(
            np.linalg.norm(prototypes, axis=1, keepdims=True), 1e-300
        )
        return 1.0 - zn @ pn.T
    sq = (
        np.sum(Z**2, axis=1)[:, None]
        - 2.0 * Z @ prototypes.T
        + np.sum(prototypes**2, axis=1)[None, :]
    )
    np.maximum(sq, 0.0, out=sq)
    return sq if metric == "sqeuclidean" else np.sqrt(sq)


class PrototypeClassifier(ClassifierMixin, MetaEstimatorMixin, BaseEstimator):
    """Nearest class prototype in an embedding, for one or few examples per class.

    Each class is represented by the mean of its examples (its prototype) in
    an embedding space; a sample goes to the class of the nearest prototype,
    with class probabilities ``softmax(-d(f(x), c_k))`` as in prototypical
    networks (Snell et al., 2017). With one example per class the prototype is
    that example, so the classifier learns new classes from a single example
    (one-shot learning).

    The embedding ``f`` is any scikit-learn transformer (PCA, a CCA, an
    RBM, a pipeline). For one-shot learning it should be learned on other,
    resource-rich data and frozen, so that the few examples only place the
    prototypes: wrap the fitted transformer in
    :class:`sklearn.frozen.FrozenEstimator`.

    Parameters
    ----------
    embedding : transformer or None, default=None
        Transformer fitted on ``(X, y)`` in :meth:`fit` (a clone of it) whose
        ``transform`` gives the embedding; a
        :class:`~sklearn.frozen.FrozenEstimator` is used as it is. ``None``
        means the input features themselves.
    metric : {"sqeuclidean", "euclidean", "cosine"}, default="sqeuclidean"
        Distance between an embedded sample and a prototype (squared
        Euclidean is the Bregman divergence for which the class mean is the
        right prototype).

    Attributes
    ----------
    embedding_ : transformer or None
        The fitted embedding (``None`` when ``embedding`` is ``None``).
    prototypes_ : ndarray of shape (n_classes, n_components)
        Mean embedding of each class.
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    class_count_ : ndarray of int of shape (n_classes,)
        Number of examples behind each prototype.
    n_features_in_ : int
        Number of features seen during ``fit``.
    feature_names_in_ : ndarray of str of shape (`n_features_in_`,)
        Names of features seen during ``fit``, when ``X`` has string column
        names.

    See Also
    --------
    sklearn.neighbors.NearestCentroid : Nearest class mean on the features.
    ZeroShotClassifier : Classes with no example, from their attributes.

    References
    ----------
    .. [1] J. Snell, K. Swersky and R. Zemel. "Prototypical networks for
       few-shot learning". NIPS 2017.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.datasets import load_digits
    >>> from sklearn.decomposition import PCA
    >>> from sklearn.frozen import FrozenEstimator
    >>> from skmm.colearning import PrototypeClassifier
    >>> X, y = load_digits(return_X_y=True)
    >>> base, novel = y < 5, y >= 5
    >>> pca = FrozenEstimator(PCA(20, random_state=0).fit(X[base]))
    >>> one_each = [np.flatnonzero(y == c)[0] for c in range(5, 10)]
    >>> model = PrototypeClassifier(pca).fit(X[one_each], y[one_each])
    >>> model.class_count_.tolist()
    [1, 1, 1, 1, 1]
    >>> bool(model.score(X[novel], y[novel]) > 0.5)  # chance is 0.2
    True
    """

    _parameter_constraints: dict = {
        "embedding": [HasMethods(["fit", "transform"]), None],
        "metric": [StrOptions({"sqeuclidean", "euclidean", "cosine"})],
    }

    def __init__(self, embedding=None, *, metric="sqeuclidean"):
        self.embedding = embedding
        self.metric = metric

    @_fit_context(
        # the embedding is validated when it is fitted
        prefer_skip_nested_validation=False
    )
    def fit(self, X, y):
        """Fit the embedding and place one prototype per class.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Examples, possibly one per class.
        y : array-like of shape (n_samples,)
            Their classes.

        Returns
        -------
        self : PrototypeClassifier
            The fitted estimator.
        """
        X, y = validate_data(self, X, y)
        check_classification_targets(y)
        classes, y_enc = np.unique(y, return_inverse=True)
        if classes.shape[0] < 2:
            raise ValueError(
                f"y holds only one class ({classes[0]!r}); a prototype classifier "
                "needs at least two classes."
            )
        if self.embedding is None:
            self.embedding_ = None
            Z = X.astype(np.float64)
        else:
            self.embedding_ = clone(self.embedding).fit(X, y)
            Z = np.asarray(self.embedding_.transform(X), dtype=np.float64)
        self.class_count_ = np.bincount(y_enc, minlength=classes.shape[0])
        prototypes = np.zeros((classes.shape[0], Z.shape[1]))
        np.add.at(prototypes, y_enc, Z)
        self.prototypes_ = prototypes / self.class_count_[:, None]
        self.classes_ = classes
        return self

    def _distances(self, X):
        check_is_fitted(self)
        X = validate_data(self, X, reset=False)
        Z = X if self.embedding_ is None else self.embedding_.transform(X)
        return _distances(
            np.asarray(Z, dtype=np.float64), self.prototypes_, self.metric
        )

    def decision_function(self, X):
        """Negative distance of each sample to each prototype.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        scores : ndarray of shape (n_samples, n_classes) or (n_samples,)
            ``-d(f(x), c_k)`` per class; with two classes, the score of the
            second class minus that of the first.
        """
        scores = -self._distances(X)
        if scores.shape[1] == 2:
            return scores[:, 1] - scores[:, 0]
        return scores

    def predict_proba(self, X):
        """Class probabilities ``softmax(-d(f(x), c_k))``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Probability of each class, columns in the order of ``classes_``.
        """
        logits = -self._distances(X)
        logits -= logits.max(axis=1, keepdims=True)
        proba = np.exp(logits)
        return proba / proba.sum(axis=1, keepdims=True)

    def predict(self, X):
        """Class of the nearest prototype.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
            Predicted classes.
        """
        nearest = np.argmin(self._distances(X), axis=1)
        return self.classes_[nearest]
