"""CanonicalVariatesDisplay: each panel holds a component's paired variates."""

import numpy as np
import pytest

from skmm.datasets import load_digit_halves, make_correlated_views
from skmm.representation import (
    CCA,
    CanonicalVariatesDisplay,
    KernelCCA,
    MultiviewCCA,
)
from tests._plotting import agg_figures  # noqa: F401 (autouse fixture)


@pytest.fixture(scope="module")
def views_data():
    X, views = make_correlated_views(
        n_samples=300, correlations=[0.9, 0.6, 0.3], random_state=0
    )
    return X, views


def test_training_correlations_are_the_canonical_correlations(views_data):
    X, views = views_data
    cca = CCA(n_components=3, views=views).fit(X)
    display = CanonicalVariatesDisplay.from_estimator(cca, X)
    # CCA's variates of the training data correlate by the canonical correlations
    np.testing.assert_allclose(
        display.correlations, cca.canonical_correlations_, atol=1e-10
    )
    assert display.components == [0, 1, 2] and len(display.axes_) == 3
    for c, (panel, points) in enumerate(zip(display.axes_, display.scatters_)):
        np.testing.assert_allclose(
            points.get_offsets(),
            np.column_stack([display.variates_a[:, c], display.variates_b[:, c]]),
        )
        assert panel.get_title() == (
            f"component {c + 1}: r = {cca.canonical_correlations_[c]:.2f}"
        )
        assert panel.get_xlabel() == f"view0, variate {c + 1}"
        # the dashed line is the least-squares fit of b on a
        xs, ys = display.lines_[c].get_data()
        slope = np.polyfit(display.variates_a[:, c], display.variates_b[:, c], 1)
        np.testing.assert_allclose(ys, np.polyval(slope, xs))
    assert display.ax_ is display.axes_[0] and display.figure_ is display.ax_.figure


def test_from_predictions_equals_from_estimator(views_data):
    X, views = views_data
    cca = CCA(n_components=3, views=views).fit(X[:200])
    held_out = X[200:]
    by_estimator = CanonicalVariatesDisplay.from_estimator(
        cca, held_out, components=[0, 2]
    )
    by_predictions = CanonicalVariatesDisplay.from_predictions(
        cca.transform_view(held_out[:, views["view0"]], "view0"),
        cca.transform_view(held_out[:, views["view1"]], "view1"),
        components=[0, 2],
        view_names=("view0", "view1"),
    )
    for attr in ("variates_a", "variates_b", "correlations"):
        np.testing.assert_array_equal(
            getattr(by_estimator, attr), getattr(by_predictions, attr)
        )
    assert by_estimator.components == by_predictions.components == [0, 2]
    assert [a.get_title() for a in by_estimator.axes_] == [
        a.get_title() for a in by_predictions.axes_
    ]
    # held-out correlations are below the training ones, as they should be
    assert by_estimator.correlations[0] < cca.canonical_correlations_[0] + 0.05


def test_two_array_form_and_data_frames():
    pd = pytest.importorskip("pandas")
    rng = np.random.default_rng(0)
    z = rng.normal(size=(120, 1))
    A = np.hstack([z, rng.normal(size=(120, 2))])
    B = np.hstack([rng.normal(size=(120, 2)), -z + 0.1 * rng.normal(size=(120, 1))])
    cca = CCA(n_components=1).fit(A, B)
    display = CanonicalVariatesDisplay.from_estimator(cca, A, B)
    Za, Zb = cca.transform(A, B)
    np.testing.assert_array_equal(display.variates_a, Za)
    assert display.view_names == ("X", "Y") and display.correlations[0] > 0.99
    with pytest.raises(ValueError, match="fitted on two arrays"):
        CanonicalVariatesDisplay.from_estimator(cca, A)
    # a DataFrame with named columns, views as column-name lists
    X, y, views = load_digit_halves(as_frame=True)
    cca = CCA(n_components=2, views=views, reg=0.1).fit(X)
    display = CanonicalVariatesDisplay.from_estimator(cca, X, labels=y)
    arrays = CanonicalVariatesDisplay.from_estimator(
        CCA(n_components=2, views=load_digit_halves()[2], reg=0.1).fit(X.to_numpy()),
        X.to_numpy(),
    )
    np.testing.assert_allclose(display.variates_a, arrays.variates_a, atol=1e-10)
    assert isinstance(X, pd.DataFrame)


