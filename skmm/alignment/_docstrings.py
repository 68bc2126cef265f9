"""Docstring fragments shared by the alignment functions and estimators.

Filled by :class:`skmm.utils._docstrings.Substitution`: a docstring line that
holds only ``{name}`` (after its indentation) is replaced by the fragment
``name`` of :data:`SERIES_DOCS`, indented like the placeholder. Decorate with
``@series_docs``.
"""

from ..utils._docstrings import Substitution

__all__ = ["SERIES_DOCS", "series_docs"]

_FIT_LENGTH = """\
n_features_in_ : int
    Length (padded) of the training series.
feature_names_in_ : ndarray of shape (`n_features_in_`,)
    Names of features seen during fit, when ``X`` has string column names."""

#: Parameter and attribute entries repeated across the alignment module.
SERIES_DOCS = {
    # two series of the one-pair functions
    "x_y": """\
x : array-like of shape (length_x,) or (length_x, n_channels)
    First series. Trailing all-NaN frames are padding.
y : array-like of shape (length_y,) or (length_y, n_channels)
    Second series, with as many channels as ``x``.""",
    # two sets of series of the all-pairs functions
    "X_Y": """\
X : array-like of shape (n_series_X, length, n_channels) or list of series
    tslearn's layout with trailing NaN padding for shorter series; a 2-D
    array holds univariate series; a list holds 1-D/2-D series of any
    lengths.
Y : array-like or list of series, default=None
    Second set. None: ``X`` against itself, each pair computed once.""",
    "n_jobs": """\
n_jobs : int, default=None
    Numba threads (None: 1, -1: all).""",
    # what validate_data records of training series (tslearn's layout)
    "series_fit_attributes": _FIT_LENGTH,
    # the same, for the estimators that keep the training series
    "stored_series_attributes": """\
X_fit_ : ndarray of shape (n_train, length, n_channels)
    The training series (NaN padded).
"""
    + _FIT_LENGTH,
    "soft_dtw_references": """\
.. [1] M. Cuturi, M. Blondel. Soft-DTW: a differentiable loss function for
   time-series. ICML 2017.
.. [2] M. Blondel, A. Mensch, J.-P. Vert. Differentiable divergences
   between time series. AISTATS 2021.""",
}

#: Decorator filling the placeholders of :data:`SERIES_DOCS` in a docstring.
series_docs = Substitution(**SERIES_DOCS)
