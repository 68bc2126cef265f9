"""Co-learning between modalities and domains.

Co-training, domain adaptation, zero- and one-shot learning.
"""

from ._coreg import CoTrainingRegressor
from ._cotraining import CoTrainingClassifier

__all__ = ["CoTrainingClassifier", "CoTrainingRegressor"]
