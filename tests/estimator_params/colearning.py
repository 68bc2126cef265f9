"""Common-check settings for skmm.colearning (see the package docstring)."""

from sklearn.preprocessing import StandardScaler

# class name -> constructor kwargs (or a list of them)
PARAMS = {
    "CoTrainingClassifier": [
        {"max_iter": 5, "random_state": 0},
        {"max_iter": 5, "combine": "mean", "class_balance": None, "random_state": 0},
    ],
    "CoTrainingRegressor": {"max_iter": 5, "random_state": 0},
    "PrototypeClassifier": [
        {},
        {"embedding": StandardScaler(), "metric": "cosine"},
    ],
    "ZeroShotClassifier": [{}, {"alpha": 0.0, "attribute_alpha": 0.1}],
}

_UNLABELED_MARK = (
    "-1 marks unlabeled rows (sklearn's semi-supervised convention), so the "
    "check's -1/1 labels leave one labeled class; sklearn exempts "
    "SelfTrainingClassifier from this case for the same reason"
)
EXPECTED_FAILED = {
    "CoTrainingClassifier": {
        "check_classifiers_classes": _UNLABELED_MARK,
    },
}
