"""Fusion of modalities.

Feature level (early), decision level (late) and both (stacking).
"""

from ._early import EarlyFusion
from ._late import LateFusionClassifier, LateFusionRegressor
from ._plot import ViewWeightsDisplay
from ._stacking import StackingFusionClassifier, StackingFusionRegressor

__all__ = [
    "EarlyFusion",
    "LateFusionClassifier",
    "LateFusionRegressor",
    "StackingFusionClassifier",
    "StackingFusionRegressor",
    "ViewWeightsDisplay",
]
