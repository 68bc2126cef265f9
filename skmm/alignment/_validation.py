"""Validation of time series and global constraints for the alignment kernels."""

import numbers

import numpy as np

__all__ = [
    "check_series",
    "check_pair",
    "check_dataset",
    "check_datasets",
    "check_channels",
    "pad_series",
    "series_list",
    "check_constraint",
    "check_bool",
    "check_positive",
    "band_rows",
]


def _strip_padding(arr, name):
    """Length of a 2-D series after its trailing all-NaN rows; errors otherwise."""
    nan_rows = np.isnan(arr)
    if np.isinf(arr).any():
        raise ValueError(f"Input {name} contains infinity or a value too large.")
    if not nan_rows.any():
        return arr.shape[0]
    full = nan_rows.all(axis=1)
    if (nan_rows.any(axis=1) & ~full).any():
        raise ValueError(
            f"Input {name} contains NaN inside a frame; only whole trailing frames "
            "of NaN are read as padding."
        )
    length = arr.shape[0]
    while length > 0 and full[length - 1]:
        length -= 1
    if full[:length].any():
        raise ValueError(
            f"Input {name} contains NaN inside a series (not trailing padding)."
        )
    return length


def _as_float_array(x, name):
    if hasattr(x, "to_numpy") and not isinstance(x, np.ndarray):
        x = x.to_numpy()
    try:
        arr = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"Input {name} must be numeric; {exc}") from None
    return arr


def check_series(x, name="x"):
    """One series as a C-contiguous float64 ``(length, n_channels)`` array.

    A 1-D input is univariate. Trailing all-NaN frames are padding and removed;
    NaN anywhere else, infinity or an empty series raise a ``ValueError``.
    """
    arr = _as_float_array(x, name)
    if arr.ndim == 1:
        arr = arr[:, None]
    if arr.ndim != 2:
        raise ValueError(
            f"Series {name} must be 1-D (length,) or 2-D (length, n_channels); "
            f"got an array of shape {arr.shape}."
        )
    if arr.shape[1] == 0:
        raise ValueError(f"Series {name} has no channel.")
    length = _strip_padding(arr, name)
    if length == 0:
        raise ValueError(f"Series {name} is empty (length 0).")
    return np.ascontiguousarray(arr[:length])


def check_pair(x, y, names=("x", "y"), hint=""):
    """Two series (:func:`check_series`) with as many channels each.

    ``names`` are the two series' names in error messages; ``hint`` is added
    to the message of a channel mismatch (what to do instead).
    """
    a, b = names
    x = check_series(x, a)
    y = check_series(y, b)
    if x.shape[1] != y.shape[1]:
        raise ValueError(
            f"{a} and {b} have different numbers of channels: {x.shape[1]} and "
            f"{y.shape[1]}{hint}."
        )
    return x, y


def check_dataset(X, name="X"):
    """A dataset of series as ``(data, lengths)``.

    Accepts tslearn's layout ``(n_series, length, n_channels)`` with trailing
    NaN padding, a 2-D ``(n_series, length)`` array of univariate series, or a
    list of 1-D/2-D series of any lengths. Returns a C-contiguous float64 array
    ``(n_series, max_length, n_channels)`` (a new array: the caller's data is
    never modified) and the int64 lengths.
    """
    if isinstance(X, (list, tuple)):
        if len(X) == 0:
            raise ValueError(f"Input {name} holds no series.")
        series = [check_series(s, name=f"{name}[{i}]") for i, s in enumerate(X)]
        d = {s.shape[1] for s in series}
        if len(d) > 1:
            raise ValueError(
                f"The series of {name} have different numbers of channels: {sorted(d)}."
            )
        lengths = np.array([s.shape[0] for s in series], dtype=np.int64)
        return pad_series(series), lengths
    arr = _as_float_array(X, name)
    if arr.ndim == 2:
        arr = arr[:, :, None]
    if arr.ndim != 3:
        raise ValueError(
            f"Input {name} must be 2-D (n_series, length), 3-D (n_series, length, "
            f"n_channels) or a list of series; got an array of shape {arr.shape}."
        )
    if arr.shape[0] == 0:
        raise ValueError(f"Input {name} holds no series.")
    if arr.shape[1] == 0 or arr.shape[2] == 0:
        raise ValueError(f"Input {name} has empty series (shape {arr.shape}).")
    if np.isinf(arr).any():
        raise ValueError(f"Input {name} contains infinity or a value too large.")
    data = np.array(arr, dtype=np.float64, order="C", copy=True)
    lengths = np.full(arr.shape[0], arr.shape[1], dtype=np.int64)
    if np.isnan(arr).any():
        for i in range(arr.shape[0]):
            lengths[i] = _strip_padding(arr[i], f"{name}[{i}]")
            if lengths[i] == 0:
                raise ValueError(f"Series {name}[{i}] is empty (all NaN).")
    return data, lengths


