"""The contract every coordinated estimator keeps (CCA, KernelCCA, MultiviewCCA,
DeepCCA): transform / transform_view / score / feature names, in sklearn tools."""

import pickle

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV, cross_val_score

from skmm.datasets import make_correlated_views
from skmm.representation import CCA, DeepCCA, KernelCCA, MultiviewCCA

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")

ESTIMATORS = [
    CCA(reg=0.1),
    KernelCCA(approximation="nystroem", n_approx_features=40, random_state=0),
    MultiviewCCA(reg=0.1),
    DeepCCA(hidden_layer_sizes=(6,), max_iter=15, random_state=0),
]


def _frame():
    X, _ = make_correlated_views(
        n_samples=150, n_features=(4, 3), correlations=[0.9, 0.6], random_state=0
    )
    columns = [f"img{i}" for i in range(4)] + [f"txt{i}" for i in range(3)]
    views = {"image": columns[:4], "text": columns[4:]}
    return pd.DataFrame(X, columns=columns), views


@pytest.mark.parametrize("estimator", ESTIMATORS, ids=lambda e: type(e).__name__)
def test_coordinated_contract(estimator):
    frame, views = _frame()
    est = clone(estimator).set_params(n_components=2, views=views).fit(frame)
    assert est.view_names_ == ["image", "text"] and est.n_views_ == 2
    assert [len(v) for v in est.views_] == [4, 3]
    assert est.canonical_correlations_.shape == (2,)
    Z = est.transform(frame)
    assert Z.shape == (150, 4)
    prefix = type(est).__name__.lower()
    assert est.get_feature_names_out().tolist() == [
        f"image_{prefix}0",
        f"image_{prefix}1",
        f"text_{prefix}0",
        f"text_{prefix}1",
    ]
    # one modality alone, on the scale of its block of transform
    np.testing.assert_allclose(
        est.transform_view(frame[views["image"]], "image"), Z[:, :2]
    )
    np.testing.assert_allclose(
        est.transform_view(frame[views["text"]].to_numpy(), 1), Z[:, 2:]
    )
    # the training variates have unit variance, so views are comparable
    np.testing.assert_allclose(Z.std(axis=0, ddof=1), 1.0, atol=1e-6)
    # score is the mean correlation of paired variates
    corr = [np.corrcoef(Z[:, k], Z[:, 2 + k])[0, 1] for k in range(2)]
    assert est.score(frame) == pytest.approx(np.mean(corr), abs=1e-10)
    mean = clone(est).set_params(combine="mean").fit(frame)
    np.testing.assert_allclose(
        mean.transform(frame), (Z[:, :2] + Z[:, 2:]) / 2, atol=1e-10
    )
    with pytest.raises(ValueError, match="has 3 columns but view 'image' has 4"):
        est.transform_view(frame[views["text"]].to_numpy(), "image")
    with pytest.raises(ValueError, match="Unknown view"):
        est.transform_view(frame[views["text"]], "audio")
    restored = pickle.loads(pickle.dumps(est))
    np.testing.assert_allclose(restored.transform(frame), Z)


@pytest.mark.parametrize("estimator", ESTIMATORS, ids=lambda e: type(e).__name__)
def test_gridsearch_and_cross_val_score_without_labels(estimator):
    frame, views = _frame()
    est = clone(estimator).set_params(views=views)
    search = GridSearchCV(est, {"n_components": [1, 2]}, cv=3).fit(frame)
    assert np.all(np.abs(search.cv_results_["mean_test_score"]) <= 1)
    # one strong pair (0.9) then a weaker one: one component scores higher
    assert search.best_params_ == {"n_components": 1}
    scores = cross_val_score(est.set_params(n_components=1), frame, cv=3)
    assert np.all(scores > 0.5)
