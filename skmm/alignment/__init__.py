"""Temporal alignment of sequences.

The DTW family, soft-DTW, barycenters, aligners and canonical time warping.
"""

from ._dtw import cdist_dtw, dtw, dtw_path, lb_keogh

__all__ = [
    "cdist_dtw",
    "dtw",
    "dtw_path",
    "lb_keogh",
]
