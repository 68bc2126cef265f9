import numpy as np
import pytest
from joblib import parallel_config
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import clone
from sklearn.ensemble import VotingClassifier, VotingRegressor
from sklearn.linear_model import BayesianRidge, LinearRegression, LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC

from skmm.datasets import load_digit_halves
from skmm.fusion import LateFusionClassifier, LateFusionRegressor

from ._helpers import (
    single_view_accuracy,
    strong_weak_noise,
    view_pipeline,
    view_pipelines,
)

KNN = KNeighborsClassifier(n_neighbors=5)


def _accuracy(model, X, y):
    return float(np.mean(model.predict(X) == y))


def test_learned_and_confidence_weights_beat_equal_weights_and_best_view():
    # kNN on a pure-noise view is confidently wrong: it drags the equal-weight
    # mean below the strong view alone; learned or confidence weights must not.
    acc = {"best": [], "equal": [], "learned": [], "confidence": []}
    noise_weight = []
    for seed in range(3):
        X, y, X_test, y_test, views = strong_weak_noise(seed)
        acc["best"].append(
            max(
                single_view_accuracy(KNN, X, y, X_test, y_test, sel)
                for sel in views.values()
            )
        )
        for key, weights in (
            ("equal", None),
            ("learned", "learned"),
            ("confidence", "confidence"),
        ):
            clf = LateFusionClassifier(KNN, views=views, weights=weights).fit(X, y)
            acc[key].append(_accuracy(clf, X_test, y_test))
            if key == "learned":
                noise_weight.append(clf.view_weights_[2])
    mean = {k: np.mean(v) for k, v in acc.items()}
    assert mean["equal"] < mean["best"] - 0.02  # the noise view does drag it
    assert mean["learned"] >= mean["best"]
    assert mean["confidence"] >= mean["best"]
    assert mean["learned"] > mean["equal"] + 0.03
    assert mean["confidence"] > mean["equal"] + 0.03
    assert max(noise_weight) < 0.05


def test_learned_weights_order_the_views_by_informativeness():
    X, y, _, _, views = strong_weak_noise(0)
    clf = LateFusionClassifier(views=views, weights="learned", cv=3).fit(X, y)
    w, s = clf.view_weights_, clf.view_scores_
    assert_allclose(w.sum(), 1.0)
    assert w[0] > w[1] > w[2]
    assert s[0] > s[1] > s[2]
    assert abs(s[2] - 1 / 3) < 0.1  # the noise view is at chance


@pytest.mark.parametrize("rule, voting", [("mean", "soft"), ("vote", "hard")])
@pytest.mark.parametrize("weights", [None, [0.5, 0.3, 0.2]])
def test_equal_and_fixed_weight_rules_reproduce_voting_classifier(
    rule, voting, weights
):
    X, y, X_test, _, views = strong_weak_noise(1, n_train=150, n_test=150)
    y = np.asarray(["a", "b", "c"])[y]  # string labels go through encoding
    estimators = [LogisticRegression(), GaussianNB(), KNN]
    ours = LateFusionClassifier(estimators, views=views, rule=rule, weights=weights)
    ours.fit(X, y)
    ref = VotingClassifier(
        [(n, view_pipeline(views[n], e)) for n, e in zip(views, estimators)],
        voting=voting,
        weights=weights,
    )
    ref.fit(X, y)
    assert_array_equal(ours.predict(X_test), ref.predict(X_test))
    if voting == "soft":
        assert_allclose(ours.predict_proba(X_test), ref.predict_proba(X_test))
    else:
        assert not hasattr(ours, "predict_proba")


