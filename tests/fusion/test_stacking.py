import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.ensemble import StackingClassifier, StackingRegressor
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.model_selection import KFold, StratifiedKFold, cross_val_predict
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier
from sklearn.svm import LinearSVC

from skmm.datasets import make_multiview_classification
from skmm.fusion import (
    LateFusionClassifier,
    StackingFusionClassifier,
    StackingFusionRegressor,
)

from ._helpers import single_view_accuracy, strong_weak_noise, view_pipelines

KNN = KNeighborsClassifier(n_neighbors=5)


def _accuracy(model, X, y):
    return float(np.mean(model.predict(X) == y))


@pytest.mark.parametrize("passthrough, n_classes", [(False, 2), (True, 3)])
def test_reproduces_sklearn_stacking_classifier(passthrough, n_classes):
    X, y, views = make_multiview_classification(
        n_samples=120, n_classes=n_classes, n_features=(4, 5, 3), random_state=0
    )
    X_test = X[80:]
    X, y = X[:80], y[:80]
    cv = StratifiedKFold(3)
    ours = StackingFusionClassifier(views=views, cv=cv, passthrough=passthrough)
    ref = StackingClassifier(
        view_pipelines(views, LogisticRegression()),
        final_estimator=LogisticRegression(),
        cv=cv,
        passthrough=passthrough,
    )
    ours.fit(X, y)
    ref.fit(X, y)
    assert_allclose(ours.predict_proba(X_test), ref.predict_proba(X_test))
    assert_allclose(ours.decision_function(X_test), ref.decision_function(X_test))
    assert_array_equal(ours.predict(X_test), ref.predict(X_test))


def test_regressor_reproduces_sklearn_stacking_regressor():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(90, 6))
    y = X[:, 0] - 2 * X[:, 4] + 0.1 * rng.normal(size=90)
    views = {"a": slice(0, 3), "b": slice(3, 6)}
    cv = KFold(3)
    ours = StackingFusionRegressor(LinearRegression(), views=views, cv=cv)
    ref = StackingRegressor(view_pipelines(views, LinearRegression()), cv=cv)
    ours.fit(X[:60], y[:60])
    ref.fit(X[:60], y[:60])
    assert_allclose(ours.predict(X[60:]), ref.predict(X[60:]))
    assert ours.view_scores_[1] > ours.view_scores_[0] > 0


def test_stacking_at_least_as_accurate_as_late_fusion_and_best_view():
    acc = {"best": [], "late": [], "stack": []}
    for seed in range(3):
        X, y, X_test, y_test, views = strong_weak_noise(seed)
        acc["best"].append(
            max(
                single_view_accuracy(KNN, X, y, X_test, y_test, sel)
                for sel in views.values()
            )
        )
        late = LateFusionClassifier(KNN, views=views, weights="learned").fit(X, y)
        acc["late"].append(_accuracy(late, X_test, y_test))
        stack = StackingFusionClassifier(KNN, views=views).fit(X, y)
        acc["stack"].append(_accuracy(stack, X_test, y_test))
        assert np.argmin(stack.view_weights_) == 2  # the noise view counts least
    mean = {k: np.mean(v) for k, v in acc.items()}
    assert mean["stack"] >= mean["late"]
    assert mean["stack"] >= mean["best"] + 0.01


def test_view_scores_are_out_of_fold_accuracies():
    X, y, _, _, views = strong_weak_noise(1, n_train=120, n_test=1)
    clf = StackingFusionClassifier(views=views, cv=3).fit(X, y)
    for v, sel in enumerate(views.values()):
        oof = cross_val_predict(
            LogisticRegression(), X[:, sel], y, cv=StratifiedKFold(3)
        )
        assert_allclose(clf.view_scores_[v], np.mean(oof == y))
    assert_allclose(clf.view_weights_.sum(), 1.0)
    assert len(clf.final_estimators_) == 7  # every non-empty subset of 3 views


