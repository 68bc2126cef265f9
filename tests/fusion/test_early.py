import numpy as np
import pytest
from numpy.testing import assert_allclose
from sklearn.base import clone
from sklearn.compose import ColumnTransformer
from sklearn.decomposition import PCA
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import MinMaxScaler, StandardScaler

from skmm.datasets import load_digit_halves
from skmm.fusion import EarlyFusion


def _data(seed=0):
    rng = np.random.RandomState(seed)
    small = rng.normal(loc=3.0, scale=5.0, size=(60, 2))
    large = rng.normal(scale=0.5, size=(60, 18))
    return np.hstack([small, large]), {"small": slice(0, 2), "large": slice(2, 20)}


def test_default_matches_column_transformer_of_scalers():
    X, views = _data()
    ours = EarlyFusion(views=views).fit_transform(X)
    ref = ColumnTransformer(
        [(n, StandardScaler(), sel) for n, sel in views.items()]
    ).fit_transform(X)
    assert_allclose(ours, ref)


def test_unit_variance_blocks_do_not_let_a_wide_view_drown_a_narrow_one():
    X, views = _data()
    fuser = EarlyFusion(views=views, block_scaling="unit_variance").fit(X)
    Z = fuser.transform(X)
    totals = [Z[:, idx].var(axis=0).sum() for idx in fuser.views_]
    assert_allclose(totals, [1.0, 1.0])
    # after standardisation a block's total variance is its width
    assert_allclose(fuser.view_weights_, [1 / np.sqrt(2), 1 / np.sqrt(18)])
    weighted = EarlyFusion(
        views=views, block_scaling="unit_variance", weights={"small": 3, "large": 1}
    ).fit(X)
    Z = weighted.transform(X)
    totals = [Z[:, idx].var(axis=0).sum() for idx in weighted.views_]
    assert_allclose(totals, [1.5**2, 0.5**2])  # weights normalised to sum to 2


def test_per_view_transformers_feature_names_and_pandas_output():
    pd = pytest.importorskip("pandas")
    X, views = _data()
    frame = pd.DataFrame(X, columns=[f"f{i}" for i in range(20)])
    named = {"small": ["f0", "f1"], "large": [f"f{i}" for i in range(2, 20)]}
    fuser = EarlyFusion(
        views=named,
        transformer={"small": "passthrough", "large": PCA(n_components=3)},
    ).set_output(transform="pandas")
    out = fuser.fit_transform(frame)
    assert list(out.columns) == [
        "small__f0",
        "small__f1",
        "large__pca0",
        "large__pca1",
        "large__pca2",
    ]
    assert_allclose(out.iloc[:, :2].to_numpy(), X[:, :2])
    pca = PCA(n_components=3).fit(X[:, 2:])
    assert_allclose(np.abs(out.iloc[:, 2:].to_numpy()), np.abs(pca.transform(X[:, 2:])))
    assert_allclose(fuser.transform(frame).to_numpy(), out.to_numpy())


def test_nested_parameters_and_grid_search_on_digit_halves():
    X, y, views = load_digit_halves(as_frame=True)
    X, y = X.iloc[::5], y.iloc[::5]
    fuser = EarlyFusion(views=views, transformer=[MinMaxScaler(), MinMaxScaler()])
    assert "transformer__right__clip" in fuser.get_params()
    fuser.set_params(transformer__left__clip=True)
    assert fuser.transformer[0].clip and not fuser.transformer[1].clip
    model = make_pipeline(
        EarlyFusion(views=views, block_scaling="unit_variance"),
        LogisticRegression(max_iter=500),
    )
    grid = GridSearchCV(model, {"earlyfusion__weights": [[1, 1], [1, 0.01]]}, cv=3).fit(
        X, y
    )
    # both halves of a digit matter: nearly dropping one hurts
    assert grid.best_params_ == {"earlyfusion__weights": [1, 1]}
    assert grid.best_score_ > 0.85
    scores = grid.cv_results_["mean_test_score"]
    assert scores[0] > scores[1] + 0.05


def test_bad_input_errors_and_input_untouched():
    X, views = _data()
    X_copy = X.copy()
    EarlyFusion(views=views, block_scaling="unit_variance").fit_transform(X)
    assert_allclose(X, X_copy)
    with pytest.raises(ValueError, match="overlap"):
        EarlyFusion(views=[slice(0, 5), slice(4, 8)]).fit(X)
    with pytest.raises(ValueError, match="selects no columns"):
        EarlyFusion(views=[slice(0, 5), []]).fit(X)
    with pytest.raises(ValueError, match="2 views"):
        EarlyFusion(views=views, weights=[1, 2, 3]).fit(X)
    with pytest.raises(ValueError, match="has 3 entries but there are 2 views"):
        EarlyFusion(views=views, transformer=[PCA(), PCA(), PCA()]).fit(X)
    X_nan = X.copy()
    X_nan[0, :2] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        EarlyFusion(views=views).fit(X_nan)
    fuser = clone(EarlyFusion(views=views)).fit(X)
    with pytest.raises(ValueError, match="features"):
        fuser.transform(X[:, :10])


def test_sparse_transformer_output_is_densified():
    from sklearn.preprocessing import OneHotEncoder

    rng = np.random.RandomState(0)
    X = np.column_stack([rng.randint(0, 3, size=30), rng.normal(size=(30, 2))])
    fuser = EarlyFusion(
        views=[[0], [1, 2]], transformer=[OneHotEncoder(), StandardScaler()]
    )
    Z = fuser.fit_transform(X)
    assert isinstance(Z, np.ndarray) and Z.shape == (30, 5)
    assert_allclose(Z[:, :3].sum(axis=1), 1.0)
    assert_allclose(fuser.transform(X), Z)
