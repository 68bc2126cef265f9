import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from scipy.special import expit
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from skmm.datasets import load_digit_halves
from skmm.representation import MultimodalRBM


@pytest.fixture(autouse=True)
def _one_blas_thread():
    # Small products with several BLAS threads on a busy 2-core machine run
    # up to 50x slower (see benchmarks/_common.py); results do not change.
    with threadpool_limits(limits=1, user_api="blas"):
        yield


@pytest.fixture(scope="module")
def halves():
    X, y, views = load_digit_halves()
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.3, random_state=0
    )
    with threadpool_limits(limits=1, user_api="blas"):
        model = MultimodalRBM(
            views=views, view_types="gaussian", n_view_components=64,
            n_components=256, n_iter=30, method="cd", random_state=0,
        ).fit(X_train)  # fmt: skip
    return model, X_train, X_test, y_train, y_test


def _left_only(X):
    X = X.copy()
    X[:, 32:] = np.nan
    return X


def test_fills_right_half_better_than_training_means(halves):
    model, X_train, X_test, _, _ = halves
    filled = model.infer_missing(_left_only(X_test))
    assert_array_equal(filled[:, :32], X_test[:, :32])  # present view untouched
    rbm_error = np.mean((filled[:, 32:] - X_test[:, 32:]) ** 2)
    mean_error = np.mean((X_train[:, 32:].mean(axis=0) - X_test[:, 32:]) ** 2)
    assert rbm_error < 0.9 * mean_error, (rbm_error, mean_error)


def test_joint_code_of_left_half_beats_the_left_half_alone(halves):
    model, X_train, X_test, y_train, y_test = halves
    clf = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))
    joint = clf.fit(model.transform(_left_only(X_train)), y_train).score(
        model.transform(_left_only(X_test)), y_test
    )
    left = clf.fit(X_train[:, :32], y_train).score(X_test[:, :32], y_test)
    assert joint > left, (joint, left)


def test_generate_draws_the_view_given_the_others(halves):
    model, _, X_test, _, _ = halves
    X = X_test[:50]
    a = model.generate(X, "right", random_state=1)
    b = model.generate(_left_only(X), 1, random_state=1)
    assert a.shape == (50, 32)
    assert_array_equal(a, b)  # the block of the drawn view is ignored
    assert not np.array_equal(a, model.generate(X, "right", random_state=2))
    # draws scatter around the mean-field estimate, with unit-variance noise on
    # the standardized scale
    mean = model.infer_missing(_left_only(X))[:, 32:]
    assert np.abs(np.mean(a - mean)) < 1.0


def _tiny_data(n=60, seed=0):
    rs = np.random.RandomState(seed)
    z = rs.rand(n, 1) < 0.5
    A = (rs.rand(n, 4) < np.where(z, 0.9, 0.1)).astype(float)
    B = (rs.rand(n, 3) < np.where(z, 0.8, 0.2)).astype(float)
    return np.hstack([A, B])


def test_missing_rows_in_fit_and_every_output_is_new():
    X = _tiny_data()
    X[:5, 4:] = np.nan
    copy = X.copy()
    model = MultimodalRBM(
        views=[slice(0, 4), slice(4, 7)], view_types="bernoulli",
        n_view_components=3, n_components=2, n_iter=3, random_state=0,
    ).fit(X)  # fmt: skip
    filled = model.infer_missing(X)
    assert_array_equal(X, copy, strict=True)
    assert not np.isnan(filled).any() and filled is not X
    assert ((filled[:5, 4:] >= 0) & (filled[:5, 4:] <= 1)).all()
    assert_array_equal(filled[5:], X[5:])
    assert model.transform(X).shape == (60, 2)


def test_infer_missing_is_the_mean_field_fixed_point():
    X = _tiny_data()
    model = MultimodalRBM(
        views=[slice(0, 4), slice(4, 7)], view_types="bernoulli",
        n_view_components=3, n_components=2, n_iter=5, n_inference_steps=300,
        random_state=0,
    ).fit(X)  # fmt: skip
    Xm = X.copy()
    Xm[:, 4:] = np.nan
    left = model.view_rbms_[0].transform(X[:, :4])
    joint = model.joint_rbm_
    codes, J = model._infer(Xm, np.isnan(Xm[:, [0, 4]]))
    # fixed point: J = sigmoid(W [left, right] + c), right = sigmoid(W^T J + b)
    assert_allclose(codes[0], left)
    V = np.hstack([left, codes[1]])
    assert_allclose(J, expit(V @ joint.components_.T + joint.intercept_hidden_))
    top_down = expit(J @ joint.components_ + joint.intercept_visible_)[:, 3:]
    assert_allclose(codes[1], top_down, atol=1e-6)
    right = model.view_rbms_[1]
    expected = expit(codes[1] @ right.components_ + right.intercept_visible_)
    assert_allclose(model.infer_missing(Xm)[:, 4:], expected, atol=1e-12)


