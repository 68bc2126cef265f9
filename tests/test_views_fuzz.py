"""A standing fuzzer of the views contract over every multi-view estimator.

Hypothesis draws shapes, view specifications (slices, index arrays, boolean
masks, dicts, DataFrame column names), missing-value patterns (whole missing
view blocks, stray NaN, infinity), object columns and empty arrays, and runs
every multi-view estimator of ``all_estimators()`` (fast parameters from
``tests/estimator_params``) on them. Each run must either work or raise a
``ValueError`` / ``TypeError`` whose message blames the estimator the user
called (it names it, or no skmm estimator at all, never an inner one); a run
that works returns finite outputs (NaN only where documented: CTW's padding),
leaves ``X`` and ``y`` unchanged, and gives on a DataFrame what it gives on
the array.

Profiles: ``ci`` (the default, a few draws per estimator) and ``long``
(``SKMM_FUZZ=long python -m pytest tests/test_views_fuzz.py``) for a local run.
"""

import os
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning

from skmm.utils.discovery import all_estimators
from tests._multiview import MULTIVIEW, fitted_outputs, make_multiview, target_for

pd = pytest.importorskip("pandas")

settings.register_profile(
    "ci",
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "long",
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROFILE = os.environ.get("SKMM_FUZZ", "ci")

SKMM_NAMES = {name for name, _ in all_estimators()}
# estimators whose contract allows NaN in some outputs: CTW's padded steps
NAN_OUTPUTS = {"CanonicalTimeWarping"}


@st.composite
def multiview_inputs(draw):
    n_rows = draw(st.integers(1, 40))
    widths = draw(st.lists(st.integers(1, 4), min_size=1, max_size=4))
    extra = draw(st.integers(0, 2))  # columns in no view
    n_cols = sum(widths) + extra
    order = draw(st.permutations(range(n_cols)))
    blocks, start = [], 0
    for w in widths:
        blocks.append(sorted(order[start : start + w]))
        start += w
    form = draw(st.sampled_from(["slices", "indices", "masks", "dict", "names"]))
    columns = [f"f{i}" for i in range(n_cols)]
    if form == "slices":  # contiguous blocks only make sense as slices
        bounds = np.cumsum([0, *widths])
        views = [slice(int(a), int(b)) for a, b in zip(bounds[:-1], bounds[1:])]
        blocks = [list(range(s.start, s.stop)) for s in views]
    elif form == "indices":
        views = [np.asarray(b) for b in blocks]
    elif form == "masks":
        views = [np.isin(np.arange(n_cols), b) for b in blocks]
    elif form == "dict":
        views = {f"v{i}": b for i, b in enumerate(blocks)}
    else:
        views = {f"v{i}": [columns[j] for j in b] for i, b in enumerate(blocks)}
    seed = draw(st.integers(0, 2**16))
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_rows, n_cols))
    pattern = draw(
        st.sampled_from(["clean", "clean", "missing view", "stray nan", "inf"])
    )
    if pattern == "missing view" and n_rows > 1:
        v = draw(st.integers(0, len(blocks) - 1))
        X[draw(st.integers(0, n_rows - 1)), blocks[v]] = np.nan
    elif pattern == "stray nan":
        X[rng.integers(n_rows), rng.integers(n_cols)] = np.nan
    elif pattern == "inf":
        X[rng.integers(n_rows), rng.integers(n_cols)] = np.inf
    as_object = draw(st.booleans()) and draw(st.booleans())
    y_class = rng.integers(0, 2, size=n_rows)
    y_reg = rng.normal(size=n_rows)
    return X, views, columns, form, as_object, y_class, y_reg


def _run(est, X, y):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", UserWarning)
        fitted = clone(est).fit(X, y)
        return fitted, fitted_outputs(fitted, X)


def _check_message(name, err):
    message = str(err)
    assert message, f"{name} raised {type(err).__name__} without a message"
    others = {n for n in SKMM_NAMES if n != name and n in message}
    # an inner estimator's name may appear only beside the one the user called
    assert name in message or not others, (name, message)


@pytest.mark.parametrize("name, cls", MULTIVIEW)
def test_views_contract_under_fuzzing(name, cls):
    @settings(settings.get_profile(PROFILE))
    @given(multiview_inputs())
    def check(case):
        X, views, columns, form, as_object, y_class, y_reg = case
        est = make_multiview(cls, views)
        y = target_for(est, y_class, y_reg)
        X_in = pd.DataFrame(X, columns=columns) if form == "names" else X
        if as_object:
            X_in = X_in.astype(object)
        X_before, y_before = np.array(X, copy=True), None if y is None else y.copy()
        try:
            fitted, outputs = _run(est, X_in, y)
        except (ValueError, TypeError) as err:
            _check_message(name, err)
            return
        finally:
            np.testing.assert_array_equal(X, X_before)
            if y is not None:
                np.testing.assert_array_equal(y, y_before)
        if name not in NAN_OUTPUTS:  # missing views accepted: still finite
            for method, values in outputs.items():
                assert np.isfinite(values).all(), (name, method)
        if form != "names":  # the same fit on a DataFrame of the same values
            _, from_frame = _run(est, pd.DataFrame(X, columns=columns), y)
            for method in outputs:
                np.testing.assert_allclose(
                    from_frame[method], outputs[method], rtol=1e-7, atol=1e-9
                )

    check()