def test_missing_view_rows_match_a_model_trained_without_it():
    X, y, X_test, y_test, views = strong_weak_noise(2, n_train=150, n_test=40)
    clf = StackingFusionClassifier(views=views, cv=3).fit(X, y)
    X_missing = X_test.copy()
    X_missing[:20, views["view0"]] = np.nan
    without = {k: v for k, v in views.items() if k != "view0"}
    ref = StackingFusionClassifier(views=without, cv=3).fit(X, y)
    proba = clf.predict_proba(X_missing)
    assert_allclose(proba[:20], ref.predict_proba(X_test[:20]))
    assert_allclose(proba[20:], clf.predict_proba(X_test[20:]))
    assert_array_equal(clf.predict(X_missing)[:20], ref.predict(X_test[:20]))


def test_missing_views_in_training_and_accuracy_close_to_model_without_them():
    X, y, X_test, y_test, views = strong_weak_noise(3, n_train=300, n_test=600)
    X_train = X.copy()
    X_train[:60, views["view1"]] = np.nan
    clf = StackingFusionClassifier(views=views, cv=3).fit(X_train, y)
    X_missing = X_test.copy()
    X_missing[:, views["view1"]] = np.nan
    without = {k: v for k, v in views.items() if k != "view1"}
    ref = StackingFusionClassifier(views=without, cv=3).fit(X, y)
    gap = _accuracy(clf, X_missing, y_test) - _accuracy(ref, X_test, y_test)
    assert abs(gap) < 0.03
    assert np.isnan(X_train[:60, views["view1"]]).all()


def test_errors_for_missing_views_and_bad_estimators():
    X, y, X_test, _, views = strong_weak_noise(4, n_train=90, n_test=5)
    clf = StackingFusionClassifier(views=views, cv=3).fit(X, y)
    X_bad = X_test.copy()
    X_bad[0] = np.nan
    with pytest.raises(ValueError, match="lacks every view"):
        clf.predict(X_bad)
    with pytest.raises(ValueError, match="has 2 entries but there are 3 views"):
        StackingFusionClassifier([KNN, KNN], views=views).fit(X, y)
    with pytest.raises(ValueError, match="has no predict_proba"):
        StackingFusionClassifier(
            LinearSVC(), views=views, stack_method="predict_proba"
        ).fit(X, y)
    with pytest.raises(ValueError, match="overlap"):
        StackingFusionClassifier(views=[slice(0, 12), slice(10, 20)]).fit(X, y)


def test_methods_follow_the_estimators():
    X, y, X_test, _, views = strong_weak_noise(5, n_train=90, n_test=5)
    clf = StackingFusionClassifier(LinearSVC(), LinearSVC(), views=views, cv=3)
    assert not hasattr(clf, "predict_proba")
    clf.fit(X, y)
    assert clf.stack_method_ == ["decision_function"] * 3
    assert not hasattr(clf, "predict_proba")
    assert clf.decision_function(X_test).shape == (5, 3)
    assert StackingFusionClassifier(KNN, views=views, cv=3).fit(X, y).stack_method_[
        0
    ] == ("predict_proba")
    assert not hasattr(
        StackingFusionClassifier(final_estimator=KNN), "decision_function"
    )


def test_many_views_fit_leave_one_out_subsets_only():
    X, y, views = make_multiview_classification(
        n_samples=90,
        n_features=(2,) * 6,
        informativeness=(1.0,) * 6,
        random_state=0,
    )
    clf = StackingFusionClassifier(GaussianNB(), views=views, cv=3).fit(X, y)
    assert len(clf.final_estimators_) == 7
    X_one = X[:3].copy()
    X_one[:, views["view2"]] = np.nan
    assert clf.predict(X_one).shape == (3,)
    X_one[:, views["view4"]] = np.nan
    with pytest.raises(ValueError, match="no final estimator"):
        clf.predict(X_one)


def test_missing_views_error_fits_one_final_estimator():
    X, y, X_test, _, views = strong_weak_noise(6, n_train=90, n_test=5)
    clf = StackingFusionClassifier(views=views, cv=3, missing_views="error")
    clf.fit(X, y)
    assert list(clf.final_estimators_) == [("view0", "view1", "view2")]
    assert clf.predict(X_test).shape == (5,)
    X_test[:, views["view1"]] = np.nan
    with pytest.raises(ValueError, match="missing_views='error'"):
        clf.predict(X_test)
