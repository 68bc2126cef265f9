"""Common-check settings for skmm.fusion (see the package docstring)."""

# class name -> constructor kwargs (or a list of them)
PARAMS = {
    "LateFusionClassifier": {"weights": "learned", "cv": 2},
    "LateFusionRegressor": {"weights": "learned", "cv": 2},
    "StackingFusionClassifier": {"cv": 2},
    "StackingFusionRegressor": {"cv": 2},
}

# class name -> {check name: reason it is expected to fail}
EXPECTED_FAILED = {}
