import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.base import BaseEstimator

from skmm.utils import (
    MultiViewMixin,
    check_missing_views,
    missing_view_mask,
    resolve_selector,
    resolve_views,
    split_views,
    stack_views,
)


def _as_lists(indices):
    return [idx.tolist() for idx in indices]


@pytest.mark.parametrize(
    "views, expected, names",
    [
        (None, [[0, 1, 2], [3, 4]], ["view0", "view1"]),
        (3, [[0, 1], [2, 3], [4]], ["view0", "view1", "view2"]),
        ([slice(0, 2), [2, 3, 4]], [[0, 1], [2, 3, 4]], ["view0", "view1"]),
        ({"a": [4, 0], "b": np.array([1, 2])}, [[0, 4], [1, 2]], ["a", "b"]),
        (
            {"a": [True, True, False, False, False], "b": [-1, -2]},
            [[0, 1], [3, 4]],
            ["a", "b"],
        ),
        ({"a": lambda X: [0], "b": 1}, [[0], [1]], ["a", "b"]),
    ],
)
def test_resolve_views_selectors(views, expected, names):
    X = np.zeros((3, 5))
    indices, got_names = resolve_views(views, X)
    assert _as_lists(indices) == expected
    assert got_names == names


def test_resolve_views_column_names_on_dataframe():
    X = pd.DataFrame(np.zeros((2, 4)), columns=["a1", "a2", "v1", "v2"])
    views = {"audio": ["a1", "a2"], "video": lambda df: [c.startswith("v") for c in df]}
    indices, names = resolve_views(views, X)
    assert _as_lists(indices) == [[0, 1], [2, 3]]
    assert names == ["audio", "video"]
    # names resolve against feature_names when X is a plain array
    indices, _ = resolve_views(
        {"audio": ["a2"], "video": ["v1"]}, X.to_numpy(), feature_names=list(X.columns)
    )
    assert _as_lists(indices) == [[1], [2]]


@pytest.mark.parametrize(
    "views, match",
    [
        ([slice(0, 2), [5]], r"refers to column\(s\) \[5\].*only 5 columns"),
        ([slice(0, 2), [-6]], r"refers to column\(s\) \[-6\]"),
        ([slice(0, 2), slice(5, 9)], "'view1' selects no columns"),
        ([[0, 1], [1, 2]], "overlap.*column 1"),
        ([[0, 1], [True, False]], "boolean mask.*2 entries.*5 columns"),
        ([[0, 1], ["x"]], "needs X to be a pandas DataFrame"),
        ([[0, 0], [1]], "more than once"),
        ([[0, 1]], "at least 2 views"),
        (0, "must be >= 1"),
        ([[[0, 1]], [2]], "one-dimensional"),
    ],
)
def test_resolve_views_errors(views, match):
    with pytest.raises(ValueError, match=match):
        resolve_views(views, np.zeros((3, 5)))


def test_resolve_views_type_errors():
    with pytest.raises(TypeError, match="`views` must be"):
        resolve_views("left", np.zeros((3, 5)))
    with pytest.raises(TypeError, match="dtype float"):
        resolve_views([[0.5], [1]], np.zeros((3, 5)))
    with pytest.raises(TypeError, match="mixes column names"):
        resolve_views([["a", 1], [2]], np.zeros((3, 5)))


def test_unknown_column_names():
    X = pd.DataFrame(np.zeros((2, 3)), columns=["a", "b", "c"])
    with pytest.raises(ValueError, match=r"unknown column\(s\) \['z'\]"):
        resolve_views({"x": ["a"], "y": ["z"]}, X)


def test_default_views_need_two_features():
    with pytest.raises(ValueError, match=r"1 feature\(s\)"):
        resolve_views(None, np.zeros((3, 1)))


def test_exclude_reserves_columns():
    X = np.zeros((2, 5))
    indices, _ = resolve_views(None, X, exclude=[4])
    assert _as_lists(indices) == [[0, 1], [2, 3]]
    with pytest.raises(ValueError, match="reserved"):
        resolve_views([[0, 1], [3, 4]], X, exclude=[4])


def test_overlap_allowed_when_asked():
    indices, _ = resolve_views([[0, 1], [1, 2]], np.zeros((1, 3)), allow_overlap=True)
    assert _as_lists(indices) == [[0, 1], [1, 2]]


