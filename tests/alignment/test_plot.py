"""AlignmentPathDisplay: the matrix and the path it draws are the alignment's."""

import numpy as np
import pytest
from scipy.spatial.distance import cdist

from skmm.alignment import (
    AlignmentPathDisplay,
    CanonicalTimeWarping,
    DTWAligner,
    dtw_path,
    stack_sequences,
)
from skmm.datasets import load_basic_motions, make_warped_sequences

matplotlib = pytest.importorskip("matplotlib")


@pytest.fixture(autouse=True)
def _agg():
    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    yield
    plt.close("all")


def _series(seed=0):
    rng = np.random.default_rng(seed)
    x = np.cumsum(rng.normal(size=(30, 2)), axis=0)
    y = np.cumsum(rng.normal(size=(38, 2)), axis=0)
    return x, y


def _drawn_path(display):
    xdata, ydata = display.line_.get_data()
    return np.column_stack([ydata, xdata]).astype(int)  # the line is (j, i)


def test_from_predictions_draws_the_dtw_path_over_the_local_costs():
    x, y = _series()
    display = AlignmentPathDisplay.from_predictions(x, y)
    path, distance = dtw_path(x, y)
    np.testing.assert_array_equal(display.path, path)
    assert display.distance == pytest.approx(distance, rel=1e-12)
    # the matrix drawn: squared Euclidean costs between frames (scipy's)
    np.testing.assert_allclose(display.cost_matrix, cdist(x, y, "sqeuclidean"))
    np.testing.assert_allclose(display.image_.get_array(), display.cost_matrix)
    np.testing.assert_array_equal(_drawn_path(display), path)
    assert display.colorbar_.ax.get_ylabel() == "local cost"
    # the sequences along the matrix, one line per channel
    assert len(display.x_lines_) == len(display.y_lines_) == 2
    np.testing.assert_allclose(display.x_lines_[1].get_xdata(), x[:, 1])
    np.testing.assert_allclose(display.y_lines_[0].get_ydata(), y[:, 0])
    assert display.ax_x_ is not None and display.ax_y_ is not None
    assert display.figure_ is display.ax_.figure
    assert "path (" in display.ax_.get_legend().get_texts()[0].get_text()


def test_accumulated_matrix_and_band():
    x, y = _series(1)
    display = AlignmentPathDisplay.from_predictions(
        x, y, radius=4, matrix="accumulated", name="DTW"
    )
    path, distance, acc = dtw_path(x, y, radius=4, return_cost_matrix=True)
    np.testing.assert_array_equal(display.path, path)
    np.testing.assert_array_equal(display.cost_matrix, acc)
    # cells outside the band are not drawn
    drawn = display.image_.get_array()
    assert np.ma.getmaskarray(drawn).sum() == np.isinf(acc).sum() > 0
    assert display.colorbar_.ax.get_ylabel() == "accumulated cost"
    assert display.ax_.get_legend().get_texts()[0].get_text().startswith("DTW (")
    # the band on the local costs too: the same cells are blank
    local = AlignmentPathDisplay.from_predictions(x, y, radius=4)
    np.testing.assert_array_equal(np.isinf(local.cost_matrix), np.isinf(acc))


@pytest.mark.parametrize(
    "metric, scipy_metric", [("euclidean", "euclidean"), ("manhattan", "cityblock")]
)
def test_other_local_costs(metric, scipy_metric):
    x, y = _series(2)
    display = AlignmentPathDisplay.from_predictions(x, y, metric=metric)
    C = cdist(x, y, scipy_metric)
    np.testing.assert_allclose(display.cost_matrix, C)
    path, distance = dtw_path(x, y, metric=metric)
    np.testing.assert_array_equal(display.path, path)
    # the distance of the path drawn is the sum of its local costs
    assert display.distance == pytest.approx(C[path[:, 0], path[:, 1]].sum())


def test_a_given_path_is_drawn_with_its_own_cost():
    a, b, true_path, _ = make_warped_sequences(random_state=0)
    # univariate summaries of both modalities, on which a known path is drawn
    x, y = a[:, :1], b[:, :1]
    display = AlignmentPathDisplay.from_predictions(x, y, true_path, name="true warp")
    np.testing.assert_array_equal(display.path, true_path)
    costs = (x[true_path[:, 0], 0] - y[true_path[:, 1], 0]) ** 2
    assert display.distance == pytest.approx(np.sqrt(costs.sum()), rel=1e-12)
    # DTW's path is never more expensive than the true warp's
    assert dtw_path(x, y)[1] <= display.distance + 1e-12


@pytest.mark.parametrize(
    "path, match",
    [
        (np.array([[0, 0], [2, 2]]), "monotone with steps"),
        (np.array([[0, 0], [1, 1], [0, 2]]), "monotone with steps"),
        (np.array([[0, 0], [40, 1]]), "outside the sequences"),
        (np.array([0, 1, 2]), r"shape \(path_length, 2\)"),
    ],
)
def test_bad_paths_are_refused(path, match):
    x, y = _series()
    with pytest.raises(ValueError, match=match):
        AlignmentPathDisplay.from_predictions(x, y, path)


