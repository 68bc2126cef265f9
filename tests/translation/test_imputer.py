"""ModalityImputer: fills only missing blocks, agrees with its translators."""

import numpy as np
import pytest
from sklearn.base import BaseEstimator
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
from sklearn.impute import SimpleImputer
from sklearn.linear_model import Ridge
from sklearn.pipeline import make_pipeline

from skmm.datasets import load_digit_halves
from skmm.representation import CCA
from skmm.translation import ModalityImputer, ModalityTranslator
from skmm.utils import MultiViewMixin


@pytest.fixture(scope="module")
def digits():
    X, y, views = load_digit_halves()
    order = np.random.RandomState(0).permutation(len(X))
    X, y = X[order], y[order]
    return X[:1200], X[1200:], y[:1200], y[1200:], views


def _drop(X, rows, cols):
    X = X.copy()
    X[np.ix_(rows, np.arange(X.shape[1])[cols])] = np.nan
    return X


def test_present_values_untouched_missing_ones_filled(digits):
    X_train, X_test, _, _, views = digits
    imputer = ModalityImputer(views=views).fit(X_train)
    X_missing = _drop(X_test, np.arange(0, 100), views["right"])
    X_missing = _drop(X_missing, np.arange(100, 150), views["left"])
    before = X_missing.copy()
    X_filled = imputer.transform(X_missing)
    np.testing.assert_array_equal(X_missing, before)  # input not modified
    present = ~np.isnan(X_missing)
    np.testing.assert_array_equal(X_filled[present], X_test[present])
    assert not np.isnan(X_filled).any()
    # the filled blocks are the ridge translation from the other half, fitted on
    # the training rows (an independent reference)
    left, right = views["left"], views["right"]
    to_right = Ridge(alpha=1.0).fit(X_train[:, left], X_train[:, right])
    to_left = Ridge(alpha=1.0).fit(X_train[:, right], X_train[:, left])
    np.testing.assert_allclose(
        X_filled[:100, right], to_right.predict(X_test[:100, left])
    )
    np.testing.assert_allclose(
        X_filled[100:150, left], to_left.predict(X_test[100:150, right])
    )


def test_classifier_keeps_most_of_its_accuracy(digits):
    X_train, X_test, y_train, y_test, views = digits
    clf = LinearDiscriminantAnalysis().fit(X_train, y_train)
    full = clf.score(X_test, y_test)
    X_missing = _drop(X_test, np.arange(len(X_test)), views["right"])
    imputed = clf.score(
        ModalityImputer(views=views).fit(X_train).transform(X_missing), y_test
    )
    mean_filled = clf.score(SimpleImputer().fit(X_train).transform(X_missing), y_test)
    assert imputed > 0.75 * full
    assert imputed > mean_filled + 0.05
    # as a pipeline step in front of the classifier
    model = make_pipeline(ModalityImputer(views=views), clf).fit(X_train, y_train)
    assert model.score(X_missing, y_test) == pytest.approx(imputed)


def test_three_views_average_the_present_translations():
    rng = np.random.RandomState(0)
    latent = rng.standard_normal((300, 2))
    blocks = [latent @ rng.standard_normal((2, w)) for w in (3, 4, 2)]
    X = np.hstack(blocks) + 0.05 * rng.standard_normal((300, 9))
    views = [slice(0, 3), slice(3, 7), slice(7, 9)]
    imputer = ModalityImputer(views=views).fit(X[:200])
    X_test = X[200:].copy()
    X_test[:10, 7:9] = np.nan  # lacks view 2: mean of translations from 0 and 1
    X_test[10:20, 3:9] = np.nan  # lacks views 1 and 2: translated from view 0 only
    filled = imputer.transform(X_test)
    t = imputer.translators_
    expected = (
        t[0, 2].translate(X_test[:10, 0:3]) + t[1, 2].translate(X_test[:10, 3:7])
    ) / 2
    np.testing.assert_allclose(filled[:10, 7:9], expected)
    np.testing.assert_allclose(filled[10:20, 3:7], t[0, 1].translate(X_test[10:20, :3]))
    np.testing.assert_allclose(filled[10:20, 7:9], t[0, 2].translate(X_test[10:20, :3]))
    assert np.abs(filled[:20, 7:9] - X[200:220, 7:9]).mean() < 0.2


def test_fit_uses_complete_rows_only(digits):
    X_train, X_test, _, _, views = digits
    X_gappy = _drop(X_train, np.arange(0, 300), views["left"])
    a = ModalityImputer(views=views).fit(X_gappy)
    b = ModalityImputer(views=views).fit(X_train[300:])
    assert a.n_complete_ == 900
    X_missing = _drop(X_test, np.arange(50), views["right"])
    np.testing.assert_allclose(a.transform(X_missing), b.transform(X_missing))