def test_resolve_selector_does_not_modify_input():
    sel = np.array([3, -1])
    resolve_selector(sel, np.zeros((1, 5)))
    assert sel.tolist() == [3, -1]


@settings(max_examples=40, deadline=None)
@given(
    widths=st.lists(st.integers(1, 4), min_size=1, max_size=5),
    n_rows=st.integers(1, 6),
    seed=st.integers(0, 2**16),
)
def test_stack_split_round_trip(widths, n_rows, seed):
    rng = np.random.default_rng(seed)
    blocks = [rng.standard_normal((n_rows, w)) for w in widths]
    copies = [b.copy() for b in blocks]
    X, views = stack_views(blocks)
    assert X.shape == (n_rows, sum(widths))
    indices, names = resolve_views(views, X, min_views=1)
    assert names == list(views)
    for original, copy, back in zip(blocks, copies, split_views(X, indices)):
        np.testing.assert_array_equal(back, original)
        np.testing.assert_array_equal(original, copy)


def test_stack_views_dict_and_errors():
    X, views = stack_views({"a": np.ones(3), "b": np.zeros((3, 2))})
    assert X.shape == (3, 3) and views == {"a": slice(0, 1), "b": slice(1, 3)}
    with pytest.raises(ValueError, match="same number of rows"):
        stack_views([np.ones((3, 1)), np.ones((4, 1))])
    with pytest.raises(ValueError, match="at least one view"):
        stack_views([])
    with pytest.raises(ValueError, match="unique"):
        stack_views([np.ones((2, 1))] * 2, names=["a", "a"])
    with pytest.raises(ValueError, match="no columns"):
        stack_views([np.ones((2, 0))])


def test_missing_view_mask_and_checks():
    X = np.array([[1.0, 2.0, 3.0], [np.nan, np.nan, 4.0], [np.nan, np.nan, np.nan]])
    indices = [np.array([0, 1]), np.array([2])]
    expected = [[False, False], [True, False], [True, True]]
    assert missing_view_mask(X, indices).tolist() == expected
    with pytest.raises(ValueError, match="Row 2 lacks every view"):
        check_missing_views(X, indices)
    assert check_missing_views(X, indices, allow_all_missing=True).tolist() == expected
    with pytest.raises(ValueError, match="part of view 'view0'"):
        check_missing_views(np.array([[np.nan, 1.0, 2.0]]), indices)
    with pytest.raises(ValueError, match="infinity"):
        check_missing_views(np.array([[np.inf, 1.0, 2.0]]), indices)


class _Widths(MultiViewMixin, BaseEstimator):
    _missing_views = True

    def __init__(self, *, views=None):
        self.views = views

    def fit(self, X, y=None):
        X, _, missing = self._validate_views_data(X, reset=True)
        self.widths_ = [b.shape[1] for b in self._split_views(X)]
        self.missing_ = missing
        return self

    def transform(self, X):
        return self._validate_views_data(X, reset=False).X


def test_mixin_resolves_on_dataframe_and_reuses_indices():
    X = pd.DataFrame(np.arange(12.0).reshape(3, 4), columns=["a", "b", "c", "d"])
    est = _Widths(views={"left": ["a"], "right": ["b", "c", "d"]}).fit(X)
    assert est.widths_ == [1, 3] and est.view_names_ == ["left", "right"]
    assert est.n_views_ == 2 and est.n_features_in_ == 4
    assert not est.missing_.any()
    with pytest.raises(ValueError, match="feature"):
        est.transform(pd.DataFrame(np.zeros((2, 5)), columns=list("abcde")))
    np.testing.assert_array_equal(est.transform(X), X.to_numpy())
    X_missing = X.copy()
    X_missing.loc[1, ["b", "c", "d"]] = np.nan
    assert _Widths(views=est.views).fit(X_missing).missing_.tolist() == [
        [False, False],
        [False, True],
        [False, False],
    ]


def test_mixin_reports_malformed_X_before_the_views_error():
    # a single complex column: sklearn's own message, not the views=None split error
    X = (np.arange(4.0) + 1j).reshape(-1, 1)
    with pytest.raises(ValueError, match="Complex data not supported"):
        _Widths().fit(X)
    # well-formed data keeps the views error
    with pytest.raises(ValueError, match="at least 2 features"):
        _Widths().fit(np.ones((3, 1)))
