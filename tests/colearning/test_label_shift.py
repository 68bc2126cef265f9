"""Label shift: target class proportions (EM, BBSE) and corrected posteriors."""

import numpy as np
import pytest
from scipy.stats import multivariate_normal
from sklearn.linear_model import LogisticRegression
from sklearn.svm import SVC

from skmm.colearning import (
    DomainAdaptationClassifier,
    LabelShiftClassifier,
    adjust_posteriors,
    estimate_target_priors,
)
from skmm.datasets import make_label_shift

SHIFTS = [
    ([0.5, 0.5], [0.9, 0.1]),
    ([0.5, 0.5], [0.2, 0.8]),
    ([1 / 3, 1 / 3, 1 / 3], [0.6, 0.3, 0.1]),
]


@pytest.mark.parametrize("method", ["em", "bbse"])
@pytest.mark.parametrize("source_priors, target_priors", SHIFTS)
def test_recovers_generated_proportions(method, source_priors, target_priors):
    X, y, domain = make_label_shift(
        2000,
        2000,
        5,
        source_priors=source_priors,
        target_priors=target_priors,
        class_sep=2.0,
        random_state=0,
    )
    clf = LabelShiftClassifier(method=method, domain=domain).fit(X, y)
    np.testing.assert_allclose(clf.target_priors_, target_priors, atol=0.03)
    np.testing.assert_allclose(clf.source_priors_, source_priors, atol=1e-3)


def test_correction_raises_accuracy_under_a_strong_prior_shift():
    for seed in range(3):
        X, y, domain = make_label_shift(
            1000,
            1000,
            source_priors=[0.5, 0.5],
            target_priors=[0.95, 0.05],
            class_sep=1.0,
            random_state=seed,
        )
        target = X[:, domain] < 0
        y_fit = np.where(target, -1, y)
        plain = DomainAdaptationClassifier(domain=domain).fit(X, y_fit)
        for corrected in (
            LabelShiftClassifier(domain=domain),
            LabelShiftClassifier(method="bbse", domain=domain),
            DomainAdaptationClassifier(label_shift="em", domain=domain),
            DomainAdaptationClassifier(label_shift="bbse", domain=domain),
        ):
            corrected.fit(X, y_fit)
            gain = corrected.score(X[target], y[target]) - plain.score(
                X[target], y[target]
            )
            assert gain > 0.1, (seed, corrected)


def test_adjusted_posteriors_are_the_bayes_posteriors_of_the_target():
    rng = np.random.default_rng(0)
    means = np.array([[0.0, 0.0], [1.5, 0.5], [-1.0, 1.0]])
    x = rng.normal(size=(50, 2))
    likelihood = np.stack(
        [multivariate_normal(m, np.eye(2)).pdf(x) for m in means], axis=1
    )
    source, target = np.array([0.2, 0.3, 0.5]), np.array([0.6, 0.1, 0.3])

    def posterior(priors):
        joint = likelihood * priors
        return joint / joint.sum(axis=1, keepdims=True)

    np.testing.assert_allclose(
        adjust_posteriors(posterior(source), source, target),
        posterior(target),
        rtol=1e-12,
    )
    # EM from calibrated posteriors of a large target sample finds the priors
    y = rng.choice(3, size=20000, p=target)
    xt = means[y] + rng.normal(size=(20000, 2))
    lik = np.stack([multivariate_normal(m, np.eye(2)).pdf(xt) for m in means], 1)
    proba = lik * source / (lik * source).sum(axis=1, keepdims=True)
    em = estimate_target_priors(proba, source_priors=source)
    np.testing.assert_allclose(em, target, atol=0.01)


def test_corrected_classifier_is_consistent():
    X, y, domain = make_label_shift(
        400, 400, source_priors=[0.5, 0.5], target_priors=[0.8, 0.2], random_state=1
    )
    target = X[:, domain] < 0
    clf = LabelShiftClassifier(domain=domain).fit(X, y)
    plain = LogisticRegression().fit(X[~target, :-1], y[~target])
    proba = clf.predict_proba(X)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    np.testing.assert_array_equal(clf.predict(X), clf.classes_[proba.argmax(1)])
    # source rows keep the plain classifier's probabilities
    np.testing.assert_allclose(proba[~target], plain.predict_proba(X[~target, :-1]))
    np.testing.assert_allclose(
        np.log(proba[target]), clf.predict_log_proba(X[target]), rtol=1e-12
    )
    assert not hasattr(clf, "decision_function")
    assert hasattr(DomainAdaptationClassifier(domain=domain), "decision_function")
    # given proportions are used as they are
    given = LabelShiftClassifier(target_priors=[0.7, 0.3], domain=domain).fit(X, y)
    np.testing.assert_allclose(given.target_priors_, [0.7, 0.3])


def test_target_labels_never_reach_fit():
    X, y, domain = make_label_shift(
        300, 300, source_priors=[0.5, 0.5], target_priors=[0.8, 0.2], random_state=2
    )
    target = X[:, domain] < 0
    scrambled = y.copy()
    scrambled[target] = 1 - y[target]
    for method in ("em", "bbse"):
        a = LabelShiftClassifier(method=method, domain=domain).fit(X, y)
        b = LabelShiftClassifier(method=method, domain=domain).fit(X, scrambled)
        np.testing.assert_array_equal(a.target_priors_, b.target_priors_)


def test_label_shift_errors_are_named():
    X, y, domain = make_label_shift(
        100, 100, source_priors=[0.5, 0.5], target_priors=[0.8, 0.2], random_state=0
    )
    with pytest.raises(ValueError, match="sum to one"):
        LabelShiftClassifier(target_priors=[0.5, 0.6], domain=domain).fit(X, y)
    with pytest.raises(ValueError, match="sum to one"):
        DomainAdaptationClassifier(label_shift=[0.2, 0.2], domain=domain).fit(X, y)
    with pytest.raises(ValueError, match="has 3 entries but there are 2 classes"):
        LabelShiftClassifier(target_priors=[0.2, 0.3, 0.5], domain=domain).fit(X, y)
    with pytest.raises(ValueError, match="sum to one"):
        adjust_posteriors([[0.5, 0.5]], [0.5, 0.5], [0.7, 0.7])
    with pytest.raises(ValueError, match="non-negative"):
        adjust_posteriors([[0.5, 0.5]], [0.5, 0.5], [1.5, -0.5])
    with pytest.raises(ValueError, match="source_priors must be positive"):
        adjust_posteriors([[0.5, 0.5]], [1.0, 0.0], [0.5, 0.5])
    with pytest.raises(ValueError, match="sum to one"):
        make_label_shift(source_priors=[0.5, 0.4])
    one_class = np.where(X[:, domain] >= 0, 0, y)
    with pytest.raises(ValueError, match="only one class"):
        LabelShiftClassifier(domain=domain).fit(X, one_class)
    with pytest.raises(ValueError, match="No target rows"):
        LabelShiftClassifier(domain=domain).fit(X[X[:, domain] >= 0], y[:100])
    with pytest.raises(ValueError, match="predict_proba"):
        DomainAdaptationClassifier(SVC(), label_shift="em", domain=domain).fit(X, y)
    with pytest.raises(ValueError, match="needs y_source and proba_source"):
        estimate_target_priors([[0.5, 0.5]], method="bbse")
