import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import GaussianNB
from sklearn.svm import LinearSVC

from skmm.colearning import CoTrainingClassifier
from skmm.colearning._cotraining import _combine_probas, _quotas
from skmm.datasets import make_multiview_classification


def _data(seed=0, n_samples=600, frac=0.05):
    X, y, views = make_multiview_classification(
        n_samples=2 * n_samples,
        n_classes=3,
        informativeness=(1.0, 0.8, 0.6),
        random_state=seed,
    )
    X, X_test, y, y_test = X[:n_samples], X[n_samples:], y[:n_samples], y[n_samples:]
    rng = np.random.RandomState(seed)
    y_partial = y.copy()
    y_partial[rng.rand(n_samples) > frac] = -1
    return X, y, y_partial, X_test, y_test, views


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_beats_labeled_rows_alone_three_views_multiclass(seed):
    X, y, y_partial, X_test, y_test, views = _data(seed)
    labeled = y_partial != -1
    assert labeled.mean() < 0.08
    model = CoTrainingClassifier(views=views, random_state=0).fit(X, y_partial)
    assert model.n_views_ == 3 and model.classes_.tolist() == [0, 1, 2]
    supervised = GaussianNB().fit(X[labeled], y[labeled])
    logistic = LogisticRegression().fit(X[labeled], y[labeled])
    views_only = CoTrainingClassifier(views=views, max_iter=0).fit(X, y_partial)
    score = model.score(X_test, y_test)
    assert score > supervised.score(X_test, y_test) + 0.03
    assert score > logistic.score(X_test, y_test) + 0.03
    assert score > views_only.score(X_test, y_test) + 0.03
    # the pseudo-labels are mostly right
    grown = model.labeled_iter_ > 0
    assert grown.sum() > 100
    assert (model.transduction_[grown] == y[grown]).mean() > 0.75


def test_all_labels_equal_the_supervised_model():
    X, y, _, X_test, _, views = _data(0, n_samples=200)
    model = CoTrainingClassifier(GaussianNB(var_smoothing=0.0), views=views)
    model.fit(X, y)
    assert model.n_iter_ == 1 and model.termination_condition_ == "all_labeled"
    # naive Bayes per view combined by the product rule is naive Bayes on all
    # columns: the views' class-conditional densities multiply.
    reference = GaussianNB(var_smoothing=0.0).fit(X, y)
    np.testing.assert_allclose(
        model.predict_proba(X_test), reference.predict_proba(X_test), atol=1e-8
    )
    np.testing.assert_array_equal(model.predict(X_test), reference.predict(X_test))
    np.testing.assert_array_equal(model.transduction_, y)


def test_max_iter_zero_is_views_fitted_on_labeled_rows():
    X, _, y_partial, X_test, _, views = _data(1)
    model = CoTrainingClassifier(
        LogisticRegression(), views=views, max_iter=0, combine="mean"
    ).fit(X, y_partial)
    labeled = y_partial != -1
    probas = [
        LogisticRegression()
        .fit(X[labeled][:, sl], y_partial[labeled])
        .predict_proba(X_test[:, sl])
        for sl in views.values()
    ]
    np.testing.assert_allclose(model.predict_proba(X_test), np.mean(probas, axis=0))
    assert model.n_iter_ == 1 and model.n_added_.shape == (0,)


def test_caller_arrays_unchanged():
    X, _, y_partial, _, _, views = _data(2)
    X0, y0 = X.copy(), y_partial.copy()
    model = CoTrainingClassifier(views=views, random_state=0).fit(X, y_partial)
    np.testing.assert_array_equal(y_partial, y0)
    np.testing.assert_array_equal(X, X0)
    assert (model.transduction_ != y_partial).sum() == model.n_added_.sum()


def test_round_records_are_consistent():
    X, y, y_partial, _, _, views = _data(0)
    model = CoTrainingClassifier(
        views=views, per_round=6, class_balance="uniform", max_iter=10, random_state=0
    ).fit(X, y_partial)
    assert model.n_iter_ - 1 == 10 == model.n_added_.shape[0]
    assert model.termination_condition_ == "max_iter"
    # each of the 3 views adds at most per_round labels per round
    assert np.all(model.n_added_ <= 6 * 3) and np.all(model.n_added_ >= 1)
    for r in range(1, model.n_iter_):
        assert (model.labeled_iter_ == r).sum() == model.n_added_[r - 1]
    assert model.n_added_.sum() == ((model.labeled_iter_ > 0).sum())
    np.testing.assert_array_equal(model.labeled_iter_ == 0, y_partial != -1)
    by = model.labeled_by_
    assert set(by[model.labeled_iter_ > 0].tolist()) <= {0, 1, 2}
    assert np.all(by[model.labeled_iter_ <= 0] == -1)
    # uniform balance: each view gives each class at most 2 labels per round
    grown = model.labeled_iter_ > 0
    for r in range(1, 11):
        for v in range(3):
            rows = (model.labeled_iter_ == r) & (by == v)
            counts = np.bincount(model.transduction_[rows], minlength=3)
            assert counts.max() <= 2
    assert grown.sum() == (model.transduction_ != -1).sum() - (y_partial != -1).sum()


def test_pool_size_bounds_each_round():
    X, _, y_partial, _, _, views = _data(0)
    model = CoTrainingClassifier(
        views=views,
        pool_size=4,
        per_round=30,
        class_balance=None,
        max_iter=5,
        random_state=0,
    ).fit(X, y_partial)
    assert np.all(model.n_added_ == 4)