def check_datasets(X, Y=None, check=check_dataset):
    """Two datasets (``Y`` None: ``X`` itself) as ``(X, x_len, Y, y_len)``.

    ``check(data, name)`` validates one dataset (:func:`check_dataset`, or the
    GPU's check on the device); both must have as many channels.
    """
    X, x_len = check(X, "X")
    if Y is None:
        return X, x_len, X, x_len
    Y, y_len = check(Y, "Y")
    if X.shape[2] != Y.shape[2]:
        raise ValueError(
            f"X and Y have different numbers of channels: {X.shape[2]} and "
            f"{Y.shape[2]}."
        )
    return X, x_len, Y, y_len


def check_channels(data, n_channels, whose="the training series had"):
    """Series ``(n_series, length, n_channels)`` with the fitted channel count."""
    if data.shape[2] != n_channels:
        raise ValueError(f"X has {data.shape[2]} channels; {whose} {n_channels}.")


def pad_series(series):
    """Series ``(length_i, n_channels)`` as one array, NaN-padded to the longest."""
    length = max(s.shape[0] for s in series)
    out = np.full((len(series), length, series[0].shape[1]), np.nan)
    for i, s in enumerate(series):
        out[i, : s.shape[0]] = s
    return out


def series_list(data, lengths):
    """The series of a padded dataset as a list, each without its padding."""
    return [data[i, :n] for i, n in enumerate(lengths)]


def check_constraint(radius, max_slope):
    """Validate the global constraint: a Sakoe-Chiba radius or an Itakura slope."""
    if radius is not None and max_slope is not None:
        raise ValueError(
            "Give either radius (Sakoe-Chiba band) or max_slope (Itakura "
            "parallelogram), not both."
        )
    if radius is not None:
        if not isinstance(radius, numbers.Integral) or isinstance(radius, bool):
            raise TypeError(f"radius must be an integer or None; got {radius!r}.")
        if radius < 0:
            raise ValueError(f"radius must be >= 0; got {radius}.")
    if max_slope is not None:
        if not isinstance(max_slope, numbers.Real) or isinstance(max_slope, bool):
            raise TypeError(f"max_slope must be a number or None; got {max_slope!r}.")
        if not np.isfinite(max_slope) or max_slope < 1:
            raise ValueError(
                f"max_slope must be a finite number >= 1; got {max_slope}."
            )


def check_bool(value, name):
    """A flag of the public functions: a bool (NumPy's included) or a TypeError."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be a bool; got {value!r}.")


def check_positive(value, name):
    """A finite number > 0 (a smoothing, a bandwidth), as a float."""
    if not isinstance(value, numbers.Real) or isinstance(value, bool):
        raise TypeError(f"{name} must be a positive number; got {value!r}.")
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite number > 0; got {value}.")
    return float(value)


def _itakura_mask(n, m, max_slope):
    """The Itakura parallelogram of tslearn as a boolean ``(n, m)`` mask."""
    min_slope = 1.0 / float(max_slope)
    max_s = float(max_slope) * n / m
    min_s = min_slope * n / m
    cols = np.arange(m)
    lower = np.maximum(
        np.round(min_s * cols, 2),
        np.round((n - 1) - max_s * (m - 1) + max_s * cols, 2),
    )
    upper = np.minimum(
        np.round(max_s * cols, 2),
        np.round((n - 1) - min_s * (m - 1) + min_s * cols, 2),
    )
    lower = np.ceil(lower).astype(np.int64)
    upper = np.floor(upper + 1).astype(np.int64)
    rows = np.arange(n)[:, None]
    return (rows >= lower[None, :]) & (rows < upper[None, :])


def band_rows(n, m, radius=None, max_slope=None):
    """Row bounds ``(lo, hi)`` (inclusive, int64) of the global constraint.

    ``radius``: Sakoe-Chiba, cells with ``|i - j| <= radius``; for unequal
    lengths the band is widened along the longer series by the length
    difference (tslearn's convention), so the end cell stays reachable.
    ``max_slope``: tslearn's Itakura parallelogram.
    """
    if max_slope is None:
        r = -1 if radius is None else int(radius)
        i = np.arange(n)
        if r < 0:
            return np.zeros(n, dtype=np.int64), np.full(n, m - 1, dtype=np.int64)
        if n <= m:
            lo, hi = i - r, i + (m - n) + r
        else:
            lo, hi = i - (n - m) - r, i + r
        return (
            np.clip(lo, 0, m - 1).astype(np.int64),
            np.clip(hi, 0, m - 1).astype(np.int64),
        )
    mask = _itakura_mask(n, m, max_slope)
    if not mask.any(axis=1).all() or not mask.any(axis=0).all():
        raise ValueError(
            f"The Itakura constraint max_slope={max_slope} admits no path between "
            f"series of lengths {n} and {m}; use a larger max_slope."
        )
    lo = mask.argmax(axis=1).astype(np.int64)
    hi = (m - 1 - mask[:, ::-1].argmax(axis=1)).astype(np.int64)
    return lo, hi
