import warnings

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skmm.colearning import (
    CORAL,
    DiscriminativeReweighting,
    DomainAdaptationClassifier,
    DomainAdaptationRegressor,
    KernelMeanMatching,
    NoTargetDomainWarning,
    SubspaceAlignment,
    TransferComponentAnalysis,
)
from skmm.datasets import make_domain_shift

ADAPTERS = [
    CORAL(),
    SubspaceAlignment(n_components=2),
    TransferComponentAnalysis(n_components=2),
    KernelMeanMatching(max_iter=200),
    DiscriminativeReweighting(),
]


def _data(seed=0, shift="affine", n_features=3, n_classes=2):
    X, y, domain = make_domain_shift(
        60,
        50,
        n_features=n_features,
        shift=shift,
        n_classes=n_classes,
        random_state=seed,
    )
    return X, y, X[:, -1] >= 0


@pytest.mark.parametrize("adapter", ADAPTERS, ids=lambda a: type(a).__name__)
def test_classifier_is_adapter_then_estimator_on_source_rows(adapter):
    X, y, source = _data(shift="covariate")
    clf = DomainAdaptationClassifier(
        LogisticRegression(), adapter=adapter, domain=-1
    ).fit(X, y)
    # reference built by hand from the parts
    ref = clone(adapter).set_params(domain=-1)
    Z = ref.fit_transform(X)
    weights = getattr(ref, "sample_weight_", np.ones(len(y)))[source]
    est = LogisticRegression().fit(Z[source], y[source], sample_weight=weights)
    np.testing.assert_allclose(
        clf.predict_proba(X), est.predict_proba(ref.transform(X))
    )
    np.testing.assert_array_equal(clf.predict(X), est.predict(ref.transform(X)))
    assert clf.n_train_rows_ == source.sum()
    np.testing.assert_array_equal(clf.classes_, [0, 1])


@pytest.mark.parametrize("adapter", ADAPTERS, ids=lambda a: type(a).__name__)
def test_target_labels_are_never_used_in_fit(adapter):
    X, y, source = _data(n_classes=3)
    rng = np.random.RandomState(0)
    y_scrambled = y.copy()
    y_scrambled[~source] = rng.randint(0, 3, (~source).sum())
    y_hidden = y.copy()
    y_hidden[~source] = -1
    preds = [
        DomainAdaptationClassifier(adapter=adapter, domain=-1).fit(X, yy).predict(X)
        for yy in (y, y_scrambled, y_hidden)
    ]
    np.testing.assert_array_equal(preds[0], preds[1])
    np.testing.assert_array_equal(preds[0], preds[2])


def test_inputs_are_not_modified():
    X, y, _ = _data()
    X_copy, y_copy = X.copy(), y.copy()
    DomainAdaptationClassifier(adapter=CORAL(), domain=-1).fit(X, y).predict(X)
    np.testing.assert_array_equal(X, X_copy)
    np.testing.assert_array_equal(y, y_copy)


def test_rows_are_treated_by_their_domain_at_predict_time():
    X, y, source = _data()
    clf = DomainAdaptationClassifier(adapter=CORAL(), domain=-1).fit(X, y)
    # a source row relabelled as target is no longer recoloured
    X_as_target = X.copy()
    X_as_target[:, -1] = -1
    coral = clf.adapter_
    expected = clf.estimator_.predict(X[:, :-1])
    np.testing.assert_array_equal(clf.predict(X_as_target), expected)
    mapped = (X[source, :-1] - coral.mean_source_) @ coral.coral_map_
    mapped += coral.mean_target_
    np.testing.assert_array_equal(
        clf.predict(X)[source], clf.estimator_.predict(mapped)
    )


def test_domain_column_sample_domain_and_unlabeled_rows_agree():
    X, y, source = _data()
    y_hidden = np.where(source, y, -1)
    by_column = DomainAdaptationClassifier(adapter=SubspaceAlignment(), domain=-1)
    p1 = by_column.fit(X, y).predict_proba(X)
    by_array = DomainAdaptationClassifier(adapter=SubspaceAlignment())
    by_array.fit(X[:, :-1], y, sample_domain=X[:, -1])
    p2 = by_array.predict_proba(X[:, :-1], sample_domain=X[:, -1])
    # without any domain information the unlabeled rows are the target rows
    by_mark = DomainAdaptationClassifier(adapter=SubspaceAlignment())
    by_mark.fit(X[:, :-1], y_hidden)
    p3 = by_mark.predict_proba(X[:, :-1], sample_domain=X[:, -1])
    np.testing.assert_allclose(p1, p2)
    np.testing.assert_allclose(p1, p3)


def test_adaptation_raises_target_accuracy():
    scores = []
    for seed in range(4):
        X, y, _ = make_domain_shift(
            100, 100, n_features=5, shift_strength=1.5, random_state=seed
        )
        target = X[:, -1] < 0
        pair = []
        for adapter in (None, SubspaceAlignment()):
            clf = DomainAdaptationClassifier(adapter=adapter, domain=-1).fit(X, y)
            pair.append(clf.score(X[target], y[target]))
        scores.append(pair)
    base, adapted = np.mean(scores, axis=0)
    assert adapted > base + 0.03, scores