def test_product_rule_is_the_normalised_weighted_geometric_mean():
    X, y, X_test, _, views = strong_weak_noise(2, n_train=150, n_test=50)
    w = np.array([0.6, 0.3, 0.1])
    clf = LateFusionClassifier(views=views, rule="product", weights=w).fit(X, y)
    probas = [
        est.predict_proba(X_test[:, sel])
        for est, sel in zip(clf.estimators_, views.values())
    ]
    expected = np.prod([p**wv for p, wv in zip(probas, w)], axis=0)
    expected /= expected.sum(axis=1, keepdims=True)
    # probabilities are floored at 1e-12 before the logarithm
    assert_allclose(clf.predict_proba(X_test), expected, rtol=1e-6, atol=1e-9)
    assert_allclose(clf.predict_log_proba(X_test), np.log(expected), rtol=1e-5)


def test_missing_view_is_left_out_and_weights_renormalised():
    X, y, X_test, _, views = strong_weak_noise(3, n_train=150, n_test=60)
    clf = LateFusionClassifier(views=views, weights=[0.5, 0.3, 0.2]).fit(X, y)
    X_missing = X_test.copy()
    X_missing[:30, views["view1"]] = np.nan
    without = {k: v for k, v in views.items() if k != "view1"}
    ref = LateFusionClassifier(views=without, weights=[0.5, 0.2]).fit(X, y)
    proba = clf.predict_proba(X_missing)
    assert_allclose(proba[:30], ref.predict_proba(X_test[:30]))
    assert_allclose(proba[30:], clf.predict_proba(X_test[30:]))


@pytest.mark.parametrize("weights", ["learned", "confidence"])
def test_missing_view_accuracy_close_to_a_model_without_it(weights):
    X, y, X_test, y_test, views = strong_weak_noise(4, n_train=300, n_test=600)
    clf = LateFusionClassifier(views=views, weights=weights, cv=3).fit(X, y)
    X_missing = X_test.copy()
    X_missing[:, views["view1"]] = np.nan
    without = {k: v for k, v in views.items() if k != "view1"}
    ref = LateFusionClassifier(views=without, weights=weights, cv=3).fit(X, y)
    assert (
        abs(_accuracy(clf, X_missing, y_test) - _accuracy(ref, X_test, y_test)) < 0.03
    )
    # and losing the weak view costs something, losing none costs nothing
    assert _accuracy(clf, X_test, y_test) >= _accuracy(clf, X_missing, y_test) - 0.01


def test_missing_views_in_training_rows_fit_on_present_rows():
    X, y, _, _, views = strong_weak_noise(5, n_train=150, n_test=10)
    X_train = X.copy()
    X_train[:40, views["view1"]] = np.nan
    clf = LateFusionClassifier(views=views).fit(X_train, y)
    ref1 = LogisticRegression().fit(X[40:, views["view1"]], y[40:])
    ref0 = LogisticRegression().fit(X[:, views["view0"]], y)
    assert_allclose(clf.estimators_[1].coef_, ref1.coef_)
    assert_allclose(clf.estimators_[0].coef_, ref0.coef_)
    assert np.isnan(X_train[:40, views["view1"]]).all()  # input untouched


def test_rows_lacking_every_view_or_partial_views_are_errors():
    X, y, X_test, _, views = strong_weak_noise(6, n_train=90, n_test=10)
    clf = LateFusionClassifier(views=views).fit(X, y)
    X_bad = X_test.copy()
    X_bad[2] = np.nan
    with pytest.raises(ValueError, match="lacks every view"):
        clf.predict(X_bad)
    X_bad = X_test.copy()
    X_bad[1, 0] = np.nan
    with pytest.raises(ValueError, match="part of view"):
        clf.predict(X_bad)
    X_train = X.copy()
    X_train[:, views["view2"]] = np.nan
    with pytest.raises(ValueError, match="every training row"):
        LateFusionClassifier(views=views).fit(X_train, y)


def test_soft_rules_need_predict_proba():
    X, y, X_test, _, views = strong_weak_noise(7, n_train=90, n_test=10)
    with pytest.raises(ValueError, match="predict_proba"):
        LateFusionClassifier(LinearSVC(), views=views, rule="mean").fit(X, y)
    with pytest.raises(ValueError, match="predict_proba"):
        LateFusionClassifier(
            LinearSVC(), views=views, rule="vote", weights="confidence"
        ).fit(X, y)
    clf = LateFusionClassifier(LinearSVC(), views=views, rule="vote")
    assert not hasattr(clf, "predict_proba")
    assert clf.fit(X, y).predict(X_test).shape == (10,)
    assert not hasattr(clf, "predict_proba")
    assert not hasattr(LateFusionClassifier(), "decision_function")


