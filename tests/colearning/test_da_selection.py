import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, make_scorer
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

from skmm.colearning import (
    CORAL,
    DomainAdaptationClassifier,
    DomainKFold,
    KernelMeanMatching,
    SubspaceAlignment,
    make_entropy_scorer,
    make_importance_weighted_scorer,
    make_target_scorer,
)
from skmm.colearning._domain._reweighting import kmm_weights
from skmm.datasets import make_domain_shift


def _data(seed=0, shift="affine", ns=60, nt=50, **kwargs):
    X, y, _ = make_domain_shift(ns, nt, shift=shift, random_state=seed, **kwargs)
    return X, y, X[:, -1] >= 0


# ------------------------------------------------------------ DomainKFold


@pytest.mark.parametrize("source_in_test", [True, False])
@pytest.mark.parametrize("shuffle", [False, True])
def test_domain_kfold_partitions_each_domain(source_in_test, shuffle):
    X, _, source = _data()
    cv = DomainKFold(4, source_in_test=source_in_test, shuffle=shuffle, random_state=0)
    seen_target, seen_source = [], []
    for train, test in cv.split(X):
        assert np.intersect1d(train, test).size == 0
        assert np.union1d(train, test).size == X.shape[0]
        assert source[train].any() and (~source[train]).any()
        assert (~source[test]).sum() in (12, 13)
        seen_target.extend(test[~source[test]])
        seen_source.extend(test[source[test]])
        if not source_in_test:
            assert source[test].sum() == 0
    assert sorted(seen_target) == list(np.flatnonzero(~source))
    if source_in_test:
        assert sorted(seen_source) == list(np.flatnonzero(source))
    assert cv.get_n_splits() == 4


def test_domain_kfold_reads_groups_without_a_domain_column():
    X, _, source = _data()
    by_column = list(DomainKFold(3).split(X))
    by_groups = list(DomainKFold(3, domain=None).split(X[:, :-1], groups=X[:, -1]))
    for (a, b), (c, d) in zip(by_column, by_groups):
        np.testing.assert_array_equal(a, c)
        np.testing.assert_array_equal(b, d)


def test_domain_kfold_bad_input():
    X, _, _ = _data(nt=3)
    with pytest.raises(ValueError, match="3 target rows into n_splits=4"):
        list(DomainKFold(4).split(X))
    with pytest.raises(ValueError, match="No domain information"):
        list(DomainKFold(2, domain=None).split(X))
    with pytest.raises(ValueError, match="whole numbers"):
        list(DomainKFold(2, domain=0).split(X))
    with pytest.raises(ValueError, match="at least 2"):
        DomainKFold(1)
    with pytest.raises(TypeError, match="integer"):
        DomainKFold(2.5)


# ---------------------------------------------------------------- scorers


def _fitted(X, y):
    return DomainAdaptationClassifier(adapter=CORAL(), domain=-1).fit(X, y)


def test_target_scorer_scores_target_rows_only():
    X, y, source = _data()
    clf = _fitted(X, y)
    expected = accuracy_score(y[~source], clf.predict(X[~source]))
    assert make_target_scorer(domain=-1)(clf, X, y) == pytest.approx(expected)
    # unlabeled target rows are skipped
    y_part = y.copy()
    y_part[np.flatnonzero(~source)[:10]] = -1
    rows = ~source & (y_part != -1)
    assert make_target_scorer(domain=-1)(clf, X, y_part) == pytest.approx(
        accuracy_score(y[rows], clf.predict(X[rows]))
    )
    # a scorer callable and the routed-domains path give the same number
    scorer = make_target_scorer(make_scorer(accuracy_score), domain=None)
    clf2 = DomainAdaptationClassifier(adapter=CORAL()).fit(
        X[:, :-1], y, sample_domain=X[:, -1]
    )
    assert scorer(clf2, X[:, :-1], y, sample_domain=X[:, -1]) == pytest.approx(expected)


def test_target_scorer_needs_labeled_target_rows():
    X, y, source = _data()
    clf = _fitted(X, y)
    with pytest.raises(ValueError, match="No labeled target rows"):
        make_target_scorer(domain=-1)(clf, X, np.where(source, y, -1))
    with pytest.raises(TypeError, match="scoring must be"):
        make_target_scorer(3)


