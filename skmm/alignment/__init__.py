"""Temporal alignment of sequences.

The DTW family, soft-DTW, barycenters, aligners and canonical time warping.
"""

from ._dtw import cdist_dtw, dtw, dtw_path, lb_keogh
from ._soft_dtw import soft_dtw

__all__ = [
    "cdist_dtw",
    "dtw",
    "dtw_path",
    "lb_keogh",
    "soft_dtw",
]
