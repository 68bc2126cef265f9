"""What a newcomer hits: scikit-learn's habits work, errors speak the user's terms."""

import numpy as np
import pytest
from sklearn.cross_decomposition import CCA as SklearnCCA
from sklearn.datasets import load_linnerud

from skmm.alignment import CanonicalTimeWarping
from skmm.colearning import CORAL, DomainAdaptationClassifier
from skmm.datasets import make_domain_shift
from skmm.representation import CCA, DeepCCA, KernelCCA, MultimodalRBM, MultiviewCCA
from skmm.translation import CrossModalRetriever, ModalityImputer, ModalityTranslator

pd = pytest.importorskip("pandas")


def test_two_array_cca_equals_sklearn_variates_on_linnerud():
    X, Y = load_linnerud(return_X_y=True)
    sk = SklearnCCA(n_components=2, max_iter=10000, tol=1e-14).fit(X, Y)
    ours = CCA(n_components=2).fit(X, Y)
    assert ours.view_names_ == ["X", "Y"] and ours.n_features_in_ == X.shape[1]
    for theirs, mine in zip(sk.transform(X, Y), ours.transform(X, Y)):
        # scikit-learn's scores have an arbitrary scale per component; ours have
        # unit variance: equal up to sign once standardised
        theirs = (theirs - theirs.mean(axis=0)) / theirs.std(axis=0, ddof=1)
        signs = np.sign(np.sum(theirs * mine, axis=0))
        np.testing.assert_allclose(mine, theirs * signs, atol=1e-6)
    # transform(X) alone gives the first array's variates, fit_transform the pair
    np.testing.assert_allclose(ours.transform(X), ours.transform(X, Y)[0])
    Zx, Zy = CCA(n_components=2).fit_transform(X, Y)
    np.testing.assert_allclose(Zy, ours.transform(X, Y)[1])
    np.testing.assert_allclose(
        ours.score(X, Y), np.mean(ours.canonical_correlations_), atol=1e-12
    )


@pytest.mark.parametrize("cls", [CCA, KernelCCA, MultiviewCCA, DeepCCA])
def test_every_coordinated_estimator_takes_two_arrays(cls):
    rng = np.random.default_rng(0)
    z = rng.normal(size=(80, 1))
    X1 = np.hstack([z, rng.normal(size=(80, 2))])
    X2 = np.hstack([rng.normal(size=(80, 2)), -z + 0.05 * rng.normal(size=(80, 1))])
    params = {"n_components": 1}
    if cls is DeepCCA:
        params.update(hidden_layer_sizes=(), random_state=0)
    if cls is KernelCCA:
        params.update(kernel="linear", reg=1e-6)
    two = cls(**params).fit(X1, X2)
    one = cls(**params, views={"X": [0, 1, 2], "Y": [3, 4, 5]}).fit(np.hstack([X1, X2]))
    np.testing.assert_allclose(
        two.canonical_correlations_, one.canonical_correlations_, atol=1e-8
    )
    assert two.canonical_correlations_[0] > 0.99
    with pytest.raises(ValueError, match="not both"):
        cls(**params, views=2).fit(np.hstack([X1, X2]), X2)


@pytest.mark.parametrize(
    "make",
    [
        lambda: MultimodalRBM(n_iter=1),
        lambda: ModalityImputer(),
        lambda: ModalityTranslator(),
        lambda: CrossModalRetriever(),
        lambda: CanonicalTimeWarping(n_components=1),
    ],
    ids=["MultimodalRBM", "ModalityImputer", "ModalityTranslator", "Retriever", "CTW"],
)
def test_a_second_array_is_an_error_where_it_would_be_ignored(make):
    rng = np.random.default_rng(0)
    X1, X2 = rng.normal(size=(30, 4)), rng.normal(size=(30, 4))
    est = make()
    name = type(est).__name__
    with pytest.raises(ValueError, match=rf"{name} got a 2-D y .*stack_views"):
        est.fit(X1, X2)


def test_unknown_column_suggests_the_closest_names():
    frame = pd.DataFrame(np.zeros((4, 40)), columns=[f"sensor_{i}" for i in range(40)])
    views = {"a": ["sensor_1", "sensr_2"], "b": [f"sensor_{i}" for i in range(3, 40)]}
    with pytest.raises(
        ValueError, match=r"Did you mean 'sensr_2' -> 'sensor_2'"
    ) as err:
        CCA(views=views).fit(frame)
    # every column is listed up to 30 of them, abbreviated in the middle past that
    assert "'sensor_39'" in str(err.value) and "..." in str(err.value)


def test_n_components_error_names_the_narrowest_view():
    X = np.random.default_rng(0).normal(size=(20, 7))
    with pytest.raises(ValueError, match=r"view 'b' \(3\), the narrowest view"):
        CCA(n_components=5, views={"a": [0, 1, 2, 3], "b": [4, 5, 6]}).fit(X)


def test_partial_nan_names_the_view_and_the_row_label():
    X = np.random.default_rng(0).normal(size=(10, 6))
    frame = pd.DataFrame(X, columns=list("abcdef"), index=[f"p{i}" for i in range(10)])
    imputer = ModalityImputer(views={"best": ["a", "b", "c"], "worst": ["d", "e", "f"]})
    imputer.fit(frame)
    frame.loc["p7", "e"] = np.nan
    with pytest.raises(
        ValueError, match=r"Row 'p7' \(position 7\) has NaN in part of "
    ):
        imputer.transform(frame)
    with pytest.raises(ValueError, match="view 'worst' only"):
        imputer.transform(frame)


def test_nan_in_a_column_of_no_view_is_an_error():
    # ModalityImputer used to pass it through silently
    X = np.array([[0.0, 1.0, 5.0], [1.0, 2.0, 6.0], [2.0, 3.0, 7.0], [3.0, 5.0, 8.0]])
    imputer = ModalityImputer(views=[[0], [1]]).fit(X)
    X_bad = X.copy()
    X_bad[0, 1] = np.nan
    X_bad[0, 2] = np.nan
    with pytest.raises(ValueError, match="NaN in column 2, which belongs to no view"):
        imputer.transform(X_bad)
    X_bad[0, 2] = 5.0
    filled = imputer.transform(X_bad)
    assert np.isfinite(filled).all() and filled[0, 2] == 5.0


def test_domain_adaptation_names_the_missing_domain_column_and_scores_with_domains():
    X, y, domain = make_domain_shift(random_state=0)
    clf = DomainAdaptationClassifier(adapter=CORAL(), domain=domain).fit(X, y)
    without = np.delete(X, domain, axis=1)
    with pytest.raises(ValueError, match=r"the domain column \(column 2, selected by"):
        clf.predict(without)
    routed = DomainAdaptationClassifier(adapter=CORAL())
    routed.fit(without, y, sample_domain=X[:, domain])
    score = routed.score(without, y, sample_domain=X[:, domain])
    assert score == pytest.approx(clf.score(X, y))
    # without the domains every row is a target row: a different adaptation
    assert routed.score(without, y) != pytest.approx(score)
