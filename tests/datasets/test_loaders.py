import hashlib
from pathlib import Path

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.datasets import load_digits, load_linnerud

import skmm.datasets._loaders as loaders
from skmm.datasets import (
    load_basic_motions,
    load_digit_halves,
    load_linnerud_views,
    load_trace,
)


def test_digit_halves_rebuild_the_images():
    X, y, views = load_digit_halves()
    digits = load_digits()
    left = X[:, views["left"]].reshape(-1, 8, 4)
    right = X[:, views["right"]].reshape(-1, 8, 4)
    np.testing.assert_array_equal(np.concatenate([left, right], axis=2), digits.images)
    np.testing.assert_array_equal(y, digits.target)


def test_digit_halves_frame_matches_array():
    X, y, views = load_digit_halves()
    frame, target, named_views = load_digit_halves(as_frame=True)
    np.testing.assert_array_equal(frame.to_numpy(), X)
    np.testing.assert_array_equal(frame[named_views["right"]].to_numpy(), X[:, 32:])
    assert target.name == "digit"


def test_linnerud_views():
    X, y, views = load_linnerud_views()
    data = load_linnerud()
    assert y is None
    np.testing.assert_array_equal(X[:, views["exercise"]], data.data)
    np.testing.assert_array_equal(X[:, views["physiological"]], data.target)
    frame, _, named = load_linnerud_views(as_frame=True)
    assert named["exercise"] == ["Chins", "Situps", "Jumps"]
    np.testing.assert_array_equal(frame.to_numpy(), X)


def test_trace_layout_and_splits():
    X, y, views = load_trace()
    assert X.shape == (200, 275, 1) and views is None
    assert sorted(set(y.tolist())) == [1, 2, 3, 4]
    X_train, y_train, _ = load_trace(subset="train")
    np.testing.assert_array_equal(X[:100], X_train)
    np.testing.assert_array_equal(y[:100], y_train)


# -- BasicMotions ---------------------------------------------------------------

BASIC_MOTIONS = Path(loaders.__file__).parent / "data" / "basic_motions.npz"


def test_basic_motions_file_checksum():
    digest = hashlib.sha256(BASIC_MOTIONS.read_bytes()).hexdigest()
    assert digest == "435c71463036496e23631d188084faebca59fb57ee78bfce2d389c4da50a102e"
    assert digest == loaders._BASIC_MOTIONS_SHA256
    assert BASIC_MOTIONS.stat().st_size < 150_000


def test_basic_motions_damaged_file_is_refused(tmp_path, monkeypatch):
    damaged = tmp_path / "basic_motions.npz"
    payload = bytearray(BASIC_MOTIONS.read_bytes())
    payload[-100] ^= 0xFF
    damaged.write_bytes(bytes(payload))
    monkeypatch.setattr(loaders, "_DATA", tmp_path)
    loaders._basic_motions_arrays.cache_clear()
    try:
        with pytest.raises(OSError, match="damaged .*reinstall skmm"):
            load_basic_motions()
    finally:
        monkeypatch.undo()
        loaders._basic_motions_arrays.cache_clear()


def test_basic_motions_views_layout():
    data = load_basic_motions()
    X, y, views = data.data, data.target, data.views
    assert X.shape == (80, 600) and X.dtype == np.float64
    assert y.shape == (80,) and y.dtype.kind == "i"
    assert data.target_names.tolist() == ["Badminton", "Running", "Standing", "Walking"]
    assert np.bincount(y).tolist() == [20, 20, 20, 20]
    assert not np.isnan(X).any() and np.isfinite(X).all()
    assert list(views) == ["accelerometer", "gyroscope"]
    assert views == {"accelerometer": slice(0, 300), "gyroscope": slice(300, 600)}
    assert len(data.feature_names) == 600
    assert data.feature_names[:4] == [
        "accelerometer_x_t00",
        "accelerometer_y_t00",
        "accelerometer_z_t00",
        "accelerometer_x_t01",
    ]
    assert data.feature_names[300] == "gyroscope_x_t00"
    assert data.sampling_rate == 10.0 and data.frame is None
    for word in ("Licence", "Citation", "arXiv:1811.00075", "aeon"):
        assert word in data.DESCR
    # the two layouts hold the same numbers
    seq = load_basic_motions(layout="sequences").data
    np.testing.assert_array_equal(
        X[:, views["accelerometer"]].reshape(-1, 100, 3), seq[:, :, :3]
    )
    np.testing.assert_array_equal(
        X[:, views["gyroscope"]].reshape(-1, 100, 3), seq[:, :, 3:]
    )


def test_basic_motions_sequence_layout_and_subsets():
    X, y, views = load_basic_motions(layout="sequences", return_X_y=True)
    assert X.shape == (80, 100, 6) and X.flags.c_contiguous
    assert views == {"accelerometer": slice(0, 3), "gyroscope": slice(3, 6)}
    X_train, y_train, _ = load_basic_motions(
        layout="sequences", subset="train", return_X_y=True
    )
    X_test, y_test, _ = load_basic_motions(
        layout="sequences", subset="test", return_X_y=True
    )
    assert X_train.shape == X_test.shape == (40, 100, 6)
    np.testing.assert_array_equal(np.concatenate([X_train, X_test]), X)
    np.testing.assert_array_equal(np.concatenate([y_train, y_test]), y)
    assert np.bincount(y_train).tolist() == np.bincount(y_test).tolist() == [10] * 4
    # the values keep the archive's six decimals exactly
    np.testing.assert_array_equal(np.round(X * 1e6) / 1e6, X)
    # what the channels are: during running the accelerometer's axes average a
    # few m/s^2 (body acceleration) and the gyroscope's about zero (rad/s)
    running = X[y == 1]
    assert np.abs(running[:, :, :3].mean(axis=(0, 1))).max() > 2.0
    assert np.abs(running[:, :, 3:].mean(axis=(0, 1))).max() < 0.1