def test_entropy_scorer_is_minus_mean_entropy_of_target_predictions():
    X, y, source = _data()
    clf = _fitted(X, y)
    p = clf.predict_proba(X[~source])
    expected = np.mean(np.sum(p * np.log(p), axis=1))
    assert make_entropy_scorer(domain=-1)(clf, X, y) == pytest.approx(expected)
    # it never looks at y
    assert make_entropy_scorer(domain=-1)(clf, X, None) == pytest.approx(expected)
    only_source = X[source]
    with pytest.raises(ValueError, match="No target rows"):
        make_entropy_scorer(domain=-1)(clf, only_source, y[source])


def test_importance_weighted_scorer_is_kmm_weighted_source_accuracy():
    X, y, source = _data(shift="covariate")
    clf = LogisticRegression().fit(X[source, :-1], y[source])
    pipe = make_pipeline(
        _DropLast(), LogisticRegression()
    )  # a plain pipeline that ignores the domain column
    pipe.fit(X[source], y[source])
    w, _ = kmm_weights(X[source, :-1], X[~source, :-1])
    expected = np.average(clf.predict(X[source, :-1]) == y[source], weights=w)
    scorer = make_importance_weighted_scorer(domain=-1)
    assert scorer(pipe, X, y) == pytest.approx(expected)
    with pytest.raises(ValueError, match="No target rows"):
        scorer(pipe, X[source], y[source])


def test_importance_weighted_score_estimates_the_target_score():
    gaps_iw, gaps_source = [], []
    for seed in range(5):
        X, y, source = _data(seed, shift="covariate", ns=150, nt=150)
        clf = make_pipeline(_DropLast(), LogisticRegression()).fit(X[source], y[source])
        target_score = clf.score(X[~source], y[~source])
        iw = make_importance_weighted_scorer(domain=-1, weighting=KernelMeanMatching())(
            clf, X, y
        )
        gaps_iw.append(abs(iw - target_score))
        gaps_source.append(abs(clf.score(X[source], y[source]) - target_score))
    assert np.mean(gaps_iw) < 0.5 * np.mean(gaps_source), (gaps_iw, gaps_source)


class _DropLast(StandardScaler):
    """A plain transformer that drops the last (domain) column."""

    def __init__(self):
        super().__init__(with_mean=False, with_std=False)

    def fit(self, X, y=None, sample_weight=None):
        return super().fit(np.asarray(X)[:, :-1])

    def transform(self, X, copy=None):
        return super().transform(np.asarray(X)[:, :-1])


# ----------------------------------------------- model selection, end to end


def test_grid_search_selects_adaptation_by_target_score_inside_a_pipeline():
    # seed 3: a draw where the shift costs an unadapted model about 25 points
    X, y, source = _data(3, ns=100, nt=100, n_features=5, shift_strength=1.5)
    da = DomainAdaptationClassifier(
        make_pipeline(StandardScaler(), LogisticRegression()), domain=-1
    )
    pipe = Pipeline([("da", da)])
    search = GridSearchCV(
        pipe,
        {
            "da__adapter": ["passthrough", SubspaceAlignment()],
            "da__estimator__logisticregression__C": [0.1, 1.0],
        },
        cv=DomainKFold(3),
        scoring={
            "target": make_target_scorer(domain=-1),
            "entropy": make_entropy_scorer(domain=-1),
        },
        refit="target",
    ).fit(X, y)
    assert isinstance(search.best_params_["da__adapter"], SubspaceAlignment)
    # the selected model beats the unadapted one on the target rows
    scores = search.cv_results_["mean_test_target"]
    adapted = [
        isinstance(a, SubspaceAlignment)
        for a in search.cv_results_["param_da__adapter"]
    ]
    adapted = np.array(adapted)
    assert scores[adapted].max() > scores[~adapted].max() + 0.15
    assert np.all(search.cv_results_["mean_test_entropy"] <= 0)