def test_reproducible_and_views_by_name_with_dataframes():
    pd = pytest.importorskip("pandas")
    X, _, views = load_digit_halves(as_frame=True)
    X = X.iloc[:80]
    params = dict(n_view_components=4, n_components=3, n_iter=2, random_state=3)
    a = MultimodalRBM(views=views, **params).fit(X)
    b = MultimodalRBM(views=views, **params).fit(X)
    assert_array_equal(a.transform(X), b.transform(X))
    assert a.view_names_ == ["left", "right"]
    out = a.set_output(transform="pandas").transform(X)
    assert isinstance(out, pd.DataFrame)
    assert list(out.columns) == [f"multimodalrbm{i}" for i in range(3)]
    assert a.generate(X, "left", random_state=0).shape == (80, 32)


def test_per_view_settings_and_rescale():
    X = _tiny_data()
    X[:, 4:] = X[:, 4:] * 10 - 3  # a real-valued second view
    model = MultimodalRBM(
        views={"a": slice(0, 4), "b": slice(4, 7)},
        view_types={"a": "bernoulli", "b": "gaussian"},
        n_view_components=[3, 2], n_components=2, n_iter=2, random_state=0,
    ).fit(X)  # fmt: skip
    assert model.view_types_ == ["bernoulli", "gaussian"]
    assert [r.n_components for r in model.view_rbms_] == [3, 2]
    assert_allclose(model.view_offset_[1], X[:, 4:].mean(axis=0))
    assert_allclose(model.view_scale_[1], X[:, 4:].std(axis=0))
    Xm = X.copy()
    Xm[:, 4:] = np.nan
    filled = model.infer_missing(Xm)[:, 4:]
    assert np.abs(filled.mean(axis=0) - X[:, 4:].mean(axis=0)).max() < 5


def test_bad_input_is_a_clear_error():
    X = _tiny_data() * 16
    views = [slice(0, 4), slice(4, 7)]
    with pytest.raises(ValueError, match=r"Bernoulli view.*\[0, 16\].*rescale"):
        MultimodalRBM(views=views, view_types="bernoulli", rescale=False).fit(X)
    model = MultimodalRBM(
        views=views, view_types="bernoulli", n_view_components=2, n_components=2,
        n_iter=1,
    )  # fmt: skip
    model.fit(X)  # rescale=True maps each view's range to [0, 1]
    assert_allclose(model.view_scale_[0], 16.0)
    bad = X.copy()
    bad[0, 1] = np.nan  # NaN in part of a view block
    with pytest.raises(ValueError, match="NaN in part of view"):
        model.transform(bad)
    with pytest.raises(ValueError, match="NaN in part of view"):
        MultimodalRBM(views=views).fit(bad)
    all_missing = X.copy()
    all_missing[:, 4:] = np.nan
    with pytest.raises(ValueError, match="every view"):
        MultimodalRBM(views=views).fit(all_missing)
    with pytest.raises(ValueError, match="view_types for view"):
        MultimodalRBM(views=views, view_types=["bernoulli", "poisson"]).fit(X)
    with pytest.raises(ValueError, match="n_view_components has 3 entries"):
        MultimodalRBM(views=views, n_view_components=[2, 2, 2]).fit(X)
    with pytest.raises(ValueError, match="Unknown view 'c'"):
        model.generate(X, "c")


def test_pipeline_and_grid_search():
    X, y, views = load_digit_halves()
    X, y = X[:150], y[:150]
    pipe = Pipeline(
        [
            ("rbm", MultimodalRBM(views=views, n_iter=2, random_state=0)),
            ("clf", LogisticRegression(max_iter=300)),
        ]
    )
    grid = GridSearchCV(
        pipe,
        {"rbm__n_components": [4, 8], "rbm__n_view_components": [8]},
        cv=2,
    ).fit(X, y)
    assert grid.best_params_["rbm__n_components"] in (4, 8)
    assert grid.predict(X[:3]).shape == (3,)
