"""Elastic distances in one registry: one pair, all pairs, warping paths.

Every measure is an entry of :data:`MEASURES` (its kernel module under
``skmm/_kernels/``, its parameters with aeon's names and defaults, whether it
runs on derivatives and whether it has a warping path). The public functions,
the k-nearest-neighbour estimators and the tests all iterate this one table.
"""

import numbers
from dataclasses import dataclass

import numpy as np

from .._kernels import _adtw, _edr, _erp, _lcss, _msm, _shape_dtw, _twe, _wdtw
from .._kernels import _dtw as _kdtw
from .._kernels._elastic import derivative
from ._docstrings import series_docs
from ._dtw import _plan, numba_threads, pair_matrix
from ._validation import (
    band_rows,
    check_bool,
    check_constraint,
    check_datasets,
    check_pair,
)

__all__ = ["cdist_elastic", "elastic_distance", "elastic_path"]


@dataclass(frozen=True)
class Param:
    """One parameter of a measure: name, default, and what values it takes.

    ``kind`` is ``"real"`` (any finite number), ``"nonneg"`` (finite, >= 0),
    ``"nonneg_or_none"``, ``"int"`` (integer >= 0) or ``"bool"``.
    """

    name: str
    default: object
    kind: str
    doc: str


@dataclass(frozen=True)
class Measure:
    """A registered elastic distance."""

    name: str
    kernel: object
    params: tuple
    summary: str
    invariance: str
    reference: str
    derivative: bool = False
    has_path: bool = True

    def param_names(self):
        return [p.name for p in self.params]


class _DTWKernel:
    """The DTW kernels of :mod:`skmm._kernels._dtw` in the registry's protocol."""

    @staticmethod
    def distance(x, y, lo, hi, params):
        return _kdtw.pair_dtw(x, y, lo, hi, np.inf)

    @staticmethod
    def cost_matrix(x, y, lo, hi, params):
        return _kdtw.cost_matrix(x, y, lo, hi)

    @staticmethod
    def alignment_path(x, y, lo, hi, params):
        return _kdtw.backtrack(_kdtw.cost_matrix(x, y, lo, hi))

    @staticmethod
    def pairwise(X, x_len, Y, y_len, pa, pb, blocks, radius, params, out):
        empty = np.zeros(0, dtype=np.int64)
        _kdtw.pairs_dtw(
            X, x_len, Y, y_len, pa, pb, blocks, radius, empty, empty, np.inf, out
        )


