"""Co-learning between modalities and domains.

Co-training, multi-view clustering, domain adaptation (feature adapters,
optimal transport, importance weights, several sources, label shift), zero-
and one-shot learning.
"""

from ..utils._domain import NoTargetDomainWarning
from ._clustering import (
    CoRegularizedSpectralClustering,
    MultiviewKMeans,
    MultiviewSpectralClustering,
)
from ._coreg import CoTrainingRegressor
from ._cotraining import CoTrainingClassifier
from ._domain._adapters import CORAL, SubspaceAlignment, TransferComponentAnalysis
from ._domain._estimators import (
    DomainAdaptationClassifier,
    DomainAdaptationRegressor,
    LabelShiftClassifier,
)
from ._domain._joint_transport import JointTransportClassifier, JointTransportRegressor
from ._domain._label_shift import adjust_posteriors, estimate_target_priors
from ._domain._reweighting import (
    DiscriminativeReweighting,
    KernelMeanMatching,
    KullbackLeiblerImportanceEstimation,
)
from ._domain._selection import (
    DomainKFold,
    LeaveOneDomainOut,
    StratifiedDomainKFold,
    make_entropy_scorer,
    make_importance_weighted_scorer,
    make_target_scorer,
)
from ._domain._transport import (
    ClassRegularizedTransportMapping,
    LinearTransportMapping,
    OptimalTransportMapping,
)
from ._prototypes import PrototypeClassifier
from ._zero_shot import ZeroShotClassifier

__all__ = [
    "CORAL",
    "ClassRegularizedTransportMapping",
    "CoRegularizedSpectralClustering",
    "CoTrainingClassifier",
    "CoTrainingRegressor",
    "DiscriminativeReweighting",
    "DomainAdaptationClassifier",
    "DomainAdaptationRegressor",
    "DomainKFold",
    "JointTransportClassifier",
    "JointTransportRegressor",
    "KernelMeanMatching",
    "KullbackLeiblerImportanceEstimation",
    "LabelShiftClassifier",
    "LeaveOneDomainOut",
    "LinearTransportMapping",
    "MultiviewKMeans",
    "MultiviewSpectralClustering",
    "NoTargetDomainWarning",
    "OptimalTransportMapping",
    "PrototypeClassifier",
    "StratifiedDomainKFold",
    "SubspaceAlignment",
    "TransferComponentAnalysis",
    "ZeroShotClassifier",
    "adjust_posteriors",
    "estimate_target_priors",
    "make_entropy_scorer",
    "make_importance_weighted_scorer",
    "make_target_scorer",
]
