"""Co-learning between modalities and domains.

Co-training, domain adaptation, zero- and one-shot learning.
"""

from ..utils import NoTargetDomainWarning
from ._adapters import (
    CORAL,
    DiscriminativeReweighting,
    KernelMeanMatching,
    SubspaceAlignment,
    TransferComponentAnalysis,
)
from ._coreg import CoTrainingRegressor
from ._cotraining import CoTrainingClassifier
from ._da_selection import (
    DomainKFold,
    make_entropy_scorer,
    make_importance_weighted_scorer,
    make_target_scorer,
)
from ._domain_adaptation import DomainAdaptationClassifier, DomainAdaptationRegressor
from ._prototypes import PrototypeClassifier
from ._zero_shot import ZeroShotClassifier

__all__ = [
    "CORAL",
    "CoTrainingClassifier",
    "CoTrainingRegressor",
    "DiscriminativeReweighting",
    "DomainAdaptationClassifier",
    "DomainAdaptationRegressor",
    "DomainKFold",
    "KernelMeanMatching",
    "NoTargetDomainWarning",
    "PrototypeClassifier",
    "SubspaceAlignment",
    "TransferComponentAnalysis",
    "ZeroShotClassifier",
    "make_entropy_scorer",
    "make_importance_weighted_scorer",
    "make_target_scorer",
]
