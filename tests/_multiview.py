"""What the views-contract test and its fuzzer share: the estimators and their outputs.

Both run every multi-view estimator of ``all_estimators()`` (those that inherit
:class:`~skmm.utils.MultiViewMixin`), built with the fast parameters of
``tests/estimator_params``, and compare what the fitted estimators output.
"""

import numpy as np
from sklearn.base import is_classifier, is_regressor

from skmm.utils import MultiViewMixin
from skmm.utils.discovery import all_estimators
from tests.estimator_params import PARAMS

MULTIVIEW = [
    (name, cls) for name, cls in all_estimators() if issubclass(cls, MultiViewMixin)
]


def make_multiview(cls, views):
    """``cls`` with its fast parameters, the given ``views`` and a fixed seed."""
    configs = PARAMS.get(cls.__name__, {})
    params = dict(configs[0] if isinstance(configs, list) else configs)
    est = cls(**params).set_params(views=views)
    if "random_state" in est.get_params():
        est.set_params(random_state=0)
    return est


def target_for(est, y_class, y_reg):
    """The target ``est`` fits on: class labels, values, or None (unsupervised)."""
    if is_classifier(est):
        return y_class
    if is_regressor(est):
        return y_reg
    return None


def fitted_outputs(est, X):
    """Every prediction-like output of a fitted estimator, as float arrays."""
    out = {}
    for method in ("predict", "predict_proba", "transform"):
        if hasattr(est, method):
            out[method] = np.asarray(getattr(est, method)(X), dtype=float)
    if not out and hasattr(est, "labels_"):  # a clusterer without predict
        out["labels_"] = np.asarray(est.labels_, dtype=float)
    elif not out:  # a retriever: its score on paired rows
        out["score"] = np.asarray([est.score(X)])
    return out