_G_WDTW = Param("g", 0.05, "nonneg", "steepness of the logistic weight of the lag")
_MEASURE_LIST = [
    Measure(
        "dtw",
        _DTWKernel,
        (),
        "accumulated squared Euclidean cost of the best warping path "
        "(``dtw(x, y, squared=True)``)",
        "local time shifts and speed changes",
        "Sakoe & Chiba (1978)",
    ),
    Measure(
        "wdtw",
        _wdtw,
        (_G_WDTW,),
        "DTW whose local cost is weighted by a logistic function of the lag",
        "small time shifts; large ones are penalised",
        "Jeong, Jeong & Omitaomu (2011)",
    ),
    Measure(
        "ddtw",
        _DTWKernel,
        (),
        "DTW between the derivatives (two frames shorter)",
        "time shifts and an offset of the values",
        "Keogh & Pazzani (2001)",
        derivative=True,
    ),
    Measure(
        "wddtw",
        _wdtw,
        (_G_WDTW,),
        "weighted DTW between the derivatives",
        "small time shifts and an offset of the values",
        "Jeong, Jeong & Omitaomu (2011)",
        derivative=True,
    ),
    Measure(
        "adtw",
        _adtw,
        (Param("warp_penalty", 1.0, "nonneg", "additive cost of a non-diagonal step"),),
        "DTW with an additive penalty on every step that is not diagonal",
        "time shifts, each paid for",
        "Herrmann & Webb (2023)",
    ),
    Measure(
        "erp",
        _erp,
        (Param("g", 0.0, "real", "value a gap is compared with"),),
        "edit distance: matches cost the Euclidean distance, gaps the distance "
        "to ``g``",
        "time shifts and gaps; a metric",
        "Chen & Ng (2004)",
        has_path=False,
    ),
    Measure(
        "edr",
        _edr,
        (
            Param(
                "epsilon",
                None,
                "nonneg_or_none",
                "match threshold (None: max(std(x), std(y)) / 4)",
            ),
        ),
        "number of edits (mismatch or gap: 1) divided by the longer length",
        "time shifts, gaps and outliers (robust to noise)",
        "Chen, Ozsu & Oria (2005)",
        has_path=False,
    ),
    Measure(
        "lcss",
        _lcss,
        (Param("epsilon", 1.0, "nonneg", "match threshold"),),
        "1 - (length of the longest common subsequence) / (shorter length)",
        "time shifts, gaps and outliers (robust to noise)",
        "Vlachos, Kollios & Gunopulos (2002)",
        has_path=False,
    ),
    Measure(
        "msm",
        _msm,
        (
            Param("c", 1.0, "nonneg", "cost of a split or merge"),
            Param(
                "independent",
                True,
                "bool",
                "channels apart and summed (False: frames together)",
            ),
        ),
        "moves cost the absolute difference, splits and merges ``c`` (plus "
        "the distance to the nearer neighbour outside their range)",
        "time shifts and repeated values; a metric",
        "Stefan, Athitsos & Das (2013)",
    ),
    Measure(
        "twe",
        _twe,
        (
            Param("nu", 0.001, "nonneg", "stiffness: cost per unit of time shift"),
            Param("lmbda", 1.0, "nonneg", "cost of a deletion"),
        ),
        "edit distance on frames and time stamps: matches pay the time shift, "
        "deletions a constant",
        "time shifts, priced by ``nu``; a metric",
        "Marteau (2009)",
    ),
    Measure(
        "shape_dtw",
        _shape_dtw,
        (Param("reach", 15, "int", "half-width of the window describing a frame"),),
        "DTW between windows of ``2 reach + 1`` frames; the value is the squared "
        "Euclidean cost of the raw frames along that path",
        "time shifts, matched by local shape",
        "Zhao & Itti (2018)",
    ),
]
#: name -> :class:`Measure`, the registry every elastic function reads.
MEASURES = {m.name: m for m in _MEASURE_LIST}


def get_measure(metric):
    """The registered measure ``metric``, or a ``ValueError`` listing them."""
    if not isinstance(metric, str) or metric not in MEASURES:
        raise ValueError(
            f"Unknown elastic metric {metric!r}; choose one of {sorted(MEASURES)}."
        )
    return MEASURES[metric]


def _check_value(measure, p, value):
    where = f"{p.name} (metric={measure.name!r})"
    if p.kind == "bool":
        check_bool(value, where)
        return float(value)
    if p.kind == "nonneg_or_none" and value is None:
        return np.nan
    if p.kind == "int":
        if not isinstance(value, numbers.Integral) or isinstance(value, bool):
            raise TypeError(f"{where} must be an integer; got {value!r}.")
        if value < 0:
            raise ValueError(f"{where} must be >= 0; got {value}.")
        return float(value)
    if not isinstance(value, numbers.Real) or isinstance(value, bool):
        raise TypeError(f"{where} must be a number; got {value!r}.")
    if not np.isfinite(value):
        raise ValueError(f"{where} must be finite; got {value}.")
    if p.kind != "real" and value < 0:
        raise ValueError(f"{where} must be >= 0; got {value}.")
    return float(value)


def check_params(measure, params):
    """The measure's parameters as the kernels' float64 array, validated."""
    unknown = sorted(set(params) - set(measure.param_names()))
    if unknown:
        allowed = ", ".join(measure.param_names()) or "none besides radius"
        raise TypeError(
            f"metric={measure.name!r} takes no parameter {unknown[0]!r}; its "
            f"parameters are: {allowed}."
        )
    values = [
        _check_value(measure, p, params.get(p.name, p.default)) for p in measure.params
    ]
    return np.array(values or [0.0], dtype=np.float64)


def _derivative_series(measure, x, name):
    if measure.derivative:
        if x.shape[0] < 3:
            raise ValueError(
                f"metric={measure.name!r} compares derivatives, which need series "
                f"of at least 3 frames; {name} has {x.shape[0]}."
            )
        d, _ = derivative(x[None], np.array([x.shape[0]], dtype=np.int64))
        x = np.ascontiguousarray(d[0])
    return x


def _derivative_dataset(measure, X, lengths, name):
    if measure.derivative:
        if lengths.min() < 3:
            i = int(np.argmin(lengths))
            raise ValueError(
                f"metric={measure.name!r} compares derivatives, which need series "
                f"of at least 3 frames; {name}[{i}] has {lengths[i]}."
            )
        X, lengths = derivative(X, lengths)
    return X, lengths