def test_bad_views_and_per_view_estimators():
    X, y, _, _, views = strong_weak_noise(8, n_train=60, n_test=1)
    with pytest.raises(ValueError, match="overlap"):
        LateFusionClassifier(views=[slice(0, 12), slice(10, 20)]).fit(X, y)
    with pytest.raises(ValueError, match="selects no columns"):
        LateFusionClassifier(views=[slice(0, 10), []]).fit(X, y)
    with pytest.raises(ValueError, match="has 2 entries but there are 3 views"):
        LateFusionClassifier([KNN, KNN], views=views).fit(X, y)
    with pytest.raises(ValueError, match="gives no value for views \\['view2'\\]"):
        LateFusionClassifier({"view0": KNN, "view1": KNN}, views=views).fit(X, y)
    with pytest.raises(TypeError, match="instance"):
        LateFusionClassifier([KNN, KNN, GaussianNB], views=views).fit(X, y)
    with pytest.raises(ValueError, match="3 views"):
        LateFusionClassifier(views=views, weights=[1.0, 2.0]).fit(X, y)
    with pytest.raises(ValueError, match="non-negative"):
        LateFusionClassifier(views=views, weights=[1.0, -1.0, 1.0]).fit(X, y)
    with pytest.raises(ValueError, match="rule"):
        LateFusionClassifier(views=views, rule="max").fit(X, y)


def test_per_view_parameters_by_view_name():
    views = {"audio": slice(0, 3), "video": slice(3, 6)}
    clf = LateFusionClassifier(
        {"audio": LogisticRegression(), "video": LogisticRegression()}, views=views
    )
    params = clf.get_params()
    assert params["estimator__audio__C"] == 1.0
    clf.set_params(estimator__video__C=0.1)
    assert clf.estimator["video"].C == 0.1 and clf.estimator["audio"].C == 1.0
    clf.set_params(estimator__audio=GaussianNB())
    assert isinstance(clf.estimator["audio"], GaussianNB)
    assert clone(clf).estimator["video"].C == 0.1
    with pytest.raises(ValueError, match="named"):
        clf.set_params(estimator__speech__C=1.0)
    # a list is named by the views too; a single estimator keeps sklearn's names
    lst = LateFusionClassifier([LogisticRegression(), GaussianNB()], views=views)
    assert "estimator__video__var_smoothing" in lst.get_params()
    assert "estimator__C" in LateFusionClassifier(LogisticRegression()).get_params()


def test_grid_search_over_named_views_of_a_dataframe():
    X, y, views = load_digit_halves(as_frame=True)
    X, y = X.iloc[::6], y.iloc[::6]
    per_view = make_pipeline(StandardScaler(), LogisticRegression(max_iter=300))
    model = make_pipeline(
        LateFusionClassifier(
            {"left": per_view, "right": clone(per_view)},
            views=views,
        )
    )
    grid = GridSearchCV(
        model,
        {"latefusionclassifier__estimator__left__logisticregression__C": [1e-3, 1.0]},
        cv=3,
    ).fit(X, y)
    assert grid.best_params_ == {
        "latefusionclassifier__estimator__left__logisticregression__C": 1.0
    }
    best = grid.best_estimator_[-1]
    assert best.view_names_ == ["left", "right"]
    assert list(best.feature_names_in_) == list(X.columns)
    assert grid.best_score_ > 0.85


