"""Multi-view data: what scikit-learn and tslearn ship, and skmm's bundled files.

Nothing here touches the network. BasicMotions is bundled inside skmm
(``data/basic_motions.npz``, checked against its SHA-256 when read).
"""

import hashlib
from functools import lru_cache
from pathlib import Path

import numpy as np

__all__ = [
    "load_basic_motions",
    "load_digit_halves",
    "load_linnerud_views",
    "load_trace",
]


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


# -- BasicMotions --------------------------------------------------------------

_DATA = Path(__file__).resolve().parent / "data"
_BASIC_MOTIONS_FILE = "basic_motions.npz"
_BASIC_MOTIONS_SHA256 = (
    "435c71463036496e23631d188084faebca59fb57ee78bfce2d389c4da50a102e"
)
_SENSORS = ("accelerometer", "gyroscope")
_AXES = ("x", "y", "z")
_LENGTH = 100

_BASIC_MOTIONS_DESCR = """\
BasicMotions (UEA multivariate time-series classification archive)
------------------------------------------------------------------

Four students wore a smart watch while standing, walking, running and playing
badminton; each recording is 10 seconds of the watch's 3-D accelerometer and
3-D gyroscope, sampled at 10 Hz (100 frames), one activity per recording.

- 80 recordings (the archive's 40 training and 40 test series), 20 per class
- 2 sensors (modalities) x 3 axes x 100 frames = 600 values per recording
- classes: Badminton, Running, Standing, Walking

Source: the UEA & UCR time series classification archive,
timeseriesclassification.com (BasicMotions), as shipped inside the aeon wheel
(aeon/datasets/data/BasicMotions/*.ts). The values are the archive's, exactly
(six decimals, stored as int32 millionths).

Licence: the archive publishes its data sets for research use and asks users
to cite it; it attaches no formal licence to BasicMotions. aeon and sktime
redistribute the files in their BSD-3-Clause wheels without separate terms,
and skmm redistributes them on the same footing, with the citation below.

Citation: A. Bagnall, H. A. Dau, J. Lines, M. Flynn, J. Large, A. Bostrom,
P. Southam, E. Keogh. The UEA multivariate time series classification archive,
2018. arXiv:1811.00075. The recordings come from a student project at the
University of East Anglia (J. Clements).
"""


@lru_cache(maxsize=1)
def _basic_motions_arrays():
    """The bundled arrays, read once and checked against the recorded SHA-256."""
    path = _DATA / _BASIC_MOTIONS_FILE
    payload = path.read_bytes()
    digest = hashlib.sha256(payload).hexdigest()
    if digest != _BASIC_MOTIONS_SHA256:
        raise OSError(
            f"The bundled file {path} is damaged (SHA-256 {digest}, expected "
            f"{_BASIC_MOTIONS_SHA256}); reinstall skmm."
        )
    with np.load(path, allow_pickle=False) as data:
        arrays = {name: data[name] for name in data.files}
    for array in arrays.values():
        array.setflags(write=False)
    return arrays