def test_stops_when_nothing_is_confident():
    X, _, y_partial, _, _, views = _data(0)
    model = CoTrainingClassifier(
        LogisticRegression(C=1e-6), views=views, threshold=0.9
    ).fit(X, y_partial)
    assert model.termination_condition_ == "no_change" and model.n_iter_ == 1


def test_runs_until_every_row_is_labeled():
    X, _, y_partial, _, _, views = _data(0, n_samples=120, frac=0.2)
    model = CoTrainingClassifier(
        views=views, pool_size=None, max_iter=None, per_round=6
    ).fit(X, y_partial)
    assert model.termination_condition_ == "all_labeled"
    assert np.all(model.transduction_ != -1)


def test_reproducible_with_random_state():
    X, _, y_partial, X_test, _, views = _data(1)
    a = CoTrainingClassifier(views=views, random_state=3).fit(X, y_partial)
    b = CoTrainingClassifier(views=views, random_state=3).fit(X, y_partial)
    np.testing.assert_array_equal(a.transduction_, b.transduction_)
    np.testing.assert_array_equal(a.predict_proba(X_test), b.predict_proba(X_test))


def test_quotas_follow_the_class_prior():
    np.testing.assert_array_equal(_quotas(4, np.array([0.25, 0.75]), "prior"), [1, 3])
    np.testing.assert_array_equal(
        _quotas(10, np.array([0.5, 0.3, 0.2]), "prior"), [5, 3, 2]
    )
    np.testing.assert_array_equal(_quotas(4, np.array([0.2, 0.8]), "uniform"), [2, 2])
    q = _quotas(7, np.array([0.34, 0.33, 0.33]), "prior")
    assert q.sum() == 7 and q.tolist() == [3, 2, 2]
    assert _quotas(3, np.array([0.5, 0.5]), None) is None


def test_product_rule_matches_the_closed_form():
    rng = np.random.RandomState(0)
    probas = rng.dirichlet(np.ones(3), size=(2, 5))
    priors = np.array([0.2, 0.3, 0.5])
    expected = probas[0] * probas[1] / priors
    expected /= expected.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(_combine_probas(probas, priors, "product"), expected)
    np.testing.assert_allclose(_combine_probas(probas, priors, "mean"), probas.mean(0))


def test_object_labels_with_unlabeled_rows_and_dataframe_views():
    X, y, y_partial, X_test, _, views = _data(0)
    names = np.array(["ant", "bee", "cat"], dtype=object)
    y_obj = names[y].astype(object)
    y_obj[y_partial == -1] = -1
    columns = [f"f{i}" for i in range(X.shape[1])]
    frame = pd.DataFrame(X, columns=columns)
    named = {k: columns[v] for k, v in views.items()}
    model = CoTrainingClassifier(views=named, max_iter=3, random_state=0)
    model.fit(frame, y_obj)
    assert model.classes_.tolist() == ["ant", "bee", "cat"]
    assert set(model.predict(pd.DataFrame(X_test, columns=columns))) <= set(names)
    assert -1 not in model.transduction_[model.labeled_iter_ > 0].tolist()
    assert model.view_names_ == ["view0", "view1", "view2"]


def test_one_estimator_per_view():
    X, _, y_partial, X_test, _, views = _data(0)
    estimators = [GaussianNB(), LogisticRegression(), GaussianNB()]
    model = CoTrainingClassifier(estimators, views=views, max_iter=2).fit(X, y_partial)
    assert [type(e) for e in model.estimators_] == [type(e) for e in estimators]
    assert model.estimators_[1] is not estimators[1]
    assert model.predict_proba(X_test).shape == (X_test.shape[0], 3)


def test_bad_input():
    X, y, y_partial, _, _, views = _data(0)
    with pytest.raises(ValueError, match="no labeled samples"):
        CoTrainingClassifier(views=views).fit(X, np.full_like(y, -1))
    one_class = np.where(y_partial == -1, -1, 0)
    with pytest.raises(ValueError, match="only one class"):
        CoTrainingClassifier(views=views).fit(X, one_class)
    with pytest.raises(ValueError, match="one per view"):
        CoTrainingClassifier([GaussianNB()] * 2, views=views).fit(X, y_partial)
    with pytest.raises(TypeError, match="predict_proba"):
        CoTrainingClassifier(LinearSVC(), views=views).fit(X, y_partial)
    with pytest.raises(ValueError, match="Unknown label type"):
        CoTrainingClassifier(views=views).fit(X, y + 0.5)
    with pytest.raises(ValueError, match="at least 2 views"):
        CoTrainingClassifier(views=[slice(0, 10)]).fit(X, y_partial)
    with pytest.raises(ValueError, match="pool_size"):
        CoTrainingClassifier(views=views, pool_size=0).fit(X, y_partial)


def test_in_a_pipeline_and_grid_search():
    from sklearn.model_selection import GridSearchCV
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    X, _, y_partial, X_test, y_test, views = _data(0, n_samples=300, frac=0.3)
    pipe = make_pipeline(
        StandardScaler(), CoTrainingClassifier(views=views, random_state=0)
    )
    grid = {"cotrainingclassifier__per_round": [3, 6]}
    # validation rows marked -1 count as errors, equally for every candidate
    search = GridSearchCV(pipe, grid, cv=3).fit(X, y_partial)
    assert search.best_estimator_[-1].n_added_.sum() > 0
    assert search.best_params_["cotrainingclassifier__per_round"] in (3, 6)
    assert search.score(X_test, y_test) > 0.8