def test_n_jobs_gives_the_same_model():
    X, y, X_test, _, views = strong_weak_noise(9, n_train=120, n_test=30)
    a = LateFusionClassifier(GaussianNB(), views=views, weights="learned", cv=3)
    a.fit(X, y)
    b = LateFusionClassifier(
        GaussianNB(), views=views, weights="learned", cv=3, n_jobs=2
    )
    with parallel_config(backend="threading"):
        b.fit(X, y)
    assert_allclose(a.view_weights_, b.view_weights_)
    assert_allclose(a.predict_proba(X_test), b.predict_proba(X_test))


# ----------------------------------------------------------------- regression


def _regression_views(seed, n=300):
    rng = np.random.RandomState(seed)
    z = rng.normal(size=n)
    strong = np.column_stack([z + 0.2 * rng.normal(size=n), rng.normal(size=n)])
    weak = np.column_stack([z + 1.0 * rng.normal(size=n), rng.normal(size=n)])
    noise = rng.normal(size=(n, 3))
    X = np.hstack([strong, weak, noise])
    return X, z, {"strong": slice(0, 2), "weak": slice(2, 4), "noise": slice(4, 7)}


def test_regressor_equal_weights_reproduce_voting_regressor():
    X, y, views = _regression_views(0)
    ours = LateFusionRegressor(LinearRegression(), views=views).fit(X[:200], y[:200])
    ref = VotingRegressor(view_pipelines(views, LinearRegression()))
    ref.fit(X[:200], y[:200])
    assert_allclose(ours.predict(X[200:]), ref.predict(X[200:]))


def test_regressor_learned_weights_ignore_noise_and_beat_every_view():
    X, y, views = _regression_views(1, n=600)
    reg = LateFusionRegressor(views=views, weights="learned").fit(X[:300], y[:300])
    assert reg.view_weights_[2] < 0.02
    assert reg.view_weights_[0] > reg.view_weights_[1] > reg.view_weights_[2]
    # inverse-variance optimum for independent errors is about (25:1) strong:weak
    assert 0.85 < reg.view_weights_[0] < 0.99
    fused = reg.score(X[300:], y[300:])
    equal = LateFusionRegressor(views=views).fit(X[:300], y[:300])
    assert fused > equal.score(X[300:], y[300:]) + 0.1
    for est, sel in zip(reg.estimators_, views.values()):
        single = 1 - np.mean((est.predict(X[300:, sel]) - y[300:]) ** 2) / np.var(
            y[300:]
        )
        assert fused >= single - 0.005


def test_regressor_confidence_is_inverse_variance_weighting():
    X, y, views = _regression_views(2)
    reg = LateFusionRegressor(BayesianRidge(), views=views, weights="confidence")
    reg.fit(X[:200], y[:200])
    preds, precisions = [], []
    for est, sel in zip(reg.estimators_, views.values()):
        mu, std = est.predict(X[200:, sel], return_std=True)
        preds.append(mu)
        precisions.append(1 / std**2)
    expected = np.sum(np.multiply(preds, precisions), axis=0) / np.sum(
        precisions, axis=0
    )
    assert_allclose(reg.predict(X[200:]), expected)
    X_missing = X[200:].copy()
    X_missing[:, views["strong"]] = np.nan
    expected = (preds[1] * precisions[1] + preds[2] * precisions[2]) / (
        precisions[1] + precisions[2]
    )
    assert_allclose(reg.predict(X_missing), expected)
    with pytest.raises(ValueError, match="return_std"):
        LateFusionRegressor(views=views, weights="confidence").fit(X, y)


def test_explicit_cv_splits_with_missing_training_views():
    X, y, _, _, views = strong_weak_noise(10, n_train=90, n_test=1)
    splits = list(StratifiedKFold(3).split(X, y))
    clf = LateFusionClassifier(GaussianNB(), views=views, weights="learned", cv=splits)
    assert clf.fit(X, y).view_scores_.shape == (3,)
    X_train = X.copy()
    X_train[:10, views["view0"]] = np.nan
    with pytest.raises(ValueError, match="splitter"):
        clf.fit(X_train, y)
    clf.set_params(cv=StratifiedKFold(3)).fit(X_train, y)
