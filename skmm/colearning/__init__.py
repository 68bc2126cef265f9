"""Co-learning between modalities and domains.

Co-training, domain adaptation, zero- and one-shot learning.
"""

from ._coreg import CoTrainingRegressor
from ._cotraining import CoTrainingClassifier
from ._prototypes import PrototypeClassifier
from ._zero_shot import ZeroShotClassifier

__all__ = [
    "CoTrainingClassifier",
    "CoTrainingRegressor",
    "PrototypeClassifier",
    "ZeroShotClassifier",
]