def test_translator_template_through_the_shared_space(digits):
    X_train, X_test, _, _, views = digits
    template = ModalityTranslator(embedding=CCA(n_components=10, reg=0.1))
    imputer = ModalityImputer(template, views=views).fit(X_train)
    translator = imputer.translators_[0, 1]
    assert translator.embedding_.n_components == 10
    X_missing = _drop(X_test, np.arange(40), views["right"])
    np.testing.assert_allclose(
        imputer.transform(X_missing)[:40, 32:],
        translator.translate(X_test[:40, views["left"]]),
    )


class _MeanJointModel(MultiViewMixin, BaseEstimator):
    """A stand-in joint model: infer_missing fills each block with training means."""

    def __init__(self, *, views=None):
        self.views = views

    def fit(self, X, y=None):
        X, _, _ = self._validate_views_data(X, reset=True)
        self.mean_ = X.mean(axis=0)
        return self

    def infer_missing(self, X):
        X = np.array(X, dtype=float)
        rows, cols = np.nonzero(np.isnan(X))
        X[rows, cols] = self.mean_[cols]
        X[:, 0] = -1.0  # a model may touch present values: the imputer must not
        return X


def test_joint_model_path(digits):
    X_train, X_test, _, _, views = digits
    imputer = ModalityImputer(_MeanJointModel(), views=views).fit(X_train)
    assert imputer.model_.views == {
        "left": imputer.views_[0],
        "right": imputer.views_[1],
    }
    X_missing = _drop(X_test, np.arange(30), views["right"])
    filled = imputer.transform(X_missing)
    np.testing.assert_allclose(
        filled[:30, 32:], np.tile(X_train[:, 32:].mean(0), (30, 1))
    )
    np.testing.assert_array_equal(filled[:, :32], X_test[:, :32])
    np.testing.assert_array_equal(filled[30:], X_test[30:])


def test_pandas_output_keeps_names():
    X, y, views = load_digit_halves(as_frame=True)
    imputer = ModalityImputer(views=views).set_output(transform="pandas")
    X_missing = X.iloc[1000:].copy()
    X_missing.loc[X_missing.index[:5], views["left"]] = np.nan
    out = imputer.fit(X.iloc[:1000]).transform(X_missing)
    assert list(out.columns) == list(X.columns)
    assert not out.isna().any().any()


def test_bad_input(digits):
    X_train, X_test, _, _, views = digits
    imputer = ModalityImputer(views=views).fit(X_train)
    X_bad = X_test.copy()
    X_bad[0, 3] = np.nan
    with pytest.raises(ValueError, match="NaN in part of view 'left'"):
        imputer.transform(X_bad)
    X_bad = _drop(X_test, [4], slice(None))
    with pytest.raises(ValueError, match="Row 4 lacks every view"):
        imputer.transform(X_bad)
    with pytest.raises(ValueError, match="X has 63 features"):
        imputer.transform(X_test[:, :63])
    with pytest.raises(ValueError, match="at least 2 complete samples"):
        ModalityImputer(views=views).fit(
            _drop(X_train[:5], [0, 1, 2, 3], views["left"])
        )
    with pytest.raises(ValueError, match="model"):
        ModalityImputer(Ridge(), views=views).fit(X_train)


def test_multimodal_rbm_path(digits):
    from skmm.representation import MultimodalRBM

    X_train, X_test, _, _, views = digits
    # Bernoulli pathways (rescaled to the views' training ranges) keep the filled
    # pixels inside that range; the default Gaussian pathways need not
    rbm = MultimodalRBM(
        n_view_components=16,
        n_components=16,
        n_iter=3,
        view_types="bernoulli",
        random_state=0,
    )
    imputer = ModalityImputer(rbm, views=views).fit(X_train[:400])
    assert not hasattr(imputer, "translators_")
    assert imputer.model_.n_views_ == 2
    X_missing = _drop(X_test[:60], np.arange(30), views["right"])
    filled = imputer.transform(X_missing)
    # the missing blocks are the joint model's inference, the rest is untouched
    inferred = imputer.model_.infer_missing(X_missing)
    np.testing.assert_allclose(filled[:30, 32:], inferred[:30, 32:])
    np.testing.assert_array_equal(filled[:, :32], X_test[:60, :32])
    np.testing.assert_array_equal(filled[30:], X_test[30:60])
    assert np.all((filled[:30, 32:] >= 0) & (filled[:30, 32:] <= 16))
