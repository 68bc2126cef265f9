import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import RidgeClassifier

from skmm.colearning import ZeroShotClassifier
from skmm.datasets import make_attribute_classification


@pytest.fixture(scope="module")
def data():
    X, y, attributes = make_attribute_classification(
        n_samples=1000, noise=1.0, random_state=0
    )
    return X, y, attributes, y < 7


def test_generator_ground_truth():
    X, y, attributes = make_attribute_classification(
        n_samples=400,
        n_classes=6,
        n_attributes=3,
        n_features=5,
        noise=0.0,
        random_state=1,
    )
    assert X.shape == (400, 5) and attributes.shape == (6, 3)
    assert np.bincount(y).tolist() == [400 // 6 + (c < 400 % 6) for c in range(6)]
    assert len({tuple(r) for r in attributes.tolist()}) == 6
    assert set(np.unique(attributes).tolist()) <= {0.0, 1.0}
    assert np.all(attributes.sum(axis=1) >= 1)
    # without noise, features are a linear function of the class signature
    signs = 2 * attributes[y] - 1
    W, *_ = np.linalg.lstsq(signs, X, rcond=None)
    np.testing.assert_allclose(signs @ W, X, atol=1e-10)
    with pytest.raises(ValueError, match="distinct"):
        make_attribute_classification(n_classes=8, n_attributes=3)
    with pytest.raises(ValueError, match="noise"):
        make_attribute_classification(noise=-1.0)


def test_predicts_unseen_classes_far_above_chance(data):
    X, y, attributes, seen = data
    model = ZeroShotClassifier(attributes, candidates="unseen").fit(X[seen], y[seen])
    assert model.classes_.tolist() == [7, 8, 9]
    assert model.unseen_classes_.tolist() == [7, 8, 9]
    assert model.seen_classes_.tolist() == list(range(7))
    # chance is 1/3 among the three unseen classes
    assert model.score(X[~seen], y[~seen]) > 0.75
    # generalised zero-shot: all ten classes are candidates (chance 1/10)
    everything = ZeroShotClassifier(attributes).fit(X[seen], y[seen])
    assert everything.classes_.tolist() == list(range(10))
    assert everything.score(X[~seen], y[~seen]) > 0.2
    assert everything.score(X[seen], y[seen]) > 0.6


def test_closed_form_minimises_the_eszsl_objective(data):
    X, y, attributes, seen = data
    X, y = X[seen][:200], y[seen][:200]
    gamma, lam = 0.7, 2.5
    model = ZeroShotClassifier(attributes, alpha=gamma, attribute_alpha=lam).fit(X, y)
    V = model.coef_
    S = attributes[:7]
    Y = -np.ones((len(y), 7))
    Y[np.arange(len(y)), y] = 1
    # the paper's formula, in its own (features x samples) layout
    Xp = X.T
    expected = (
        np.linalg.inv(Xp @ Xp.T + gamma * np.eye(Xp.shape[0]))
        @ Xp
        @ Y
        @ S
        @ np.linalg.inv(S.T @ S + lam * np.eye(S.shape[1]))
    )
    np.testing.assert_allclose(V, expected, rtol=1e-8, atol=1e-10)
    # gradient of ||X V S' - Y||^2 + g||V S'||^2 + l||X V||^2 + g l ||V||^2 is 0
    R = X @ V @ S.T - Y
    grad = X.T @ R @ S + gamma * V @ S.T @ S + lam * X.T @ X @ V + gamma * lam * V
    assert np.abs(grad).max() < 1e-8 * np.abs(X.T @ Y @ S).max()


def test_dual_form_when_features_outnumber_samples(data):
    X, y, attributes, seen = data
    X, y = X[seen][:12], y[seen][:12]
    wide = np.hstack([X, X[:, ::-1] ** 2])  # 12 samples, 40 features
    model = ZeroShotClassifier(attributes, alpha=0.5).fit(wide, y)
    S = attributes[np.unique(y)]
    Y = -np.ones((12, S.shape[0]))
    Y[np.arange(12), np.searchsorted(np.unique(y), y)] = 1
    primal = np.linalg.solve(wide.T @ wide + 0.5 * np.eye(40), wide.T @ Y @ S)
    primal = primal @ np.linalg.inv(S.T @ S + np.eye(S.shape[1]))
    np.testing.assert_allclose(model.coef_, primal, rtol=1e-7, atol=1e-10)


def test_one_hot_attributes_are_a_ridge_classifier(data):
    X, y, _, _ = data
    model = ZeroShotClassifier(alpha=3.0).fit(X, y)
    ridge = RidgeClassifier(alpha=3.0, fit_intercept=False).fit(X, y)
    np.testing.assert_array_equal(model.predict(X), ridge.predict(X))
    np.testing.assert_allclose(
        model.decision_function(X), ridge.decision_function(X) / 2.0
    )
    binary = y < 2
    model2 = ZeroShotClassifier(alpha=3.0).fit(X[binary], y[binary])
    ridge2 = RidgeClassifier(alpha=3.0, fit_intercept=False).fit(X[binary], y[binary])
    np.testing.assert_allclose(
        model2.decision_function(X), ridge2.decision_function(X), rtol=1e-8
    )


def test_attribute_formats_agree(data):
    X, y, attributes, seen = data
    names = [f"c{i}" for i in range(10)]
    labels = np.asarray(names)[y]
    as_dict = {n: attributes[i] for i, n in reversed(list(enumerate(names)))}
    frame = pd.DataFrame(attributes, index=names)
    preds = []
    for table in (as_dict, frame):
        model = ZeroShotClassifier(table, candidates="unseen")
        model.fit(X[seen], labels[seen])
        assert model.classes_.tolist() == ["c7", "c8", "c9"]
        preds.append(model.predict(X[~seen]))
    np.testing.assert_array_equal(preds[0], preds[1])
    by_row = ZeroShotClassifier(attributes, candidates="unseen").fit(X[seen], y[seen])
    np.testing.assert_array_equal(np.asarray(names)[by_row.predict(X[~seen])], preds[0])


def test_bad_input(data):
    X, y, attributes, seen = data
    with pytest.raises(ValueError, match="no attribute vector"):
        ZeroShotClassifier(attributes[:5]).fit(X, y)
    with pytest.raises(ValueError, match="only one class"):
        ZeroShotClassifier(attributes).fit(X[y == 0], y[y == 0])
    with pytest.raises(ValueError, match="every class of class_attributes"):
        ZeroShotClassifier(attributes, candidates="unseen").fit(X, y)
    with pytest.raises(ValueError, match="same length"):
        ZeroShotClassifier({0: [1, 0], 1: [1, 0, 1]}).fit(X[y < 2], y[y < 2])
    with pytest.raises(ValueError, match="2-D array"):
        ZeroShotClassifier(np.ones(4)).fit(X, y)
    bad = attributes.copy()
    bad[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        ZeroShotClassifier(bad).fit(X, y)
    with pytest.raises(ValueError, match="Unknown label type"):
        ZeroShotClassifier().fit(X, y + 0.5)
