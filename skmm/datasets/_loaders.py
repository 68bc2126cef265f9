"""Multi-view data built from what scikit-learn and tslearn ship (no network)."""

import numpy as np

__all__ = ["load_digit_halves", "load_linnerud_views", "load_trace"]


def _as_frame(X, y, column_names, view_columns, target_name):
    import pandas as pd

    frame = pd.DataFrame(X, columns=column_names)
    target = None if y is None else pd.Series(y, name=target_name)
    views = {
        name: [column_names[i] for i in cols] for name, cols in view_columns.items()
    }
    return frame, target, views


def load_digit_halves(*, as_frame=False):
    """Digits as two views: the left and the right half of each 8x8 image.

    Built from scikit-learn's bundled ``load_digits`` (1,797 images, 10 classes,
    pixel values 0 to 16). Columns are reordered so that the 32 left-half pixels
    (image columns 0-3) come first and the 32 right-half pixels (columns 4-7)
    follow, each half in row-major order.

    Parameters
    ----------
    as_frame : bool, default=False
        Return a pandas DataFrame with columns named ``"left_r{row}c{col}"`` and
        ``"right_r{row}c{col}"``, a Series target, and views as lists of column
        names.

    Returns
    -------
    X : ndarray of shape (1797, 64) or DataFrame
    y : ndarray of shape (1797,) or Series
    views : dict
        ``{"left": slice(0, 32), "right": slice(32, 64)}`` (column-name lists when
        ``as_frame``).

    Examples
    --------
    >>> from skmm.datasets import load_digit_halves
    >>> X, y, views = load_digit_halves()
    >>> X.shape, views["left"]
    ((1797, 64), slice(0, 32, None))
    """
    from sklearn.datasets import load_digits

    digits = load_digits()
    images = digits.images
    left = images[:, :, :4].reshape(len(images), -1)
    right = images[:, :, 4:].reshape(len(images), -1)
    X = np.hstack([left, right])
    y = digits.target
    if as_frame:
        names = [f"left_r{r}c{c}" for r in range(8) for c in range(4)]
        names += [f"right_r{r}c{c}" for r in range(8) for c in range(4, 8)]
        return _as_frame(
            X, y, names, {"left": range(32), "right": range(32, 64)}, "digit"
        )
    return X, y, {"left": slice(0, 32), "right": slice(32, 64)}


def load_linnerud_views(*, as_frame=False):
    """Linnerud as two views: three exercises and three physiological measures.

    Built from scikit-learn's bundled ``load_linnerud`` (20 middle-aged men).
    The first view holds Chins, Situps and Jumps; the second Weight, Waist and
    Pulse. There is no target.

    Parameters
    ----------
    as_frame : bool, default=False
        Return a DataFrame with the original column names and views as lists of
        column names.

    Returns
    -------
    X : ndarray of shape (20, 6) or DataFrame
    y : None
    views : dict
        ``{"exercise": slice(0, 3), "physiological": slice(3, 6)}``.

    Examples
    --------
    >>> from skmm.datasets import load_linnerud_views
    >>> X, y, views = load_linnerud_views(as_frame=True)
    >>> views["physiological"]
    ['Weight', 'Waist', 'Pulse']
    """
    from sklearn.datasets import load_linnerud

    data = load_linnerud()
    X = np.hstack([data.data, data.target]).astype(float)
    if as_frame:
        names = list(data.feature_names) + list(data.target_names)
        frame, _, views = _as_frame(
            X, None, names, {"exercise": range(3), "physiological": range(3, 6)}, None
        )
        return frame, None, views
    return X, None, {"exercise": slice(0, 3), "physiological": slice(3, 6)}


def load_trace(*, subset="all"):
    """The Trace time-series data set that tslearn ships (no network).

    200 univariate series of length 275 from 4 classes of simulated
    instrumentation transients, in tslearn's layout ``(n_series, length, 1)``.

    Parameters
    ----------
    subset : {"all", "train", "test"}, default="all"
        Which of tslearn's splits to return (100 series each).

    Returns
    -------
    X : ndarray of shape (n_series, 275, 1)
    y : ndarray of int of shape (n_series,)
        Classes 1 to 4.
    views : None
        A single modality (kept for the ``X, y, views`` signature).

    Examples
    --------
    >>> from skmm.datasets import load_trace
    >>> X, y, views = load_trace(subset="train")
    >>> X.shape
    (100, 275, 1)
    """
    if subset not in ("all", "train", "test"):
        raise ValueError(f"subset must be 'all', 'train' or 'test'; got {subset!r}.")
    from tslearn.datasets import CachedDatasets

    X_train, y_train, X_test, y_test = CachedDatasets().load_dataset("Trace")
    if subset == "train":
        X, y = X_train, y_train
    elif subset == "test":
        X, y = X_test, y_test
    else:
        X, y = np.concatenate([X_train, X_test]), np.concatenate([y_train, y_test])
    return np.ascontiguousarray(X, dtype=float), np.asarray(y, dtype=int), None
