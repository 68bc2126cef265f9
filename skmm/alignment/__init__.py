"""Alignment: temporal (sequences) and spatial (pixels and words).

The DTW family, soft-DTW, barycenters, aligners and canonical time warping;
per-pixel classification and the region-word lexicon learned from captions.
"""

from ._barycenter import dtw_barycenter, soft_dtw_barycenter
from ._clustering import KShape, TimeSeriesKMeans
from ._ctw import CanonicalTimeWarping, stack_sequences
from ._dtw import cdist_dtw, dtw, dtw_path, lb_keogh, subsequence_search
from ._elastic import cdist_elastic, elastic_distance, elastic_path
from ._estimators import (
    DTWAligner,
    KNeighborsDTWClassifier,
    KNeighborsTimeSeriesClassifier,
    KNeighborsTimeSeriesRegressor,
    PairwiseDTW,
    PairwiseElastic,
)
from ._gak import cdist_gak, gak
from ._kernel_features import PairwiseGAK, PairwiseSoftDTW
from ._plot import AlignmentPathDisplay
from ._resample import TimeSeriesResampler
from ._soft_dtw import cdist_soft_dtw, soft_dtw
from ._spatial import (
    PixelClassifier,
    RegionWordAligner,
    filter_bank,
    mean_iou,
    pixel_accuracy,
    region_descriptors,
    superpixels,
)

__all__ = [
    "CanonicalTimeWarping",
    "DTWAligner",
    "KNeighborsDTWClassifier",
    "KNeighborsTimeSeriesClassifier",
    "KNeighborsTimeSeriesRegressor",
    "KShape",
    "PairwiseDTW",
    "PairwiseElastic",
    "PairwiseGAK",
    "PairwiseSoftDTW",
    "PixelClassifier",
    "RegionWordAligner",
    "TimeSeriesKMeans",
    "TimeSeriesResampler",
    "cdist_dtw",
    "cdist_elastic",
    "cdist_gak",
    "cdist_soft_dtw",
    "dtw",
    "dtw_barycenter",
    "dtw_path",
    "elastic_distance",
    "elastic_path",
    "filter_bank",
    "gak",
    "lb_keogh",
    "mean_iou",
    "pixel_accuracy",
    "region_descriptors",
    "soft_dtw",
    "soft_dtw_barycenter",
    "stack_sequences",
    "subsequence_search",
    "superpixels",
    "AlignmentPathDisplay",
]
