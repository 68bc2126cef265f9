"""Common-check settings for skmm.fusion (see the package docstring)."""

from . import BLOCK_NAN_PICKLE

# class name -> constructor kwargs (or a list of them)
PARAMS = {
    "LateFusionClassifier": {"weights": "learned", "cv": 2},
    "LateFusionRegressor": {"weights": "learned", "cv": 2},
    "StackingFusionClassifier": {"cv": 2},
    "StackingFusionRegressor": {"cv": 2},
}

# class name -> {check name: reason it is expected to fail}
EXPECTED_FAILED = {
    "LateFusionClassifier": BLOCK_NAN_PICKLE,
    "LateFusionRegressor": BLOCK_NAN_PICKLE,
    "StackingFusionClassifier": BLOCK_NAN_PICKLE,
    "StackingFusionRegressor": BLOCK_NAN_PICKLE,
}