def test_pipeline_estimator_gets_importance_weights_on_its_last_step():
    X, y, source = _data(shift="covariate")
    kmm = KernelMeanMatching(max_iter=200)
    pipe = make_pipeline(StandardScaler(), LogisticRegression())
    clf = DomainAdaptationClassifier(pipe, adapter=kmm, domain=-1).fit(X, y)
    w = clone(kmm).set_params(domain=-1).fit(X).sample_weight_[source]
    ref = clone(pipe).fit(
        X[source, :-1], y[source], logisticregression__sample_weight=w
    )
    np.testing.assert_allclose(clf.predict_proba(X), ref.predict_proba(X[:, :-1]))


def test_estimator_without_sample_weight_is_reported():
    X, y, _ = _data(shift="covariate")
    clf = DomainAdaptationClassifier(
        KNeighborsClassifier(), adapter=KernelMeanMatching(max_iter=20), domain=-1
    )
    with pytest.raises(ValueError, match="does not accept sample_weight"):
        clf.fit(X, y)


def test_methods_follow_the_inner_estimator():
    X, y, _ = _data()
    clf = DomainAdaptationClassifier(KNeighborsClassifier(3), domain=-1).fit(X, y)
    assert hasattr(clf, "predict_proba") and not hasattr(clf, "decision_function")
    assert hasattr(DomainAdaptationClassifier(domain=-1), "decision_function")


def test_bad_input_is_reported():
    X, y, source = _data()
    clf = DomainAdaptationClassifier(adapter=CORAL(), domain=-1)
    no_labels = np.where(source, -1, y)
    with pytest.raises(ValueError, match="No labeled source rows"):
        clf.fit(X, no_labels)
    one_class = np.where(source, 1, y)
    with pytest.raises(ValueError, match="only one class"):
        clf.fit(X, one_class)
    no_target = X.copy()
    no_target[:, -1] = 0
    with pytest.raises(ValueError, match="No target rows"):
        clf.fit(no_target, y)
    with pytest.raises(ValueError, match="refers to column"):
        clf.set_params(domain=5).fit(X, y)
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame(X, columns=["a", "b", "c", "dom"])
    with pytest.raises(ValueError, match="dom_typo"):
        clf.set_params(domain="dom_typo").fit(df, y)
    # the right name works, and the column is dropped before adaptation
    clf.set_params(domain="dom").fit(df, y)
    assert clf.adapter_.n_features_in_ == 3


def test_no_domain_information_warns_and_fits_without_adaptation():
    X, y, _ = _data()
    clf = DomainAdaptationClassifier(adapter=CORAL(reg=0.5))
    with pytest.warns(NoTargetDomainWarning, match="nothing to adapt to"):
        clf.fit(X[:, :-1], y)
    plain = LogisticRegression().fit(X[:, :-1], y)
    np.testing.assert_allclose(
        clf.predict_proba(X[:, :-1]), plain.predict_proba(X[:, :-1])
    )


def test_regressor_importance_weighting_lowers_target_error():
    errors = []
    for seed in range(4):
        rng = np.random.RandomState(seed)
        x = np.r_[rng.normal(0, 1, 150), rng.normal(1.5, 0.5, 150)]
        y = np.sin(1.5 * x) + 0.1 * rng.randn(300)
        X = np.c_[x, np.r_[np.zeros(150), -np.ones(150)]]
        t = slice(150, None)
        pair = []
        for adapter in (None, KernelMeanMatching()):
            reg = DomainAdaptationRegressor(
                LinearRegression(), adapter=adapter, domain=-1
            ).fit(X, y)
            pair.append(np.mean((reg.predict(X[t]) - y[t]) ** 2))
        errors.append(pair)
    errors = np.array(errors)
    assert (errors[:, 1] < 0.7 * errors[:, 0]).all(), errors


def test_regressor_nan_marks_target_rows_and_target_values_are_ignored():
    X, y, source = _data(shift="covariate")
    y = y.astype(float) + np.linspace(0, 1, len(y))
    y_nan = np.where(source, y, np.nan)
    a = DomainAdaptationRegressor(adapter=CORAL(), domain=-1).fit(X, y)
    b = DomainAdaptationRegressor(adapter=CORAL()).fit(X[:, :-1], y_nan)
    np.testing.assert_allclose(
        a.predict(X), b.predict(X[:, :-1], sample_domain=X[:, -1])
    )
    with pytest.raises(ValueError, match="infinity"):
        DomainAdaptationRegressor(domain=-1).fit(X, np.where(source, y, np.inf))
    with pytest.raises(ValueError, match="No labeled source rows"):
        DomainAdaptationRegressor(domain=-1).fit(X, np.where(source, np.nan, y))


def test_pickle_and_clone_keep_behaviour():
    import pickle

    X, y, _ = _data()
    clf = DomainAdaptationClassifier(adapter=TransferComponentAnalysis(2), domain=-1)
    clf.fit(X, y)
    again = pickle.loads(pickle.dumps(clf))
    np.testing.assert_array_equal(again.predict(X), clf.predict(X))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        clone(clf).fit(X, y)
