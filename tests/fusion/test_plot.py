"""ViewWeightsDisplay: the weights drawn are the ones the fuser predicts with."""

import numpy as np
import pytest
from sklearn.linear_model import BayesianRidge, LogisticRegression
from sklearn.neighbors import KNeighborsClassifier

from skmm.datasets import make_multiview_classification
from skmm.fusion import (
    EarlyFusion,
    LateFusionClassifier,
    LateFusionRegressor,
    StackingFusionClassifier,
    ViewWeightsDisplay,
)
from tests._plotting import agg_figures  # noqa: F401 (autouse fixture)


@pytest.fixture(scope="module")
def data():
    X, y, views = make_multiview_classification(
        n_samples=300, informativeness=(1.0, 0.5, 0.0), random_state=0
    )
    y = np.array(["a", "b", "c"])[y]  # string labels: the display decodes them
    return X[:200], y[:200], X[200:], y[200:], views


def _heights(bars):
    return np.array([patch.get_height() for patch in bars])


def test_bars_are_the_fitted_weights_and_out_of_fold_scores(data):
    X, y, _, _, views = data
    clf = LateFusionClassifier(views=views, weights="learned", cv=3).fit(X, y)
    display = ViewWeightsDisplay.from_estimator(clf)
    np.testing.assert_allclose(_heights(display.weight_bars_), clf.view_weights_)
    np.testing.assert_allclose(_heights(display.score_bars_), clf.view_scores_)
    assert display.score_name == "out-of-fold accuracy"
    assert display.row_weights is None and display.ax_rows_ is None
    assert [t.get_text() for t in display.ax_.get_xticklabels()] == list(views)
    # the noise view: the lowest score and (learned weights) almost no weight
    assert np.argmin(clf.view_scores_) == 2 and clf.view_weights_[2] < 0.05


def test_confidence_row_weights_are_those_predict_uses(data):
    X, y, X_test, y_test, views = data
    X_test = X_test.copy()
    X_test[:25, views["view0"]] = np.nan  # the best view missing in 25 rows
    clf = LateFusionClassifier(views=views, weights="confidence", cv=3).fit(X, y)
    display = ViewWeightsDisplay.from_estimator(clf, X_test, y_test)
    W = display.row_weights
    assert W.shape == (100, 3)
    np.testing.assert_allclose(W.sum(axis=1), 1.0)
    assert np.all(W[:25, 0] == 0.0) and np.all(W[25:, 0] > 0.0)
    # the fused probabilities are the row-weighted mean of the views' own
    # probabilities (each view's classifier alone, on its columns)
    P = np.stack(
        [
            est.predict_proba(X_test[:, cols]) if v else np.zeros((100, 3))
            for v, (est, cols) in enumerate(zip(clf.estimators_, views.values()))
        ],
        axis=1,
    )
    P[25:, 0] = clf.estimators_[0].predict_proba(X_test[25:, views["view0"]])
    np.testing.assert_allclose(
        np.einsum("nv,nvk->nk", W, P), clf.predict_proba(X_test), atol=1e-12
    )
    # the right panel: one box and one set of points per view
    assert display.ax_rows_ is not None and len(display.points_) == 3
    np.testing.assert_allclose(display.points_[1].get_offsets()[:, 1], W[:, 1])
    assert len(display.boxes_["boxes"]) == 3


