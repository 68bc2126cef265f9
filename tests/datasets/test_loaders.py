import numpy as np
from sklearn.datasets import load_digits, load_linnerud

from skmm.datasets import load_digit_halves, load_linnerud_views, load_trace


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
