"""Fusion of modalities.

Feature level (early), decision level (late) and both (stacking).
"""

from ._early import EarlyFusion
from ._late import LateFusionClassifier, LateFusionRegressor

__all__ = [
    "EarlyFusion",
    "LateFusionClassifier",
    "LateFusionRegressor",
]
