"""Coordinated and joint representations of several modalities.

Coordinated: each modality gets its own projection into a shared space where
paired samples correlate (CCA family). Joint: one code for all modalities
(multimodal RBMs).
"""

from ._cca import CCA
from ._deep_cca import DeepCCA
from ._inference import permutation_test_score, redundancy_index
from ._joint_individual import AJIVE, GroupPCA
from ._kernel_cca import KernelCCA
from ._multimodal_rbm import MultimodalRBM
from ._multiview_cca import MultiviewCCA
from ._plot import CanonicalVariatesDisplay
from ._probabilistic_cca import ProbabilisticCCA
from ._rbm import BernoulliRBM, GaussianBernoulliRBM
from ._sparse_cca import SparseCCA

__all__ = [
    "AJIVE",
    "GroupPCA",
    "BernoulliRBM",
    "GaussianBernoulliRBM",
    "MultimodalRBM",
    "CCA",
    "DeepCCA",
    "KernelCCA",
    "MultiviewCCA",
    "ProbabilisticCCA",
    "SparseCCA",
    "permutation_test_score",
    "redundancy_index",
    "CanonicalVariatesDisplay",
]