def _pair_inputs(x, y, metric, radius, params):
    measure = get_measure(metric)
    p = check_params(measure, params)
    check_constraint(radius, None)
    x, y = check_pair(x, y)
    x = _derivative_series(measure, x, "x")
    y = _derivative_series(measure, y, "y")
    lo, hi = band_rows(x.shape[0], y.shape[0], radius)
    return measure, p, x, y, lo, hi


@series_docs
def elastic_distance(x, y, *, metric="dtw", radius=None, **params):
    """Elastic distance between two series, any measure of the registry.

    The measures and their parameters follow aeon's names and values (for
    ``"dtw"`` that is the accumulated squared cost, ``dtw(x, y,
    squared=True)``); where aeon departs from the paper that defines a measure,
    the paper is followed (see the user guide's table of measures).

    ========== ====================== =========================================
    metric     parameters (default)   value
    ========== ====================== =========================================
    dtw        --                     accumulated squared Euclidean cost
    wdtw       g (0.05)               DTW with a logistic weight of the lag
    ddtw       --                     DTW of the derivatives
    wddtw      g (0.05)               WDTW of the derivatives
    adtw       warp_penalty (1.0)     DTW, each non-diagonal step penalised
    erp        g (0.0)                edit distance with real penalty
    edr        epsilon (None)         edits on real sequences / longer length
    lcss       epsilon (1.0)          1 - LCSS / shorter length
    msm        c (1.0), independent   move-split-merge
               (True)
    twe        nu (0.001), lmbda (1)  time warp edit distance
    shape_dtw  reach (15)             raw cost along the DTW path of shapes
    ========== ====================== =========================================

    Parameters
    ----------
    {x_y}
    metric : str, default="dtw"
        Name of the measure (the table above).
    radius : int, default=None
        Sakoe-Chiba band, as for :func:`dtw`: frames ``i`` and ``j`` may be
        matched only when ``|i - j| <= radius`` (widened by the length
        difference for unequal lengths). None: no band.
    **params : dict
        The measure's parameters (the table above).

    Returns
    -------
    distance : float

    See Also
    --------
    cdist_elastic : All pairs between two sets of series, in parallel.
    elastic_path : The warping path as well.

    References
    ----------
    .. [1] J. Lines, A. Bagnall. Time series classification with ensembles of
       elastic distance measures. Data Mining and Knowledge Discovery 29(3),
       2015.
    .. [2] A. Shifaz, C. Pelletier, F. Petitjean, G. I. Webb. Elastic
       similarity and distance measures for multivariate time series.
       Knowledge and Information Systems 65, 2023.

    Examples
    --------
    >>> from skmm.alignment import elastic_distance
    >>> x, y = [0.0, 1.0, 2.0, 1.0], [0.0, 1.0, 1.0, 2.0, 1.0]
    >>> float(elastic_distance(x, y))
    0.0
    >>> float(elastic_distance(x, y, metric="msm", c=0.5))
    0.5
    >>> float(elastic_distance(x, y, metric="lcss", epsilon=0.1))
    0.0
    """
    measure, p, x, y, lo, hi = _pair_inputs(x, y, metric, radius, params)
    return float(measure.kernel.distance(x, y, lo, hi, p))