def test_plot_options_and_given_axes():
    import matplotlib.pyplot as plt

    x, y = _series()
    fig, ax = plt.subplots()
    display = AlignmentPathDisplay.from_predictions(
        x,
        y,
        ax=ax,
        show_sequences=False,
        colorbar=False,
        path_kwargs={"color": "black", "lw": 3},
    )
    assert display.ax_ is ax and display.figure_ is fig
    assert display.ax_x_ is None and display.x_lines_ is None
    assert display.colorbar_ is None
    assert display.line_.get_color() == "black" and display.line_.get_linewidth() == 3
    with pytest.raises(ValueError, match="matrix must be one of"):
        AlignmentPathDisplay.from_predictions(x, y, matrix="local")
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
        AlignmentPathDisplay.from_predictions(x, y, ax="left")


def test_from_estimator_dtw_aligner_shows_the_path_transform_averages_along():
    rng = np.random.default_rng(3)
    X = np.cumsum(rng.normal(size=(6, 25, 2)), axis=1)
    aligner = DTWAligner(reference=X[0], radius=6).fit(X)
    x = X[2]
    display = AlignmentPathDisplay.from_estimator(aligner, x)
    expected = AlignmentPathDisplay.from_predictions(x, aligner.reference_, radius=6)
    np.testing.assert_array_equal(display.path, expected.path)
    np.testing.assert_array_equal(display.cost_matrix, expected.cost_matrix)
    # transform returns, for each reference frame, the mean of the frames of x
    # matched to it: the mean along the path drawn
    warped = aligner.transform(x[None]).reshape(aligner.reference_.shape)
    path = display.path
    for t in range(aligner.reference_.shape[0]):
        matched = x[path[path[:, 1] == t, 0]]
        np.testing.assert_allclose(warped[t], matched.mean(axis=0), atol=1e-12)
    assert display.ax_x_.get_xlabel() == "series"
    assert display.ax_y_.get_ylabel() == "reference"
    with pytest.raises(ValueError, match="1 channel"):
        AlignmentPathDisplay.from_estimator(aligner, x[:, 0])


def test_from_estimator_ctw_shows_the_fitted_paths():
    a, b, _, _ = make_warped_sequences(random_state=1)
    c = np.column_stack([b[:, ::-1], b[:, :1] ** 2])
    X, views = stack_sequences([a, b, c], names=["video", "skeleton", "audio"])
    ctw = CanonicalTimeWarping(n_components=2, views=views).fit(X)
    display = AlignmentPathDisplay.from_estimator(ctw, X)
    np.testing.assert_array_equal(display.path, ctw.path_)
    assert display.path.shape == ctw.paths_[0].shape
    # a third modality: DTW between the projections transform gives (CTW keeps
    # one projection of the first modality, learned with the second)
    third = AlignmentPathDisplay.from_estimator(ctw, X, view="audio")
    Z = ctw.transform(X)
    za, zc = Z[: ctw.lengths_[0], :2], Z[: ctw.lengths_[2], 4:6]
    np.testing.assert_array_equal(third.path, dtw_path(za, zc)[0])
    # from_predictions on the projections the estimator gives draws the same
    zb = Z[: ctw.lengths_[1], 2:4]
    same = AlignmentPathDisplay.from_predictions(za, zb)
    np.testing.assert_array_equal(same.path, display.path)
    np.testing.assert_allclose(same.cost_matrix, display.cost_matrix)
    assert display.ax_.get_xlabel() == "frame of skeleton"
    assert (
        display.ax_.get_legend()
        .get_texts()[0]
        .get_text()
        .startswith("CanonicalTimeWarping")
    )
    with pytest.raises(ValueError, match="other than the first"):
        AlignmentPathDisplay.from_estimator(ctw, X, view="video")


def test_ctw_between_the_sensors_of_a_recording():
    """BasicMotions' two sensors are recorded in step: CTW finds a path near the
    diagonal (here within 3 frames of it on average, of 100)."""
    X, y, views = load_basic_motions(layout="sequences", return_X_y=True)
    recording = X[10]  # a running recording
    stacked, sensor_views = stack_sequences(
        [recording[:, views["accelerometer"]], recording[:, views["gyroscope"]]],
        names=["accelerometer", "gyroscope"],
    )
    ctw = CanonicalTimeWarping(n_components=2, views=sensor_views).fit(stacked)
    display = AlignmentPathDisplay.from_estimator(ctw, stacked)
    path = display.path
    off = np.mean([abs(path[path[:, 0] == i, 1].mean() - i) for i in range(100)])
    assert off < 3.0


def test_unfitted_estimator_is_refused():
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        AlignmentPathDisplay.from_estimator(DTWAligner(), np.zeros(5))
