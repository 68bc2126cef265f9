"""Temporal alignment of sequences.

The DTW family, soft-DTW, barycenters, aligners and canonical time warping.
"""

from ._barycenter import dtw_barycenter, soft_dtw_barycenter
from ._ctw import CanonicalTimeWarping, stack_sequences
from ._dtw import cdist_dtw, dtw, dtw_path, lb_keogh
from ._estimators import DTWAligner, KNeighborsDTWClassifier, PairwiseDTW
from ._soft_dtw import soft_dtw

__all__ = [
    "CanonicalTimeWarping",
    "DTWAligner",
    "KNeighborsDTWClassifier",
    "PairwiseDTW",
    "cdist_dtw",
    "dtw",
    "dtw_barycenter",
    "dtw_path",
    "lb_keogh",
    "soft_dtw",
    "soft_dtw_barycenter",
    "stack_sequences",
]
