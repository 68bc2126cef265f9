import numpy as np
import pytest
from sklearn.datasets import make_friedman1
from sklearn.neighbors import KNeighborsRegressor

from skmm._kernels._coreg import coreg_gains, minkowski_kneighbors
from skmm.colearning import CoTrainingRegressor

SAME_COLUMNS_TWICE = [slice(None), slice(None)]


def _gabor(n, seed, noise=0.05):
    """Zhou & Li's Gabor function on [0, 1]^2, with Gaussian noise."""
    rng = np.random.RandomState(seed)
    X = rng.uniform(0, 1, (n, 2))
    y = np.pi / 2 * np.exp(-2 * (X**2).sum(1)) * np.cos(2 * np.pi * X.sum(1))
    return X, y + rng.normal(0, noise, n)


def _split(seed, n=600, frac=0.1):
    X, y = _gabor(n + 500, seed)
    X_test, y_test, X, y = X[n:], y[n:], X[:n], y[:n]
    y_partial = y.copy()
    y_partial[np.random.RandomState(seed).rand(n) > frac] = np.nan
    return X, y, y_partial, X_test, y_test


def test_lowers_held_out_error_over_knn_on_labeled_rows():
    ratios = []
    for seed in range(8):
        X, y, y_partial, X_test, y_test = _split(seed)
        labeled = ~np.isnan(y_partial)
        model = CoTrainingRegressor(
            views=SAME_COLUMNS_TWICE, max_iter=50, random_state=0
        ).fit(X, y_partial)
        assert model.n_added_.sum() > 50
        knn = KNeighborsRegressor(n_neighbors=3).fit(X[labeled], y[labeled])
        mse = np.mean((model.predict(X_test) - y_test) ** 2)
        ratios.append(mse / np.mean((knn.predict(X_test) - y_test) ** 2))
    ratios = np.asarray(ratios)
    assert np.all(ratios < 1.0), ratios
    assert ratios.mean() < 0.9, ratios


@pytest.mark.parametrize("p", [1.0, 2.0, 2.5, 5.0])
def test_gains_agree_with_refitting_a_knn_per_candidate(p):
    # the definition in Zhou & Li (2005), computed the slow way
    rng = np.random.RandomState(0)
    X_l, y_l, X_u = rng.rand(30, 3), rng.rand(30), rng.rand(15, 3)
    gains, y_hat = coreg_gains(X_l, y_l, X_u, 3, p)
    h = KNeighborsRegressor(n_neighbors=3, p=p).fit(X_l, y_l)
    np.testing.assert_allclose(y_hat, h.predict(X_u))
    expected = []
    for u in range(X_u.shape[0]):
        omega = h.kneighbors(X_u[u : u + 1], return_distance=False)[0]
        h_new = KNeighborsRegressor(n_neighbors=3, p=p).fit(
            np.vstack([X_l, X_u[u]]), np.append(y_l, y_hat[u])
        )
        before = (y_l[omega] - h.predict(X_l[omega])) ** 2
        after = (y_l[omega] - h_new.predict(X_l[omega])) ** 2
        expected.append(np.sum(before - after))
    np.testing.assert_allclose(gains, expected, atol=1e-12)
    assert np.any(gains > 0) and np.any(gains < 0)


def test_minkowski_kneighbors_matches_sklearn():
    rng = np.random.RandomState(1)
    A, B = rng.rand(20, 4), rng.rand(40, 4)
    for p in (1.0, 2.0, 3.0, 1.5):
        dist, ind = minkowski_kneighbors(A, B, 4, p)
        ref = KNeighborsRegressor(n_neighbors=4, p=p).fit(B, np.zeros(40))
        ref_dist, ref_ind = ref.kneighbors(A)
        np.testing.assert_array_equal(ind, ref_ind)
        np.testing.assert_allclose(dist, ref_dist)