def test_basic_motions_identical_across_calls_and_caller_owns_arrays():
    first = load_basic_motions()
    first.data[:] = 0.0  # the caller's copy: the next call is unaffected
    first.target[:] = 0
    second, third = load_basic_motions(), load_basic_motions()
    np.testing.assert_array_equal(second.data, third.data)
    assert second.data.any() and np.bincount(second.target).tolist() == [20] * 4


def test_basic_motions_frame():
    pd = pytest.importorskip("pandas")
    X, y, views = load_basic_motions(return_X_y=True)
    data = load_basic_motions(as_frame=True)
    assert isinstance(data.data, pd.DataFrame) and data.target.name == "activity"
    np.testing.assert_array_equal(data.data.to_numpy(), X)
    np.testing.assert_array_equal(
        data.data[data.views["gyroscope"]].to_numpy(), X[:, 300:]
    )
    assert data.views["accelerometer"][0] == "accelerometer_x_t00"
    assert list(data.frame.columns[-1:]) == ["activity"]
    np.testing.assert_array_equal(data.frame["activity"].to_numpy(), y)
    frame_X, frame_y, frame_views = load_basic_motions(as_frame=True, return_X_y=True)
    assert frame_views == data.views and frame_y.equals(data.target)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"layout": "wide"}, ValueError, "layout must be"),
        ({"subset": "validation"}, ValueError, "subset must be"),
        ({"return_X_y": 1}, TypeError, "return_X_y must be True or False"),
        ({"as_frame": True, "layout": "sequences"}, ValueError, "layout='views'"),
    ],
)
def test_basic_motions_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        load_basic_motions(**kwargs)


def test_basic_motions_equals_aeon_copy():
    """The values and labels equal those of aeon's loader (an independent reader)."""
    aeon_datasets = pytest.importorskip("aeon.datasets")
    X, y, _ = load_basic_motions(layout="sequences", return_X_y=True)
    names = load_basic_motions().target_names
    for subset, rows in (("train", slice(0, 40)), ("test", slice(40, 80))):
        theirs, labels = aeon_datasets.load_basic_motions(split=subset)
        # aeon's layout is (n_cases, n_channels, n_timepoints)
        np.testing.assert_array_equal(X[rows], np.transpose(theirs, (0, 2, 1)))
        # aeon lower-cases the archive's class names
        assert [n.lower() for n in names[y[rows]]] == [str(a) for a in labels]


def _sensor_statistics(block):
    """Per-axis mean and standard deviation of one sensor's block."""
    frames = block.reshape(block.shape[0], -1, 3)
    return np.hstack([frames.mean(axis=1), frames.std(axis=1)])


def test_basic_motions_late_fusion_of_the_two_sensors():
    """Late fusion of the two sensors on the archive's split.

    Each sensor's model: the per-axis mean and standard deviation of its block,
    standardised, then a logistic regression. On the 40 test recordings the
    accelerometer alone scores 1.000 and the gyroscope alone 0.875; late fusion
    with learned weights scores 1.000 (at least the better sensor; equal
    weights score 0.975, the weaker sensor costing one recording). With the
    accelerometer missing in every test row the fuser predicts what the
    gyroscope's model predicts (0.875, row for row); missing in every other
    row, it scores 0.925, above the gyroscope alone.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import FunctionTransformer, StandardScaler

    from skmm.fusion import LateFusionClassifier

    X_train, y_train, views = load_basic_motions(subset="train", return_X_y=True)
    X_test, y_test, _ = load_basic_motions(subset="test", return_X_y=True)
    model = make_pipeline(
        FunctionTransformer(_sensor_statistics),
        StandardScaler(),
        LogisticRegression(max_iter=1000),
    )
    alone, predictions = {}, {}
    for name, cols in views.items():
        fitted = clone(model).fit(X_train[:, cols], y_train)
        predictions[name] = fitted.predict(X_test[:, cols])
        alone[name] = np.mean(predictions[name] == y_test)
    assert alone == {"accelerometer": 1.0, "gyroscope": 0.875}

    late = LateFusionClassifier(model, views=views, weights="learned").fit(
        X_train, y_train
    )
    fused = late.score(X_test, y_test)
    assert fused >= max(alone.values()) and fused == 1.0
    equal = LateFusionClassifier(model, views=views).fit(X_train, y_train)
    assert equal.score(X_test, y_test) == 0.975
    # the better sensor missing at test time
    missing = X_test.copy()
    missing[:, views["accelerometer"]] = np.nan
    np.testing.assert_array_equal(late.predict(missing), predictions["gyroscope"])
    assert late.score(missing, y_test) == alone["gyroscope"] == 0.875
    half = X_test.copy()
    half[::2, views["accelerometer"]] = np.nan
    assert late.score(half, y_test) == 0.925 > alone["gyroscope"]