def test_labels_colour_the_points_and_name_the_legend():
    X, y, views = load_digit_halves()
    cca = CCA(n_components=2, views=views, reg=0.1).fit(X)
    labels = np.array([f"digit {d}" for d in y])
    display = CanonicalVariatesDisplay.from_estimator(cca, X, labels=labels)
    legend = display.axes_[-1].get_legend()
    assert [t.get_text() for t in legend.get_texts()] == sorted(set(labels))
    codes = np.unique(labels, return_inverse=True)[1]
    np.testing.assert_array_equal(display.scatters_[0].get_array(), codes)
    with pytest.raises(ValueError, match="one entry per sample"):
        CanonicalVariatesDisplay.from_estimator(cca, X, labels=labels[:10])


def test_more_views_and_nonlinear_embeddings(views_data):
    X, _ = views_data
    rng = np.random.default_rng(1)
    X3 = np.hstack([X, X[:, :4] + 0.1 * rng.normal(size=(X.shape[0], 4))])
    views = {"a": slice(0, 10), "b": slice(10, 18), "c": slice(18, 22)}
    mcca = MultiviewCCA(n_components=2, views=views).fit(X3)
    display = CanonicalVariatesDisplay.from_estimator(mcca, X3, views=("c", "a"))
    np.testing.assert_allclose(
        display.variates_a, mcca.transform_view(X3[:, 18:22], "c")
    )
    assert display.view_names == ("c", "a")
    # c is a noisy copy of part of a: their first variates correlate (0.89)
    expected = np.corrcoef(display.variates_a[:, 0], display.variates_b[:, 0])[0, 1]
    assert display.correlations[0] == pytest.approx(expected) and expected > 0.8
    kcca = KernelCCA(n_components=1, views={"a": slice(0, 10), "b": slice(10, 18)})
    kcca.fit(X)
    display = CanonicalVariatesDisplay.from_estimator(kcca, X)
    assert display.variates_a.shape == (X.shape[0], 1) and len(display.axes_) == 1


def test_axes_handling_and_errors(views_data):
    import matplotlib.pyplot as plt

    X, views = views_data
    cca = CCA(n_components=3, views=views).fit(X)
    fig, ax = plt.subplots()
    display = CanonicalVariatesDisplay.from_estimator(cca, X, ax=ax)
    assert display.figure_ is fig and len(display.axes_) == 3 and not ax.axison
    fig, row = plt.subplots(1, 2)
    display = CanonicalVariatesDisplay.from_estimator(cca, X, components=[1, 2], ax=row)
    assert list(display.axes_) == list(row)
    with pytest.raises(ValueError, match="component 3 does not exist"):
        CanonicalVariatesDisplay.from_estimator(cca, X, components=[3])
    with pytest.raises(ValueError, match="two different views"):
        CanonicalVariatesDisplay.from_estimator(cca, X, views=(1, "view1"))
    with pytest.raises(ValueError, match="Y must be None"):
        CanonicalVariatesDisplay.from_estimator(cca, X, X)
    with pytest.raises(ValueError, match="same shape"):
        CanonicalVariatesDisplay.from_predictions(np.ones((5, 2)), np.ones((5, 3)))
    with pytest.raises(ValueError, match="NaN or infinity"):
        CanonicalVariatesDisplay.from_predictions(
            np.full((5, 1), np.nan), np.ones((5, 1))
        )
