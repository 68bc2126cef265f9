"""ModalityTranslator: held-out error, agreement with plain regressors, pipelines."""

import numpy as np
import pytest
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
from sklearn.linear_model import Ridge
from sklearn.metrics import mean_squared_error
from sklearn.pipeline import make_pipeline
from sklearn.svm import LinearSVR

from skmm.datasets import load_digit_halves, make_correlated_views
from skmm.representation import CCA
from skmm.translation import ModalityTranslator


@pytest.fixture(scope="module")
def digits():
    X, y, views = load_digit_halves()
    order = np.random.RandomState(0).permutation(len(X))
    X, y = X[order], y[order]
    return X[:1200], X[1200:], y[:1200], y[1200:], views


@pytest.mark.parametrize("embedding", [None, CCA(n_components=10, reg=0.1)])
def test_held_out_error_beats_the_training_mean(digits, embedding):
    X_train, X_test, _, _, views = digits
    translator = ModalityTranslator(
        embedding=embedding, views=views, source="left", target="right"
    ).fit(X_train)
    Y = X_test[:, views["right"]]
    mse = mean_squared_error(Y, translator.transform(X_test))
    baseline = mean_squared_error(
        Y, np.broadcast_to(X_train[:, views["right"]].mean(axis=0), Y.shape)
    )
    assert mse < 0.8 * baseline
    assert translator.score(X_test) > 0.2


def test_direct_path_is_the_regressor_on_the_source_columns():
    X, views = make_correlated_views(n_samples=300, random_state=0)
    translator = ModalityTranslator(Ridge(alpha=3.0), views=views).fit(X[:200])
    reference = Ridge(alpha=3.0).fit(X[:200, views["view0"]], X[:200, views["view1"]])
    expected = reference.predict(X[200:, views["view0"]])
    np.testing.assert_allclose(translator.transform(X[200:]), expected)
    np.testing.assert_allclose(translator.translate(X[200:, views["view0"]]), expected)
    # target columns are not read: NaN there changes nothing
    X_nan = X[200:].copy()
    X_nan[:, views["view1"]] = np.nan
    np.testing.assert_allclose(translator.transform(X_nan), expected)
    # and the reverse direction
    back = ModalityTranslator(Ridge(alpha=3.0), views=views, target=0).fit(X[:200])
    assert back.source_ == [1]
    np.testing.assert_allclose(
        back.transform(X[200:]),
        Ridge(alpha=3.0)
        .fit(X[:200, views["view1"]], X[:200, views["view0"]])
        .predict(X[200:, views["view1"]]),
    )


def test_shared_space_path_regresses_on_the_source_variates():
    X, views = make_correlated_views(n_samples=300, random_state=1)
    translator = ModalityTranslator(
        embedding=CCA(n_components=2), views=views, source=0, target=1
    ).fit(X[:200])
    cca = CCA(n_components=2, views=views).fit(X[:200])
    Z = cca.transform_view(X[:200, views["view0"]], 0)
    reference = Ridge(alpha=1.0).fit(Z, X[:200, views["view1"]])
    expected = reference.predict(cca.transform_view(X[200:, views["view0"]], 0))
    np.testing.assert_allclose(translator.transform(X[200:]), expected)


def test_three_views_and_single_output_regressors():
    rng = np.random.RandomState(0)
    latent = rng.standard_normal((200, 2))
    a = latent @ rng.standard_normal((2, 3))
    b = latent @ rng.standard_normal((2, 4))
    c = latent @ rng.standard_normal((2, 2)) + 0.1 * rng.standard_normal((200, 2))
    X = np.hstack([a, b, c])
    views = {"a": slice(0, 3), "b": slice(3, 7), "c": slice(7, 9)}
    # LinearSVR has no multi-output support: one regressor per target column
    translator = ModalityTranslator(
        LinearSVR(dual="auto", max_iter=10000, random_state=0),
        views=views,
        target="c",
    ).fit(X[:150])
    assert translator.source_ == [0, 1]
    assert len(translator.estimator_.estimators_) == 2
    assert translator.score(X[150:]) > 0.9
    pred = translator.translate(X[150:, :7])
    np.testing.assert_allclose(pred, translator.transform(X[150:]))
    # a one-column target
    one = ModalityTranslator(views=[slice(0, 3), slice(3, 4)]).fit(X[:150, :4])
    assert one.transform(X[150:, :4]).shape == (50, 1)


def test_pipeline_and_pandas_output(digits):
    X_train, X_test, y_train, y_test, views = digits
    model = make_pipeline(
        ModalityTranslator(views=views, source="left", target="right"),
        LinearDiscriminantAnalysis(),
    ).fit(X_train, y_train)
    assert model.score(X_test, y_test) > 0.5  # classes from predicted right halves
    translator = ModalityTranslator(views=views, target="right").set_output(
        transform="pandas"
    )
    frame = translator.fit(X_train).transform(X_test)
    assert list(frame.columns) == [f"x{i}" for i in range(32, 64)]


def test_bad_input(digits):
    X_train, X_test, _, _, views = digits
    translator = ModalityTranslator(views=views, source="left", target="right")
    translator.fit(X_train)
    with pytest.raises(ValueError, match="X_source has 31 columns but view 'left'"):
        translator.translate(X_test[:, :31])
    with pytest.raises(ValueError, match="X has 63 features"):
        translator.transform(X_test[:, :63])
    X_bad = X_test.copy()
    X_bad[0, views["left"]] = np.nan
    with pytest.raises(ValueError, match="needs source view 'left' in every row"):
        translator.transform(X_bad)
    with pytest.raises(ValueError, match="Unknown view 'text'"):
        ModalityTranslator(views=views, target="text").fit(X_train)
    with pytest.raises(ValueError, match="translated from itself"):
        ModalityTranslator(views=views, source="left", target="left").fit(X_train)
    with pytest.raises(ValueError, match="twice"):
        ModalityTranslator(views=views, source=[0, "left"]).fit(X_train)
