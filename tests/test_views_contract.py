"""The views contract, checked alike on every multi-view estimator of skmm.

Every estimator that inherits :class:`~skmm.utils.MultiViewMixin` must:

- give the same fitted results whatever form ``views`` takes (an int, a list of
  slices, a dict of index arrays, DataFrame column names);
- accept a missing view (an all-NaN block) exactly where it says so
  (``_missing_views``, which also sets the ``allow_nan`` tag), and elsewhere
  reject it with the same message naming the estimator, the row and the view;
- clone and pickle to the same outputs, missing views included;
- with ``set_output(transform="pandas")``, name its columns as
  ``get_feature_names_out`` does;
- leave the caller's ``X`` and ``y`` unchanged.
"""

import pickle

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.utils import get_tags

from tests._multiview import MULTIVIEW, fitted_outputs, make_multiview, target_for

pd = pytest.importorskip("pandas")

N_ROWS, WIDTHS = 48, (4, 3)
COLUMNS = [f"c{i}" for i in range(sum(WIDTHS))]
VIEW_FORMS = {
    "int": 2,
    "slices": [slice(0, 4), slice(4, 7)],
    "index arrays": {"a": np.arange(4), "b": np.arange(4, 7)},
    "column names": {"a": COLUMNS[:4], "b": COLUMNS[4:]},
}


def _data():
    rng = np.random.default_rng(0)
    z = rng.normal(size=(N_ROWS, 2))
    X = np.hstack(
        [
            z @ rng.normal(size=(2, WIDTHS[0])),
            z @ rng.normal(size=(2, WIDTHS[1])),
        ]
    ) + 0.3 * rng.normal(size=(N_ROWS, sum(WIDTHS)))
    y_class = (z[:, 0] > 0).astype(int)
    y_reg = z[:, 0] + 0.1 * rng.normal(size=N_ROWS)
    return X, y_class, y_reg


def _assert_same(a, b):
    assert a.keys() == b.keys()
    for method in a:
        np.testing.assert_allclose(a[method], b[method], rtol=1e-7, atol=1e-9)


def _input(form, X):
    return pd.DataFrame(X, columns=COLUMNS) if form == "column names" else X


@pytest.mark.parametrize("name, cls", MULTIVIEW)
def test_views_forms_give_the_same_fit(name, cls):
    X, y_class, y_reg = _data()
    results = {}
    for form, views in VIEW_FORMS.items():
        est = make_multiview(cls, views)
        y = target_for(est, y_class, y_reg)
        X_in = _input(form, X)
        X_before = np.array(X, copy=True)
        y_before = None if y is None else np.array(y, copy=True)
        est.fit(X_in, y)
        assert est.n_views_ == 2
        assert [len(idx) for idx in est.views_] == list(WIDTHS)
        np.testing.assert_array_equal(X, X_before)
        if y is not None:
            np.testing.assert_array_equal(y, y_before)
        results[form] = fitted_outputs(est, X_in)
    reference = results.pop("int")
    for outputs in results.values():
        _assert_same(reference, outputs)


@pytest.mark.parametrize("name, cls", MULTIVIEW)
def test_missing_view_accepted_exactly_where_declared(name, cls):
    X, y_class, y_reg = _data()
    est = make_multiview(cls, {"a": np.arange(4), "b": np.arange(4, 7)})
    est.fit(X, target_for(est, y_class, y_reg))
    assert get_tags(est).input_tags.allow_nan is cls._missing_views
    X_missing = X.copy()
    X_missing[-1, 4:] = np.nan  # the last row lacks view "b"
    labels = [f"r{i}" for i in range(N_ROWS)]
    frame = pd.DataFrame(X_missing, columns=COLUMNS, index=labels)
    if not cls._missing_views:
        message = (
            rf"NaN in row 'r{N_ROWS - 1}' \(position {N_ROWS - 1}\) \(view 'b'\); "
            rf"the whole view is missing there, but {name} needs every view"
        )
        est_frame = make_multiview(cls, {"a": COLUMNS[:4], "b": COLUMNS[4:]})
        est_frame.fit(pd.DataFrame(X, columns=COLUMNS), target_for(est, y_class, y_reg))
        method = next(  # a clusterer without predict: fit rejects it
            (m for m in ("transform", "predict", "score") if hasattr(est_frame, m)),
            "fit",
        )
        with pytest.raises(ValueError, match=message):
            getattr(est_frame, method)(frame)
        return
    outputs = fitted_outputs(est, X_missing)
    assert outputs
    restored = pickle.loads(pickle.dumps(est))
    _assert_same(outputs, fitted_outputs(restored, X_missing))
    for method, values in outputs.items():
        finite = np.isfinite(values)
        if name == "CanonicalTimeWarping":  # NaN on the padding, by contract
            assert finite[:-1].all() and not finite[-1, 1::2].any()
        else:
            assert finite.all(), method


@pytest.mark.parametrize("name, cls", MULTIVIEW)
def test_clone_pickle_and_pandas_output_behave_alike(name, cls):
    X, y_class, y_reg = _data()
    est = make_multiview(cls, {"a": COLUMNS[:4], "b": COLUMNS[4:]})
    frame = pd.DataFrame(X, columns=COLUMNS)
    y = target_for(est, y_class, y_reg)
    fitted = clone(est).fit(frame, y)
    again = clone(est).fit(frame, y)
    _assert_same(fitted_outputs(fitted, frame), fitted_outputs(again, frame))
    restored = pickle.loads(pickle.dumps(fitted))
    _assert_same(fitted_outputs(fitted, frame), fitted_outputs(restored, frame))
    assert restored.view_names_ == ["a", "b"]
    if hasattr(fitted, "transform") and hasattr(fitted, "get_feature_names_out"):
        names = fitted.get_feature_names_out()
        out = clone(est).set_output(transform="pandas").fit(frame, y).transform(frame)
        assert list(out.columns) == list(names)
        assert out.shape[0] == N_ROWS