def test_from_predictions_equals_from_estimator(data):
    X, y, X_test, y_test, views = data
    clf = LateFusionClassifier(
        KNeighborsClassifier(5), views=views, weights="confidence", cv=3
    ).fit(X, y)
    by_estimator = ViewWeightsDisplay.from_estimator(clf, X_test, y_test)
    # each view's classifier alone (fitted on encoded labels: decode them)
    predictions = {
        name: clf.classes_[est.predict(X_test[:, cols])]
        for (name, cols), est in zip(views.items(), clf.estimators_)
    }
    by_predictions = ViewWeightsDisplay.from_predictions(
        y_test,
        predictions,
        view_weights=clf.view_weights_,
        row_weights=by_estimator.row_weights,
    )
    np.testing.assert_array_equal(by_estimator.view_scores, by_predictions.view_scores)
    np.testing.assert_array_equal(
        by_estimator.view_weights, by_predictions.view_weights
    )
    assert by_estimator.score_name == by_predictions.score_name
    assert by_estimator.view_names == by_predictions.view_names == list(views)
    # the scores are the views' accuracies on the data given
    for v, pred in enumerate(predictions.values()):
        assert by_estimator.view_scores[v] == np.mean(pred == y_test)


def test_regression_with_predictive_variances():
    rng = np.random.default_rng(0)
    z = rng.normal(size=240)
    X = np.column_stack(
        [z + 0.1 * rng.normal(size=240), z + 1.0 * rng.normal(size=240)]
    )
    views = [[0], [1]]
    reg = LateFusionRegressor(BayesianRidge(), views=views, weights="confidence")
    reg.fit(X[:160], z[:160])
    display = ViewWeightsDisplay.from_estimator(reg, X[160:], z[160:])
    W = display.row_weights
    preds = np.column_stack(
        [e.predict(X[160:, v]) for e, v in zip(reg.estimators_, views)]
    )
    np.testing.assert_allclose((W * preds).sum(axis=1), reg.predict(X[160:]))
    assert display.score_name == "R² on the data given"
    # the precise view gets almost all the weight in every row
    assert W[:, 0].min() > 0.9
    by_predictions = ViewWeightsDisplay.from_predictions(z[160:], list(preds.T))
    np.testing.assert_allclose(by_predictions.view_scores, display.view_scores)
    assert by_predictions.view_names == ["view0", "view1"]


def test_stacking_weights_and_a_final_estimator_without_them(data):
    X, y, X_test, y_test, views = data
    stack = StackingFusionClassifier(
        final_estimator=LogisticRegression(), views=views, cv=3
    ).fit(X, y)
    display = ViewWeightsDisplay.from_estimator(stack, X_test, y_test)
    np.testing.assert_allclose(_heights(display.weight_bars_), stack.view_weights_)
    assert display.row_weights is None  # a final model per subset: no row weights
    knn_final = StackingFusionClassifier(
        final_estimator=KNeighborsClassifier(), views=views, cv=3
    ).fit(X, y)
    assert knn_final.view_weights_ is None
    display = ViewWeightsDisplay.from_estimator(knn_final)
    assert display.weight_bars_ is None
    np.testing.assert_allclose(_heights(display.score_bars_), knn_final.view_scores_)


def test_errors(data):
    X, y, X_test, y_test, views = data
    with pytest.raises(TypeError, match="ViewWeightsDisplay.from_estimator draws"):
        ViewWeightsDisplay.from_estimator(EarlyFusion(views=views), X)
    clf = LateFusionClassifier(views=views).fit(X, y)
    with pytest.raises(ValueError, match="y is given without X"):
        ViewWeightsDisplay.from_estimator(clf, None, y)
    with pytest.raises(ValueError, match="one entry per row of X"):
        ViewWeightsDisplay.from_estimator(clf, X_test, y_test[:5])
    with pytest.raises(ValueError, match="one number per view"):
        ViewWeightsDisplay.from_predictions(y_test, [y_test], view_weights=[0.5, 0.5])
    with pytest.raises(ValueError, match="have shape"):
        ViewWeightsDisplay.from_predictions(y_test, {"a": y_test[:3]})
    with pytest.raises(ValueError, match="scoring must be one of"):
        ViewWeightsDisplay.from_predictions(y_test, [y_test], scoring="f1")
    with pytest.raises(ValueError, match="Nothing to draw"):
        ViewWeightsDisplay(view_names=["a"], view_weights=None, view_scores=None).plot()
