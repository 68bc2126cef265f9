"""Several source domains: per-source adaptation and domain-aware splitters."""

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.model_selection import cross_val_score

from skmm.colearning import (
    CORAL,
    DiscriminativeReweighting,
    DomainAdaptationClassifier,
    KernelMeanMatching,
    KullbackLeiblerImportanceEstimation,
    LeaveOneDomainOut,
    LinearTransportMapping,
    OptimalTransportMapping,
    StratifiedDomainKFold,
    SubspaceAlignment,
)
from skmm.datasets import make_multi_source_shift


def _sources(seed, **kwargs):
    params = dict(n_classes=3, class_sep=3.0, random_state=seed)
    params.update(kwargs)
    return make_multi_source_shift(200, 200, **params)


@pytest.mark.parametrize("adapter", [CORAL(), LinearTransportMapping()])
def test_per_source_alignment_beats_pooled_alignment(adapter):
    gains = []
    for seed in range(5):
        X, y, domain = _sources(seed)
        target = X[:, domain] < 0
        y_fit = np.where(target, -1, y)
        scores = []
        for sources in ("pooled", "separate"):
            clf = DomainAdaptationClassifier(
                adapter=clone(adapter).set_params(sources=sources), domain=domain
            ).fit(X, y_fit)
            scores.append(clf.score(X[target], y[target]))
        gains.append(scores[1] - scores[0])
    assert min(gains) > 0 and np.mean(gains) > 0.05


ADAPTERS = [
    CORAL(),
    SubspaceAlignment(n_components=2),
    OptimalTransportMapping(reg_e=0.1, norm="median"),
    LinearTransportMapping(),
    KernelMeanMatching(),
    DiscriminativeReweighting(),
    KullbackLeiblerImportanceEstimation(random_state=0),
]


@pytest.mark.parametrize("adapter", ADAPTERS, ids=lambda a: type(a).__name__)
def test_separate_is_one_adapter_per_source_domain(adapter):
    X, y, domain = _sources(0, n_sources=3)
    values = X[:, domain]
    separate = clone(adapter).set_params(sources="separate", domain=domain)
    Z = separate.fit_transform(X, y)
    assert sorted(separate.adapters_) == [0, 1, 2]
    target = values < 0
    for k in (0, 1, 2):
        rows = (values == k) | target
        alone = clone(adapter).set_params(domain=domain).fit(X[rows], y[rows])
        np.testing.assert_allclose(
            Z[values == k], alone.transform(X[values == k]), rtol=1e-9, atol=1e-9
        )
        np.testing.assert_allclose(Z[target], alone.transform(X[target]), atol=1e-9)
        if hasattr(alone, "sample_weight_"):
            np.testing.assert_allclose(
                separate.sample_weight_[values == k],
                alone.sample_weight_[X[rows, domain] >= 0],
                rtol=1e-9,
            )
    # one source domain: separate is pooled
    one = values <= 0
    pooled = clone(adapter).set_params(domain=domain).fit_transform(X[one], y[one])
    single = clone(adapter).set_params(sources="separate", domain=domain)
    np.testing.assert_allclose(single.fit_transform(X[one], y[one]), pooled)
    assert single.adapters_ is None


def test_separate_weights_of_new_rows_and_unseen_domains():
    X, y, domain = _sources(1)
    values = X[:, domain]
    adapter = DiscriminativeReweighting(sources="separate", domain=domain).fit(X)
    source = values >= 0
    np.testing.assert_allclose(
        adapter.compute_weights(X[source]), adapter.sample_weight_[source]
    )
    with pytest.raises(ValueError, match="every row needs one of the source"):
        adapter.compute_weights(X[~source])
    unseen = X[source][:3].copy()
    unseen[:, domain] = 7
    with pytest.raises(ValueError, match="Source domain 7 was not seen in fit"):
        CORAL(sources="separate", domain=domain).fit(X).transform(unseen)


def test_leave_one_domain_out_yields_one_split_per_domain():
    X, y, domain = _sources(2, n_sources=3)
    values = X[:, domain]
    splits = list(LeaveOneDomainOut(domain=domain).split(X))
    assert len(splits) == 3 == LeaveOneDomainOut(domain=domain).get_n_splits(X)
    for k, (train, test) in enumerate(splits):
        assert set(values[test]) == {k}
        np.testing.assert_array_equal(
            np.sort(np.r_[train, test]), np.arange(X.shape[0])
        )
        assert (values[train] < 0).sum() == (values < 0).sum()  # target kept
    everything = list(LeaveOneDomainOut(domain=domain, domains="all").split(X))
    assert [set(values[test]) for _, test in everything] == [{-1}, {0}, {1}, {2}]
    # through scikit-learn: one score per held-out source domain
    scores = cross_val_score(
        DomainAdaptationClassifier(adapter=CORAL(), domain=domain),
        X,
        y,
        cv=LeaveOneDomainOut(domain=domain),
    )
    assert scores.shape == (3,)
    # the domains may come as groups
    groups = list(LeaveOneDomainOut(domain=None).split(X, groups=values))
    for (a, b), (c, d) in zip(splits, groups):
        np.testing.assert_array_equal(a, c)
        np.testing.assert_array_equal(b, d)
    one_source = values <= 0
    with pytest.raises(ValueError, match="at least two source domains"):
        list(LeaveOneDomainOut(domain=domain).split(X[one_source]))


def test_stratified_domain_folds_keep_domains_and_classes():
    X, y, domain = _sources(3, n_sources=2)
    values = X[:, domain]
    cv = StratifiedDomainKFold(4, domain=domain, shuffle=True, random_state=0)
    tests = []
    for _, test in cv.split(X, y):
        tests.append(test)
        for d in (0, 1):
            for c in range(3):
                group = (values == d) & (y == c)
                held = np.isin(np.flatnonzero(group), test).sum()
                assert abs(held - group.sum() / 4) <= 1
        assert abs((values[test] < 0).sum() - 50) <= 1
    np.testing.assert_array_equal(np.sort(np.concatenate(tests)), np.arange(len(y)))
    # target labels are never read
    scrambled = y.copy()
    scrambled[values < 0] = 0
    for (_, test), (_, again) in zip(cv.split(X, y), cv.split(X, scrambled)):
        np.testing.assert_array_equal(test, again)
    small = np.r_[
        np.flatnonzero((values == 0) & (y == 0))[:3], np.flatnonzero(values != 0)
    ]
    with pytest.raises(ValueError, match="domain 0, class 0 has 3 row"):
        list(StratifiedDomainKFold(4, domain=domain).split(X[small], y[small]))