def load_basic_motions(
    *, layout="views", subset="all", return_X_y=False, as_frame=False
):
    """BasicMotions: a smart watch's accelerometer and gyroscope, 4 activities.

    Four students wore a smart watch while standing, walking, running and
    playing badminton; each of the 80 recordings holds 10 seconds of the
    watch's 3-D accelerometer and 3-D gyroscope at 10 Hz (100 frames). The two
    sensors are two modalities of one event, recorded in step. The data ship
    inside skmm (135 kB; no download), with the values of the UEA archive's
    files exactly; the file is checked against its SHA-256 when first read.

    Read more on the :ref:`datasets page <datasets>`.

    ============== ==========================================================
    recordings     80 (the archive's 40 training, then its 40 test series)
    classes        4 (Badminton, Running, Standing, Walking), 20 each
    modalities     accelerometer (3 axes), gyroscope (3 axes)
    frames         100 per recording (10 Hz, 10 s)
    ============== ==========================================================

    Parameters
    ----------
    layout : {"views", "sequences"}, default="views"
        ``"views"``: one row per recording, the 300 accelerometer columns then
        the 300 gyroscope columns, each block frame by frame (column
        ``t * 3 + axis`` of a block is frame ``t`` of that axis, so
        ``X[:, views["gyroscope"]].reshape(-1, 100, 3)`` gives the sequences);
        ``views`` names the two blocks, for the estimators of
        :mod:`skmm.fusion`, :mod:`skmm.representation` and the rest.
        ``"sequences"``: tslearn's layout ``(n_recordings, 100, 6)`` for the
        tools of :mod:`skmm.alignment`; channels 0-2 are the accelerometer's
        x, y, z and 3-5 the gyroscope's, and ``views`` names those channels.
    subset : {"all", "train", "test"}, default="all"
        The archive's split: the first 40 recordings (its training file), the
        last 40 (its test file), or all 80.
    return_X_y : bool, default=False
        Return ``(X, y, views)`` instead of a Bunch: scikit-learn's
        ``return_X_y`` with the views added, as every multi-view loader of
        skmm returns them.
    as_frame : bool, default=False
        ``layout="views"`` only: ``data`` is a pandas DataFrame with columns
        named ``"<sensor>_<axis>_t<frame>"`` (``"gyroscope_z_t07"``),
        ``target`` a Series named ``"activity"``, ``frame`` both together, and
        the views lists of column names.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        Dictionary-like object with the attributes:

        data : ndarray of shape (n_recordings, 600) or (n_recordings, 100, 6), \
                or DataFrame
            The recordings (float64), in the chosen layout.
        target : ndarray of int of shape (n_recordings,) or Series
            Activity of each recording, an index into ``target_names``.
        target_names : ndarray of str of shape (4,)
            ``["Badminton", "Running", "Standing", "Walking"]``.
        views : dict
            ``{"accelerometer": ..., "gyroscope": ...}``: column slices
            (``"views"`` layout), channel slices (``"sequences"``), or column
            names (``as_frame``).
        feature_names : list of str
            Column names (``"views"``) or channel names (``"sequences"``).
        frame : DataFrame or None
            Data and target together when ``as_frame=True``.
        sampling_rate : float
            10.0 (Hz).
        DESCR : str
            Description, source, licence and citation.
    (X, y, views) : tuple
        When ``return_X_y=True``.

    Notes
    -----
    Source: the UEA & UCR time series classification archive
    (timeseriesclassification.com, BasicMotions); the files were taken from
    the aeon wheel (``aeon/datasets/data/BasicMotions``), which carries them
    unchanged, and converted without loss (``skmm/datasets/data/
    make_basic_motions.py`` rebuilds the bundled file byte for byte). Which
    channels belong to which sensor follows the archive's description
    (accelerometer first); the data agree with it (the first three channels
    average a few m/s² while running, the last three about zero, as angular
    velocities over a recording do).

    Licence: the archive publishes its data sets for research use and asks
    users to cite it; it attaches no formal licence to BasicMotions. aeon and
    sktime redistribute the files inside their BSD-3-Clause-licensed wheels
    without separate terms; skmm redistributes them on the same footing, with
    the citation below.

    References
    ----------
    .. [1] A. Bagnall, H. A. Dau, J. Lines, M. Flynn, J. Large, A. Bostrom,
       P. Southam, E. Keogh. The UEA multivariate time series classification
       archive, 2018. arXiv:1811.00075. (BasicMotions: a student project at
       the University of East Anglia, J. Clements.)

    Examples
    --------
    >>> from skmm.datasets import load_basic_motions
    >>> data = load_basic_motions()
    >>> data.data.shape, data.views["gyroscope"], data.target_names.tolist()
    ((80, 600), slice(300, 600, None), ['Badminton', 'Running', 'Standing', \
'Walking'])
    >>> X, y, views = load_basic_motions(layout="sequences", return_X_y=True)
    >>> X.shape, views["accelerometer"]
    ((80, 100, 6), slice(0, 3, None))
    """
    from sklearn.utils import Bunch

    if layout not in ("views", "sequences"):
        raise ValueError(f"layout must be 'views' or 'sequences'; got {layout!r}.")
    if subset not in ("all", "train", "test"):
        raise ValueError(f"subset must be 'all', 'train' or 'test'; got {subset!r}.")
    for flag, name in ((return_X_y, "return_X_y"), (as_frame, "as_frame")):
        if not isinstance(flag, (bool, np.bool_)):
            raise TypeError(f"{name} must be True or False; got {flag!r}.")
    if as_frame and layout != "views":
        raise ValueError(
            "as_frame=True makes a table of one row per recording, which needs "
            "layout='views'; the sequence layout is a 3-D array."
        )
    arrays = _basic_motions_arrays()
    n_train = int(arrays["n_train"])
    rows = {
        "all": slice(None),
        "train": slice(0, n_train),
        "test": slice(n_train, None),
    }[subset]
    series = arrays["values"][rows] / 1e6  # exact: the archive's six decimals
    y = arrays["target"][rows].astype(np.int64)
    target_names = arrays["target_names"].copy()
    channel_names = [f"{s}_{a}" for s in _SENSORS for a in _AXES]
    if layout == "sequences":
        X = np.ascontiguousarray(series)
        views = {"accelerometer": slice(0, 3), "gyroscope": slice(3, 6)}
        feature_names = channel_names
    else:
        n = series.shape[0]
        X = np.hstack(
            [series[:, :, :3].reshape(n, -1), series[:, :, 3:].reshape(n, -1)]
        )
        width = 3 * _LENGTH
        views = {"accelerometer": slice(0, width), "gyroscope": slice(width, 2 * width)}
        feature_names = [
            f"{s}_{a}_t{t:02d}" for s in _SENSORS for t in range(_LENGTH) for a in _AXES
        ]
    frame = None
    if as_frame:
        X, y, views = _as_frame(
            X,
            y,
            feature_names,
            {name: range(sl.start, sl.stop) for name, sl in views.items()},
            "activity",
        )
        frame = X.assign(activity=y)
    if return_X_y:
        return X, y, views
    return Bunch(
        data=X,
        target=y,
        target_names=target_names,
        views=views,
        feature_names=feature_names,
        frame=frame,
        sampling_rate=10.0,
        DESCR=_BASIC_MOTIONS_DESCR,
    )