def test_cross_val_score_with_the_importance_weighted_scorer():
    X, y, _ = _data(shift="covariate")
    scores = cross_val_score(
        DomainAdaptationClassifier(adapter=KernelMeanMatching(max_iter=100), domain=-1),
        X,
        y,
        cv=DomainKFold(2),
        scoring=make_importance_weighted_scorer(
            domain=-1, weighting=KernelMeanMatching(max_iter=100)
        ),
    )
    assert scores.shape == (2,) and np.all((0 <= scores) & (scores <= 1))


def test_scorer_reprs_name_their_settings():
    assert "domain=-1" in repr(make_target_scorer(domain=-1))
    assert repr(make_entropy_scorer(domain=2)) == "make_entropy_scorer(domain=2)"
    assert "KernelMeanMatching" in repr(make_importance_weighted_scorer())
    assert repr(DomainKFold(3)).startswith("DomainKFold(")


def test_routed_sample_domain_with_and_without_metadata_routing():
    import sklearn

    X, y, source = _data(ns=60, nt=60)
    sd = X[:, -1].copy()
    Xr = X[:, :-1]
    grid = {"adapter": ["passthrough", CORAL()]}
    # legacy mode: GridSearchCV passes fit parameters to fit and groups to split
    legacy = GridSearchCV(
        DomainAdaptationClassifier(), grid, cv=DomainKFold(3, domain=None)
    ).fit(Xr, y, sample_domain=sd, groups=sd)
    by_column = GridSearchCV(
        DomainAdaptationClassifier(domain=-1), grid, cv=DomainKFold(3)
    ).fit(X, y)
    # the default scorer treats validation rows without domains as targets in
    # the routed case, so compare the fitted models, not the scores
    np.testing.assert_allclose(
        legacy.best_estimator_.predict_proba(Xr, sample_domain=sd)[~source],
        by_column.best_estimator_.predict_proba(X)[~source],
    )
    with sklearn.config_context(enable_metadata_routing=True):
        unscored = DomainAdaptationClassifier().set_fit_request(sample_domain=True)
        routed = GridSearchCV(
            unscored.set_score_request(sample_domain=False),
            grid,
            cv=DomainKFold(3, domain=None),
        ).fit(Xr, y, sample_domain=sd, groups=sd)
        # score takes sample_domain too: routed there, validation rows are
        # adapted by their domains, as the domain column does
        scored = DomainAdaptationClassifier().set_fit_request(sample_domain=True)
        routed_scores = GridSearchCV(
            scored.set_score_request(sample_domain=True),
            grid,
            cv=DomainKFold(3, domain=None),
        ).fit(Xr, y, sample_domain=sd, groups=sd)
    np.testing.assert_allclose(
        routed.cv_results_["mean_test_score"], legacy.cv_results_["mean_test_score"]
    )
    np.testing.assert_allclose(
        routed_scores.cv_results_["mean_test_score"],
        by_column.cv_results_["mean_test_score"],
    )


def test_importance_weights_are_computed_once_per_validation_set():
    X, y, source = _data(shift="covariate")
    clf = make_pipeline(_DropLast(), LogisticRegression()).fit(X[source], y[source])
    scorer = make_importance_weighted_scorer(domain=-1)
    first = scorer(clf, X, y)
    assert len(scorer._cache) == 1
    assert scorer(clf, X, y) == first and len(scorer._cache) == 1
    scorer(clf, X[5:], y[5:])
    assert len(scorer._cache) == 2


def test_dataframe_with_a_named_domain_column_end_to_end():
    pd = pytest.importorskip("pandas")
    X, y, source = _data()
    df = pd.DataFrame(X, columns=["a", "b", "site"])
    search = GridSearchCV(
        DomainAdaptationClassifier(domain="site"),
        {"adapter": ["passthrough", CORAL()]},
        cv=DomainKFold(3, domain="site"),
        scoring=make_target_scorer(domain="site"),
    ).fit(df, y)
    array_search = GridSearchCV(
        DomainAdaptationClassifier(domain=-1),
        {"adapter": ["passthrough", CORAL()]},
        cv=DomainKFold(3),
        scoring=make_target_scorer(domain=-1),
    ).fit(X, y)
    np.testing.assert_allclose(
        search.cv_results_["mean_test_score"],
        array_search.cv_results_["mean_test_score"],
    )
    assert make_entropy_scorer(domain="site")(search.best_estimator_, df) < 0
