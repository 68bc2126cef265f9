"""Data and sklearn reference models shared by the fusion tests."""

import numpy as np
from sklearn.base import clone
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import make_pipeline

from skmm.datasets import make_multiview_classification


def strong_weak_noise(seed, n_train=300, n_test=600):
    """A strong, a weak and a pure-noise view; train and test parts."""
    X, y, views = make_multiview_classification(
        n_samples=n_train + n_test,
        informativeness=(1.0, 0.5, 0.0),
        random_state=seed,
    )
    return X[:n_train], y[:n_train], X[n_train:], y[n_train:], views


def view_pipeline(selector, estimator):
    """The sklearn way to fit one estimator on one view: a column selection."""
    return make_pipeline(
        ColumnTransformer([("view", "passthrough", selector)]), clone(estimator)
    )


def view_pipelines(views, estimator):
    return [(name, view_pipeline(sel, estimator)) for name, sel in views.items()]


def single_view_accuracy(estimator, X, y, X_test, y_test, selector):
    est = clone(estimator).fit(X[:, selector], y)
    return float(np.mean(est.predict(X_test[:, selector]) == y_test))