def test_round_records_and_caller_arrays():
    X, y, y_partial, _, _ = _split(0)
    X0, y0 = X.copy(), y_partial.copy()
    model = CoTrainingRegressor(views=SAME_COLUMNS_TWICE, max_iter=10, random_state=0)
    model.fit(X, y_partial)
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(y_partial, y0)  # NaNs in the same places
    assert model.n_iter_ == 11 and model.termination_condition_ == "max_iter"
    assert np.all((model.n_added_ >= 1) & (model.n_added_ <= 2))
    grown = model.labeled_iter_ > 0
    assert grown.sum() == model.n_added_.sum()
    assert np.all(np.isfinite(model.transduction_[grown]))
    assert np.all(np.isnan(model.transduction_[model.labeled_iter_ == -1]))
    labeled = ~np.isnan(y_partial)
    np.testing.assert_array_equal(model.transduction_[labeled], y[labeled])
    # each regressor holds the given rows plus what the other one picked
    n_given = labeled.sum()
    sizes = [est.n_samples_fit_ for est in model.estimators_]
    picked = [(model.labeled_by_ == v).sum() for v in range(2)]
    assert sizes[0] >= n_given + picked[1] and sizes[1] >= n_given + picked[0]
    # every pick joins the other regressor's set; a row both regressors picked
    # in one round is recorded once in n_added_
    n_picks = sum(sizes) - 2 * n_given
    assert model.n_added_.sum() <= n_picks <= 2 * model.n_added_.sum()


def test_no_rounds_is_the_mean_of_knn_regressors():
    X, y = make_friedman1(n_samples=120, n_features=6, random_state=0)
    model = CoTrainingRegressor(p=(2, 3), max_iter=0).fit(X, y)
    assert model.n_iter_ == 1 and model.n_added_.shape == (0,)
    a = KNeighborsRegressor(n_neighbors=3, p=2).fit(X[:, :3], y)
    b = KNeighborsRegressor(n_neighbors=3, p=3).fit(X[:, 3:], y)
    expected = (a.predict(X[:, :3]) + b.predict(X[:, 3:])) / 2
    np.testing.assert_allclose(model.predict(X), expected)


def test_every_row_labeled_means_no_round():
    X, y = make_friedman1(n_samples=80, n_features=6, random_state=0)
    model = CoTrainingRegressor().fit(X, y)
    assert model.termination_condition_ == "all_labeled" and model.n_iter_ == 1


def test_three_views_and_one_p_for_all():
    X, y = make_friedman1(n_samples=150, n_features=9, random_state=0)
    y_partial = y.copy()
    y_partial[40:] = np.nan
    model = CoTrainingRegressor(views=3, p=2, max_iter=5, random_state=0)
    model.fit(X, y_partial)
    assert len(model.estimators_) == 3 and model.n_iter_ == 6
    assert all(est.p == 2 for est in model.estimators_)


def test_bad_input():
    X, y = make_friedman1(n_samples=50, n_features=6, random_state=0)
    with pytest.raises(ValueError, match="at least n_neighbors=3 labeled"):
        CoTrainingRegressor().fit(X, np.full(50, np.nan))
    y_two = np.full(50, np.nan)
    y_two[:2] = 1.0
    with pytest.raises(ValueError, match="got 2 labeled"):
        CoTrainingRegressor().fit(X, y_two)
    with pytest.raises(ValueError, match="one per view"):
        CoTrainingRegressor(p=(1, 2, 3)).fit(X, y)
    with pytest.raises(ValueError, match="'p' parameter"):
        CoTrainingRegressor(p=0.5).fit(X, y)
    with pytest.raises(ValueError, match="order p must be >= 1"):
        CoTrainingRegressor(p=(0.5, 2)).fit(X, y)
    y_inf = y.copy()
    y_inf[0] = np.inf
    with pytest.raises(ValueError, match="infinity"):
        CoTrainingRegressor().fit(X, y_inf)


def test_dataframe_with_named_views():
    pd = pytest.importorskip("pandas")
    X, y, y_partial, X_test, _ = _split(1, n=200)
    frame = pd.DataFrame(X, columns=["a", "b"])
    named = CoTrainingRegressor(
        views={"first": ["a", "b"], "second": ["a", "b"]}, max_iter=5, random_state=0
    ).fit(frame, y_partial)
    plain = CoTrainingRegressor(
        views=SAME_COLUMNS_TWICE, max_iter=5, random_state=0
    ).fit(X, y_partial)
    assert named.view_names_ == ["first", "second"]
    np.testing.assert_allclose(
        named.predict(pd.DataFrame(X_test, columns=["a", "b"])), plain.predict(X_test)
    )