@series_docs
def elastic_path(x, y, *, metric="dtw", radius=None, **params):
    """Optimal warping path and distance of an elastic measure.

    Defined for the measures that align frames along one monotone path:
    ``dtw``, ``wdtw``, ``ddtw``, ``wddtw`` (on the derivatives: index ``i``
    is the derivative at frame ``i + 1``), ``adtw``, ``msm`` (univariate
    series or ``independent=False``), ``twe`` and ``shape_dtw``. The path's
    cost, summed step by step, is the distance. ``erp``, ``edr`` and ``lcss``
    count gaps and matches rather than follow one path, and raise.

    Parameters
    ----------
    {x_y}
    metric : str, default="dtw"
        Name of the measure (see :func:`elastic_distance`).
    radius : int, default=None
        Sakoe-Chiba radius (see :func:`elastic_distance`).
    **params : dict
        The measure's parameters.

    Returns
    -------
    path : ndarray of int of shape (path_length, 2)
        Matched index pairs from ``(0, 0)`` to the last frames, monotone and
        contiguous. Ties prefer the diagonal, then the step in ``x``.
    distance : float
        As :func:`elastic_distance`.

    See Also
    --------
    dtw_path : DTW paths with other local costs, bands and open ends.

    References
    ----------
    .. [1] A. Shifaz, C. Pelletier, F. Petitjean, G. I. Webb. Elastic
       similarity and distance measures for multivariate time series.
       Knowledge and Information Systems 65, 2023.

    Examples
    --------
    >>> from skmm.alignment import elastic_path
    >>> path, dist = elastic_path([0.0, 1.0, 2.0], [0.0, 2.0], metric="twe")
    >>> path.tolist(), round(dist, 3)
    ([[0, 0], [1, 1], [2, 1]], 3.001)
    """
    measure, p, x, y, lo, hi = _pair_inputs(x, y, metric, radius, params)
    with_path = [m.name for m in _MEASURE_LIST if m.has_path]
    if not measure.has_path:
        raise ValueError(
            f"metric={measure.name!r} has no warping path (it counts gaps and "
            f"matches); paths exist for {with_path}."
        )
    if measure.name == "msm" and p[1] != 0.0 and x.shape[1] > 1:
        raise ValueError(
            "metric='msm' with independent=True aligns each channel on its own "
            "path; pass independent=False (or one channel) for a single path."
        )
    path = measure.kernel.alignment_path(x, y, lo, hi, p)
    return path, float(measure.kernel.distance(x, y, lo, hi, p))


def pairwise_values(measure, X, x_len, Y, y_len, pa, pb, radius, params, n_jobs):
    """The measure between the pairs ``(X[pa], Y[pb])``, in the given order.

    Pairs are sorted by shape and cut into blocks of equal lengths (as for
    :func:`cdist_dtw`), which the kernel runs in parallel.
    """
    pa_s, pb_s, order, blocks, _, _ = _plan(x_len, y_len, pa, pb, radius, None)
    values = np.empty(pa.size)
    r = -1 if radius is None else int(radius)
    with numba_threads(n_jobs):
        measure.kernel.pairwise(
            X, x_len, Y, y_len, pa_s, pb_s, blocks, r, params, values
        )
    if order is not None:
        unsorted = np.empty_like(values)
        unsorted[order] = values
        values = unsorted
    return values


@series_docs
def cdist_elastic(X, Y=None, *, metric="dtw", radius=None, n_jobs=None, **params):
    """Elastic distances between every series of ``X`` and every one of ``Y``.

    Parameters
    ----------
    {X_Y}
    metric : str, default="dtw"
        Name of the measure (see :func:`elastic_distance`).
    radius : int, default=None
        Sakoe-Chiba radius (see :func:`elastic_distance`).
    n_jobs : int, default=None
        Threads of the numba kernel (None: 1, -1: all).
    **params : dict
        The measure's parameters.

    Returns
    -------
    distances : ndarray of shape (n_series_X, n_series_Y)

    See Also
    --------
    elastic_distance : One pair, and the table of measures.
    KNeighborsTimeSeriesClassifier : k-NN under any of these measures.

    References
    ----------
    .. [1] A. Shifaz, C. Pelletier, F. Petitjean, G. I. Webb. Elastic
       similarity and distance measures for multivariate time series.
       Knowledge and Information Systems 65, 2023.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.alignment import cdist_elastic
    >>> X = np.array([[0.0, 1.0, 2.0], [0.0, 0.0, 2.0], [1.0, 2.0, 3.0]])
    >>> cdist_elastic(X, metric="erp")
    array([[0., 1., 3.],
           [1., 0., 4.],
           [3., 4., 0.]])
    """
    measure = get_measure(metric)
    p = check_params(measure, params)
    check_constraint(radius, None)
    symmetric = Y is None
    X, x_len, Y, y_len = check_datasets(X, Y)
    X, x_len = _derivative_dataset(measure, X, x_len, "X")
    if symmetric:
        Y, y_len = X, x_len
    else:
        Y, y_len = _derivative_dataset(measure, Y, y_len, "Y")

    def values(X, x_len, Y, y_len, pa, pb):
        return pairwise_values(measure, X, x_len, Y, y_len, pa, pb, radius, p, n_jobs)

    return pair_matrix(values, X, x_len, Y, y_len, symmetric)
